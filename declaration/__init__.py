"""Open-data release of the France–China joint declaration on AI (6 May 2024).

The library: ``load`` and ``parse`` give a :class:`~declaration.model.Declaration`;
the formats, the bundle, the validator and the release build on it. Importing this
package loads none of the heavy libraries (lxml, frictionless, pyld, rdflib).
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
