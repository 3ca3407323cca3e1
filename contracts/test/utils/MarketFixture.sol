// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {TestERC20} from "../../src/local/TestERC20.sol";
import {SettablePriceFeed} from "../../src/local/SettablePriceFeed.sol";
import {IAggregatorV3} from "../../src/interfaces/IAggregatorV3.sol";
import {IBallastPriceModule} from "../../src/interfaces/IBallastPriceModule.sol";
import {BallastPriceModule} from "../../src/BallastPriceModule.sol";
import {AaveV3LendingAdapter} from "../../src/adapters/AaveV3LendingAdapter.sol";
import {UniswapV3SwapAdapter} from "../../src/adapters/UniswapV3SwapAdapter.sol";
import {IUniswapV3SwapRouter} from "../../src/interfaces/venues/IUniswapV3SwapRouter.sol";
import {IUniswapV3PoolLookup} from "../../src/interfaces/venues/IUniswapV3PoolLookup.sol";
import {MockAavePool} from "../mocks/MockAavePool.sol";
import {MockUniswapV3Venue} from "../mocks/MockUniswapV3Venue.sol";

/// @notice A unit-test market: USDC-like asset (6 decimals), WETH-like base (18), 8-decimal USD feeds at
/// 2000 and 1, a mock Aave pool (WETH LTV 80 % / LT 82.5 %, USDC 75 % / 78 %) and a mock Uniswap venue,
/// both funded, plus the real adapters and price module on top.
abstract contract MarketFixture is Test {
    uint24 internal constant FEE = 500;
    uint32 internal constant FEED_STALENESS = 1 days;

    TestERC20 internal usdc;
    TestERC20 internal weth;
    SettablePriceFeed internal ethUsd;
    SettablePriceFeed internal usdcUsd;
    MockAavePool internal aave;
    MockUniswapV3Venue internal uni;
    AaveV3LendingAdapter internal lending;
    UniswapV3SwapAdapter internal swapper;
    BallastPriceModule internal prices;

    function _setUpMarket() internal {
        vm.warp(1_700_000_000);
        usdc = _newAsset();
        weth = new TestERC20("Wrapped Ether", "WETH", 18, address(this));
        ethUsd = new SettablePriceFeed(8, "ETH / USD", 2000e8, address(this));
        usdcUsd = new SettablePriceFeed(8, "USDC / USD", 1e8, address(this));

        aave = new MockAavePool();
        aave.listReserve(address(weth), ethUsd, 8000, 8250);
        aave.listReserve(address(usdc), usdcUsd, 7500, 7800);
        usdc.mint(address(aave), 1e15);
        weth.mint(address(aave), 1e27);

        uni = new MockUniswapV3Venue(address(weth), address(usdc), ethUsd, usdcUsd, FEE);
        usdc.mint(address(uni), 1e15);
        weth.mint(address(uni), 1e27);

        lending = new AaveV3LendingAdapter(aave);
        swapper = new UniswapV3SwapAdapter(
            IUniswapV3SwapRouter(address(uni)), IUniswapV3PoolLookup(address(uni)), FEE
        );
        IBallastPriceModule.FeedConfig memory none;
        prices = new BallastPriceModule(
            IBallastPriceModule.FeedConfig(ethUsd, FEED_STALENESS, 1e8, 1e14),
            IBallastPriceModule.FeedConfig(usdcUsd, FEED_STALENESS, 0.5e8, 2e8),
            none,
            IAggregatorV3(address(0)),
            0
        );
    }

    /// @dev The asset (quote) token the market is built on: a plain 6-decimal TestERC20. A test overrides it to
    /// build the same market on another token (e.g. one with transfer hooks); the override must return a
    /// 6-decimal token this contract may mint.
    function _newAsset() internal virtual returns (TestERC20) {
        return new TestERC20("USD Coin", "USDC", 6, address(this));
    }

    /// @dev Moves the oracle (and with it the mock pool and mock Aave) to `usdPrice` (8 decimals).
    function _setEthPrice(int256 usdPrice) internal {
        ethUsd.setPrice(usdPrice);
    }
}
