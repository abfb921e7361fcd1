#!/usr/bin/env bash
# Set up Policy KB on a fresh machine: .venv/ with torch 2.13.0 (CPU) first, then the package.
#   bash scripts/setup.sh          # the app and CLI
#   bash scripts/setup.sh --test   # plus test dependencies (pytest, playwright, Ray for `kb ingest --ray` and its
#                                  # test) and Debian's chromium for the browser test
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# torch first, pinned: anything else lets pip pull a multi-GB CUDA build.
if ! .venv/bin/python -c "import torch, sys; sys.exit(0 if torch.__version__.startswith('2.13.0') else 1)" 2>/dev/null; then
  .venv/bin/pip install -q torch==2.13.0
fi
if [ "${1:-}" = "--test" ]; then
  .venv/bin/pip install -q -e '.[test]'
  # Debian's chromium for the browser test (never `playwright install`), and a CJK font for readable screenshots.
  if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi -e wqy -e "noto.*cjk"; then
    if command -v apt-get >/dev/null 2>&1; then
      (apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null) \
        || echo "warning: could not install chromium / CJK fonts with apt-get" >&2
    fi
  fi
else
  .venv/bin/pip install -q -e .
fi
