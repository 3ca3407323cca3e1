// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IAutomationCompatible} from "./IAutomationCompatible.sol";
import {IBallastPolicyModule} from "./IBallastPolicyModule.sol";
import {IBallastPriceModule} from "./IBallastPriceModule.sol";
import {ILendingAdapter} from "./ILendingAdapter.sol";
import {ISwapAdapter} from "./ISwapAdapter.sol";

/// @title IBallastVault
/// @notice An ERC-4626 vault holding a leveraged or hedged position between its asset (quote, e.g. USDC) and a
/// base token (e.g. WETH) on a lending venue and a swap venue, kept inside the risk envelope of its policy
/// module by allowlisted keepers through `checkUpkeep` / `performUpkeep`.
/// @dev Accounting, in asset (quote) raw units at the oracle price P (quote per whole base, WAD):
/// net base N = idle base + supplied base - borrowed base; equity E = free idle asset + supplied asset -
/// borrowed asset - unfunded bounties + N * P; exposure x = N * P / E (signed WAD). Free idle asset excludes
/// assets reserved for filled redemption requests and bounties owed to keepers; bounties the balance does not
/// cover are a liability of E. `totalAssets()` = max(E, 0) with every term rounded against the depositor.
/// Warning: `totalAssets`, `convertTo*` and `preview*` value the base at the oracle's last answer even when it is
/// stale (`IBallastPriceModule.lastPrice`), so exits from idle funds stay open while deposits and upkeeps wait
/// for a fresh price; they revert with the price module's error when the answer fails any other check (unless
/// the vault holds no base position), where EIP-4626 asks them not to: a vault cannot value shares without a
/// price. The `max*` functions never revert and return 0 then.
interface IBallastVault is IERC4626, IAutomationCompatible {
    // ---------------------------------------------------------------- types

    /// @notice Lifecycle of a redemption request.
    enum RequestStatus {
        None,
        Pending,
        Cancelled,
        Claimable,
        Claimed
    }

    /// @notice Deployment settings of a vault.
    /// @param asset The vault asset (quote), e.g. USDC.
    /// @param base The risk asset, e.g. WETH.
    /// @param name Share token name.
    /// @param symbol Share token symbol.
    /// @param priceModule Oracle reader for the base/quote pair.
    /// @param policyModule The vault's policy module, not yet bound (the constructor binds it).
    /// @param lendingAdapter Lending venue adapter (delegatecalled).
    /// @param swapAdapter Swap venue adapter (delegatecalled).
    /// @param admin DEFAULT_ADMIN_ROLE holder (grants roles, manages keepers).
    /// @param curator CURATOR_ROLE holder.
    /// @param guardian GUARDIAN_ROLE holder.
    struct VaultConfig {
        address asset;
        address base;
        string name;
        string symbol;
        IBallastPriceModule priceModule;
        IBallastPolicyModule policyModule;
        ILendingAdapter lendingAdapter;
        ISwapAdapter swapAdapter;
        address admin;
        address curator;
        address guardian;
    }

    /// @notice The vault's position valued at the oracle. Amounts in raw token units; values in asset units.
    /// @param priceWad Oracle price, asset per whole base, WAD.
    /// @param idleBase Base held by the vault.
    /// @param idleAsset Free idle asset (balance minus reserved redemptions and bounties owed).
    /// @param suppliedBase Base supplied on the lending venue.
    /// @param borrowedBase Base borrowed.
    /// @param suppliedAsset Asset supplied.
    /// @param borrowedAsset Asset borrowed.
    /// @param netBaseValue N * P in asset units, signed (negative when short).
    /// @param equity E in asset units, signed.
    /// @param exposureWad x = N * P / E, signed WAD (0 when E <= 0).
    struct Position {
        uint256 priceWad;
        uint256 idleBase;
        uint256 idleAsset;
        uint256 suppliedBase;
        uint256 borrowedBase;
        uint256 suppliedAsset;
        uint256 borrowedAsset;
        int256 netBaseValue;
        int256 equity;
        int256 exposureWad;
    }

    /// @notice One redemption request.
    /// @param owner Whose shares were escrowed (and get them back on cancel).
    /// @param status Lifecycle state.
    /// @param receiver Who claims the assets.
    /// @param shares Shares escrowed (burnt at fill).
    /// @param assets Assets reserved at fill time (0 while pending).
    struct RedeemRequest {
        address owner;
        RequestStatus status;
        address receiver;
        uint128 shares;
        uint128 assets;
    }

    // ---------------------------------------------------------------- events

    /// @notice An upkeep ran.
    /// @param keeper The caller.
    /// @param action What it did.
    /// @param exposureBefore x before, WAD.
    /// @param exposureAfter x after, WAD.
    /// @param traded Quote value swapped, asset units.
    event UpkeepPerformed(
        address indexed keeper,
        IBallastPolicyModule.Action indexed action,
        int256 exposureBefore,
        int256 exposureAfter,
        uint256 traded
    );

