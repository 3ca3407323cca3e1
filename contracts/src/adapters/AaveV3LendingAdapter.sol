// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ILendingAdapter} from "../interfaces/ILendingAdapter.sol";
import {IAaveV3Pool} from "../interfaces/venues/IAaveV3Pool.sol";

/// @title AaveV3LendingAdapter
/// @notice Aave V3 behind `ILendingAdapter`: variable-rate debt only, no referral, no e-mode. One adapter per
/// Aave `Pool` (proxy) address; stateless, so one deployment serves every vault on that market.
/// @dev State-changing entries run by `delegatecall` in the vault: `address(this)` is the vault, which owns the
/// Aave account. Allowances are set per call to the exact amount and cleared after a repay, so no standing
/// approval to the pool is ever left behind.
contract AaveV3LendingAdapter is ILendingAdapter {
    using SafeERC20 for IERC20;

    uint256 private constant _VARIABLE_RATE = 2;
    uint256 private constant _BPS_MASK = 0xFFFF;

    IAaveV3Pool private immutable _pool;
    address private immutable _self;

    /// @param pool The Aave V3 `Pool` proxy (PoolAddressesProvider.getPool()).
    constructor(IAaveV3Pool pool) {
        _pool = pool;
        _self = address(this);
    }

    modifier onlyDelegateCall() {
        _onlyDelegateCall();
        _;
    }

    // ---------------------------------------------------------------- delegatecalled

    /// @inheritdoc ILendingAdapter
    function supply(address asset, uint256 amount) external onlyDelegateCall {
        IERC20(asset).forceApprove(address(_pool), amount);
        _pool.supply(asset, amount, address(this), 0);
    }

    /// @inheritdoc ILendingAdapter
    function withdraw(address asset, uint256 amount) external onlyDelegateCall returns (uint256 withdrawn) {
        return _pool.withdraw(asset, amount, address(this));
    }

    /// @inheritdoc ILendingAdapter
    function borrow(address asset, uint256 amount) external onlyDelegateCall {
        _pool.borrow(asset, amount, _VARIABLE_RATE, 0, address(this));
    }

    /// @inheritdoc ILendingAdapter
    function repay(address asset, uint256 amount) external onlyDelegateCall returns (uint256 repaid) {
        IERC20(asset).forceApprove(address(_pool), amount);
        repaid = _pool.repay(asset, amount, _VARIABLE_RATE, address(this));
        if (repaid < amount) IERC20(asset).forceApprove(address(_pool), 0);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ILendingAdapter
    function reserveState(address account, address asset)
        external
        view
        returns (uint256 supplied, uint256 borrowed, uint256 ltvBps, uint256 liquidationThresholdBps)
    {
        IAaveV3Pool.ReserveData memory data = _pool.getReserveData(asset);
        // An unlisted reserve has no tokens: the account holds nothing there.
        if (data.aTokenAddress == address(0)) return (0, 0, 0, 0);
        supplied = IERC20(data.aTokenAddress).balanceOf(account);
        borrowed = IERC20(data.variableDebtTokenAddress).balanceOf(account);
        ltvBps = data.configuration & _BPS_MASK;
        liquidationThresholdBps = (data.configuration >> 16) & _BPS_MASK;
    }

    /// @inheritdoc ILendingAdapter
    function healthFactor(address account) external view returns (uint256 hf) {
        (,,,,, hf) = _pool.getUserAccountData(account);
    }

    /// @inheritdoc ILendingAdapter
    function availableLiquidity(address asset) external view returns (uint256) {
        address aToken = _pool.getReserveData(asset).aTokenAddress;
        return aToken == address(0) ? 0 : IERC20(asset).balanceOf(aToken);
    }

    /// @inheritdoc ILendingAdapter
    function venue() external view returns (address) {
        return address(_pool);
    }

    function _onlyDelegateCall() private view {
        if (address(this) == _self) revert LendingDirectCall();
    }
}
