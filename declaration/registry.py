"""Every output of the release, in the order they are written (an output may use the files
written before it: the Turtle derives from the canonical N-Quads). The build writes them, the
descriptor describes them, and the validator writes them again to compare."""

from __future__ import annotations

from declaration import schemas
from declaration.formats import akn, csv, jsonld, parquet, sqlite, text
from declaration.metadata import DatasetMeta
from declaration.model import Declaration
from declaration.output import Output

OUTPUTS: tuple[Output, ...] = (
    *csv.OUTPUTS,
    *parquet.OUTPUTS,
    *sqlite.OUTPUTS,
    *jsonld.OUTPUTS,
    *akn.OUTPUTS,
    *text.OUTPUTS,
    *schemas.OUTPUTS,
)
BY_PATH = {output.path: output for output in OUTPUTS}


# the outputs that say what the dataset is: written only when its facts are known
DATASET_PATHS = frozenset(o.path for o in OUTPUTS if o.write_with_dataset is not None)


def write(decl: Declaration, dataset: DatasetMeta | None = None) -> dict[str, bytes]:
    """Every output, by path, in path order (without ``DATASET_PATHS`` if no ``dataset``)."""
    files: dict[str, bytes] = {}
    for output in OUTPUTS:
        if output.write is not None:
            files[output.path] = output.write(decl, files)
        elif output.write_with_dataset is not None and dataset is not None:
            files[output.path] = output.write_with_dataset(decl, dataset, files)
    return dict(sorted(files.items()))
