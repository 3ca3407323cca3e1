// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {TestERC20} from "../../src/local/TestERC20.sol";

contract TestERC20Test is Test {
    TestERC20 internal usdc;
    address internal owner = makeAddr("owner");

    function setUp() public {
        usdc = new TestERC20("USD Coin", "USDC", 6, owner);
    }

    function test_decimals_areTheConfiguredOnes() public {
        assertEq(usdc.decimals(), 6);
        assertEq(new TestERC20("Wrapped Ether", "WETH", 18, owner).decimals(), 18);
    }

    function test_mint_revertsForAnyoneButTheOwner() public {
        address stranger = makeAddr("stranger");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        usdc.mint(stranger, 1);
    }

    function test_fuzz_mint_creditsExactlyTheAmount(address to, uint128 amount) public {
        vm.assume(to != address(0));
        vm.prank(owner);
        usdc.mint(to, amount);
        assertEq(usdc.balanceOf(to), amount);
        assertEq(usdc.totalSupply(), amount);
    }
}
