"""Every error code the code can raise is asserted by a test: a table of inputs, one per code
that no other test names, and a check that the table and the other tests cover every code
written in the library."""

from __future__ import annotations

import ast
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from declaration import registry
from declaration.errors import DeclarationError
from declaration.formats import akn, csv, jsonld, text
from declaration.source import load_release
from declaration.validate import inputs as validate_inputs
from declaration.validate import validate, validate_files
from tests.conftest import ROOT

CODE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)+|shacl")


def library_codes() -> dict[str, str]:
    """Codes written as literals where errors and problems are made, with where."""
    codes: dict[str, str] = {}
    for path in sorted((ROOT / "declaration").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            position = 0 if name.endswith("Error") or name == "fail" else 1
            if not (name.endswith("Error") or name in ("fail", "add", "Problem")):
                continue
            arg = node.args[position] if len(node.args) > position else None
            literal = arg.value if isinstance(arg, ast.Constant) else None
            if isinstance(literal, str) and CODE.fullmatch(literal):
                codes.setdefault(literal, f"{path.relative_to(ROOT)}:{node.lineno}")
    return codes


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return registry.write(load_release())


@pytest.fixture(scope="module")
def bundle() -> dict[str, bytes]:
    release = load_release().but(changelog=(ROOT / "CHANGELOG.md").read_bytes())
    return dict(registry.write(release, registry.BUNDLE))


def _raised(action: Callable[[], object]) -> set[str]:
    try:
        action()
    except DeclarationError as error:
        return {error.code}
    return set()


def _reported(files: dict[str, bytes], root: Path = Path("release")) -> set[str]:
    return {problem.code for problem in validate_files(files, root).problems}


def _edit(files: dict[str, bytes], name: str, old: bytes, new: bytes) -> dict[str, bytes]:
    assert old in files[name], (name, old)
    return {**files, name: files[name].replace(old, new, 1)}


def _json_edit(files: dict[str, bytes], name: str, change: Callable[[dict], None]) -> dict:
    value = json.loads(files[name])
    change(value)
    return {**files, name: json.dumps(value, ensure_ascii=False, indent=2).encode() + b"\n"}


def _zip(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return out.getvalue()


def _zip_checks(data: bytes) -> set[str]:
    return _raised(lambda: validate_inputs._zip(data, validate_inputs.Location("x.zip")))


TABLE: dict[str, Callable[[dict[str, bytes], dict[str, bytes], Path], set[str]]] = {
    # records that readers refuse
    "akn-structure": lambda f, b, t: _raised(
        lambda: akn.read(
            f[akn.PATH].replace(b"<statement ", b"<debate ").replace(b"</statement>", b"</debate>")
        )
    ),
    "akn-numbering": lambda f, b, t: _raised(
        lambda: akn.read(f[akn.PATH].replace(b'eId="para_2"', b'eId="para_9"', 1))
    ),
    "csv-syntax": lambda f, b, t: _raised(
        lambda: csv.read({**f, csv.PARAGRAPHS.path: f[csv.PARAGRAPHS.path] + b'"unclosed\n'})
    ),
    "csv-header": lambda f, b, t: _raised(
        lambda: csv.read(_edit(f, csv.PARAGRAPHS.path, b"declaration_id,", b"declaration,"))
    ),
    "csv-row": lambda f, b, t: _raised(
        lambda: csv.read({**f, csv.PARAGRAPHS.path: f[csv.PARAGRAPHS.path] + b"a,b\n"})
    ),
    "csv-count": lambda f, b, t: _raised(
        lambda: csv.read(
            {
                k: v.split(b"\n", 1)[0] + b"\n"
                if k.startswith("data/") and k.endswith(".csv")
                else v
                for k, v in f.items()
            }
        )
    ),
    "csv-identifiers": lambda f, b, t: _raised(
        lambda: csv.read(
            _edit(
                f,
                csv.DECLARATIONS.path,
                b"https://w3id.org/fr-cn-ai-2024/akn",
                b"https://w3id.org/fr-cn-ai-2024/akm",
            )
        )
    ),
    "csv-foreign-key": lambda f, b, t: _raised(
        lambda: csv.read(_edit(f, csv.MENTIONS.path, b",para_1,", b",para_99,"))
    ),
    "csv-derived": lambda f, b, t: _raised(
        lambda: csv.read({**f, csv.TOPICS.path: f[csv.TOPICS.path].rsplit(b"\n", 2)[0] + b"\n"})
    ),
    "jsonld-context": lambda f, b, t: _raised(
        lambda: jsonld.read(
            _edit(f, jsonld.PATH, b'/dc/terms/"', b'/dc/elements/1.1/"')[jsonld.PATH]
        )
    ),
    "jsonld-invalid": lambda f, b, t: _raised(  # a date no longer where its text says
        lambda: jsonld.read(
            re.sub(rb'"beginIndex": (\d+)', rb'"beginIndex": 1\1', f[jsonld.PATH], count=1)
        )
    ),
    "jsonld-derived": lambda f, b, t: _raised(  # the key no longer derived from its parts
        lambda: jsonld.read(
            _edit(f, jsonld.PATH, b'"identifier": "fr-2024', b'"identifier": "fr-2025')[jsonld.PATH]
        )
    ),
    "text-layout": lambda f, b, t: _raised(
        lambda: text.read(f[text.PATH].rstrip(b"\n"), jsonld.read(f[jsonld.PATH]))
    ),
    "text-mismatch": lambda f, b, t: _raised(
        lambda: text.read(f[text.PATH] + b"\nOne more.\n", jsonld.read(f[jsonld.PATH]))
    ),
    # what the validator reports
    "unlisted-file": lambda f, b, t: _reported({**f, "data/extra.csv": b"a\n"}),
    "checksum-syntax": lambda f, b, t: _reported({**b, "SHA256SUMS": b"not a checksum line\n"}),
    "checksum-mismatch": lambda f, b, t: _reported(
        {**b, "SHA256SUMS": re.sub(rb"^[0-9a-f]{64}", b"0" * 64, b["SHA256SUMS"], count=1)}
    ),
    "checksum-missing": lambda f, b, t: _reported(
        {**b, "SHA256SUMS": b["SHA256SUMS"].split(b"\n", 1)[1]}
    ),
    "descriptor-profile": lambda f, b, t: _reported(
        _json_edit(f, "datapackage.json", lambda d: d.update({"resources": "none"}))
    ),
    "descriptor-invalid": lambda f, b, t: _reported(
        _json_edit(f, "datapackage.json", lambda d: d.update({"name": "Not A Slug"}))
    ),
    "json-syntax": lambda f, b, t: _reported({**f, jsonld.PATH: b"{not json"}),
    "json-depth": lambda f, b, t: _reported({**f, jsonld.PATH: b"[" * 100 + b"]" * 100}),
    "json-schema": lambda f, b, t: _reported(
        _edit(f, jsonld.PATH, b'"legallyBinding": false', b'"legallyBinding": "no"')
    ),
    "jsonld-expansion": lambda f, b, t: _reported(  # a context pyld cannot process
        _edit(f, jsonld.PATH, b'"dct": "http://purl.org/dc/terms/"', b'"dct": 5')
    ),
    "too-many-files": lambda f, b, t: _reported(
        {**f, **{f"data/extra-{i}.txt": b"" for i in range(validate_inputs.MAX_ENTRIES)}}
    ),
    "bad-input": lambda f, b, t: _not_a_zip(t),
    "zip-corrupt": lambda f, b, t: _zip_checks(  # an entry whose CRC no longer matches
        _zip([("data.csv", b"a,b\n1,2\n")], zipfile.ZIP_STORED).replace(b"1,2", b"1,3", 1)
    ),
    "zip-too-many-entries": lambda f, b, t: _zip_checks(
        _zip([(f"f{i}", b"") for i in range(validate_inputs.MAX_ENTRIES + 1)], zipfile.ZIP_STORED)
    ),
    "zip-unsafe-entry": lambda f, b, t: _zip_checks(_zip([("../evil", b"x")])),
    "zip-too-large": lambda f, b, t: _zip_checks(
        _zip([("big", b"\0" * (validate_inputs.MAX_FILE_BYTES + 1))])
    ),
    "zip-bomb": lambda f, b, t: _zip_checks(_zip([("zeros", b"0" * 5_000_000)])),
    "source-mismatch": lambda f, b, t: _source_mismatch(t),
    "gazetteer-duplicate": lambda f, b, t: _gazetteer_duplicate(t),
}


def _not_a_zip(tmp: Path) -> set[str]:
    path = tmp / "release.zip"
    path.write_bytes(b"not a zip\n")
    return _raised(lambda: validate(path))


def _source_mismatch(tmp: Path) -> set[str]:
    import shutil

    from declaration.commands import build

    repo = tmp / "repository"
    shutil.copytree(ROOT / "source", repo / "source")
    build(repo / "source", repo)
    meta = repo / "source" / "metadata.toml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace('place = "Paris"', 'place = "Pékin"'),
        encoding="utf-8",
    )
    return {problem.code for problem in validate(repo).problems}


def _gazetteer_duplicate(tmp: Path) -> set[str]:
    from declaration.gazetteer import load_gazetteer

    path = tmp / "entities.toml"
    entry = '[[entities]]\nid = "x"\nkind = "concept"\nlabel = "X"\nforms = ["X"]\n\n'
    path.write_text(entry * 2, encoding="utf-8")
    return _raised(lambda: load_gazetteer(path))


@pytest.mark.parametrize("code", sorted(TABLE))
def test_each_error_code_is_raised_by_its_input(
    code: str, files: dict[str, bytes], bundle: dict[str, bytes], tmp_path: Path
) -> None:
    assert code in TABLE[code](files, bundle, tmp_path)


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("a failure no check foresaw")


# Defences: what the validator says when one of its own parts fails, each made to fail here.
DEFENCES: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "frictionless-failed": lambda mp: mp.setattr("frictionless.Package.validate", _boom),
    "check-failed": lambda mp: mp.setattr("declaration.validate.steps.check_akn", _boom),
    "unreadable-record": lambda mp: [
        mp.setattr(m, name, _boom)
        for m, name in ((akn, "read"), (csv, "read_each"), (jsonld, "read"))
    ],
    # shapes the graph the build derives cannot meet: the build's own two outputs disagree
    "shacl": lambda mp: mp.setattr(
        "declaration.formats.jsonld.shapes._SHAPES",
        __import__("declaration.formats.jsonld.shapes").formats.jsonld.shapes._SHAPES.replace(
            "sh:path dct:issued ; sh:datatype xsd:date ; sh:minCount 1",
            "sh:path dct:issued ; sh:datatype xsd:date ; sh:minCount 2",
        ),
    ),
}


