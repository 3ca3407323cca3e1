// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultFixture} from "../utils/VaultFixture.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";

contract BallastVaultCheckUpkeepTest is VaultFixture {
    function _decode(bytes memory data)
        internal
        pure
        returns (IBallastPolicyModule.Action a, int256 x, int256 target, uint256 hf)
    {
        return abi.decode(data, (IBallastPolicyModule.Action, int256, int256, uint256));
    }

    function test_checkUpkeep_nothingDueOnEmptyVault() public view {
        (bool due, bytes memory reason) = vault.checkUpkeep("");
        assertFalse(due);
        assertEq(string(reason), "nothing due");
    }

    function test_checkUpkeep_encodesActionExposureTargetAndHealth() public {
        _deposit(alice, 10_000e6);
        (bool due, bytes memory data) = vault.checkUpkeep("");
        assertTrue(due);
        (IBallastPolicyModule.Action a, int256 x, int256 target, uint256 hf) = _decode(data);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.BandRebalance));
        assertEq(x, 0);
        assertEq(target, 2e18);
        assertEq(hf, type(uint256).max);
    }

    function test_checkUpkeep_reportsOracleFailure() public {
        _deposit(alice, 10_000e6);
        vm.warp(block.timestamp + FEED_STALENESS + 1);
        (bool due, bytes memory reason) = vault.checkUpkeep("");
        assertFalse(due);
        assertEq(string(reason), "oracle");
    }

    function test_checkUpkeep_reportsGasPrice() public {
        _deposit(alice, 10_000e6);
        vm.txGasPrice(100 gwei + 1);
        (bool due, bytes memory reason) = vault.checkUpkeep("");
        assertFalse(due);
        assertEq(string(reason), "gas price");
    }

    function test_checkUpkeep_reportsSpacing() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.minChunkSpacing = 300;
        _setPolicy(p);
        _deposit(alice, 10_000e6);
        _upkeep();
        (bool due, bytes memory reason) = vault.checkUpkeep("");
        assertFalse(due);
        assertEq(string(reason), "spacing");
        vm.warp(block.timestamp + 300);
        _refreshFeeds();
        (due,) = vault.checkUpkeep("");
        assertTrue(due);
    }

    function test_checkUpkeep_agreesWithPerformUpkeep() public {
        _deposit(alice, 10_000e6);
        for (uint256 i; i < 5; ++i) {
            (bool due,) = vault.checkUpkeep("");
            if (!due) break;
            _upkeep();
        }
        (bool stillDue,) = vault.checkUpkeep("");
        assertFalse(stillDue);
        vm.expectRevert();
        _upkeep();
    }

    function test_checkUpkeep_isAView() public {
        _deposit(alice, 10_000e6);
        uint256 before = vault.totalAssets();
        vault.checkUpkeep("anything");
        assertEq(vault.totalAssets(), before);
        (uint256 lastTradeAt,) = vault.upkeepTimes();
        assertEq(lastTradeAt, 0);
    }
}
