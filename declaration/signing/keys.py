"""The key ``publish --sign`` signs with: an unencrypted OpenSSH Ed25519 private key file,
or the public key of a key ``ssh-agent`` holds (a key with a passphrase is used through the
agent, never decrypted here). The key's bytes are never printed."""

from __future__ import annotations

import binascii
import os
import socket
import struct
from pathlib import Path

from declaration.errors import InputError, Location, printable
from declaration.signing.sshsig import (
    KEY_TYPE,
    PublicKey,
    Reader,
    SignatureError,
    Signer,
    public_key,
    ssh_string,
)

MAX_KEY_FILE = 64 * 1024


def load_signer(path: Path) -> Signer:
    """The key of ``path``: an unencrypted OpenSSH Ed25519 private key, or the public key
    (``.pub``) of one that ``ssh-agent`` holds (``$SSH_AUTH_SOCK``). A key with a passphrase
    is refused, naming the agent as the way to use it. The key's bytes are never printed."""
    from declaration.files import read_regular

    where = Location(printable(str(path), 1000))
    data = read_regular(path, MAX_KEY_FILE, str(path), follow=True)
    if b"PRIVATE KEY-----" in data:
        return _private(data, where)
    try:
        key = public_key(data.decode("ascii").strip())
    except (UnicodeDecodeError, SignatureError) as failure:
        why = failure.what if isinstance(failure, SignatureError) else "not ASCII"
        raise InputError(
            "signing-key",
            f"not an OpenSSH Ed25519 private key, nor the public key of one held by ssh-agent ({why})",
            where,
        ) from None
    return _agent(key, where)


def _private(data: bytes, where: Location) -> Signer:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        PublicFormat,
        load_ssh_private_key,
    )

    try:
        private = load_ssh_private_key(data, password=None)
    except TypeError:  # cryptography: the key is encrypted and no password was given
        raise InputError(
            "signing-key",
            "the key has a passphrase: add it to ssh-agent (ssh-add) and pass its public key "
            "file (.pub) instead; the passphrase is never asked for here",
            where,
        ) from None
    except (ValueError, binascii.Error):
        raise InputError(
            "signing-key", "not an OpenSSH private key that can be read", where
        ) from None
    if not isinstance(private, Ed25519PrivateKey):
        raise InputError(
            "signing-key", "not an Ed25519 key: create one with ssh-keygen -t ed25519", where
        )
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return Signer(PublicKey(raw), private.sign)


def _agent(key: PublicKey, where: Location) -> Signer:
    socket_path = os.environ.get("SSH_AUTH_SOCK", "")
    if not socket_path:
        raise InputError(
            "signing-key",
            "a public key: signing with it needs ssh-agent holding its private half "
            "(SSH_AUTH_SOCK is not set)",
            where,
        )

    def sign_bytes(data: bytes) -> bytes:
        return _agent_sign(socket_path, key, data, where)

    return Signer(key, sign_bytes)


def _agent_sign(socket_path: str, key: PublicKey, data: bytes, where: Location) -> bytes:
    """``SSH_AGENTC_SIGN_REQUEST`` (draft-miller-ssh-agent): the agent's Ed25519 signature."""
    request = bytes([13]) + ssh_string(key.blob) + ssh_string(data) + struct.pack(">I", 0)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as agent:
            agent.settimeout(30)
            agent.connect(socket_path)
            agent.sendall(ssh_string(request))
            head = _receive(agent, 4)
            (size,) = struct.unpack(">I", head)
            answer = _receive(agent, min(size, 1 << 16))
    except OSError as exc:
        raise InputError(
            "signing-key", f"ssh-agent could not be asked: {exc.strerror or exc}", where
        ) from None
    if not answer or answer[0] != 14:  # SSH_AGENT_SIGN_RESPONSE
        raise InputError(
            "signing-key", "ssh-agent refused to sign: does it hold this key (ssh-add -l)?", where
        )
    try:
        inner = Reader(Reader(answer[1:], "the agent's answer").string(), "the agent's signature")
        kind, value = inner.text(), inner.string()
    except SignatureError as failure:
        raise InputError("signing-key", failure.what, where) from None
    if kind != KEY_TYPE or len(value) != 64:
        raise InputError(
            "signing-key", "ssh-agent answered with a signature that is not Ed25519", where
        )
    return value


def _receive(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise OSError("the agent closed the connection")
        data += chunk
    return data
