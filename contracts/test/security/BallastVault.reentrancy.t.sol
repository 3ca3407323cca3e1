// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {TestERC20} from "../../src/local/TestERC20.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";
import {HookERC20, ReentrantActor} from "../mocks/HookERC20.sol";

/// @notice THREAT_MODEL row 8: the vault on an asset with an ERC-777-style transfer hook. The hook calls an
/// attacker contract while the vault's own asset transfer is on the stack (a deposit's pull, an exit's payment,
/// a claim, an upkeep's swap or supply), and the attacker calls back into the vault. Every re-entrant call must
/// stop at the vault's `nonReentrant` guard (`ReentrancyGuardReentrantCall`), and the outer call's accounting
/// must be what it would have been without the hook; a hook that re-throws reverts the outer call whole.
contract BallastVaultReentrancyTest is VaultFixture {
    HookERC20 internal hookToken;
    ReentrantActor internal actor;

    bytes4 internal immutable GUARD = ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector;

    function _newAsset() internal override returns (TestERC20) {
        hookToken = new HookERC20("Hooked USD", "hUSD", 6, address(this));
        return hookToken;
    }

    function setUp() public override {
        super.setUp();
        actor = new ReentrantActor();
        hookToken.setHook(address(vault), actor);
        usdc.mint(address(actor), 100_000e6);
        actor.exec(address(usdc), abi.encodeCall(IERC20.approve, (address(vault), type(uint256).max)));
    }

    // ---------------------------------------------------------------- helpers

    function _actorDeposit(uint256 assets) internal returns (uint256 shares) {
        shares = abi.decode(
            actor.exec(address(vault), abi.encodeCall(IERC4626.deposit, (assets, address(actor)))), (uint256)
        );
    }

    function _actorRedeem(uint256 shares) internal returns (uint256 assets) {
        assets = abi.decode(
            actor.exec(
                address(vault), abi.encodeCall(IERC4626.redeem, (shares, address(actor), address(actor)))
            ),
            (uint256)
        );
    }

    function _arm(bytes memory call) internal {
        actor.arm(address(vault), call, false);
    }

    function _assertStoppedByGuard() internal view {
        assertTrue(actor.reentered(), "the hook ran inside the vault's transfer");
        assertFalse(actor.reentrySucceeded(), "re-entrant call refused");
        assertEq(actor.reentrySelector(), GUARD, "refused by the reentrancy guard");
    }

    // ---------------------------------------------------------------- deposits

    function test_reentrancy_depositPullCannotReenterDeposit() public {
        uint256 assets = 1_000e6;
        uint256 expectedShares = vault.previewDeposit(assets);
        _arm(abi.encodeCall(IERC4626.deposit, (500e6, address(actor))));
        uint256 shares = _actorDeposit(assets);
        _assertStoppedByGuard();
        assertEq(shares, expectedShares, "outer deposit minted its preview");
        assertEq(vault.balanceOf(address(actor)), shares, "no shares from the re-entrant deposit");
        assertEq(vault.totalSupply(), shares);
        assertEq(usdc.balanceOf(address(vault)), assets, "only the outer deposit's assets came in");
        assertEq(usdc.balanceOf(address(actor)), 100_000e6 - assets);
    }

    /// @dev Inside a deposit's pull the vault holds the new assets but has not minted their shares yet, so its
    /// share price is inflated by the deposit: a redeem there would be paid at that price.
    function test_reentrancy_depositPullCannotRedeemAtTheInflatedPrice() public {
        uint256 held = _actorDeposit(1_000e6);
        uint256 fairValue = vault.previewRedeem(held);
        uint256 fairGross = vault.convertToAssets(held);
        _arm(abi.encodeCall(IERC4626.redeem, (held, address(actor), address(actor))));
        actor.setProbe(abi.encodeCall(IERC4626.previewRedeem, (held)));
        uint256 minted = _actorDeposit(10_000e6);
        _assertStoppedByGuard();
        uint256 midDepositValue = abi.decode(actor.probeResult(), (uint256));
        assertGt(midDepositValue, fairValue * 5, "the mid-transfer price would have paid the holder many times over");
        assertEq(vault.balanceOf(address(actor)), held + minted, "no shares burnt by the re-entrant redeem");
        assertEq(usdc.balanceOf(address(vault)), 11_000e6, "nothing paid out");
        assertEq(vault.totalAssets(), 11_000e6);
        // the first shares gain only their part of the second deposit's entry fee (10,000 x 10 / 10,010)
        uint256 fee = uint256(10_000e6) * 10 / 10_010 + 1;
        assertGe(vault.convertToAssets(held), fairGross);
        assertLe(vault.convertToAssets(held), fairGross + fee * held / (held + minted) + 1);
    }

    // ---------------------------------------------------------------- exits

    function test_reentrancy_redeemPaymentCannotReenterWithdraw() public {
        uint256 shares = _actorDeposit(1_000e6);
        uint256 half = shares / 2;
        uint256 expected = vault.previewRedeem(half);
        _arm(abi.encodeCall(IERC4626.withdraw, (100e6, address(actor), address(actor))));
        uint256 paid = _actorRedeem(half);
        _assertStoppedByGuard();
        assertEq(paid, expected, "outer redeem paid its preview");
        assertEq(vault.balanceOf(address(actor)), shares - half, "only the outer redeem's shares burnt");
        assertEq(vault.totalSupply(), shares - half);
        assertEq(usdc.balanceOf(address(vault)), 1_000e6 - expected, "only the outer redeem paid");
    }

    function test_reentrancy_redeemPaymentCannotReenterRedeemOrRequest() public {
        uint256 shares = _actorDeposit(1_000e6);
        uint256 half = shares / 2;
        _arm(abi.encodeCall(IERC4626.redeem, (shares - half, address(actor), address(actor))));
        uint256 paid = _actorRedeem(half);
        _assertStoppedByGuard();
        assertEq(vault.balanceOf(address(actor)), shares - half);

        _arm(abi.encodeCall(IBallastVault.requestRedeem, (shares - half, address(actor), address(actor))));
        uint256 quarter = (shares - half) / 2;
        paid += _actorRedeem(quarter);
        _assertStoppedByGuard();
        (uint256 nextToFill, uint256 nextRequestId, uint256 pending,) = vault.queueState();
        assertEq(nextToFill, 0);
        assertEq(nextRequestId, 0, "no request opened by the re-entrant call");
        assertEq(pending, 0);
        assertEq(vault.balanceOf(address(vault)), 0, "no shares escrowed");
        assertEq(vault.balanceOf(address(actor)), shares - half - quarter);
        assertEq(usdc.balanceOf(address(actor)), 100_000e6 - 1_000e6 + paid);
    }

    // ---------------------------------------------------------------- queue and bounties

    function test_reentrancy_claimRedeemPaymentCannotClaimTwice() public {
        _deposit(alice, 10_000e6);
        uint256 shares = _actorDeposit(1_000e6);
        uint256 id = abi.decode(
            actor.exec(
                address(vault), abi.encodeCall(IBallastVault.requestRedeem, (shares, address(actor), address(actor)))
            ),
            (uint256)
        );
        _upkeep(); // fills the request from idle funds
        IBallastVault.RedeemRequest memory r = vault.redeemRequest(id);
        assertEq(uint8(r.status), uint8(IBallastVault.RequestStatus.Claimable));
        uint256 balanceBefore = usdc.balanceOf(address(actor));

        _arm(abi.encodeCall(IBallastVault.claimRedeem, (id)));
        actor.exec(address(vault), abi.encodeCall(IBallastVault.claimRedeem, (id)));
        _assertStoppedByGuard();
        assertEq(uint8(vault.redeemRequest(id).status), uint8(IBallastVault.RequestStatus.Claimed));
        assertEq(usdc.balanceOf(address(actor)), balanceBefore + r.assets, "paid once");
        (,,, uint256 reserved) = vault.queueState();
        assertEq(reserved, 0);
    }

    function test_reentrancy_bubblingHookRevertsTheOuterClaimWhole() public {
        _deposit(alice, 10_000e6);
        uint256 shares = _actorDeposit(1_000e6);
        actor.exec(
            address(vault), abi.encodeCall(IBallastVault.requestRedeem, (shares, address(actor), address(actor)))
        );
        _upkeep();
        uint128 owed = vault.redeemRequest(0).assets;
        uint256 balanceBefore = usdc.balanceOf(address(actor));

        actor.arm(address(vault), abi.encodeCall(IBallastVault.claimRedeem, (0)), true);
        vm.expectRevert(GUARD);
        actor.exec(address(vault), abi.encodeCall(IBallastVault.claimRedeem, (0)));
        assertEq(uint8(vault.redeemRequest(0).status), uint8(IBallastVault.RequestStatus.Claimable), "rolled back");
        (,,, uint256 reserved) = vault.queueState();
        assertEq(reserved, owed);
        assertEq(usdc.balanceOf(address(actor)), balanceBefore);

        // the revert rolled back the hook's disarming too; disarmed, the claim pays once
        actor.disarm();
        actor.exec(address(vault), abi.encodeCall(IBallastVault.claimRedeem, (0)));
        assertEq(usdc.balanceOf(address(actor)), balanceBefore + owed);
    }

    function test_reentrancy_claimBountyPaymentCannotClaimTwice() public {
        vault.grantRole(vault.KEEPER_ROLE(), address(actor));
        _deposit(alice, 10_000e6);
        vm.txGasPrice(GAS_PRICE);
        actor.exec(address(vault), abi.encodeCall(IBallastVault.performUpkeep, ("")));
        uint256 owed = vault.bountyOwed(address(actor));
        assertGt(owed, 0, "the actor earned a bounty");
        uint256 balanceBefore = usdc.balanceOf(address(actor));

        _arm(abi.encodeCall(IBallastVault.claimBounty, ()));
        actor.exec(address(vault), abi.encodeCall(IBallastVault.claimBounty, ()));
        _assertStoppedByGuard();
        assertEq(usdc.balanceOf(address(actor)), balanceBefore + owed, "paid once");
        assertEq(vault.bountyOwed(address(actor)), 0);
        (uint256 totalOwed,,) = vault.bountyState();
        assertEq(totalOwed, 0);
    }

    // ---------------------------------------------------------------- upkeeps

    /// @dev In the middle of an upkeep's swap the router has pulled the vault's asset but not paid the base yet, so
    /// equity (and the share price) is briefly a fraction of its value: a deposit there would buy shares cheap.
    function test_reentrancy_upkeepSwapCannotReenterDeposit() public {
        _deposit(alice, 10_000e6);
        uint256 fairShares = vault.previewDeposit(1_000e6);
        _arm(abi.encodeCall(IERC4626.deposit, (1_000e6, address(actor))));
        actor.setProbe(abi.encodeCall(IERC4626.previewDeposit, (1_000e6)));
        uint256 supplyBefore = vault.totalSupply();
        _upkeep();
        _assertStoppedByGuard();
        uint256 midSwapShares = abi.decode(actor.probeResult(), (uint256));
        assertGt(midSwapShares, fairShares * 5, "the mid-swap price would have sold shares many times too cheap");
        assertEq(vault.totalSupply(), supplyBefore, "no shares minted inside the upkeep");
        assertEq(vault.balanceOf(address(actor)), 0);
        assertEq(usdc.balanceOf(address(actor)), 100_000e6);
        assertGt(_position().exposureWad, 0.9e18, "the upkeep itself went through");
    }

    function test_reentrancy_upkeepSwapCannotReenterRedeem() public {
        _deposit(alice, 10_000e6);
        uint256 shares = _actorDeposit(1_000e6);
        _arm(abi.encodeCall(IERC4626.redeem, (shares / 10, address(actor), address(actor))));
        _upkeep();
        _assertStoppedByGuard();
        assertEq(vault.balanceOf(address(actor)), shares, "no shares redeemed inside the upkeep");
        assertEq(usdc.balanceOf(address(actor)), 100_000e6 - 1_000e6, "nothing paid inside the upkeep");
    }

    function test_reentrancy_keeperCannotReenterUpkeepForASecondBounty() public {
        vault.grantRole(vault.KEEPER_ROLE(), address(actor));
        _deposit(alice, 10_000e6);
        _arm(abi.encodeCall(IBallastVault.performUpkeep, ("")));
        vm.recordLogs();
        vm.txGasPrice(GAS_PRICE);
        actor.exec(address(vault), abi.encodeCall(IBallastVault.performUpkeep, ("")));
        _assertStoppedByGuard();
        uint256 upkeeps;
        uint256 accruals;
        bytes32[] memory topics = _topics();
        for (uint256 i; i < topics.length; ++i) {
            if (topics[i] == IBallastVault.UpkeepPerformed.selector) ++upkeeps;
            if (topics[i] == IBallastVault.BountyAccrued.selector) ++accruals;
        }
        assertEq(upkeeps, 1, "one upkeep ran");
        assertEq(accruals, 1, "one bounty accrued");
        (uint256 totalOwed,,) = vault.bountyState();
        assertEq(vault.bountyOwed(address(actor)), totalOwed);
    }

    function test_reentrancy_bubblingHookRevertsTheOuterDepositWhole() public {
        actor.arm(address(vault), abi.encodeCall(IERC4626.deposit, (500e6, address(actor))), true);
        vm.expectRevert(GUARD);
        actor.exec(address(vault), abi.encodeCall(IERC4626.deposit, (1_000e6, address(actor))));
        assertEq(vault.totalSupply(), 0);
        assertEq(usdc.balanceOf(address(vault)), 0);
        assertEq(usdc.balanceOf(address(actor)), 100_000e6);
    }

    /// @dev First topics of the vault's recorded logs (zero for other emitters).
    function _topics() internal returns (bytes32[] memory topics) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        topics = new bytes32[](logs.length);
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(vault) && logs[i].topics.length != 0) topics[i] = logs[i].topics[0];
        }
    }
}
