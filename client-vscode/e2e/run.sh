#!/usr/bin/env bash
# End-to-end test of the extension in a real VS Code (code-server 4.100.3, headless chromium).
# Installs the tools (idempotent), packages the .vsix (unless STANZALINT_VSIX names one),
# then drives VS Code: see e2e/e2e.mjs. Screenshots go to client-vscode/test-results/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ext="$(cd "$here/.." && pwd)"

bash "$here/install.sh"
if [[ -z "${STANZALINT_VSIX:-}" ]]; then
  (cd "$ext" && [[ -d node_modules ]] || npm ci --no-audit --no-fund)
  mkdir -p "$ext/test-results"
  (cd "$ext" && node scripts/package.mjs >"$ext/test-results/package.log" 2>&1) || { tail -n 40 "$ext/test-results/package.log"; echo "e2e: packaging the .vsix failed"; exit 1; }
  target="$(cd "$ext" && node -e 'import("./scripts/bundle-server.mjs").then(m => console.log(m.hostTarget()))')"
  export STANZALINT_VSIX="$ext/stanzalint-$target.vsix"
fi
exec node "$here/e2e.mjs"
