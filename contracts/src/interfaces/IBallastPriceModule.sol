// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAggregatorV3} from "./IAggregatorV3.sol";

/// @title IBallastPriceModule
/// @notice Reads Chainlink-style AggregatorV3 feeds for one vault's pair and returns checked prices in WAD
/// (1e18). Every read checks the feed's staleness limit, a positive answer and the feed's [min, max] bounds,
/// and, on an L2, that the sequencer is up and its grace period is over. Any failed check reverts: a consumer
/// that must not revert (a view such as `checkUpkeep`) calls it with try/catch.
/// @dev Prices: `price()` is the quote (vault asset) value of one whole base token, e.g. 2000e18 for WETH at
/// 2000 USDC. Token decimals are not involved; the vault converts raw amounts itself.
interface IBallastPriceModule {
    // ---------------------------------------------------------------- types

    /// @notice How one feed is read.
    /// @param feed The AggregatorV3 feed (address(0) only where a feed is optional).
    /// @param maxStaleness Seconds after `updatedAt` beyond which the answer is stale (match the feed's heartbeat).
    /// @param minAnswer Smallest accepted answer, in the feed's decimals (> 0).
    /// @param maxAnswer Largest accepted answer, in the feed's decimals.
    struct FeedConfig {
        IAggregatorV3 feed;
        uint32 maxStaleness;
        int256 minAnswer;
        int256 maxAnswer;
    }

    // ---------------------------------------------------------------- errors

    /// @notice A feed's configuration is unusable (zero feed, zero staleness, bounds not 0 < min <= max, or more
    /// than 36 decimals).
    /// @param feed The feed.
    error PriceFeedConfigInvalid(address feed);

    /// @notice The answer was last updated too long ago (or its round never completed: `updatedAt` 0).
    /// @param feed The feed.
    /// @param updatedAt When the answer was written.
    /// @param maxStaleness The configured limit, in seconds.
    error PriceStale(address feed, uint256 updatedAt, uint256 maxStaleness);

    /// @notice The answer is zero or negative.
    /// @param feed The feed.
    /// @param answer The answer.
    error PriceNotPositive(address feed, int256 answer);

    /// @notice The answer is outside the feed's configured bounds.
    /// @param feed The feed.
    /// @param answer The answer.
    /// @param minAnswer Lower bound.
    /// @param maxAnswer Upper bound.
    error PriceOutOfBounds(address feed, int256 answer, int256 minAnswer, int256 maxAnswer);

    /// @notice The L2 sequencer-uptime feed reports the sequencer down (or an uninitialised round).
    /// @param sequencerFeed The uptime feed.
    /// @param answer Its answer (0 up, 1 down).
    error PriceSequencerDown(address sequencerFeed, int256 answer);

    /// @notice The sequencer is back up but its grace period is not over.
    /// @param upSince When the sequencer came back up.
    /// @param gracePeriod The grace period, in seconds.
    error PriceSequencerGracePeriod(uint256 upSince, uint256 gracePeriod);

    // ---------------------------------------------------------------- prices

    /// @notice Quote (vault asset) per whole base token, WAD, rounded down.
    /// @dev Reverts with one of the errors above when a feed check fails.
    /// @return priceWad base/quote price.
    function price() external view returns (uint256 priceWad);

    /// @notice Like `price` but accepts stale answers (every other check still applies): the vault values shares
    /// for exits with it, so a stale feed closes deposits and trades but not withdrawals from idle funds.
    /// @dev Warning: while a feed is stale this is an old price; exits at it are bounded by idle liquidity and
    /// pay the exit fee.
    /// @return priceWad base/quote price.
    function lastPrice() external view returns (uint256 priceWad);

    /// @notice Quote per whole native coin (1e18 wei), WAD, rounded down: prices keeper gas.
    /// @dev Uses the native feed, or the base feed when none is configured (ETH chains with a WETH base).
    /// @return priceWad native/quote price.
    function nativePrice() external view returns (uint256 priceWad);

    /// @notice The checked answer of one configured feed normalised to WAD (for example base/USD).
    /// @param config The feed and its limits.
    /// @return answerWad The answer scaled to 18 decimals, rounded down.
    function readFeed(FeedConfig calldata config) external view returns (uint256 answerWad);

    // ---------------------------------------------------------------- configuration

    /// @notice The base/USD (or base/quote) feed configuration.
    /// @return The feed configuration.
    function baseFeed() external view returns (FeedConfig memory);

    /// @notice The quote/USD feed configuration; `feed` is address(0) when the base feed is already in quote.
    /// @return The feed configuration.
    function quoteFeed() external view returns (FeedConfig memory);

    /// @notice The native/USD feed configuration; `feed` is address(0) when the base feed prices native gas.
    /// @return The feed configuration.
    function nativeFeed() external view returns (FeedConfig memory);

    /// @notice The L2 sequencer-uptime feed, or address(0) on an L1.
    /// @return The feed.
    function sequencerFeed() external view returns (IAggregatorV3);

    /// @notice Seconds after the sequencer comes back up during which prices are refused.
    /// @return The grace period.
    function sequencerGracePeriod() external view returns (uint256);
}
