// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IAggregatorV3} from "../../src/interfaces/IAggregatorV3.sol";
import {IUniswapV3SwapRouter} from "../../src/interfaces/venues/IUniswapV3SwapRouter.sol";

/// @notice Router, factory and pool of one base/quote pair in one contract, for unit tests. The pool's spot
/// price is the feeds' price times (1 + `spotDeviationBps`); swaps fill at that spot price minus
/// `slippageBps`, paid from the contract's own balance (tests fund it). With `honourMinimum` off it returns
/// less than `amountOutMinimum` instead of reverting, like a broken router. Never used outside unit tests.
contract MockUniswapV3Venue is IUniswapV3SwapRouter {
    using SafeERC20 for IERC20;

    address public immutable base;
    address public immutable quote;
    IAggregatorV3 public immutable baseFeed;
    IAggregatorV3 public immutable quoteFeed;
    uint24 public immutable poolFee;
    address public immutable token0;

    uint256 public slippageBps;
    int256 public spotDeviationBps;
    bool public honourMinimum = true;
    uint256 public swapCount;

    constructor(address base_, address quote_, IAggregatorV3 baseFeed_, IAggregatorV3 quoteFeed_, uint24 fee_) {
        base = base_;
        quote = quote_;
        baseFeed = baseFeed_;
        quoteFeed = quoteFeed_;
        poolFee = fee_;
        token0 = base_ < quote_ ? base_ : quote_;
    }

    function setSlippageBps(uint256 bps) external {
        slippageBps = bps;
    }

    function setSpotDeviationBps(int256 bps) external {
        spotDeviationBps = bps;
    }

    function setHonourMinimum(bool on) external {
        honourMinimum = on;
    }

    /// @notice In-range liquidity the pool reports (only read by the liquidity-aware cap).
    uint128 public liquidity = type(uint128).max;

    function setLiquidity(uint128 l) external {
        liquidity = l;
    }

    /// @notice Spot price of one whole base in quote, WAD.
    function spotPriceWad() public view returns (uint256) {
        (, int256 b,,,) = baseFeed.latestRoundData();
        (, int256 q,,,) = quoteFeed.latestRoundData();
        uint256 oracle = uint256(b) * 1e18 * 10 ** quoteFeed.decimals() / (uint256(q) * 10 ** baseFeed.decimals());
        return uint256(int256(oracle) * (10_000 + spotDeviationBps) / 10_000);
    }

    // ---------------------------------------------------------------- factory

    function getPool(address tokenA, address tokenB, uint24 fee_) external view returns (address) {
        bool pair = (tokenA == base && tokenB == quote) || (tokenA == quote && tokenB == base);
        return pair && fee_ == poolFee ? address(this) : address(0);
    }

    // ---------------------------------------------------------------- pool

    function slot0() external view returns (uint160, int24, uint16, uint16, uint16, uint8, bool) {
        uint256 p = spotPriceWad();
        uint256 bUnit = 10 ** IERC20Metadata(base).decimals();
        uint256 qUnit = 10 ** IERC20Metadata(quote).decimals();
        // raw token1 per raw token0, times 2^192
        uint256 ratioX192 = token0 == base
            ? Math.mulDiv(p * qUnit, 1 << 192, 1e18 * bUnit)
            : Math.mulDiv(1e18 * bUnit, 1 << 192, p * qUnit);
        return (uint160(Math.sqrt(ratioX192)), 0, 0, 1, 1, 0, true);
    }

    // ---------------------------------------------------------------- router

    function exactInputSingle(ExactInputSingleParams calldata params) external payable returns (uint256 amountOut) {
        require(params.fee == poolFee, "fee");
        require(block.timestamp <= params.deadline, "Transaction too old");
        uint256 p = spotPriceWad();
        uint256 bUnit = 10 ** IERC20Metadata(base).decimals();
        uint256 qUnit = 10 ** IERC20Metadata(quote).decimals();
        if (params.tokenIn == base && params.tokenOut == quote) {
            amountOut = Math.mulDiv(params.amountIn, p * qUnit, 1e18 * bUnit);
        } else if (params.tokenIn == quote && params.tokenOut == base) {
            amountOut = Math.mulDiv(params.amountIn, 1e18 * bUnit, p * qUnit);
        } else {
            revert("pair");
        }
        amountOut = amountOut * (10_000 - slippageBps) / 10_000;
        if (honourMinimum) require(amountOut >= params.amountOutMinimum, "Too little received");
        ++swapCount;
        IERC20(params.tokenIn).safeTransferFrom(msg.sender, address(this), params.amountIn);
        IERC20(params.tokenOut).safeTransfer(params.recipient, amountOut);
    }
}
