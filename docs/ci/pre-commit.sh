#!/bin/sh
# The validator's pre-commit hook on a repository that holds a release: run in that
# repository, with VALIDATOR the path or URL of this repository (its .pre-commit-hooks.yaml
# defines the hook declaration-validate; pip install pre-commit).
set -eu
pre-commit try-repo "$VALIDATOR" declaration-validate --all-files
