// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";

/// @title BenchPlainVault
/// @notice Benchmark baseline, not part of the protocol: a plain OpenZeppelin ERC-4626 vault over one asset and
/// nothing else (no position, no oracle, no fees, no access control). `ballast bench` deploys it beside a Ballast
/// vault over the same USDC token and compares the gas of deposit, withdraw and redeem.
contract BenchPlainVault is ERC4626 {
    /// @param asset_ The vault asset.
    /// @param name_ Share name.
    /// @param symbol_ Share symbol.
    constructor(IERC20 asset_, string memory name_, string memory symbol_) ERC4626(asset_) ERC20(name_, symbol_) {}
}
