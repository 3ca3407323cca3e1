// Runs `hardhat node` as a child and stops it when this process's standard input closes, so the
// node can never outlive the Java process that started it, even when that process is killed
// without running its shutdown hooks. Arguments are passed through to `hardhat node`.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const contracts = fileURLToPath(new URL("..", import.meta.url));
const cli = fileURLToPath(new URL("../node_modules/hardhat/dist/src/cli.js", import.meta.url));
const child = spawn(process.execPath, [cli, "node", ...process.argv.slice(2)], {
  cwd: contracts,
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  child.kill("SIGTERM");
  setTimeout(() => child.kill("SIGKILL"), 3000).unref();
}
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.on("error", stop);
process.stdin.resume();
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, stop);
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
