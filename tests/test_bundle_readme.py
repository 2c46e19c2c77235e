"""The bundle README can be followed as written: its install section names everything its
snippets use, each snippet runs and reads the columns with their types (in the bundle of the
declaration and in that of a corpus), and (in CI, with the network) the install section and
every snippet work in a clean virtual environment."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import entry_points, packages_distributions
from pathlib import Path

import pytest

from declaration import registry
from tests.conftest import NAME, ROOT

BIN = Path(sys.executable).parent


def _snippets(bundle: Path) -> list[tuple[str, str]]:
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```(python|sh)\n(.*?)```", readme, flags=re.DOTALL)


def _install(bundle: Path) -> str:
    (body,) = [body for _, body in _snippets(bundle) if "pip install" in body]
    return body


def _usage(bundle: Path) -> list[tuple[str, str]]:
    return [(lang, body) for lang, body in _snippets(bundle) if "pip install" not in body]


def _pins(bundle: Path) -> dict[str, str]:
    return dict(re.findall(r'"([A-Za-z0-9_.-]+)==([^"]+)"', _install(bundle)))


def test_the_readme_has_every_snippet_it_promises(released: Path) -> None:
    assert len(_usage(released / NAME)) == SNIPPETS  # so that every one of them is run
    code = "\n".join(body for _, body in _snippets(released / NAME))
    for tool in (
        "pandas",
        "pyarrow",
        "sqlite3",
        "datasette",
        "mlcroissant",
        "duckdb",
        "frictionless",
        "rdflib",
        "lxml",
        "check-jsonschema",
    ):
        assert tool in code, tool
    for tool in ("xmllint", "libxml2-utils", "sha256sum -c", "pip install"):
        assert tool in code, tool


def test_the_install_section_pins_what_the_tests_run_with(released: Path) -> None:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for name, version in _pins(released / NAME).items():
        assert re.search(rf"^{re.escape(name)}=={re.escape(version)} ", lock, re.M), name


def test_the_install_section_names_every_package_the_snippets_use(released: Path) -> None:
    pins = {name.lower() for name in _pins(released / NAME)}
    providers = packages_distributions()
    scripts = {
        ep.name: ep.dist.name.lower() for ep in entry_points(group="console_scripts") if ep.dist
    }
    for language, body in _usage(released / NAME):
        if language == "python":
            modules = {
                (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
                for node in ast.walk(ast.parse(body))
                if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names
            }
            for module in modules - set(sys.stdlib_module_names):
                assert {d.lower() for d in providers[module]} & pins, module
        else:
            for command in re.findall(r"^(\S+)", body, re.M):
                if command in ("xmllint", "sha256sum"):  # Debian's libxml2-utils, coreutils
                    continue
                assert scripts.get(command) in pins, command


# the usage snippets of the bundle README, each run by the test below: the outputs' examples
# and the commands that check the release in CI
SNIPPETS = sum(len(out.examples) for out in registry.OUTPUTS) + 1


@pytest.mark.parametrize("index", range(SNIPPETS))
@pytest.mark.parametrize("edition", ["declaration", "corpus"])
def test_each_readme_snippet_runs_as_written(
    request: pytest.FixtureRequest, edition: str, index: int
) -> None:
    bundle = request.getfixturevalue("released" if edition == "declaration" else "published_corpus")
    language, body = _usage(bundle / NAME)[index]
    needs = [tool for tool in ("xmllint", "sha256sum") if tool in body and not shutil.which(tool)]
    if needs:
        assert os.environ.get("CI") != "true", f"CI must install {needs} (.ci/run)"
        pytest.skip(f"{', '.join(needs)} not installed here (Debian: libxml2-utils, coreutils)")
    result = _run(language, body, bundle / NAME, BIN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() or language == "sh"
    if "read_csv" in body or "read_parquet" in body:  # the label "1." is a string, not 1.0
        assert "1." in result.stdout and "1.0" not in result.stdout, result.stdout


def _run(language: str, body: str, cwd: Path, bin_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    command = (
        [str(bin_dir / "python"), "-c", body]
        if language == "python"
        else ["bash", "-euo", "pipefail", "-c", body]
    )
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_readme_works_in_a_clean_virtual_environment(released: Path, tmp_path: Path) -> None:
    """The install section as written (it downloads from PyPI), then every snippet with it."""
    if os.environ.get("CI") != "true" and os.environ.get("RUN_NETWORK_TESTS") != "1":
        pytest.skip("downloads from PyPI: runs in CI, or here with RUN_NETWORK_TESTS=1")
    bundle = tmp_path / NAME
    shutil.copytree(released / NAME, bundle)
    result = _run("sh", _install(bundle), bundle, Path("/usr/bin"))
    assert result.returncode == 0, result.stdout + result.stderr
    for language, body in _usage(bundle):
        if "xmllint" in body and not shutil.which("xmllint"):
            assert os.environ.get("CI") != "true", "CI must install libxml2-utils (.ci/run)"
            continue
        result = _run(language, body, bundle, bundle / ".venv" / "bin")
        assert result.returncode == 0, body + result.stdout + result.stderr
