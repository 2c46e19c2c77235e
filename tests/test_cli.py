"""The command line, run as users run it: exit codes, one-line errors, no traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SOURCE_FILE, Ran, run_cli

ERROR_LINE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<column>\d+): error\[(?P<code>[a-z0-9-]+)\]: .+$"
)


def run(*args: str | Path) -> Ran:
    return run_cli(*args)


def test_parse_prints_one_line_per_paragraph() -> None:
    result = run("parse")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    eids = [line.split()[0] for line in lines[2:]]
    assert eids == [f"preamble__p_{n}" for n in (1, 2, 3)] + [f"para_{n}" for n in range(1, 11)]
    assert "3 preamble paragraphs, 10 points" in lines[1]


def test_parse_json_rebuilds_the_published_file_byte_for_byte() -> None:
    result = run("parse", "--json")
    assert result.returncode == 0, result.stderr
    model = json.loads(result.stdout)
    paragraphs, excluded = model["paragraphs"], model["excluded"]
    assert [p["kind"] for p in paragraphs] == ["preamble"] * 3 + ["point"] * 10
    pieces = [(p["start"], p["text"]) for p in paragraphs] + [
        (e["start"], e["text"]) for e in excluded
    ]
    pieces += [
        (p["start"] - len(p["label"]) - 1, p["label"] + " ") for p in paragraphs if p["label"]
    ]
    rebuilt, offset = [], 0
    for start, text in sorted(pieces):
        rebuilt.append("\n\n" if start > offset else "")  # the separators: one blank line
        assert start - offset in (0, 2)
        rebuilt.append(text)
        offset = start + len(text)
    published = (ROOT / "source" / SOURCE_FILE).read_bytes()
    assert "".join(rebuilt).encode("utf-8") == published


def test_bad_input_exits_2_with_one_located_line(source_copy) -> None:
    directory = source_copy(text="1. Sans préambule.")
    result = run("parse", directory)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    match = ERROR_LINE.match(line)
    assert match is not None, line
    assert (match["path"], match["line"], match["column"], match["code"]) == (
        str(directory / SOURCE_FILE),
        "1",
        "1",
        "no-preamble",
    )
    assert result.stdout == ""


def test_bad_metadata_exits_2_with_one_located_line(source_copy) -> None:
    directory = source_copy(metadata=lambda t: t.replace("date = 2024-05-06", "date = 2024-05-32"))
    result = run("parse", directory)
    assert result.returncode == 2
    match = ERROR_LINE.match(result.stderr.strip())
    assert match is not None and match["code"] == "metadata-toml", result.stderr


def test_a_missing_directory_is_bad_input(tmp_path: Path) -> None:
    result = run("parse", tmp_path / "nowhere")
    assert result.returncode == 2
    assert ERROR_LINE.match(result.stderr.strip()) is not None, result.stderr


def test_unknown_option_is_a_usage_error() -> None:
    result = run("parse", "--nope")
    assert result.returncode == 2
    assert "No such option" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [[], ["parse"]])
def test_every_command_explains_itself(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "Usage: declaration" in result.stdout


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "declaration"
    result = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "declaration" in result.stdout


def _run_in_process(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    from declaration.cli import main

    with pytest.raises(SystemExit) as exited:
        main(list(args))
    return int(exited.value.code or 0), capsys.readouterr().err


def test_every_bad_text_exits_2_with_one_located_line(source_copy, published, capsys) -> None:
    from tests.test_parse import BAD_TEXTS

    for case, (make, code, line, column) in sorted(BAD_TEXTS.items()):
        directory = source_copy(text=make(published))
        status, err = _run_in_process(capsys, "parse", str(directory))
        assert status == 2, case
        (message,) = err.splitlines()
        match = ERROR_LINE.match(message)
        assert match is not None and match["code"] == code, message
        assert (int(match["line"]), int(match["column"])) == (line, column), message


def test_every_bad_metadata_exits_2_with_one_located_line(source_copy, capsys) -> None:
    from tests.test_metadata import BAD_METADATA

    for case, (edit, code, _) in sorted(BAD_METADATA.items()):
        directory = source_copy(metadata=edit)
        status, err = _run_in_process(capsys, "parse", str(directory))
        assert status == 2, case
        (message,) = err.splitlines()
        match = ERROR_LINE.match(message)
        assert match is not None and match["code"] == code, message
        assert "Traceback" not in err


def _stderr_on_a_terminal(*args: str | Path) -> tuple[int, str]:
    """Run the console script with its stderr a terminal (a pseudo-terminal), its stdout a
    pipe; what it wrote on the terminal."""
    import os
    import pty

    controller, terminal = pty.openpty()
    env = {**os.environ, "DECLARATION_WORKERS": "1", "COLUMNS": "100"}
    process = subprocess.Popen(
        [Path(sys.executable).parent / "declaration", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal's other end is closed: the process is done
            break
        if not chunk:
            break
        shown += chunk
    process.communicate()
    os.close(controller)
    return process.returncode, shown.decode("utf-8", "replace")


def test_long_work_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    """Building a corpus shows how many declarations are written, of how many, on a
    terminal; nothing with --quiet, in a pipe, or with a report format for machines."""
    from tests import synthetic
    from tests.conftest import CORPUS

    source = synthetic.corpus(tmp_path / "source", CORPUS)
    code, shown = _stderr_on_a_terminal("build", source, "--out", tmp_path / "out")
    assert code == 0, shown
    assert "declarations written" in shown and "0/3" in shown, shown  # done, of how many
    code, shown = _stderr_on_a_terminal("build", source, "--out", tmp_path / "out", "--quiet")
    assert code == 0 and shown == "", shown
    code, shown = _stderr_on_a_terminal("validate", tmp_path / "out", "--format", "json")
    assert code == 0 and shown == "", shown
    piped = subprocess.run(
        [sys.executable, "-m", "declaration", "build", str(source), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "DECLARATION_WORKERS": "1"},
    )
    assert piped.returncode == 0 and piped.stderr == "", piped.stderr
