"""A release's signature (:mod:`declaration.signing`), verified: what the report says of it,
and, when the user gave the signers they trust, a problem unless one of them signed the
``SHA256SUMS`` found, for the project's namespace."""

from __future__ import annotations

from dataclasses import dataclass

from declaration.errors import printable
from declaration.signing import (
    NAMESPACE,
    PATH,
    SIGNED,
    Allowed,
    PublicKey,
    SignatureError,
    decode,
    trusting,
    verify,
)
from declaration.validate.run import Run


@dataclass(frozen=True, slots=True)
class Verified:
    """What the report says of the signature, and the key that made it (if it can be read)."""

    said: str = "not signed"
    key: PublicKey | None = None


def check_signature(run: Run, trusted: list[Allowed] | None) -> Verified:
    data, sums = run.files.get(PATH), run.files.get(SIGNED)
    if data is None:
        if trusted is not None:
            run.add(
                PATH,
                "signature-missing",
                "the release is not signed; the trusted signers given ask for a signature "
                "by one of them",
            )
        return Verified()
    if trusted is not None:
        run.checks(PATH, "signature")
    try:
        found = decode(data)
    except SignatureError as failure:
        if trusted is not None:
            run.add(PATH, "signature-malformed", failure.what, line=failure.line)
        return Verified(f"signed, but {PATH} cannot be read ({failure.what})")
    key = found.key.fingerprint
    if found.namespace != NAMESPACE:
        why = f"made for namespace {printable(found.namespace, 80)!r}; expected {NAMESPACE!r}"
        if trusted is not None:
            run.add(PATH, "signature-malformed", why)
        return Verified(f"signed with key {key}, but {why}", found.key)
    if sums is None or not verify(found, sums):
        if trusted is not None:
            run.add(
                SIGNED if sums is not None else PATH,
                "signature-invalid",
                f"{SIGNED} is not what key {key} signed: a file of the release was changed "
                "after it was signed",
            )
        return Verified(f"signed with key {key}, but {SIGNED} is not what it signed", found.key)
    if trusted is None:
        return Verified(
            f"signed with key {key} (whose key it is was not checked: give --trusted-signers)",
            found.key,
        )
    principals = trusting(trusted, found)
    if not principals:
        run.add(
            PATH,
            "signature-untrusted",
            f"signed with key {key}, which the trusted signers do not list for namespace "
            f"{NAMESPACE}",
        )
        return Verified(f"signed with key {key}, which no trusted signer has", found.key)
    return Verified(f"signed by {', '.join(principals)} (key {key}), a trusted signer", found.key)
