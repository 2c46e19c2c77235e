"""The French temporal-expression normaliser, on this text and beyond it."""

from __future__ import annotations

import pytest

from declaration.dates import find_dates
from declaration.model import TemporalExpression

CASES = {
    "7 avril 2023": [("7 avril 2023", "2023-04-07", "date")],
    "le 1er novembre 2023": [("1er novembre 2023", "2023-11-01", "date")],
    "le 14 juillet 1789 et le 25 décembre 2000": [
        ("14 juillet 1789", "1789-07-14", "date"),
        ("25 décembre 2000", "2000-12-25", "date"),
    ],
    "du 6 au 7 mai 2024": [("du 6 au 7 mai 2024", "2024-05-06/2024-05-07", "interval")],
    "du 5 au 7 avril 2023": [("du 5 au 7 avril 2023", "2023-04-05/2023-04-07", "interval")],
    "du 30 avril au 2 mai 2024": [
        ("du 30 avril au 2 mai 2024", "2024-04-30/2024-05-02", "interval")
    ],
    "du 30 décembre 2023 au 2 janvier 2024": [
        ("du 30 décembre 2023 au 2 janvier 2024", "2023-12-30/2024-01-02", "interval")
    ],
    "du 1er au 3 février 2025": [("du 1er au 3 février 2025", "2025-02-01/2025-02-03", "interval")],
    "de juin 2023": [("juin 2023", "2023-06", "yearmonth")],
    "en août 2021": [("août 2021", "2021-08", "yearmonth")],
    "organisé en 2025 et": [("en 2025", "2025", "year")],
    "le 29 février 2024": [("29 février 2024", "2024-02-29", "date")],
}

NOT_DATES = [
    "du 60ème anniversaire",
    "les 10 points",
    "en 20250 exemplaires",
    "le 31 avril 2024",  # no such day: not a date, nor a month
    "le 29 février 2023",
    "du 7 au 6 mai 2024",  # an interval that ends before it starts
    "2025",  # a bare number is no year
    "12 mai",  # no year
    "Mai 2024",  # month names are lower case in French
]


@pytest.mark.parametrize("text", sorted(CASES))
def test_dates_are_found_and_normalised(text: str) -> None:
    found = [(f.surface, f.value, f.kind) for f in find_dates(text)]
    assert found == CASES[text]
    for f in find_dates(text):
        assert text[f.start : f.end] == f.surface


@pytest.mark.parametrize("text", NOT_DATES)
def test_phrases_that_are_not_dates_are_left_alone(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("du 30 avril au 2 mai 2024", [("30 avril", "2024-04-30"), ("2 mai 2024", "2024-05-02")]),
        ("du 6 au 7 mai 2024", [("6", "2024-05-06"), ("7 mai 2024", "2024-05-07")]),
        (
            "du 30 décembre 2023 au 2 janvier 2024",
            [("30 décembre 2023", "2023-12-30"), ("2 janvier 2024", "2024-01-02")],
        ),
    ],
)
def test_an_interval_knows_its_first_and_last_day(text: str, days: list[tuple[str, str]]) -> None:
    (found,) = find_dates(text)
    date = TemporalExpression(
        start=found.start, end=found.end, surface=found.surface, value=found.value, kind=found.kind
    )
    assert date.days is not None
    assert [(found.surface[a:b], day) for a, b, day in date.days] == days


def test_only_an_interval_written_du_x_au_y_has_days() -> None:
    year = TemporalExpression(start=0, end=7, surface="en 2025", value="2025", kind="year")
    odd = TemporalExpression(
        start=0, end=9, surface="6-7 mai 2024"[:9], value="2024-05-06/2024-05-07", kind="interval"
    )
    assert year.days is None and odd.days is None
