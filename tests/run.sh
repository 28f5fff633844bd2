#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian machine, then run it.
# Usage: bash tests/run.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
fc-list 2>/dev/null | grep -qi "cjk" || need+=(fonts-noto-cjk)
command -v libreoffice >/dev/null || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
# WeasyPrint (the PDF edition) loads Pango through ctypes
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || need+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v pdftotext >/dev/null || need+=(poppler-utils)  # print test: text sizes in the printed PDF
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# axe-core for the contrast and accessibility test, pinned by tests/a11y/package-lock.json. npm comes from
# Debian when missing; a machine whose own Node.js packaging refuses Debian's npm still runs every other test.
if ! command -v npm >/dev/null; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null; } \
    || echo "tests/run.sh：无法安装 npm，无障碍检查（axe）将被跳过" >&2
fi
if command -v npm >/dev/null && [ ! -d tests/a11y/node_modules ]; then
  npm ci --prefix tests/a11y --no-audit --no-fund --loglevel=error >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
exec .venv/bin/python -m pytest "$@"
