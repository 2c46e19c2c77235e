"""Run the GitHub Action (action.yml) locally, its steps in their order, twice, as two jobs
of a workflow would: the first with an empty cache, the second with what the first saved.

The runner's parts are played here: ``actions/setup-python`` by this machine's python3
(3.11), ``actions/cache`` by a folder of saved environments keyed as the action keys them;
the action's own shell steps run as written, with their inputs in the environment. Prints
each step's log lines and the time it took, for BENCHMARKS.md.

    .venv/bin/python scripts/action_local.py RELEASE_DIR
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _python() -> tuple[str, str]:
    python = shutil.which("python3.11") or shutil.which("python3") or sys.executable
    version = subprocess.run(
        [python, "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return python, version


def _shell(script: str, env: dict[str, str]) -> tuple[int, str]:
    result = subprocess.run(
        ["bash", "-e", "-c", script], env=env, capture_output=True, text=True, check=False
    )
    return result.returncode, result.stdout + result.stderr


def job(release: Path, runner_temp: Path, store: Path) -> None:
    """One job: every step of the action, in its order."""
    steps = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["runs"]["steps"]
    python, version = _python()
    outputs: dict[str, dict[str, str]] = {}
    base = {**os.environ, "GITHUB_ACTION_PATH": str(ROOT), "RUNNER_TEMP": str(runner_temp)}
    base |= {"RUNNER_OS": "Linux", "RUNNER_ARCH": "X64"}
    saved: tuple[Path, str] | None = None
    for step in steps:
        start, name = time.perf_counter(), step["name"]
        uses = step.get("uses", "")
        if uses.startswith("actions/setup-python@"):
            outputs[step["id"]] = {"python-version": version, "python-path": python}
            log = f"python {version} at {python}"
        elif uses.startswith("actions/cache@"):
            key = outputs["key"]["key"]
            path = runner_temp / "declaration-venv"
            hit = (store / key).is_dir()
            if hit:
                shutil.copytree(store / key, path, symlinks=True)
            else:
                saved = (path, key)
            outputs[step["id"]] = {"cache-hit": "true" if hit else "false"}
            log = f"cache {'hit' if hit else 'miss'} for {key}"
        elif "if" in step and outputs["cache"]["cache-hit"] == "true":
            log = "skipped: steps.cache.outputs.cache-hit is true"
        else:
            env = dict(base)
            for variable, value in step.get("env", {}).items():
                value = str(value)
                value = value.replace("${{ steps.python.outputs.python-version }}", version)
                value = value.replace("${{ steps.python.outputs.python-path }}", python)
                value = value.replace("${{ inputs.path }}", str(release))
                value = value.replace("${{ inputs.format }}", "github")
                value = value.replace("${{ inputs.report }}", "")
                env[variable] = value
            output_file = runner_temp / "output"
            output_file.write_text("", encoding="utf-8")
            env["GITHUB_OUTPUT"] = str(output_file)
            code, log = _shell(step["run"], env)
            found = dict(
                line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line
            )
            outputs[step.get("id", name)] = found
            lines = [line for line in log.splitlines() if not line.startswith("WARNING: Location")]
            log = lines[0] if lines else f"exit {code}"
            if code:
                log = f"exit {code}: {log}"
        print(f"  {name:<50} {time.perf_counter() - start:8.1f} s   {log}")
    if saved is not None and saved[0].is_dir():  # the cache's post-job step
        shutil.copytree(saved[0], store / saved[1], symlinks=True)


def main() -> None:
    release = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        runner_temp, store = Path(tmp, "runner-temp"), Path(tmp, "cache")
        store.mkdir()
        for number in (1, 2):
            shutil.rmtree(runner_temp, ignore_errors=True)
            runner_temp.mkdir()
            print(f"job {number}:")
            job(release, runner_temp, store)


if __name__ == "__main__":
    main()
