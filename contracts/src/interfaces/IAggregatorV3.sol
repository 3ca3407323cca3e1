// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IAggregatorV3
/// @notice The Chainlink AggregatorV3 price-feed interface, written out here because the Chainlink
/// contracts npm package cannot be installed from the registry alone.
interface IAggregatorV3 {
    /// @notice Number of decimals of `answer`.
    function decimals() external view returns (uint8);

    /// @notice Human-readable description, e.g. "WETH / USD".
    function description() external view returns (string memory);

    /// @notice Version of the aggregator implementation.
    function version() external view returns (uint256);

    /// @notice Data of a past round.
    /// @dev Warning: reverts for a round that does not exist.
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80 roundId_, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice Data of the latest round. `updatedAt` is when `answer` was last written; a consumer
    /// decides staleness by comparing it with `block.timestamp`.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
