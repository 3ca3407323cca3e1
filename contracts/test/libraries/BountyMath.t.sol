// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {BountyMath} from "../../src/libraries/BountyMath.sol";

contract BountyMathTest is Test {
    function test_cost_gasTimesCappedPriceTimesPremium() public pure {
        // 500k gas at 10 gwei = 0.005 ETH; +20 % = 0.006 ETH; at 2000 USDC = 12 USDC
        assertEq(BountyMath.cost(500_000, 10 gwei, 100 gwei, 2000, 2000e18, 1e6), 12e6);
        // gas price above the ceiling is paid at the ceiling
        assertEq(BountyMath.cost(500_000, 500 gwei, 10 gwei, 2000, 2000e18, 1e6), 12e6);
    }

    function test_capped_takesTheSmallestLimit() public pure {
        assertEq(BountyMath.capped(100, 50, 1000, 0), 50, "per upkeep");
        assertEq(BountyMath.capped(100, 500, 1000, 950), 50, "window left");
        assertEq(BountyMath.capped(100, 500, 1000, 1200), 0, "window spent");
        assertEq(BountyMath.capped(100, 500, 1000, 0), 100, "uncapped");
    }

    function testFuzz_capped_neverExceedsAnyCap(
        uint256 amount,
        uint256 perUpkeep,
        uint256 perWindow,
        uint256 accrued
    ) public pure {
        amount = bound(amount, 0, 1e30);
        perUpkeep = bound(perUpkeep, 0, 1e30);
        perWindow = bound(perWindow, 0, 1e30);
        accrued = bound(accrued, 0, 1e30);
        uint256 b = BountyMath.capped(amount, perUpkeep, perWindow, accrued);
        assertLe(b, amount);
        assertLe(b, perUpkeep);
        if (accrued < perWindow) assertLe(accrued + b, perWindow);
        else assertEq(b, 0);
    }

    function testFuzz_cost_monotoneAndRoundedDown(uint256 gasUsed, uint256 gasPrice, uint256 premium) public pure {
        gasUsed = bound(gasUsed, 21_000, 30_000_000);
        gasPrice = bound(gasPrice, 0, 1000 gwei);
        premium = bound(premium, 0, 10_000);
        uint256 c = BountyMath.cost(gasUsed, gasPrice, 1000 gwei, premium, 2000e18, 1e6);
        assertLe(c * 1e18 * 1e18 * 10_000, gasUsed * gasPrice * (10_000 + premium) * 2000e18 * 1e6);
        assertGe(BountyMath.cost(gasUsed + 1, gasPrice, 1000 gwei, premium, 2000e18, 1e6), c);
    }
}
