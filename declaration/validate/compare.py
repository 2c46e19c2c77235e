"""Comparing the files of the release, written again, with the files found: each as soon
as it is written (:class:`Expected`), so that a corpus's files are never all in memory; then
the files found that the release does not have, and the checksums."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from declaration import spool
from declaration.errors import printable
from declaration.spool import Digested
from declaration.validate.diff import differences
from declaration.validate.report import Problem
from declaration.validate.run import DESCRIPTOR, Run


def _code(name: str) -> str:
    """The code of a departure of the file ``name``: its output's."""
    from declaration import registry

    out = registry.output(name)
    return out.departure if out is not None else "derived-mismatch"


def _what(code: str, agreed: list[str]) -> str:
    """What a departure of ``code`` is, naming the records the reference was decided by."""
    records = " and ".join(", ".join(agreed).rsplit(", ", 1)) if agreed else "the records"
    agree, derive = ("agrees", "derives") if len(agreed) == 1 else ("agree", "derive")
    return {
        "descriptor-mismatch": "not the descriptor of the files and the dataset facts",
        "contract-changed": "not the validator's own contract (weakened or replaced)",
        "bundle-mismatch": "disagrees with the dataset facts and the records",
        "cross-format": f"departs from the declaration that {records} {agree} on",
        "derived-mismatch": f"not what {records} {derive}",
    }[code]


class Expected(Digested):
    """The files of the release written again, each compared with the file found when it is
    put in, then let go. Kept are its size and SHA-256 (for the descriptor and the
    checksums written after it), what the comparison found, and the bytes of a file that
    is missing or departs, and of ``SHA256SUMS`` (compared line by line at the end).

    In a worker process (:func:`declaration.registry.write`), :meth:`export` is what goes
    back of the files it compared, and :meth:`attach` takes it in."""

    def __init__(self, run: Run) -> None:
        super().__init__()
        self.run = run
        self._kept: dict[str, bytes] = {}
        self._found: dict[str, list[Problem]] = {}
        self._compared: set[str] = set()

    def __setitem__(self, name: str, want: bytes) -> None:
        self._digests[name] = (len(want), hashlib.sha256(want).hexdigest())
        found = self.run.files.get(name)
        if found is None or name == "SHA256SUMS":
            self._kept[name] = want
            return
        self._compared.add(name)
        places = differences(name, found, want)
        if places:
            code = _code(name)
            self._found[name] = [
                Problem(name, code, f"{_what(code, self.run.agreed)}: {message}", **place)
                for place, message in places
            ]
            self._kept[name] = want

    def __getitem__(self, name: str) -> bytes:
        if name in self._kept:
            return self._kept[name]
        if name not in self._digests:
            raise KeyError(name)
        return self.run.files[name]  # the bytes found are those written

    def __delitem__(self, name: str) -> None:
        del self._digests[name]
        for held in (self._kept, self._found):
            held.pop(name, None)
        self._compared.discard(name)

    def export(self, names: Iterable[str]) -> list[tuple[str, Any]]:
        return [
            (
                name,
                (
                    self._digests[name],
                    self._kept.get(name),
                    self._found.get(name),
                    name in self._compared,
                ),
            )
            for name in names
        ]

    def attach(self, exported: list[tuple[str, Any]]) -> None:
        for name, (digest, kept, found, compared) in exported:
            self._digests[name] = digest
            if kept is not None:
                self._kept[name] = kept
            if found is not None:
                self._found[name] = found
            if compared:
                self._compared.add(name)

    def report(self, descriptor: dict[str, Any]) -> None:
        """Put into the run, in the files' order: each file of the release that is missing
        or departs, or that only the checksums of ``descriptor`` and ``SHA256SUMS`` say was
        changed; then each file found that the release does not have; then the checksums."""
        from declaration import registry, signing

        run = self.run
        refused = {p.file for p in run.problems}
        recorded = _recorded(run, descriptor)
        for name in sorted(self._digests):
            if name not in run.files:
                run.departing.add(name)
                if name not in refused:
                    run.add(name, "missing-file", "a file of the release is missing")
                continue
            if name in self._compared:
                run.checks(name, "agreement")
            if name in self._found:
                run.departing.add(name)
                run.problems.extend(self._found[name])
            elif name in recorded and recorded[name] != spool.digest(run.files, name)[1]:
                run.departing.add(name)
                run.add(name, "checksum-only", _betrayed(recorded[name]))
        for name in sorted(set(run.files) - set(self._digests) - {signing.PATH}):
            out = registry.output(name)
            if DESCRIPTOR not in self and out is not None and out.needs_dataset:
                continue  # not written again: the dataset facts are unknown (reported as such)
            if name.startswith(("data/", "schemas/")) or run.package.kind == "bundle":
                run.departing.add(name)
                run.add(name, "unlisted-file", "not a file of the release")
        if "SHA256SUMS" in self and "SHA256SUMS" in run.files:
            _compare_sums(run, self["SHA256SUMS"])


