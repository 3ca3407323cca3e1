// Writes one {contractName, abi, bytecode} JSON per contract into build/abi/, the input of the
// web3j wrapper generator (generated-wrappers/pom.xml). It takes every Ballast contract compiled
// from src/ and the venue contracts that the local market deploys from their npm packages'
// artifacts. Names must be unique: web3j names each wrapper class after its file.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, "build", "abi");

const VENUE_ARTIFACTS = [
  // Uniswap V3 core and periphery
  "@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json",
  "@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json",
  "@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json",
  "@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json",
  "@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json",
  "@uniswap/v3-periphery/artifacts/contracts/NonfungibleTokenPositionDescriptor.sol/NonfungibleTokenPositionDescriptor.json",
  "@uniswap/v3-periphery/artifacts/contracts/libraries/NFTDescriptor.sol/NFTDescriptor.json",
  // Aave V3 core
  "@aave/core-v3/artifacts/contracts/protocol/configuration/PoolAddressesProvider.sol/PoolAddressesProvider.json",
  "@aave/core-v3/artifacts/contracts/protocol/configuration/ACLManager.sol/ACLManager.json",
  "@aave/core-v3/artifacts/contracts/protocol/pool/Pool.sol/Pool.json",
  "@aave/core-v3/artifacts/contracts/protocol/pool/PoolConfigurator.sol/PoolConfigurator.json",
  "@aave/core-v3/artifacts/contracts/protocol/pool/DefaultReserveInterestRateStrategy.sol/DefaultReserveInterestRateStrategy.json",
  "@aave/core-v3/artifacts/contracts/misc/AaveOracle.sol/AaveOracle.json",
  "@aave/core-v3/artifacts/contracts/misc/AaveProtocolDataProvider.sol/AaveProtocolDataProvider.json",
  "@aave/core-v3/artifacts/contracts/protocol/tokenization/AToken.sol/AToken.json",
  "@aave/core-v3/artifacts/contracts/protocol/tokenization/StableDebtToken.sol/StableDebtToken.json",
  "@aave/core-v3/artifacts/contracts/protocol/tokenization/VariableDebtToken.sol/VariableDebtToken.json",
  // Aave V3 logic libraries linked into Pool and PoolConfigurator
  ...["BorrowLogic", "BridgeLogic", "EModeLogic", "FlashLoanLogic", "LiquidationLogic", "PoolLogic", "SupplyLogic",
    "ConfiguratorLogic"].map((n) => `@aave/core-v3/artifacts/contracts/protocol/libraries/logic/${n}.sol/${n}.json`),
];

function walk(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = [
  ...walk(join(root, "artifacts", "src")).filter((f) => f.endsWith(".json") && !f.endsWith(".dbg.json")),
  ...VENUE_ARTIFACTS.map((p) => join(root, "node_modules", p)),
];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const seen = new Map();
for (const file of files) {
  if (!existsSync(file)) throw new Error(`artifact missing: ${file} (run npm ci and hardhat build first)`);
  const artifact = JSON.parse(readFileSync(file, "utf8"));
  if (!artifact.abi || artifact.bytecode === undefined) continue;
  const name = artifact.contractName ?? basename(file, ".json");
  if (seen.has(name)) throw new Error(`two contracts named ${name}: ${seen.get(name)} and ${file}`);
  seen.set(name, file);
  writeFileSync(join(out, `${name}.json`),
    JSON.stringify({ contractName: name, abi: artifact.abi, bytecode: artifact.bytecode }));
}
console.log(`export-abi: ${seen.size} contracts -> build/abi`);
