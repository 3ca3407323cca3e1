// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";

contract BallastVaultRedemptionQueueTest is VaultFixture {
    function _request(address owner, uint256 shares) internal returns (uint256 id) {
        vm.prank(owner);
        id = vault.requestRedeem(shares, owner, owner);
    }

    function _leveredLong() internal returns (uint256 shares) {
        shares = _deposit(alice, 10_000e6);
        _deposit(bob, 10_000e6);
        _upkeepUntilIdle(10, 0);
    }

    function test_requestRedeem_escrowsShares() public {
        uint256 shares = _deposit(alice, 1_000e6);
        vm.expectEmit(address(vault));
        emit IBallastVault.RedeemRequested(0, alice, bob, shares);
        vm.prank(alice);
        uint256 id = vault.requestRedeem(shares, bob, alice);
        assertEq(id, 0);
        assertEq(vault.balanceOf(alice), 0);
        assertEq(vault.balanceOf(address(vault)), shares);
        IBallastVault.RedeemRequest memory r = vault.redeemRequest(id);
        assertEq(r.owner, alice);
        assertEq(r.receiver, bob);
        assertEq(r.shares, shares);
        assertEq(uint8(r.status), uint8(IBallastVault.RequestStatus.Pending));
        (uint256 nextToFill, uint256 nextId, uint256 pending,) = vault.queueState();
        assertEq(nextToFill, 0);
        assertEq(nextId, 1);
        assertEq(pending, shares);
    }

    function test_requestRedeem_bySpenderNeedsAllowance() public {
        uint256 shares = _deposit(alice, 1_000e6);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, bob, 0, shares));
        vm.prank(bob);
        vault.requestRedeem(shares, bob, alice);
        vm.prank(alice);
        vault.approve(bob, shares);
        vm.prank(bob);
        vault.requestRedeem(shares, bob, alice);
        assertEq(vault.balanceOf(address(vault)), shares);
    }

    function test_requestRedeem_revertsOnZero() public {
        vm.expectRevert(IBallastVault.VaultZeroAmount.selector);
        vm.prank(alice);
        vault.requestRedeem(0, alice, alice);
        _deposit(alice, 1_000e6);
        vm.expectRevert(IBallastVault.VaultZeroAmount.selector);
        vm.prank(alice);
        vault.requestRedeem(1, address(0), alice);
    }

    function test_fillRedemptions_fromIdleWithoutTrade() public {
        uint256 shares = _deposit(alice, 1_000e6);
        uint256 expected = vault.previewRedeem(shares / 2);
        uint256 id = _request(alice, shares / 2);
        uint256 totalBefore = vault.totalAssets();
        _upkeep();
        IBallastVault.RedeemRequest memory r = vault.redeemRequest(id);
        assertEq(uint8(r.status), uint8(IBallastVault.RequestStatus.Claimable));
        assertEq(r.assets, expected, "previewRedeem at fill time, exit fee kept");
        assertEq(vault.balanceOf(address(vault)), 0, "escrowed shares burnt");
        (uint256 nextToFill,,, uint256 reserved) = vault.queueState();
        assertEq(nextToFill, 1);
        assertEq(reserved, expected);
        assertApproxEqAbs(vault.totalAssets(), totalBefore - expected - vault.bountyOwed(keeper), 1);
        vm.prank(alice);
        assertEq(vault.claimRedeem(id), expected);
        assertEq(usdc.balanceOf(alice), expected);
        (,,, reserved) = vault.queueState();
        assertEq(reserved, 0);
    }

    function test_fillRedemptions_unwindsProportionally() public {
        uint256 shares = _leveredLong();
        int256 xBefore = _position().exposureWad;
        uint256 expected = vault.previewRedeem(shares);
        uint256 id = _request(alice, shares);
        _upkeepUntilIdle(5, 0);
        IBallastVault.RedeemRequest memory r = vault.redeemRequest(id);
        assertEq(uint8(r.status), uint8(IBallastVault.RequestStatus.Claimable));
        assertApproxEqRel(r.assets, expected, 0.005e18);
        assertApproxEqAbs(_position().exposureWad, xBefore, 0.05e18, "exposure kept");
        assertGe(vault.healthFactor(), 1.25e18);
        vm.prank(alice);
        vault.claimRedeem(id);
        assertEq(usdc.balanceOf(alice), r.assets);
    }

    /// @dev A levered long with no free idle funds (idle buffer 0): the bounties of the upkeeps that built it are
    /// owed but unfunded.
    function _leveredLongWithoutIdle(uint128 bountyCap) internal {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.idleBufferBps = 0;
        p.bountyCapPerUpkeep = bountyCap;
        _setPolicy(p);
        _leveredLong();
        assertEq(_position().idleAsset, 0, "no free idle funds");
        assertEq(_position().suppliedAsset, 0, "and no asset to withdraw: only an unwind pays");
    }

    /// @dev Regression (FINDINGS F-09): the unwind for a request raised its value only, and the unfunded bounties
    /// were paid out of it first, so a request worth less than about one upkeep's bounty never filled: every
    /// upkeep unwound a little more and accrued another bounty, and FillRedemptions, chosen before the liquidation
    /// buffer and every rebalance, held the vault. The unwind now raises the unfunded bounties too.
    function test_fillRedemptions_smallRequestFillsDespiteUnfundedBounties() public {
        _leveredLongWithoutIdle(50e6);
        (uint256 owedBefore,,) = vault.bountyState();
        assertGt(owedBefore, usdc.balanceOf(address(vault)), "bounties owed, not funded");
        uint256 id = _request(alice, vault.convertToShares(1e6)); // 1 USDC, under one upkeep's bounty (~10 USDC)
        _assertAction(IBallastPolicyModule.Action.FillRedemptions);
        _upkeep();
        IBallastVault.RedeemRequest memory r = vault.redeemRequest(id);
        assertEq(uint8(r.status), uint8(IBallastVault.RequestStatus.Claimable), "filled at the first upkeep");
        assertApproxEqAbs(r.assets, 1e6, 0.01e6);
        // the bounties owed before it and the fill are funded; this upkeep's own bounty accrues after the fill
        assertGe(usdc.balanceOf(address(vault)), owedBefore + r.assets, "earlier bounties and the fill funded");
    }

    /// @dev Regression (FINDINGS F-09) under the default policy (5 % idle buffer): a synchronous exit drains the free
    /// idle funds, the next upkeep's bounty is then unfunded, and a second small request used to stay pending
    /// (20 upkeeps measured, the owed bounties reaching the daily cap). Each now fills at its first upkeep.
    function test_fillRedemptions_smallRequestsFillAfterAnExitDrainsIdle() public {
        _leveredLong();
        uint256 w = vault.maxWithdraw(bob);
        vm.prank(bob);
        vault.withdraw(w, bob, bob);
        assertEq(_position().idleAsset, 0, "free idle drained by the exit");
        for (uint256 k; k < 3; ++k) {
            uint256 id = _request(alice, vault.convertToShares(1e6));
            _assertAction(IBallastPolicyModule.Action.FillRedemptions);
            _upkeep();
            assertEq(uint8(vault.redeemRequest(id).status), uint8(IBallastVault.RequestStatus.Claimable), "filled");
            vm.warp(block.timestamp + 1 hours);
            _refreshFeeds();
        }
    }

    /// @dev F-09 as a property: whatever the idle buffer and whether an exit drained the free idle funds, a request
    /// of up to 5 % of the vault fills at its first upkeep.
    function testFuzz_fillRedemptions_smallRequestFillsAtItsFirstUpkeep(uint256 assets, uint256 idleBps, bool drain)
        public
    {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.idleBufferBps = uint16(bound(idleBps, 0, 1000));
        _setPolicy(p);
        _leveredLong();
        uint256 w = vault.maxWithdraw(bob);
        if (drain && w != 0) {
            vm.prank(bob);
            vault.withdraw(w, bob, bob);
        }
        assets = bound(assets, 1, 1000e6);
        uint256 shares = vault.convertToShares(assets);
        vm.assume(shares != 0);
        uint256 id = _request(alice, shares);
        _assertAction(IBallastPolicyModule.Action.FillRedemptions);
        _upkeep();
        assertEq(uint8(vault.redeemRequest(id).status), uint8(IBallastVault.RequestStatus.Claimable));
    }

    /// @dev Regression (FINDINGS F-09): with no bounty owed and no idle funds, a request whose unwind is under the
    /// dust size (1/100 of an asset unit), which `_step` skips, never filled, and held the vault the same way. It
    /// now unwinds the dust size and fills, and the vault rebalances again.
    function test_fillRedemptions_dustRequestWithoutIdleStillFills() public {
        _leveredLongWithoutIdle(0);
        (uint256 owed,,) = vault.bountyState();
        assertEq(owed, 0, "no bounty owed");
        uint256 id = _request(alice, vault.convertToShares(3000)); // 0.003 USDC
        _assertAction(IBallastPolicyModule.Action.FillRedemptions);
        _upkeep();
        IBallastVault.RedeemRequest memory r = vault.redeemRequest(id);
        assertEq(uint8(r.status), uint8(IBallastVault.RequestStatus.Claimable), "filled");
        assertApproxEqAbs(r.assets, 3000, 10);
        _setEthPrice(2600e8);
        vm.warp(block.timestamp + 1 hours);
        _refreshFeeds();
        _assertAction(IBallastPolicyModule.Action.BandRebalance);
        _upkeep();
    }

    function test_fillRedemptions_flatVaultWithoutIdlePaysFromSupplyWithoutATrade() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.targetExposureWad = 0;
        p.idleBufferBps = 0;
        p.bountyCapPerUpkeep = 0;
        _setPolicy(p);
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(5, 0);
        assertEq(_position().idleAsset, 0, "no free idle funds");
        assertGt(_position().suppliedAsset, 9_900e6, "all supplied");
        assertEq(_position().netBaseValue, 0, "no base to unwind");
        uint256 id = _request(alice, vault.convertToShares(1e6));
        vm.recordLogs();
        _upkeep();
        assertEq(uint8(vault.redeemRequest(id).status), uint8(IBallastVault.RequestStatus.Claimable));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            assertTrue(logs[i].topics[0] != IBallastVault.Swapped.selector, "no swap: withdrawn from supply");
        }
    }

    /// @dev Upkeeps until `id` fills, at most `max`; asserts after each that the health factor is at or above the
    /// floor.
    function _fillKeepingHealth(uint256 id, uint256 max) internal {
        uint256 floor = policyModule.policy().hfFloorWad;
        uint256 n;
        while (vault.redeemRequest(id).status == IBallastVault.RequestStatus.Pending) {
            assertLt(n++, max, "filled within the bound");
            _assertAction(IBallastPolicyModule.Action.FillRedemptions);
            _upkeep();
            assertGe(vault.healthFactor(), floor, "health factor held during the unwind");
        }
    }

    function _exitKeepsHealth(int128 target, uint256 others, uint256 maxUpkeeps) internal {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.targetExposureWad = target;
        _setPolicy(p);
        uint256 shares = _deposit(alice, 10_000e6);
        if (others != 0) _deposit(bob, others);
        _upkeepUntilIdle(20, 0);
        uint256 expected = vault.previewRedeem(shares);
        uint256 id = _request(alice, shares);
        _fillKeepingHealth(id, maxUpkeeps);
        assertApproxEqRel(vault.redeemRequest(id).assets, expected, 0.01e18, "paid about the preview");
    }

    /// @dev Regression (FINDINGS F-10): an unwind for the whole vault kept its proceeds idle and never repaid the
    /// debt, so each upkeep withdrew collateral within the venue's headroom and the health factor fell toward 1
    /// (1.0000000001 after 8 upkeeps, the request still pending). It now repays first and fills.
    function test_fillRedemptions_wholeVaultExitRepaysFirstAndFills() public {
        _exitKeepsHealth(2e18, 0, 4);
    }

    function test_fillRedemptions_wholeShortVaultExitRepaysFirstAndFills() public {
        _exitKeepsHealth(-1e18, 0, 4);
    }

    /// @dev Half the vault leaves in one upkeep, using the room above the floor (a health factor of 1.34 here, the
    /// next band rebalance restores the target), never below it.
    function test_fillRedemptions_halfVaultExitKeepsHealth() public {
        _exitKeepsHealth(2e18, 10_000e6, 1);
    }

    function test_fillRedemptions_shortUnwind() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.targetExposureWad = -1e18;
        _setPolicy(p);
        uint256 shares = _leveredLong();
        uint256 id = _request(alice, shares);
        _upkeepUntilIdle(5, 0);
        assertEq(uint8(vault.redeemRequest(id).status), uint8(IBallastVault.RequestStatus.Claimable));
        assertApproxEqAbs(_position().exposureWad, -1e18, 0.1e18);
    }

    function test_fillRedemptions_chunkedAcrossUpkeeps() public {
        uint256 shares = _leveredLong();
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.maxTradeAssets = 5_000e6; // smaller trades and longer spacing are tightenings: at once
        p.minChunkSpacing = 600;
        _setPolicy(p);
        vm.warp(block.timestamp + 600);
        _refreshFeeds();
        uint256 id = _request(alice, shares);
        _upkeep();
        assertEq(uint8(vault.redeemRequest(id).status), uint8(IBallastVault.RequestStatus.Pending), "one chunk");
        (bool due, bytes memory reason) = vault.checkUpkeep("");
        assertFalse(due);
        assertEq(string(reason), "spacing");
        vm.warp(block.timestamp + 600);
        _refreshFeeds();
        uint256 runs = _upkeepUntilIdle(10, 600);
        assertGt(runs, 0);
        assertEq(uint8(vault.redeemRequest(id).status), uint8(IBallastVault.RequestStatus.Claimable));
    }

    function test_fillRedemptions_skipsCancelledAndBoundsWork() public {
        for (uint256 i; i < 25; ++i) _deposit(address(uint160(0x1000 + i)), 10e6);
        for (uint256 i; i < 25; ++i) _request(address(uint160(0x1000 + i)), vault.balanceOf(address(uint160(0x1000 + i))));
        vm.prank(address(uint160(0x1000)));
        vault.cancelRedeem(0);
        _upkeep();
        (uint256 nextToFill,,,) = vault.queueState();
        assertEq(nextToFill, vault.MAX_FILLS_PER_UPKEEP(), "20 looked at, 19 filled");
        assertEq(uint8(vault.redeemRequest(19).status), uint8(IBallastVault.RequestStatus.Claimable));
        assertEq(uint8(vault.redeemRequest(20).status), uint8(IBallastVault.RequestStatus.Pending));
        _upkeep();
        (nextToFill,,,) = vault.queueState();
        assertEq(nextToFill, 25);
    }

    function test_fillRedemptions_priceFixedAtFill() public {
        uint256 shares = _leveredLong();
        uint256 id = _request(alice, shares / 10);
        _upkeepUntilIdle(5, 0);
        uint256 reservedAssets = vault.redeemRequest(id).assets;
        _setEthPrice(1800e8);
        vm.prank(alice);
        assertEq(vault.claimRedeem(id), reservedAssets);
    }

    function test_claimRedeem_onlyReceiverOnce() public {
        uint256 shares = _deposit(alice, 1_000e6);
        vm.prank(alice);
        uint256 id = vault.requestRedeem(shares, bob, alice);
        vm.expectRevert(
            abi.encodeWithSelector(IBallastVault.VaultRequestStatus.selector, id, IBallastVault.RequestStatus.Pending)
        );
        vm.prank(bob);
        vault.claimRedeem(id);
        _upkeep();
        vm.expectRevert(abi.encodeWithSelector(IBallastVault.VaultRequestUnauthorized.selector, id, alice));
        vm.prank(alice);
        vault.claimRedeem(id);
        vm.prank(bob);
        vault.claimRedeem(id);
        vm.expectRevert(
            abi.encodeWithSelector(IBallastVault.VaultRequestStatus.selector, id, IBallastVault.RequestStatus.Claimed)
        );
        vm.prank(bob);
        vault.claimRedeem(id);
    }

    function test_cancelRedeem_returnsSharesToOwner() public {
        uint256 shares = _deposit(alice, 1_000e6);
        uint256 id = _request(alice, shares);
        vm.expectRevert(abi.encodeWithSelector(IBallastVault.VaultRequestUnauthorized.selector, id, bob));
        vm.prank(bob);
        vault.cancelRedeem(id);
        vm.expectEmit(address(vault));
        emit IBallastVault.RedeemCancelled(id, alice, shares);
        vm.prank(alice);
        assertEq(vault.cancelRedeem(id), shares);
        assertEq(vault.balanceOf(alice), shares);
        (,, uint256 pending,) = vault.queueState();
        assertEq(pending, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IBallastVault.VaultRequestStatus.selector, id, IBallastVault.RequestStatus.Cancelled)
        );
        vm.prank(alice);
        vault.cancelRedeem(id);
    }

    function test_queue_worksWhilePaused() public {
        uint256 shares = _leveredLong();
        vm.prank(guardian);
        vault.pause();
        uint256 id = _request(alice, shares);
        _upkeepUntilIdle(5, 0);
        vm.prank(alice);
        uint256 assets = vault.claimRedeem(id);
        assertGt(assets, 9_900e6);
    }

    function test_fillRedemptions_reservedAssetsLeaveTotalAssets() public {
        uint256 shares = _leveredLong();
        uint256 bobValue = vault.previewRedeem(vault.balanceOf(bob));
        _request(alice, shares);
        _upkeepUntilIdle(5, 0);
        // Bob's shares are worth what they were, give or take the unwind's cost and the exit fee Alice left.
        assertApproxEqRel(vault.previewRedeem(vault.balanceOf(bob)), bobValue, 0.003e18);
    }
}
