// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAggregatorV3} from "./interfaces/IAggregatorV3.sol";
import {IBallastPriceModule} from "./interfaces/IBallastPriceModule.sol";
import {PriceFeedLib} from "./libraries/PriceFeedLib.sol";

/// @title BallastPriceModule
/// @notice Checked oracle prices for one base/quote pair. Stateless: every setting is an immutable fixed at
/// deployment, so a vault's price source can never change under it.
/// @dev Warning: `block.timestamp - startedAt` of the sequencer feed and `updatedAt` of price feeds are trusted
/// as reported; a feed that lies about time defeats the staleness check.
contract BallastPriceModule is IBallastPriceModule {
    using PriceFeedLib for IAggregatorV3;

    uint256 private constant _WAD = 1e18;
    uint8 private constant _MAX_DECIMALS = 36;

    // ---------------------------------------------------------------- immutables

    IAggregatorV3 private immutable _baseFeed;
    uint32 private immutable _baseStaleness;
    int256 private immutable _baseMin;
    int256 private immutable _baseMax;
    uint8 private immutable _baseDecimals;

    IAggregatorV3 private immutable _quoteFeed;
    uint32 private immutable _quoteStaleness;
    int256 private immutable _quoteMin;
    int256 private immutable _quoteMax;
    uint8 private immutable _quoteDecimals;

    IAggregatorV3 private immutable _nativeFeed;
    uint32 private immutable _nativeStaleness;
    int256 private immutable _nativeMin;
    int256 private immutable _nativeMax;
    uint8 private immutable _nativeDecimals;

    IAggregatorV3 private immutable _sequencerFeed;
    uint256 private immutable _gracePeriod;

    /// @param base_ base/USD feed (or base/quote when `quote_.feed` is address(0)). Required.
    /// @param quote_ quote/USD feed; `feed` address(0) when the base feed already prices in quote.
    /// @param native_ native/USD feed for keeper gas; `feed` address(0) to price native gas with the base feed.
    /// @param sequencerFeed_ Chainlink L2 sequencer-uptime feed, or address(0) on an L1.
    /// @param gracePeriod_ Seconds after the sequencer comes back during which prices are refused.
    constructor(
        FeedConfig memory base_,
        FeedConfig memory quote_,
        FeedConfig memory native_,
        IAggregatorV3 sequencerFeed_,
        uint256 gracePeriod_
    ) {
        _baseDecimals = _checkConfig(base_);
        _baseFeed = base_.feed;
        _baseStaleness = base_.maxStaleness;
        _baseMin = base_.minAnswer;
        _baseMax = base_.maxAnswer;

        if (address(quote_.feed) != address(0)) _quoteDecimals = _checkConfig(quote_);
        _quoteFeed = quote_.feed;
        _quoteStaleness = quote_.maxStaleness;
        _quoteMin = quote_.minAnswer;
        _quoteMax = quote_.maxAnswer;

        if (address(native_.feed) != address(0)) _nativeDecimals = _checkConfig(native_);
        _nativeFeed = native_.feed;
        _nativeStaleness = native_.maxStaleness;
        _nativeMin = native_.minAnswer;
        _nativeMax = native_.maxAnswer;

        _sequencerFeed = sequencerFeed_;
        _gracePeriod = gracePeriod_;
    }

    // ---------------------------------------------------------------- prices

    /// @inheritdoc IBallastPriceModule
    function price() external view returns (uint256 priceWad) {
        _checkSequencer();
        return _inQuote(_baseFeed.read(_baseStaleness, _baseMin, _baseMax, _baseDecimals));
    }

    /// @inheritdoc IBallastPriceModule
    function lastPrice() external view returns (uint256 priceWad) {
        _checkSequencer();
        uint256 usdWad = _baseFeed.readLast(_baseMin, _baseMax, _baseDecimals);
        if (address(_quoteFeed) == address(0)) return usdWad;
        return usdWad * _WAD / _quoteFeed.readLast(_quoteMin, _quoteMax, _quoteDecimals);
    }

    /// @inheritdoc IBallastPriceModule
    function nativePrice() external view returns (uint256 priceWad) {
        _checkSequencer();
        if (address(_nativeFeed) == address(0)) {
            return _inQuote(_baseFeed.read(_baseStaleness, _baseMin, _baseMax, _baseDecimals));
        }
        return _inQuote(_nativeFeed.read(_nativeStaleness, _nativeMin, _nativeMax, _nativeDecimals));
    }

    /// @inheritdoc IBallastPriceModule
    function readFeed(FeedConfig calldata config) external view returns (uint256 answerWad) {
        uint8 decimals = _checkConfig(config);
        return config.feed.read(config.maxStaleness, config.minAnswer, config.maxAnswer, decimals);
    }

    // ---------------------------------------------------------------- configuration

    /// @inheritdoc IBallastPriceModule
    function baseFeed() external view returns (FeedConfig memory) {
        return FeedConfig(_baseFeed, _baseStaleness, _baseMin, _baseMax);
    }

    /// @inheritdoc IBallastPriceModule
    function quoteFeed() external view returns (FeedConfig memory) {
        return FeedConfig(_quoteFeed, _quoteStaleness, _quoteMin, _quoteMax);
    }

    /// @inheritdoc IBallastPriceModule
    function nativeFeed() external view returns (FeedConfig memory) {
        return FeedConfig(_nativeFeed, _nativeStaleness, _nativeMin, _nativeMax);
    }

    /// @inheritdoc IBallastPriceModule
    function sequencerFeed() external view returns (IAggregatorV3) {
        return _sequencerFeed;
    }

    /// @inheritdoc IBallastPriceModule
    function sequencerGracePeriod() external view returns (uint256) {
        return _gracePeriod;
    }

    // ---------------------------------------------------------------- internal

    /// @dev Converts a USD price (WAD) to quote units per token (WAD) with the quote feed, rounding down.
    function _inQuote(uint256 usdWad) private view returns (uint256) {
        if (address(_quoteFeed) == address(0)) return usdWad;
        uint256 quoteUsd = _quoteFeed.read(_quoteStaleness, _quoteMin, _quoteMax, _quoteDecimals);
        return usdWad * _WAD / quoteUsd;
    }

    function _checkSequencer() private view {
        if (address(_sequencerFeed) != address(0)) PriceFeedLib.checkSequencer(_sequencerFeed, _gracePeriod);
    }

    function _checkConfig(FeedConfig memory config) private view returns (uint8 decimals) {
        if (
            address(config.feed) == address(0) || config.maxStaleness == 0 || config.minAnswer < 1
                || config.minAnswer > config.maxAnswer
        ) revert PriceFeedConfigInvalid(address(config.feed));
        decimals = config.feed.decimals();
        if (decimals > _MAX_DECIMALS) revert PriceFeedConfigInvalid(address(config.feed));
    }
}
