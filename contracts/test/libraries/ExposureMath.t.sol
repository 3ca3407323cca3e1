// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ExposureMath} from "../../src/libraries/ExposureMath.sol";

contract ExposureMathTest is Test {
    uint256 internal constant WETH = 1e18;
    uint256 internal constant USDC = 1e6;

    function test_toQuote_mixedDecimals() public pure {
        assertEq(ExposureMath.toQuote(1.5e18, 2000e18, WETH, USDC, Math.Rounding.Floor), 3000e6);
        // 1 wei of WETH at 2000 is 2e-15 USDC: floor 0, ceil 1
        assertEq(ExposureMath.toQuote(1, 2000e18, WETH, USDC, Math.Rounding.Floor), 0);
        assertEq(ExposureMath.toQuote(1, 2000e18, WETH, USDC, Math.Rounding.Ceil), 1);
    }

    function test_toBase_mixedDecimals() public pure {
        assertEq(ExposureMath.toBase(3000e6, 2000e18, WETH, USDC, Math.Rounding.Floor), 1.5e18);
        // 8-decimal base (WBTC-like) against 18-decimal quote (DAI-like)
        assertEq(ExposureMath.toBase(60_000e18, 60_000e18, 1e8, 1e18, Math.Rounding.Floor), 1e8);
    }

    function test_netValue_roundsTowardNegativeInfinity() public pure {
        assertEq(ExposureMath.netValue(1, 2000e18, WETH, USDC), 0);
        assertEq(ExposureMath.netValue(-1, 2000e18, WETH, USDC), -1);
        assertEq(ExposureMath.netValue(-1e18, 2000e18, WETH, USDC), -2000e6);
    }

    function testFuzz_netValue_neverOvervalues(int256 netBase, uint256 price) public pure {
        netBase = bound(netBase, -1e30, 1e30);
        price = bound(price, 1e12, 1e24);
        int256 v = ExposureMath.netValue(netBase, price, WETH, USDC);
        // exact value * 1e30 (= WAD * baseUnit / quoteUnit) compared without division
        assertLe(v * 1e30, netBase * int256(price), "valued at or below exact");
        assertGt((v + 1) * 1e30, netBase * int256(price), "by less than one unit");
    }

    function test_exposure_signedAndZeroWhenInsolvent() public pure {
        assertEq(ExposureMath.exposure(20_000e6, 10_000e6), 2e18);
        assertEq(ExposureMath.exposure(-5_000e6, 10_000e6), -0.5e18);
        assertEq(ExposureMath.exposure(5_000e6, 0), 0);
        assertEq(ExposureMath.exposure(5_000e6, -1), 0);
    }

    function test_healthCap_long() public pure {
        // H = 1.5, LT = 0.825, no idle: cap = 1.5 / 0.675 = 2.2222
        assertEq(ExposureMath.healthCap(3e18, 1.5e18, 8250, 7800, 0), 2222222222222222222);
        assertEq(ExposureMath.healthCap(2e18, 1.5e18, 8250, 7800, 0), 2e18, "below cap unchanged");
        assertEq(ExposureMath.healthCap(0.5e18, 1.5e18, 0, 0, 0), 0.5e18, "unlevered unchanged");
        assertEq(ExposureMath.healthCap(3e18, 1.5e18, 0, 0, 0), 1e18, "no collateral value: no leverage");
    }

    function test_healthCap_short() public pure {
        // |x| <= 0.78 / (1.5 - 0.78) = 1.0833
        assertEq(ExposureMath.healthCap(-2e18, 1.5e18, 8250, 7800, 0), -1083333333333333333);
        assertEq(ExposureMath.healthCap(-1e18, 1.5e18, 8250, 7800, 0), -1e18);
        assertEq(ExposureMath.healthCap(-1e18, 1.5e18, 8250, 0, 0), 0, "quote not collateral: no short");
    }

    function test_healthCap_targetAtOrBelowLiquidationThresholdAllowsNoDebt() public pure {
        // HF = x LT / (x - 1 + i) stays below LT for every levered x: a target at or below LT is unreachable
        assertEq(ExposureMath.healthCap(3e18, 0.825e18, 8250, 7800, 0), 1e18, "long: at LT, unlevered");
        assertEq(ExposureMath.healthCap(3e18, 0.5e18, 8250, 7800, 0), 1e18, "long: below LT, unlevered");
        assertEq(ExposureMath.healthCap(3e18, 0.825e18 + 1, 8250, 7800, 0), 3e18, "one wei above LT: no binding cap");
        assertEq(ExposureMath.healthCap(-2e18, 0.78e18, 8250, 7800, 0), 0, "short: at LT, no short");
        assertEq(ExposureMath.healthCap(-2e18, 0.6e18, 8250, 7800, 0), 0, "short: below LT, no short");
    }

    function testFuzz_healthCap_keepsHealthAtTarget(uint256 h, uint256 lt, uint256 idle) public pure {
        h = bound(h, 1.01e18, 5e18);
        lt = bound(lt, 1000, 9500);
        idle = bound(idle, 0, 5000);
        int256 x = ExposureMath.healthCap(10e18, h, lt, lt, idle);
        if (x > 1e18) {
            // HF = x LT / (x - 1 + i) >= H
            uint256 debt = uint256(x) - 1e18 + idle * 1e14;
            assertGe(uint256(x) * lt * 1e14 / debt, h - 1e6);
        }
        int256 s = ExposureMath.healthCap(-10e18, h, lt, lt, idle);
        uint256 sx = uint256(-s);
        if (sx != 0) {
            // HF = (1 - i + |x|) LT / |x| >= H
            assertGe((1e18 - idle * 1e14 + sx) * lt / 1e4 * 1e18 / sx, h - 1e6);
        }
    }

    function test_towardZero_clamps() public pure {
        assertEq(ExposureMath.towardZero(2e18, 1e18), 1e18);
        assertEq(ExposureMath.towardZero(0.5e18, 1e18), 0.5e18);
        assertEq(ExposureMath.towardZero(-1e18, 1e18), 0);
        assertEq(ExposureMath.towardZero(-2e18, -1e18), -1e18);
        assertEq(ExposureMath.towardZero(1e18, -1e18), 0);
    }

    function test_deleverageValue_restoresTarget() public pure {
        // D = 10,000, HF 1.2 -> 1.5 selling LT 0.825 collateral: a = 10000 * 0.3 / 0.675 = 4444.44
        uint256 a = ExposureMath.deleverageValue(10_000e6, 1.2e18, 1.5e18, 8250);
        assertEq(a, 4_444_444_445);
        // check: collateral C with C*LT = HF*D = 12,000; after: (12000 - a*0.825) / (10000 - a) = 1.5
        uint256 cLt = 12_000e6 - a * 8250 / 10_000;
        assertApproxEqRel(cLt * 1e18 / (10_000e6 - a), 1.5e18, 1e12);
        assertEq(ExposureMath.deleverageValue(10_000e6, 1.5e18, 1.5e18, 8250), 0);
        assertEq(ExposureMath.deleverageValue(10_000e6, 0.5e18, 0.8e18, 8250), 10_000e6, "target below LT: all");
    }

    function test_withdrawHeadroom_keepsHealthAboveOne() public pure {
        assertEq(ExposureMath.withdrawHeadroom(0, 1e18, 8250), type(uint256).max);
        assertEq(ExposureMath.withdrawHeadroom(10_000e6, 1e18, 8250), 0);
        // D (HF - 1) / LT * 0.95 = 10000 * 0.5 / 0.825 * 0.95
        assertEq(ExposureMath.withdrawHeadroom(10_000e6, 1.5e18, 8250), 5_757_575_757);
    }

    function test_distanceAndAbs() public pure {
        assertEq(ExposureMath.distance(-3, 4), 7);
        assertEq(ExposureMath.distance(4, -3), 7);
        assertEq(ExposureMath.abs(-9), 9);
    }
}
