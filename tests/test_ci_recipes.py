"""What our users add to their CI: the GitHub Action, the pre-commit hook and the recipes of
docs/ci/, each checked as its consumer reads it (the GitHub Actions, GitHub Workflows and
GitLab CI schemas that check-jsonschema ships, pre-commit's own manifest schema) and run
offline against a release, valid and tampered."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import NAME, ROOT

BIN = Path(sys.executable).parent
RECIPES = ROOT / "docs" / "ci"


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def _sh(script: str | Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    command = ["sh", str(script)] if isinstance(script, Path) else ["bash", "-c", script]
    return subprocess.run(
        command, cwd=cwd, env=_env() | env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def bundle(released: Path, tmp_path: Path) -> Path:
    copy = tmp_path / NAME
    shutil.copytree(released / NAME, copy)
    return copy


def _tamper(bundle: Path) -> None:
    csv = bundle / "data" / "paragraphs.csv"
    csv.write_bytes(csv.read_bytes().replace(b",point,3,3.,", b",point,3,4.,", 1))


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        ("action.yml", "vendor.github-actions"),
        ("docs/ci/github-workflow.yml", "vendor.github-workflows"),
        ("docs/ci/gitlab-ci.yml", "vendor.gitlab-ci"),
    ],
)
def test_the_action_and_the_workflows_are_valid_for_their_ci(path: str, schema: str) -> None:
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", schema, str(ROOT / path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pre_commit_hook_is_a_valid_manifest_that_runs_the_validator() -> None:
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "declaration-validate" and hook["entry"] == "declaration validate"
    import re

    assert re.search(hook["files"], f"release/{NAME}/datapackage.json")
    assert re.search(hook["files"], f"{NAME}.zip")
    assert not re.search(hook["files"], "data/paragraphs.csv")


def _action_step(name: str) -> str:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in action["runs"]["steps"] if s["name"] == name]
    return str(step["run"])


@pytest.mark.parametrize("form", ["github", "sarif"])
def test_the_action_validates_a_release_and_fails_on_a_tampered_one(
    bundle: Path, tmp_path: Path, form: str
) -> None:
    """The action's Validate step as the runner runs it (bash, its inputs in the
    environment), with the validator the install step would have put in the venv."""
    runner = tmp_path / "runner"
    (runner / "declaration-venv").mkdir(parents=True)
    (runner / "declaration-venv" / "bin").symlink_to(BIN)
    script = _action_step("Validate")
    inputs = {"RELEASE": NAME, "FORMAT": form, "REPORT": "report.out", "RUNNER_TEMP": str(runner)}
    valid = _sh(script, bundle.parent, **inputs)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert "::error" not in valid.stdout
    _tamper(bundle)
    tampered = _sh(script, bundle.parent, **inputs)
    assert tampered.returncode == 1, tampered.stdout + tampered.stderr
    report = (bundle.parent / "report.out").read_text(encoding="utf-8")
    assert report == tampered.stdout
    if form == "github":
        assert f"::error file={NAME}/data/paragraphs.csv," in report
    else:
        assert f'"uri": "{NAME}/data/paragraphs.csv"' in report


def test_the_gitlab_job_writes_a_junit_report_of_the_release(bundle: Path, tmp_path: Path) -> None:
    from junitparser import JUnitXml

    job = yaml.safe_load((RECIPES / "gitlab-ci.yml").read_text(encoding="utf-8"))
    script = "\n".join(job["validate-release"]["script"])
    work = tmp_path / "project"
    work.mkdir()
    (work / "release").symlink_to(bundle)
    assert _sh(script, work).returncode == 0
    assert JUnitXml.fromfile(str(work / "validation.xml")).failures == 0
    _tamper(bundle)
    assert _sh(script, work).returncode == 1
    xml = JUnitXml.fromfile(str(work / "validation.xml"))
    assert xml.failures >= 1
    failed = [s.name for s in xml for case in s if case.result]
    assert "data/paragraphs.csv" in failed


@pytest.mark.parametrize("recipe", ["check-jsonschema.sh", "frictionless.sh", "xmllint.sh"])
def test_each_single_format_recipe_passes_offline_on_the_release(bundle: Path, recipe: str) -> None:
    if recipe == "xmllint.sh" and not shutil.which("xmllint"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI must install libxml2-utils (.ci/run)")
        pytest.skip("xmllint is not installed here (Debian: libxml2-utils); .ci/run installs it")
    result = _sh(RECIPES / recipe, bundle)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("recipe", "edit"),
    [
        (
            "check-jsonschema.sh",
            ("data/declaration.jsonld", b'"eId": "preamble__p_1"', b'"eId": "preamble p 1"'),
        ),
        ("frictionless.sh", ("data/paragraphs.csv", b",point,3,3.,", b",point,three,3.,")),
        ("xmllint.sh", ("data/declaration.fra.akn.xml", b"<num>1.</num>", b"<nom>1.</nom>")),
    ],
)
def test_each_single_format_recipe_fails_on_a_broken_file(
    bundle: Path, recipe: str, edit: tuple[str, bytes, bytes]
) -> None:
    if recipe == "xmllint.sh" and not shutil.which("xmllint"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI must install libxml2-utils (.ci/run)")
        pytest.skip("xmllint is not installed here (Debian: libxml2-utils); .ci/run installs it")
    path, old, new = edit
    data = (bundle / path).read_bytes()
    assert old in data, (path, old)
    (bundle / path).write_bytes(data.replace(old, new, 1))
    result = _sh(RECIPES / recipe, bundle)
    assert result.returncode != 0, result.stdout + result.stderr


def _git(repo: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@localhost", *arguments],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_pre_commit_try_repo_passes_on_a_release_and_fails_on_a_tampered_one(
    bundle: Path, tmp_path: Path
) -> None:
    """The hook as pre-commit installs it (pip, from the package index) and runs it, on a
    scratch repository holding a release."""
    if os.environ.get("CI") != "true" and os.environ.get("RUN_NETWORK_TESTS") != "1":
        pytest.skip(
            "pre-commit installs the hook from PyPI: runs in CI, or with RUN_NETWORK_TESTS=1"
        )
    if not (ROOT / ".git").exists():
        pytest.fail("pre-commit try-repo needs this repository to be a git clone")
    repo = tmp_path / "user"
    shutil.copytree(bundle, repo / "release")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "a release")
    env = {"VALIDATOR": str(ROOT), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    valid = _sh(RECIPES / "pre-commit.sh", repo, **env)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    _tamper(repo / "release")
    _git(repo, "commit", "-q", "-am", "a tampered table")
    tampered = _sh(RECIPES / "pre-commit.sh", repo, **env)
    assert tampered.returncode == 1, tampered.stdout + tampered.stderr
    assert "data/paragraphs.csv" in tampered.stdout and "row 7, field label" in tampered.stdout
