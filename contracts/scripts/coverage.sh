#!/usr/bin/env bash
# Line and branch coverage of the protocol's contracts, from anywhere: contracts/scripts/coverage.sh
# Installs the pinned toolchain when needed, then runs scripts/coverage.mjs (Foundry's `forge coverage`) with Node 22.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$here/scripts/setup.sh"
cd "$here"
export PATH="$here/toolchain/node_modules/.bin:$PATH"
exec node scripts/coverage.mjs "$@"
