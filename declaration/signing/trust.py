"""Whom a user trusts to sign a release: an ``allowed_signers`` file (``ssh-keygen(1)``,
ALLOWED SIGNERS), read, and the principals it trusts a signature's key for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from declaration.errors import InputError, Location, printable
from declaration.signing.sshsig import KEY_TYPE, PublicKey, Signature, SignatureError, public_key

MAX_SIGNERS_FILE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Allowed:
    """A line of an ``allowed_signers`` file: whom it names, their key, and the namespaces it
    allows (None: any)."""

    principals: tuple[str, ...]
    key: PublicKey | None  # None: a key of another type, which never signs a release
    namespaces: tuple[str, ...] | None
    line: int


_OPTION = re.compile(r'([A-Za-z-]+)(?:="((?:[^"\\]|\\.)*)")?')


def allowed_signers(data: bytes, path: str) -> list[Allowed]:
    """The lines of an ``allowed_signers`` file (``ssh-keygen(1)``, ALLOWED SIGNERS):
    ``principals [options] keytype base64-key [comment]``. Of the options, ``namespaces``
    is applied; ``cert-authority``, ``valid-after`` and ``valid-before`` are refused
    (certificates are not used, and a verdict never depends on the clock)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            "trusted-signers", "not UTF-8", Location(path, 1 + data[: exc.start].count(b"\n"))
        ) from None
    found = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            found.append(_allowed(line, number))
        except SignatureError as failure:
            raise InputError(
                "trusted-signers",
                f"{failure.what}; expected 'principals [namespaces=\"…\"] ssh-ed25519 AAAA…'",
                Location(path, number, 1),
            ) from None
    if not any(entry.key for entry in found):
        raise InputError(
            "trusted-signers", "no Ed25519 key: it trusts no signer of a release", Location(path)
        )
    return found


def _allowed(line: str, number: int) -> Allowed:
    principals, _, rest = line.partition(" ")
    rest = rest.lstrip()
    namespaces: tuple[str, ...] | None = None
    if rest and not re.match(r"(ssh-|ecdsa-|sk-)", rest):
        options, rest = _options(rest)
        for name, value in options:
            if name == "namespaces" and value is not None:
                namespaces = tuple(value.split(","))
            elif name in ("cert-authority", "valid-after", "valid-before"):
                raise SignatureError(f"option {name} is not supported")
            else:
                raise SignatureError(f"unknown option {printable(name, 40)}")
    fields = rest.split()
    if len(fields) < 2:
        raise SignatureError("no key")
    if fields[0] != KEY_TYPE:
        return Allowed(tuple(principals.split(",")), None, namespaces, number)
    key = public_key(f"{fields[0]} {fields[1]}")
    return Allowed(tuple(principals.split(",")), key, namespaces, number)


def _options(text: str) -> tuple[list[tuple[str, str | None]], str]:
    options = []
    at = 0
    while True:
        match = _OPTION.match(text, at)
        if match is None or match.end() == at:
            raise SignatureError("options that cannot be read")
        options.append((match[1].lower(), match[2]))
        at = match.end()
        if text[at : at + 1] == ",":
            at += 1
            continue
        if text[at : at + 1] in (" ", "\t"):
            return options, text[at:].lstrip()
        raise SignatureError("options that cannot be read")


def _matches(patterns: tuple[str, ...], value: str) -> bool:
    """OpenSSH's pattern lists: ``*`` and ``?`` wildcards, ``!`` negates (a negated match
    wins)."""
    matched = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        body = pattern[1:] if negated else pattern
        regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in body)
        if re.fullmatch(regex, value, flags=re.DOTALL):
            if negated:
                return False
            matched = True
    return matched


def trusted_signers(path: Path) -> list[Allowed]:
    """The ``allowed_signers`` file at ``path``, read (nothing followed but the path given)."""
    from declaration.files import read_regular

    name = printable(str(path), 1000)
    return allowed_signers(read_regular(path, MAX_SIGNERS_FILE, name, follow=True), name)


def trusting(entries: list[Allowed], signature: Signature) -> tuple[str, ...]:
    """The principals ``entries`` trust ``signature``'s key for, in its namespace (what
    ``ssh-keygen -Y find-principals`` prints)."""
    names: list[str] = []
    for entry in entries:
        if entry.key != signature.key:
            continue
        if entry.namespaces is not None and not _matches(entry.namespaces, signature.namespace):
            continue
        names.extend(p for p in entry.principals if p not in names)
    return tuple(names)


def parse_line(line: str) -> tuple[str, PublicKey]:
    """The principal and key of a line :func:`allowed_line` wrote."""
    entry = _allowed(line, 1)
    if entry.key is None:
        raise SignatureError(f"not a {KEY_TYPE} key")
    return entry.principals[0], entry.key
