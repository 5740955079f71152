#!/usr/bin/env bash
# Install everything the book and its tests need, from the repository's own files:
# a virtual environment .venv/ with requirements.txt, and the vendored JavaScript (npm ci).
# Needs Python 3.11 and Node.js 18+ with npm. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt
npm ci --no-audit --no-fund --loglevel=error
.venv/bin/python scripts/vendor_assets.py
