"""The command line: argument parsing and rendering only; each command calls one library function.

Errors are rendered once, here, as ``PATH:LINE:COL: error[CODE]: message`` on stderr.
Exit codes: 0 success, 1 invalid data, 2 bad input or usage.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from declaration import __version__
from declaration.errors import DeclarationError, Location, printable

SOURCE_DIR = click.argument(
    "source_dir",
    required=False,
    type=click.Path(path_type=Path),
)
QUIET = click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Show no progress (shown on a terminal only, never in a pipe, a log or a report).",
)


def _progress(shown: bool) -> None:
    """Show long work's progress on stderr as a bar, if ``shown`` and stderr is a terminal."""
    from declaration import progress

    if not shown or not sys.stderr.isatty():
        progress.show(None)
        return

    def reporter(what: str, total: int) -> Callable[[int | None], None]:
        import shutil

        from tqdm import tqdm

        size = shutil.get_terminal_size()  # the terminal's, else $COLUMNS and $LINES, else 80x24
        bar = tqdm(
            total=total,
            desc=what,
            leave=False,
            file=sys.stderr,
            ncols=size.columns,
            nrows=max(size.lines, 2),
        )

        def advance(count: int | None) -> None:
            if count is None:
                bar.close()
            else:
                bar.update(count)

        return advance

    progress.show(reporter)


def _out_beside(what: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``--out``, by default the directory that holds the source (a repository's root)."""
    return click.option(
        "--out",
        type=click.Path(path_type=Path),
        help=f"{what} [default: the parent of SOURCE_DIR].",
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="declaration")
def cli() -> None:
    """Build, check and publish the open-data release of the France–China joint
    declaration on artificial intelligence (6 May 2024).

    SOURCE_DIR defaults to the embedded declaration (the repository's source/).
    """


@cli.command()
@SOURCE_DIR
@click.option("--json", "as_json", is_flag=True, help="Print the whole model as JSON.")
@QUIET
def parse(source_dir: Path | None, as_json: bool, quiet: bool) -> None:
    """Parse SOURCE_DIR (one declaration, or a corpus) and print a summary: per declaration,
    one line per paragraph (eId, kind, first words)."""
    _progress(not quiet)
    from declaration.source import load_release

    release = load_release(source_dir)
    if as_json:
        shown = release.one([d.model_dump_json(indent=2) for d in release])
        click.echo(shown if isinstance(shown, str) else "[" + ",\n".join(shown) + "]")
        return
    for index, decl in enumerate(release):
        if index:
            click.echo("")
        click.echo(f"{decl.id}: {decl.title}")
        click.echo(
            f"{len(decl.preamble)} preamble paragraphs, {len(decl.points)} points, "
            f"{len(decl.excluded)} excluded spans; source SHA-256 {decl.source.sha256}"
        )
        for paragraph in decl.paragraphs:
            words = " ".join(paragraph.text.split()[:8])
            click.echo(f"{paragraph.eid:<14} {paragraph.kind:<8} {words} …")


@cli.command()
@SOURCE_DIR
@_out_beside("Directory to write data/ and schemas/ into")
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    help="The previous release (a bundle, its zip or a source directory): the version in "
    "metadata.toml must be at least what the changes since it call for.",
)
@QUIET
def build(source_dir: Path | None, out: Path | None, previous: Path | None, quiet: bool) -> None:
    """Write every record (CSV, JSON-LD, Turtle, N-Quads, Akoma Ntoso, text) and schema, atomically."""
    _progress(not quiet)
    from declaration.commands import build as run_build

    written = run_build(source_dir, out, previous)
    click.echo(f"wrote {len(written)} files under {written[0].parent.parent if written else out}")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (--format json).")
@click.option(
    "--format",
    "form",
    type=click.Choice(["text", "json", "github", "junit", "sarif"]),
    default="text",
    show_default=True,
    help="text for people, json for programs, github for GitHub Actions annotations, junit "
    "for GitLab/Jenkins/Azure test reports, sarif for GitHub code scanning.",
)
@click.option(
    "--sarif-srcroot",
    is_flag=True,
    help="In SARIF, give the working directory's absolute address as %SRCROOT% (the paths "
    "are relative to it; by default no path of this machine is in a report).",
)
@click.option(
    "--trusted-signers",
    "trusted_path",
    type=click.Path(path_type=Path),
    help="An allowed_signers file (ssh-keygen's format): the release must be signed by one of "
    "its keys, for the project's namespace, over the SHA256SUMS found "
    "[env: DECLARATION_TRUSTED_SIGNERS].",
)
@QUIET
def validate(
    paths: tuple[Path, ...],
    as_json: bool,
    form: str,
    sarif_srcroot: bool,
    trusted_path: Path | None,
    quiet: bool,
) -> None:
    """Check every contract of each PATH: a directory, a datapackage.json or a release zip
    [default: the repository]. One report for all of them. Exit 0 valid, 1 invalid,
    2 unreadable."""
    _progress(not quiet and form == "text" and not as_json)
    from declaration.signing import ENVIRONMENT, trusted_signers
    from declaration.validate import validate as run_validate
    from declaration.validate.formats import render

    if not paths:
        from declaration.source import default_source_dir

        paths = (default_source_dir().parent,)
    given = trusted_path or os.environ.get(ENVIRONMENT)  # empty: unset
    trusted = trusted_signers(Path(given)) if given else None
    reports = [run_validate(path, trusted) for path in paths]
    click.echo(render(reports, "json" if as_json else form, srcroot=sarif_srcroot))
    if not all(report.valid for report in reports):
        sys.exit(1)


@cli.command()
@SOURCE_DIR
@_out_beside("The repository to write them at the root of")
def deposit(source_dir: Path | None, out: Path | None) -> None:
    """Write the repository's CITATION.cff (the code, citing the dataset) and .zenodo.json
    (Zenodo's deposit metadata) from the dataset facts."""
    from declaration.commands import deposit as run_deposit

    for path in run_deposit(source_dir, out):
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "form",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text for people, json for programs, markdown for a changelog.",
)
def diff(old: Path, new: Path, form: str) -> None:
    """What changed from OLD to NEW, record by record, and the version change it calls for.
    Each is a bundle directory, a datapackage.json, a release zip or a source directory.
    Exit 0 the same content, 1 different, 2 unreadable."""
    from declaration.diff import compare, open_side
    from declaration.diff.render import render

    found = compare(open_side(old), open_side(new))
    click.echo(render(found, form), nl=form != "markdown")
    if not found.identical:
        sys.exit(1)


