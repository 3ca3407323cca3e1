// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";

contract BallastVaultWithdrawTest is VaultFixture {
    function test_redeem_paysNetOfExitFee() public {
        uint256 shares = _deposit(alice, 10_000e6);
        uint256 preview = vault.previewRedeem(shares);
        vm.prank(alice);
        uint256 assets = vault.redeem(shares, alice, alice);
        assertEq(assets, preview);
        assertEq(usdc.balanceOf(alice), assets);
        // As the only holder Alice owns her own entry fee again; the exit fee (10 bps on total) stays.
        assertEq(assets, uint256(9_990_009_989));
        assertEq(vault.totalSupply(), 0);
        assertGt(vault.totalAssets(), 0, "fees stay in the vault");
    }

    function test_withdraw_burnsSharesIncludingExitFee() public {
        _deposit(alice, 10_000e6);
        uint256 expected = vault.previewWithdraw(1_000e6);
        vm.prank(alice);
        uint256 burnt = vault.withdraw(1_000e6, alice, alice);
        assertEq(burnt, expected);
        assertEq(usdc.balanceOf(alice), 1_000e6);
        assertGt(burnt, vault.convertToShares(1_000e6), "exit fee charged in shares");
    }

    function test_maxWithdraw_isBoundedByIdle() public {
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        uint256 idle = _position().idleAsset;
        assertLt(idle, 1_000e6);
        assertEq(vault.maxWithdraw(alice), idle);
        uint256 maxShares = vault.maxRedeem(alice);
        assertLe(vault.previewRedeem(maxShares), idle);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxWithdraw.selector, alice, idle + 1, idle));
        vault.withdraw(idle + 1, alice, alice);
        vm.prank(alice);
        vault.withdraw(idle, alice, alice);
        assertEq(usdc.balanceOf(alice), idle);
    }

    function test_redeem_revertsAboveIdle() public {
        uint256 shares = _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        uint256 maxShares = vault.maxRedeem(alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxRedeem.selector, alice, shares, maxShares));
        vault.redeem(shares, alice, alice);
    }

    function test_withdraw_worksWhilePaused() public {
        _deposit(alice, 10_000e6);
        vm.prank(guardian);
        vault.pause();
        uint256 max = vault.maxWithdraw(alice);
        assertGt(max, 9_000e6);
        vm.prank(alice);
        vault.withdraw(max, alice, alice);
        assertEq(usdc.balanceOf(alice), max);
    }

    function test_redeem_bySpenderWithAllowance() public {
        uint256 shares = _deposit(alice, 1_000e6);
        vm.prank(alice);
        vault.approve(bob, shares);
        vm.prank(bob);
        uint256 assets = vault.redeem(shares, bob, alice);
        assertEq(usdc.balanceOf(bob), assets);
        assertEq(vault.allowance(alice, bob), 0);
    }

    function test_redeem_revertsOnZeroAssets() public {
        _deposit(alice, 1_000e6);
        vm.prank(alice);
        vm.expectRevert(IBallastVault.VaultZeroAmount.selector);
        vault.redeem(1, alice, alice);
    }
}
