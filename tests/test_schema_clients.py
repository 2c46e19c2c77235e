"""The published schemas mean the same to every client: patterns anchored alike by
frictionless, python-jsonschema and the XSD regex dialect; formats that ajv (strict, with
ajv-formats) and check-jsonschema both know and check; string columns read as strings."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT

SCHEMAS = ROOT / "schemas"
JSON_SCHEMA = SCHEMAS / "declaration.jsonld.jsonschema.json"
CLIENTS = ROOT / "tests" / "clients"
JUNK = ["", " ", "x", "\n", "A|B", " NOT AN ID", "-", "0"]


def _table_patterns() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        for field in json.loads(path.read_text(encoding="utf-8"))["fields"]:
            pattern = field.get("constraints", {}).get("pattern")
            if pattern:
                found.append((path.name, field["name"], pattern))
    return found


def _json_patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [p for value in node.values() for p in _json_patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _json_patterns(value)]
    return []


TABLE_PATTERNS = _table_patterns()
JSON_PATTERNS = sorted(set(_json_patterns(json.loads(JSON_SCHEMA.read_text(encoding="utf-8")))))


def _probes(pattern: str, data: st.DataObject) -> list[str]:
    """Strings the pattern matches whole, and the same wrapped in junk on either side."""
    valid = [data.draw(st.from_regex(pattern, fullmatch=True)) for _ in range(3)]
    return (
        valid + [f"{j}{v}" for v in valid for j in JUNK] + [f"{v}{j}" for v in valid for j in JUNK]
    )


def _xml(value: str) -> bool:
    """A string XML 1.0 can hold (\r included), so that the XSD dialect can be asked."""
    return not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", value)


def _xsd_accepts(pattern: str, values: list[str]) -> list[bool]:
    from lxml import etree

    schema = etree.XMLSchema(
        etree.fromstring(
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="v">'
            '<xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="'
            + pattern.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            + '"/></xs:restriction></xs:simpleType></xs:element></xs:schema>'
        )
    )
    verdicts = []
    for value in values:
        element = etree.Element("v")
        element.text = value
        verdicts.append(schema.validate(etree.ElementTree(element)))
    return verdicts


def _frictionless_accepts(pattern: str, values: list[str]) -> list[bool]:
    from frictionless import Resource, Schema

    schema = Schema.from_descriptor(
        {"fields": [{"name": "v", "type": "string", "constraints": {"pattern": pattern}}]}
    )
    resource = Resource(data=[["v"], *[[v] for v in values]], schema=schema)
    report = resource.validate(limit_errors=10_000)
    bad = {row for row, kind in report.flatten(["rowNumber", "type"]) if kind == "constraint-error"}
    return [index + 2 not in bad for index in range(len(values))]


@pytest.mark.parametrize(("file", "field", "pattern"), TABLE_PATTERNS)
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_table_schema_pattern_means_the_same_to_frictionless_and_xsd(
    file: str, field: str, pattern: str, data: st.DataObject
) -> None:
    values = [v for v in _probes(pattern, data) if v and _xml(v)]
    whole = [re.fullmatch(pattern, v) is not None for v in values]
    assert _xsd_accepts(pattern, values) == whole, (file, field)
    # frictionless compiles "^" + pattern + "$" with Python's re, whose "$" also matches
    # before a final newline: a quirk of that client no XSD-dialect pattern can guard against
    # (the validator's byte comparison catches such a cell); probes without one agree.
    plain = [v for v in values if not v.endswith("\n")]
    assert _frictionless_accepts(pattern, plain) == [
        re.fullmatch(pattern, v) is not None for v in plain
    ]


@pytest.mark.parametrize("pattern", JSON_PATTERNS)
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_json_schema_pattern_is_anchored(pattern: str, data: st.DataObject) -> None:
    """ECMA-262 patterns match anywhere: each must carry its anchors around one group."""
    from jsonschema import Draft202012Validator

    assert pattern.startswith("^") and pattern.endswith("(?!\n)$"), pattern
    inner = pattern[1 : -len("(?!\n)$")]
    validator = Draft202012Validator({"type": "string", "pattern": pattern})
    for value in _probes(inner, data):
        assert validator.is_valid(value) == (re.fullmatch(inner, value) is not None), value


def _need(tool: str, why: str) -> None:
    if os.environ.get("CI") == "true":
        return
    pytest.skip(f"{tool} is not installed here ({why}); .ci/run installs it and CI requires it")


@pytest.fixture(scope="module")
def ajv() -> list[str]:
    node = shutil.which("node")
    if node is None or not (CLIENTS / "node_modules" / "ajv").is_dir():
        _need("node with ajv", "run: npm ci --prefix tests/clients")
    return [node or "node", str(CLIENTS / "ajv-validate.mjs")]


def _bad_iri(document: dict[str, Any]) -> dict[str, Any]:
    return {**document, "@id": "https://exa mple.org/not a uri"}


def test_ajv_strict_compiles_the_json_schema_and_checks_the_document(
    ajv: list[str], tmp_path: Path
) -> None:
    document = ROOT / "data" / "declaration.jsonld"
    result = subprocess.run(
        [*ajv, str(JSON_SCHEMA), str(document)], capture_output=True, check=False
    )
    assert json.loads(result.stdout) == {"compiled": True, "valid": True, "errors": []}
    broken = tmp_path / "broken.jsonld"
    broken.write_text(json.dumps(_bad_iri(json.loads(document.read_bytes()))), encoding="utf-8")
    result = subprocess.run([*ajv, str(JSON_SCHEMA), str(broken)], capture_output=True, check=False)
    verdict = json.loads(result.stdout)
    assert result.returncode == 1 and verdict["compiled"] and not verdict["valid"]
    assert {"pattern", "format"} <= {e["keyword"] for e in verdict["errors"]}


def test_check_jsonschema_checks_every_format_of_the_json_schema(tmp_path: Path) -> None:
    cli = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(JSON_SCHEMA)]
    document = ROOT / "data" / "declaration.jsonld"
    assert subprocess.run([*cli, str(document)], capture_output=True, check=False).returncode == 0
    schema = json.loads(JSON_SCHEMA.read_bytes())
    formats = {match for match in re.findall(r'"format": "([^"]+)"', json.dumps(schema))}
    assert formats <= {"uri", "date", "date-time"}, formats  # formats both clients know
    no_pattern = tmp_path / "schema.json"  # a format alone must still be checked
    no_pattern.write_text(
        re.sub(r'"pattern": "\^https\?://\[\^\\\\s\]\+\$", ', "", json.dumps(schema)),
        encoding="utf-8",
    )
    broken = tmp_path / "broken.jsonld"
    broken.write_text(
        json.dumps({**json.loads(document.read_bytes()), "@id": "https://a/b c"}), encoding="utf-8"
    )
    cli[-1] = str(no_pattern)
    result = subprocess.run([*cli, str(broken)], capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "is not a 'uri'" in result.stdout, result.stdout
