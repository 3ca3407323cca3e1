// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IBallastPolicyModule} from "../interfaces/IBallastPolicyModule.sol";

/// @title PolicyLib
/// @notice Bounds and risk-direction checks of a `Policy`, field by field. A policy is handled as an array of
/// its 18 fields (as int256, in declaration order) so every rule is one loop.
library PolicyLib {
    uint256 internal constant FIELDS = 18;
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 10_000;
    /// @dev Protocol ceiling on entry and exit fees, bps: no curator can trap deposits behind a fee.
    uint256 internal constant MAX_FEE_BPS = 1000;

    uint256 private constant _TARGET = 0;
    uint256 private constant _HF_FLOOR = 3;
    uint256 private constant _HF_TARGET = 4;
    uint256 private constant _HF_CRITICAL = 5;
    uint256 private constant _SLIPPAGE = 10;
    uint256 private constant _ENTRY_FEE = 13;
    uint256 private constant _EXIT_FEE = 16;
    uint256 private constant _IDLE_BUFFER = 17;

    /// @dev Bit i set: a higher value of field i is the safer one (health factors, spacing, idle buffer).
    /// Field 0 (target exposure) has its own rule; every other field is safer lower.
    uint256 private constant _HIGHER_IS_SAFER = (1 << 3) | (1 << 4) | (1 << 5) | (1 << 7) | (1 << 17);

    /// @notice The policy's fields in declaration order.
    /// @param p The policy.
    /// @return f The fields as int256.
    function fields(IBallastPolicyModule.Policy memory p) internal pure returns (int256[FIELDS] memory f) {
        f = [
            int256(p.targetExposureWad),
            int256(uint256(p.bandWad)),
            int256(uint256(p.minDriftWad)),
            int256(uint256(p.hfFloorWad)),
            int256(uint256(p.hfTargetWad)),
            int256(uint256(p.hfCriticalWad)),
            int256(uint256(p.heartbeat)),
            int256(uint256(p.minChunkSpacing)),
            int256(uint256(p.maxTradeAssets)),
            int256(uint256(p.gasPriceCeilingWei)),
            int256(uint256(p.slippageBps)),
            int256(uint256(p.maxDeviationBps)),
            int256(uint256(p.bountyPremiumBps)),
            int256(uint256(p.entryFeeBps)),
            int256(uint256(p.bountyCapPerUpkeep)),
            int256(uint256(p.bountyCapPerDay)),
            int256(uint256(p.exitFeeBps)),
            int256(uint256(p.idleBufferBps))
        ];
    }

    /// @notice Reverts unless the bounds are usable: min <= max per field, bps fields within 100 %, fees
    /// within `MAX_FEE_BPS`, and no health factor bound below 1.
    /// @param lo Lower bounds.
    /// @param hi Upper bounds.
    function checkBounds(IBallastPolicyModule.Policy memory lo, IBallastPolicyModule.Policy memory hi)
        internal
        pure
    {
        int256[FIELDS] memory a = fields(lo);
        int256[FIELDS] memory b = fields(hi);
        for (uint256 i; i < FIELDS; ++i) {
            if (a[i] > b[i]) revert IBallastPolicyModule.PolicyBoundsInvalid(i);
        }
        for (uint256 i = _SLIPPAGE; i < FIELDS; ++i) {
            // bps fields: 10-13, 16, 17
            if ((i < 14 || i > 15) && b[i] > int256(BPS)) revert IBallastPolicyModule.PolicyBoundsInvalid(i);
        }
        if (b[_ENTRY_FEE] > int256(MAX_FEE_BPS)) revert IBallastPolicyModule.PolicyBoundsInvalid(_ENTRY_FEE);
        if (b[_EXIT_FEE] > int256(MAX_FEE_BPS)) revert IBallastPolicyModule.PolicyBoundsInvalid(_EXIT_FEE);
        for (uint256 i = _HF_FLOOR; i < _HF_CRITICAL + 1; ++i) {
            if (a[i] < int256(WAD)) revert IBallastPolicyModule.PolicyBoundsInvalid(i);
        }
    }

    /// @notice Reverts unless every field of `p` is within [lo, hi] and its health factors are ordered.
    /// @param p The policy.
    /// @param lo Lower bounds.
    /// @param hi Upper bounds.
    function check(
        IBallastPolicyModule.Policy memory p,
        IBallastPolicyModule.Policy memory lo,
        IBallastPolicyModule.Policy memory hi
    ) internal pure {
        int256[FIELDS] memory v = fields(p);
        int256[FIELDS] memory a = fields(lo);
        int256[FIELDS] memory b = fields(hi);
        for (uint256 i; i < FIELDS; ++i) {
            if (v[i] < a[i] || v[i] > b[i]) revert IBallastPolicyModule.PolicyFieldOutOfBounds(i, v[i], a[i], b[i]);
        }
        if (p.hfCriticalWad > p.hfFloorWad || p.hfFloorWad > p.hfTargetWad) {
            revert IBallastPolicyModule.PolicyHealthFactorsUnordered(p.hfCriticalWad, p.hfFloorWad, p.hfTargetWad);
        }
    }

    /// @notice Whether `next` only tightens `current`: every field equal or in its safer direction. For the
    /// target exposure, safer means between zero and the current target (same side, smaller or zero).
    /// @param current The policy in force.
    /// @param next The proposal.
    /// @return True when nothing adds risk.
    function isTightening(IBallastPolicyModule.Policy memory current, IBallastPolicyModule.Policy memory next)
        internal
        pure
        returns (bool)
    {
        int256[FIELDS] memory c = fields(current);
        int256[FIELDS] memory n = fields(next);
        int256 x = c[_TARGET];
        int256 y = n[_TARGET];
        if (x < 0 ? (y < x || y > 0) : (y > x || y < 0)) return false;
        for (uint256 i = 1; i < FIELDS; ++i) {
            bool higherSafer = (_HIGHER_IS_SAFER >> i) & 1 == 1;
            if (higherSafer ? n[i] < c[i] : n[i] > c[i]) return false;
        }
        return true;
    }
}
