#!/usr/bin/env bash
# Installs the pinned Node.js runtime (toolchain/) and the contracts' npm packages with `npm ci`,
# each only when its lock file changed since the last install, so warm builds skip it.
# Uses the system npm for the runtime, then the pinned Node 22 for everything else.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

install() { # dir, npm command
  local dir=$1 npm=$2
  if [ -f "$dir/node_modules/.package-lock.json" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return 0
  fi
  echo "setup: npm ci in contracts/${dir#"$here"}"
  (cd "$dir" && $npm ci --no-audit --no-fund --loglevel=error)
  touch "$dir/node_modules/.package-lock.json"
}

command -v npm >/dev/null || { echo "setup: npm not found; install Node.js and npm (any version: Node 22 itself comes from the npm registry)" >&2; exit 1; }
install "$here/toolchain" npm
export PATH="$here/toolchain/node_modules/.bin:$PATH"
install "$here" npm  # the system npm, now running on Node 22
