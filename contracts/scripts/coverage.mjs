// Line and branch coverage of the protocol's contracts (src/, less the local-chain helpers in src/local and the
// benchmark baselines in src/bench), measured by Foundry's `forge coverage` on the project's Solidity tests.
// Foundry compiles without the optimizer for exact source maps, with the same solc WASM build as Hardhat
// (scripts/solc-wasm.mjs, see foundry.toml); the fixtures then take the IR-built contracts from Foundry's build
// (BALLAST_FORGE=1, test/utils/VaultFixture.sol).
// Prints a table per file, writes build/coverage/lcov.info, and fails below the targets (95 % lines, 85 % branches).
// Usage: node scripts/coverage.mjs   (or npm run coverage; the default profile of test-profiles.json runs)
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const LINE_TARGET = 95;
const BRANCH_TARGET = 85;
const lcov = join("build", "coverage", "lcov.info");
// Not protocol code: tests, mocks, local-chain helpers, benchmark baselines.
const EXCLUDED = "(test/|src/local/|src/bench/|mocks/)";
const excluded = new RegExp(EXCLUDED);
// Tests whose figures are those of the optimized build (runtime sizes, gas-priced bounties); the unoptimized coverage
// build cannot reproduce them. They run, with everything else, in `hardhat test solidity`.
const BUILD_DEPENDENT = [
  "test_runtimeSizes_underEip170",
  "test_ripcord_paysTheRipcordPremium",
  "test_frontRun_profitsAtDefaultFees",
  "test_frontRun_smallDepositGainsAboutTheFullLeveredMove",
];

// the default fuzz/invariant profile, as Hardhat runs it (hardhat.config.ts)
const profile = JSON.parse(readFileSync(join(root, "test-profiles.json"), "utf8")).default;
const env = {
  ...process.env,
  BALLAST_FORGE: "1",
  FOUNDRY_FUZZ_RUNS: String(profile.fuzzRuns),
  FOUNDRY_INVARIANT_RUNS: String(profile.invariantRuns),
  FOUNDRY_INVARIANT_DEPTH: String(profile.invariantDepth),
};

mkdirSync(join(root, "build", "coverage"), { recursive: true });
const forge = join(root, "node_modules", ".bin", "forge");
const run = spawnSync(
  forge,
  [
    "coverage",
    "--report", "lcov",
    "--report-file", lcov,
    "--no-match-coverage", EXCLUDED,
    "--no-match-test", BUILD_DEPENDENT.join("|"),
  ],
  { cwd: root, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", env },
);
if (run.error) {
  console.error(`coverage: cannot run forge (${run.error.message}); run scripts/setup.sh first`);
  process.exit(1);
}
const out = run.stdout ?? "";
const summary = out.match(/Ran \d+ test suites.*$/m);
// forge coverage exits 0 even when tests fail: the run's summary line tells
const failed = summary ? Number(summary[0].match(/(\d+) failed/)?.[1] ?? 0) : 0;
if (run.status !== 0 || !summary || failed > 0) {
  process.stdout.write(out.split("\n").filter((l) => /FAIL|Error|error/.test(l)).join("\n") + "\n");
  console.error(`coverage: forge coverage failed (exit ${run.status})${summary ? `: ${summary[0]}` : ""}`);
  process.exit(1);
}

/** Per-file line and branch counts from an lcov tracefile. */
function parse(text) {
  const files = [];
  let current;
  for (const line of text.split("\n")) {
    if (line.startsWith("SF:")) files.push((current = { file: line.slice(3), lf: 0, lh: 0, brf: 0, brh: 0 }));
    else if (current && /^(LF|LH|BRF|BRH):/.test(line)) {
      const [key, value] = line.split(":");
      current[key.toLowerCase()] = Number(value);
    }
  }
  return files.filter((f) => f.file.startsWith("src/") && !excluded.test(f.file));
}

const files = parse(readFileSync(join(root, lcov), "utf8")).sort((a, b) => a.file.localeCompare(b.file));
if (files.length === 0) {
  console.error(`coverage: no protocol sources in ${lcov}`);
  process.exit(1);
}
const pct = (hit, found) => (found === 0 ? 100 : (100 * hit) / found);
const cell = (hit, found) => `${pct(hit, found).toFixed(2).padStart(6)} % (${hit}/${found})`.padEnd(22);
const width = Math.max(...files.map((f) => f.file.length), 5);
console.log(`${"file".padEnd(width)}  ${"lines".padEnd(22)}  branches`);
const total = { lf: 0, lh: 0, brf: 0, brh: 0 };
for (const f of files) {
  console.log(`${f.file.padEnd(width)}  ${cell(f.lh, f.lf)}  ${cell(f.brh, f.brf)}`);
  for (const k of Object.keys(total)) total[k] += f[k];
}
console.log(`${"total".padEnd(width)}  ${cell(total.lh, total.lf)}  ${cell(total.brh, total.brf)}`);
console.log(summary[0]);
console.log(`lcov: ${lcov}`);

const lines = pct(total.lh, total.lf);
const branches = pct(total.brh, total.brf);
const misses = [];
if (lines < LINE_TARGET) misses.push(`lines ${lines.toFixed(2)} % < ${LINE_TARGET} %`);
if (branches < BRANCH_TARGET) misses.push(`branches ${branches.toFixed(2)} % < ${BRANCH_TARGET} %`);
if (misses.length > 0) {
  console.error(`coverage: below target: ${misses.join(", ")}`);
  process.exit(1);
}
console.log(`coverage: lines ${lines.toFixed(2)} % (target ${LINE_TARGET} %), branches ${branches.toFixed(2)} % (target ${BRANCH_TARGET} %)`);
