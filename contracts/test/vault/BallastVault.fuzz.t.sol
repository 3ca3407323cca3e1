// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultFixture} from "../utils/VaultFixture.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";

/// @notice Property fuzzing of the ERC-4626 surface over a vault that already holds a levered position.
contract BallastVaultFuzzTest is VaultFixture {
    function setUp() public override {
        super.setUp();
        _deposit(bob, 50_000e6);
        _upkeepUntilIdle(10, 0);
    }

    function _mintAndApprove(address user, uint256 assets) internal {
        usdc.mint(user, assets);
        vm.prank(user);
        usdc.approve(address(vault), assets);
    }

    function testFuzz_depositRedeem_neverProfits(uint256 assets, int256 priceMove) public {
        assets = bound(assets, 1e6, 1_000e6); // within idle so the exit is synchronous
        priceMove = bound(priceMove, -300, 300);
        _setEthPrice(2000e8 * (10_000 + priceMove) / 10_000);
        uint256 shares = _deposit(alice, assets);
        uint256 maxShares = vault.maxRedeem(alice);
        vm.assume(maxShares == shares);
        vm.prank(alice);
        uint256 out = vault.redeem(shares, alice, alice);
        assertLe(out, assets);
    }

    function testFuzz_mintWithdraw_neverProfits(uint256 shares) public {
        shares = bound(shares, 1e12, 1_000e12);
        uint256 cost = vault.previewMint(shares);
        _mintAndApprove(alice, cost);
        vm.prank(alice);
        vault.mint(shares, alice);
        uint256 out = vault.maxWithdraw(alice);
        vm.prank(alice);
        uint256 burnt = vault.withdraw(out, alice, alice);
        assertLe(burnt, shares);
        assertLe(out, cost);
    }

    function testFuzz_previews_neverFavourCaller(uint256 assets, uint256 shares) public view {
        assets = bound(assets, 1, 1e15);
        shares = bound(shares, 1, 1e21);
        assertLe(vault.previewDeposit(assets), vault.convertToShares(assets), "deposit gives no more than fair");
        assertGe(vault.previewMint(shares), vault.convertToAssets(shares), "mint costs no less than fair");
        assertGe(vault.previewWithdraw(assets), vault.convertToShares(assets), "withdraw burns no less than fair");
        assertLe(vault.previewRedeem(shares), vault.convertToAssets(shares), "redeem pays no more than fair");
    }

    function testFuzz_deposit_matchesPreview(uint256 assets) public {
        assets = bound(assets, 1e6, 1e12);
        uint256 preview = vault.previewDeposit(assets);
        assertEq(_deposit(alice, assets), preview);
    }

    function testFuzz_fees_neverExceedTheirRate(uint256 assets) public {
        assets = bound(assets, 1e6, 1e12);
        uint256 total = vault.totalAssets();
        uint256 shares = _deposit(alice, assets);
        // what the shares are worth after the deposit vs what was paid: the entry fee (10 bps on total)
        uint256 value = vault.convertToAssets(shares);
        uint256 fee = assets > value ? assets - value : 0;
        assertLe(fee, assets * 10 / 10_010 + 2, "entry fee within 10 bps (+ rounding)");
        assertGe(vault.totalAssets(), total + assets - 1);
        uint256 gross = vault.convertToAssets(shares / 2);
        uint256 net = vault.previewRedeem(shares / 2);
        assertLe(gross - net, gross * 10 / 10_010 + 1, "exit fee within 10 bps");
    }

    function testFuzz_requestRedeem_fillPaysAtMostPreview(uint256 fraction) public {
        fraction = bound(fraction, 1, 10_000);
        uint256 shares = _deposit(alice, 5_000e6) * fraction / 10_000;
        vm.assume(shares != 0);
        uint256 preview = vault.previewRedeem(shares);
        vm.prank(alice);
        uint256 id = vault.requestRedeem(shares, alice, alice);
        _upkeepUntilIdle(5, 0);
        IBallastVault.RedeemRequest memory r = vault.redeemRequest(id);
        assertEq(uint8(r.status), uint8(IBallastVault.RequestStatus.Claimable));
        // equal when filled from idle; less when the unwind paid slippage or bounties first
        assertLe(r.assets, preview);
        assertApproxEqRel(r.assets, preview, 0.01e18);
    }
}
