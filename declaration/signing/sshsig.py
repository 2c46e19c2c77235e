"""OpenSSH's ``sshsig`` signatures (``PROTOCOL.sshsig``: what ``ssh-keygen -Y sign`` writes
and git uses for signed commits) with Ed25519 keys: the wire format, signing with a
:class:`Signer` and verifying."""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from collections.abc import Callable
from dataclasses import dataclass

from declaration.errors import printable

PATH = "SHA256SUMS.sig"  # the signature, beside what it signs
SIGNED = "SHA256SUMS"
NAMESPACE = (
    "release@w3id.org/fr-cn-ai-2024"  # the project's: a signature made for another use is refused
)
HASH = "sha512"  # what ssh-keygen uses
KEY_TYPE = "ssh-ed25519"
ENVIRONMENT = "DECLARATION_TRUSTED_SIGNERS"

_MAGIC = b"SSHSIG"
_VERSION = 1
_ARMOR_BEGIN = "-----BEGIN SSH SIGNATURE-----"
_ARMOR_END = "-----END SSH SIGNATURE-----"
_LINE = 70  # ssh-keygen's armor width
_HASHES: dict[str, Callable[[bytes], bytes]] = {
    "sha512": lambda data: hashlib.sha512(data).digest(),
    "sha256": lambda data: hashlib.sha256(data).digest(),
}


