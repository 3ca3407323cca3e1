// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ILendingAdapter
/// @notice A lending venue behind a small interface (Aave V3 first). An adapter is a stateless contract whose
/// only settings are immutables (the venue's addresses).
/// @dev Warning: the state-changing functions are meant to be reached by `delegatecall` from a vault, so the
/// venue position (collateral, debt, health factor) belongs to the vault itself and no tokens move through
/// the adapter. They revert when called directly. An adapter must never declare storage variables: under
/// `delegatecall` they would overwrite the vault's. The views are plain calls that take the account.
interface ILendingAdapter {
    /// @notice A state-changing function was called directly instead of by `delegatecall`.
    error LendingDirectCall();

    /// @notice Supplies `amount` of `asset` held by the caller as collateral of the caller's own account.
    /// @param asset The token.
    /// @param amount Raw amount.
    function supply(address asset, uint256 amount) external;

    /// @notice Withdraws `amount` of supplied `asset` back to the caller.
    /// @param asset The token.
    /// @param amount Raw amount (type(uint256).max for everything).
    /// @return withdrawn The amount received.
    function withdraw(address asset, uint256 amount) external returns (uint256 withdrawn);

    /// @notice Borrows `amount` of `asset` (variable rate) against the caller's collateral.
    /// @param asset The token.
    /// @param amount Raw amount.
    function borrow(address asset, uint256 amount) external;

    /// @notice Repays up to `amount` of the caller's `asset` debt from the caller's balance.
    /// @param asset The token.
    /// @param amount Raw amount.
    /// @return repaid The amount repaid.
    function repay(address asset, uint256 amount) external returns (uint256 repaid);

    /// @notice An account's position in one reserve and the reserve's risk parameters.
    /// @param account The account (a vault).
    /// @param asset The token.
    /// @return supplied Collateral supplied, raw units.
    /// @return borrowed Debt owed, raw units (rounded up by the venue).
    /// @return ltvBps Borrowing power of this collateral, bps.
    /// @return liquidationThresholdBps Liquidation threshold of this collateral, bps.
    function reserveState(address account, address asset)
        external
        view
        returns (uint256 supplied, uint256 borrowed, uint256 ltvBps, uint256 liquidationThresholdBps);

    /// @notice The venue's health factor of `account`, WAD (type(uint256).max without debt).
    /// @param account The account.
    /// @return The health factor.
    function healthFactor(address account) external view returns (uint256);

    /// @notice What the venue can lend or pay out of `asset` now (its unborrowed reserve), raw units; 0 when
    /// the reserve is not listed.
    /// @param asset The token.
    /// @return The available liquidity.
    function availableLiquidity(address asset) external view returns (uint256);

    /// @notice The venue contract this adapter talks to (the Aave V3 Pool).
    /// @return The venue.
    function venue() external view returns (address);
}
