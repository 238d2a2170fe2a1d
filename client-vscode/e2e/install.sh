#!/usr/bin/env bash
# Installs what the end-to-end test needs: Debian's chromium (driven by playwright-core),
# and code-server 4.100.3 (VS Code 1.100.3 in the browser) from npm.
# Idempotent: a second run with everything in place does nothing and takes about a second.
# Everything npm brings lands in <repo>/.tools/vscode-e2e (gitignored).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_CORE_VERSION=1.57.0
RIPGREP_CACHE=vscode-ripgrep-cache-1.15.11
RIPGREP_ARCHIVE=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tools="${STANZALINT_E2E_TOOLS:-$repo/.tools/vscode-e2e}"
log() { printf '[e2e-install] %s\n' "$*"; }

# 1. Debian packages: chromium for the browser, libkrb5-dev to build code-server's kerberos
#    module, ripgrep standing in for the rg binary that @vscode/ripgrep would download.
need_apt=()
for pkg in chromium libkrb5-dev ripgrep; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need_apt+=("$pkg")
done
if ((${#need_apt[@]})); then
  log "apt-get install ${need_apt[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  mkdir -p "$tools"
  { "${sudo_cmd[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need_apt[@]}"; } \
    >"$tools/apt-install.log" 2>&1 || { tail -n 40 "$tools/apt-install.log"; log "apt-get install failed"; exit 1; }
else
  log "Debian packages already installed"
fi

# 2. npm packages, pinned, into $tools.
installed_version() {
  node -e 'try{console.log(require(process.argv[1]).version)}catch{console.log("")}' "$tools/node_modules/$1/package.json"
}
if [[ "$(installed_version code-server)" == "$CODE_SERVER_VERSION" && "$(installed_version playwright-core)" == "$PLAYWRIGHT_CORE_VERSION" \
      && -f "$tools/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ]]; then
  log "code-server $CODE_SERVER_VERSION and playwright-core $PLAYWRIGHT_CORE_VERSION already installed in $tools"
  exit 0
fi

mkdir -p "$tools"
[[ -f "$tools/package.json" ]] || printf '{\n  "private": true,\n  "description": "tools for the stanzalint VS Code end-to-end test"\n}\n' >"$tools/package.json"
scratch="$tools/tmp"
rm -rf "$scratch"
mkdir -p "$scratch/rg" "$scratch/$RIPGREP_CACHE"
cp "$(command -v rg)" "$scratch/rg/rg"
tar -C "$scratch/rg" -czf "$scratch/$RIPGREP_CACHE/$RIPGREP_ARCHIVE" rg

log "npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_CORE_VERSION (a few minutes)"
(
  cd "$tools"
  export TMPDIR="$scratch"
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  npm_config_nodedir=/usr npm_config_unsafe_perm=true npm_config_yes=true npm_config_build_from_source=true \
    npm install --no-audit --no-fund --foreground-scripts \
      "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_CORE_VERSION" >"$tools/npm-install.log" 2>&1 \
    || { tail -n 60 "$tools/npm-install.log"; log "npm install failed (full log: $tools/npm-install.log)"; exit 1; }
)
rm -rf "$scratch"
log "done: $(installed_version code-server) / playwright-core $(installed_version playwright-core)"
