// Compiles the contracts, then the Solidity tests in batches. The WASM build of solc runs out of memory ("memory
// access out of bounds", HHE908) when every test file and its dependencies go to it in one job, which is what a cold
// `hardhat build` does; batches of four files compile fine, and Hardhat's cache makes warm runs skip them.
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

function hardhat(args) {
  const run = spawnSync(process.execPath, [cli, ...global, "build", "--quiet", ...args], { cwd: root, stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

function solidityFiles(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return solidityFiles(path);
    return path.endsWith(".sol") ? [relative(root, path)] : [];
  });
}

hardhat(["--no-tests"]);
const tests = solidityFiles(join(root, "test")).sort();
for (let i = 0; i < tests.length; i += batch) {
  hardhat(tests.slice(i, i + batch));
}
hardhat([]); // anything left (nothing, normally), and Hardhat's own consistency check
console.log(`build: contracts and ${tests.length} test files compiled`);
