// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {BallastPriceModule} from "../src/BallastPriceModule.sol";
import {IBallastPriceModule} from "../src/interfaces/IBallastPriceModule.sol";
import {IAggregatorV3} from "../src/interfaces/IAggregatorV3.sol";
import {MockAggregator} from "./mocks/MockAggregator.sol";

contract BallastPriceModuleTest is Test {
    MockAggregator internal ethUsd;
    MockAggregator internal usdcUsd;
    MockAggregator internal nativeUsd;
    MockAggregator internal sequencer;
    BallastPriceModule internal module;

    uint32 internal constant STALE = 1 hours;
    uint256 internal constant GRACE = 1 hours;

    function setUp() public {
        vm.warp(1_700_000_000);
        ethUsd = new MockAggregator(8, 2000e8);
        usdcUsd = new MockAggregator(8, 1e8);
        nativeUsd = new MockAggregator(8, 0.5e8);
        sequencer = new MockAggregator(0, 0);
        sequencer.set(0, block.timestamp - 2 hours, block.timestamp - 2 hours);
        module = new BallastPriceModule(
            _cfg(ethUsd, 100e8, 100_000e8), _cfg(usdcUsd, 0.9e8, 1.1e8), _none(), IAggregatorV3(address(0)), 0
        );
    }

    function _cfg(MockAggregator feed, int256 lo, int256 hi) internal pure returns (IBallastPriceModule.FeedConfig memory) {
        return IBallastPriceModule.FeedConfig(feed, STALE, lo, hi);
    }

    function _none() internal pure returns (IBallastPriceModule.FeedConfig memory c) {}

    function _withSequencer() internal returns (BallastPriceModule) {
        return new BallastPriceModule(
            _cfg(ethUsd, 100e8, 100_000e8), _cfg(usdcUsd, 0.9e8, 1.1e8), _none(), sequencer, GRACE
        );
    }

    // ---------------------------------------------------------------- price

    function test_price_basePerQuoteInWad() public view {
        assertEq(module.price(), 2000e18);
    }

    function test_price_dividesByQuoteFeed() public {
        usdcUsd.setAnswer(0.95e8);
        // 2000 / 0.95 = 2105.263157894736842105..., rounded down
        assertEq(module.price(), 2105263157894736842105);
    }

    function test_price_withoutQuoteFeedIsBaseAnswer() public {
        BallastPriceModule m = new BallastPriceModule(
            _cfg(ethUsd, 100e8, 100_000e8), _none(), _none(), IAggregatorV3(address(0)), 0
        );
        assertEq(m.price(), 2000e18);
    }

    function test_lastPrice_withoutQuoteFeedIsBaseAnswerEvenWhenStale() public {
        BallastPriceModule m = new BallastPriceModule(
            _cfg(ethUsd, 100e8, 100_000e8), _none(), _none(), IAggregatorV3(address(0)), 0
        );
        vm.warp(block.timestamp + STALE + 1);
        vm.expectRevert();
        m.price();
        assertEq(m.lastPrice(), 2000e18, "staleness is the one check lastPrice skips");
    }

    function test_lastPrice_revertsOnANeverUpdatedRound() public {
        ethUsd.set(2000e8, 0, 0);
        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceStale.selector, address(ethUsd), 0, 0));
        module.lastPrice();
    }

    function test_price_normalisesFeedDecimals() public {
        MockAggregator f18 = new MockAggregator(18, 2000e18);
        MockAggregator f6 = new MockAggregator(6, 1e6);
        MockAggregator f20 = new MockAggregator(20, 2000e20 + 99);
        BallastPriceModule m = new BallastPriceModule(
            _cfg(f18, 1, type(int256).max), _cfg(f6, 1, 2e6), _none(), IAggregatorV3(address(0)), 0
        );
        assertEq(m.price(), 2000e18);
        m = new BallastPriceModule(_cfg(f20, 1, type(int256).max), _none(), _none(), IAggregatorV3(address(0)), 0);
        assertEq(m.price(), 2000e18, "more than 18 decimals rounds down");
    }

    function test_price_freshAtExactStalenessLimit() public {
        vm.warp(block.timestamp + STALE);
        assertEq(module.price(), 2000e18);
    }

    function test_price_revertsWhenStale() public {
        uint256 updatedAt = block.timestamp;
        vm.warp(block.timestamp + STALE + 1);
        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceStale.selector, address(ethUsd), updatedAt, STALE));
        module.price();
    }

    function test_price_revertsWhenQuoteFeedStale() public {
        usdcUsd.set(1e8, block.timestamp - STALE - 1, block.timestamp - STALE - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IBallastPriceModule.PriceStale.selector, address(usdcUsd), block.timestamp - STALE - 1, STALE)
        );
        module.price();
    }

    function test_price_revertsWhenRoundIncomplete() public {
        ethUsd.set(2000e8, block.timestamp, 0);
        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceStale.selector, address(ethUsd), 0, STALE));
        module.price();
    }

    function test_price_revertsWhenZero() public {
        ethUsd.setAnswer(0);
        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceNotPositive.selector, address(ethUsd), int256(0)));
        module.price();
    }

    function test_price_revertsWhenNegative() public {
        ethUsd.setAnswer(-1);
        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceNotPositive.selector, address(ethUsd), int256(-1)));
        module.price();
    }

    function test_price_acceptsBoundsInclusive() public {
        ethUsd.setAnswer(100e8);
        assertEq(module.price(), 100e18);
        ethUsd.setAnswer(100_000e8);
        assertEq(module.price(), 100_000e18);
    }

    function test_price_revertsBelowMin() public {
        ethUsd.setAnswer(100e8 - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBallastPriceModule.PriceOutOfBounds.selector, address(ethUsd), int256(100e8 - 1), int256(100e8), int256(100_000e8)
            )
        );
        module.price();
    }

    function test_price_revertsAboveMax() public {
        ethUsd.setAnswer(100_000e8 + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBallastPriceModule.PriceOutOfBounds.selector, address(ethUsd), int256(100_000e8 + 1), int256(100e8), int256(100_000e8)
            )
        );
        module.price();
    }

    function test_fuzz_price_matchesRatio(int256 baseAnswer, int256 quoteAnswer) public {
        baseAnswer = bound(baseAnswer, 100e8, 100_000e8);
        quoteAnswer = bound(quoteAnswer, 0.9e8, 1.1e8);
        ethUsd.setAnswer(baseAnswer);
        usdcUsd.setAnswer(quoteAnswer);
        uint256 p = module.price();
        uint256 exact = uint256(baseAnswer) * 1e18 / uint256(quoteAnswer);
        assertEq(p, exact);
        assertLe(p * uint256(quoteAnswer), uint256(baseAnswer) * 1e18, "rounded down");
    }

    // ---------------------------------------------------------------- sequencer

    function test_price_passesWhenSequencerUpPastGrace() public {
        assertEq(_withSequencer().price(), 2000e18);
    }

    function test_price_revertsWhenSequencerDown() public {
        BallastPriceModule m = _withSequencer();
        sequencer.set(1, block.timestamp, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceSequencerDown.selector, address(sequencer), int256(1)));
        m.price();
    }

    function test_price_revertsWhenSequencerRoundUninitialised() public {
        BallastPriceModule m = _withSequencer();
        sequencer.set(0, 0, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceSequencerDown.selector, address(sequencer), int256(0)));
        m.price();
    }

    function test_price_revertsDuringGracePeriodInclusive() public {
        BallastPriceModule m = _withSequencer();
        sequencer.set(0, block.timestamp - GRACE, block.timestamp - GRACE);
        vm.expectRevert(
            abi.encodeWithSelector(IBallastPriceModule.PriceSequencerGracePeriod.selector, block.timestamp - GRACE, GRACE)
        );
        m.price();
        sequencer.set(0, block.timestamp - GRACE - 1, block.timestamp - GRACE - 1);
        assertEq(m.price(), 2000e18);
    }

    function test_nativePrice_revertsWhenSequencerDown() public {
        BallastPriceModule m = _withSequencer();
        sequencer.set(1, block.timestamp, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceSequencerDown.selector, address(sequencer), int256(1)));
        m.nativePrice();
    }

    // ---------------------------------------------------------------- native

    function test_nativePrice_fallsBackToBaseFeed() public view {
        assertEq(module.nativePrice(), 2000e18);
    }

    function test_nativePrice_usesNativeFeed() public {
        BallastPriceModule m = new BallastPriceModule(
            _cfg(ethUsd, 100e8, 100_000e8), _cfg(usdcUsd, 0.9e8, 1.1e8), _cfg(nativeUsd, 0.01e8, 10e8),
            IAggregatorV3(address(0)), 0
        );
        assertEq(m.nativePrice(), 0.5e18);
        nativeUsd.setAnswer(0);
        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceNotPositive.selector, address(nativeUsd), int256(0)));
        m.nativePrice();
    }

    // ---------------------------------------------------------------- readFeed and config

    function test_readFeed_returnsCheckedWad() public view {
        assertEq(module.readFeed(_cfg(ethUsd, 1, 1e20)), 2000e18);
    }

    function test_readFeed_revertsOnInvalidConfig() public {
        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceFeedConfigInvalid.selector, address(ethUsd)));
        module.readFeed(_cfg(ethUsd, 5, 1));
    }

    function test_constructor_revertsOnInvalidConfigs() public {
        IAggregatorV3 none = IAggregatorV3(address(0));
        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceFeedConfigInvalid.selector, address(0)));
        new BallastPriceModule(_none(), _none(), _none(), none, 0);

        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceFeedConfigInvalid.selector, address(ethUsd)));
        new BallastPriceModule(IBallastPriceModule.FeedConfig(ethUsd, 0, 1, 2), _none(), _none(), none, 0);

        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceFeedConfigInvalid.selector, address(ethUsd)));
        new BallastPriceModule(_cfg(ethUsd, 0, 2), _none(), _none(), none, 0);

        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceFeedConfigInvalid.selector, address(usdcUsd)));
        new BallastPriceModule(_cfg(ethUsd, 1, 2), _cfg(usdcUsd, 3, 2), _none(), none, 0);

        MockAggregator f37 = new MockAggregator(37, 1);
        vm.expectRevert(abi.encodeWithSelector(IBallastPriceModule.PriceFeedConfigInvalid.selector, address(f37)));
        new BallastPriceModule(_cfg(f37, 1, 2), _none(), _none(), none, 0);
    }

    function test_configGetters_returnConstructorValues() public {
        BallastPriceModule m = _withSequencer();
        IBallastPriceModule.FeedConfig memory b = m.baseFeed();
        assertEq(address(b.feed), address(ethUsd));
        assertEq(b.maxStaleness, STALE);
        assertEq(b.minAnswer, 100e8);
        assertEq(b.maxAnswer, 100_000e8);
        assertEq(address(m.quoteFeed().feed), address(usdcUsd));
        assertEq(address(m.nativeFeed().feed), address(0));
        assertEq(address(m.sequencerFeed()), address(sequencer));
        assertEq(m.sequencerGracePeriod(), GRACE);
    }
}
