"""Progress of long work, for a person watching: the library says how far it is (``advance``
in a ``task``), and whoever runs it decides whether and how to show it (the CLI shows a bar
on a terminal, nothing otherwise). By default nothing is shown and nothing is printed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

# (what is being done, how many of it there are) -> a function told how many more are done,
# and called with None when the work ends
Reporter = Callable[[str, int], Callable[[int | None], None]]

_reporter: Reporter | None = None


def show(reporter: Reporter | None) -> None:
    """Have ``reporter`` show the progress of what follows (None: show nothing)."""
    global _reporter
    _reporter = reporter


@contextmanager
def task(what: str, total: int) -> Iterator[Callable[[int], None]]:
    """A piece of long work of ``total`` steps: the function yielded is told each step done."""
    if _reporter is None or total <= 1:
        yield lambda _: None
        return
    advance = _reporter(what, total)
    try:
        yield advance
    finally:
        advance(None)
