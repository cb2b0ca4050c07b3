#!/usr/bin/env bash
# Builds the example project in examples/demo/: its images (copied from Debian's
# python3-skimage; git-ignored) and its JSON (deterministic; committed).
#   examples/make-example.sh                # images and JSON
#   examples/make-example.sh --images-only  # what tools/build runs
#   examples/make-example.sh --json-only
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec /usr/bin/python3 "$here/make-example.py" "$@"
