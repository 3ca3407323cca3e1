// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketFixture} from "../utils/MarketFixture.sol";
import {DelegateHarness} from "../utils/DelegateHarness.sol";
import {ISwapAdapter} from "../../src/interfaces/ISwapAdapter.sol";
import {UniswapV3SwapAdapter} from "../../src/adapters/UniswapV3SwapAdapter.sol";
import {IUniswapV3SwapRouter} from "../../src/interfaces/venues/IUniswapV3SwapRouter.sol";
import {IUniswapV3PoolLookup} from "../../src/interfaces/venues/IUniswapV3PoolLookup.sol";

contract UniswapV3SwapAdapterTest is MarketFixture {
    DelegateHarness internal account;

    function setUp() public {
        _setUpMarket();
        account = new DelegateHarness();
        usdc.mint(address(account), 10_000e6);
    }

    function test_swapExactInput_buysAtPoolPriceForTheCaller() public {
        bytes memory ret = account.exec(
            address(swapper), abi.encodeCall(ISwapAdapter.swapExactInput, (address(usdc), address(weth), 2000e6, 1e18))
        );
        assertEq(abi.decode(ret, (uint256)), 1e18);
        assertEq(weth.balanceOf(address(account)), 1e18);
        assertEq(usdc.balanceOf(address(account)), 8000e6);
    }

    function test_swapExactInput_revertsBelowMinimum() public {
        uni.setSlippageBps(100);
        vm.expectRevert(bytes("Too little received"));
        account.exec(
            address(swapper), abi.encodeCall(ISwapAdapter.swapExactInput, (address(usdc), address(weth), 2000e6, 1e18))
        );
    }

    function test_swapExactInput_revertsWhenCalledDirectly() public {
        vm.expectRevert(ISwapAdapter.SwapDirectCall.selector);
        swapper.swapExactInput(address(usdc), address(weth), 1, 0);
    }

    function test_spotPrice_normalisesDecimalsBothTokenOrders() public view {
        assertApproxEqRel(swapper.spotPrice(address(weth), address(usdc)), 2000e18, 1e9);
        assertApproxEqRel(swapper.spotPrice(address(usdc), address(weth)), 0.0005e18, 1e9);
    }

    function test_spotPrice_followsPoolDeviation() public {
        uni.setSpotDeviationBps(-300);
        assertApproxEqRel(swapper.spotPrice(address(weth), address(usdc)), 1940e18, 1e9);
    }

    function test_fuzz_spotPrice_matchesPool(int256 usdPrice) public {
        usdPrice = bound(usdPrice, 1e8, 1e13);
        _setEthPrice(usdPrice);
        assertApproxEqRel(swapper.spotPrice(address(weth), address(usdc)), uint256(usdPrice) * 1e10, 1e9);
    }

    function test_spotPrice_revertsWithoutPool() public {
        UniswapV3SwapAdapter other = new UniswapV3SwapAdapter(
            IUniswapV3SwapRouter(address(uni)), IUniswapV3PoolLookup(address(uni)), 3000
        );
        vm.expectRevert(abi.encodeWithSelector(ISwapAdapter.SwapPoolMissing.selector, address(weth), address(usdc)));
        other.spotPrice(address(weth), address(usdc));
        vm.expectRevert(abi.encodeWithSelector(ISwapAdapter.SwapPoolMissing.selector, address(weth), address(usdc)));
        other.poolLiquidity(address(weth), address(usdc));
        assertEq(other.fee(), 3000);
        assertEq(other.factory(), address(uni));
        assertEq(other.venue(), address(uni));
    }
}
