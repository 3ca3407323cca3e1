#!/usr/bin/env bash
# Runs Hardhat with the pinned Node 22 runtime, from anywhere: contracts/scripts/hardhat.sh <task> [args]
#   contracts/scripts/hardhat.sh test solidity              Solidity unit, fuzz and invariant tests
#   contracts/scripts/hardhat.sh test solidity --coverage   the same with coverage (lcov + html in contracts/coverage)
#   BALLAST_DEEP=1 contracts/scripts/hardhat.sh test solidity   deep fuzz/invariant profile
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$here/scripts/setup.sh"
cd "$here"
export PATH="$here/toolchain/node_modules/.bin:$PATH"
# a cold test run would hand every test to solc-wasm in one job, which runs out of memory: compile in batches first
if [ "${1:-}" = "test" ]; then
  case " $* " in
    *" --coverage "*) node scripts/build.mjs --coverage ;;
    *) node scripts/build.mjs ;;
  esac
fi
exec node node_modules/hardhat/dist/src/cli.js "$@"
