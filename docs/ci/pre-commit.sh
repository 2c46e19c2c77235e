#!/bin/sh
# The validator's pre-commit hook on a repository that holds a release: run in that
# repository, with VALIDATOR the path or URL of this repository (its .pre-commit-hooks.yaml
# defines the hook declaration-validate; pip install pre-commit). With
# DECLARATION_TRUSTED_SIGNERS set to an allowed_signers file with the publisher's key (or
# args: [--trusted-signers, FILE] on the hook in .pre-commit-config.yaml), a release must be
# signed by it.
set -eu
pre-commit try-repo "$VALIDATOR" declaration-validate --all-files