class SignatureError(Exception):
    """A signature or key that cannot be read: ``what`` says why, in one line."""

    def __init__(self, what: str, line: int | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.line = line


# ---------------------------------------------------------------- the wire format


def ssh_string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


class Reader:
    """The SSH wire format's fields, each bounded by what is left."""

    def __init__(self, data: bytes, what: str) -> None:
        self.data, self.at, self.what = data, 0, what

    def uint32(self) -> int:
        if self.at + 4 > len(self.data):
            raise SignatureError(f"{self.what} ends early")
        (value,) = struct.unpack_from(">I", self.data, self.at)
        self.at += 4
        return int(value)

    def string(self) -> bytes:
        size = self.uint32()
        if size > len(self.data) - self.at:
            raise SignatureError(f"{self.what}: a field longer than what is left")
        value = self.data[self.at : self.at + size]
        self.at += size
        return value

    def text(self) -> str:
        try:
            return self.string().decode("ascii")
        except UnicodeDecodeError:
            raise SignatureError(f"{self.what}: a name that is not ASCII") from None

    def end(self) -> None:
        if self.at != len(self.data):
            raise SignatureError(f"{self.what}: bytes after its last field")


@dataclass(frozen=True, slots=True)
class PublicKey:
    """An Ed25519 public key (its 32 bytes)."""

    raw: bytes

    @property
    def blob(self) -> bytes:
        return ssh_string(KEY_TYPE.encode()) + ssh_string(self.raw)

    @property
    def line(self) -> str:
        """As OpenSSH writes it: ``ssh-ed25519 AAAA…``."""
        return f"{KEY_TYPE} {base64.b64encode(self.blob).decode()}"

    @property
    def fingerprint(self) -> str:
        """As ``ssh-keygen -l`` prints it: ``SHA256:`` and unpadded base64."""
        digest = base64.b64encode(hashlib.sha256(self.blob).digest()).decode().rstrip("=")
        return f"SHA256:{digest}"

    @classmethod
    def from_blob(cls, blob: bytes) -> PublicKey:
        reader = Reader(blob, "the public key")
        kind = reader.text()
        if kind != KEY_TYPE:
            raise SignatureError(f"a {printable(kind, 40)} key; expected {KEY_TYPE}")
        raw = reader.string()
        reader.end()
        if len(raw) != 32:
            raise SignatureError(f"an Ed25519 key of {len(raw)} bytes; expected 32")
        return cls(raw)


@dataclass(frozen=True, slots=True)
class Signature:
    """An ``sshsig`` signature: the key that made it, its namespace, hash and value."""

    key: PublicKey
    namespace: str
    hash: str
    value: bytes  # the 64 bytes of the Ed25519 signature

    def armored(self) -> bytes:
        blob = (
            _MAGIC
            + struct.pack(">I", _VERSION)
            + ssh_string(self.key.blob)
            + ssh_string(self.namespace.encode())
            + ssh_string(b"")
            + ssh_string(self.hash.encode())
            + ssh_string(ssh_string(KEY_TYPE.encode()) + ssh_string(self.value))
        )
        text = base64.b64encode(blob).decode()
        lines = [text[i : i + _LINE] for i in range(0, len(text), _LINE)]
        return "\n".join([_ARMOR_BEGIN, *lines, _ARMOR_END, ""]).encode()


def signed_data(message: bytes, namespace: str, hash_name: str) -> bytes:
    """What the key signs: the magic, the namespace, the hash's name and the message's hash."""
    return (
        _MAGIC
        + ssh_string(namespace.encode())
        + ssh_string(b"")
        + ssh_string(hash_name.encode())
        + ssh_string(_HASHES[hash_name](message))
    )


def decode(data: bytes) -> Signature:
    """An armored ``sshsig`` signature, read; :class:`SignatureError` says why it cannot be."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise SignatureError("not ASCII: not an armored SSH signature") from None
    lines = text.strip("\n").split("\n")
    if len(lines) < 3 or lines[0].strip() != _ARMOR_BEGIN:
        raise SignatureError(f"does not begin with {_ARMOR_BEGIN}", 1)
    if lines[-1].strip() != _ARMOR_END:
        raise SignatureError(f"does not end with {_ARMOR_END}", len(lines))
    try:
        blob = base64.b64decode("".join(line.strip() for line in lines[1:-1]), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("its body is not base64", 2) from None
    if not blob.startswith(_MAGIC):
        raise SignatureError("not an SSHSIG blob", 2)
    reader = Reader(blob[len(_MAGIC) :], "the signature")
    version = reader.uint32()
    if version != _VERSION:
        raise SignatureError(f"sshsig version {version}; expected {_VERSION}", 2)
    key = PublicKey.from_blob(reader.string())
    namespace = reader.text()
    reader.string()  # reserved
    hash_name = reader.text()
    inner = Reader(reader.string(), "the signature value")
    reader.end()
    kind = inner.text()
    value = inner.string()
    inner.end()
    if kind != KEY_TYPE or len(value) != 64:
        raise SignatureError(f"a {printable(kind, 40)} signature value; expected {KEY_TYPE}", 2)
    if hash_name not in _HASHES:
        raise SignatureError(f"hash {printable(hash_name, 40)}; expected sha512 or sha256", 2)
    return Signature(key, namespace, hash_name, value)


def verify(signature: Signature, message: bytes) -> bool:
    """Whether ``signature`` was made over ``message`` by its key (for its namespace)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    key = Ed25519PublicKey.from_public_bytes(signature.key.raw)
    try:
        key.verify(signature.value, signed_data(message, signature.namespace, signature.hash))
    except InvalidSignature:
        return False
    return True


# ---------------------------------------------------------------- signing


@dataclass(frozen=True, slots=True)
class Signer:
    """A key that signs: its public half and how it signs bytes (in this process, or by
    ``ssh-agent``)."""

    key: PublicKey
    sign_bytes: Callable[[bytes], bytes]

    def allowed_line(self, principal: str) -> str:
        """This key's line of an ``allowed_signers`` file, for ``principal`` and the project's
        namespace."""
        return allowed_line(principal, self.key)


def allowed_line(principal: str, key: PublicKey) -> str:
    return f'{principal} namespaces="{NAMESPACE}" {key.line}'


def verify_command(principal: str) -> str:
    """The commands that check a signed bundle with OpenSSH and coreutils only, in its folder,
    given the publisher's ``allowed_signers``."""
    return (
        f"ssh-keygen -Y verify -f allowed_signers -I {principal} -n {NAMESPACE} \\\n"
        f"  -s {PATH} < {SIGNED} && sha256sum -c {SIGNED}"
    )


def sign(message: bytes, signer: Signer, namespace: str = NAMESPACE) -> bytes:
    """The armored ``sshsig`` signature of ``message`` (what ``ssh-keygen -Y sign`` writes)."""
    value = signer.sign_bytes(signed_data(message, namespace, HASH))
    return Signature(signer.key, namespace, HASH, value).armored()


def public_key(line: str) -> PublicKey:
    parts = line.split()
    if len(parts) < 2 or parts[0] != KEY_TYPE:
        raise SignatureError(f"expected a line '{KEY_TYPE} AAAA…'")
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("the key is not base64") from None
    return PublicKey.from_blob(blob)
