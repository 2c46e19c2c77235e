"""French calendar words, for dates written as the text writes them."""

from __future__ import annotations

from datetime import date

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def long_date(day: date) -> str:
    """``6 mai 2024``; the first of a month is ``1er``."""
    ordinal = "1er" if day.day == 1 else str(day.day)
    return f"{ordinal} {MONTHS[day.month - 1]} {day.year}"
