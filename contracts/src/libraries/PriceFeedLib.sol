// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAggregatorV3} from "../interfaces/IAggregatorV3.sol";
import {IBallastPriceModule} from "../interfaces/IBallastPriceModule.sol";

/// @title PriceFeedLib
/// @notice Checked reads of AggregatorV3 feeds, normalised to WAD (1e18). Rounding: down.
library PriceFeedLib {
    uint256 internal constant WAD = 1e18;

    /// @notice Reads `feed` and checks staleness, sign and bounds, then scales the answer from `decimals`
    /// to 18 decimals (rounding down when the feed has more than 18).
    /// @param feed The feed.
    /// @param maxStaleness Seconds an answer stays fresh after `updatedAt`.
    /// @param minAnswer Lower bound, feed decimals, inclusive.
    /// @param maxAnswer Upper bound, feed decimals, inclusive.
    /// @param decimals The feed's decimals.
    /// @return answerWad The answer in WAD.
    function read(IAggregatorV3 feed, uint256 maxStaleness, int256 minAnswer, int256 maxAnswer, uint8 decimals)
        internal
        view
        returns (uint256 answerWad)
    {
        (, int256 answer,, uint256 updatedAt,) = feed.latestRoundData();
        // A zero `updatedAt` is an incomplete round; a future one is treated as fresh (the feed is trusted
        // for time as much as for price).
        if (updatedAt == 0 || (block.timestamp > updatedAt && block.timestamp - updatedAt > maxStaleness)) {
            revert IBallastPriceModule.PriceStale(address(feed), updatedAt, maxStaleness);
        }
        answerWad = _checked(feed, answer, minAnswer, maxAnswer, decimals);
    }

    /// @notice Reads `feed` like `read` but accepts a stale answer (sign and bounds are still checked; an
    /// incomplete round, `updatedAt` 0, is still refused).
    /// @param feed The feed.
    /// @param minAnswer Lower bound, feed decimals, inclusive.
    /// @param maxAnswer Upper bound, feed decimals, inclusive.
    /// @param decimals The feed's decimals.
    /// @return answerWad The answer in WAD.
    function readLast(IAggregatorV3 feed, int256 minAnswer, int256 maxAnswer, uint8 decimals)
        internal
        view
        returns (uint256 answerWad)
    {
        (, int256 answer,, uint256 updatedAt,) = feed.latestRoundData();
        if (updatedAt == 0) revert IBallastPriceModule.PriceStale(address(feed), updatedAt, 0);
        answerWad = _checked(feed, answer, minAnswer, maxAnswer, decimals);
    }

    function _checked(IAggregatorV3 feed, int256 answer, int256 minAnswer, int256 maxAnswer, uint8 decimals)
        private
        pure
        returns (uint256 answerWad)
    {
        if (answer < 1) revert IBallastPriceModule.PriceNotPositive(address(feed), answer);
        if (answer < minAnswer || answer > maxAnswer) {
            revert IBallastPriceModule.PriceOutOfBounds(address(feed), answer, minAnswer, maxAnswer);
        }
        answerWad = toWad(uint256(answer), decimals);
    }

    /// @notice Scales `amount` with `decimals` decimals to 18 decimals, rounding down.
    /// @param amount The amount.
    /// @param decimals Its decimals (at most 36).
    /// @return The amount in WAD.
    function toWad(uint256 amount, uint8 decimals) internal pure returns (uint256) {
        if (decimals > 18) return amount / 10 ** (decimals - 18);
        return amount * 10 ** (18 - decimals);
    }

    /// @notice Reverts unless the L2 sequencer is up and has been for longer than `gracePeriod`.
    /// @param sequencerFeed Chainlink's sequencer-uptime feed (answer 0 up, 1 down; `startedAt` the change).
    /// @param gracePeriod Seconds to wait after the sequencer comes back.
    function checkSequencer(IAggregatorV3 sequencerFeed, uint256 gracePeriod) internal view {
        (, int256 answer, uint256 startedAt,,) = sequencerFeed.latestRoundData();
        // startedAt == 0 marks an uninitialised round on some L2s: treat it as down.
        if (answer != 0 || startedAt == 0) {
            revert IBallastPriceModule.PriceSequencerDown(address(sequencerFeed), answer);
        }
        if (block.timestamp < startedAt + gracePeriod + 1) {
            revert IBallastPriceModule.PriceSequencerGracePeriod(startedAt, gracePeriod);
        }
    }
}
