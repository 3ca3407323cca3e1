// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";

contract BallastVaultLiquidationBufferTest is VaultFixture {
    function test_liquidationBuffer_topsUpThenDeleveragesToTarget() public {
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        _setEthPrice(1550e8);
        assertLt(vault.healthFactor(), 1.25e18);
        assertEq(uint8(_action()), uint8(IBallastPolicyModule.Action.LiquidationBuffer));
        uint256 idleBefore = _position().idleAsset;
        assertGt(idleBefore, 0);
        _upkeep();
        assertGe(vault.healthFactor(), 1.5e18, "restored to the target health factor");
        assertLt(_position().idleAsset, idleBefore, "idle funds used first");
    }

    function test_liquidationBuffer_ignoresSpacingAndGasCeiling() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.minChunkSpacing = 1 days;
        _setPolicy(p);
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 1 days);
        _setEthPrice(1550e8);
        vm.txGasPrice(500 gwei);
        vm.prank(keeper);
        vault.performUpkeep("");
        assertGe(vault.healthFactor(), 1.5e18);
    }

    function test_liquidationBuffer_shortBuysBackOnPriceRise() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.targetExposureWad = -1e18;
        _setPolicy(p);
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        _setEthPrice(2500e8);
        assertLt(vault.healthFactor(), 1.25e18);
        assertEq(uint8(_action()), uint8(IBallastPolicyModule.Action.LiquidationBuffer));
        uint256 debtBefore = _position().borrowedBase;
        _upkeep();
        assertLt(_position().borrowedBase, debtBefore);
        assertGe(vault.healthFactor(), 1.45e18);
    }

    function test_liquidationBuffer_revertsWhenItCannotAct() public {
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        // health factor below 1: no withdrawal headroom, no idle left after the first top-up
        _setEthPrice(1200e8);
        _upkeep(); // top-up from idle only
        assertEq(_position().idleAsset, 0);
        assertLt(vault.healthFactor(), 1e18);
        vm.expectRevert(IBallastVault.VaultNothingDue.selector);
        _upkeep();
    }
}

contract BallastVaultBufferBehindQueueTest is VaultFixture {
    function test_liquidationBuffer_dueWhileQueueWaitsForSpacing() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.minChunkSpacing = 1 hours;
        _setPolicy(p);
        uint256 shares = _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 1 hours);
        _setEthPrice(2300e8);
        _upkeep(); // a band trade: the spacing starts again
        vm.prank(alice);
        vault.requestRedeem(shares / 2, alice, alice);
        _setEthPrice(1700e8);
        assertLt(vault.healthFactor(), 1.25e18);
        assertEq(uint8(_action()), uint8(IBallastPolicyModule.Action.LiquidationBuffer));
        _upkeep();
        assertGe(vault.healthFactor(), 1.45e18);
    }

    function test_performUpkeep_fallsBackToBufferWhenQueueCannotMove() public {
        uint256 shares = _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        vm.prank(alice);
        vault.requestRedeem(shares / 2, alice, alice);
        _setEthPrice(1200e8); // health factor under 1: no headroom to unwind for the queue
        assertEq(uint8(_action()), uint8(IBallastPolicyModule.Action.FillRedemptions));
        uint256 debtBefore = vault.position().borrowedAsset;
        vm.recordLogs();
        _upkeep();
        assertLt(vault.position().borrowedAsset, debtBefore, "the buffer repaid debt from idle funds");
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool sawBuffer;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IBallastVault.UpkeepPerformed.selector) {
                sawBuffer = uint256(logs[i].topics[2]) == uint256(IBallastPolicyModule.Action.LiquidationBuffer);
            }
        }
        assertTrue(sawBuffer);
    }
}
