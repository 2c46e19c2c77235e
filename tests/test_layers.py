"""The import graph of the library: no format imports another, and no module imports one of
a higher layer (the validator uses the writers, the commands use the validator, never the
other way round)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Lower layers first; a module may import modules of its own layer or lower ones.
LAYERS: list[set[str]] = [
    {
        "errors",
        "codes",
        "ids",
        "french",
        "progress",
        "parallel",
        "patterns",
        "rules",
        "vocab",
        "semver",
        "xsd",
    },
    {"layout"},
    {"files", "dates", "model"},
    {"spool", "signing.sshsig"},
    {"signing.keys", "signing.trust"},
    {"signing"},
    {"metadata", "output", "release"},
    {"gazetteer", "parse"},
    {"enrich"},
    {"source"},
    {"tabular.rows"},
    {"tabular.columns"},
    {"tabular.tables"},
    {"tabular"},
    {
        "formats",
        "formats.akn.names",
        "formats.bundle.template",
        "formats.bundle.citation",
    },
    {"formats.bundle"},
    {"formats.csv.lines"},
    {"formats.csv.write", "formats.csv.read"},
    {"formats.csv"},
    {"formats.akn.write"},
    {"formats.akn.read"},
    {"formats.akn.check"},
    {"formats.akn"},
    {"formats.jsonld.shape", "formats.jsonld.shapes"},
    {"formats.jsonld.schema"},
    {"formats.jsonld.document"},
    {"formats.jsonld.read"},
    {"formats.jsonld.rdf"},
    {"formats.jsonld"},
    {"descriptor"},
    {"registry"},
    {"archive", "atomic"},
    {"site.catalog", "site.figures"},
    {"site.pages", "site.server"},
    {"site.releases", "site.text"},
    {"site"},
    {"validate.report", "validate.diff", "validate.inputs", "validate.run", "validate.locate"},
    {"validate.signature"},
    {"validate.formats"},
    {"validate.contracts", "validate.facts", "validate.compare", "validate.reference"},
    {"validate.steps"},
    {"validate"},
    {"diff.side"},
    {"diff"},
    {"diff.render"},
    {"commands"},
    {"cli", "__main__"},
]
RANK = {module: rank for rank, layer in enumerate(LAYERS) for module in layer}
FORMAT = RANK["formats"]  # a format of one module (formats/<name>.py) needs no line here


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("declaration")
        ):
            if node.module == "declaration":
                found |= {alias.name for alias in node.names if alias.name != "__version__"}
            else:
                found.add(node.module.removeprefix("declaration."))
        elif isinstance(node, ast.Import):
            found |= {
                a.name.removeprefix("declaration.")
                for a in node.names
                if a.name.startswith("declaration.")
            }
    return found


MODULES: dict[str, Path] = {
    ".".join(path.relative_to(ROOT / "declaration").with_suffix("").parts).removesuffix(
        ".__init__"
    ): path
    for path in sorted((ROOT / "declaration").rglob("*.py"))
    if path.name != "__init__.py" or path.parent.name != "declaration"
}


# a format of one module (``formats/<name>.py``) is in the formats' layer without a line above
RANK |= {
    module: FORMAT
    for module, path in MODULES.items()
    if module.count(".") == 1 and module.startswith("formats.") and path.name != "__init__.py"
} | {module: RANK[module] for module in RANK}


def test_every_module_has_a_layer() -> None:
    assert set(MODULES) == set(RANK), set(MODULES) ^ set(RANK)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_no_higher_layer_and_no_other_format(module: str) -> None:
    for imported in _imports(MODULES[module]):
        assert imported in RANK, f"{module} imports unknown {imported}"
        assert RANK[imported] <= RANK[module], f"{module} imports {imported}, a higher layer"
        if module.startswith("formats.") and imported.startswith("formats."):
            own = module.split(".")[1]
            assert imported.split(".")[1] == own, f"{module} imports another format, {imported}"
