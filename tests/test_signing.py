"""Signed releases: ``publish --sign`` signs SHA256SUMS in OpenSSH's sshsig format, the
validator verifies it against the signers a user trusts, and both interoperate with
``ssh-keygen -Y``. Every key is made here, on the fly: no private key is in the repository."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
from functools import partial
from pathlib import Path

import pytest

from declaration import signing
from declaration.commands import publish
from declaration.errors import InputError
from declaration.validate import validate
from tests.conftest import ROOT, require, run_cli

PRINCIPAL = "declaration-france-chine-ia-2024"
SHORT_KEY = b"\0\0\0\x0bssh-ed25519\0\0\0\x01A"  # an Ed25519 key of one byte


def _key(directory: Path, name: str = "key") -> Path:
    """A new Ed25519 key, written as OpenSSH writes it (``ssh-keygen -t ed25519``)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )

    private = Ed25519PrivateKey.generate()
    path = directory / name
    path.write_bytes(private.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption()))
    path.chmod(0o600)
    public = private.public_key().public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH)
    (directory / f"{name}.pub").write_bytes(public + b" test\n")
    return path


def _trusted(directory: Path, key: Path, principal: str = PRINCIPAL) -> Path:
    path = directory / f"{key.name}.allowed_signers"
    path.write_text(signing.load_signer(key).allowed_line(principal) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A release published with a new key: (the output folder, the key, its allowed_signers)."""
    keys = tmp_path_factory.mktemp("keys")
    key = _key(keys)
    out = tmp_path_factory.mktemp("signed")
    publish(None, out, key)
    return out, key, _trusted(keys, key)


def _bundle(out: Path) -> Path:
    return next(p for p in out.iterdir() if p.is_dir() and p.name != "site")


def _rehash(bundle: Path, name: str) -> None:
    """``SHA256SUMS`` with the line of ``name`` recomputed, as whoever edits a file does."""
    sums = bundle / "SHA256SUMS"
    digest = hashlib.sha256((bundle / name).read_bytes()).hexdigest()
    lines = [
        f"{digest}  {name}" if line.endswith(f"  {name}") else line
        for line in sums.read_text(encoding="utf-8").splitlines()
    ]
    sums.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ------------------------------------------------------------------------- signing


def test_signed_release_verifies_against_its_signer_and_says_by_whom(signed) -> None:
    out, _, trusted = signed
    report = validate(_bundle(out), signing.trusted_signers(trusted))
    assert report.valid, report.problems
    assert report.signature.startswith(f"signed by {PRINCIPAL} (key SHA256:")
    assert ("SHA256SUMS.sig", "signature") in report.checked
    unchecked = validate(_bundle(out))
    assert unchecked.valid
    assert "was not checked" in unchecked.signature


def test_signing_is_reproducible_and_leaves_the_unsigned_release_unchanged(
    signed, released: Path, tmp_path: Path
) -> None:
    out, key, _ = signed
    again = publish(None, tmp_path / "again", key)
    first = next(out.glob("*.zip"))
    assert again.zip.read_bytes() == first.read_bytes()  # Ed25519 is deterministic
    unsigned = _bundle(released)
    bundle = _bundle(out)
    differing = sorted(
        p.relative_to(bundle).as_posix()
        for p in bundle.rglob("*")
        if p.is_file()
        and (
            not (unsigned / p.relative_to(bundle)).is_file()
            or (unsigned / p.relative_to(bundle)).read_bytes() != p.read_bytes()
        )
    )
    # what signing adds: the signature, the README's section, the checksums of the README
    assert differing == ["README.md", "SHA256SUMS", "SHA256SUMS.sig"]
    assert "## Verify its signature" not in (unsigned / "README.md").read_text(encoding="utf-8")
    assert "## Verify its signature" in (bundle / "README.md").read_text(encoding="utf-8")
    assert not (released / "site" / "allowed_signers").exists()
    site = (out / "site" / "allowed_signers").read_text(encoding="utf-8")
    assert site == signing.load_signer(key).allowed_line(PRINCIPAL) + "\n"
    for page in ("index.html", "en/index.html"):
        assert signing.load_signer(key).key.fingerprint in (out / "site" / page).read_text(
            encoding="utf-8"
        )


def test_every_rehashed_edit_is_refused_under_trusted_signers(signed, tmp_path: Path) -> None:
    """A one-byte edit of each file of the bundle, its SHA256SUMS line recomputed: with the
    trusted signers, each is refused, the signature named as the reason."""
    out, _, trusted = signed
    signers = signing.trusted_signers(trusted)
    original = _bundle(out)
    names = sorted(
        p.relative_to(original).as_posix()
        for p in original.rglob("*")
        if p.is_file() and p.name not in ("SHA256SUMS", "SHA256SUMS.sig")
    )
    from declaration import parallel

    def edited(name: str) -> str | None:
        """The first problem of the bundle with ``name`` edited and re-hashed (checked in
        a worker process each: the edits are independent)."""
        bundle = tmp_path / name.replace("/", "_")
        shutil.copytree(original, bundle)
        data = bytearray((bundle / name).read_bytes())
        data[len(data) // 2] = ord("#") if data[len(data) // 2] != ord("#") else ord("%")
        (bundle / name).write_bytes(bytes(data))
        _rehash(bundle, name)
        report = validate(bundle, signers)
        if name == "CHANGELOG.md":  # free text that nothing derives: only the signature sees it
            assert validate(bundle).valid
        shutil.rmtree(bundle)
        return report.problems[0].code if report.problems else None

    found = parallel.run([partial(edited, name) for name in names], what="edits checked")
    refused = [name for name, code in zip(names, found, strict=True) if code == "signature-invalid"]
    assert refused == names
    print(f"re-hashed one-byte edits refused with the signature: {len(refused)}/{len(names)}")


def test_an_untrusted_key_a_missing_signature_and_another_namespace_are_refused(
    signed, tmp_path: Path
) -> None:
    out, _, _ = signed
    other = _trusted(tmp_path, _key(tmp_path, "other"))
    report = validate(_bundle(out), signing.trusted_signers(other))
    assert [p.code for p in report.problems] == ["signature-untrusted"]
    assert report.problems[0].file == "SHA256SUMS.sig"

    bundle = tmp_path / "unsigned"
    shutil.copytree(_bundle(out), bundle)
    (bundle / "SHA256SUMS.sig").unlink()
    _, _, trusted = signed
    codes = [p.code for p in validate(bundle, signing.trusted_signers(trusted)).problems]
    assert codes[0] == "signature-missing"
    assert validate(bundle).signature == "not signed"

    key = _key(tmp_path, "third")
    elsewhere = signing.sign((bundle / "SHA256SUMS").read_bytes(), signing.load_signer(key), "file")
    (bundle / "SHA256SUMS.sig").write_bytes(elsewhere)
    problems = validate(bundle, signing.trusted_signers(_trusted(tmp_path, key))).problems
    assert problems[0].code == "signature-malformed"
    assert "namespace 'file'" in problems[0].message


@pytest.mark.parametrize(
    "damage",
    [
        lambda sig: sig.replace(b"-----BEGIN", b"-----BEGUN"),
        lambda sig: sig[:40] + b"!" + sig[41:],
        lambda sig: sig[:-60] + b"\n-----END SSH SIGNATURE-----\n",
        lambda sig: b"\xff\xfe" + sig,
        lambda sig: b"",
    ],
    ids=["armor", "base64", "truncated", "encoding", "empty"],
)
def test_a_damaged_signature_is_one_located_problem(signed, tmp_path: Path, damage) -> None:
    out, _, trusted = signed
    bundle = tmp_path / "b"
    shutil.copytree(_bundle(out), bundle)
    sig = bundle / "SHA256SUMS.sig"
    sig.write_bytes(damage(sig.read_bytes()))
    report = validate(bundle, signing.trusted_signers(trusted))
    assert report.problems[0].code == "signature-malformed"
    assert report.problems[0].file == "SHA256SUMS.sig"
    assert validate(bundle).signature.startswith("signed, but SHA256SUMS.sig cannot be read")


def test_validate_cli_takes_trusted_signers_from_option_or_environment(signed, tmp_path) -> None:
    out, _, trusted = signed
    bundle = _bundle(out)
    ran = run_cli("validate", "--trusted-signers", trusted, bundle)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert f"signed by {PRINCIPAL}" in ran.stdout
    other = _trusted(tmp_path, _key(tmp_path, "other"))
    ran = run_cli("validate", "--format", "json", bundle, env={signing.ENVIRONMENT: str(other)})
    assert ran.returncode == 1
    assert json.loads(ran.stdout)["problems"][0]["code"] == "signature-untrusted"
    sarif = json.loads(run_cli("validate", "--format", "sarif", bundle).stdout)
    assert "signed with key SHA256:" in sarif["runs"][0]["properties"]["signature"]


def test_the_action_takes_the_trusted_signers(signed, tmp_path: Path) -> None:
    """The action's Validate step as the runner runs it, its ``trusted-signers`` input in
    the environment as the action passes it."""
    from tests.test_ci_recipes import BIN, _action_step, _sh

    out, _, trusted = signed
    runner = tmp_path / "runner"
    (runner / "declaration-venv").mkdir(parents=True)
    (runner / "declaration-venv" / "bin").symlink_to(BIN)
    bundle = _bundle(out)
    inputs = {"RELEASE": bundle.name, "FORMAT": "github", "REPORT": "", "RUNNER_TEMP": str(runner)}
    script = _action_step("Validate")
    ran = _sh(script, bundle.parent, **inputs, DECLARATION_TRUSTED_SIGNERS=str(trusted))
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert f"signed by {PRINCIPAL}" in ran.stdout
    other = _trusted(tmp_path, _key(tmp_path, "other"))
    ran = _sh(script, bundle.parent, **inputs, DECLARATION_TRUSTED_SIGNERS=str(other))
    assert ran.returncode == 1
    assert f"::error file={bundle.name}/SHA256SUMS.sig,title=signature-untrusted::" in ran.stdout


@pytest.mark.parametrize(
    ("content", "line", "expected"),
    [
        (b"", 1, "no Ed25519 key"),
        (b"# only a comment\n", 1, "no Ed25519 key"),
        (b"someone\n", 1, "no key"),
        (b"\n\nsomeone ssh-ed25519 !!!!\n", 3, "not base64"),
        (b'someone valid-before="20300101" ssh-ed25519 AAAA\n', 1, "valid-before is not supported"),
        (b"someone cert-authority ssh-ed25519 AAAA\n", 1, "cert-authority is not supported"),
        (b"someone ssh-ed25519 " + base64.b64encode(SHORT_KEY) + b"\n", 1, "of 1 bytes"),
        (b"\xff\n", 1, "not UTF-8"),
    ],
)
def test_a_trusted_signers_file_that_cannot_be_read_is_a_located_error(
    tmp_path: Path, content: bytes, line: int, expected: str
) -> None:
    path = tmp_path / "allowed_signers"
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        signing.trusted_signers(path)
    assert raised.value.code == "trusted-signers"
    assert expected in raised.value.message
    assert raised.value.location.line == line
    ran = run_cli("validate", "--trusted-signers", path, ROOT)
    assert ran.returncode == 2
    assert ran.stderr.count("\n") == 1 and "error[trusted-signers]" in ran.stderr


def test_allowed_signers_options_and_patterns_are_applied(signed, tmp_path: Path) -> None:
    out, key, _ = signed
    line = signing.load_signer(key).key.line
    found = signing.decode((_bundle(out) / "SHA256SUMS.sig").read_bytes())
    cases = {
        f"*-france-*,other {line}": ("*-france-*", "other"),
        f'a,b namespaces="release@*" {line} comment': ("a", "b"),
        f'a namespaces="file,git" {line}': (),
        f"a {line.replace('AAAA', 'AAAB', 1)}": None,
        f"a ssh-rsa AAAAB3NzaC1yc2E\nb {line}": ("b",),
    }
    for text, principals in cases.items():
        path = tmp_path / "allowed"
        path.write_text(text + "\n", encoding="utf-8")
        try:
            entries = signing.trusted_signers(path)
        except InputError:
            assert principals is None, text
            continue
        assert signing.trusting(entries, found) == principals, text


def test_a_key_with_a_passphrase_is_refused_naming_the_agent(tmp_path: Path) -> None:
    key = tmp_path / "key"
    made = [_ssh_keygen(), "-q", "-t", "ed25519", "-N", "secret passphrase", "-f", str(key)]
    subprocess.run(made, check=True)
    with pytest.raises(InputError) as raised:
        signing.load_signer(key)
    assert raised.value.code == "signing-key"
    assert "ssh-agent" in raised.value.message
    assert "secret" not in str(raised.value.render())
    ran = run_cli("publish", "--sign", key, "--out", tmp_path / "out")
    assert ran.returncode == 2 and "error[signing-key]" in ran.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    (tmp_path / "rsa").write_text("ssh-rsa AAAAB3NzaC1yc2E x\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an OpenSSH Ed25519 private key"):
        signing.load_signer(tmp_path / "rsa")


# ------------------------------------------------------------------------- OpenSSH


def _ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    require(found is not None, "ssh-keygen (openssh-client)")
    assert found is not None
    return found


def test_our_signature_is_ssh_keygens_and_each_verifies_the_others(signed, tmp_path) -> None:
    tool = _ssh_keygen()
    out, key, trusted = signed
    bundle = _bundle(out)
    sums = bundle / "SHA256SUMS"
    verify = [tool, "-Y", "verify", "-f", str(trusted), "-I", PRINCIPAL]
    verify += ["-n", signing.NAMESPACE, "-s", str(bundle / "SHA256SUMS.sig")]
    with sums.open("rb") as stdin:
        ran = subprocess.run(verify, stdin=stdin, capture_output=True, check=False)
    assert ran.returncode == 0, ran.stderr
    assert b"Good" in ran.stdout + ran.stderr

    # ssh-keygen signs the same bytes as we do (Ed25519 is deterministic)
    copy = tmp_path / "SHA256SUMS"
    shutil.copy(sums, copy)
    sign = [tool, "-Y", "sign", "-f", str(key), "-n", signing.NAMESPACE, str(copy)]
    subprocess.run(sign, capture_output=True, check=True)
    theirs = (tmp_path / "SHA256SUMS.sig").read_bytes()
    assert theirs == (bundle / "SHA256SUMS.sig").read_bytes()
    (tmp_path / "SHA256SUMS.sig").unlink()

    # and ours verifies a signature of a key that ssh-keygen made and used
    made = tmp_path / "made"
    subprocess.run([tool, "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", str(made)], check=True)
    subprocess.run(
        [tool, "-Y", "sign", "-f", str(made), "-n", signing.NAMESPACE, str(copy)],
        capture_output=True,
        check=True,
    )
    other = tmp_path / "b"
    shutil.copytree(bundle, other)
    shutil.copy(tmp_path / "SHA256SUMS.sig", other / "SHA256SUMS.sig")
    public = (tmp_path / "made.pub").read_text(encoding="utf-8").split()
    (tmp_path / "allowed").write_text(f"{PRINCIPAL} {public[0]} {public[1]}\n", encoding="utf-8")
    report = validate(other, signing.trusted_signers(tmp_path / "allowed"))
    # the README names the key that signed: another key makes it depart as well
    assert report.problems and report.problems[0].code != "signature-untrusted"
    assert not any(p.code.startswith("signature-") for p in report.problems)


def test_publish_signs_through_ssh_agent_with_a_key_that_has_a_passphrase(
    signed, tmp_path: Path
) -> None:
    tool = _ssh_keygen()
    agent = shutil.which("ssh-agent")
    add = shutil.which("ssh-add")
    require(agent is not None and add is not None, "ssh-agent and ssh-add (openssh-client)")
    assert agent and add
    socket_path = tmp_path / "agent.sock"
    started = subprocess.run(
        [agent, "-a", str(socket_path), "-s"], capture_output=True, text=True, check=True
    )
    pid = next(
        part.split("=")[1].rstrip(";")
        for part in started.stdout.split()
        if part.startswith("SSH_AGENT_PID=")
    )
    try:
        key = tmp_path / "agent-key"
        subprocess.run(
            [tool, "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", str(key)], check=True
        )
        env = os.environ | {"SSH_AUTH_SOCK": str(socket_path)}
        subprocess.run([add, "-q", str(key)], env=env, capture_output=True, check=True)
        key.unlink()  # only the agent holds it now
        ran = run_cli(
            "publish",
            "--sign",
            f"{key}.pub",
            "--out",
            tmp_path / "out",
            env={"SSH_AUTH_SOCK": str(socket_path)},
        )
        assert ran.returncode == 0, ran.stderr
        allowed = tmp_path / "out" / "site" / "allowed_signers"
        report = validate(_bundle(tmp_path / "out"), signing.trusted_signers(allowed))
        assert report.valid and report.signature.startswith(f"signed by {PRINCIPAL}")
    finally:
        subprocess.run(["kill", pid], check=False)


def test_no_private_key_is_in_the_repository() -> None:
    """Nothing the repository holds or would commit looks like a private key."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    # a key's armor followed by its base64 body, or OpenSSH's key magic in base64
    magic = base64.b64encode(b"openssh-key-v1\0")[:19]  # not written out: this file holds none
    pattern = re.compile(rb"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\s+[A-Za-z0-9+/=]{40}|" + magic)
    found = []
    for name in filter(None, listed.stdout.decode("utf-8").split("\0")):
        path = ROOT / name
        if path.is_file() and not path.is_symlink() and pattern.search(path.read_bytes()):
            found.append(name)
    assert not found, f"these look like private keys: {found}"


def test_the_published_key_names_the_dataset_and_the_namespace() -> None:
    """``keys/allowed_signers``, once the publisher has put their key there, is what
    ``publish --sign`` writes: Ed25519 keys for the dataset's name and the project's
    namespace only."""
    path = ROOT / "keys" / "allowed_signers"
    if not path.exists():
        pytest.skip("no publisher's key is published yet (keys/README.md)")
    entries = signing.trusted_signers(path)
    for entry in entries:
        assert entry.key is not None, f"line {entry.line}: not an Ed25519 key"
        assert entry.principals == (PRINCIPAL,), f"line {entry.line}"
        assert entry.namespaces == (signing.NAMESPACE,), f"line {entry.line}"


def test_the_readme_command_verifies_a_download_with_openssh_alone(signed, tmp_path) -> None:
    """The ``sh`` block of the signed README's section, run in a copy of the bundle with the
    site's ``allowed_signers``: it passes, and fails once a file is changed and re-hashed."""
    _ssh_keygen()
    require(shutil.which("sha256sum") is not None, "sha256sum (coreutils)")
    out, _, _ = signed
    bundle = tmp_path / "b"
    shutil.copytree(_bundle(out), bundle)
    shutil.copy(out / "site" / "allowed_signers", bundle / "allowed_signers")
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Verify its signature", 1)[1].split("\n## ", 1)[0]
    command = section.split("```sh\n", 1)[1].split("```", 1)[0]
    ran = subprocess.run(["sh", "-c", command], cwd=bundle, capture_output=True, check=False)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    (bundle / "LICENSE").write_bytes((bundle / "LICENSE").read_bytes() + b"\n")
    _rehash(bundle, "LICENSE")
    ran = subprocess.run(["sh", "-c", command], cwd=bundle, capture_output=True, check=False)
    assert ran.returncode != 0
