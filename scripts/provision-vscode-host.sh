#!/usr/bin/env bash
# Provisions the offline VS Code host: VS Code 1.100.3 server + web workbench taken from the
# npm package code-server@4.100.3, because these machines cannot download VS Code itself.
# With --min: VS Code 1.90.2 (code-server@4.90.3), the lowest version package.json declares, in
# .vscode-test/host-min (`npm run test:vscode:min` runs the host suites there).
# Idempotent: a finished, validated install leaves a stamp and later runs return at once.
# Usage: scripts/provision-vscode-host.sh [--min] [--force]
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HOST_DIR="$ROOT/.vscode-test/host"
# Native modules the server and extension host load; each must build and load on this Node.
NATIVE_MODULES=(node-pty @vscode/spdlog native-watchdog @parcel/watcher @vscode/deviceid kerberos)
NPM_EXTRA=()
if [[ "${1:-}" == "--min" ]]; then
  shift
  CODE_SERVER_VERSION=4.90.3
  HOST_DIR="$ROOT/.vscode-test/host-min"
  # Its dependency tree has peer conflicts npm 10 refuses; kerberos 2.0.1 (proxy Kerberos auth only, never loaded
  # by the tests) does not compile against Node 20's current headers.
  NPM_EXTRA=(--legacy-peer-deps)
  NATIVE_MODULES=(node-pty @vscode/spdlog native-watchdog @parcel/watcher @vscode/deviceid)
fi
V="$HOST_DIR/node_modules/code-server/lib/vscode"
STAMP="$HOST_DIR/.provisioned-$CODE_SERVER_VERSION"

export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

fail() { echo "provision-vscode-host: $*" >&2; exit 1; }
step() { echo "provision-vscode-host: $* ($(( SECONDS ))s)"; }

if [[ "${1:-}" == "--force" ]]; then rm -f "$STAMP"; fi
if [[ -f "$STAMP" && -f "$V/out/server-main.js" ]]; then
  echo "provision-vscode-host: VS Code host $CODE_SERVER_VERSION already provisioned in $HOST_DIR"
  exit 0
fi

# Node 22+ is needed by code-server >= 4.103; 4.100.3 wants Node 20.
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || fail "Node >= 20 is required (found $(node -v))"

# Debian packages: chromium for the browser, ripgrep replaces @vscode/ripgrep's downloaded
# binary, libkrb5-dev + pkg-config let the kerberos module build from source.
need_pkgs=()
command -v chromium >/dev/null || need_pkgs+=(chromium)
command -v rg >/dev/null || need_pkgs+=(ripgrep)
command -v pkg-config >/dev/null || need_pkgs+=(pkg-config)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_pkgs+=(libkrb5-dev)
command -v make >/dev/null && command -v g++ >/dev/null && command -v python3 >/dev/null || need_pkgs+=(build-essential python3)
if (( ${#need_pkgs[@]} )); then
  step "installing Debian packages: ${need_pkgs[*]}"
  command -v apt-get >/dev/null || fail "missing ${need_pkgs[*]} and no apt-get to install them"
  SUDO=""; [[ $(id -u) == 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq || fail "apt-get update failed (no network to the Debian mirror?)"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" \
    || fail "apt-get install ${need_pkgs[*]} failed"
fi
[[ -x /usr/bin/chromium ]] || fail "/usr/bin/chromium is missing after apt-get install chromium"

mkdir -p "$HOST_DIR"
cd "$HOST_DIR"
[[ -f package.json ]] || npm init -y >/dev/null
if [[ ! -f "$V/out/server-main.js" ]]; then
  step "npm install code-server@$CODE_SERVER_VERSION (scripts skipped: its postinstall downloads binaries)"
  npm install --ignore-scripts --loglevel=error "code-server@$CODE_SERVER_VERSION" \
    || fail "npm install code-server@$CODE_SERVER_VERSION failed (is the npm registry reachable?)"
fi
[[ -f "$V/out/server-main.js" ]] || fail "code-server package has no lib/vscode/out/server-main.js"

step "installing VS Code server dependencies"
(cd "$V" && npm install --omit=dev --ignore-scripts "${NPM_EXTRA[@]}" --loglevel=error) || fail "npm install in lib/vscode failed"

step "building native modules from source: ${NATIVE_MODULES[*]}"
for m in "${NATIVE_MODULES[@]}"; do
  # node-pty may report a failing (optional) step and still produce build/Release/pty.node;
  # the require check below is the real verdict.
  log="$HOST_DIR/rebuild-${m//\//-}.log"
  (cd "$V" && npm rebuild --loglevel=error "$m") >"$log" 2>&1 \
    || echo "provision-vscode-host: npm rebuild $m reported an error (log: $log); checking by require" >&2
done

# @vscode/ripgrep's postinstall would download rg; the Debian binary is the same program.
mkdir -p "$V/node_modules/@vscode/ripgrep/bin"
ln -sf "$(command -v rg)" "$V/node_modules/@vscode/ripgrep/bin/rg"
# The server resolves some modules through node_modules.asar as the desktop build does.
ln -sfn node_modules "$V/node_modules.asar"

step "installing built-in extensions' dependencies"
(cd "$V/extensions" && npm install --omit=dev --ignore-scripts "${NPM_EXTRA[@]}" --loglevel=error) || fail "npm install in lib/vscode/extensions failed"

step "validating native modules by loading them"
for m in "${NATIVE_MODULES[@]}"; do
  (cd "$V" && node -e "require('$m')" ) || fail "native module $m does not load; see $HOST_DIR/rebuild-${m//\//-}.log"
done
(cd "$V" && node -e "
  const pty = require('node-pty');
  const p = pty.spawn('/bin/sh', ['-c', 'echo pty-ok'], {});
  let out = '';
  p.onData(d => out += d);
  p.onExit(() => { if (!out.includes('pty-ok')) { console.error('node-pty spawned but produced: ' + JSON.stringify(out)); process.exit(1); } });
") || fail "node-pty cannot spawn a terminal"

touch "$STAMP"
step "VS Code host $CODE_SERVER_VERSION ready in $HOST_DIR"
