// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IUniswapV3SwapRouter
/// @notice The `exactInputSingle` entry of Uniswap V3's periphery `SwapRouter` (v1, with a deadline), written
/// out because the periphery sources are pinned to solc 0.7.6.
/// @dev Warning: `SwapRouter02` drops `deadline` from the struct and is not this interface.
interface IUniswapV3SwapRouter {
    /// @notice Parameters of a single-pool exact-input swap.
    struct ExactInputSingleParams {
        address tokenIn;
        address tokenOut;
        uint24 fee;
        address recipient;
        uint256 deadline;
        uint256 amountIn;
        uint256 amountOutMinimum;
        uint160 sqrtPriceLimitX96;
    }

    /// @notice Swaps exactly `amountIn` of `tokenIn` for at least `amountOutMinimum` of `tokenOut`.
    /// @return amountOut The amount received.
    function exactInputSingle(ExactInputSingleParams calldata params) external payable returns (uint256 amountOut);
}
