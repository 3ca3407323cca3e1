// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IUniswapV3PoolState
/// @notice The parts of a Uniswap V3 pool Ballast reads: its tokens and current price.
interface IUniswapV3PoolState {
    /// @notice The lower-addressed token of the pool.
    function token0() external view returns (address);

    /// @notice The liquidity currently in range.
    function liquidity() external view returns (uint128);

    /// @notice The current price as sqrt(token1/token0) in Q64.96 (raw units) and related state.
    function slot0()
        external
        view
        returns (
            uint160 sqrtPriceX96,
            int24 tick,
            uint16 observationIndex,
            uint16 observationCardinality,
            uint16 observationCardinalityNext,
            uint8 feeProtocol,
            bool unlocked
        );
}
