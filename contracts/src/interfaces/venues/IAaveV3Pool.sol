// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IAaveV3Pool
/// @notice The subset of the Aave V3 `Pool` that Ballast uses, written out because Aave's own sources are
/// pinned to solc 0.8.10. Signatures match Aave V3 (v3.0 to v3.3) exactly.
interface IAaveV3Pool {
    /// @notice The reserve data Aave V3 returns from `getReserveData` (the v3.0 layout, kept by later
    /// versions as `ReserveDataLegacy`).
    /// @param configuration Packed reserve configuration: bits 0-15 LTV (bps), 16-31 liquidation threshold (bps).
    struct ReserveData {
        uint256 configuration;
        uint128 liquidityIndex;
        uint128 currentLiquidityRate;
        uint128 variableBorrowIndex;
        uint128 currentVariableBorrowRate;
        uint128 currentStableBorrowRate;
        uint40 lastUpdateTimestamp;
        uint16 id;
        address aTokenAddress;
        address stableDebtTokenAddress;
        address variableDebtTokenAddress;
        address interestRateStrategyAddress;
        uint128 accruedToTreasury;
        uint128 unbacked;
        uint128 isolationModeTotalDebt;
    }

    /// @notice Supplies `amount` of `asset`, crediting aTokens to `onBehalfOf`.
    function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode) external;

    /// @notice Withdraws `amount` of `asset` (type(uint256).max for all) to `to`.
    /// @return The amount withdrawn.
    function withdraw(address asset, uint256 amount, address to) external returns (uint256);

    /// @notice Borrows `amount` of `asset` at `interestRateMode` (2 = variable) against `onBehalfOf`'s collateral.
    function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)
        external;

    /// @notice Repays up to `amount` of `asset` debt of `onBehalfOf` (type(uint256).max for all).
    /// @return The amount repaid.
    function repay(address asset, uint256 amount, uint256 interestRateMode, address onBehalfOf)
        external
        returns (uint256);

    /// @notice Account totals in the market's base currency and the health factor (WAD;
    /// type(uint256).max without debt).
    function getUserAccountData(address user)
        external
        view
        returns (
            uint256 totalCollateralBase,
            uint256 totalDebtBase,
            uint256 availableBorrowsBase,
            uint256 currentLiquidationThreshold,
            uint256 ltv,
            uint256 healthFactor
        );

    /// @notice The reserve's configuration, indexes and token addresses.
    function getReserveData(address asset) external view returns (ReserveData memory);
}
