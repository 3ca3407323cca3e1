// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketFixture} from "../utils/MarketFixture.sol";
import {DelegateHarness} from "../utils/DelegateHarness.sol";
import {ILendingAdapter} from "../../src/interfaces/ILendingAdapter.sol";

contract AaveV3LendingAdapterTest is MarketFixture {
    DelegateHarness internal account;

    function setUp() public {
        _setUpMarket();
        account = new DelegateHarness();
        weth.mint(address(account), 10e18);
    }

    function _call(bytes memory data) internal returns (bytes memory) {
        return account.exec(address(lending), data);
    }

    function test_supply_creditsTheCallingAccount() public {
        _call(abi.encodeCall(ILendingAdapter.supply, (address(weth), 4e18)));
        (uint256 supplied, uint256 borrowed, uint256 ltv, uint256 lt) = lending.reserveState(address(account), address(weth));
        assertEq(supplied, 4e18);
        assertEq(borrowed, 0);
        assertEq(ltv, 8000);
        assertEq(lt, 8250);
        assertEq(weth.balanceOf(address(account)), 6e18);
        assertEq(weth.allowance(address(account), address(aave)), 0, "exact allowance consumed");
    }

    function test_borrowRepayWithdraw_roundTrip() public {
        _call(abi.encodeCall(ILendingAdapter.supply, (address(weth), 10e18)));
        _call(abi.encodeCall(ILendingAdapter.borrow, (address(usdc), 5000e6)));
        assertEq(usdc.balanceOf(address(account)), 5000e6);
        (, uint256 debt,,) = lending.reserveState(address(account), address(usdc));
        assertEq(debt, 5000e6);
        // HF = 20000 * 0.825 / 5000 = 3.3
        assertEq(lending.healthFactor(address(account)), 3.3e18);

        bytes memory ret = _call(abi.encodeCall(ILendingAdapter.repay, (address(usdc), 6000e6)));
        assertEq(abi.decode(ret, (uint256)), 5000e6, "repay capped at the debt");
        assertEq(usdc.allowance(address(account), address(aave)), 0, "leftover allowance cleared");
        assertEq(lending.healthFactor(address(account)), type(uint256).max);

        ret = _call(abi.encodeCall(ILendingAdapter.withdraw, (address(weth), type(uint256).max)));
        assertEq(abi.decode(ret, (uint256)), 10e18);
        assertEq(weth.balanceOf(address(account)), 10e18);
    }

    function test_reserveState_zeroForUnlistedReserve() public view {
        (uint256 s, uint256 b, uint256 ltv, uint256 lt) = lending.reserveState(address(account), address(0xBEEF));
        assertEq(s + b + ltv + lt, 0);
    }

    function test_supply_revertsWhenCalledDirectly() public {
        vm.expectRevert(ILendingAdapter.LendingDirectCall.selector);
        lending.supply(address(weth), 1);
        vm.expectRevert(ILendingAdapter.LendingDirectCall.selector);
        lending.withdraw(address(weth), 1);
        vm.expectRevert(ILendingAdapter.LendingDirectCall.selector);
        lending.borrow(address(weth), 1);
        vm.expectRevert(ILendingAdapter.LendingDirectCall.selector);
        lending.repay(address(weth), 1);
    }

    function test_venue_isThePool() public view {
        assertEq(lending.venue(), address(aave));
    }
}
