// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {FixedPointMathLib} from "solady/src/utils/FixedPointMathLib.sol";
import {SqrtPriceMath} from "@uniswap/v4-core/src/libraries/SqrtPriceMath.sol";
import {RiskMath} from "../../src/libraries/RiskMath.sol";

contract RiskMathTest is Test {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant YEAR = 365 days;
    uint160 internal constant MIN_SQRT = 4295128739;
    uint160 internal constant MAX_SQRT = 1461446703485210103287273052203988822378723970342;
    uint160 internal constant SQRT_ONE = 2 ** 96;

    // ------------------------------------------------------------------ volatility targeting

    function test_volTargetCap_halvesAtTwiceTheTarget() public pure {
        assertEq(RiskMath.volTargetCap(2e18, 0.4e18, 0.8e18), 1e18);
        assertEq(RiskMath.volTargetCap(-3e18, 0.4e18, 0.8e18), -1.5e18);
        assertEq(RiskMath.volTargetCap(0.5e18, 0.4e18, 0.8e18), 0.25e18, "unlevered too");
    }

    function test_volTargetCap_boundary() public pure {
        assertEq(RiskMath.volTargetCap(2e18, 0.5e18, 0.5e18 - 1), 2e18, "below target: not binding");
        assertEq(RiskMath.volTargetCap(2e18, 0.5e18, 0.5e18), 2e18, "at target: not binding");
        // 2e18 * 0.5e18 / (0.5e18 + 1) = 2e18 - 3.99..: floor
        assertEq(RiskMath.volTargetCap(2e18, 0.5e18, 0.5e18 + 1), 2e18 - 4, "above target: binding");
        assertEq(RiskMath.volTargetCap(-2e18, 0.5e18, 0.5e18 + 1), -2e18 + 4, "short: toward zero");
    }

    function test_volTargetCap_offAndNotBinding() public pure {
        assertEq(RiskMath.volTargetCap(2e18, 0, 5e18), 2e18, "off");
        assertEq(RiskMath.volTargetCap(2e18, 0.5e18, 0), 2e18, "no estimate");
        assertEq(RiskMath.volTargetCap(0, 0.5e18, 5e18), 0);
    }

    function test_volTargetCap_roundsTowardZero() public pure {
        assertEq(RiskMath.volTargetCap(1e18, 1, 3), 333_333_333_333_333_333);
        assertEq(RiskMath.volTargetCap(-1e18, 1, 3), -333_333_333_333_333_333);
        assertEq(RiskMath.volTargetCap(type(int256).min, 1, 2), type(int256).min / 2, "int256.min");
    }

    function testFuzz_volTargetCap_neverFlipsNorGrows(int256 x, uint256 target, uint256 hat) public pure {
        int256 r = RiskMath.volTargetCap(x, target, hat);
        _assertTowardZero(x, r);
        if (target != 0 && hat > target) {
            // |r| = floor(|x| target / hat)
            assertEq(_abs(r), Math.mulDiv(_abs(x), target, hat));
        } else {
            assertEq(r, x);
        }
    }

    // ------------------------------------------------------------------ fractional Kelly

    function test_kellyCap_halfKelly() public pure {
        // mu 0.2, sigma 0.5 (var 0.25), half Kelly: 0.5 * 0.2 / 0.25 = 0.4
        assertEq(RiskMath.kellyCap(2e18, 0.2e18, 0.5e18, 0.25e18), 0.4e18);
        assertEq(RiskMath.kellyCap(-2e18, -0.2e18, 0.5e18, 0.25e18), -0.4e18);
        // full Kelly 0.8: a 0.5x long is not bound
        assertEq(RiskMath.kellyCap(0.5e18, 0.2e18, 1e18, 0.25e18), 0.5e18);
    }

    function test_kellyCap_boundary() public pure {
        assertEq(RiskMath.kellyCap(0.4e18 - 1, 0.2e18, 0.5e18, 0.25e18), 0.4e18 - 1, "just inside");
        assertEq(RiskMath.kellyCap(0.4e18, 0.2e18, 0.5e18, 0.25e18), 0.4e18, "at the cap");
        assertEq(RiskMath.kellyCap(0.4e18 + 1, 0.2e18, 0.5e18, 0.25e18), 0.4e18, "just binding");
        assertEq(RiskMath.kellyCap(-0.4e18 - 1, -0.2e18, 0.5e18, 0.25e18), -0.4e18, "short just binding");
        assertEq(RiskMath.kellyCap(-0.4e18 + 1, -0.2e18, 0.5e18, 0.25e18), -0.4e18 + 1, "short just inside");
    }

    function test_kellyCap_driftAgainstTheSideHeldIsZero() public pure {
        assertEq(RiskMath.kellyCap(2e18, -1, 0.5e18, 0.25e18), 0, "long expecting a loss");
        assertEq(RiskMath.kellyCap(-2e18, 1, 0.5e18, 0.25e18), 0, "short expecting a gain of the base");
        assertEq(RiskMath.kellyCap(0.1e18, -0.2e18, 0.5e18, 0), 0, "even without a variance");
    }

    function test_kellyCap_offAndNotBinding() public pure {
        assertEq(RiskMath.kellyCap(3e18, 0, 0.5e18, 0.25e18), 3e18, "off");
        assertEq(RiskMath.kellyCap(3e18, 0.2e18, 0.5e18, 0), 3e18, "no variance");
        assertEq(RiskMath.kellyCap(0, -0.2e18, 0.5e18, 0.25e18), 0);
        assertEq(RiskMath.kellyCap(3e18, 0.2e18, 0, 0.25e18), 0, "zero fraction: no position");
    }

    function test_kellyCap_roundsTowardZeroAndNoOverflowAtLimits() public pure {
        // 1 * 1e18 / 3
        assertEq(RiskMath.kellyCap(1e18, 1, 1e18, 3), 333_333_333_333_333_333);
        assertEq(RiskMath.kellyCap(-1e18, -1, 1e18, 3), -333_333_333_333_333_333);
        // |mu| 100, full Kelly, variance 1 wei: cap 1e38 WAD
        assertEq(RiskMath.kellyCap(type(int256).max, 100e18, 1e18, 1), 1e38);
        assertEq(RiskMath.kellyCap(type(int256).min, -100e18, 1e18, 1), -1e38);
        assertEq(RiskMath.kellyCap(type(int256).min, type(int256).min, 1e18, 100e18), type(int256).min / 100);
    }

    function testFuzz_kellyCap_neverFlipsNorGrows(int256 x, int256 mu, uint256 fraction, uint256 variance)
        public
        pure
    {
        x = bound(x, -10e18, 10e18);
        mu = bound(mu, -100e18, 100e18);
        fraction = bound(fraction, 0, 1e18);
        variance = bound(variance, 0, 100e18);
        int256 r = RiskMath.kellyCap(x, mu, fraction, variance);
        _assertTowardZero(x, r);
        if (mu == 0 || x == 0) {
            assertEq(r, x, "off");
        } else if ((mu < 0) != (x < 0)) {
            assertEq(r, 0, "wrong side");
        } else if (variance == 0) {
            assertEq(r, x, "no variance");
        } else {
            uint256 cap = Math.mulDiv(fraction, _abs(mu), variance);
            assertEq(_abs(r), Math.min(_abs(x), cap), "min(|x|, f |mu| / var)");
        }
    }

    // ------------------------------------------------------------------ liquidation-aware cap

    function test_shockWad_roundsUpAndSaturates() public pure {
        // 3 * 0.8 * sqrt(3600 / 31,536,000) = 0.025642430590241293773...
        assertEq(RiskMath.shockWad(0.8e18, 1 hours, 3e18), 25_642_430_590_241_295);
        // one year, one sigma: exactly sigma
        assertEq(RiskMath.shockWad(0.5e18, YEAR, 1e18), 0.5e18);
        assertEq(RiskMath.shockWad(0, 1 hours, 3e18), 0);
        assertEq(RiskMath.shockWad(1, 1, 1), 1, "rounded up");
        assertEq(RiskMath.shockWad(type(uint256).max, 1, type(uint256).max), RiskMath.MAX_SHOCK_WAD);
        assertEq(RiskMath.shockWad(1, type(uint256).max, 1), RiskMath.MAX_SHOCK_WAD);
        assertEq(RiskMath.shockWad(10e18, 1000 * YEAR, 10e18), RiskMath.MAX_SHOCK_WAD);
    }

    function test_liquidationCap_exampleFigures() public pure {
        // sigma 0.8, 1 hour, 3 sigmas, LT 0.83 both sides, 5 % idle.
        // long: 0.95 / (1 - 0.83 e^-s) = 4.97349237954548121...; short: 0.95 * 0.83 / (e^s - 0.83) = that - 0.95
        assertEq(RiskMath.liquidationCap(3e18, 0.8e18, 1 hours, 3e18, 8300, 8300, 500), 3e18, "3x long not bound");
        int256 l = RiskMath.liquidationCap(10e18, 0.8e18, 1 hours, 3e18, 8300, 8300, 500);
        assertEq(l, 4_973_492_379_545_481_144);
        assertLt(l, 4_973_492_379_545_481_210, "below the exact cap");
        int256 s = RiskMath.liquidationCap(-10e18, 0.8e18, 1 hours, 3e18, 8300, 8300, 500);
        assertEq(s, -4_023_492_379_545_481_180);
        assertGt(s, -4_023_492_379_545_481_210, "below the exact cap in magnitude");
        assertEq(RiskMath.liquidationCap(-3e18, 0.8e18, 1 hours, 3e18, 8300, 8300, 500), -3e18, "3x short not bound");
    }

    function test_liquidationCap_longHealthIsOneAtTheCap() public pure {
        // sigma 0.6, 1 day, 4 sigmas, LT 0.80, 2 % idle
        (uint256 sigma, uint256 h, uint256 m, uint256 lt, uint256 idle) = (0.6e18, 1 days, 4e18, 8000, 200);
        uint256 cap = uint256(RiskMath.liquidationCap(100e18, sigma, h, m, lt, lt, idle));
        uint256 d = 1e36 / _expTaylor(_shockIndependent(sigma, h, m));
        assertApproxEqRel(_hfLong(cap, d, lt, idle), 1e18, 1e3, "HF 1 at the cap");
        assertGe(_hfLong(cap, d, lt, idle), 1e18 - 1e3, "not below 1 beyond rounding");
        assertLt(_hfLong(cap + cap / 1e9, d, lt, idle), 1e18, "slightly above the cap: liquidatable");
        assertGt(_hfLong(cap - cap / 1e9, d, lt, idle), 1e18, "slightly below: safe");
        // boundary of the rule itself
        assertEq(RiskMath.liquidationCap(int256(cap), sigma, h, m, lt, lt, idle), int256(cap), "at the cap");
        assertEq(RiskMath.liquidationCap(int256(cap - 1), sigma, h, m, lt, lt, idle), int256(cap - 1), "below");
        assertEq(RiskMath.liquidationCap(int256(cap + 1), sigma, h, m, lt, lt, idle), int256(cap), "above");
    }

    function test_liquidationCap_shortHealthIsOneAtTheCap() public pure {
        (uint256 sigma, uint256 h, uint256 m, uint256 lt, uint256 idle) = (0.6e18, 1 days, 4e18, 8000, 200);
        int256 r = RiskMath.liquidationCap(-100e18, sigma, h, m, lt, lt, idle);
        uint256 cap = uint256(-r);
        uint256 u = _expTaylor(_shockIndependent(sigma, h, m));
        assertApproxEqRel(_hfShort(cap, u, lt, idle), 1e18, 1e3, "HF 1 at the cap");
        assertGe(_hfShort(cap, u, lt, idle), 1e18 - 1e3, "not below 1 beyond rounding");
        assertLt(_hfShort(cap + cap / 1e9, u, lt, idle), 1e18, "slightly above the cap: liquidatable");
        assertGt(_hfShort(cap - cap / 1e9, u, lt, idle), 1e18, "slightly below: safe");
        assertEq(RiskMath.liquidationCap(r, sigma, h, m, lt, lt, idle), r, "at the cap");
        assertEq(RiskMath.liquidationCap(r + 1, sigma, h, m, lt, lt, idle), r + 1, "below");
        assertEq(RiskMath.liquidationCap(r - 1, sigma, h, m, lt, lt, idle), r, "above");
    }

    function test_liquidationCap_unleveredAndOff() public pure {
        assertEq(RiskMath.liquidationCap(1e18, 10e18, 30 days, 10e18, 0, 0, 5000), 1e18, "1x long: no debt");
        assertEq(RiskMath.liquidationCap(0.3e18, 10e18, 30 days, 10e18, 0, 0, 5000), 0.3e18);
        assertEq(RiskMath.liquidationCap(0, 10e18, 30 days, 10e18, 0, 0, 5000), 0);
        assertEq(RiskMath.liquidationCap(5e18, 0.8e18, 1 hours, 0, 8300, 8300, 0), 5e18, "m 0");
        assertEq(RiskMath.liquidationCap(5e18, 0.8e18, 0, 3e18, 8300, 8300, 0), 5e18, "horizon 0");
        assertEq(RiskMath.liquidationCap(-5e18, 0, 1 hours, 3e18, 8300, 8300, 0), -5e18, "sigma 0");
    }

    function test_liquidationCap_longNeverBelowOne() public pure {
        assertEq(RiskMath.liquidationCap(3e18, 0.8e18, 1 hours, 3e18, 0, 8300, 0), 1e18, "base not collateral");
        // s = 100 sqrt(30 / 365) = 28.7: d LT ~ 3e-13, cap 0.99 / (1 - d LT) < 1 with 1 % idle
        assertEq(RiskMath.liquidationCap(3e18, 10e18, 30 days, 10e18, 8300, 8300, 100), 1e18, "huge shock");
        // LT 0.5, 50 % idle: (1 - 0.5) / (1 - 0.5 d) < 1 for any d < 1
        assertEq(RiskMath.liquidationCap(1e18 + 1, 0.1e18, 1 hours, 1e18, 5000, 5000, 5000), 1e18);
        assertEq(RiskMath.liquidationCap(3e18, 0.8e18, 1 hours, 3e18, 8300, 8300, 10_000), 1e18, "all idle");
    }

    function test_liquidationCap_shortWithoutQuoteCollateralIsZero() public pure {
        assertEq(RiskMath.liquidationCap(-1, 0.8e18, 1 hours, 3e18, 8300, 0, 0), 0);
        // s = 28.7: 0.83 / (e^28.7 - 0.83) ~ 2.8e-13, a dust short
        int256 r = RiskMath.liquidationCap(-3e18, 10e18, 30 days, 10e18, 8300, 8300, 0);
        assertLt(r, 0);
        assertGt(r, -1e6, "huge shock: dust");
        assertEq(RiskMath.liquidationCap(-3e18, 10e18, 1000 * YEAR, 10e18, 8300, 8300, 0), 0, "saturated shock");
        assertEq(RiskMath.liquidationCap(-3e18, 0.8e18, 1 hours, 3e18, 8300, 8300, 10_000), 0, "all idle");
    }

    function test_liquidationCap_saturatedInputsDoNotRevert() public pure {
        uint256 max = type(uint256).max;
        assertEq(RiskMath.liquidationCap(type(int256).max, max, max, max, 9500, 9500, 0), 1e18);
        assertEq(RiskMath.liquidationCap(type(int256).min, max, max, max, 9500, 9500, 0), 0);
        assertEq(RiskMath.liquidationCap(type(int256).min, 1, 1, 1, 9500, 9500, max), 0, "idle above 100 %");
        // tiny shock: e^-s rounds to 1 - 1 wei; LT 100 % makes d LT < 1 barely: a huge but finite cap
        assertEq(RiskMath.liquidationCap(10e18, 1, 1, 1, 10_000, 10_000, 0), 10e18);
    }

    function testFuzz_liquidationCap_neverFlipsNorGrows(
        int256 x,
        uint256 sigma,
        uint256 horizon,
        uint256 m,
        uint256 ltBase,
        uint256 ltQuote,
        uint256 idle
    ) public pure {
        x = bound(x, -10e18, 10e18);
        sigma = bound(sigma, 0, 10e18);
        horizon = bound(horizon, 0, 30 days);
        m = bound(m, 0, 10e18);
        ltBase = bound(ltBase, 0, 9500);
        ltQuote = bound(ltQuote, 0, 9500);
        idle = bound(idle, 0, 5000);
        int256 r = RiskMath.liquidationCap(x, sigma, horizon, m, ltBase, ltQuote, idle);
        _assertTowardZero(x, r);
        if (x > 1e18) assertGe(r, 1e18, "a long stays at least 1x");
        if ((x > -1 && x < 1e18 + 1) || m == 0 || sigma == 0 || horizon == 0) assertEq(r, x, "off");
    }

    function testFuzz_liquidationCap_keepsHealthAtOne(
        uint256 sigma,
        uint256 horizon,
        uint256 m,
        uint256 lt,
        uint256 idle
    ) public pure {
        sigma = bound(sigma, 0.05e18, 3e18);
        horizon = bound(horizon, 1 minutes, 30 days);
        m = bound(m, 0.5e18, 6e18);
        lt = bound(lt, 1000, 9500);
        idle = bound(idle, 0, 5000);
        uint256 s = RiskMath.shockWad(sigma, horizon, m);
        uint256 d = uint256(FixedPointMathLib.expWad(-int256(s)));
        uint256 u = uint256(FixedPointMathLib.expWad(int256(s)));
        int256 l = RiskMath.liquidationCap(10e18, sigma, horizon, m, lt, lt, idle);
        if (l > 1e18 && l < 10e18) {
            uint256 c = uint256(l);
            assertGe(_hfLong(c, d, lt, idle), 1e18 - 1e4, "long: HF >= 1 after the shock");
            assertLt(_hfLong(c + c / 1e6, d, lt, idle), 1e18, "long: tight");
        }
        int256 sh = RiskMath.liquidationCap(-10e18, sigma, horizon, m, lt, lt, idle);
        if (sh < -1e9 && sh > -10e18) {
            uint256 c = uint256(-sh);
            assertGe(_hfShort(c, u, lt, idle), 1e18 - 1e4, "short: HF >= 1 after the shock");
            assertLt(_hfShort(c + c / 1e6, u, lt, idle), 1e18, "short: tight");
        }
    }

    // ------------------------------------------------------------------ cost-aware band

    function test_costAwareBand_handComputed() public pure {
        // x* = 2, c = 0.002, lambda = 1: g = 2, b = (3 * 0.002 * 4 / 2)^(1/3) = 0.012^(1/3) = 0.228942848510666375...
        uint256 b = RiskMath.costAwareBand(2e18, 0.002e18, 1e18, 0, 1e18);
        assertEq(b, 228_942_848_510_666_373);
        // floor of the cube root: 2 b^3 <= 3 c g^2 1e18 / lambda (all WAD, lambda = 1e18) < 2 (b + 1)^3
        uint256 rhs = 3 * 0.002e18 * 4e36;
        assertLe(2 * b * b * b, rhs);
        assertGt(2 * (b + 1) * (b + 1) * (b + 1), rhs);
        assertEq(RiskMath.costAwareBand(-1e18, 0.002e18, 1e18, 0, 1e18), b, "1x short: g = |-1 * 2| = 2");
        // x* = 0.5: g = 0.25, c = 0.001, lambda = 2: (3 * 0.001 * 0.0625 / 4)^(1/3) = 0.0360562...
        assertEq(RiskMath.costAwareBand(0.5e18, 0.001e18, 2e18, 0, 1e18), 36_056_239_257_685_209);
    }

    function test_costAwareBand_clamps() public pure {
        uint256 b = 228_942_848_510_666_373;
        assertEq(RiskMath.costAwareBand(2e18, 0.002e18, 1e18, 0.1e18, 0.5e18), b, "in between");
        assertEq(RiskMath.costAwareBand(2e18, 0.002e18, 1e18, b + 1, 0.5e18), b + 1, "just below bMin");
        assertEq(RiskMath.costAwareBand(2e18, 0.002e18, 1e18, b, 0.5e18), b, "at bMin");
        assertEq(RiskMath.costAwareBand(2e18, 0.002e18, 1e18, 0.1e18, b), b, "at bMax");
        assertEq(RiskMath.costAwareBand(2e18, 0.002e18, 1e18, 0.1e18, b - 1), b - 1, "just above bMax");
        assertEq(RiskMath.costAwareBand(2e18, 0.002e18, 1e18, 0.4e18, 0.3e18), 0.3e18, "bMax wins over bMin");
    }

    function test_costAwareBand_degenerateInputs() public pure {
        assertEq(RiskMath.costAwareBand(2e18, 0.002e18, 0, 0.01e18, 0.3e18), 0.3e18, "lambda 0: bMax");
        assertEq(RiskMath.costAwareBand(2e18, 0, 1e18, 0.01e18, 0.3e18), 0.01e18, "no cost: bMin");
        assertEq(RiskMath.costAwareBand(0, 0.002e18, 1e18, 0.01e18, 0.3e18), 0.01e18, "x* 0: no risk to hedge");
        assertEq(RiskMath.costAwareBand(1e18, 0.002e18, 1e18, 0.01e18, 0.3e18), 0.01e18, "x* 1: g 0");
        assertEq(RiskMath.costAwareBand(type(int256).min, 1e18, 1, 0, 0.3e18), 0.3e18, "saturates to bMax");
        assertEq(RiskMath.costAwareBand(type(int256).min, 0, 1, 0.01e18, 0.3e18), 0.01e18, "no cost even then");
    }

    function testFuzz_costAwareBand_withinClampAndNoRevert(
        int256 x,
        uint256 c,
        uint256 lambda,
        uint256 bMin,
        uint256 bMax
    ) public pure {
        uint256 b = RiskMath.costAwareBand(x, c, lambda, bMin, bMax);
        assertLe(b, bMax);
        if (bMin <= bMax) assertGe(b, bMin);
    }

    function testFuzz_costAwareBand_matchesTheFormula(int256 x, uint256 c, uint256 lambda) public pure {
        x = bound(x, -10e18, 10e18);
        c = bound(c, 0, 0.05e18);
        lambda = bound(lambda, 0.01e18, 100e18);
        uint256 b = RiskMath.costAwareBand(x, c, lambda, 0, type(uint256).max);
        uint256 g = _abs(x) * _abs(1e18 - x) / 1e18;
        // b is the floored cube root of 3 c g^2 1e18 / (2 lambda)
        uint256 inner = Math.mulDiv(g * g, 3 * c * 1e18, 2 * lambda);
        assertLe(b * b * b, inner);
        assertGt((b + 1) * (b + 1) * (b + 1), inner);
        // monotone in the cost
        assertGe(RiskMath.costAwareBand(x, c + 1e12, lambda, 0, type(uint256).max), b);
    }

    // ------------------------------------------------------------------ pool input cap

    function test_poolInputCap_atPriceOne() public pure {
        // L = 1e18 at price 1, 1 %: both sides L (sqrt(1.01) - 1) = 4.98756211208903144e15, floored
        assertEq(RiskMath.poolInputCap(SQRT_ONE, 1e18, true, 100), 4_987_562_112_089_027);
        assertEq(RiskMath.poolInputCap(SQRT_ONE, 1e18, false, 100), 4_987_562_112_089_027);
        // 300 %: sqrt(4) - 1 = 1 exactly
        assertEq(RiskMath.poolInputCap(SQRT_ONE, 1e18, false, 30_000), 1e18);
        assertEq(RiskMath.poolInputCap(SQRT_ONE, 1e18, true, 30_000), 1e18);
    }

    function test_poolInputCap_zeroCases() public pure {
        assertEq(RiskMath.poolInputCap(SQRT_ONE, 1e18, true, 0), 0);
        assertEq(RiskMath.poolInputCap(SQRT_ONE, 0, false, 100), 0);
        assertEq(RiskMath.poolInputCap(0, 1e18, true, 100), 0);
        assertEq(RiskMath.poolInputCap(SQRT_ONE, 1e18, true, type(uint256).max), type(uint256).max);
    }

    function test_poolInputCap_swapMovesPriceByTheImpact() public pure {
        // WETH (token0, 18 dp) / USDC (token1, 6 dp) at 3000: price 3e-9 raw, sqrtP = sqrt(3e-9) 2^96
        uint160 sp = uint160(Math.sqrt(3e-9 * 1e36) * 2 ** 96 / 1e18);
        uint128 l = 2e18;
        uint256[3] memory impacts = [uint256(1), 50, 10_000];
        for (uint256 i; i < impacts.length; ++i) {
            uint256 imp = impacts[i];
            for (uint256 dir; dir < 2; ++dir) {
                bool zeroForOne = dir == 0;
                uint256 a = RiskMath.poolInputCap(sp, l, zeroForOne, imp);
                uint160 next = SqrtPriceMath.getNextSqrtPriceFromInput(sp, l, a, zeroForOne);
                // price ratio (next / sp)^2 (or its inverse) = 1 + I
                uint256 ratio = zeroForOne ? Math.mulDiv(sp, 1e18, next) : Math.mulDiv(next, 1e18, sp);
                assertApproxEqRel(ratio * ratio / 1e18, 1e18 + imp * 1e14, 1e6, "moves by the impact");
                assertFalse(_movesBeyond(sp, next, zeroForOne, imp), "not beyond");
                uint160 more = SqrtPriceMath.getNextSqrtPriceFromInput(sp, l, a + a / 1e6 + 1, zeroForOne);
                assertTrue(_movesBeyond(sp, more, zeroForOne, imp), "a little more moves beyond");
            }
        }
    }

    function test_poolInputCap_extremePrices() public pure {
        uint128 l = type(uint128).max;
        // token0 in at the lowest price: L 2^96 k / sqrtP is large but fits
        uint256 a0 = RiskMath.poolInputCap(MIN_SQRT, l, true, 10_000);
        assertGt(a0, 0);
        assertFalse(_movesBeyond(MIN_SQRT, SqrtPriceMath.getNextSqrtPriceFromInput(MIN_SQRT, l, a0, true), true, 1e4));
        // token1 in at the highest price
        uint160 top = type(uint160).max;
        assertGt(RiskMath.poolInputCap(top, l, false, 10_000), 0);
        assertEq(RiskMath.poolInputCap(top, 1, true, 1), 0, "rounds down to nothing");
    }

    function testFuzz_poolInputCap_noRevertAndNeverBeyondTheImpact(
        uint160 sp,
        uint128 l,
        bool zeroForOne,
        uint256 imp
    ) public pure {
        sp = uint160(bound(sp, MIN_SQRT, type(uint160).max));
        imp = bound(imp, 1, 10_000);
        uint256 a = RiskMath.poolInputCap(sp, l, zeroForOne, imp);
        if (l == 0) {
            assertEq(a, 0);
            return;
        }
        // the next price must stay representable: up to sqrt(2) above sp for token1 in
        if (!zeroForOne && sp > type(uint160).max / 3 * 2) return;
        uint160 next = SqrtPriceMath.getNextSqrtPriceFromInput(sp, l, a, zeroForOne);
        assertFalse(_movesBeyond(sp, next, zeroForOne, imp), "never beyond the impact");
        // tight where Uniswap takes its exact path (no 512-bit fallback for token0 in)
        if (a > 1e12 && sp > 2 ** 64 && l < 2 ** 150 && a < (1 << 250) / sp) {
            uint160 more = SqrtPriceMath.getNextSqrtPriceFromInput(sp, l, a + a / 1e6, zeroForOne);
            assertTrue(_movesBeyond(sp, more, zeroForOne, imp), "tight");
        }
    }

    // ------------------------------------------------------------------ helpers

    function _assertTowardZero(int256 x, int256 r) internal pure {
        assertLe(_abs(r), _abs(x), "|r| <= |x|");
        if (r != 0) assertEq(r < 0, x < 0, "same sign");
    }

    function _abs(int256 a) internal pure returns (uint256) {
        unchecked {
            return a < 0 ? uint256(-a) : uint256(a);
        }
    }

    /// @dev m sigma sqrt(h / YEAR), WAD, floored, without the library.
    function _shockIndependent(uint256 sigma, uint256 h, uint256 m) internal pure returns (uint256) {
        return m * sigma / 1e18 * Math.sqrt(h * 1e36 / YEAR) / 1e18;
    }

    /// @dev e^s, WAD, by its Taylor series (s <= a few WAD).
    function _expTaylor(uint256 s) internal pure returns (uint256 sum) {
        uint256 term = 1e18;
        sum = term;
        for (uint256 n = 1; term != 0; ++n) {
            term = term * s / (n * 1e18);
            sum += term;
        }
    }

    /// @dev Health factor after the shock, long: x d LT / (x - 1 + b), WAD.
    function _hfLong(uint256 x, uint256 d, uint256 ltBps, uint256 idleBps) internal pure returns (uint256) {
        return Math.mulDiv(x * d / 1e18, ltBps * 1e14, x - 1e18 + idleBps * 1e14);
    }

    /// @dev Health factor after the shock, short: (1 - b + |x|) LT / (|x| u), WAD.
    function _hfShort(uint256 ax, uint256 u, uint256 ltBps, uint256 idleBps) internal pure returns (uint256) {
        return Math.mulDiv((1e18 - idleBps * 1e14 + ax) * ltBps, 1e14, ax * u / 1e18);
    }

    /// @dev Whether the move from `sp` to `next` exceeds the impact: price ratio above 1 + I, compared exactly
    /// in 512 bits ((next / sp)^2 > (1e4 + I) / 1e4, or its inverse when token0 goes in).
    function _movesBeyond(uint160 sp, uint160 next, bool zeroForOne, uint256 imp) internal pure returns (bool) {
        (uint256 hi, uint256 lo) = zeroForOne ? (uint256(sp), uint256(next)) : (uint256(next), uint256(sp));
        (uint256 ah, uint256 al) = _sqTimes(hi, 1e4);
        (uint256 bh, uint256 bl) = _sqTimes(lo, 1e4 + imp);
        return ah > bh || (ah == bh && al > bl);
    }

    /// @dev a^2 f as a 512-bit (high, low) pair; a < 2^160 and f < 2^32.
    function _sqTimes(uint256 a, uint256 f) internal pure returns (uint256 high, uint256 low) {
        (uint256 h, uint256 l) = Math.mul512(a, a);
        (uint256 h2, uint256 l2) = Math.mul512(l, f);
        return (h * f + h2, l2);
    }
}
