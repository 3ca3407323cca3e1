// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IAaveV3Pool} from "../interfaces/venues/IAaveV3Pool.sol";
import {IUniswapV3SwapRouter} from "../interfaces/venues/IUniswapV3SwapRouter.sol";

/// @title BenchVenueReference
/// @notice Benchmark baseline, not part of the protocol: the venue floor of a Ballast upkeep. It holds its own
/// Aave V3 position and makes the venue calls an upkeep makes (supply, borrow, Uniswap V3 `exactInputSingle`,
/// repay, withdraw) with the amounts it is given and nothing else: no oracle, no policy, no checks, no bounty, no
/// access control. `ballast bench` reads the amounts from a vault upkeep's receipt (its `Swapped` events and the
/// Aave Pool's events) and replays them here, from the same pool state, so both do the same venue work; the
/// difference in gas is Ballast's overhead.
/// @dev Token approvals are given once, in the constructor; the vault's adapters approve the exact amount on every
/// call, which the comparison counts as overhead. Never deploy this outside a benchmark: anyone can move its
/// position.
contract BenchVenueReference {
    using SafeERC20 for IERC20;

    /// @notice One deleveraging round: withdraw base, sell it, repay asset debt.
    /// @param withdrawBase Base withdrawn from the lending pool (0: none).
    /// @param baseIn Base sold.
    /// @param minQuoteOut Least asset the swap must return.
    /// @param repayQuote Asset debt repaid from the proceeds (0: none).
    /// @param supplyQuote Asset supplied after the repayment (0: none).
    struct Round {
        uint256 withdrawBase;
        uint256 baseIn;
        uint256 minQuoteOut;
        uint256 repayQuote;
        uint256 supplyQuote;
    }

    uint256 private constant _VARIABLE_RATE = 2;

    IAaveV3Pool private immutable _pool;
    IUniswapV3SwapRouter private immutable _router;
    address private immutable _base;
    address private immutable _quote;
    uint24 private immutable _fee;

    /// @param pool Aave V3 Pool.
    /// @param router Uniswap V3 SwapRouter.
    /// @param base The risk asset (WETH).
    /// @param quote The vault asset (USDC).
    /// @param fee Fee tier of the pool the vault swaps in.
    constructor(IAaveV3Pool pool, IUniswapV3SwapRouter router, address base, address quote, uint24 fee) {
        _pool = pool;
        _router = router;
        _base = base;
        _quote = quote;
        _fee = fee;
        IERC20(base).forceApprove(address(pool), type(uint256).max);
        IERC20(quote).forceApprove(address(pool), type(uint256).max);
        IERC20(base).forceApprove(address(router), type(uint256).max);
        IERC20(quote).forceApprove(address(router), type(uint256).max);
    }

    /// @notice Levers up: borrows asset (unless `borrowQuote` is 0), buys base with `quoteIn` asset, supplies all
    /// base bought, then supplies `supplyQuote` asset (unless 0).
    /// @param borrowQuote Asset borrowed first.
    /// @param quoteIn Asset sold for base.
    /// @param minBaseOut Least base the swap must return.
    /// @param supplyQuote Asset supplied at the end.
    /// @return baseOut Base bought and supplied.
    function leverageUp(uint256 borrowQuote, uint256 quoteIn, uint256 minBaseOut, uint256 supplyQuote)
        external
        returns (uint256 baseOut)
    {
        if (borrowQuote != 0) _pool.borrow(_quote, borrowQuote, _VARIABLE_RATE, 0, address(this));
        baseOut = _swap(_quote, _base, quoteIn, minBaseOut);
        _pool.supply(_base, baseOut, address(this), 0);
        if (supplyQuote != 0) _pool.supply(_quote, supplyQuote, address(this), 0);
    }

    /// @notice Levers down by one round: withdraws base, sells it, repays asset debt (see `Round`).
    /// @param round The amounts.
    /// @return quoteOut Asset the swap returned.
    function leverageDown(Round calldata round) external returns (uint256 quoteOut) {
        quoteOut = _round(round);
    }

    /// @notice Liquidation-buffer top-up: repays asset debt and/or supplies asset from the idle balance.
    /// @param repayQuote Asset debt repaid (0: none).
    /// @param supplyQuote Asset supplied as collateral (0: none).
    function topUp(uint256 repayQuote, uint256 supplyQuote) external {
        _settle(repayQuote, supplyQuote);
    }

    /// @notice Deleverages: an optional top-up from idle asset, then the rounds in order.
    /// @param repayQuote Asset debt repaid from idle first (0: none).
    /// @param rounds Withdraw-sell-repay rounds.
    function deleverage(uint256 repayQuote, Round[] calldata rounds) external {
        _settle(repayQuote, 0);
        for (uint256 i; i < rounds.length; ++i) {
            _round(rounds[i]);
        }
    }

    function _round(Round calldata round) private returns (uint256 quoteOut) {
        if (round.withdrawBase != 0) _pool.withdraw(_base, round.withdrawBase, address(this));
        quoteOut = _swap(_base, _quote, round.baseIn, round.minQuoteOut);
        _settle(round.repayQuote, round.supplyQuote);
    }

    function _settle(uint256 repayQuote, uint256 supplyQuote) private {
        if (repayQuote != 0) _pool.repay(_quote, repayQuote, _VARIABLE_RATE, address(this));
        if (supplyQuote != 0) _pool.supply(_quote, supplyQuote, address(this), 0);
    }

    function _swap(address tokenIn, address tokenOut, uint256 amountIn, uint256 minOut)
        private
        returns (uint256 amountOut)
    {
        amountOut = _router.exactInputSingle(
            IUniswapV3SwapRouter.ExactInputSingleParams({
                tokenIn: tokenIn,
                tokenOut: tokenOut,
                fee: _fee,
                recipient: address(this),
                deadline: block.timestamp,
                amountIn: amountIn,
                amountOutMinimum: minOut,
                sqrtPriceLimitX96: 0
            })
        );
    }
}
