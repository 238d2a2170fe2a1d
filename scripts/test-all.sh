#!/usr/bin/env bash
# Install everything the tests need from this repository's own files, then run every test:
# the Python tests (parser oracle, rules, CLI, language server, Neovim end to end), the
# documentation site (mkdocs, strict) and the VS Code client (unit tests, then the extension
# in a real VS Code driven by Chromium).
#
#   ./scripts/test-all.sh            everything
#   SKIP_E2E=1 ./scripts/test-all.sh everything but the real-VS-Code test
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

step() { printf '\n==> %s\n' "$*"; }

# --- system packages (Debian): Neovim for the editor test; the VS Code e2e installs its own ---
if ! command -v nvim >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    step "installing neovim (Debian)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends neovim >/dev/null
  else
    echo "note: nvim not found and cannot apt-get install it: the Neovim test will be skipped" >&2
  fi
fi

# --- Python ---------------------------------------------------------------------------------
step "installing the Python package and test dependencies (pinned by constraints.txt)"
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -c constraints.txt -e ".[test,docs]"

step "Python tests"
.venv/bin/python -m pytest -q -n 2 -p no:cacheprovider

step "mypy --strict: the typed layers listed under [tool.mypy] in pyproject.toml"
.venv/bin/mypy

step "import layers: lint-imports (the contracts in pyproject.toml; see docs/architecture.md)"
.venv/bin/lint-imports --no-cache

step "Python static checks: ruff check (the rules in pyproject.toml) and ruff format --check"
.venv/bin/ruff check
.venv/bin/ruff format --check

step "documentation site: mkdocs build --strict (no broken link, no page left out of the navigation)"
site=$(mktemp -d)
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict --site-dir "$site"
rm -rf "$site"

# --- VS Code client -------------------------------------------------------------------------
step "VS Code client: npm ci, typecheck, lint, unit tests"
(cd client-vscode && npm ci --no-audit --no-fund --loglevel=error && npm test)

if [ "${SKIP_E2E:-0}" != "1" ]; then
  step "VS Code client: end to end in a real VS Code (code-server + Chromium)"
  (cd client-vscode && bash e2e/install.sh && npm run test:e2e)
fi

step "all tests passed"
