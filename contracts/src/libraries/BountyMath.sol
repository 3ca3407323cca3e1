// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title BountyMath
/// @notice Keeper bounty: metered gas priced at min(gas price, ceiling), times (1 + premium), converted to the
/// vault asset at the oracle's native price, then capped. Scale: prices WAD, premium bps. Rounds down (in the
/// vault's favour).
library BountyMath {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 10_000;

    /// @notice Asset value of an upkeep's gas.
    /// @param gasUsed Gas metered, overhead included.
    /// @param gasPrice tx.gasprice, wei.
    /// @param ceiling Gas price ceiling, wei.
    /// @param premiumBps Premium over cost.
    /// @param nativePriceWad Quote per whole native coin (1e18 wei), WAD.
    /// @param quoteUnit 10 ** asset decimals.
    /// @return Raw asset amount, rounded down.
    function cost(
        uint256 gasUsed,
        uint256 gasPrice,
        uint256 ceiling,
        uint256 premiumBps,
        uint256 nativePriceWad,
        uint256 quoteUnit
    ) internal pure returns (uint256) {
        uint256 weiCost = gasUsed * Math.min(gasPrice, ceiling) * (BPS + premiumBps);
        return Math.mulDiv(weiCost, nativePriceWad * quoteUnit, BPS * WAD * WAD);
    }

    /// @notice Applies the caps: per upkeep, and what is left of the window's cap.
    /// @param amount Uncapped bounty.
    /// @param capPerUpkeep Cap per upkeep.
    /// @param capPerWindow Cap per window.
    /// @param accruedInWindow Already accrued in the window.
    /// @return The bounty.
    function capped(uint256 amount, uint256 capPerUpkeep, uint256 capPerWindow, uint256 accruedInWindow)
        internal
        pure
        returns (uint256)
    {
        uint256 left = capPerWindow > accruedInWindow ? capPerWindow - accruedInWindow : 0;
        return Math.min(Math.min(amount, capPerUpkeep), left);
    }
}
