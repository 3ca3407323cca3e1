// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title ExposureMath
/// @notice Valuation and sizing math of a base/quote position. Scale: prices and ratios in WAD (1e18), shares
/// of 100 % in bps (1e4); amounts in raw token units. Every function states its rounding.
library ExposureMath {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 10_000;
    /// @dev bps to WAD.
    uint256 internal constant BPS_TO_WAD = 1e14;

    /// @notice Asset (quote) value of `baseAmount` at `priceWad`.
    /// @param baseAmount Raw base amount.
    /// @param priceWad Quote per whole base, WAD.
    /// @param baseUnit 10 ** base decimals.
    /// @param quoteUnit 10 ** quote decimals.
    /// @param rounding Rounding direction.
    /// @return Raw quote amount.
    function toQuote(uint256 baseAmount, uint256 priceWad, uint256 baseUnit, uint256 quoteUnit, Math.Rounding rounding)
        internal
        pure
        returns (uint256)
    {
        return Math.mulDiv(baseAmount, priceWad * quoteUnit, WAD * baseUnit, rounding);
    }

    /// @notice Base amount worth `quoteAmount` at `priceWad`.
    /// @param quoteAmount Raw quote amount.
    /// @param priceWad Quote per whole base, WAD (non-zero).
    /// @param baseUnit 10 ** base decimals.
    /// @param quoteUnit 10 ** quote decimals.
    /// @param rounding Rounding direction.
    /// @return Raw base amount.
    function toBase(uint256 quoteAmount, uint256 priceWad, uint256 baseUnit, uint256 quoteUnit, Math.Rounding rounding)
        internal
        pure
        returns (uint256)
    {
        return Math.mulDiv(quoteAmount, WAD * baseUnit, priceWad * quoteUnit, rounding);
    }

    /// @notice Signed quote value of a net base amount, rounded toward negative infinity (a long is valued
    /// down, a short's liability up: both against the depositor).
    /// @param netBase Signed raw base amount.
    /// @param priceWad Quote per whole base, WAD.
    /// @param baseUnit 10 ** base decimals.
    /// @param quoteUnit 10 ** quote decimals.
    /// @return Signed raw quote value.
    function netValue(int256 netBase, uint256 priceWad, uint256 baseUnit, uint256 quoteUnit)
        internal
        pure
        returns (int256)
    {
        if (netBase < 0) {
            return -int256(toQuote(uint256(-netBase), priceWad, baseUnit, quoteUnit, Math.Rounding.Ceil));
        }
        return int256(toQuote(uint256(netBase), priceWad, baseUnit, quoteUnit, Math.Rounding.Floor));
    }

    /// @notice Exposure ratio x = netValue / equity, signed WAD, truncated toward zero; 0 when equity <= 0.
    /// @param value Net base value.
    /// @param equity Equity.
    /// @return x The ratio.
    function exposure(int256 value, int256 equity) internal pure returns (int256 x) {
        if (equity < 1) return 0;
        return value * int256(WAD) / equity;
    }

    /// @notice Caps a target exposure so that, with the idle buffer held undeployed, the venue health factor at
    /// that exposure is at least `hfTargetWad`. Long (x > 1): x <= H (1 - i) / (H - LT_base), from
    /// HF = x LT / (x - 1 + i). Short (x < 0): |x| <= (1 - i) LT_quote / (H - LT_quote), from
    /// HF = (1 - i + |x|) LT / |x|. Unlevered targets (0..1) carry no debt and are returned unchanged. Rounds
    /// the cap toward zero.
    /// @param x Target exposure, signed WAD.
    /// @param hfTargetWad Health factor to hold, WAD (> 1e18).
    /// @param ltBaseBps Liquidation threshold of the base as collateral.
    /// @param ltQuoteBps Liquidation threshold of the quote as collateral.
    /// @param idleBps Idle buffer, bps of equity.
    /// @return The capped target.
    function healthCap(int256 x, uint256 hfTargetWad, uint256 ltBaseBps, uint256 ltQuoteBps, uint256 idleBps)
        internal
        pure
        returns (int256)
    {
        uint256 deployed = WAD - idleBps * BPS_TO_WAD;
        if (x > int256(WAD)) {
            uint256 lt = ltBaseBps * BPS_TO_WAD;
            if (hfTargetWad < lt + 1) return int256(WAD);
            uint256 cap = Math.mulDiv(hfTargetWad, deployed, hfTargetWad - lt);
            return cap < WAD ? int256(WAD) : int256(Math.min(uint256(x), cap));
        }
        if (x < 0) {
            uint256 lt = ltQuoteBps * BPS_TO_WAD;
            if (hfTargetWad < lt + 1) return 0;
            uint256 cap = Math.mulDiv(deployed, lt, hfTargetWad - lt);
            return -int256(Math.min(uint256(-x), cap));
        }
        return x;
    }

    /// @notice Moves `target` no further from zero than `current`: the result lies between 0 and `current`.
    /// Used when only de-risking is allowed (pause).
    /// @param target Wanted exposure.
    /// @param current Current exposure.
    /// @return The clamped target.
    function towardZero(int256 target, int256 current) internal pure returns (int256) {
        int256 lo = current < 0 ? current : int256(0);
        int256 hi = current > 0 ? current : int256(0);
        return target < lo ? lo : (target > hi ? hi : target);
    }

    /// @notice Value to sell and repay so the health factor rises from `hfWad` to `hfTargetWad`, when each
    /// unit sold removes collateral with liquidation threshold `ltBps` and repays one unit of debt:
    /// a = D (H_t - HF) / (H_t - LT). Rounded up; the whole debt when H_t <= LT.
    /// @param debtValue Debt, quote units.
    /// @param hfWad Current health factor.
    /// @param hfTargetWad Wanted health factor.
    /// @param ltBps Liquidation threshold of the collateral sold.
    /// @return Quote value to unwind.
    function deleverageValue(uint256 debtValue, uint256 hfWad, uint256 hfTargetWad, uint256 ltBps)
        internal
        pure
        returns (uint256)
    {
        if (hfWad > hfTargetWad - 1) return 0;
        uint256 lt = ltBps * BPS_TO_WAD;
        if (hfTargetWad < lt + 1) return debtValue;
        return Math.min(debtValue, Math.mulDiv(debtValue, hfTargetWad - hfWad, hfTargetWad - lt, Math.Rounding.Ceil));
    }

    /// @notice Largest collateral value that can be withdrawn before repaying while keeping the health factor
    /// at or above 1 (plus a 5 % margin on the headroom): D (HF - 1) / LT * 0.95. Rounded down; unlimited
    /// without debt.
    /// @param debtValue Debt, quote units.
    /// @param hfWad Current health factor.
    /// @param ltBps Liquidation threshold of the collateral withdrawn.
    /// @return Quote value.
    function withdrawHeadroom(uint256 debtValue, uint256 hfWad, uint256 ltBps) internal pure returns (uint256) {
        if (debtValue == 0 || ltBps == 0) return type(uint256).max;
        if (hfWad < WAD + 1) return 0;
        return Math.mulDiv(debtValue, (hfWad - WAD) * 95, ltBps * BPS_TO_WAD * 100);
    }

    /// @notice |a - b|.
    /// @param a One value.
    /// @param b The other.
    /// @return The distance.
    function distance(int256 a, int256 b) internal pure returns (uint256) {
        return a > b ? uint256(a - b) : uint256(b - a);
    }

    /// @notice |a|.
    /// @param a A value.
    /// @return Its magnitude.
    function abs(int256 a) internal pure returns (uint256) {
        return a < 0 ? uint256(-a) : uint256(a);
    }
}
