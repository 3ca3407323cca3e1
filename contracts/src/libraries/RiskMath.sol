// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {FixedPointMathLib} from "solady/src/utils/FixedPointMathLib.sol";

/// @title RiskMath
/// @notice Sizing limits on a target exposure and the cost-aware rebalancing band. Scale: exposures are signed
/// WAD (2e18 = 2x long, -1e18 = 1x short), volatilities and variances annualised WAD, shares of 100 % in bps
/// (1e4); pool amounts in raw token units. Every cap only moves the exposure toward zero, never flips its sign,
/// and returns its input unchanged when the rule is off or not binding. Every function states its rounding.
/// Derivations: docs/RISK_MATH.md.
library RiskMath {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 10_000;
    /// @dev bps to WAD.
    uint256 internal constant BPS_TO_WAD = 1e14;
    /// @dev Seconds in the year volatilities are annualised over.
    uint256 internal constant YEAR = 365 days;
    /// @dev Shock s (WAD) past which e^-s is below 1 wei and, for LT <= 1, the short cap (1 - b) LT / (e^s - LT)
    /// is below 1 wei: saturating the shock there changes neither result.
    uint256 internal constant MAX_SHOCK_WAD = 42e18;
    /// @dev Above this impact the pool cap is treated as unbounded (price factor 1 + I >= 2^64).
    uint256 internal constant MAX_IMPACT_BPS = BPS * (2 ** 64 - 1) - 1;

    uint256 private constant _Q96 = 2 ** 96;
    uint256 private constant _Q192 = 2 ** 192;
    /// @dev m*sigma (WAD) above which the shock saturates for any horizon >= 1 s (sqrt(1 s / YEAR) > 1.78e-4).
    uint256 private constant _MAX_M_SIGMA_WAD = 1e24;
    /// @dev Horizon above which the shock saturates for any m*sigma >= 1 wei (sqrt(h / YEAR) > 1.7e20).
    uint256 private constant _MAX_HORIZON = 1e48;

    /// @notice Volatility targeting: |x| <= |x| sigmaTarget / sigmaHat. Off when `sigmaTargetWad` is 0; not binding
    /// when `sigmaHatWad` is 0 or at or below the target. Rounds toward zero.
    /// @param x Target exposure, signed WAD.
    /// @param sigmaTargetWad Volatility to target, annualised WAD.
    /// @param sigmaHatWad Estimated volatility of the base in quote, annualised WAD.
    /// @return The capped target.
    function volTargetCap(int256 x, uint256 sigmaTargetWad, uint256 sigmaHatWad) internal pure returns (int256) {
        if (sigmaTargetWad != 0 && sigmaHatWad > sigmaTargetWad) {
            return _capMagnitude(x, Math.mulDiv(_abs(x), sigmaTargetWad, sigmaHatWad));
        }
        return x;
    }

    /// @notice Fractional Kelly: |x| <= fraction |mu| / sigma^2. A drift against the side held (mu < 0 on a long,
    /// mu > 0 on a short) caps the exposure to 0. Off when `muWad` is 0; not binding when `varWad` is 0. Rounds
    /// toward zero. Exact for any inputs whose cap fits in 256 bits (e.g. |mu| <= 100e18, fraction <= 1e18,
    /// var >= 1).
    /// @param x Target exposure, signed WAD.
    /// @param muWad Expected annual excess return of the base over the quote, signed WAD.
    /// @param fractionWad Kelly fraction, WAD (1e18 = full Kelly).
    /// @param varWad Variance of the base's return in quote, annualised WAD.
    /// @return The capped target.
    function kellyCap(int256 x, int256 muWad, uint256 fractionWad, uint256 varWad) internal pure returns (int256) {
        if (muWad == 0 || x == 0) return x;
        if ((muWad < 0) != (x < 0)) return 0;
        if (varWad == 0) return x;
        return _capMagnitude(x, Math.mulDiv(fractionWad, _abs(muWad), varWad));
    }

    /// @notice Liquidation-aware cap: the largest |x| whose venue health factor stays at or above 1 after an
    /// adverse move of m sigmas over `horizonSeconds`, with `idleBps` of equity held idle (not collateral).
    /// Shock s = m sigma sqrt(horizon / YEAR); price factor d = e^-s (long), u = e^s (short).
    /// Long (x > 1): HF = x d LT_base / (x - 1 + b) >= 1 <=> x <= (1 - b) / (1 - d LT_base), never below 1e18
    /// (an unlevered long carries no debt); no cap when d LT_base >= 1.
    /// Short (x < 0): HF = (1 - b + |x|) LT_quote / (|x| u) >= 1 <=> |x| <= (1 - b) LT_quote / (u - LT_quote);
    /// 0 when LT_quote is 0; no cap when u <= LT_quote. Unlevered targets (0..1) are returned unchanged.
    /// Off when `mWad`, `horizonSeconds` or `sigmaWad` is 0. Rounds toward zero: the shock is rounded up, e^-s
    /// down and e^s up (past the error of the exp approximation), the cap down.
    /// @param x Target exposure, signed WAD.
    /// @param sigmaWad Volatility of the base in quote, annualised WAD.
    /// @param horizonSeconds Horizon over which the move is survived, seconds.
    /// @param mWad Number of sigmas, WAD.
    /// @param ltBaseBps Liquidation threshold of the base as collateral.
    /// @param ltQuoteBps Liquidation threshold of the quote as collateral.
    /// @param idleBps Idle buffer, bps of equity (10,000 or more: nothing deployed).
    /// @return The capped target.
    function liquidationCap(
        int256 x,
        uint256 sigmaWad,
        uint256 horizonSeconds,
        uint256 mWad,
        uint256 ltBaseBps,
        uint256 ltQuoteBps,
        uint256 idleBps
    ) internal pure returns (int256) {
        if (mWad == 0 || horizonSeconds == 0 || sigmaWad == 0) return x;
        if (x > -1 && x < int256(WAD) + 1) return x;
        uint256 s = shockWad(sigmaWad, horizonSeconds, mWad);
        uint256 deployed = idleBps < BPS ? WAD - idleBps * BPS_TO_WAD : 0;
        if (x > 0) {
            uint256 d = uint256(FixedPointMathLib.expWad(-int256(s)));
            // expWad(-s) is at most 0.02 wei above e^-s: one wei down is below it
            if (d != 0) --d;
            uint256 dLt = Math.mulDiv(d, ltBaseBps * BPS_TO_WAD, WAD);
            if (dLt > WAD - 1) return x;
            uint256 cap = Math.mulDiv(deployed, WAD, WAD - dLt);
            return cap < WAD ? int256(WAD) : _capMagnitude(x, cap);
        }
        uint256 lt = ltQuoteBps * BPS_TO_WAD;
        if (lt == 0) return 0;
        uint256 u = uint256(FixedPointMathLib.expWad(int256(s)));
        // expWad(s) is within 2e-20 of e^s relatively: 1e-19 of it plus one wei up is above it
        u += u / 1e19 + 1;
        if (u > lt) return _capMagnitude(x, Math.mulDiv(deployed, lt, u - lt));
        return x;
    }

    /// @notice Shock of the liquidation-aware cap, s = m sigma sqrt(horizon / YEAR), WAD, rounded up, saturated
    /// at `MAX_SHOCK_WAD`. 0 when any input is 0.
    /// @param sigmaWad Volatility, annualised WAD.
    /// @param horizonSeconds Horizon, seconds.
    /// @param mWad Number of sigmas, WAD.
    /// @return s The shock, WAD.
    function shockWad(uint256 sigmaWad, uint256 horizonSeconds, uint256 mWad) internal pure returns (uint256 s) {
        if (mWad == 0 || horizonSeconds == 0 || sigmaWad == 0) return 0;
        if (mWad > _MAX_M_SIGMA_WAD * WAD / sigmaWad || horizonSeconds > _MAX_HORIZON) return MAX_SHOCK_WAD;
        uint256 mSigma = Math.mulDiv(mWad, sigmaWad, WAD, Math.Rounding.Ceil);
        uint256 rootT = Math.sqrt(Math.mulDiv(horizonSeconds, WAD * WAD, YEAR, Math.Rounding.Ceil), Math.Rounding.Ceil);
        s = Math.mulDiv(mSigma, rootT, WAD, Math.Rounding.Ceil);
        return Math.min(s, MAX_SHOCK_WAD);
    }

    /// @notice Cost-aware no-trade band (Whalley-Wilmott form): b = (3 c g^2 / (2 lambda))^(1/3) with
    /// g = |x* (1 - x*)|, clamped to [bMin, bMax] (bMax wins if bMin > bMax). lambda == 0 gives bMax. The
    /// unclamped band is rounded down; it saturates to bMax when it passes 2^85 WAD or g^2 overflows
    /// (|x*| above about 1.8e28).
    /// @param targetWad Target exposure x*, signed WAD.
    /// @param costWad Round-trip cost as a fraction of the value traded, WAD.
    /// @param riskAversionWad Risk aversion lambda, WAD.
    /// @param bMinWad Smallest band, WAD of exposure.
    /// @param bMaxWad Largest band, WAD of exposure.
    /// @return The band half-width, WAD of exposure.
    function costAwareBand(
        int256 targetWad,
        uint256 costWad,
        uint256 riskAversionWad,
        uint256 bMinWad,
        uint256 bMaxWad
    ) internal pure returns (uint256) {
        if (riskAversionWad == 0) return bMaxWad;
        uint256 b = _band(targetWad, costWad, riskAversionWad);
        return Math.min(bMaxWad, Math.max(b, bMinWad));
    }

    /// @notice Largest exact input a Uniswap V3 pool takes before its price moves by `impactBps`, from its in-range
    /// liquidity and price (tick crossings ignored: liquidity is constant within the current range; fees ignored,
    /// they only make the real impact smaller). With k = sqrt(1 + I) - 1:
    /// token1 in (zeroForOne false), sqrtP' = sqrtP sqrt(1 + I):
    /// amount1 = L (sqrtP' - sqrtP) / 2^96 = L sqrtP k / 2^96;
    /// token0 in (zeroForOne true), sqrtP' = sqrtP / sqrt(1 + I):
    /// amount0 = L 2^96 (1 / sqrtP' - 1 / sqrtP) = L 2^96 k / sqrtP.
    /// Rounds down. 0 when `impactBps`, `liquidity` or `sqrtPriceX96` is 0; type(uint256).max above
    /// `MAX_IMPACT_BPS`.
    /// @param sqrtPriceX96 Current sqrt price, Q64.96.
    /// @param liquidity In-range liquidity.
    /// @param zeroForOne True when token0 is the input.
    /// @param impactBps Price move allowed, bps of the price (not of the sqrt price).
    /// @return Raw amount of the input token.
    function poolInputCap(uint160 sqrtPriceX96, uint128 liquidity, bool zeroForOne, uint256 impactBps)
        internal
        pure
        returns (uint256)
    {
        if (impactBps == 0 || liquidity == 0 || sqrtPriceX96 == 0) return 0;
        if (impactBps > MAX_IMPACT_BPS) return type(uint256).max;
        // k = floor(sqrt(1 + I) * 2^96) - 2^96, below 2^128
        uint256 k = FixedPointMathLib.sqrt(Math.mulDiv(BPS + impactBps, _Q192, BPS)) - _Q96;
        if (zeroForOne) return Math.mulDiv(liquidity, k, sqrtPriceX96);
        return Math.mulDiv(uint256(liquidity) * k, sqrtPriceX96, _Q192);
    }

    /// @dev Unclamped band, WAD, rounded down: b = cbrt(3 c g^2 1e18 / (2 lambda)) in integers (g floored, one
    /// division, integer cube root floored), since (b / 1e18)^3 = 3 (c / 1e18) (g / 1e18)^2 / (lambda / 1e18) / 2.
    /// type(uint256).max when an intermediate overflows.
    function _band(int256 targetWad, uint256 costWad, uint256 riskAversionWad) private pure returns (uint256) {
        if (costWad == 0) return 0;
        uint256 g = _gap(targetWad);
        (bool okG2, uint256 g2) = Math.tryMul(g, g);
        (bool okC, uint256 c3) = Math.tryMul(costWad, 3 * WAD);
        if (!okG2 || !okC) return type(uint256).max;
        (uint256 high,) = Math.mul512(g2, c3);
        // the quotient g2 c3 / lambda fits in 256 bits iff high < lambda
        if (high < riskAversionWad) return FixedPointMathLib.cbrt(Math.mulDiv(g2, c3, riskAversionWad) / 2);
        return type(uint256).max;
    }

    /// @dev g = |x (1 - x)|, WAD, rounded down; type(uint256).max when |x| |1 - x| overflows.
    function _gap(int256 x) private pure returns (uint256) {
        uint256 ax = _abs(x);
        // |1 - x| without overflow for any int256 x
        uint256 oneMinus;
        unchecked {
            oneMinus = x > int256(WAD) ? ax - WAD : (x < 0 ? ax + WAD : WAD - ax);
        }
        (bool ok, uint256 p) = Math.tryMul(ax, oneMinus);
        return ok ? p / WAD : type(uint256).max;
    }

    /// @dev `x` with its magnitude lowered to `cap` when above it; the sign is kept.
    function _capMagnitude(int256 x, uint256 cap) private pure returns (int256) {
        if (cap < _abs(x)) {
            // cap < |x| <= 2^255: it fits in int256
            return x < 0 ? -int256(cap) : int256(cap);
        }
        return x;
    }

    /// @dev |x| for any int256, including type(int256).min.
    function _abs(int256 x) private pure returns (uint256) {
        unchecked {
            return x < 0 ? uint256(-x) : uint256(x);
        }
    }
}