def _recorded(run: Run, descriptor: dict[str, Any]) -> dict[str, str]:
    """The SHA-256 of each file on which the descriptor (its resources and typed copies) and
    the ``SHA256SUMS`` found agree: two records of a file's bytes made apart."""
    described: dict[str, str] = {}
    for key in ("resources", "typedCopies"):
        items = descriptor.get(key)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("path"), str):
                hashed = item.get("hash")
                if isinstance(hashed, str) and hashed.startswith("sha256:"):
                    described[item["path"]] = hashed.removeprefix("sha256:")
    sums = run.files.get("SHA256SUMS", b"").decode("utf-8", errors="replace")
    recorded = {}
    for line in sums.split("\n"):
        digest, _, name = line.partition("  ")
        if described.get(name) == digest:
            recorded[name] = digest
    return recorded


def _betrayed(digest: str) -> str:
    return (
        f"every record agrees with this file as found, but its SHA-256 is not the one "
        f"({digest[:16]}…) that datapackage.json and SHA256SUMS both record: only the "
        "checksums betray the change (every record changed alike, or files of another "
        "release); a signature checked with --trusted-signers would say which is genuine"
    )


def _compare_sums(run: Run, expected: bytes) -> None:
    """``SHA256SUMS`` line by line: its syntax, each hash, a line for each file."""
    run.checks("SHA256SUMS", "checksums")
    want = {}
    for line in expected.decode("utf-8").splitlines():
        digest, _, name = line.partition("  ")
        want[name] = digest
    text = run.files["SHA256SUMS"].decode("utf-8", errors="replace")
    listed: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line and number == text.count("\n") + 1:
            break
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or name not in want or name in listed:
            why = "not a line of '<sha256>  <path>' naming a file of the release once"
            run.add("SHA256SUMS", "checksum-syntax", f"{why}: {printable(line, 80)!r}", line=number)
        elif digest != want[name]:
            departs = name in run.departing
            as_found = departs and name in run.files and digest == spool.digest(run.files, name)[1]
            run.add(
                "SHA256SUMS",
                "checksum-mismatch",
                f"this line gives the SHA-256 of {name} as found, and {name} departs from "
                "what the records derive"
                if as_found
                else f"the SHA-256 of {name} is not the one on this line",
                line=number,
                cause=name if departs else None,
            )
        listed.add(name)
    for name in sorted(set(want) - listed):
        run.add(
            "SHA256SUMS",
            "checksum-missing",
            f"no line for {name}",
            cause=name if name in run.departing else None,
        )
    if not text.endswith("\n") or any(p.file == "SHA256SUMS" for p in run.problems):
        if text and not text.endswith("\n"):
            run.add("SHA256SUMS", "checksum-syntax", "no final newline")
        run.departing.add("SHA256SUMS")
