import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";

// The compiler is the WASM build from the npm package `solc`, pinned in package.json to the
// same version as below, so the build never downloads a compiler. Hardhat needs an absolute path.
const require = createRequire(import.meta.url);
const SOLC_VERSION = "0.8.30";

// The fuzz/invariant profiles (test-profiles.json, also read by scripts/coverage.mjs for Foundry): BALLAST_DEEP=1
// selects the deep one (more runs and depth), run on demand.
const profile = require("./test-profiles.json")[process.env.BALLAST_DEEP === "1" ? "deep" : "default"];
// Coverage is measured with Foundry instead (scripts/coverage.mjs, foundry.toml): Hardhat's reports no branches.

export default defineConfig({
  solidity: {
    compilers: [
      {
        version: SOLC_VERSION,
        path: require.resolve("solc/soljson.js"),
        settings: {
          optimizer: { enabled: true, runs: 200 },
          evmVersion: "cancun",
        },
      },
    ],
    // The risk engine's legacy-pipeline code exceeds EIP-170 (27 KB); its IR build is 20 KB. Its deployer
    // stores that same build, so it is compiled the same way.
    overrides: Object.fromEntries(
      ["src/BallastRiskEngine.sol", "src/deploy/BallastRiskEngineDeployer.sol"].map((file) => [
        file,
        {
          version: SOLC_VERSION,
          path: require.resolve("solc/soljson.js"),
          settings: { viaIR: true, optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
        },
      ]),
    ),
  },
  paths: {
    sources: "src",
    tests: { solidity: "test" },
  },
  test: {
    solidity: {
      fuzz: { runs: profile.fuzzRuns },
      invariant: { runs: profile.invariantRuns, depth: profile.invariantDepth, failOnRevert: false },
      // Read-only access to the real Uniswap V3 artifacts the venue integration test deploys.
      fsPermissions: {
        readFile: [
          "node_modules/@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json",
          "node_modules/@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json",
          // the IR-built risk engine and its deployer (see overrides above)
          "artifacts/src/BallastRiskEngine.sol/BallastRiskEngine.json",
          "artifacts/src/deploy/BallastRiskEngineDeployer.sol/BallastRiskEngineDeployer.json",
        ],
      },
    },
  },
});
