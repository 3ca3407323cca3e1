// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IAutomationCompatible
/// @notice The Chainlink Automation keeper interface. Ballast vaults speak it so any keeper
/// network can serve them, but they rely on none: their own allowlisted keepers call it too.
interface IAutomationCompatible {
    /// @notice Whether an upkeep is due. A view: it never changes state.
    /// @param checkData Opaque input, unused by Ballast vaults.
    /// @return upkeepNeeded True when `performUpkeep` would do something now.
    /// @return performData The action that is due, or the reason nothing is, to pass to `performUpkeep`.
    function checkUpkeep(bytes calldata checkData) external view returns (bool upkeepNeeded, bytes memory performData);

    /// @notice Performs the highest-priority due action.
    /// @dev Warning: `performData` is an untrusted hint; implementations re-check everything.
    /// @param performData Data returned by `checkUpkeep`.
    function performUpkeep(bytes calldata performData) external;
}
