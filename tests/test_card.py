"""The bundle README is a Hugging Face dataset card: its front matter is YAML the Hub reads,
and the ``datasets`` library loads each table from the bundle offline, typed as its Table
Schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from declaration.formats import card
from declaration.tabular import TABLES
from tests.conftest import NAME, offline_env

LOAD = """
import json, sys
import datasets
out = {}
for name in sys.argv[2:]:
    table = datasets.load_dataset(sys.argv[1], name, split="train")
    out[name] = {
        "features": {k: repr(v) for k, v in table.features.items()},
        "rows": [{k: str(v) for k, v in row.items()} for row in table],
    }
print(json.dumps(out))
"""


# the feature each Table Schema type loads as
FEATURES = {
    "string": "Value('string')",
    "integer": "Value('int64')",
    "boolean": "Value('bool')",
    "date": "Value('date32')",
    "array": "List(Value('string'))",
}


def _front_matter(bundle: Path) -> dict[str, object]:
    text = (bundle / "README.md").read_text(encoding="utf-8")
    assert text.startswith(card.FENCE)
    head, _, body = text[len(card.FENCE) :].partition("\n" + card.FENCE)
    assert body.startswith("\n# ")  # the README itself follows
    found: dict[str, object] = yaml.safe_load(head)
    return found


def test_the_front_matter_says_only_what_the_release_knows(released: Path) -> None:
    meta = _front_matter(released / NAME)
    assert meta["license"] == "etalab-2.0" and meta["language"] == ["fr"]
    assert isinstance(meta["pretty_name"], str) and meta["pretty_name"].startswith("Déclaration")
    configs = meta["configs"]
    assert isinstance(configs, list)
    assert [c["config_name"] for c in configs] == [t.name for t in TABLES]
    for config in configs:
        (files,) = config["data_files"]
        assert files == {"split": "train", "path": f"data/{config['config_name']}.parquet"}
        assert (released / NAME / files["path"]).is_file()
    assert [c["config_name"] for c in configs if c.get("default")] == ["paragraphs"]
    assert set(meta) == {"pretty_name", "license", "language", "tags", "configs"}


@pytest.mark.parametrize("edition", ["declaration", "corpus"])
def test_datasets_loads_each_table_offline_with_its_types(
    request: pytest.FixtureRequest, edition: str, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    released = request.getfixturevalue(
        "released" if edition == "declaration" else "published_corpus"
    )
    env = {**offline_env(), "HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "1"}
    env["HF_DATASETS_OFFLINE"] = "1"
    names = [t.name for t in TABLES]
    result = subprocess.run(
        [sys.executable, "-c", LOAD, str(released / NAME), *names],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    for table in TABLES:
        want = pq.read_table(released / NAME / f"data/{table.name}.parquet")
        got = loaded[table.name]
        assert list(got["features"]) == [c.name for c in table.columns]
        for column in table.columns:
            assert got["features"][column.name] == FEATURES[column.type], column.name
        assert got["rows"] == [{k: str(v) for k, v in row.items()} for row in want.to_pylist()]
