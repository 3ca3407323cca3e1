// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RiskFixture} from "../utils/RiskFixture.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {IBallastPriceModule} from "../../src/interfaces/IBallastPriceModule.sol";
import {IBallastRiskEngine} from "../../src/interfaces/IBallastRiskEngine.sol";

/// @notice Circuit breakers: an unsafe oracle or a price jump beyond the limit blocks deposits and
/// risk-increasing trades while de-risking and exits continue; recovery after the condition clears and the
/// cool-off passes.
contract BallastRiskEngineBreakerTest is RiskFixture {
    function setUp() public override {
        _setUpMarket();
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.maxJumpBps = 1000; // 10 %
        r.coolOff = 30 minutes;
        _leveredVault(r);
        _wait(1 hours); // past the sample spacing: the next upkeep samples (and moves the jump reference)
    }

    function test_jump_tripsAtTheLimitNotBelow() public {
        _setEthPrice(2200e8); // exactly 10 % above the last sample: not beyond the limit
        assertEq(uint8(engine.breaker(prices.price())), uint8(IBallastRiskEngine.BreakerReason.None));
        _setEthPrice(2200.00000001e8);
        assertEq(uint8(engine.breaker(prices.price())), uint8(IBallastRiskEngine.BreakerReason.PriceJump));
        _setEthPrice(1800e8);
        assertEq(uint8(engine.breaker(prices.price())), uint8(IBallastRiskEngine.BreakerReason.None), "-10 %");
        _setEthPrice(1799.99999999e8);
        assertEq(uint8(engine.breaker(prices.price())), uint8(IBallastRiskEngine.BreakerReason.PriceJump));
    }

    function test_jump_closesDepositsAndBlocksRiskButLetsExitsAndDeRiskingThrough() public {
        _setEthPrice(1650e8); // -17.5 %: the 2x vault is now above 2x and must sell to get back
        assertEq(vault.maxDeposit(bob), 0, "deposits closed");
        assertGt(vault.maxWithdraw(alice), 0, "exits open");
        vm.prank(alice);
        vault.withdraw(100e6, alice, alice);
        int256 x = _position().exposureWad;
        assertGt(x, 2.1e18);
        IBallastRiskEngine.Assessment memory a = _assess();
        assertEq(uint8(a.breaker), uint8(IBallastRiskEngine.BreakerReason.PriceJump));
        assertLe(a.targetWad, x, "target no further from zero than now");
        vm.expectEmit(address(engine));
        emit IBallastRiskEngine.BreakerTripped(
            IBallastRiskEngine.BreakerReason.PriceJump, 1650e18, block.timestamp + 30 minutes
        );
        _upkeep(); // de-risking proceeds
        assertLt(_position().exposureWad, x);
    }

    function test_jump_blocksRiskIncreasingTrades() public {
        _setEthPrice(2400e8); // +20 %: the 2x vault fell below 2x; getting back would buy base
        int256 x = _position().exposureWad;
        assertLt(x, 1.9e18);
        assertEq(_assess().targetWad, x, "held at the current exposure");
        _assertAction(IBallastPolicyModule.Action.None);
    }

    function test_coolOff_runsFromTheUpkeepThatSawTheJump() public {
        _setEthPrice(1650e8);
        _upkeep(); // trips: cool-off until now + 30 min; the sample resets the reference to 1650
        _wait(30 minutes - 1);
        assertEq(uint8(engine.breaker(prices.price())), uint8(IBallastRiskEngine.BreakerReason.CoolOff));
        assertEq(vault.maxDeposit(bob), 0);
        _wait(1);
        assertEq(uint8(engine.breaker(prices.price())), uint8(IBallastRiskEngine.BreakerReason.None));
        assertGt(vault.maxDeposit(bob), 0, "deposits open again");
    }

    function test_sampleGap_tripsAtTheNextUpkeep() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.maxSampleGap = 1 days;
        _leveredVault(r);
        _wait(1 days);
        assertEq(uint8(engine.breaker(prices.price())), uint8(IBallastRiskEngine.BreakerReason.None), "at the gap");
        _wait(1);
        assertEq(uint8(engine.breaker(prices.price())), uint8(IBallastRiskEngine.BreakerReason.SampleGap));
        assertEq(vault.maxDeposit(bob), 0);
    }

    function test_staleOracle_closesDepositsAndUpkeepsButNotWithdrawals() public {
        vm.warp(block.timestamp + FEED_STALENESS + 1); // nobody re-posts the feeds
        vm.expectRevert(); // PriceStale
        prices.price();
        assertEq(vault.maxDeposit(bob), 0, "deposits closed");
        (bool due, bytes memory reason) = vault.checkUpkeep("");
        assertFalse(due);
        assertEq(string(reason), "oracle");
        uint256 maxOut = vault.maxWithdraw(alice);
        assertGt(maxOut, 0, "withdrawals from idle funds continue at the last price");
        uint256 before = usdc.balanceOf(alice);
        vm.prank(alice);
        vault.withdraw(maxOut, alice, alice);
        assertEq(usdc.balanceOf(alice) - before, maxOut);
    }

    function test_outOfBoundsOracle_closesWithdrawalsToo() public {
        _setEthPrice(1e14 + 1); // above the feed's max answer: not a price at all
        assertEq(vault.maxWithdraw(alice), 0);
        vm.expectRevert(
            abi.encodeWithSelector(IBallastPriceModule.PriceOutOfBounds.selector, address(ethUsd), 1e14 + 1, 1e8, 1e14)
        );
        prices.lastPrice();
    }
}
