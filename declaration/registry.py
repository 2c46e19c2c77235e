"""Every output of the release, in the order they are written (an output may use the files
written before it: the Turtle derives from the canonical N-Quads). The build writes them, the
descriptor describes them, and the validator writes them again to compare."""

from __future__ import annotations

from declaration import schemas
from declaration.formats import akn, csv, jsonld, parquet, text
from declaration.model import Declaration
from declaration.output import Output

OUTPUTS: tuple[Output, ...] = (
    *csv.OUTPUTS,
    *parquet.OUTPUTS,
    *jsonld.OUTPUTS,
    *akn.OUTPUTS,
    *text.OUTPUTS,
    *schemas.OUTPUTS,
)
BY_PATH = {output.path: output for output in OUTPUTS}


def write(decl: Declaration) -> dict[str, bytes]:
    """Every output, by path, in path order."""
    files: dict[str, bytes] = {}
    for output in OUTPUTS:
        files[output.path] = output.write(decl, files)
    return dict(sorted(files.items()))
