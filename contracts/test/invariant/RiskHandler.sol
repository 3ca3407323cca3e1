// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {BallastVault} from "../../src/BallastVault.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngine} from "../../src/interfaces/IBallastRiskEngine.sol";
import {ILendingAdapter} from "../../src/interfaces/ILendingAdapter.sol";
import {TestERC20} from "../../src/local/TestERC20.sol";
import {SettablePriceFeed} from "../../src/local/SettablePriceFeed.sol";

/// @notice Drives a vault with its risk engine on through deposits, price moves and jumps, time, protective
/// orders set and re-armed, and upkeeps; counts every upkeep that added exposure while the circuit breaker was
/// active or an order had fired.
contract RiskHandler is Test {
    BallastVault internal immutable vault;
    IBallastPolicyModule internal immutable policyModule;
    IBallastRiskEngine internal immutable engine;
    TestERC20 internal immutable usdc;
    TestERC20 internal immutable weth;
    SettablePriceFeed internal immutable ethUsd;
    SettablePriceFeed internal immutable usdcUsd;
    address internal immutable curator;
    address internal immutable depositor;

    uint256 public ghost_riskAddedUnderBreaker;
    uint256 public ghost_riskAddedAfterOrder;
    uint256 public ghost_guardedUpkeeps;
    uint256 public ghost_upkeeps;
    mapping(bytes32 => uint256) public calls;

    constructor(
        BallastVault vault_,
        TestERC20 usdc_,
        TestERC20 weth_,
        SettablePriceFeed ethUsd_,
        SettablePriceFeed usdcUsd_,
        address curator_,
        address depositor_
    ) {
        vault = vault_;
        policyModule = vault_.policyModule();
        engine = policyModule.riskEngine();
        usdc = usdc_;
        weth = weth_;
        ethUsd = ethUsd_;
        usdcUsd = usdcUsd_;
        curator = curator_;
        depositor = depositor_;
    }

    // ---------------------------------------------------------------- actions

    function deposit(uint256 assets) external {
        calls["deposit"]++;
        assets = bound(assets, 100e6, 20_000e6);
        if (vault.maxDeposit(depositor) == 0) return;
        usdc.mint(depositor, assets);
        vm.startPrank(depositor);
        usdc.approve(address(vault), assets);
        vault.deposit(assets, depositor);
        vm.stopPrank();
        _upkeep();
    }

    /// @dev Moves the oracle by up to +-15 %: beyond the 5 % jump limit a third of the time.
    function movePrice(int256 bps) external {
        calls["movePrice"]++;
        bps = bound(bps, -1500, 1500);
        (, int256 p,,,) = ethUsd.latestRoundData();
        int256 next = p * (10_000 + bps) / 10_000;
        if (next < 1000e8 || next > 4000e8) return;
        ethUsd.setPrice(next);
        _upkeep();
    }

    function warp(uint256 secondsAhead) external {
        calls["warp"]++;
        vm.warp(block.timestamp + bound(secondsAhead, 1, 6 hours));
        (, int256 e,,,) = ethUsd.latestRoundData();
        (, int256 u,,,) = usdcUsd.latestRoundData();
        ethUsd.setPrice(e);
        usdcUsd.setPrice(u);
        _upkeep();
    }

    /// @dev Arms a stop-loss or trailing stop near the current price.
    function setOrders(uint256 stopBelowBps, uint256 trailBps) external {
        calls["setOrders"]++;
        (, int256 p,,,) = ethUsd.latestRoundData();
        uint256 stop = uint256(p) * 1e10 * (10_000 - bound(stopBelowBps, 100, 2000)) / 10_000;
        vm.prank(curator);
        engine.setOrders(IBallastRiskEngine.Orders(uint128(stop), 0, uint16(bound(trailBps, 0, 1500))));
    }

    function rearm() external {
        calls["rearm"]++;
        if (engine.riskState().fired == IBallastRiskEngine.OrderKind.None) return;
        vm.prank(curator);
        engine.rearm();
    }

    function upkeep() external {
        _upkeep();
    }

    // ---------------------------------------------------------------- keeper

    function _upkeep() internal {
        calls["upkeep"]++;
        (bool due,) = vault.checkUpkeep("");
        if (!due) return;
        IBallastRiskEngine.Assessment memory a = engine.assess(_state(), policyModule.policy());
        uint256 before = _abs(vault.position().netBaseValue);
        vm.txGasPrice(10 gwei);
        try vault.performUpkeep("") {
            ghost_upkeeps++;
        } catch {
            return;
        }
        bool guarded = a.breaker != IBallastRiskEngine.BreakerReason.None || a.order != IBallastRiskEngine.OrderKind.None;
        if (!guarded) return;
        ghost_guardedUpkeeps++;
        // One raw unit of tolerance for the venue's rounding.
        if (_abs(vault.position().netBaseValue) > before + 1) {
            if (a.breaker != IBallastRiskEngine.BreakerReason.None) ghost_riskAddedUnderBreaker++;
            else ghost_riskAddedAfterOrder++;
        }
    }

    function _state() internal view returns (IBallastPolicyModule.UpkeepState memory st) {
        ILendingAdapter lending = vault.lendingAdapter();
        (,,, uint256 ltBase) = lending.reserveState(address(vault), address(weth));
        (,,, uint256 ltQuote) = lending.reserveState(address(vault), address(usdc));
        IBallastVault.Position memory pos = vault.position();
        st.exposureWad = pos.exposureWad;
        st.equity = pos.equity;
        st.idleAsset = pos.idleAsset;
        st.healthFactorWad = vault.healthFactor();
        st.ltBaseBps = ltBase;
        st.ltQuoteBps = ltQuote;
        (st.lastTradeAt, st.lastRebalanceAt) = vault.upkeepTimes();
        st.paused = vault.paused();
        st.emergencyUnwind = vault.emergencyUnwind();
        st.priceWad = pos.priceWad;
    }

    function _abs(int256 v) internal pure returns (uint256) {
        return v < 0 ? uint256(-v) : uint256(v);
    }
}