    /// @notice The vault swapped on its swap venue.
    /// @param tokenIn Token sold.
    /// @param tokenOut Token bought.
    /// @param amountIn Raw amount sold.
    /// @param amountOut Raw amount bought.
    /// @param minAmountOut The minimum it accepted (oracle value less the slippage limit).
    event Swapped(
        address indexed tokenIn, address indexed tokenOut, uint256 amountIn, uint256 amountOut, uint256 minAmountOut
    );

    /// @notice A keeper's bounty accrued.
    /// @param keeper The keeper.
    /// @param amount Asset units.
    /// @param gasUsed Gas metered, overhead included.
    /// @param gasPrice Gas price paid for, after the ceiling.
    event BountyAccrued(address indexed keeper, uint256 amount, uint256 gasUsed, uint256 gasPrice);

    /// @notice A keeper claimed its bounties.
    /// @param keeper The keeper.
    /// @param amount Asset units paid.
    event BountyClaimed(address indexed keeper, uint256 amount);

    /// @notice Shares were escrowed for an asynchronous redemption.
    /// @param requestId The request.
    /// @param owner Whose shares.
    /// @param receiver Who will claim.
    /// @param shares Shares escrowed.
    event RedeemRequested(uint256 indexed requestId, address indexed owner, address indexed receiver, uint256 shares);

    /// @notice A request was filled: its shares burnt and its assets reserved.
    /// @param requestId The request.
    /// @param shares Shares burnt.
    /// @param assets Assets reserved for the receiver, after the exit fee.
    event RedeemFilled(uint256 indexed requestId, uint256 shares, uint256 assets);

    /// @notice A filled request was paid out.
    /// @param requestId The request.
    /// @param receiver The receiver.
    /// @param assets Assets paid.
    event RedeemClaimed(uint256 indexed requestId, address indexed receiver, uint256 assets);

    /// @notice A pending request was cancelled and its shares returned.
    /// @param requestId The request.
    /// @param owner The owner the shares went back to.
    /// @param shares Shares returned.
    event RedeemCancelled(uint256 indexed requestId, address indexed owner, uint256 shares);

    /// @notice The guardian switched the emergency unwind (target exposure forced to 0) on or off.
    /// @param on The new state.
    event EmergencyUnwindSet(bool on);

    // ---------------------------------------------------------------- errors

    /// @notice No upkeep action is due (or the due one could make no progress).
    error VaultNothingDue();

    /// @notice The deployment settings are unusable (zero address, same asset and base, or a bound module).
    error VaultConfigInvalid();

    /// @notice A swap returned less than its minimum.
    /// @param minOut The minimum.
    /// @param out The amount received.
    error VaultSlippageExceeded(uint256 minOut, uint256 out);

    /// @notice The pool's spot price is too far from the oracle to trade.
    /// @param spotPriceWad Pool price.
    /// @param oraclePriceWad Oracle price.
    /// @param maxDeviationBps The limit.
    error VaultPriceDeviation(uint256 spotPriceWad, uint256 oraclePriceWad, uint256 maxDeviationBps);

    /// @notice A trade that was not de-risking left the health factor below the floor.
    /// @param healthFactorWad Health factor after.
    /// @param floorWad The floor.
    error VaultHealthBelowFloor(uint256 healthFactorWad, uint256 floorWad);

    /// @notice A trade did not move the net base value toward its target.
    /// @param distanceBefore |N*P - target| before, asset units.
    /// @param distanceAfter |N*P - target| after.
    error VaultExposureNotImproved(uint256 distanceBefore, uint256 distanceAfter);

    /// @notice A trade lost more equity than its slippage allowance.
    /// @param equityBefore E before.
    /// @param equityAfter E after.
    /// @param maxLoss The allowance.
    error VaultEquityLoss(int256 equityBefore, int256 equityAfter, uint256 maxLoss);

    /// @notice Zero shares or assets.
    error VaultZeroAmount();

    /// @notice The request does not exist or is not in the state the call needs.
    /// @param requestId The request.
    /// @param status Its status.
    error VaultRequestStatus(uint256 requestId, RequestStatus status);

    /// @notice The caller may not act on this request.
    /// @param requestId The request.
    /// @param caller The caller.
    error VaultRequestUnauthorized(uint256 requestId, address caller);

    /// @notice The keeper has no bounty to claim.
    /// @param keeper The keeper.
    error VaultNoBounty(address keeper);

    /// @notice The vault holds no asset outside reserved redemptions to pay the bounty with yet.
    /// @param owed The bounty owed.
    error VaultBountyUnfunded(uint256 owed);

    // ---------------------------------------------------------------- keepers

    /// @notice Whether an upkeep is due, and which. A view that never reverts on a failed oracle.
    /// @dev `checkData` is ignored. Returns `(true, abi.encode(IBallastPolicyModule.Action action,
    /// int256 exposureWad, int256 targetExposureWad, uint256 healthFactorWad))` when an action is due, else
    /// `(false, reason)` with `reason` a short ASCII text: "oracle", "insolvent", "spacing", "gas price",
    /// "nothing due". The rules are the policy module's `decide`.
    /// The gas-price ceiling is checked against the caller's gas price, which is 0 in a plain `eth_call`.
    /// @param checkData Ignored.
    /// @return upkeepNeeded Whether `performUpkeep` would act now.
    /// @return performData The encoded action, or the reason nothing is due.
    function checkUpkeep(bytes calldata checkData) external view returns (bool upkeepNeeded, bytes memory performData);

