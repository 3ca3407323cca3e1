// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ISwapAdapter} from "../interfaces/ISwapAdapter.sol";
import {IUniswapV3PoolLookup} from "../interfaces/venues/IUniswapV3PoolLookup.sol";
import {IUniswapV3PoolState} from "../interfaces/venues/IUniswapV3PoolState.sol";
import {IUniswapV3SwapRouter} from "../interfaces/venues/IUniswapV3SwapRouter.sol";

/// @title UniswapV3SwapAdapter
/// @notice Uniswap V3 behind `ISwapAdapter`: single-pool exact-input swaps through the periphery `SwapRouter`
/// at one fee tier, and the pool's spot price. One adapter per (router, factory, fee tier); stateless.
/// @dev `swapExactInput` runs by `delegatecall` in the vault. The deadline is the current block: the vault
/// swaps inside its own upkeep and never queues a swap.
contract UniswapV3SwapAdapter is ISwapAdapter {
    using SafeERC20 for IERC20;

    uint256 private constant _WAD = 1e18;

    IUniswapV3SwapRouter private immutable _router;
    IUniswapV3PoolLookup private immutable _factory;
    uint24 private immutable _fee;
    address private immutable _self;

    /// @param router_ The periphery `SwapRouter` (v1 interface, with deadline).
    /// @param factory_ The `UniswapV3Factory` the router's pools come from.
    /// @param fee_ The fee tier, in hundredths of a bip (500 = 0.05 %, 3000 = 0.3 %).
    constructor(IUniswapV3SwapRouter router_, IUniswapV3PoolLookup factory_, uint24 fee_) {
        _router = router_;
        _factory = factory_;
        _fee = fee_;
        _self = address(this);
    }

    // ---------------------------------------------------------------- delegatecalled

    /// @inheritdoc ISwapAdapter
    function swapExactInput(address tokenIn, address tokenOut, uint256 amountIn, uint256 minAmountOut)
        external
        returns (uint256 amountOut)
    {
        if (address(this) == _self) revert SwapDirectCall();
        IERC20(tokenIn).forceApprove(address(_router), amountIn);
        amountOut = _router.exactInputSingle(
            IUniswapV3SwapRouter.ExactInputSingleParams({
                tokenIn: tokenIn,
                tokenOut: tokenOut,
                fee: _fee,
                recipient: address(this),
                deadline: block.timestamp,
                amountIn: amountIn,
                amountOutMinimum: minAmountOut,
                sqrtPriceLimitX96: 0
            })
        );
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ISwapAdapter
    function spotPrice(address base, address quote) external view returns (uint256 priceWad) {
        address pool = _factory.getPool(base, quote, _fee);
        if (pool == address(0)) revert SwapPoolMissing(base, quote);
        (uint160 sqrtPriceX96,,,,,,) = IUniswapV3PoolState(pool).slot0();
        // token1 per token0 in raw units, Q128; cannot overflow as sqrtPriceX96 < 2^160.
        uint256 priceX128 = Math.mulDiv(sqrtPriceX96, sqrtPriceX96, 1 << 64);
        uint256 baseScale = _WAD * 10 ** IERC20Metadata(base).decimals();
        uint256 quoteUnit = 10 ** IERC20Metadata(quote).decimals();
        if (base < quote) {
            // base is token0: quote raw per base raw = priceX128 / 2^128.
            return Math.mulDiv(priceX128, baseScale, quoteUnit << 128);
        }
        // base is token1: base raw per quote raw = priceX128 / 2^128.
        return Math.mulDiv(baseScale, 1 << 128, priceX128 * quoteUnit);
    }

    /// @inheritdoc ISwapAdapter
    function poolLiquidity(address base, address quote)
        external
        view
        returns (uint160 sqrtPriceX96, uint128 liquidity)
    {
        address pool = _factory.getPool(base, quote, _fee);
        if (pool == address(0)) revert SwapPoolMissing(base, quote);
        (sqrtPriceX96,,,,,,) = IUniswapV3PoolState(pool).slot0();
        liquidity = IUniswapV3PoolState(pool).liquidity();
    }

    /// @inheritdoc ISwapAdapter
    function venue() external view returns (address) {
        return address(_router);
    }

    /// @notice The factory pools are looked up in.
    /// @return The factory.
    function factory() external view returns (address) {
        return address(_factory);
    }

    /// @notice The fee tier swaps use.
    /// @return The fee, in hundredths of a bip.
    function fee() external view returns (uint24) {
        return _fee;
    }
}
