"""French temporal expressions: find them in a text and normalise them to ISO 8601.

Recognised, longest first: ranges of days (``du 6 au 7 mai 2024``, ``du 30 avril au 2 mai
2024``, ``du 30 décembre 2023 au 2 janvier 2024``), days (``7 avril 2023``, ``1er novembre
2023``), months (``juin 2023``) and years (``en 2025``). Every value is checked to be a real
calendar date; ``60ème anniversaire`` and other numbers are not dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from declaration.french import MONTHS
from declaration.patterns import ValueKind

_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DAY = r"(?:1er|[12][0-9]|3[01]|0?[1-9])"
_YEAR = r"(?:1[0-9]{3}|2[0-9]{3})"
_B = r"(?<![\w])"  # not inside a word or a number
_E = r"(?![\w])"

_PATTERNS: tuple[tuple[ValueKind, re.Pattern[str]], ...] = (
    (
        "interval",
        re.compile(
            _B
            + rf"du (?P<d1>{_DAY})(?: (?P<m1>{_MONTH})(?: (?P<y1>{_YEAR}))?)? au "
            + rf"(?P<d2>{_DAY}) (?P<m2>{_MONTH}) (?P<y2>{_YEAR})"
            + _E
        ),
    ),
    ("date", re.compile(_B + rf"(?P<d>{_DAY}) (?P<m>{_MONTH}) (?P<y>{_YEAR})" + _E)),
    ("yearmonth", re.compile(_B + rf"(?P<m>{_MONTH}) (?P<y>{_YEAR})" + _E)),
    ("year", re.compile(_B + rf"en (?P<y>{_YEAR})" + _E)),
)


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    surface: str
    value: str
    kind: ValueKind


def _day(text: str) -> int:
    return 1 if text == "1er" else int(text)


def _month(name: str) -> int:
    return MONTHS.index(name) + 1


def _normalise(kind: ValueKind, match: re.Match[str]) -> str | None:
    """The ISO 8601 value of a match, or None if it is no real date."""
    try:
        if kind == "date":
            return date(int(match["y"]), _month(match["m"]), _day(match["d"])).isoformat()
        if kind == "yearmonth":
            return f"{int(match['y']):04d}-{_month(match['m']):02d}"
        if kind == "year":
            return f"{int(match['y']):04d}"
        end = date(int(match["y2"]), _month(match["m2"]), _day(match["d2"]))
        start = date(
            int(match["y1"]) if match["y1"] else end.year,
            _month(match["m1"]) if match["m1"] else end.month,
            _day(match["d1"]),
        )
    except ValueError:
        return None  # 31 avril, 29 février of a common year…
    if start >= end:
        return None
    return f"{start.isoformat()}/{end.isoformat()}"


def find_dates(text: str) -> list[Found]:
    """Every temporal expression of ``text``, in order, longest match first, never overlapping.

    Linear in the text: each pattern is one scan, and a match is checked against and marked
    in a map of the characters already taken.
    """
    taken = bytearray(len(text))
    found: list[Found] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if taken.find(1, start, end) >= 0:
                continue
            # an impossible date (31 avril) is no date, nor is a part of it
            taken[start:end] = b"\x01" * (end - start)
            value = _normalise(kind, match)
            if value is not None:
                found.append(Found(start, end, match.group(), value, kind))
    return sorted(found, key=lambda f: f.start)
