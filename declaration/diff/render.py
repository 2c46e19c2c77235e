"""A diff as people, programs and changelogs read it: ``text``, ``json`` and ``markdown``."""

from __future__ import annotations

import json

from declaration.diff import Change, Diff, required_version

FORMATS = ("text", "json", "markdown")
_HOW = (("removed", "Removed"), ("added", "Added"), ("changed", "Changed"))


def render(diff: Diff, form: str) -> str:
    if form == "json":
        return json.dumps(diff.as_dict(), ensure_ascii=False, indent=2)
    if form == "markdown":
        return markdown(diff)
    return text(diff)


def _verdict(diff: Diff) -> str:
    if diff.level is None:
        return "the same content"
    need = required_version(diff.old_version, diff.level)
    return f"a {diff.level} change (a version of at least {need} from {diff.old_version})"


def _said(change: Change) -> str:
    detail = f": {change.detail}" if change.detail else ""
    return f"{change.what} {change.key}{detail}"


def text(diff: Diff) -> str:
    lines = [
        f"{diff.old} ({diff.old_version}) -> {diff.new} ({diff.new_version}): {_verdict(diff)}"
    ]
    for change in diff.changes:
        mark = {"removed": "-", "added": "+", "changed": "~"}[change.how]
        level = f" [{change.level}]" if change.level else ""
        lines.append(f"{mark} {_said(change)}{level}")
    counts = {
        level: sum(1 for c in diff.changes if c.level == level)
        for level in ("major", "minor", "patch")
    }
    summary = ", ".join(f"{n} {level}" for level, n in counts.items() if n)
    lines.append(f"{len(diff.changes)} differences" + (f" ({summary})" if summary else ""))
    return "\n".join(lines)


def _code(value: str) -> str:
    """``value`` as Markdown inline code, whatever backticks it holds."""
    value = value.replace("\n", " ")
    longest = 0
    run = 0
    for char in value:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def markdown(diff: Diff) -> str:
    """Ready to paste into a changelog: the level, then the changes grouped as removed,
    added and changed."""
    lines = [f"## {diff.new_version}", ""]
    if diff.level is None:
        lines.append(f"No change of content since {diff.old_version}.")
        return "\n".join(lines) + "\n"
    lines.append(f"A **{diff.level}** change since {diff.old_version}.")
    for how, title in _HOW:
        found = [c for c in diff.changes if c.how == how]
        if found:
            lines += ["", f"### {title}", ""]
            for change in found:
                detail = f": {_code(change.detail)}" if change.detail else ""
                lines.append(f"- {change.what} {_code(change.key)}{detail}")
    return "\n".join(lines) + "\n"
