// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IBallastVault} from "./interfaces/IBallastVault.sol";
import {IBallastPolicyModule} from "./interfaces/IBallastPolicyModule.sol";
import {IBallastPriceModule} from "./interfaces/IBallastPriceModule.sol";
import {ILendingAdapter} from "./interfaces/ILendingAdapter.sol";
import {ISwapAdapter} from "./interfaces/ISwapAdapter.sol";
import {ExposureMath} from "./libraries/ExposureMath.sol";
import {BountyMath} from "./libraries/BountyMath.sol";

/// @title BallastVault
/// @notice ERC-4626 vault over a base/quote position on a lending and a swap venue, steered by keepers inside
/// the risk envelope of its policy module. See `IBallastVault` for the accounting and the upkeep protocol.
/// @dev Venue calls go through adapters by `delegatecall` (the vault owns its venue account); the adapters,
/// modules and tokens are immutables fixed at construction. Rounding favours the vault everywhere: values
/// down, liabilities and fees up, bounties down.
contract BallastVault is IBallastVault, ERC4626, AccessControl, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using Math for uint256;

    /// @notice May change the policy within its bounds.
    bytes32 public constant CURATOR_ROLE = keccak256("CURATOR_ROLE");
    /// @notice May pause, unpause, order an emergency unwind and cancel queued policy changes.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @notice Allowlisted keepers: may call `performUpkeep`.
    bytes32 public constant KEEPER_ROLE = keccak256("KEEPER_ROLE");
    /// @notice Gas added to the metered gas of an upkeep for what the meter cannot see (intrinsic 21,000,
    /// calldata, the bounty's own storage writes).
    uint256 public constant BOUNTY_GAS_OVERHEAD = 60_000;
    /// @notice Length of a bounty window: the daily cap applies to each window, which opens at the first
    /// accrual after the previous window ended.
    uint256 public constant BOUNTY_WINDOW = 1 days;
    /// @notice Largest bounty of one upkeep as a share of equity, bps: a vault too small to pay for its upkeeps
    /// is not worth serving, and can never be drained by them.
    uint256 public constant BOUNTY_MAX_EQUITY_BPS = 100;
    /// @notice Most requests one upkeep fills, bounding its gas.
    uint256 public constant MAX_FILLS_PER_UPKEEP = 20;

    uint8 private constant _DECIMALS_OFFSET = 6;
    uint256 private constant _WAD = 1e18;
    uint256 private constant _BPS = 10_000;
    /// @dev Borrow at most this share of the venue's borrowing power, leaving room for oracle differences.
    uint256 private constant _BORROW_USE_BPS = 9800;
    /// @dev Raw asset units of equity a trade may lose to venue rounding on top of its slippage allowance.
    uint256 private constant _LOSS_TOLERANCE = 10;
    /// @dev Most withdraw-sell-repay rounds one liquidation-buffer upkeep runs.
    uint256 private constant _MAX_DELEVERAGE_STEPS = 3;

    // ---------------------------------------------------------------- immutables

    IERC20 private immutable _base;
    IERC20 private immutable _quote;
    uint256 private immutable _baseUnit;
    uint256 private immutable _quoteUnit;
    IBallastPriceModule private immutable _prices;
    IBallastPolicyModule private immutable _policyModule;
    ILendingAdapter private immutable _lending;
    ISwapAdapter private immutable _swapper;

    // ---------------------------------------------------------------- storage

    struct Queue {
        uint64 nextToFill;
        uint64 nextRequestId;
        uint128 pendingShares;
    }

    struct Bounty {
        uint128 totalOwed;
        uint64 windowStart;
        uint128 windowAccrued;
    }

    struct Clock {
        uint64 lastTradeAt;
        uint64 lastRebalanceAt;
        bool emergencyUnwind;
    }

    /// @dev A position snapshot plus what the upkeep logic needs from the venue.
    struct Snap {
        Position pos;
        uint256 unfunded;
        uint256 hf;
        uint256 ltvBase;
        uint256 ltBase;
        uint256 ltvQuote;
        uint256 ltQuote;
    }

    mapping(uint256 requestId => RedeemRequest) private _requests;
    mapping(address keeper => uint256) private _bountyOwed;
    Queue private _queue;
    uint256 private _reservedAssets;
    Bounty private _bounty;
    Clock private _clock;

    /// @param config Tokens, modules, adapters and role holders; see `VaultConfig`.
    constructor(VaultConfig memory config)
        ERC4626(IERC20(config.asset))
        ERC20(config.name, config.symbol)
    {
        if (
            config.asset == address(0) || config.base == address(0) || config.asset == config.base
                || address(config.priceModule) == address(0) || address(config.policyModule) == address(0)
                || address(config.lendingAdapter) == address(0) || address(config.swapAdapter) == address(0)
                || config.admin == address(0)
        ) revert VaultConfigInvalid();
        _base = IERC20(config.base);
        _quote = IERC20(config.asset);
        _baseUnit = 10 ** IERC20Metadata(config.base).decimals();
        _quoteUnit = 10 ** IERC20Metadata(config.asset).decimals();
        _prices = config.priceModule;
        _policyModule = config.policyModule;
        _lending = config.lendingAdapter;
        _swapper = config.swapAdapter;
        _grantRole(DEFAULT_ADMIN_ROLE, config.admin);
        if (config.curator != address(0)) _grantRole(CURATOR_ROLE, config.curator);
        if (config.guardian != address(0)) _grantRole(GUARDIAN_ROLE, config.guardian);
        _clock.lastRebalanceAt = uint64(block.timestamp);
        config.policyModule.bindVault();
    }

    // ================================================================ ERC-4626

    /// @inheritdoc IERC4626
    function totalAssets() public view override(ERC4626, IERC4626) returns (uint256) {
        int256 equity = _snapshot(false).pos.equity;
        return equity > 0 ? uint256(equity) : 0;
    }

    /// @inheritdoc IERC4626
    function maxDeposit(address) public view override(ERC4626, IERC4626) returns (uint256) {
        return _depositsOpen() ? type(uint256).max : 0;
    }

    /// @inheritdoc IERC4626
    function maxMint(address) public view override(ERC4626, IERC4626) returns (uint256) {
        return _depositsOpen() ? type(uint256).max : 0;
    }

    /// @inheritdoc IERC4626
    function maxWithdraw(address owner) public view override(ERC4626, IERC4626) returns (uint256) {
        if (!_oracleOk()) return 0;
        return Math.min(previewRedeem(balanceOf(owner)), _freeIdle());
    }

    /// @inheritdoc IERC4626
    function maxRedeem(address owner) public view override(ERC4626, IERC4626) returns (uint256) {
        if (!_oracleOk()) return 0;
        // Shares whose gross value fits in idle funds; the exit fee only lowers what they pay out.
        return Math.min(balanceOf(owner), _convertToShares(_freeIdle(), Math.Rounding.Floor));
    }

    /// @inheritdoc IERC4626
    function previewDeposit(uint256 assets) public view override(ERC4626, IERC4626) returns (uint256) {
        uint256 fee = _feeOnTotal(assets, _policy().entryFeeBps);
        return _convertToShares(assets - fee, Math.Rounding.Floor);
    }

    /// @inheritdoc IERC4626
    function previewMint(uint256 shares) public view override(ERC4626, IERC4626) returns (uint256) {
        uint256 assets = _convertToAssets(shares, Math.Rounding.Ceil);
        return assets + _feeOnRaw(assets, _policy().entryFeeBps);
    }

    /// @inheritdoc IERC4626
    function previewWithdraw(uint256 assets) public view override(ERC4626, IERC4626) returns (uint256) {
        uint256 fee = _feeOnRaw(assets, _policy().exitFeeBps);
        return _convertToShares(assets + fee, Math.Rounding.Ceil);
    }

    /// @inheritdoc IERC4626
    function previewRedeem(uint256 shares) public view override(ERC4626, IERC4626) returns (uint256) {
        uint256 assets = _convertToAssets(shares, Math.Rounding.Floor);
        return assets - _feeOnTotal(assets, _policy().exitFeeBps);
    }

    /// @dev Deposits and withdrawals are non-reentrant and refuse zero amounts on either side, so rounding can
    /// never take a depositor's assets for no shares (or shares for no assets).
    function _deposit(address caller, address receiver, uint256 assets, uint256 shares)
        internal
        override
        nonReentrant
    {
        if (assets == 0 || shares == 0) revert VaultZeroAmount();
        super._deposit(caller, receiver, assets, shares);
    }

    /// @dev See `_deposit`.
    function _withdraw(address caller, address receiver, address owner, uint256 assets, uint256 shares)
        internal
        override
        nonReentrant
    {
        if (assets == 0 || shares == 0) revert VaultZeroAmount();
        super._withdraw(caller, receiver, owner, assets, shares);
    }

    function _decimalsOffset() internal pure override returns (uint8) {
        return _DECIMALS_OFFSET;
    }

    // ================================================================ redemption queue

    /// @inheritdoc IBallastVault
    function requestRedeem(uint256 shares, address receiver, address owner)
        external
        nonReentrant
        returns (uint256 requestId)
    {
        if (shares == 0 || receiver == address(0)) revert VaultZeroAmount();
        if (msg.sender != owner) _spendAllowance(owner, msg.sender, shares);
        Queue storage q = _queue;
        requestId = q.nextRequestId;
        ++q.nextRequestId;
        q.pendingShares += shares.toUint128();
        _requests[requestId] = RedeemRequest(owner, RequestStatus.Pending, receiver, shares.toUint128(), 0);
        _transfer(owner, address(this), shares);
        emit RedeemRequested(requestId, owner, receiver, shares);
    }

    /// @inheritdoc IBallastVault
    function cancelRedeem(uint256 requestId) external nonReentrant returns (uint256 shares) {
        RedeemRequest storage r = _requests[requestId];
        if (r.status != RequestStatus.Pending) revert VaultRequestStatus(requestId, r.status);
        if (msg.sender != r.owner) revert VaultRequestUnauthorized(requestId, msg.sender);
        shares = r.shares;
        r.status = RequestStatus.Cancelled;
        _queue.pendingShares -= uint128(shares);
        _transfer(address(this), r.owner, shares);
        emit RedeemCancelled(requestId, r.owner, shares);
    }

    /// @inheritdoc IBallastVault
    function claimRedeem(uint256 requestId) external nonReentrant returns (uint256 assets) {
        RedeemRequest storage r = _requests[requestId];
        if (r.status != RequestStatus.Claimable) revert VaultRequestStatus(requestId, r.status);
        if (msg.sender != r.receiver) revert VaultRequestUnauthorized(requestId, msg.sender);
        assets = r.assets;
        r.status = RequestStatus.Claimed;
        _reservedAssets -= assets;
        _quote.safeTransfer(msg.sender, assets);
        emit RedeemClaimed(requestId, msg.sender, assets);
    }

    /// @inheritdoc IBallastVault
    function redeemRequest(uint256 requestId) external view returns (RedeemRequest memory) {
        return _requests[requestId];
    }

    /// @inheritdoc IBallastVault
    function queueState()
        external
        view
        returns (uint256 nextToFill, uint256 nextRequestId, uint256 pendingShares, uint256 reservedAssets)
    {
        Queue memory q = _queue;
        return (q.nextToFill, q.nextRequestId, q.pendingShares, _reservedAssets);
    }

    // ================================================================ keepers

    /// @inheritdoc IBallastVault
    function checkUpkeep(bytes calldata) external view returns (bool upkeepNeeded, bytes memory performData) {
        Snap memory s;
        try _prices.price() returns (uint256 priceWad) {
            s = _snapshotAt(priceWad, true);
        } catch {
            return (false, bytes("oracle"));
        }
        // An empty vault has nobody to manage a position for (and nobody to pay its keepers).
        if (totalSupply() == 0) return (false, bytes("nothing due"));
        if (s.pos.equity < 1) return (false, bytes("insolvent"));
        (IBallastPolicyModule.Action action, int256 target, bytes memory reason) =
            _policyModule.decide(_upkeepState(s, _policy()));
        if (action == IBallastPolicyModule.Action.None) return (false, reason);
        return (true, abi.encode(action, s.pos.exposureWad, target, s.hf));
    }

    /// @inheritdoc IBallastVault
    function performUpkeep(bytes calldata) external nonReentrant onlyRole(KEEPER_ROLE) {
        uint256 gasStart = gasleft();
        Snap memory s = _snapshotAt(_prices.price(), true);
        IBallastPolicyModule.Action action;
        int256 target;
        // The policy this upkeep runs under: the module's, as the risk engine adjusts it for this action.
        IBallastPolicyModule.Policy memory p;
        if (s.pos.equity > 0 && totalSupply() != 0) {
            (action, target, p) = _policyModule.prepare(_upkeepState(s, _policy()));
        }
        if (action == IBallastPolicyModule.Action.None) revert VaultNothingDue();

        uint256 traded;
        bool progress;
        if (action == IBallastPolicyModule.Action.FillRedemptions) {
            (traded, progress) = _fillRedemptions(s, p);
            // A queue that cannot move must not starve the liquidation buffer below it.
            if (!progress && s.hf < p.hfFloorWad) action = IBallastPolicyModule.Action.LiquidationBuffer;
        }
        if (action == IBallastPolicyModule.Action.LiquidationBuffer || action == IBallastPolicyModule.Action.Ripcord) {
            (traded, progress) = _restoreHealth(s, p);
        } else if (action == IBallastPolicyModule.Action.Sample) {
            progress = true; // the engine sampled the oracle in `prepare`
        } else if (action != IBallastPolicyModule.Action.FillRedemptions) {
            (traded, progress) = _rebalance(s, p, target);
        }
        // An upkeep that changed nothing must not earn a bounty.
        if (!progress) revert VaultNothingDue();

        int256 exposureAfter = _snapshotAt(s.pos.priceWad, false).pos.exposureWad;
        emit UpkeepPerformed(msg.sender, action, s.pos.exposureWad, exposureAfter, traded);
        _accrueBounty(gasStart, p, uint256(s.pos.equity));
    }

    /// @inheritdoc IBallastVault
    function claimBounty() external nonReentrant returns (uint256 amount) {
        uint256 owed = _bountyOwed[msg.sender];
        if (owed == 0) revert VaultNoBounty(msg.sender);
        // Bounties are paid from the balance not reserved for redemption receivers, in part if need be.
        uint256 balance = _quote.balanceOf(address(this));
        amount = Math.min(owed, balance > _reservedAssets ? balance - _reservedAssets : 0);
        if (amount == 0) revert VaultBountyUnfunded(owed);
        _bountyOwed[msg.sender] = owed - amount;
        _bounty.totalOwed -= uint128(amount);
        _quote.safeTransfer(msg.sender, amount);
        emit BountyClaimed(msg.sender, amount);
    }

    // ================================================================ guardian

    /// @inheritdoc IBallastVault
    function pause() external onlyRole(GUARDIAN_ROLE) {
        _pause();
    }

    /// @inheritdoc IBallastVault
    function unpause() external onlyRole(GUARDIAN_ROLE) {
        _unpause();
    }

    /// @inheritdoc IBallastVault
    function setEmergencyUnwind(bool on) external onlyRole(GUARDIAN_ROLE) {
        _clock.emergencyUnwind = on;
        emit EmergencyUnwindSet(on);
    }

    // ================================================================ views

    /// @inheritdoc IBallastVault
    function position() external view returns (Position memory) {
        return _snapshotAt(_prices.price(), false).pos;
    }

    /// @inheritdoc IBallastVault
    function healthFactor() external view returns (uint256) {
        return _lending.healthFactor(address(this));
    }

    /// @inheritdoc IBallastVault
    function targetExposure() external view returns (int256) {
        return _policyModule.targetExposure(_upkeepState(_snapshotAt(_prices.price(), true), _policy()));
    }

    /// @inheritdoc IBallastVault
    function bountyOwed(address keeper) external view returns (uint256) {
        return _bountyOwed[keeper];
    }

    /// @inheritdoc IBallastVault
    function bountyState() external view returns (uint256 totalOwed, uint256 windowStart, uint256 windowAccrued) {
        Bounty memory b = _bounty;
        return (b.totalOwed, b.windowStart, b.windowAccrued);
    }

    /// @inheritdoc IBallastVault
    function upkeepTimes() external view returns (uint256 lastTradeAt, uint256 lastRebalanceAt) {
        return (_clock.lastTradeAt, _clock.lastRebalanceAt);
    }

    /// @inheritdoc IBallastVault
    function emergencyUnwind() external view returns (bool) {
        return _clock.emergencyUnwind;
    }

    /// @inheritdoc IBallastVault
    function base() external view returns (address) {
        return address(_base);
    }

    /// @inheritdoc IBallastVault
    function priceModule() external view returns (IBallastPriceModule) {
        return _prices;
    }

    /// @inheritdoc IBallastVault
    function policyModule() external view returns (IBallastPolicyModule) {
        return _policyModule;
    }

    /// @inheritdoc IBallastVault
    function lendingAdapter() external view returns (ILendingAdapter) {
        return _lending;
    }

    /// @inheritdoc IBallastVault
    function swapAdapter() external view returns (ISwapAdapter) {
        return _swapper;
    }

    /// @inheritdoc AccessControl
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IBallastVault).interfaceId || super.supportsInterface(interfaceId);
    }

    // ================================================================ decision

    /// @dev What the policy module's rules need to know about the vault.
    function _upkeepState(Snap memory s, IBallastPolicyModule.Policy memory p)
        internal
        view
        returns (IBallastPolicyModule.UpkeepState memory st)
    {
        Clock memory c = _clock;
        st.exposureWad = s.pos.exposureWad;
        st.equity = s.pos.equity;
        st.idleAsset = s.pos.idleAsset;
        st.healthFactorWad = s.hf;
        st.ltBaseBps = s.ltBase;
        st.ltQuoteBps = s.ltQuote;
        st.pendingShares = _queue.pendingShares;
        st.headRequestAssets = _headRequestAssets(s, p);
        st.lastTradeAt = c.lastTradeAt;
        st.lastRebalanceAt = c.lastRebalanceAt;
        st.paused = paused();
        st.emergencyUnwind = c.emergencyUnwind;
        st.priceWad = s.pos.priceWad;
    }

    // ================================================================ actions

    /// @dev Band, heartbeat and idle deployment: one step toward x* on current equity, keeping the idle buffer.
    function _rebalance(Snap memory s, IBallastPolicyModule.Policy memory p, int256 target)
        internal
        returns (uint256 traded, bool progress)
    {
        int256 targetValue = target * s.pos.equity / int256(_WAD);
        (traded, progress) = _step(s, p, targetValue, _bufferTarget(s, p), !paused());
        _clock.lastRebalanceAt = uint64(block.timestamp);
    }

    /// @dev Liquidation buffer: pay down debt (or add collateral) from all free idle funds, then, if the
    /// health factor is still under target, unwind toward zero exposure by the amount that restores it.
    /// Exempt from the chunk spacing: it only ever de-risks.
    function _restoreHealth(Snap memory s, IBallastPolicyModule.Policy memory p)
        internal
        returns (uint256 traded, bool progress)
    {
        uint256 idle = s.pos.idleAsset;
        if (idle != 0) {
            if (s.pos.borrowedAsset != 0) _repay(address(_quote), Math.min(idle, s.pos.borrowedAsset));
            else _supply(address(_quote), idle);
            s = _snapshotAt(s.pos.priceWad, true);
            progress = true;
        }
        // Each step can only withdraw collateral within the venue's headroom, so a deep shortfall takes a few.
        for (uint256 i; i < _MAX_DELEVERAGE_STEPS; ++i) {
            bool long = s.pos.netBaseValue > 0;
            uint256 debtValue =
                long ? s.pos.borrowedAsset : _toQuote(s.pos.borrowedBase, s.pos.priceWad, Math.Rounding.Ceil);
            uint256 unwind =
                ExposureMath.deleverageValue(debtValue, s.hf, p.hfTargetWad, long ? s.ltBase : s.ltQuote);
            unwind += unwind * p.slippageBps / _BPS;
            if (unwind == 0) break;
            uint256 left = ExposureMath.abs(s.pos.netBaseValue);
            left -= Math.min(left, unwind);
            (uint256 t, bool moved) = _step(s, p, long ? int256(left) : -int256(left), 0, false);
            if (!moved) break;
            traded += t;
            progress = true;
            s = _snapshotAt(s.pos.priceWad, true);
        }
    }

    /// @dev Redemptions: if idle funds cannot pay the pending requests, unwind proportionally (keep x, shrink
    /// equity by what they need), then fill requests in order while idle funds cover them.
    function _fillRedemptions(Snap memory s, IBallastPolicyModule.Policy memory p)
        internal
        returns (uint256 traded, bool progress)
    {
        uint256 need = _netRedeemValue(_queue.pendingShares, s, p);
        if (s.pos.idleAsset < need && _elapsed(_clock.lastTradeAt, p.minChunkSpacing)) {
            // What the unwind raises pays the unfunded bounties first, so it raises them too; and the unwind for a
            // dust-sized need would be dust, which `_step` skips, so it is at least the dust size. Otherwise a
            // small request never fills, and FillRedemptions, chosen before the liquidation buffer and every
            // rebalance, holds the vault while each upkeep accrues another bounty (FINDINGS F-09).
            int256 keep = s.pos.equity - int256(need + s.unfunded);
            int256 targetValue = _pastDust(
                s.pos.netBaseValue, keep > 0 ? s.pos.exposureWad * keep / int256(_WAD) : int256(0)
            );
            (traded, progress) = _step(s, p, targetValue, need, false);
            // an unwind the step completed is already in proportion: its proceeds above the need repaid the debt
            if (traded != 0 && traded + _dust() < ExposureMath.distance(targetValue, s.pos.netBaseValue) + 1) {
                _repayFirst(s, keep > 0 ? uint256(keep) : 0, p.hfFloorWad);
            }
            s = _snapshotAt(s.pos.priceWad, false);
        }
        progress = _fillQueue(s, p) || progress;
    }

    /// @dev Called after a redemption step that did not complete its unwind (`before` is the snapshot the step
    /// started from, `kept` the equity the position keeps). If the health factor is now below `floor` (or below
    /// where it was, if lower), pays the free idle asset back into the position while a debt is above the share of
    /// it the kept equity keeps: repays a long's asset debt down to its share, else supplies it as collateral for
    /// a short's base debt. A cut-short unwind thus repays first and keeps idle funds only once the debt is down in
    /// proportion, instead of walking the health factor toward 1 (FINDINGS F-10).
    function _repayFirst(Snap memory before, uint256 kept, uint256 floor) internal {
        Snap memory s = _snapshotAt(before.pos.priceWad, true);
        Position memory pos = s.pos;
        uint256 idle = pos.idleAsset;
        if (idle == 0 || !(s.hf < Math.min(before.hf, floor))) return;
        uint256 equity = uint256(before.pos.equity);
        uint256 assetDebtTarget = before.pos.borrowedAsset.mulDiv(kept, equity);
        if (pos.borrowedAsset > assetDebtTarget) {
            _repay(address(_quote), Math.min(idle, pos.borrowedAsset - assetDebtTarget));
        } else if (pos.borrowedBase > before.pos.borrowedBase.mulDiv(kept, equity)) {
            _supply(address(_quote), idle);
        }
    }

    /// @dev The smallest gap `_step` trades: 1/100 of an asset unit.
    function _dust() internal view returns (uint256) {
        return _quoteUnit / 100;
    }

    /// @dev `target`, unless it is within dust of `current`: then one dust size from `current` toward zero (0
    /// when the whole net base value is dust).
    function _pastDust(int256 current, int256 target) internal view returns (int256) {
        uint256 dust = _dust();
        if (!(ExposureMath.distance(current, target) < dust)) return target;
        if (!(ExposureMath.abs(current) > dust)) return 0;
        return current > 0 ? current - int256(dust) : current + int256(dust);
    }

    /// @dev Fills pending requests in order while free idle assets cover them, at the snapshot's share price.
    /// Returns whether the queue moved.
    function _fillQueue(Snap memory s, IBallastPolicyModule.Policy memory p) internal returns (bool moved) {
        Queue memory q = _queue;
        uint256 free = s.pos.idleAsset;
        uint256 total = s.pos.equity > 0 ? uint256(s.pos.equity) : 0;
        uint256 supply = totalSupply();
        uint256 i = q.nextToFill;
        uint256 end = Math.min(q.nextRequestId, i + MAX_FILLS_PER_UPKEEP);
        for (; i < end; ++i) {
            RedeemRequest storage r = _requests[i];
            // Cancelled requests are skipped but count toward the per-upkeep bound.
            if (r.status != RequestStatus.Pending) continue;
            uint256 shares = r.shares;
            uint256 gross = shares.mulDiv(total + 1, supply + 10 ** _DECIMALS_OFFSET, Math.Rounding.Floor);
            uint256 assets = gross - _feeOnTotal(gross, p.exitFeeBps);
            if (assets > free) break;
            free -= assets;
            total -= assets;
            supply -= shares;
            q.pendingShares -= uint128(shares);
            _reservedAssets += assets;
            r.status = RequestStatus.Claimable;
            r.assets = uint128(assets);
            _burn(address(this), shares);
            emit RedeemFilled(i, shares, assets);
        }
        moved = i != q.nextToFill;
        q.nextToFill = uint64(i);
        _queue = q;
    }

    // ================================================================ trading

    /// @dev One step of at most `maxTradeAssets` toward `targetValue` (net base value, asset units), then
    /// settles idle asset to `idleNeed`; checks the result (see `_checkTrade`).
    function _step(
        Snap memory s,
        IBallastPolicyModule.Policy memory p,
        int256 targetValue,
        uint256 idleNeed,
        bool allowBorrow
    ) internal returns (uint256 traded, bool progress) {
        int256 gap = targetValue - s.pos.netBaseValue;
        // A gap under 1/100 of an asset unit is dust: trading it could round to nothing and fail the checks.
        if (ExposureMath.abs(gap) < _dust()) gap = 0;
        bool borrowed;
        // Borrow only to grow the side the target is on: asset debt for a long, base debt for a short.
        if (gap > 0) {
            (traded, borrowed) =
                _buyBase(s, p, Math.min(uint256(gap), p.maxTradeAssets), idleNeed, allowBorrow && targetValue > 0);
        } else if (gap < 0) {
            (traded, borrowed) =
                _sellBase(s, p, Math.min(uint256(-gap), p.maxTradeAssets), idleNeed, allowBorrow && targetValue < 0);
        }
        progress = _settleIdle(idleNeed, s.pos.priceWad) || traded != 0;
        if (traded != 0) _clock.lastTradeAt = uint64(block.timestamp);
        _checkTrade(s, p, targetValue, traded, borrowed);
    }

    /// @dev Buys base worth `value` with asset from `_sourceAsset`; the base repays base debt first and the rest
    /// is supplied.
    function _buyBase(
        Snap memory s,
        IBallastPolicyModule.Policy memory p,
        uint256 value,
        uint256 idleNeed,
        bool allowBorrow
    ) internal returns (uint256 amountIn, bool borrowed) {
        (amountIn, borrowed) = _sourceAsset(s, value, idleNeed, allowBorrow);
        if (amountIn == 0) return (0, borrowed);
        uint256 priceWad = s.pos.priceWad;
        uint256 out = _swap(_quote, _base, amountIn, _toBase(amountIn, priceWad, Math.Rounding.Floor), priceWad, p);
        uint256 repayAmount = Math.min(out, s.pos.borrowedBase);
        if (repayAmount != 0) _repay(address(_base), repayAmount);
        uint256 baseLeft = _base.balanceOf(address(this));
        if (baseLeft != 0) _supply(address(_base), baseLeft);
    }

    /// @dev Gathers up to `value` asset: idle above `idleNeed`, then supplied asset within the withdrawal
    /// headroom, then (if allowed) asset borrowed within the borrowing power.
    function _sourceAsset(Snap memory s, uint256 value, uint256 idleNeed, bool allowBorrow)
        internal
        returns (uint256 amount, bool borrowed)
    {
        Position memory pos = s.pos;
        uint256 rest = value - Math.min(value, pos.idleAsset > idleNeed ? pos.idleAsset - idleNeed : 0);
        uint256 fromSupply = Math.min(Math.min(rest, pos.suppliedAsset), _headroom(s, s.ltQuote));
        if (fromSupply != 0) _withdrawFromVenue(address(_quote), fromSupply);
        rest -= fromSupply;
        if (rest != 0 && allowBorrow) {
            uint256 debt = Math.min(rest, _borrowPower(s, fromSupply, 0));
            if (debt != 0) {
                _borrow(address(_quote), debt);
                rest -= debt;
                borrowed = true;
            }
        }
        amount = value - rest;
    }

    /// @dev Sells base worth `value` gathered by `_sourceBase`; proceeds stay idle for `_settleIdle`.
    function _sellBase(
        Snap memory s,
        IBallastPolicyModule.Policy memory p,
        uint256 value,
        uint256 idleNeed,
        bool allowBorrow
    ) internal returns (uint256 traded, bool borrowed) {
        uint256 amountIn;
        uint256 amount = _toBase(value, s.pos.priceWad, Math.Rounding.Floor);
        (amountIn, borrowed) = _sourceBase(s, amount, idleNeed, allowBorrow);
        if (amountIn == 0) return (0, borrowed);
        traded = _toQuote(amountIn, s.pos.priceWad, Math.Rounding.Floor);
        _swap(_base, _quote, amountIn, traded, s.pos.priceWad, p);
    }

    /// @dev Gathers up to `amount` base: idle base, then supplied base within the withdrawal headroom, then
    /// (if allowed) base borrowed against asset collateral, after supplying idle asset above `idleNeed`.
    function _sourceBase(Snap memory s, uint256 amount, uint256 idleNeed, bool allowBorrow)
        internal
        returns (uint256 got, bool borrowed)
    {
        Position memory pos = s.pos;
        uint256 rest = amount - Math.min(amount, pos.idleBase);
        uint256 headroom = _headroom(s, s.ltBase);
        uint256 fromSupply = Math.min(rest, pos.suppliedBase);
        if (headroom != type(uint256).max) {
            fromSupply = Math.min(fromSupply, _toBase(headroom, pos.priceWad, Math.Rounding.Floor));
        }
        if (fromSupply != 0) _withdrawFromVenue(address(_base), fromSupply);
        rest -= fromSupply;
        if (rest != 0 && allowBorrow) {
            uint256 collateral = pos.idleAsset > idleNeed ? pos.idleAsset - idleNeed : 0;
            if (collateral != 0) _supply(address(_quote), collateral);
            uint256 debt = Math.min(rest, _toBase(_borrowPower(s, 0, collateral), pos.priceWad, Math.Rounding.Floor));
            if (debt != 0) {
                _borrow(address(_base), debt);
                rest -= debt;
                borrowed = true;
            }
        }
        got = amount - rest;
    }

    /// @dev Brings free idle asset to `idleNeed`: an excess repays asset debt, then is supplied; a shortfall is
    /// withdrawn from supplied asset within the withdrawal headroom. Returns whether funds moved.
    function _settleIdle(uint256 idleNeed, uint256 priceWad) internal returns (bool moved) {
        Snap memory s = _snapshotAt(priceWad, true);
        Position memory pos = s.pos;
        if (pos.idleAsset > idleNeed) {
            uint256 excess = pos.idleAsset - idleNeed;
            uint256 repayAmount = Math.min(excess, pos.borrowedAsset);
            if (repayAmount != 0) _repay(address(_quote), repayAmount);
            if (excess > repayAmount) _supply(address(_quote), excess - repayAmount);
            return true;
        }
        uint256 amount = Math.min(idleNeed - pos.idleAsset, pos.suppliedAsset);
        amount = Math.min(amount, _headroom(s, s.ltQuote));
        if (amount != 0) _withdrawFromVenue(address(_quote), amount);
        return amount != 0;
    }

    /// @dev Post-trade guards: net base value strictly closer to its target when anything traded, equity loss
    /// within the slippage allowance, and health factor at or above the floor unless the step de-risked (|N|
    /// did not grow and nothing was borrowed).
    function _checkTrade(
        Snap memory before,
        IBallastPolicyModule.Policy memory p,
        int256 targetValue,
        uint256 traded,
        bool borrowed
    ) internal view {
        Snap memory a = _snapshotAt(before.pos.priceWad, true);
        if (traded != 0) {
            uint256 d0 = ExposureMath.distance(before.pos.netBaseValue, targetValue);
            uint256 d1 = ExposureMath.distance(a.pos.netBaseValue, targetValue);
            if (d1 + 1 > d0) revert VaultExposureNotImproved(d0, d1);
        }
        uint256 maxLoss = traded * p.slippageBps / _BPS + _LOSS_TOLERANCE;
        if (a.pos.equity + int256(maxLoss) < before.pos.equity) {
            revert VaultEquityLoss(before.pos.equity, a.pos.equity, maxLoss);
        }
        bool deRisk = !borrowed && ExposureMath.abs(a.pos.netBaseValue) < ExposureMath.abs(before.pos.netBaseValue) + 1;
        if (!deRisk && a.hf < p.hfFloorWad) revert VaultHealthBelowFloor(a.hf, p.hfFloorWad);
    }

    /// @dev Swaps at least the oracle value less the slippage limit, after checking pool spot against oracle.
    function _swap(
        IERC20 tokenIn,
        IERC20 tokenOut,
        uint256 amountIn,
        uint256 oracleOut,
        uint256 oracle,
        IBallastPolicyModule.Policy memory p
    ) internal returns (uint256 out) {
        uint256 spot = _swapper.spotPrice(address(_base), address(_quote));
        if (ExposureMath.distance(int256(spot), int256(oracle)) * _BPS > oracle * p.maxDeviationBps) {
            revert VaultPriceDeviation(spot, oracle, p.maxDeviationBps);
        }
        uint256 minOut = oracleOut * (_BPS - p.slippageBps) / _BPS;
        uint256 balanceBefore = tokenOut.balanceOf(address(this));
        _delegate(
            address(_swapper),
            abi.encodeCall(ISwapAdapter.swapExactInput, (address(tokenIn), address(tokenOut), amountIn, minOut))
        );
        out = tokenOut.balanceOf(address(this)) - balanceBefore;
        if (out < minOut) revert VaultSlippageExceeded(minOut, out);
        emit Swapped(address(tokenIn), address(tokenOut), amountIn, out, minOut);
    }

    // ================================================================ bounties

    /// @dev Accrues the caller's bounty for the gas metered since `gasStart`, within both policy caps and 1 % of
    /// the equity before the upkeep. The bounty is a
    /// liability netted out of `totalAssets` at once, funded or not by idle asset. A failing native price skips
    /// the bounty rather than blocking the upkeep.
    function _accrueBounty(uint256 gasStart, IBallastPolicyModule.Policy memory p, uint256 equity) internal {
        uint256 gasUsed = gasStart - gasleft() + BOUNTY_GAS_OVERHEAD;
        uint256 nativePrice;
        try _prices.nativePrice() returns (uint256 price) {
            nativePrice = price;
        } catch {
            return;
        }
        uint256 gasPrice = Math.min(tx.gasprice, p.gasPriceCeilingWei);
        Bounty memory b = _bounty;
        if (_elapsed(b.windowStart, BOUNTY_WINDOW)) {
            b.windowStart = uint64(block.timestamp);
            b.windowAccrued = 0;
        }
        uint256 amount = BountyMath.capped(
            BountyMath.cost(gasUsed, tx.gasprice, p.gasPriceCeilingWei, p.bountyPremiumBps, nativePrice, _quoteUnit),
            Math.min(p.bountyCapPerUpkeep, equity * BOUNTY_MAX_EQUITY_BPS / _BPS),
            p.bountyCapPerDay,
            b.windowAccrued
        );
        if (amount == 0) return;
        b.totalOwed += uint128(amount);
        b.windowAccrued += uint128(amount);
        _bounty = b;
        _bountyOwed[msg.sender] += amount;
        emit BountyAccrued(msg.sender, amount, gasUsed, gasPrice);
    }

    // ================================================================ snapshot

    /// @dev Position at the oracle's last price, fresh or not (share prices for exits; deposits and upkeeps need a
    /// fresh price); skips the oracle when the vault holds no base at all.
    function _snapshot(bool withHealth) internal view returns (Snap memory s) {
        s = _balances(withHealth);
        if (s.pos.idleBase != 0 || s.pos.suppliedBase != 0 || s.pos.borrowedBase != 0) {
            s.pos.priceWad = _prices.lastPrice();
        }
        _value(s);
    }

    /// @dev Position at `priceWad`.
    function _snapshotAt(uint256 priceWad, bool withHealth) internal view returns (Snap memory s) {
        s = _balances(withHealth);
        s.pos.priceWad = priceWad;
        _value(s);
    }

    function _balances(bool withHealth) internal view returns (Snap memory s) {
        Position memory pos = s.pos;
        pos.idleBase = _base.balanceOf(address(this));
        (pos.idleAsset, s.unfunded) = _idle();
        (pos.suppliedBase, pos.borrowedBase, s.ltvBase, s.ltBase) =
            _lending.reserveState(address(this), address(_base));
        (pos.suppliedAsset, pos.borrowedAsset, s.ltvQuote, s.ltQuote) =
            _lending.reserveState(address(this), address(_quote));
        s.hf = withHealth ? _lending.healthFactor(address(this)) : type(uint256).max;
    }

    function _value(Snap memory s) internal view {
        Position memory pos = s.pos;
        int256 netBase = int256(pos.idleBase + pos.suppliedBase) - int256(pos.borrowedBase);
        pos.netBaseValue = ExposureMath.netValue(netBase, pos.priceWad, _baseUnit, _quoteUnit);
        pos.equity = int256(pos.idleAsset + pos.suppliedAsset) - int256(pos.borrowedAsset + s.unfunded)
            + pos.netBaseValue;
        pos.exposureWad = ExposureMath.exposure(pos.netBaseValue, pos.equity);
    }

    // ================================================================ helpers

    /// @dev Whether `period` seconds have passed since `since` (inclusive).
    function _elapsed(uint256 since, uint256 period) internal view returns (bool) {
        return block.timestamp + 1 > since + period;
    }

    function _policy() internal view returns (IBallastPolicyModule.Policy memory) {
        return _policyModule.policy();
    }

    /// @dev Asset balance not owed to redemption receivers or keepers.
    function _freeIdle() internal view returns (uint256 free) {
        (free,) = _idle();
    }

    /// @dev Free idle asset, and the part of the keepers' bounties the balance does not cover (a liability the
    /// equity carries until an unwind or a deposit funds it). Reserved redemptions are always covered.
    function _idle() internal view returns (uint256 free, uint256 unfunded) {
        uint256 balance = _quote.balanceOf(address(this));
        uint256 locked = _reservedAssets + _bounty.totalOwed;
        if (balance > locked) free = balance - locked;
        else unfunded = locked - balance;
    }

    /// @dev Deposits need: no pause, a valid oracle, and no deficit a new depositor would absorb (negative equity,
    /// or zero equity behind outstanding shares).
    function _depositsOpen() internal view returns (bool) {
        if (paused()) return false;
        try _prices.price() returns (uint256 priceWad) {
            if (!_policyModule.depositsAllowed(priceWad)) return false;
        } catch {
            return false;
        }
        int256 equity = _snapshot(false).pos.equity;
        return equity > 0 || (equity == 0 && totalSupply() == 0);
    }

    /// @dev Whether share prices can be computed: a last price that passes every check but staleness, or no
    /// base position to price.
    function _oracleOk() internal view returns (bool) {
        try _prices.lastPrice() returns (uint256) {
            return true;
        } catch {
            Snap memory s = _balances(false);
            return s.pos.idleBase == 0 && s.pos.suppliedBase == 0 && s.pos.borrowedBase == 0;
        }
    }

    function _bufferTarget(Snap memory s, IBallastPolicyModule.Policy memory p) internal pure returns (uint256) {
        return s.pos.equity > 0 ? uint256(s.pos.equity) * p.idleBufferBps / _BPS : 0;
    }

    /// @dev Net assets the head pending request would receive now (0 if the head is not pending, so the fill
    /// just moves past it).
    function _headRequestAssets(Snap memory s, IBallastPolicyModule.Policy memory p) internal view returns (uint256) {
        RedeemRequest storage r = _requests[_queue.nextToFill];
        return r.status == RequestStatus.Pending ? _netRedeemValue(r.shares, s, p) : 0;
    }

    /// @dev What `shares` redeem for at the snapshot's equity, after the exit fee (rounded down).
    function _netRedeemValue(uint256 shares, Snap memory s, IBallastPolicyModule.Policy memory p)
        internal
        view
        returns (uint256)
    {
        uint256 total = s.pos.equity > 0 ? uint256(s.pos.equity) : 0;
        uint256 gross = shares.mulDiv(total + 1, totalSupply() + 10 ** _DECIMALS_OFFSET, Math.Rounding.Floor);
        return gross - _feeOnTotal(gross, p.exitFeeBps);
    }

    /// @dev Collateral value (asset units) withdrawable with collateral threshold `lt` before repaying.
    function _headroom(Snap memory s, uint256 lt) internal view returns (uint256) {
        Position memory pos = s.pos;
        uint256 debtValue = pos.borrowedAsset + _toQuote(pos.borrowedBase, pos.priceWad, Math.Rounding.Ceil);
        return ExposureMath.withdrawHeadroom(debtValue, s.hf, lt);
    }

    /// @dev Borrowing power left (asset units) after withdrawing `lessAsset` supplied asset and supplying
    /// `moreAsset`, at `_BORROW_USE_BPS` of the venue's LTV.
    function _borrowPower(Snap memory s, uint256 lessAsset, uint256 moreAsset) internal view returns (uint256) {
        Position memory pos = s.pos;
        uint256 collateral = _toQuote(pos.suppliedBase, pos.priceWad, Math.Rounding.Floor) * s.ltvBase
            + (pos.suppliedAsset + moreAsset - lessAsset) * s.ltvQuote;
        uint256 power = collateral / _BPS * _BORROW_USE_BPS / _BPS;
        uint256 debt = pos.borrowedAsset + _toQuote(pos.borrowedBase, pos.priceWad, Math.Rounding.Ceil);
        return power > debt ? power - debt : 0;
    }

    function _toQuote(uint256 amount, uint256 priceWad, Math.Rounding rounding) internal view returns (uint256) {
        return ExposureMath.toQuote(amount, priceWad, _baseUnit, _quoteUnit, rounding);
    }

    function _toBase(uint256 amount, uint256 priceWad, Math.Rounding rounding) internal view returns (uint256) {
        return ExposureMath.toBase(amount, priceWad, _baseUnit, _quoteUnit, rounding);
    }

    function _feeOnRaw(uint256 assets, uint256 feeBps) internal pure returns (uint256) {
        return assets.mulDiv(feeBps, _BPS, Math.Rounding.Ceil);
    }

    function _feeOnTotal(uint256 assets, uint256 feeBps) internal pure returns (uint256) {
        return assets.mulDiv(feeBps, feeBps + _BPS, Math.Rounding.Ceil);
    }

    // ---------------------------------------------------------------- venue calls (delegatecall)

    function _supply(address token, uint256 amount) internal {
        _delegate(address(_lending), abi.encodeCall(ILendingAdapter.supply, (token, amount)));
    }

    function _withdrawFromVenue(address token, uint256 amount) internal {
        _delegate(address(_lending), abi.encodeCall(ILendingAdapter.withdraw, (token, amount)));
    }

    function _borrow(address token, uint256 amount) internal {
        _delegate(address(_lending), abi.encodeCall(ILendingAdapter.borrow, (token, amount)));
    }

    function _repay(address token, uint256 amount) internal {
        _delegate(address(_lending), abi.encodeCall(ILendingAdapter.repay, (token, amount)));
    }

    function _delegate(address adapter, bytes memory data) internal returns (bytes memory) {
        return Address.functionDelegateCall(adapter, data);
    }
}
