// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {IBallastPriceModule} from "../../src/interfaces/IBallastPriceModule.sol";

contract BallastVaultBountyTest is VaultFixture {
    function _accrued() internal returns (uint256 amount, uint256 gasUsed, uint256 gasPrice) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IBallastVault.BountyAccrued.selector) {
                return abi.decode(logs[i].data, (uint256, uint256, uint256));
            }
        }
    }

    function test_performUpkeep_accruesGasCostAtOraclePrice() public {
        _deposit(alice, 10_000e6);
        vm.recordLogs();
        _upkeep();
        (uint256 amount, uint256 gasUsed, uint256 gasPrice) = _accrued();
        assertEq(gasPrice, GAS_PRICE);
        assertGt(gasUsed, vault.BOUNTY_GAS_OVERHEAD() + 100_000);
        // gas * price * (1 + 20 %) * 2000 USDC/ETH, in 6 decimals, rounded down
        assertEq(amount, gasUsed * gasPrice * 12_000 * 2000 / 10_000 / 1e12);
        assertEq(vault.bountyOwed(keeper), amount);
        (uint256 totalOwed, uint256 windowStart, uint256 windowAccrued) = vault.bountyState();
        assertEq(totalOwed, amount);
        assertEq(windowStart, block.timestamp);
        assertEq(windowAccrued, amount);
    }

    function test_bounty_gasPriceCappedAtCeiling() public {
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        _setEthPrice(1550e8); // liquidation buffer: runs above the gas ceiling
        vm.recordLogs();
        vm.txGasPrice(300 gwei);
        vm.prank(keeper);
        vault.performUpkeep("");
        (, , uint256 gasPrice) = _accrued();
        assertEq(gasPrice, 100 gwei);
    }

    function test_bounty_cappedPerUpkeep() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.bountyCapPerUpkeep = 1e6;
        _setPolicy(p);
        _deposit(alice, 10_000e6);
        _upkeep();
        assertEq(vault.bountyOwed(keeper), 1e6);
    }

    function test_bounty_cappedPerWindowThenReset() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.bountyCapPerUpkeep = 10e6;
        p.bountyCapPerDay = 15e6;
        _setPolicy(p);
        _deposit(alice, 10_000e6);
        _upkeep();
        _upkeep();
        assertEq(vault.bountyOwed(keeper), 15e6, "second upkeep gets what is left of the window");
        _upkeep();
        assertEq(vault.bountyOwed(keeper), 15e6, "window spent");
        (, uint256 windowStart,) = vault.bountyState();
        vm.warp(windowStart + 1 days);
        _refreshFeeds();
        _setEthPrice(2300e8); // make a rebalance due
        _upkeep();
        assertGt(vault.bountyOwed(keeper), 15e6, "new window");
        assertLe(vault.bountyOwed(keeper), 25e6);
    }

    function test_bounty_unfundedIsALiabilityPaidInPart() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.idleBufferBps = 0; // a rebalance then deploys every idle unit
        _setPolicy(p);
        _deposit(alice, 10_000e6);
        uint256 assetsBefore = vault.totalAssets();
        _upkeep();
        uint256 owed = vault.bountyOwed(keeper);
        assertGt(owed, 0);
        assertEq(_position().idleAsset, 0);
        assertApproxEqAbs(vault.totalAssets(), assetsBefore - owed, 2, "unfunded bounty lowers equity");
        vm.expectRevert(abi.encodeWithSelector(IBallastVault.VaultBountyUnfunded.selector, owed));
        vm.prank(keeper);
        vault.claimBounty();
        _deposit(bob, owed / 2);
        vm.prank(keeper);
        uint256 paid = vault.claimBounty();
        assertEq(paid, owed / 2);
        assertEq(vault.bountyOwed(keeper), owed - paid, "the rest stays owed");
    }

    function test_liquidationBuffer_earnsBounty() public {
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        uint256 owedBefore = vault.bountyOwed(keeper);
        _setEthPrice(1550e8);
        _upkeep();
        assertGt(vault.bountyOwed(keeper), owedBefore);
    }

    function test_bounty_cappedAtOnePercentOfEquity() public {
        _deposit(alice, 200e6);
        _upkeep();
        assertLe(vault.bountyOwed(keeper), 2e6);
        assertGt(vault.bountyOwed(keeper), 1.9e6, "gas cost (~10 USDC) is above the cap");
    }

    /// @dev A failing native-price read skips the bounty; it never blocks the upkeep (a de-risking one must go
    /// through whatever the gas-token feed does).
    function test_bounty_skippedNotBlockingWhenNativePriceReverts() public {
        _deposit(alice, 10_000e6);
        vm.mockCallRevert(
            address(prices), abi.encodeWithSelector(IBallastPriceModule.nativePrice.selector), bytes("feed down")
        );
        vm.recordLogs();
        _upkeep();
        (uint256 amount, uint256 gasUsed,) = _accrued();
        assertEq(amount, 0, "no BountyAccrued");
        assertEq(gasUsed, 0);
        assertEq(vault.bountyOwed(keeper), 0);
        assertGt(_position().netBaseValue, 0, "the upkeep still deployed the deposit");
        vm.clearMockedCalls();
    }

    function test_performUpkeep_emptyVaultPaysNoBounty() public {
        usdc.mint(address(vault), 1_000e6); // a donation, no shares
        (bool due, bytes memory reason) = vault.checkUpkeep("");
        assertFalse(due);
        assertEq(string(reason), "nothing due");
        vm.expectRevert(IBallastVault.VaultNothingDue.selector);
        _upkeep();
    }

    function test_claimBounty_paysAndResets() public {
        _deposit(alice, 10_000e6);
        _upkeep();
        uint256 owed = vault.bountyOwed(keeper);
        vm.expectEmit(address(vault));
        emit IBallastVault.BountyClaimed(keeper, owed);
        vm.prank(keeper);
        assertEq(vault.claimBounty(), owed);
        assertEq(usdc.balanceOf(keeper), owed);
        assertEq(vault.bountyOwed(keeper), 0);
        (uint256 totalOwed,,) = vault.bountyState();
        assertEq(totalOwed, 0);
        vm.expectRevert(abi.encodeWithSelector(IBallastVault.VaultNoBounty.selector, keeper));
        vm.prank(keeper);
        vault.claimBounty();
    }

    function test_claimBounty_worksPausedAndAfterRoleRevoked() public {
        _deposit(alice, 10_000e6);
        _upkeep();
        vm.prank(guardian);
        vault.pause();
        vault.revokeRole(vault.KEEPER_ROLE(), keeper);
        vm.prank(keeper);
        assertGt(vault.claimBounty(), 0);
    }

    function test_claimBounty_doesNotTouchDepositorAssets() public {
        _deposit(alice, 10_000e6);
        _upkeep();
        uint256 totalBefore = vault.totalAssets();
        vm.prank(keeper);
        vault.claimBounty();
        assertEq(vault.totalAssets(), totalBefore, "owed bounties were already outside totalAssets");
    }

    function testFuzz_bounty_withinCaps(uint256 gasPrice, uint128 capUpkeep, uint128 capDay) public {
        gasPrice = bound(gasPrice, 0, 100 gwei);
        capUpkeep = uint128(bound(capUpkeep, 0, 1000e6));
        capDay = uint128(bound(capDay, 0, 10_000e6));
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.bountyCapPerUpkeep = capUpkeep;
        p.bountyCapPerDay = capDay;
        vm.prank(curator);
        policyModule.setPolicy(p);
        vm.warp(block.timestamp + TIMELOCK);
        _refreshFeeds();
        (, uint256 eta) = policyModule.pendingPolicy();
        if (eta != 0) {
            vm.prank(curator);
            policyModule.acceptPolicy();
        }
        _deposit(alice, 10_000e6);
        uint256 total;
        for (uint256 i; i < 3; ++i) {
            (bool due,) = vault.checkUpkeep("");
            if (!due) break;
            uint256 before = vault.bountyOwed(keeper);
            vm.txGasPrice(gasPrice);
            vm.prank(keeper);
            vault.performUpkeep("");
            uint256 accrued = vault.bountyOwed(keeper) - before;
            assertLe(accrued, capUpkeep);
            total += accrued;
        }
        assertLe(total, capDay);
    }
}
