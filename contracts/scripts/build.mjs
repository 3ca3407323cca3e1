// Compiles the contracts, then the Solidity tests in batches. The WASM build of solc runs out of memory ("memory
// access out of bounds", HHE908) when every test file and its dependencies go to it in one job, which is what a cold
// `hardhat build` does; batches of four files compile fine, and a batch that still runs out of memory is built again
// in halves. Hardhat's cache makes warm runs skip them.
// Usage: node scripts/build.mjs [--coverage]   (the instrumented build for coverage; BALLAST_SOLC_BATCH sets the batch
// size, default 4, or 3 with --coverage)
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "node_modules", "hardhat", "dist", "src", "cli.js");
const coverage = process.argv.includes("--coverage");
const global = coverage ? ["--coverage"] : [];
// instrumented code is larger: the coverage build needs smaller batches (12 fails there, 3 works)
const batch = Number(process.env.BALLAST_SOLC_BATCH ?? (coverage ? 3 : 4));

// IR-built contracts (see `overrides` in hardhat.config.ts): each is compiled in a job of its own first, since an IR
// build of the risk engine is the heaviest single job solc-wasm runs here.
const IR_BUILT = ["src/BallastRiskEngine.sol", "src/deploy/BallastRiskEngineDeployer.sol"];

/** Runs `hardhat build` on `args`; true when it succeeded, "oom" when solc-wasm ran out of memory. */
function hardhat(args) {
  const run = spawnSync(process.execPath, [cli, ...global, "build", "--quiet", ...args], {
    cwd: root,
    stdio: ["inherit", "inherit", "pipe"],
    encoding: "utf8",
  });
  process.stderr.write(run.stderr ?? "");
  if (run.status === 0) return true;
  return /HHE908|memory access out of bounds/.test(run.stderr ?? "") ? "oom" : false;
}

/** Builds `files`; when solc-wasm runs out of memory, builds each half on its own instead, down to one file. */
function build(files) {
  const result = hardhat(files);
  if (result === true) return;
  if (result === "oom" && files.length > 1) {
    console.log(`build: solc-wasm ran out of memory on ${files.length} files; building them in halves`);
    const half = Math.ceil(files.length / 2);
    build(files.slice(0, half));
    build(files.slice(half));
    return;
  }
  process.exit(1);
}

function solidityFiles(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return solidityFiles(path);
    return path.endsWith(".sol") ? [relative(root, path)] : [];
  });
}

if (!coverage) for (const file of IR_BUILT) build([file]);
if (hardhat(["--no-tests"]) !== true) process.exit(1);
const tests = solidityFiles(join(root, "test")).sort();
for (let i = 0; i < tests.length; i += batch) {
  build(tests.slice(i, i + batch));
}
if (hardhat([]) !== true) process.exit(1); // anything left (nothing, normally), and Hardhat's own consistency check
console.log(`build: contracts and ${tests.length} test files compiled`);
