// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultFixture} from "../utils/VaultFixture.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {IBallastPriceModule} from "../../src/interfaces/IBallastPriceModule.sol";

contract BallastVaultAccountingTest is VaultFixture {
    function _leveredLong() internal {
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
    }

    function test_totalAssets_isIdleWithoutPosition() public {
        _deposit(alice, 10_000e6);
        assertEq(vault.totalAssets(), 10_000e6);
        IBallastVault.Position memory p = _position();
        assertEq(p.equity, 10_000e6);
        assertEq(p.exposureWad, 0);
        assertEq(p.priceWad, 2000e18);
    }

    function test_position_equityAndExposureFromMixedDecimals() public {
        _leveredLong();
        IBallastVault.Position memory p = _position();
        // N = supplied WETH (18 dec) at 2000 USDC (6 dec): value = N * 2000 / 1e12
        int256 netValue = int256(p.suppliedBase * 2000 / 1e12);
        assertEq(p.netBaseValue, netValue);
        assertEq(p.equity, int256(p.idleAsset + p.suppliedAsset) - int256(p.borrowedAsset) + netValue);
        assertEq(p.exposureWad, netValue * 1e18 / p.equity);
        assertApproxEqAbs(p.exposureWad, 2e18, 0.05e18);
        assertEq(vault.totalAssets(), uint256(p.equity));
    }

    function test_totalAssets_excludesBountiesOwed() public {
        _deposit(alice, 10_000e6);
        _upkeep();
        uint256 owed = vault.bountyOwed(keeper);
        assertGt(owed, 0);
        IBallastVault.Position memory p = _position();
        assertEq(p.idleAsset, usdc.balanceOf(address(vault)) - owed);
        assertApproxEqAbs(vault.totalAssets(), 10_000e6 - owed, 2);
    }

    function test_totalAssets_movesWithLeverageOnPrice() public {
        _leveredLong();
        uint256 before = vault.totalAssets();
        int256 x = _position().exposureWad;
        _setEthPrice(2200e8); // +10 %
        uint256 afterUp = vault.totalAssets();
        // dE/E = x * dP/P
        assertApproxEqRel(afterUp, before + before * uint256(x) / 1e18 / 10, 0.001e18);
    }

    function test_position_shortHasNegativeExposure() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.targetExposureWad = -1e18;
        _setPolicy(p);
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        IBallastVault.Position memory pos = _position();
        assertGt(pos.borrowedBase, 0);
        assertEq(pos.borrowedAsset, 0);
        assertApproxEqAbs(pos.exposureWad, -1e18, 0.1e18);
        // short gains when the price falls
        uint256 before = vault.totalAssets();
        _setEthPrice(1800e8);
        assertGt(vault.totalAssets(), before);
    }

    function test_totalAssets_revertsWhenOracleFailsWithBasePosition() public {
        _leveredLong();
        ethUsd.setPrice(0);
        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceNotPositive.selector, address(ethUsd), int256(0)));
        vault.totalAssets();
        assertEq(vault.maxWithdraw(alice), 0);
        assertEq(vault.maxRedeem(alice), 0);
    }

    function test_totalAssets_needsNoOracleWithoutBase() public {
        _deposit(alice, 10_000e6);
        ethUsd.setPrice(0);
        assertEq(vault.totalAssets(), 10_000e6);
        assertGt(vault.maxWithdraw(alice), 0);
    }

    function test_position_revertsWhenOracleFails() public {
        ethUsd.setPrice(-5);
        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceNotPositive.selector, address(ethUsd), int256(-5)));
        vault.position();
    }
}
