// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";

contract BallastVaultPerformUpkeepTest is VaultFixture {
    function _leveredLong() internal {
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
    }

    function test_performUpkeep_revertsWhenNothingDue() public {
        vm.expectRevert(IBallastVault.VaultNothingDue.selector);
        _upkeep();
        _leveredLong();
        vm.expectRevert(IBallastVault.VaultNothingDue.selector);
        _upkeep();
    }

    function test_performUpkeep_onlyKeeper() public {
        _deposit(alice, 10_000e6);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, vault.KEEPER_ROLE())
        );
        vm.prank(alice);
        vault.performUpkeep("");
    }

    function test_performUpkeep_ignoresPerformData() public {
        _deposit(alice, 10_000e6);
        bytes memory lie = abi.encode(IBallastPolicyModule.Action.LiquidationBuffer, int256(0), int256(0), uint256(0));
        vm.txGasPrice(GAS_PRICE);
        vm.prank(keeper);
        vault.performUpkeep(lie);
        assertGt(_position().exposureWad, 0.9e18, "did the due action, a rebalance");
    }

    function test_performUpkeep_leveragesUpToTargetInSteps() public {
        _deposit(alice, 10_000e6);
        uint256 runs = _upkeepUntilIdle(10, 0);
        assertEq(runs, 3, "buy with idle, then two borrow steps within the borrowing power");
        IBallastVault.Position memory p = _position();
        assertApproxEqAbs(p.exposureWad, 2e18, 0.1e18);
        assertGt(p.borrowedAsset, 0);
        assertEq(p.idleBase, 0);
        assertGe(vault.healthFactor(), 1.5e18 - 0.05e18);
        (uint256 lastTradeAt, uint256 lastRebalanceAt) = vault.upkeepTimes();
        assertEq(lastTradeAt, block.timestamp);
        assertEq(lastRebalanceAt, block.timestamp);
    }

    function test_performUpkeep_emitsUpkeepAndSwapEvents() public {
        _deposit(alice, 10_000e6);
        vm.expectEmit(true, true, false, false, address(vault));
        emit IBallastVault.Swapped(address(usdc), address(weth), 0, 0, 0);
        vm.expectEmit(true, true, false, false, address(vault));
        emit IBallastVault.UpkeepPerformed(keeper, IBallastPolicyModule.Action.BandRebalance, 0, 0, 0);
        _upkeep();
    }

    function test_performUpkeep_bandDeleveragesAfterPriceDrop() public {
        _leveredLong();
        _setEthPrice(1800e8); // x = 2 * 0.9 / (1 - 0.2) ~ 2.25 > band
        int256 before = _position().exposureWad;
        assertGt(before, 2.1e18);
        (bool due, bytes memory data) = vault.checkUpkeep("");
        assertTrue(due);
        (IBallastPolicyModule.Action a,,,) = abi.decode(data, (IBallastPolicyModule.Action, int256, int256, uint256));
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.BandRebalance));
        uint256 debtBefore = _position().borrowedAsset;
        _upkeep();
        assertApproxEqAbs(_position().exposureWad, 2e18, 0.02e18);
        assertLt(_position().borrowedAsset, debtBefore, "proceeds repaid debt");
    }

    function test_performUpkeep_bandLeveragesAfterPriceRise() public {
        _leveredLong();
        _setEthPrice(2300e8);
        assertLt(_position().exposureWad, 1.9e18);
        _upkeepUntilIdle(5, 0);
        assertApproxEqAbs(_position().exposureWad, 2e18, 0.1e18);
    }

    function test_performUpkeep_shortOpensAndUnwinds() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.targetExposureWad = -1e18;
        _setPolicy(p);
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        IBallastVault.Position memory pos = _position();
        assertApproxEqAbs(pos.exposureWad, -1e18, 0.1e18);
        assertGt(pos.suppliedAsset, 10_000e6, "sale proceeds are collateral");
        assertGt(pos.borrowedBase, 0);
        p.targetExposureWad = 0; // a tightening: applies at once
        _setPolicy(p);
        _upkeepUntilIdle(10, 0);
        pos = _position();
        assertApproxEqAbs(pos.exposureWad, 0, 0.1e18);
        assertLt(pos.borrowedBase, 0.3e18);
    }

    function test_performUpkeep_chunksLargeTradesWithSpacing() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.maxTradeAssets = 2_000e6;
        p.minChunkSpacing = 600;
        _setPolicy(p);
        _deposit(alice, 10_000e6);
        _upkeep();
        IBallastVault.Position memory pos = _position();
        assertApproxEqAbs(pos.netBaseValue, 2_000e6, 1, "one chunk");
        vm.expectRevert(IBallastVault.VaultNothingDue.selector);
        _upkeep();
        vm.warp(block.timestamp + 599);
        _refreshFeeds();
        vm.expectRevert(IBallastVault.VaultNothingDue.selector);
        _upkeep();
        vm.warp(block.timestamp + 1);
        _refreshFeeds();
        _upkeep();
        assertApproxEqAbs(_position().netBaseValue, 4_000e6, 1, "second chunk after the spacing");
        vm.warp(block.timestamp + 600);
        _refreshFeeds();
        uint256 runs = _upkeepUntilIdle(30, 600);
        assertGt(runs, 5);
        assertApproxEqAbs(_position().exposureWad, 2e18, 0.1e18);
    }

    function test_performUpkeep_heartbeatCorrectsSmallDrift() public {
        _leveredLong();
        _setEthPrice(1960e8); // small drift inside the band
        int256 x = _position().exposureWad;
        assertGt(x - 2e18, 0.02e18);
        assertLt(x - 2e18, 0.1e18);
        vm.expectRevert(IBallastVault.VaultNothingDue.selector);
        _upkeep();
        vm.warp(block.timestamp + 1 days);
        _refreshFeeds();
        (bool due, bytes memory data) = vault.checkUpkeep("");
        assertTrue(due);
        (IBallastPolicyModule.Action a,,,) = abi.decode(data, (IBallastPolicyModule.Action, int256, int256, uint256));
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.Heartbeat));
        _upkeep();
        assertApproxEqAbs(_position().exposureWad, 2e18, 0.01e18);
    }

    function test_performUpkeep_deploysIdleAboveBuffer() public {
        _leveredLong();
        _deposit(bob, 400e6); // 4 % of equity: x drifts by ~0.08 < band, excess 3.6 % > min drift
        (bool due, bytes memory data) = vault.checkUpkeep("");
        assertTrue(due);
        (IBallastPolicyModule.Action a,,,) = abi.decode(data, (IBallastPolicyModule.Action, int256, int256, uint256));
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.DeployIdle));
        _upkeep();
        IBallastVault.Position memory p = _position();
        // idle back at the 5 % buffer, less the keeper's bounty accrued after the step
        assertApproxEqAbs(p.idleAsset + vault.bountyOwed(keeper) / 3, uint256(p.equity) * 500 / 10_000, 10e6);
        assertApproxEqAbs(p.exposureWad, 2e18, 0.05e18);
    }

    function test_performUpkeep_aboveGasCeilingOnlyRiskActions() public {
        _deposit(alice, 10_000e6);
        vm.txGasPrice(100 gwei + 1);
        vm.prank(keeper);
        vm.expectRevert(IBallastVault.VaultNothingDue.selector);
        vault.performUpkeep("");
    }

    function test_performUpkeep_pausedOnlyDeRisks() public {
        _leveredLong();
        vm.prank(guardian);
        vault.pause();
        _setEthPrice(2300e8); // x falls below target: re-levering would add risk
        vm.expectRevert(IBallastVault.VaultNothingDue.selector);
        _upkeep();
        _setEthPrice(1800e8); // x rises above band: de-risking proceeds
        uint256 debtBefore = _position().borrowedAsset;
        _upkeep();
        assertLt(_position().borrowedAsset, debtBefore);
        assertApproxEqAbs(_position().exposureWad, 2e18, 0.02e18);
    }

    function test_performUpkeep_emergencyUnwindGoesToZero() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.maxTradeAssets = 5_000e6;
        _setPolicy(p);
        _leveredLong();
        vm.expectEmit(address(vault));
        emit IBallastVault.EmergencyUnwindSet(true);
        vm.prank(guardian);
        vault.setEmergencyUnwind(true);
        assertTrue(vault.emergencyUnwind());
        assertEq(vault.targetExposure(), 0);
        uint256 runs = _upkeepUntilIdle(20, 0);
        assertGt(runs, 2, "in chunks");
        IBallastVault.Position memory pos = _position();
        assertLt(pos.exposureWad, 0.1e18);
        assertEq(pos.borrowedAsset, 0);
        bytes32 role = vault.GUARDIAN_ROLE();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role));
        vault.setEmergencyUnwind(false);
    }
}
