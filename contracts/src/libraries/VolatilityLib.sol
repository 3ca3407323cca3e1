// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {FixedPointMathLib} from "solady/src/utils/FixedPointMathLib.sol";

/// @title VolatilityLib
/// @notice Realized volatility estimators (EWMA and GARCH(1,1)) updated one price sample at a time. Scale: prices
/// and weights in WAD (1e18); every variance is an annualised variance in WAD (sigma^2 per year, so sigma 80 %
/// is 0.64e18), every volatility an annualised sigma in WAD. Every variance is clamped to `MAX_VARIANCE`: the
/// functions clamp and never revert on large inputs. Every function states its rounding.
/// @dev Irregular spacing: a sample is the squared log return divided by the time it took, expressed per year
/// (ln(p1/p0)^2 * YEAR / dt), so a 1-hour return and a 1-day return weigh the same in variance units and the
/// estimators need no fixed step. The minimum spacing between samples (which bounds how much a burst of close
/// updates can move the estimate, and the noise of very short returns) is enforced by the caller (the risk
/// engine), not by this library.
library VolatilityLib {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant YEAR = 365 days;
    /// @notice Largest annualised variance a sample or estimate may take: 100e18 (sigma = 1000 %/yr). Clamps,
    /// never reverts.
    uint256 internal constant MAX_VARIANCE = 100e18;
    uint8 internal constant MODEL_EWMA = 0;
    uint8 internal constant MODEL_GARCH = 1;
    /// @dev ln(2) in WAD, rounded down.
    uint256 private constant LN2_WAD = 693_147_180_559_945_309;
    /// @dev Price ratios (larger / smaller) from this on take the wide path of `absLogRatio`.
    uint256 private constant WIDE_RATIO = 1 << 128;

    /// @notice `update` was called with a model id that is neither `MODEL_EWMA` nor `MODEL_GARCH`.
    /// @param model The unknown id.
    error VolatilityModelUnknown(uint8 model);

    /// @notice Annualised variance of one log return normalised by elapsed time:
    /// ln(p1/p0)^2 * YEAR / dt, clamped to `MAX_VARIANCE`.
    /// @dev The sign of the return does not matter: |ln(p1/p0)| is computed as ln(larger / smaller), so a fall
    /// and the reciprocal rise give the same sample. Rounding: down (the price ratio and the final division are
    /// floored; the logarithm is solady's `lnWad`, accurate to a few wei). Never reverts: prices may take the whole
    /// uint256 range (no p * 1e18 overflow), a zero price with the other non-zero gives `MAX_VARIANCE` (an
    /// unbounded return), dt = 0 gives `MAX_VARIANCE` for any move, and 0 for none.
    /// @param p0Wad Earlier price, WAD (> 0).
    /// @param p1Wad Later price, WAD (> 0).
    /// @param dt Seconds between the two prices (> 0).
    /// @return varWad Annualised variance, WAD; 0 when p0 == p1.
    function sampleVariance(uint256 p0Wad, uint256 p1Wad, uint256 dt) internal pure returns (uint256 varWad) {
        if (p0Wad == p1Wad) return 0;
        (uint256 hi, uint256 lo) = p1Wad > p0Wad ? (p1Wad, p0Wad) : (p0Wad, p1Wad);
        if (lo == 0) return MAX_VARIANCE;
        uint256 r = absLogRatio(hi, lo);
        if (r == 0) return 0;
        if (dt == 0) return MAX_VARIANCE;
        // r <= ln(2^256) WAD < 1.8e20, so r^2 * YEAR < 1e48: no overflow
        uint256 num = r * r * YEAR;
        // WAD * dt beyond uint256 exceeds num: the sample rounds down to 0
        if (dt > type(uint256).max / WAD) return 0;
        return Math.min(num / (WAD * dt), MAX_VARIANCE);
    }

    /// @notice EWMA (RiskMetrics) update: lambda * prev + (1 - lambda) * sample, clamped to `MAX_VARIANCE`.
    /// @dev Computed as sample + lambda * (prev - sample) with a single rounding, so the result always lies between
    /// prev and sample (before the clamp). Rounding: down. Never reverts.
    /// @param prevVarWad Previous estimate, annualised variance WAD.
    /// @param sampleVarWad New sample, annualised variance WAD.
    /// @param lambdaWad Weight of the previous estimate, WAD in [0, 1e18] (larger values count as 1e18).
    /// @return The new estimate, annualised variance WAD.
    function ewma(uint256 prevVarWad, uint256 sampleVarWad, uint256 lambdaWad) internal pure returns (uint256) {
        uint256 lambda = Math.min(lambdaWad, WAD);
        uint256 v;
        if (prevVarWad > sampleVarWad) {
            v = sampleVarWad + Math.mulDiv(prevVarWad - sampleVarWad, lambda, WAD);
        } else {
            v = sampleVarWad - Math.mulDiv(sampleVarWad - prevVarWad, lambda, WAD, Math.Rounding.Ceil);
        }
        return Math.min(v, MAX_VARIANCE);
    }

    /// @notice GARCH(1,1) update: omega + alpha * sample + beta * prev, clamped to `MAX_VARIANCE`.
    /// @dev Stationarity (alpha + beta < 1e18) is checked by the caller, not here. Rounding: down, once (omega plus
    /// the floor of (alpha * sample + beta * prev) / 1e18). Never reverts: an intermediate overflow means a result
    /// far above the clamp and gives `MAX_VARIANCE`.
    /// @param prevVarWad Previous estimate, annualised variance WAD.
    /// @param sampleVarWad New sample, annualised variance WAD.
    /// @param omegaWad Constant term, annualised variance WAD.
    /// @param alphaWad Weight of the sample, WAD.
    /// @param betaWad Weight of the previous estimate, WAD.
    /// @return The new estimate, annualised variance WAD.
    function garch(uint256 prevVarWad, uint256 sampleVarWad, uint256 omegaWad, uint256 alphaWad, uint256 betaWad)
        internal
        pure
        returns (uint256)
    {
        (bool okA, uint256 a) = Math.tryMul(alphaWad, sampleVarWad);
        (bool okB, uint256 b) = Math.tryMul(betaWad, prevVarWad);
        (bool okS, uint256 s) = Math.tryAdd(a, b);
        if (!(okA && okB && okS)) return MAX_VARIANCE;
        return Math.min(Math.saturatingAdd(omegaWad, s / WAD), MAX_VARIANCE);
    }

    /// @notice One estimator update by model id: `MODEL_EWMA` uses `lambdaWad`, `MODEL_GARCH` uses `omegaWad`,
    /// `alphaWad` and `betaWad`; the other parameters are ignored. Scale and rounding as `ewma` / `garch`.
    /// @dev Reverts with `VolatilityModelUnknown` for any other id.
    /// @param model `MODEL_EWMA` or `MODEL_GARCH`.
    /// @param prevVarWad Previous estimate, annualised variance WAD.
    /// @param sampleVarWad New sample, annualised variance WAD.
    /// @param lambdaWad EWMA weight of the previous estimate, WAD.
    /// @param omegaWad GARCH constant term, annualised variance WAD.
    /// @param alphaWad GARCH weight of the sample, WAD.
    /// @param betaWad GARCH weight of the previous estimate, WAD.
    /// @return The new estimate, annualised variance WAD.
    function update(
        uint8 model,
        uint256 prevVarWad,
        uint256 sampleVarWad,
        uint256 lambdaWad,
        uint256 omegaWad,
        uint256 alphaWad,
        uint256 betaWad
    ) internal pure returns (uint256) {
        if (model == MODEL_EWMA) return ewma(prevVarWad, sampleVarWad, lambdaWad);
        if (model == MODEL_GARCH) return garch(prevVarWad, sampleVarWad, omegaWad, alphaWad, betaWad);
        revert VolatilityModelUnknown(model);
    }

    /// @notice Annualised volatility sigma = sqrt(var), WAD. Rounding: down (exact floor up to var ~1.2e59; above,
    /// floor(sqrt(var)) * 1e9, still at most the exact value). Never reverts.
    /// @param varWad Annualised variance, WAD.
    /// @return sigmaWad Annualised volatility, WAD.
    function volatility(uint256 varWad) internal pure returns (uint256 sigmaWad) {
        if (varWad > type(uint256).max / WAD) return FixedPointMathLib.sqrt(varWad) * 1e9;
        return FixedPointMathLib.sqrt(varWad * WAD);
    }

    /// @notice |ln(hi / lo)| in WAD for hi > lo > 0.
    /// @dev Ratios below 2^128 (every pair of uint128 prices): lnWad of the floored WAD ratio, which then fits
    /// int256. Wider ratios (only with a price above uint128): ln(hi / 2) + ln(2) - ln(lo) from raw lnWad values,
    /// halving hi so it fits int256 (a relative error below 2^-127 on hi).
    /// @param hi The larger price.
    /// @param lo The smaller price.
    /// @return r The log ratio, WAD, >= 0.
    function absLogRatio(uint256 hi, uint256 lo) private pure returns (uint256 r) {
        if (hi / lo < WIDE_RATIO) {
            int256 ln = FixedPointMathLib.lnWad(int256(Math.mulDiv(hi, WAD, lo)));
            return ln > 0 ? uint256(ln) : 0;
        }
        int256 w = FixedPointMathLib.lnWad(int256(hi >> 1)) - FixedPointMathLib.lnWad(int256(lo)) + int256(LN2_WAD);
        return w > 0 ? uint256(w) : 0;
    }
}
