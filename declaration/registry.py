"""Every output of the release, in the order they are written (an output may use the files
written before it: the Turtle derives from the canonical N-Quads). The build writes them, the
descriptor describes them, and the validator writes them again to compare."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from declaration import schemas
from declaration.formats import akn, croissant, csv, csvw, jsonld, parquet, sqlite, text
from declaration.metadata import DatasetMeta
from declaration.model import Declaration
from declaration.output import Output

OUTPUTS: tuple[Output, ...] = (
    *csv.OUTPUTS,
    *csvw.OUTPUTS,
    *parquet.OUTPUTS,
    *sqlite.OUTPUTS,
    *jsonld.OUTPUTS,
    *akn.OUTPUTS,
    *text.OUTPUTS,
    *schemas.OUTPUTS,
)
OUTPUTS += (croissant.output(OUTPUTS),)  # describes the data files written before it
BY_PATH = {output.path: output for output in OUTPUTS}


# the outputs that say what the dataset is: written only when its facts are known
DATASET_PATHS = frozenset(o.path for o in OUTPUTS if o.write_with_dataset is not None)


def write(
    decl: Declaration,
    dataset: DatasetMeta | None = None,
    settle: Callable[[str, Callable[[], bytes]], bytes] | None = None,
) -> dict[str, bytes]:
    """Every output, by path, in path order (without ``DATASET_PATHS`` if no ``dataset``).

    ``settle(path, make)`` gives the bytes of an output, by calling ``make()`` or not, before
    the later ones are written from it (the validator keeps a database or a Parquet file
    found with the content expected).
    """
    files: dict[str, bytes] = {}
    for output in OUTPUTS:
        make: Callable[[], bytes]
        if output.write is not None:
            make = partial(output.write, decl, files)
        elif output.write_with_dataset is not None and dataset is not None:
            make = partial(output.write_with_dataset, decl, dataset, files)
        else:
            continue
        files[output.path] = make() if settle is None else settle(output.path, make)
    return dict(sorted(files.items()))
