"""Pictures of what a release says, drawn at build time as inline SVG (no script, whole-unit
positions: the same bytes every time), each with its text equivalent."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT, MARGIN = 640, 120, 40  # a timeline's drawing, in its own units


def timeline(points: Sequence[tuple[str, str, str, str]], title: str, lang: str = "fr") -> str:
    """An inline SVG timeline of ``points`` (first day, last day, label, link), with its
    text equivalent (a list, in order); deterministic: positions in whole units."""
    from datetime import date

    if not points:
        return ""
    ordered = sorted(points)
    days = [date.fromisoformat(day) for first, last, _, _ in ordered for day in (first, last)]
    start, end = min(days).toordinal(), max(days).toordinal()
    span = max(end - start, 1)

    def x(day: str) -> int:
        return MARGIN + round(
            (date.fromisoformat(day).toordinal() - start) * (WIDTH - 2 * MARGIN) / span
        )

    marks = []
    for index, (first, last, label, href) in enumerate(ordered):
        row = 30 + (index % 3) * 25
        left, right = x(first), max(x(last), x(first) + 4)
        marks.append(
            f'<a href="{escape(href)}"><rect x="{left}" y="{row}" width="{right - left}" height="10" '
            f'fill="#2b6cb0"><title>{escape(label)}</title></rect></a>'
        )
    axis = (
        f'<line x1="{MARGIN}" y1="{HEIGHT - 20}" x2="{WIDTH - MARGIN}" y2="{HEIGHT - 20}" stroke="#555"/>'
        f'<text x="{MARGIN}" y="{HEIGHT - 4}" font-size="12">{min(days).isoformat()}</text>'
        f'<text x="{WIDTH - MARGIN}" y="{HEIGHT - 4}" font-size="12" text-anchor="end">{max(days).isoformat()}</text>'
    )
    items = "".join(
        f'<li lang="{lang}"><a href="{escape(href)}">{escape(label)}</a></li>'
        for _, _, label, href in ordered
    )
    return (
        f'<figure class="figure"><svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'aria-labelledby="timeline-title"><title id="timeline-title">{escape(title)}</title>'
        f"{axis}{''.join(marks)}</svg>\n<ol>{items}</ol>\n"
        f"<figcaption>{escape(title)}</figcaption></figure>"
    )