@pytest.mark.parametrize("code", sorted(DEFENCES))
def test_each_defence_of_the_validator_has_its_code(
    code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    DEFENCES[code](monkeypatch)
    assert code in _reported(registry.write(load_release()))


def test_every_code_of_the_library_is_asserted_by_a_test() -> None:
    tests = "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "tests").glob("*.py"))
        if path.name != Path(__file__).name
    )
    named = {
        code for code in library_codes() if re.search(rf"[\"'\[]{re.escape(code)}[\"'\]]", tests)
    }
    tabled = set(TABLE) | set(DEFENCES)
    missing = {code: where for code, where in library_codes().items() if code not in named | tabled}
    assert not missing, f"codes no test asserts: {missing}"
    assert tabled <= set(library_codes()), tabled - set(library_codes())


def test_every_code_of_the_library_has_one_rule_and_every_rule_a_code() -> None:
    """The catalogue SARIF and JUnit read (declaration.rules) is the codes the library
    raises: those written where errors are made, the validator's comparison codes and the
    CLI's usage code."""
    from declaration.metadata import _CODES
    from declaration.rules import CONTRACTS, RULES

    returned = set()  # codes chosen by a function (validate._code, metadata._code_for)
    for path in sorted((ROOT / "declaration").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Return) else None
            literal = value.value if isinstance(value, ast.Constant) else None
            if isinstance(literal, str) and CODE.fullmatch(literal):
                returned.add(literal)
    raised = set(library_codes()) | returned | set(_CODES.values()) | {"usage"}
    assert set(RULES) == raised
    assert {rule.contract for rule in RULES.values()} == set(CONTRACTS)
    assert all(rule.description.endswith(".") for rule in RULES.values())
