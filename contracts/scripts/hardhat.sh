#!/usr/bin/env bash
# Runs Hardhat with the pinned Node 22 runtime, from anywhere: contracts/scripts/hardhat.sh <task> [args]
#   contracts/scripts/hardhat.sh test solidity                  Solidity unit, fuzz and invariant tests
#   BALLAST_DEEP=1 contracts/scripts/hardhat.sh test solidity   deep fuzz/invariant profile
# Coverage is Foundry's: contracts/scripts/coverage.sh (see scripts/coverage.mjs).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$here/scripts/setup.sh"
cd "$here"
export PATH="$here/toolchain/node_modules/.bin:$PATH"
exec node node_modules/hardhat/dist/src/cli.js "$@"
