// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultFixture} from "../utils/VaultFixture.sol";
import {VaultHandler} from "./VaultHandler.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";

contract BallastVaultInvariantTest is VaultFixture {
    VaultHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory actors = new address[](3);
        actors[0] = alice;
        actors[1] = bob;
        actors[2] = makeAddr("carol");
        handler = new VaultHandler(vault, usdc, ethUsd, usdcUsd, actors);
        usdc.transferOwnership(address(handler));
        ethUsd.transferOwnership(address(handler));
        usdcUsd.transferOwnership(address(handler));
        vault.grantRole(vault.KEEPER_ROLE(), address(handler));
        targetContract(address(handler));
    }

    /// @notice The queue keeps moving: FillRedemptions, which comes before the liquidation buffer and every
    /// rebalance, never runs more than three upkeeps in a row without filling the head request (a large unwind may
    /// take a few, each within the venue's withdrawal headroom). FINDINGS F-09.
    function invariant_queueHeadFillsWithinThreeUpkeeps() public {
        emit log_named_uint("longest run of fills without progress", handler.ghost_maxStalledFills());
        assertLe(handler.ghost_maxStalledFills(), 3);
    }

    /// @notice A redemption unwind repays debt in proportion before it keeps idle funds: no FillRedemptions upkeep
    /// takes the health factor from at or above the floor to below it (it used to walk it toward 1). FINDINGS F-10.
    function invariant_fillsKeepHealthAboveFloor() public view {
        assertEq(handler.ghost_fillBelowFloor(), 0);
    }

    /// @notice Reserved redemption assets are exactly the filled, unclaimed requests, and the balance covers them.
    function invariant_queueClaimsCovered() public view {
        (,,, uint256 reserved) = vault.queueState();
        uint256 sum;
        for (uint256 i; i < handler.requestCount(); ++i) {
            IBallastVault.RedeemRequest memory r = vault.redeemRequest(handler.requestIdAt(i));
            if (r.status == IBallastVault.RequestStatus.Claimable) sum += r.assets;
        }
        assertEq(reserved, sum);
        assertGe(usdc.balanceOf(address(vault)), reserved);
    }

    /// @notice Escrowed shares are exactly the pending requests' shares.
    function invariant_escrowMatchesPendingShares() public view {
        (,, uint256 pending,) = vault.queueState();
        assertEq(vault.balanceOf(address(vault)), pending);
    }

    /// @notice No upkeep accrued more than the per-upkeep cap, nor any window more than the daily cap.
    function invariant_bountiesWithinCaps() public view {
        assertEq(handler.ghost_bountyCapBreaches(), 0);
        (uint256 totalOwed,,) = vault.bountyState();
        assertEq(totalOwed, vault.bountyOwed(address(handler)));
    }

    /// @notice An upkeep that grew the position never left the health factor under the floor.
    function invariant_healthAboveFloorAfterUpkeep() public view {
        assertEq(handler.ghost_riskyUpkeepBelowFloor(), 0);
    }

    /// @notice A depositor's shares are always worth the deposit less fees, donations notwithstanding.
    function invariant_donationCannotStealFromNextDepositor() public view {
        assertEq(handler.ghost_depositorShortchanged(), 0);
    }

    /// @notice Outstanding shares are backed: with holders, equity is positive and each share is priced.
    function invariant_totalAssetsCoversShares() public view {
        if (vault.totalSupply() == 0) return;
        assertGt(vault.totalAssets(), 0);
        // The position never turns into more debt than collateral at these price moves.
        assertGt(vault.position().equity, 0);
    }
}
