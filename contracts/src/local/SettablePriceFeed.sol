// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IAggregatorV3} from "../interfaces/IAggregatorV3.sol";

/// @title SettablePriceFeed
/// @notice An AggregatorV3 price feed whose owner sets the answer, for the local market and tests.
/// Each `setPrice` opens a new round stamped with the current block time, so `updatedAt` is honest:
/// a feed left alone goes stale exactly as a real one whose reporters stopped. Any `int256` is
/// accepted, zero and negative included, so consumers' guards can be tested. Never deploy it on a
/// public chain.
contract SettablePriceFeed is IAggregatorV3, Ownable {
    struct Round {
        int256 answer;
        uint64 startedAt;
        uint64 updatedAt;
    }

    /// @notice Emitted when the owner writes a new answer (same shape as Chainlink's event).
    /// @param current The new answer.
    /// @param roundId The new round.
    /// @param updatedAt Block time of the update.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    /// @notice The requested round was never written.
    /// @param roundId The round asked for.
    error FeedRoundNotFound(uint80 roundId);

    uint8 private immutable _decimals;
    string private _description;
    uint80 private _latestRound;
    mapping(uint80 roundId => Round) private _rounds;

    /// @param decimals_ Decimals of the answer (8 for Chainlink USD feeds).
    /// @param description_ E.g. "WETH / USD".
    /// @param initialAnswer First answer, written as round 1.
    /// @param owner_ The account allowed to set prices.
    constructor(uint8 decimals_, string memory description_, int256 initialAnswer, address owner_) Ownable(owner_) {
        _decimals = decimals_;
        _description = description_;
        _write(initialAnswer);
    }

    /// @notice Writes a new answer as a new round at the current block time. Only the owner.
    /// @param answer The new price, in `decimals()` decimals.
    function setPrice(int256 answer) external onlyOwner {
        _write(answer);
    }

    /// @inheritdoc IAggregatorV3
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc IAggregatorV3
    function description() external view returns (string memory) {
        return _description;
    }

    /// @inheritdoc IAggregatorV3
    function version() external pure returns (uint256) {
        return 4;
    }

    /// @inheritdoc IAggregatorV3
    function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80) {
        if (roundId == 0 || roundId > _latestRound) revert FeedRoundNotFound(roundId);
        Round memory r = _rounds[roundId];
        return (roundId, r.answer, r.startedAt, r.updatedAt, roundId);
    }

    /// @inheritdoc IAggregatorV3
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory r = _rounds[_latestRound];
        return (_latestRound, r.answer, r.startedAt, r.updatedAt, _latestRound);
    }

    /// @notice Legacy Chainlink getter, read by Aave V3's AaveOracle.
    /// @return The latest answer.
    function latestAnswer() external view returns (int256) {
        return _rounds[_latestRound].answer;
    }

    /// @notice Legacy Chainlink getter.
    /// @return Block time of the latest answer.
    function latestTimestamp() external view returns (uint256) {
        return _rounds[_latestRound].updatedAt;
    }

    /// @notice Legacy Chainlink getter.
    /// @return The latest round id.
    function latestRound() external view returns (uint256) {
        return _latestRound;
    }

    function _write(int256 answer) private {
        uint80 roundId = _latestRound + 1;
        _latestRound = roundId;
        _rounds[roundId] = Round(answer, uint64(block.timestamp), uint64(block.timestamp));
        emit AnswerUpdated(answer, roundId, block.timestamp);
    }
}
