#!/usr/bin/env bash
# Builds the example project's images (copied from Debian's python3-skimage) and refreshes
# examples/demo/project.json and labels.json (deterministic; committed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec /usr/bin/python3 "$here/make-example.py" "$@"