@cli.command()
@SOURCE_DIR
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Directory to put the release bundle and its zip in.",
)
@click.option(
    "--sign",
    "key",
    type=click.Path(path_type=Path),
    help="Sign SHA256SUMS with this Ed25519 key: an OpenSSH private key file without a "
    "passphrase, or the public key (.pub) of a key ssh-agent holds.",
)
@QUIET
def publish(source_dir: Path | None, out: Path, key: Path | None, quiet: bool) -> None:
    """Build, validate and publish a reproducible release bundle and zip."""
    _progress(not quiet)
    from declaration.commands import publish as run_publish

    published = run_publish(source_dir, out, key)
    click.echo(f"bundle:  {published.bundle}/")
    click.echo(f"zip:     {published.zip} ({published.size} bytes)")
    click.echo(f"sha256:  {published.sha256}")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn every expected error into one line and an exit code."""
    try:
        cli.main(args=argv, prog_name="declaration", standalone_mode=False)
    except DeclarationError as error:
        click.echo(error.render(), err=True)
        sys.exit(error.exit_code)
    except OSError as error:  # a file that cannot be read or written: bad input, one line
        where = Location(str(error.filename or "."))
        click.echo(
            DeclarationError("io-error", error.strerror or str(error), where).render(), err=True
        )
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as error:  # usage: the command line is the input
        message = " ".join(error.format_message().split())
        click.echo(f"<command line>:1:1: error[usage]: {printable(message, 1000)}", err=True)
        sys.exit(2)
    sys.exit(0)


def entry() -> None:
    """The console script: :func:`main`, then leave at once once the output is flushed.

    A validation loads large libraries (rdflib, frictionless, lxml's XSD); tearing them down
    at exit costs a CI job a tenth of a second for nothing. The files are all closed by then.

    pyarrow imports numpy where it is installed, and numpy's OpenBLAS then starts a thread
    per core that spins for nothing: the command does no linear algebra, so unless the user
    says otherwise, OpenBLAS keeps to one thread (55 ms of CPU less for each validation).
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        main()
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: nobody reads what is left
        code = code or 1
    os._exit(code)
