// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {VolatilityLib} from "../../src/libraries/VolatilityLib.sol";

/// @dev External entry point so `vm.expectRevert` can see the library's revert.
contract VolatilityLibHarness {
    function update(
        uint8 model,
        uint256 prevVarWad,
        uint256 sampleVarWad,
        uint256 lambdaWad,
        uint256 omegaWad,
        uint256 alphaWad,
        uint256 betaWad
    ) external pure returns (uint256) {
        return VolatilityLib.update(model, prevVarWad, sampleVarWad, lambdaWad, omegaWad, alphaWad, betaWad);
    }
}

contract VolatilityLibTest is Test {
    uint256 internal constant MAX = VolatilityLib.MAX_VARIANCE;
    uint256 internal constant U128 = type(uint128).max;
    uint256 internal constant U64 = type(uint64).max;
    /// @dev Relative tolerance of samples against exact values computed offline (60-digit decimal): 1e-12.
    uint256 internal constant REL = 1e6;

    VolatilityLibHarness internal harness;

    function setUp() public {
        harness = new VolatilityLibHarness();
    }

    // ---------------------------------------------------------------- sampleVariance

    /// @dev Within 1e-12 of the exact value and not above it (the sample rounds down).
    function _assertNearBelow(uint256 got, uint256 exact) internal pure {
        assertApproxEqRel(got, exact, REL);
        assertLe(got, exact, "rounded down");
    }

    function test_sampleVariance_knownPoints() public pure {
        // ln(1.01)^2 * 8760 = 0.867319576606575927...
        _assertNearBelow(VolatilityLib.sampleVariance(2000e18, 2020e18, 1 hours), 867_319_576_606_575_927);
        // ln(2)^2 over one year = 0.480453013918201424...
        _assertNearBelow(VolatilityLib.sampleVariance(1e18, 2e18, 365 days), 480_453_013_918_201_424);
        // -10 % in a day: ln(0.9)^2 * 365 = 4.051805964784317333...
        _assertNearBelow(VolatilityLib.sampleVariance(2000e18, 1800e18, 1 days), 4_051_805_964_784_317_333);
        // 1 bp in a minute: ln(1.0001)^2 * 525600 = 0.005255474448175620...
        _assertNearBelow(VolatilityLib.sampleVariance(10_000e18, 10_001e18, 1 minutes), 5_255_474_448_175_620);
        // uint128-sized prices, +5 % in a week: 0.124125034811892308...
        _assertNearBelow(VolatilityLib.sampleVariance(1e38, 1.05e38, 7 days), 124_125_034_811_892_308);
        // raw wei prices 1 -> 3 over a year: ln(3)^2 = 1.206948960812581977...
        _assertNearBelow(VolatilityLib.sampleVariance(1, 3, 365 days), 1_206_948_960_812_581_977);
        // widest in-domain ratio (2^128 - 1) over a million years: 0.007871742180035812...
        _assertNearBelow(VolatilityLib.sampleVariance(1, U128, 1e6 * 365 days), 7_871_742_180_035_812);
    }

    function test_sampleVariance_equalPricesIsZero() public pure {
        assertEq(VolatilityLib.sampleVariance(2000e18, 2000e18, 1), 0);
        assertEq(VolatilityLib.sampleVariance(1, 1, 1), 0);
        assertEq(VolatilityLib.sampleVariance(U128, U128, U64), 0);
        assertEq(VolatilityLib.sampleVariance(2000e18, 2000e18, 0), 0, "no move, no time: 0");
    }

    function test_sampleVariance_downEqualsReciprocalUp() public pure {
        uint256 down = VolatilityLib.sampleVariance(2020e18, 2000e18, 1 hours);
        assertEq(down, VolatilityLib.sampleVariance(2000e18, 2020e18, 1 hours));
        uint256 halving = VolatilityLib.sampleVariance(2000e18, 1000e18, 1 days);
        assertEq(halving, VolatilityLib.sampleVariance(1000e18, 2000e18, 1 days));
        // a fall to half is ln(0.5)^2 = ln(2)^2 per year
        assertApproxEqRel(VolatilityLib.sampleVariance(2e18, 1e18, 365 days), 480_453_013_918_201_424, REL);
    }

    function test_sampleVariance_scalesInverselyWithTime() public pure {
        uint256 oneHour = VolatilityLib.sampleVariance(2000e18, 2020e18, 1 hours);
        uint256 twoHours = VolatilityLib.sampleVariance(2000e18, 2020e18, 2 hours);
        assertApproxEqAbs(twoHours, oneHour / 2, 1, "same return over twice the time: half the variance");
        uint256 oneDay = VolatilityLib.sampleVariance(2000e18, 2020e18, 1 days);
        assertApproxEqAbs(oneDay, oneHour / 24, 1);
    }

    function test_sampleVariance_clampsAtMax() public pure {
        // doubling in one second: ln(2)^2 * 31536000 >> 100
        assertEq(VolatilityLib.sampleVariance(1e18, 2e18, 1), MAX);
        // smallest vs largest uint128 price in a second, both directions
        assertEq(VolatilityLib.sampleVariance(U128, 1, 1), MAX);
        assertEq(VolatilityLib.sampleVariance(1, U128, 1), MAX);
        // just below and above the clamp: r^2 * YEAR / dt = 100 at dt = ln(2)^2 * YEAR / 100 ~ 151,515 s
        assertLt(VolatilityLib.sampleVariance(1e18, 2e18, 151_600), MAX);
        assertEq(VolatilityLib.sampleVariance(1e18, 2e18, 151_400), MAX);
    }

    function test_sampleVariance_outOfDomainInputsClampInsteadOfReverting() public pure {
        assertEq(VolatilityLib.sampleVariance(0, 2000e18, 1 hours), MAX, "zero price: unbounded return");
        assertEq(VolatilityLib.sampleVariance(2000e18, 0, 1 hours), MAX);
        assertEq(VolatilityLib.sampleVariance(0, 0, 1 hours), 0);
        assertEq(VolatilityLib.sampleVariance(2000e18, 2020e18, 0), MAX, "move in no time");
        uint256 m = type(uint256).max;
        assertEq(VolatilityLib.sampleVariance(1, m, 365 days), MAX);
        assertEq(VolatilityLib.sampleVariance(m, m - 1, 1), 0, "ratio floors to 1");
        assertEq(VolatilityLib.sampleVariance(1, m, m), 0, "dt beyond uint256 / WAD");
        // wide-ratio path: 2^200 over 1000 years = (200 ln 2)^2 / 1000 = 19.218120556728056986...
        assertApproxEqRel(VolatilityLib.sampleVariance(1, 1 << 200, 1000 * 365 days), 19_218_120_556_728_056_986, REL);
        // the two paths agree at their boundary (ratio 2^128 - 1 vs 2^128)
        uint256 dt = 1e6 * 365 days;
        uint256 narrow = VolatilityLib.sampleVariance(1, U128, dt);
        uint256 wide = VolatilityLib.sampleVariance(2, 1 << 129, dt);
        assertApproxEqRel(narrow, wide, 1e3);
        assertLe(narrow, wide);
    }

    function testFuzz_sampleVariance_neverRevertsAndStaysClamped(uint256 p0, uint256 p1, uint256 dt) public pure {
        p0 = bound(p0, 1, U128);
        p1 = bound(p1, 1, U128);
        dt = bound(dt, 1, U64);
        uint256 v = VolatilityLib.sampleVariance(p0, p1, dt);
        assertLe(v, MAX);
        if (p0 == p1) assertEq(v, 0);
    }

    function testFuzz_sampleVariance_neverRevertsOverWholeRange(uint256 p0, uint256 p1, uint256 dt) public pure {
        assertLe(VolatilityLib.sampleVariance(p0, p1, dt), MAX);
    }

    function testFuzz_sampleVariance_symmetric(uint256 p0, uint256 p1, uint256 dt) public pure {
        p0 = bound(p0, 1, U128);
        p1 = bound(p1, 1, U128);
        dt = bound(dt, 1, U64);
        assertEq(VolatilityLib.sampleVariance(p0, p1, dt), VolatilityLib.sampleVariance(p1, p0, dt));
    }

    function testFuzz_sampleVariance_risesWithTheReturn(uint256 p0, uint256 a, uint256 b, uint256 dt) public pure {
        p0 = bound(p0, 1, U128);
        dt = bound(dt, 1, U64);
        // two rises: the bigger one gives at least the sample of the smaller one
        uint256 up1 = bound(a, p0, U128);
        uint256 up2 = bound(b, up1, U128);
        assertGe(VolatilityLib.sampleVariance(p0, up2, dt), VolatilityLib.sampleVariance(p0, up1, dt), "rise");
        // two falls: likewise
        uint256 down1 = bound(a, 1, p0);
        uint256 down2 = bound(b, 1, down1);
        assertGe(VolatilityLib.sampleVariance(p0, down2, dt), VolatilityLib.sampleVariance(p0, down1, dt), "fall");
    }

    function testFuzz_sampleVariance_fallsWithTime(uint256 p0, uint256 p1, uint256 dt1, uint256 dt2) public pure {
        p0 = bound(p0, 1, U128);
        p1 = bound(p1, 1, U128);
        dt1 = bound(dt1, 1, U64);
        dt2 = bound(dt2, dt1, U64);
        assertLe(VolatilityLib.sampleVariance(p0, p1, dt2), VolatilityLib.sampleVariance(p0, p1, dt1));
    }

    // ---------------------------------------------------------------- ewma

    function test_ewma_exactArithmetic() public pure {
        // 0.94 * 0.64 + 0.06 * 1 = 0.6616
        assertEq(VolatilityLib.ewma(0.64e18, 1e18, 0.94e18), 0.6616e18);
        // 0.97 * 1 + 0.03 * 0.25 = 0.9775
        assertEq(VolatilityLib.ewma(1e18, 0.25e18, 0.97e18), 0.9775e18);
        // rounds down, once: 1.5 wei -> 1, and never below min(prev, sample)
        assertEq(VolatilityLib.ewma(1, 2, 0.5e18), 1);
        assertEq(VolatilityLib.ewma(2, 1, 0.5e18), 1);
        assertEq(VolatilityLib.ewma(3, 3, 0.5e18), 3);
        assertEq(VolatilityLib.ewma(3, 3, 0.3e18), 3);
    }

    function test_ewma_lambdaEdges() public pure {
        assertEq(VolatilityLib.ewma(0.64e18, 0.9e18, 0), 0.9e18, "lambda 0: the sample");
        assertEq(VolatilityLib.ewma(0.64e18, 0.9e18, 1e18), 0.64e18, "lambda 1: the previous estimate");
        assertEq(VolatilityLib.ewma(0.64e18, 0.9e18, 2e18), 0.64e18, "lambda above 1 counts as 1");
        assertEq(VolatilityLib.ewma(0.64e18, 0.9e18, type(uint256).max), 0.64e18);
    }

    function test_ewma_clampsAtMax() public pure {
        assertEq(VolatilityLib.ewma(MAX, MAX, 0.94e18), MAX);
        assertEq(VolatilityLib.ewma(200e18, 0, 0.9e18), MAX, "180 clamps to 100");
        assertEq(VolatilityLib.ewma(0, 500e18, 0.9e18), 50e18, "50 is below the clamp");
        uint256 m = type(uint256).max;
        assertEq(VolatilityLib.ewma(m, m, 0.5e18), MAX);
        assertEq(VolatilityLib.ewma(m, 0, 0.5e18), MAX);
        assertEq(VolatilityLib.ewma(0, m, 0.5e18), MAX);
    }

    function testFuzz_ewma_liesBetweenPrevAndSample(uint256 prev, uint256 sample, uint256 lambda) public pure {
        prev = bound(prev, 0, MAX);
        sample = bound(sample, 0, MAX);
        lambda = bound(lambda, 0, 1e18);
        uint256 v = VolatilityLib.ewma(prev, sample, lambda);
        assertGe(v, prev < sample ? prev : sample);
        assertLe(v, prev < sample ? sample : prev);
        // exact single floor of (lambda prev + (1 - lambda) sample) / 1e18
        assertEq(v, (lambda * prev + (1e18 - lambda) * sample) / 1e18);
    }

    function testFuzz_ewma_monotoneInSample(uint256 prev, uint256 s1, uint256 s2, uint256 lambda) public pure {
        prev = bound(prev, 0, MAX);
        s1 = bound(s1, 0, MAX);
        s2 = bound(s2, s1, MAX);
        lambda = bound(lambda, 0, 1e18);
        assertGe(VolatilityLib.ewma(prev, s2, lambda), VolatilityLib.ewma(prev, s1, lambda));
    }

    function testFuzz_ewma_neverRevertsAndStaysClamped(uint256 prev, uint256 sample, uint256 lambda) public pure {
        assertLe(VolatilityLib.ewma(prev, sample, lambda), MAX);
    }

    // ---------------------------------------------------------------- garch

    function test_garch_exactArithmetic() public pure {
        // 0.01 + 0.1 * 1 + 0.85 * 0.64 = 0.654
        assertEq(VolatilityLib.garch(0.64e18, 1e18, 0.01e18, 0.1e18, 0.85e18), 0.654e18);
        // no weights: omega
        assertEq(VolatilityLib.garch(0.64e18, 1e18, 0.04e18, 0, 0), 0.04e18);
        // rounds down once: 0.5 * 1 + 0.4 * 1 = 0.9 wei -> 0; 0.5 * 1 + 0.5 * 1 = 1 wei
        assertEq(VolatilityLib.garch(1, 1, 0, 0.5e18, 0.4e18), 0);
        assertEq(VolatilityLib.garch(1, 1, 0, 0.5e18, 0.5e18), 1);
        // stationary long-run variance omega / (1 - alpha - beta) is a fixed point: 0.032 / 0.05 = 0.64
        assertEq(VolatilityLib.garch(0.64e18, 0.64e18, 0.032e18, 0.1e18, 0.85e18), 0.64e18);
    }

    function test_garch_clampsAtMax() public pure {
        assertEq(VolatilityLib.garch(MAX, MAX, 0, 0.1e18, 0.9e18), MAX);
        assertEq(VolatilityLib.garch(MAX, MAX, 1e18, 0.1e18, 0.9e18), MAX);
        assertEq(VolatilityLib.garch(0, 0, 150e18, 0.1e18, 0.85e18), MAX, "omega alone above the clamp");
        uint256 m = type(uint256).max;
        assertEq(VolatilityLib.garch(m, m, m, m, m), MAX, "overflowing products and sums clamp");
        assertEq(VolatilityLib.garch(0, m, 0, 2, 0), MAX);
        assertEq(VolatilityLib.garch(0, 0, m, 0, 0), MAX);
    }

    function testFuzz_garch_monotoneInSample(uint256 prev, uint256 s1, uint256 s2, uint256 alpha, uint256 beta)
        public
        pure
    {
        prev = bound(prev, 0, MAX);
        s1 = bound(s1, 0, MAX);
        s2 = bound(s2, s1, MAX);
        alpha = bound(alpha, 0, 0.5e18);
        beta = bound(beta, 0, 1e18 - 1 - alpha);
        uint256 omega = 0.01e18;
        uint256 v1 = VolatilityLib.garch(prev, s1, omega, alpha, beta);
        uint256 v2 = VolatilityLib.garch(prev, s2, omega, alpha, beta);
        assertGe(v2, v1);
        assertLe(v2, MAX);
        // exact single floor below the clamp
        uint256 exact = omega + (alpha * s1 + beta * prev) / 1e18;
        assertEq(v1, exact < MAX ? exact : MAX);
    }

    function testFuzz_garch_neverRevertsAndStaysClamped(
        uint256 prev,
        uint256 sample,
        uint256 omega,
        uint256 alpha,
        uint256 beta
    ) public pure {
        assertLe(VolatilityLib.garch(prev, sample, omega, alpha, beta), MAX);
    }

    // ---------------------------------------------------------------- update

    function test_update_dispatchesByModel() public pure {
        assertEq(
            VolatilityLib.update(VolatilityLib.MODEL_EWMA, 0.64e18, 1e18, 0.94e18, 0.01e18, 0.1e18, 0.85e18), 0.6616e18
        );
        assertEq(
            VolatilityLib.update(VolatilityLib.MODEL_GARCH, 0.64e18, 1e18, 0.94e18, 0.01e18, 0.1e18, 0.85e18), 0.654e18
        );
    }

    function test_update_revertsOnUnknownModel() public {
        vm.expectRevert(abi.encodeWithSelector(VolatilityLib.VolatilityModelUnknown.selector, uint8(2)));
        harness.update(2, 0.64e18, 1e18, 0.94e18, 0.01e18, 0.1e18, 0.85e18);
        vm.expectRevert(abi.encodeWithSelector(VolatilityLib.VolatilityModelUnknown.selector, uint8(255)));
        harness.update(255, 0, 0, 0, 0, 0, 0);
        assertEq(harness.update(VolatilityLib.MODEL_EWMA, 0.64e18, 1e18, 0.94e18, 0, 0, 0), 0.6616e18);
    }

    function testFuzz_update_matchesTheModels(
        uint8 model,
        uint256 prev,
        uint256 sample,
        uint256 lambda,
        uint256 omega,
        uint256 alpha,
        uint256 beta
    ) public {
        model = uint8(bound(model, 0, 2));
        if (model == VolatilityLib.MODEL_EWMA) {
            uint256 viaUpdate = harness.update(model, prev, sample, lambda, omega, alpha, beta);
            assertEq(viaUpdate, VolatilityLib.ewma(prev, sample, lambda));
        } else if (model == VolatilityLib.MODEL_GARCH) {
            assertEq(
                harness.update(model, prev, sample, lambda, omega, alpha, beta),
                VolatilityLib.garch(prev, sample, omega, alpha, beta)
            );
        } else {
            vm.expectRevert(abi.encodeWithSelector(VolatilityLib.VolatilityModelUnknown.selector, model));
            harness.update(model, prev, sample, lambda, omega, alpha, beta);
        }
    }

    // ---------------------------------------------------------------- volatility

    function test_volatility_knownPoints() public pure {
        assertEq(VolatilityLib.volatility(0.64e18), 0.8e18);
        assertEq(VolatilityLib.volatility(0), 0);
        assertEq(VolatilityLib.volatility(1e18), 1e18);
        assertEq(VolatilityLib.volatility(MAX), 10e18);
        // rounds down: sqrt(2e-18) = 1.4142135623...e-9
        assertEq(VolatilityLib.volatility(2), 1_414_213_562);
        // above uint256 / WAD: floor(sqrt(var)) * 1e9, still not above the exact value
        uint256 s = VolatilityLib.volatility(type(uint256).max);
        assertEq(s, uint256(type(uint128).max) * 1e9);
    }

    function testFuzz_volatility_roundsDown(uint256 v) public pure {
        v = bound(v, 0, 1e40);
        uint256 s = VolatilityLib.volatility(v);
        assertLe(s * s, v * 1e18);
        assertGt((s + 1) * (s + 1), v * 1e18);
    }

    // ---------------------------------------------------------------- estimator

    /// @dev A chain of updates from any prices and any prior estimate in range never reverts and stays clamped.
    function testFuzz_estimator_neverRevertsAndStaysClamped(
        uint256 prev,
        uint256 p0,
        uint256 p1,
        uint256 dt,
        uint256 lambda,
        uint256 alpha,
        uint256 beta
    ) public pure {
        prev = bound(prev, 0, MAX);
        p0 = bound(p0, 1, U128);
        p1 = bound(p1, 1, U128);
        dt = bound(dt, 1, U64);
        lambda = bound(lambda, 0, 1e18);
        alpha = bound(alpha, 0, 1e18);
        beta = bound(beta, 0, 1e18 - alpha);
        uint256 sample = VolatilityLib.sampleVariance(p0, p1, dt);
        uint256 e = VolatilityLib.update(VolatilityLib.MODEL_EWMA, prev, sample, lambda, 0, 0, 0);
        uint256 g = VolatilityLib.update(VolatilityLib.MODEL_GARCH, prev, sample, 0, 0.01e18, alpha, beta);
        assertLe(e, MAX);
        assertLe(g, MAX);
        assertLe(VolatilityLib.volatility(e), 10e18);
        assertLe(VolatilityLib.volatility(g), 10e18);
    }

    /// @dev Three hourly points 2000, 2020, 1980 agree with the Java reference (VolatilityReferenceTest, double
    /// precision) to 1e-13.
    function test_estimator_matchesTheJavaReference() public pure {
        uint256 s1 = VolatilityLib.sampleVariance(2000e18, 2020e18, 1 hours);
        uint256 s2 = VolatilityLib.sampleVariance(2020e18, 1980e18, 1 hours);
        // EWMA(0.94) from 0.64
        uint256 e1 = VolatilityLib.ewma(0.64e18, s1, 0.94e18);
        uint256 e2 = VolatilityLib.ewma(e1, s2, 0.94e18);
        assertApproxEqRel(VolatilityLib.volatility(e1), 0.8084795449461877e18, 1e5);
        assertApproxEqRel(VolatilityLib.volatility(e2), 0.9081160945579918e18, 1e5);
        // GARCH(0.01, 0.1, 0.85) from 0.64
        uint256 g1 = VolatilityLib.garch(0.64e18, s1, 0.01e18, 0.1e18, 0.85e18);
        uint256 g2 = VolatilityLib.garch(g1, s2, 0.01e18, 0.1e18, 0.85e18);
        assertApproxEqRel(VolatilityLib.volatility(g1), 0.8004573428113817e18, 1e5);
        assertApproxEqRel(VolatilityLib.volatility(g2), 0.9513388070517464e18, 1e5);
    }

    /// @dev Hourly +-1 % moves at a constant size converge an EWMA to that sample: ln(1.01)^2 * 8760.
    function test_estimator_convergesToAConstantSample() public pure {
        uint256 est = 0.04e18;
        uint256 price = 2000e18;
        for (uint256 i; i < 1000; ++i) {
            uint256 next = i % 2 == 0 ? price * 101 / 100 : price * 100 / 101;
            est = VolatilityLib.ewma(est, VolatilityLib.sampleVariance(price, next, 1 hours), 0.97e18);
            price = next;
        }
        assertApproxEqRel(est, 867_319_576_606_575_927, 1e12);
        // sigma = ln(1.01) * sqrt(8760) = 0.931299939...
        assertApproxEqRel(VolatilityLib.volatility(est), 931_299_939_120_891_346, 1e12);
    }
}
