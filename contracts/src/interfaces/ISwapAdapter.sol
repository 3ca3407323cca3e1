// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ISwapAdapter
/// @notice A swap venue behind a small interface (Uniswap V3 first). An adapter is a stateless contract whose
/// only settings are immutables (router, factory, fee tier).
/// @dev Warning: `swapExactInput` is meant to be reached by `delegatecall` from a vault, so tokens leave and
/// arrive at the vault directly; it reverts when called directly. An adapter must never declare storage
/// variables. `spotPrice` is a plain call.
interface ISwapAdapter {
    /// @notice `swapExactInput` was called directly instead of by `delegatecall`.
    error SwapDirectCall();

    /// @notice The venue has no pool for the pair at the adapter's fee tier.
    /// @param tokenA One token.
    /// @param tokenB The other token.
    error SwapPoolMissing(address tokenA, address tokenB);

    /// @notice Swaps exactly `amountIn` of `tokenIn` held by the caller for at least `minAmountOut` of
    /// `tokenOut`, received by the caller.
    /// @param tokenIn Token sold.
    /// @param tokenOut Token bought.
    /// @param amountIn Raw amount sold.
    /// @param minAmountOut Minimum raw amount bought; the venue reverts below it.
    /// @return amountOut Raw amount bought.
    function swapExactInput(address tokenIn, address tokenOut, uint256 amountIn, uint256 minAmountOut)
        external
        returns (uint256 amountOut);

    /// @notice The pool's current price: quote per whole base token, WAD, decimals normalised, rounded down.
    /// @dev Warning: an AMM spot price is manipulable within a block; use it only to compare with an oracle.
    /// @param base The base token.
    /// @param quote The quote token.
    /// @return priceWad The spot price.
    function spotPrice(address base, address quote) external view returns (uint256 priceWad);

    /// @notice The pool's current sqrt price and in-range liquidity, for sizing trades within an impact limit.
    /// @param base The base token.
    /// @param quote The quote token.
    /// @return sqrtPriceX96 sqrt(token1/token0) in raw units, Q64.96.
    /// @return liquidity The liquidity in range.
    function poolLiquidity(address base, address quote) external view returns (uint160 sqrtPriceX96, uint128 liquidity);

    /// @notice The router this adapter swaps through.
    /// @return The router.
    function venue() external view returns (address);
}
