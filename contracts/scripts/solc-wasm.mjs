#!/usr/bin/env node
// A `solc` command line over the WASM compiler in the npm package `solc`, for tools that need a solc executable
// (Foundry's `forge coverage`, see scripts/coverage.mjs); no native solc is on a reachable registry.
// Supports what those tools call: `--version` and `--standard-json` (input on stdin or as a file argument).
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";

const require = createRequire(import.meta.url);
const solc = require("solc");
const args = process.argv.slice(2);

if (args.includes("--version")) {
  // the banner and "Version:" line native solc prints; tools read the version from the last line
  console.log(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}`);
  process.exit(0);
}

if (!args.includes("--standard-json")) {
  console.error("solc-wasm: only --version and --standard-json are supported");
  process.exit(2);
}

// paths a source import may resolve against, as native solc does with --base-path and --include-path
const roots = [process.cwd()];
for (let i = 0; i < args.length; i++) {
  if ((args[i] === "--base-path" || args[i] === "--include-path") && args[i + 1]) roots.push(resolve(args[++i]));
}
const file = args.find((a, i) => !a.startsWith("--") && !["--base-path", "--include-path", "--allow-paths"].includes(args[i - 1]));
const input = readFileSync(file ?? 0, "utf8");

function findImports(path) {
  for (const root of isAbsolute(path) ? [""] : roots) {
    const candidate = root ? join(root, path) : path;
    if (existsSync(candidate)) return { contents: readFileSync(candidate, "utf8") };
  }
  return { error: `File not found: ${path}` };
}

process.stdout.write(solc.compile(input, { import: findImports }));
