"""Signatures of a release: OpenSSH's ``sshsig`` format (``PROTOCOL.sshsig``, what
``ssh-keygen -Y sign`` writes and git uses for signed commits) with Ed25519 keys, over
``SHA256SUMS``, which gives the SHA-256 of every other file of the bundle.

- :func:`sign` makes the armored signature with a :class:`Signer`: an unencrypted OpenSSH
  private key file, or the public key of a key held by ``ssh-agent`` (a key with a
  passphrase is signed with through the agent, never decrypted here).
- :func:`decode` reads a signature, :func:`verify` checks it against the message and
  :func:`trusting` finds the principals an ``allowed_signers`` file
  (:func:`allowed_signers`, ``ssh-keygen``'s format) trusts its key for.

Ed25519 is deterministic: the same key and message give the same signature, so a signed
release is as reproducible as an unsigned one.
"""

from __future__ import annotations

from declaration.signing.keys import load_signer
from declaration.signing.sshsig import (
    ENVIRONMENT,
    NAMESPACE,
    PATH,
    SIGNED,
    PublicKey,
    Signature,
    SignatureError,
    Signer,
    allowed_line,
    decode,
    sign,
    verify,
    verify_command,
)
from declaration.signing.trust import (
    Allowed,
    allowed_signers,
    parse_line,
    trusted_signers,
    trusting,
)

__all__ = [
    "ENVIRONMENT",
    "NAMESPACE",
    "PATH",
    "SIGNED",
    "Allowed",
    "PublicKey",
    "Signature",
    "SignatureError",
    "Signer",
    "allowed_line",
    "allowed_signers",
    "decode",
    "load_signer",
    "parse_line",
    "sign",
    "trusted_signers",
    "trusting",
    "verify",
    "verify_command",
]
