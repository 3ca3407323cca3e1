// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title TestERC20
/// @notice A plain ERC-20 with configurable decimals that its owner can mint, for the local market
/// (USDC-like with 6 decimals, WETH-like with 18). Never deploy it on a public chain.
contract TestERC20 is ERC20, Ownable {
    uint8 private immutable _decimals;

    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param decimals_ Token decimals.
    /// @param owner_ The account allowed to mint.
    constructor(string memory name_, string memory symbol_, uint8 decimals_, address owner_)
        ERC20(name_, symbol_)
        Ownable(owner_)
    {
        _decimals = decimals_;
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @notice Mints `amount` to `to`. Only the owner.
    /// @param to Receiver.
    /// @param amount Raw amount, in the token's decimals.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
