// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {BallastVault} from "../../src/BallastVault.sol";
import {BallastPolicyModule} from "../../src/BallastPolicyModule.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {TestERC20} from "../../src/local/TestERC20.sol";
import {SettablePriceFeed} from "../../src/local/SettablePriceFeed.sol";

/// @notice Drives a vault through random deposits, exits, redemption requests, donations, price moves, time
/// and upkeeps, and keeps ghost sums of what must hold.
contract VaultHandler is Test {
    BallastVault internal immutable vault;
    BallastPolicyModule internal immutable policyModule;
    TestERC20 internal immutable usdc;
    SettablePriceFeed internal immutable ethUsd;
    SettablePriceFeed internal immutable usdcUsd;

    address[] internal actors;
    uint256[] internal requestIds;

    // ghost sums and counters
    uint256 public ghost_depositSum;
    uint256 public ghost_exitSum;
    uint256 public ghost_donationSum;
    uint256 public ghost_reservedSum; // assets reserved at fill, less claims
    uint256 public ghost_bountyWindowStart;
    uint256 public ghost_bountyWindowSum;
    uint256 public ghost_bountyCapBreaches;
    uint256 public ghost_depositorShortchanged;
    uint256 public ghost_riskyUpkeepBelowFloor;
    uint256 public ghost_upkeeps;
    /// @dev Consecutive FillRedemptions upkeeps that left the queue head where it was, and the longest such run.
    uint256 public ghost_stalledFills;
    uint256 public ghost_maxStalledFills;
    /// @dev FillRedemptions upkeeps that took the health factor from at or above the floor to below it.
    uint256 public ghost_fillBelowFloor;
    mapping(bytes32 => uint256) public calls;

    constructor(
        BallastVault vault_,
        TestERC20 usdc_,
        SettablePriceFeed ethUsd_,
        SettablePriceFeed usdcUsd_,
        address[] memory actors_
    ) {
        vault = vault_;
        policyModule = BallastPolicyModule(address(vault_.policyModule()));
        usdc = usdc_;
        ethUsd = ethUsd_;
        usdcUsd = usdcUsd_;
        actors = actors_;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    // ---------------------------------------------------------------- depositors

    function deposit(uint256 actorSeed, uint256 assets) external {
        calls["deposit"]++;
        address actor = _actor(actorSeed);
        assets = bound(assets, 100e6, 20_000e6);
        if (vault.maxDeposit(actor) == 0 || vault.previewDeposit(assets) == 0) return;
        // Rounding can cost the depositor at most one share's worth (with the 1e6 virtual shares a donation
        // makes that share dear but never captures it).
        uint256 oneShare = vault.totalAssets() / (vault.totalSupply() + 1e6) + 1;
        usdc.mint(actor, assets);
        vm.startPrank(actor);
        usdc.approve(address(vault), assets);
        uint256 shares = vault.deposit(assets, actor);
        vm.stopPrank();
        ghost_depositSum += assets;
        // The depositor's shares must be worth their deposit less the two fees (10 bps each) and that share,
        // whatever was donated before: the inflation attack would show up here.
        if (vault.previewRedeem(shares) + 2 + oneShare < assets - assets * 21 / 10_000) {
            ghost_depositorShortchanged++;
        }
        _upkeep();
    }

    function redeem(uint256 actorSeed, uint256 fraction) external {
        calls["redeem"]++;
        address actor = _actor(actorSeed);
        uint256 max = vault.maxRedeem(actor);
        uint256 shares = max * bound(fraction, 1, 100) / 100;
        if (shares == 0 || vault.previewRedeem(shares) == 0) return;
        vm.prank(actor);
        ghost_exitSum += vault.redeem(shares, actor, actor);
    }

    function requestRedeem(uint256 actorSeed, uint256 fraction) external {
        calls["requestRedeem"]++;
        address actor = _actor(actorSeed);
        uint256 shares = vault.balanceOf(actor) * bound(fraction, 1, 100) / 100;
        if (shares == 0) return;
        vm.prank(actor);
        requestIds.push(vault.requestRedeem(shares, actor, actor));
    }

    function cancelRedeem(uint256 seed) external {
        calls["cancelRedeem"]++;
        if (requestIds.length == 0) return;
        uint256 id = requestIds[seed % requestIds.length];
        IBallastVault.RedeemRequest memory r = vault.redeemRequest(id);
        if (r.status != IBallastVault.RequestStatus.Pending) return;
        vm.prank(r.owner);
        vault.cancelRedeem(id);
    }

    function claimRedeem(uint256 seed) external {
        calls["claimRedeem"]++;
        if (requestIds.length == 0) return;
        uint256 id = requestIds[seed % requestIds.length];
        IBallastVault.RedeemRequest memory r = vault.redeemRequest(id);
        if (r.status != IBallastVault.RequestStatus.Claimable) return;
        vm.prank(r.receiver);
        uint256 assets = vault.claimRedeem(id);
        ghost_exitSum += assets;
        ghost_reservedSum -= assets;
    }

    function donate(uint256 assets) external {
        calls["donate"]++;
        assets = bound(assets, 1, 50_000e6);
        usdc.mint(address(vault), assets);
        ghost_donationSum += assets;
    }

    // ---------------------------------------------------------------- market and time

    function movePrice(int256 bps) external {
        calls["movePrice"]++;
        bps = bound(bps, -400, 400);
        (, int256 p,,,) = ethUsd.latestRoundData();
        int256 next = p * (10_000 + bps) / 10_000;
        if (next < 1200e8 || next > 3000e8) return;
        ethUsd.setPrice(next);
        _upkeep();
    }

    function warp(uint256 secondsAhead) external {
        calls["warp"]++;
        vm.warp(block.timestamp + bound(secondsAhead, 1, 2 days));
        (, int256 e,,,) = ethUsd.latestRoundData();
        (, int256 u,,,) = usdcUsd.latestRoundData();
        ethUsd.setPrice(e);
        usdcUsd.setPrice(u);
        _upkeep();
    }

    // ---------------------------------------------------------------- keeper

    function upkeep() external {
        _upkeep();
    }

    /// @dev Keepers react to markets: price moves, time and deposits are followed by an upkeep attempt.
    function _upkeep() internal {
        calls["upkeep"]++;
        (bool due, bytes memory performData) = vault.checkUpkeep("");
        if (!due) return;
        (IBallastPolicyModule.Action action,,,) =
            abi.decode(performData, (IBallastPolicyModule.Action, int256, int256, uint256));
        IBallastPolicyModule.Policy memory p = policyModule.policy();
        IBallastVault.Position memory before = vault.position();
        uint256 owedBefore = vault.bountyOwed(address(this));
        (uint256 headBefore,,,) = vault.queueState();
        uint256 hfBefore = vault.healthFactor();
        vm.txGasPrice(10 gwei);
        bool performed;
        try vault.performUpkeep("") {
            performed = true;
            ghost_upkeeps++;
        } catch {} // a lost race or a guard: nothing changed
        // a fill that cannot run holds the queue all the same
        if (action == IBallastPolicyModule.Action.FillRedemptions) _checkFill(headBefore, hfBefore, p.hfFloorWad);
        if (!performed) return;
        _checkBounty(vault.bountyOwed(address(this)) - owedBefore, p);
        _checkReserved();
        IBallastVault.Position memory afterwards = vault.position();
        bool grew = _abs(afterwards.netBaseValue) > _abs(before.netBaseValue);
        if (grew && vault.healthFactor() < p.hfFloorWad) ghost_riskyUpkeepBelowFloor++;
    }

    function claimBounty() external {
        calls["claimBounty"]++;
        if (vault.bountyOwed(address(this)) == 0) return;
        try vault.claimBounty() {} catch {}
    }

    // ---------------------------------------------------------------- helpers

    /// @dev After a FillRedemptions upkeep: counts it if it did not move the queue head while requests were pending,
    /// and if it took the health factor from at or above the floor to below it.
    function _checkFill(uint256 headBefore, uint256 hfBefore, uint256 floor) internal {
        if (hfBefore > floor - 1 && vault.healthFactor() < floor) ghost_fillBelowFloor++;
        (uint256 head,, uint256 pending,) = vault.queueState();
        if (head != headBefore || pending == 0) {
            ghost_stalledFills = 0;
            return;
        }
        if (++ghost_stalledFills > ghost_maxStalledFills) ghost_maxStalledFills = ghost_stalledFills;
    }

    function _checkBounty(uint256 accrued, IBallastPolicyModule.Policy memory p) internal {
        if (accrued > p.bountyCapPerUpkeep) ghost_bountyCapBreaches++;
        (, uint256 windowStart,) = vault.bountyState();
        if (windowStart != ghost_bountyWindowStart) {
            ghost_bountyWindowStart = windowStart;
            ghost_bountyWindowSum = 0;
        }
        ghost_bountyWindowSum += accrued;
        if (ghost_bountyWindowSum > p.bountyCapPerDay) ghost_bountyCapBreaches++;
    }

    /// @dev Re-derives the reserved total from the requests filled in this upkeep.
    function _checkReserved() internal {
        uint256 sum;
        for (uint256 i; i < requestIds.length; ++i) {
            IBallastVault.RedeemRequest memory r = vault.redeemRequest(requestIds[i]);
            if (r.status == IBallastVault.RequestStatus.Claimable) sum += r.assets;
        }
        ghost_reservedSum = sum;
    }

    function _abs(int256 a) internal pure returns (uint256) {
        return a < 0 ? uint256(-a) : uint256(a);
    }

    function requestCount() external view returns (uint256) {
        return requestIds.length;
    }

    function requestIdAt(uint256 i) external view returns (uint256) {
        return requestIds[i];
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function actorAt(uint256 i) external view returns (address) {
        return actors[i];
    }
}
