// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IUniswapV3PoolLookup
/// @notice The `getPool` entry of the Uniswap V3 factory.
interface IUniswapV3PoolLookup {
    /// @notice The pool of `tokenA` and `tokenB` (either order) at fee tier `fee`, or address(0).
    function getPool(address tokenA, address tokenB, uint24 fee) external view returns (address pool);
}
