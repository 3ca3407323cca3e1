// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IAggregatorV3} from "../../src/interfaces/IAggregatorV3.sol";
import {IAaveV3Pool} from "../../src/interfaces/venues/IAaveV3Pool.sol";

/// @notice A read-only balance view standing in for an aToken or variable-debt token of the mock pool.
contract MockAaveBalance {
    MockAavePool public immutable pool;
    address public immutable asset;
    bool public immutable isDebt;

    constructor(MockAavePool pool_, address asset_, bool isDebt_) {
        pool = pool_;
        asset = asset_;
        isDebt = isDebt_;
    }

    function balanceOf(address account) external view returns (uint256) {
        return isDebt ? pool.debtOf(account, asset) : pool.suppliedOf(account, asset);
    }
}

/// @notice A minimal Aave V3 pool for unit tests: tracks supplied and borrowed amounts per account and asset,
/// prices them with AggregatorV3 feeds (USD, 8 decimals like Aave's base currency) and computes borrowing
/// power with the LTV and the health factor with the liquidation threshold, as Aave V3 does. No interest
/// unless a test adds it with `accrue`; no liquidation. Reverts with Aave's numeric error codes where Aave
/// would. Never used outside unit tests.
contract MockAavePool is IAaveV3Pool {
    using SafeERC20 for IERC20;

    struct Reserve {
        IAggregatorV3 feed;
        uint16 ltvBps;
        uint16 liquidationThresholdBps;
        uint8 decimals;
        MockAaveBalance aToken;
        MockAaveBalance debtToken;
    }

    mapping(address asset => Reserve) public reserves;
    address[] public assets;
    mapping(address account => mapping(address asset => uint256)) public suppliedOf;
    mapping(address account => mapping(address asset => uint256)) public debtOf;
    /// @notice Share of each supply the pool keeps (a broken or fee-charging venue), bps.
    uint256 public supplyHaircutBps;
    /// @notice Price the pool uses instead of the feed for an asset (its own oracle diverging), 8 decimals.
    mapping(address asset => uint256) public priceOverride;

    function listReserve(address asset, IAggregatorV3 feed, uint16 ltvBps, uint16 liquidationThresholdBps) external {
        if (address(reserves[asset].aToken) == address(0)) assets.push(asset);
        reserves[asset] = Reserve(
            feed,
            ltvBps,
            liquidationThresholdBps,
            IERC20Metadata(asset).decimals(),
            new MockAaveBalance(this, asset, false),
            new MockAaveBalance(this, asset, true)
        );
    }

    function setRiskParameters(address asset, uint16 ltvBps, uint16 liquidationThresholdBps) external {
        reserves[asset].ltvBps = ltvBps;
        reserves[asset].liquidationThresholdBps = liquidationThresholdBps;
    }

    function setSupplyHaircutBps(uint256 bps) external {
        supplyHaircutBps = bps;
    }

    function setPriceOverride(address asset, uint256 price) external {
        priceOverride[asset] = price;
    }

    /// @notice Adds `amount` of debt to `account` (interest, or a test forcing a low health factor).
    function accrue(address account, address asset, uint256 amount) external {
        debtOf[account][asset] += amount;
    }

    // ---------------------------------------------------------------- IAaveV3Pool

    function supply(address asset, uint256 amount, address onBehalfOf, uint16) external {
        require(address(reserves[asset].aToken) != address(0), "26");
        require(amount != 0, "26");
        IERC20(asset).safeTransferFrom(msg.sender, address(this), amount);
        suppliedOf[onBehalfOf][asset] += amount - amount * supplyHaircutBps / 1e4;
    }

    function withdraw(address asset, uint256 amount, address to) external returns (uint256) {
        uint256 balance = suppliedOf[msg.sender][asset];
        if (amount == type(uint256).max) amount = balance;
        require(amount != 0, "26");
        require(amount <= balance, "32");
        suppliedOf[msg.sender][asset] = balance - amount;
        require(_healthFactor(msg.sender) >= 1e18, "35");
        IERC20(asset).safeTransfer(to, amount);
        return amount;
    }

    function borrow(address asset, uint256 amount, uint256 mode, uint16, address onBehalfOf) external {
        require(mode == 2, "31");
        require(onBehalfOf == msg.sender, "59");
        require(amount != 0, "26");
        debtOf[onBehalfOf][asset] += amount;
        (uint256 collateral, uint256 debt,,, uint256 ltv,) = getUserAccountData(onBehalfOf);
        require(debt * 1e4 <= collateral * ltv, "36");
        IERC20(asset).safeTransfer(msg.sender, amount);
    }

    function repay(address asset, uint256 amount, uint256 mode, address onBehalfOf) external returns (uint256) {
        require(mode == 2, "31");
        uint256 debt = debtOf[onBehalfOf][asset];
        require(debt != 0, "39");
        if (amount > debt) amount = debt;
        debtOf[onBehalfOf][asset] = debt - amount;
        IERC20(asset).safeTransferFrom(msg.sender, address(this), amount);
        return amount;
    }

    function getUserAccountData(address user)
        public
        view
        returns (
            uint256 totalCollateralBase,
            uint256 totalDebtBase,
            uint256 availableBorrowsBase,
            uint256 currentLiquidationThreshold,
            uint256 ltv,
            uint256 healthFactor
        )
    {
        uint256 weightedLtv;
        uint256 weightedLt;
        for (uint256 i; i < assets.length; ++i) {
            (uint256 c, uint256 d, Reserve memory r) = _valued(user, assets[i]);
            totalCollateralBase += c;
            weightedLtv += c * r.ltvBps;
            weightedLt += c * r.liquidationThresholdBps;
            totalDebtBase += d;
        }
        if (totalCollateralBase != 0) {
            ltv = weightedLtv / totalCollateralBase;
            currentLiquidationThreshold = weightedLt / totalCollateralBase;
        }
        uint256 power = totalCollateralBase * ltv / 1e4;
        availableBorrowsBase = power > totalDebtBase ? power - totalDebtBase : 0;
        healthFactor = totalDebtBase == 0
            ? type(uint256).max
            : totalCollateralBase * currentLiquidationThreshold * 1e14 / totalDebtBase;
    }

    function getReserveData(address asset) external view returns (ReserveData memory data) {
        Reserve memory r = reserves[asset];
        data.configuration = uint256(r.ltvBps) | (uint256(r.liquidationThresholdBps) << 16);
        data.aTokenAddress = address(r.aToken);
        data.variableDebtTokenAddress = address(r.debtToken);
    }

    function _valued(address user, address asset) internal view returns (uint256 c, uint256 d, Reserve memory r) {
        r = reserves[asset];
        uint256 price = priceOverride[asset] != 0 ? priceOverride[asset] : _price(r);
        uint256 unit = 10 ** r.decimals;
        c = suppliedOf[user][asset] * price / unit;
        // Debt is valued rounding up, as Aave does.
        d = (debtOf[user][asset] * price + unit - 1) / unit;
    }

    function _healthFactor(address user) internal view returns (uint256 hf) {
        (,,,,, hf) = getUserAccountData(user);
    }

    function _price(Reserve memory r) internal view returns (uint256) {
        (, int256 answer,,,) = r.feed.latestRoundData();
        require(answer > 0, "oracle");
        return uint256(answer);
    }
}
