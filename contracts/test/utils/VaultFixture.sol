// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketFixture} from "./MarketFixture.sol";
import {BallastVault} from "../../src/BallastVault.sol";
import {BallastPolicyModule} from "../../src/BallastPolicyModule.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngine} from "../../src/interfaces/IBallastRiskEngine.sol";

/// @notice A vault on the unit-test market: long 2x target, 5 % idle buffer, 10 bps fees, no chunk spacing
/// unless a test sets one. Roles: this contract is admin; `curator`, `guardian`, `keeper` are named accounts.
abstract contract VaultFixture is MarketFixture {
    BallastVault internal vault;
    BallastPolicyModule internal policyModule;
    IBallastRiskEngine internal engine;

    address internal curator = makeAddr("curator");
    address internal guardian = makeAddr("guardian");
    address internal keeper = makeAddr("keeper");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    uint256 internal constant TIMELOCK = 1 days;
    uint256 internal constant GAS_PRICE = 10 gwei;

    function setUp() public virtual {
        _setUpMarket();
        _deployVault(_defaultPolicy());
    }

    function _deployVault(IBallastPolicyModule.Policy memory p) internal {
        engine = _newEngine(_riskConfig());
        policyModule = new BallastPolicyModule(p, _minBounds(), _maxBounds(), TIMELOCK, engine);
        vault = new BallastVault(
            IBallastVault.VaultConfig({
                asset: address(usdc),
                base: address(weth),
                name: "Ballast ETH 2x",
                symbol: "bETH2x",
                priceModule: prices,
                policyModule: policyModule,
                lendingAdapter: lending,
                swapAdapter: swapper,
                admin: address(this),
                curator: curator,
                guardian: guardian
            })
        );
        vault.grantRole(vault.KEEPER_ROLE(), keeper);
    }

    /// @dev Deploys a vault with the default policy and risk configuration `r`.
    function _deployVaultWithRisk(IBallastRiskEngine.RiskConfig memory r) internal {
        _riskOverride = r;
        _riskOverridden = true;
        _deployVault(_defaultPolicy());
        _riskOverridden = false;
    }

    IBallastRiskEngine.RiskConfig private _riskOverride;
    bool private _riskOverridden;

    /// @dev The risk configuration vaults are deployed with: an EWMA estimator with a 50 % prior and every
    /// risk rule off, so a test switches on the one it is about.
    function _riskConfig() internal view returns (IBallastRiskEngine.RiskConfig memory r) {
        if (_riskOverridden) return _riskOverride;
        r.volModel = 0;
        r.ewmaLambdaWad = 0.94e18;
        r.initialVolWad = 0.5e18;
        r.emergencySlippageBps = 300;
        r.ripcordPremiumBps = 5000;
        r.coolOff = 15 minutes;
    }

    function _defaultPolicy() internal pure returns (IBallastPolicyModule.Policy memory p) {
        p.targetExposureWad = 2e18;
        p.bandWad = 0.1e18;
        p.minDriftWad = 0.02e18;
        p.hfFloorWad = 1.25e18;
        p.hfTargetWad = 1.5e18;
        p.hfCriticalWad = 1.1e18;
        p.heartbeat = 1 days;
        p.minChunkSpacing = 0;
        p.maxTradeAssets = 10_000_000e6;
        p.gasPriceCeilingWei = 100 gwei;
        p.slippageBps = 50;
        p.maxDeviationBps = 100;
        p.bountyPremiumBps = 2000;
        p.entryFeeBps = 10;
        p.bountyCapPerUpkeep = 50e6;
        p.bountyCapPerDay = 200e6;
        p.exitFeeBps = 10;
        p.idleBufferBps = 500;
    }

    function _minBounds() internal pure returns (IBallastPolicyModule.Policy memory p) {
        p.targetExposureWad = -3e18;
        p.bandWad = 0.01e18;
        p.minDriftWad = 0;
        p.hfFloorWad = 1.05e18;
        p.hfTargetWad = 1.1e18;
        p.hfCriticalWad = 1e18;
        p.heartbeat = 1 hours;
        p.minChunkSpacing = 0;
        p.maxTradeAssets = 1e6;
        p.gasPriceCeilingWei = 1 gwei;
        p.slippageBps = 1;
        p.maxDeviationBps = 1;
    }

    function _maxBounds() internal pure returns (IBallastPolicyModule.Policy memory p) {
        p.targetExposureWad = 3e18;
        p.bandWad = 0.5e18;
        p.minDriftWad = 0.5e18;
        p.hfFloorWad = 3e18;
        p.hfTargetWad = 5e18;
        p.hfCriticalWad = 2e18;
        p.heartbeat = 30 days;
        p.minChunkSpacing = 1 days;
        p.maxTradeAssets = 100_000_000e6;
        p.gasPriceCeilingWei = 1000 gwei;
        p.slippageBps = 500;
        p.maxDeviationBps = 500;
        p.bountyPremiumBps = 10_000;
        p.entryFeeBps = 100;
        p.bountyCapPerUpkeep = 1000e6;
        p.bountyCapPerDay = 10_000e6;
        p.exitFeeBps = 100;
        p.idleBufferBps = 10_000;
    }

    /// @dev Applies a policy through the curator, waiting out the timelock when it is a loosening.
    function _setPolicy(IBallastPolicyModule.Policy memory p) internal {
        vm.prank(curator);
        if (!policyModule.setPolicy(p)) {
            vm.warp(block.timestamp + TIMELOCK);
            _refreshFeeds();
            vm.prank(curator);
            policyModule.acceptPolicy();
        }
    }

    function _deposit(address user, uint256 assets) internal returns (uint256 shares) {
        usdc.mint(user, assets);
        vm.startPrank(user);
        usdc.approve(address(vault), assets);
        shares = vault.deposit(assets, user);
        vm.stopPrank();
    }

    function _upkeep() internal {
        vm.txGasPrice(GAS_PRICE);
        vm.prank(keeper);
        vault.performUpkeep("");
    }

    /// @dev Runs upkeeps until none is due (at most `maxRuns`), moving time by `step` between them.
    function _upkeepUntilIdle(uint256 maxRuns, uint256 step) internal returns (uint256 runs) {
        for (; runs < maxRuns; ++runs) {
            (bool due,) = vault.checkUpkeep("");
            if (!due) return runs;
            _upkeep();
            if (step != 0) {
                vm.warp(block.timestamp + step);
                _refreshFeeds();
            }
        }
    }

    /// @dev Re-writes the feeds at the current time so they stay fresh after a warp.
    function _refreshFeeds() internal {
        (, int256 e,,,) = ethUsd.latestRoundData();
        (, int256 u,,,) = usdcUsd.latestRoundData();
        ethUsd.setPrice(e);
        usdcUsd.setPrice(u);
    }

    /// @dev The due action as `checkUpkeep` reports it.
    function _action() internal view returns (IBallastPolicyModule.Action a) {
        (bool due, bytes memory data) = vault.checkUpkeep("");
        if (!due) return IBallastPolicyModule.Action.None;
        (a,,,) = abi.decode(data, (IBallastPolicyModule.Action, int256, int256, uint256));
    }

    function _assertAction(IBallastPolicyModule.Action expected) internal view {
        assertEq(uint8(_action()), uint8(expected), "due action");
    }

    function _position() internal view returns (IBallastVault.Position memory) {
        return vault.position();
    }

    // ---------------------------------------------------------------- IR-built contracts

    string internal constant ENGINE_ARTIFACT = "artifacts/src/BallastRiskEngine.sol/BallastRiskEngine.json";
    string internal constant ENGINE_DEPLOYER_ARTIFACT =
        "artifacts/src/deploy/BallastRiskEngineDeployer.sol/BallastRiskEngineDeployer.json";

    /// @dev A risk engine from its artifact: the engine is built with the IR pipeline (its legacy build exceeds
    /// EIP-170), which a test compiling it itself would not use.
    function _newEngine(IBallastRiskEngine.RiskConfig memory r) internal returns (IBallastRiskEngine) {
        return IBallastRiskEngine(_deployArtifact(ENGINE_ARTIFACT, abi.encode(r)));
    }

    function _deployArtifact(string memory artifact, bytes memory args) internal returns (address deployed) {
        bytes memory code = bytes.concat(_creationCode(artifact), args);
        assembly ("memory-safe") {
            deployed := create(0, add(code, 0x20), mload(code))
        }
        require(deployed != address(0), "artifact deployment failed");
    }

    /// @dev The creation code in a Hardhat artifact (`artifacts/<path>/<File>.sol/<Contract>.json`). Under Foundry
    /// (`forge coverage`: scripts/coverage.mjs sets BALLAST_FORGE=1) the same contract comes from Foundry's build,
    /// as `<File>.sol:<Contract>`.
    function _creationCode(string memory artifact) internal view returns (bytes memory) {
        if (!vm.envOr("BALLAST_FORGE", false)) return vm.parseJsonBytes(vm.readFile(artifact), ".bytecode");
        string[] memory parts = vm.split(artifact, "/");
        string memory name = vm.replace(parts[parts.length - 1], ".json", "");
        return vm.getCode(string.concat(parts[parts.length - 2], ":", name));
    }
}
