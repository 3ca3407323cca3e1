// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";

contract BallastVaultDepositTest is VaultFixture {
    function test_decimals_isAssetPlusOffset() public view {
        assertEq(vault.decimals(), 12);
        assertEq(vault.asset(), address(usdc));
        assertEq(vault.base(), address(weth));
    }

    function test_deposit_mintsSharesNetOfEntryFee() public {
        uint256 shares = _deposit(alice, 10_000e6);
        // 10 bps fee on total: fee = ceil(10000e6 * 10 / 10010) = 9_990_010; net 9_990_009_990 assets
        assertEq(shares, 9_990_009_990 * 1e6);
        assertEq(vault.balanceOf(alice), shares);
        assertEq(vault.totalAssets(), 10_000e6, "fee stays in the vault");
    }

    function test_deposit_feeAccruesToExistingHolders() public {
        _deposit(alice, 10_000e6);
        uint256 before = vault.previewRedeem(vault.balanceOf(alice));
        _deposit(bob, 10_000e6);
        assertGt(vault.previewRedeem(vault.balanceOf(alice)), before);
    }

    function test_previewDeposit_matchesDeposit() public {
        _deposit(alice, 5_000e6);
        uint256 preview = vault.previewDeposit(1_234e6);
        assertEq(_deposit(bob, 1_234e6), preview);
    }

    function test_mint_chargesEntryFeeOnTop() public {
        uint256 shares = 1_000e6 * 1e6;
        uint256 assets = vault.previewMint(shares);
        assertEq(assets, 1_000e6 + 1e6, "raw amount plus 10 bps");
        usdc.mint(alice, assets);
        vm.startPrank(alice);
        usdc.approve(address(vault), assets);
        assertEq(vault.mint(shares, alice), assets);
        vm.stopPrank();
        assertEq(vault.balanceOf(alice), shares);
    }

    function test_deposit_revertsWhenPaused() public {
        vm.prank(guardian);
        vault.pause();
        assertEq(vault.maxDeposit(alice), 0);
        assertEq(vault.maxMint(alice), 0);
        usdc.mint(alice, 1e6);
        vm.startPrank(alice);
        usdc.approve(address(vault), 1e6);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxDeposit.selector, alice, 1e6, 0));
        vault.deposit(1e6, alice);
        vm.stopPrank();
    }

    function test_deposit_revertsWhenOracleStale() public {
        vm.warp(block.timestamp + FEED_STALENESS + 1);
        assertEq(vault.maxDeposit(alice), 0);
        usdc.mint(alice, 1e6);
        vm.startPrank(alice);
        usdc.approve(address(vault), 1e6);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxDeposit.selector, alice, 1e6, 0));
        vault.deposit(1e6, alice);
        vm.stopPrank();
    }

    function test_deposit_closedWhileEquityNegative() public {
        _deposit(alice, 10_000e6);
        for (uint256 i; i < 5; ++i) {
            (bool due,) = vault.checkUpkeep("");
            if (!due) break;
            _upkeep();
        }
        _setEthPrice(950e8); // a 2x long loses more than its equity
        assertLt(vault.position().equity, 0);
        assertEq(vault.totalAssets(), 0);
        assertEq(vault.maxDeposit(bob), 0, "a new depositor would absorb the deficit");
        assertEq(vault.maxMint(bob), 0);
        (bool upkeepNeeded, bytes memory reason) = vault.checkUpkeep("");
        assertFalse(upkeepNeeded);
        assertEq(string(reason), "insolvent");
    }

    function test_deposit_revertsOnZeroShares() public {
        _deposit(alice, 1_000e6);
        usdc.mint(bob, 1);
        vm.startPrank(bob);
        usdc.approve(address(vault), 1);
        vm.expectRevert(IBallastVault.VaultZeroAmount.selector);
        vault.deposit(0, bob);
        vm.stopPrank();
    }

    function test_deposit_donationCannotStealFromNextDepositor() public {
        // Classic inflation attack: first depositor mints 1 share, donates, victim rounds to zero shares.
        usdc.mint(alice, 1);
        vm.startPrank(alice);
        usdc.approve(address(vault), 1);
        vm.expectRevert(IBallastVault.VaultZeroAmount.selector);
        vault.deposit(1, alice); // 1 wei nets to 0 after the fee
        vm.stopPrank();
        _deposit(alice, 2);
        usdc.mint(alice, 1_000_000e6);
        vm.prank(alice);
        usdc.transfer(address(vault), 1_000_000e6);
        uint256 shares = _deposit(bob, 1_000e6);
        assertGt(shares, 0);
        // Bob keeps at least 99.8 % of his deposit (fee 0.1 %, rounding dust).
        assertGe(vault.previewRedeem(shares), 997e6);
    }

    function test_supportsInterface_reportsVaultAndAccessControl() public view {
        assertTrue(vault.supportsInterface(type(IBallastVault).interfaceId));
        assertTrue(vault.supportsInterface(type(IAccessControl).interfaceId));
        assertFalse(vault.supportsInterface(type(IERC4626).interfaceId));
    }

    function test_constructor_revertsOnInvalidConfig() public {
        IBallastVault.VaultConfig memory c = IBallastVault.VaultConfig({
            asset: address(usdc),
            base: address(usdc),
            name: "x",
            symbol: "x",
            priceModule: prices,
            policyModule: policyModule,
            lendingAdapter: lending,
            swapAdapter: swapper,
            admin: address(this),
            curator: curator,
            guardian: guardian
        });
        vm.expectRevert(IBallastVault.VaultConfigInvalid.selector);
        new BallastVaultProbe(c);
    }

    function test_pause_onlyGuardian() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, vault.GUARDIAN_ROLE())
        );
        vm.prank(alice);
        vault.pause();
        vm.prank(guardian);
        vault.pause();
        assertTrue(vault.paused());
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(guardian);
        vault.pause();
        vm.prank(guardian);
        vault.unpause();
        assertFalse(vault.paused());
    }
}

import {BallastVault} from "../../src/BallastVault.sol";

contract BallastVaultProbe is BallastVault {
    constructor(IBallastVault.VaultConfig memory c) BallastVault(c) {}
}
