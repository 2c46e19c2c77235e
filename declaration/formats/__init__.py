"""The formats of the release, one package (or module) each, with the same faces: its
shape (row models, nodes, context, element names), ``write``, ``read`` and its own checks,
and ``OUTPUTS``, the files it adds to the release (see :mod:`declaration.registry`). No
format imports another; what they share lives below them (the model, the layout, the
patterns, the identifiers)."""
