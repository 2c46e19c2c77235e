"""One module per format; each is a pair of pure functions, ``write`` and ``read``."""
