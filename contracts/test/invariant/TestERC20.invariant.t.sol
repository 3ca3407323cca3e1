// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {TestERC20} from "../../src/local/TestERC20.sol";

/// @notice Drives mints and transfers between a fixed set of holders, keeping ghost sums.
contract TestERC20Handler is Test {
    TestERC20 public immutable token;
    address[] public holders;
    uint256 public ghost_mintSum;
    uint256 public calls_transfer;

    constructor(TestERC20 token_) {
        token = token_;
        for (uint256 i = 0; i < 4; ++i) {
            holders.push(makeAddr(string(abi.encodePacked("holder", vm.toString(i)))));
        }
    }

    function holderCount() external view returns (uint256) {
        return holders.length;
    }

    function mint(uint256 holderSeed, uint256 amount) external {
        amount = bound(amount, 0, 1e30);
        token.mint(holders[holderSeed % holders.length], amount);
        ghost_mintSum += amount;
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = holders[fromSeed % holders.length];
        amount = bound(amount, 0, token.balanceOf(from));
        vm.prank(from);
        token.transfer(holders[toSeed % holders.length], amount);
        ++calls_transfer;
    }
}

contract TestERC20InvariantTest is Test {
    TestERC20 internal token;
    TestERC20Handler internal handler;

    function setUp() public {
        handler = new TestERC20Handler(token = new TestERC20("USD Coin", "USDC", 6, address(0xdead)));
        vm.prank(address(0xdead));
        token.transferOwnership(address(handler));
        targetContract(address(handler));
    }

    function invariant_totalSupplyEqualsMintedSum() public view {
        assertEq(token.totalSupply(), handler.ghost_mintSum());
    }

    function invariant_balancesSumToTotalSupply() public view {
        uint256 sum;
        for (uint256 i = 0; i < handler.holderCount(); ++i) {
            sum += token.balanceOf(handler.holders(i));
        }
        assertEq(sum, token.totalSupply());
    }
}
