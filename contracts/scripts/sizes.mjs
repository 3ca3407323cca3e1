// Prints the runtime (deployed) and init bytecode size of every contract compiled from src/, and flags any
// runtime above the EIP-170 limit of 24,576 bytes. Run after `hardhat build`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(new URL("..", import.meta.url).pathname, "artifacts", "src");
const LIMIT = 24576;
const walk = (d) => readdirSync(d).flatMap((e) => (statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : [join(d, e)]));
let over = false;
const rows = [];
for (const f of walk(root).filter((f) => f.endsWith(".json") && !f.endsWith(".dbg.json"))) {
  const a = JSON.parse(readFileSync(f, "utf8"));
  if (!a.deployedBytecode || a.deployedBytecode === "0x") continue;
  const runtime = (a.deployedBytecode.length - 2) / 2;
  const init = (a.bytecode.length - 2) / 2;
  if (runtime > LIMIT) over = true;
  rows.push([a.contractName, runtime, init]);
}
rows.sort((x, y) => y[1] - x[1]);
for (const [n, r, i] of rows) console.log(`${n.padEnd(28)} runtime ${String(r).padStart(6)}  init ${String(i).padStart(6)}${r > LIMIT ? "  OVER EIP-170" : ""}`);
if (over) process.exit(1);