    /// @notice Re-checks everything and performs the highest-priority due action. Only KEEPER_ROLE. Accrues
    /// the caller's bounty. Reverts with `VaultNothingDue` when nothing is due.
    /// @param performData Ignored (an untrusted hint).
    function performUpkeep(bytes calldata performData) external;

    /// @notice Pays the caller the bounties accrued to it, from the asset balance not reserved for redemption
    /// receivers (in part when that is short; the rest stays owed). Works while paused.
    /// @return amount Asset units paid.
    function claimBounty() external returns (uint256 amount);

    // ---------------------------------------------------------------- redemption queue

    /// @notice Escrows `shares` of `owner` for an asynchronous redemption filled by upkeeps; `receiver` claims.
    /// The caller must be `owner` or hold a share allowance from it. Works while paused.
    /// @param shares Shares to redeem.
    /// @param receiver Who will claim the assets.
    /// @param owner Whose shares.
    /// @return requestId The request.
    function requestRedeem(uint256 shares, address receiver, address owner) external returns (uint256 requestId);

    /// @notice Cancels a pending request and returns its shares to its owner. Only the owner.
    /// @param requestId The request.
    /// @return shares Shares returned.
    function cancelRedeem(uint256 requestId) external returns (uint256 shares);

    /// @notice Pays a filled request's reserved assets to its receiver. Only the receiver. Works while paused.
    /// @param requestId The request.
    /// @return assets Assets paid.
    function claimRedeem(uint256 requestId) external returns (uint256 assets);

    /// @notice A redemption request.
    /// @param requestId The request.
    /// @return The request.
    function redeemRequest(uint256 requestId) external view returns (RedeemRequest memory);

    /// @notice Queue counters: ids below `nextToFill` are settled, `nextRequestId` is the next id issued.
    /// @return nextToFill First request not yet filled or cancelled.
    /// @return nextRequestId Next id.
    /// @return pendingShares Shares escrowed in pending requests.
    /// @return reservedAssets Assets reserved for filled, unclaimed requests.
    function queueState()
        external
        view
        returns (uint256 nextToFill, uint256 nextRequestId, uint256 pendingShares, uint256 reservedAssets);

    // ---------------------------------------------------------------- guardian

    /// @notice Stops deposits and risk-increasing trades. Only GUARDIAN_ROLE.
    function pause() external;

    /// @notice Lifts the pause. Only GUARDIAN_ROLE.
    function unpause() external;

    /// @notice Forces the target exposure to 0 (on) so upkeeps unwind the position in chunks, or lifts it.
    /// Only GUARDIAN_ROLE.
    /// @param on The new state.
    function setEmergencyUnwind(bool on) external;

    // ---------------------------------------------------------------- views

    /// @notice The position valued at the oracle price (reverts while the oracle fails).
    /// @return The position.
    function position() external view returns (Position memory);

    /// @notice The lending venue's health factor of the vault, WAD (type(uint256).max without debt).
    /// @return The health factor.
    function healthFactor() external view returns (uint256);

    /// @notice The target exposure the upkeeps steer to now: the policy target reduced by the sizing limits
    /// (health-factor cap, pause, emergency unwind).
    /// @return The target, signed WAD.
    function targetExposure() external view returns (int256);

    /// @notice Bounty accrued to `keeper` and not claimed, asset units.
    /// @param keeper The keeper.
    /// @return The amount.
    function bountyOwed(address keeper) external view returns (uint256);

    /// @notice Bounty accounting: total owed to all keepers, and the current bounty window.
    /// @return totalOwed Asset units owed.
    /// @return windowStart Start of the current 1-day window.
    /// @return windowAccrued Accrued in it.
    function bountyState() external view returns (uint256 totalOwed, uint256 windowStart, uint256 windowAccrued);

    /// @notice Time of the last trade (chunk) and of the last completed rebalance.
    /// @return lastTradeAt Last trade.
    /// @return lastRebalanceAt Last rebalance.
    function upkeepTimes() external view returns (uint256 lastTradeAt, uint256 lastRebalanceAt);

    /// @notice Whether the emergency unwind is on.
    /// @return The state.
    function emergencyUnwind() external view returns (bool);

    /// @notice The base token.
    /// @return The base.
    function base() external view returns (address);

    /// @notice The price module.
    /// @return The module.
    function priceModule() external view returns (IBallastPriceModule);

    /// @notice The policy module.
    /// @return The module.
    function policyModule() external view returns (IBallastPolicyModule);

    /// @notice The lending adapter.
    /// @return The adapter.
    function lendingAdapter() external view returns (ILendingAdapter);

    /// @notice The swap adapter.
    /// @return The adapter.
    function swapAdapter() external view returns (ISwapAdapter);
}
