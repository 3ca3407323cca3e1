// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";

/// @notice ERC-4626 properties of `BallastVault`, fuzzed over a vault that already holds a levered position (Bob's
/// 50,000 USDC, deployed at 2x by upkeeps) and an oracle moved by up to +/-10 % before the property is checked.
/// Each property is the EIP's wording turned into an assertion: previews are conservative bounds on the real
/// call, `max*` never revert and their amounts go through, round trips never profit, results do not depend on
/// who calls, and a spender's allowance is checked and spent in shares.
/// @dev Exits are sized within idle liquidity (a depositor's own deposit lands in idle), since larger exits go
/// through the redemption queue by design.
contract ERC4626PropertiesTest is VaultFixture {
    /// @dev Largest oracle move applied before a property, in bps of the 2000 USD starting price.
    int256 internal constant MAX_MOVE_BPS = 1000;
    uint256 internal constant MAX_ASSETS = 1_000_000e6;

    address internal carol = makeAddr("carol");
    address internal dan = makeAddr("dan");

    function setUp() public override {
        super.setUp();
        _deposit(bob, 50_000e6);
        _upkeepUntilIdle(10, 0);
        assertGt(_position().netBaseValue, 0, "fixture: the vault holds a levered position");
    }

    // ================================================================ helpers

    function _movePrice(int256 moveBps) internal {
        moveBps = bound(moveBps, -MAX_MOVE_BPS, MAX_MOVE_BPS);
        _setEthPrice(2000e8 * (10_000 + moveBps) / 10_000);
    }

    function _fund(address user, uint256 assets) internal {
        usdc.mint(user, assets);
        vm.prank(user);
        usdc.approve(address(vault), assets);
    }

    /// @dev 0 normal, 1 paused, 2 stale oracle, 3 paused and stale, 4 non-positive oracle answer.
    /// @dev Mode 0 open, 1 paused, 2 stale oracle, 3 paused and stale, 4 no valid answer. `noPrice`: not even a
    /// stale answer to value shares with (mode 4).
    function _enterMode(uint256 mode) internal returns (bool paused, bool oracleDown, bool noPrice) {
        mode = bound(mode, 0, 4);
        if (mode == 1 || mode == 3) {
            vm.prank(guardian);
            vault.pause();
            paused = true;
        }
        if (mode == 2 || mode == 3) {
            vm.warp(block.timestamp + FEED_STALENESS + 1);
            oracleDown = true;
        }
        if (mode == 4) {
            _setEthPrice(0);
            oracleDown = true;
            noPrice = true;
        }
    }

    // ================================================================ previews vs actual calls

    /// @notice previewDeposit never promises more shares than deposit mints.
    function test_fuzz_previewDeposit_neverOverestimates(uint256 assets, int256 moveBps) public {
        _movePrice(moveBps);
        assets = bound(assets, 2, MAX_ASSETS);
        uint256 preview = vault.previewDeposit(assets);
        _fund(alice, assets);
        vm.prank(alice);
        uint256 shares = vault.deposit(assets, alice);
        assertLe(preview, shares, "previewDeposit overestimates");
        assertEq(vault.balanceOf(alice), shares, "returned shares are the minted shares");
    }

    /// @notice previewMint never quotes fewer assets than mint pulls.
    function test_fuzz_previewMint_neverUnderestimates(uint256 shares, int256 moveBps) public {
        _movePrice(moveBps);
        shares = bound(shares, 1, MAX_ASSETS * 1e6);
        uint256 preview = vault.previewMint(shares);
        _fund(alice, preview);
        vm.prank(alice);
        uint256 assets = vault.mint(shares, alice);
        uint256 pulled = preview - usdc.balanceOf(alice);
        assertGe(preview, pulled, "previewMint underestimates");
        assertEq(assets, pulled, "returned assets are the pulled assets");
        assertEq(vault.balanceOf(alice), shares);
    }

    /// @notice previewRedeem never promises more assets than redeem pays.
    function test_fuzz_previewRedeem_neverOverestimates(uint256 assets, uint256 fraction, int256 moveBps) public {
        _deposit(alice, bound(assets, 1e6, MAX_ASSETS));
        _movePrice(moveBps);
        uint256 maxShares = vault.maxRedeem(alice);
        uint256 shares = bound(fraction, 1, maxShares);
        uint256 preview = vault.previewRedeem(shares);
        vm.prank(alice);
        if (preview == 0) {
            vm.expectRevert(IBallastVault.VaultZeroAmount.selector);
            vault.redeem(shares, alice, alice);
            return;
        }
        uint256 out = vault.redeem(shares, alice, alice);
        assertLe(preview, usdc.balanceOf(alice), "previewRedeem overestimates");
        assertEq(out, usdc.balanceOf(alice), "returned assets are the paid assets");
    }

    /// @notice previewWithdraw never quotes fewer shares than withdraw burns.
    function test_fuzz_previewWithdraw_neverUnderestimates(uint256 assets, uint256 amount, int256 moveBps) public {
        uint256 held = _deposit(alice, bound(assets, 1e6, MAX_ASSETS));
        _movePrice(moveBps);
        amount = bound(amount, 1, vault.maxWithdraw(alice));
        uint256 preview = vault.previewWithdraw(amount);
        vm.prank(alice);
        uint256 shares = vault.withdraw(amount, alice, alice);
        uint256 burnt = held - vault.balanceOf(alice);
        assertGe(preview, burnt, "previewWithdraw underestimates");
        assertEq(shares, burnt, "returned shares are the burnt shares");
        assertEq(usdc.balanceOf(alice), amount, "withdraw pays exactly the assets asked");
    }

    // ================================================================ max* never revert, and their amounts work

    /// @notice max* never revert, whether open, paused, on a stale oracle or on a non-positive answer, and they
    /// close what the state forbids: no entry while paused or without a fresh price, no exit without any price
    /// (a stale answer still values exits from idle funds).
    function test_fuzz_maxFunctions_neverRevert(uint256 mode, address owner, uint256 assets, int256 moveBps) public {
        _deposit(alice, bound(assets, 1e6, MAX_ASSETS));
        _movePrice(moveBps);
        (bool paused, bool oracleDown, bool noPrice) = _enterMode(mode);
        address[3] memory owners = [alice, bob, owner];
        for (uint256 i; i < owners.length; ++i) {
            uint256 maxDep = vault.maxDeposit(owners[i]);
            uint256 maxMnt = vault.maxMint(owners[i]);
            uint256 maxWd = vault.maxWithdraw(owners[i]);
            uint256 maxRd = vault.maxRedeem(owners[i]);
            if (paused || oracleDown) {
                assertEq(maxDep, 0, "maxDeposit open while paused or without a price");
                assertEq(maxMnt, 0, "maxMint open while paused or without a price");
            } else {
                assertEq(maxDep, type(uint256).max);
                assertEq(maxMnt, type(uint256).max);
            }
            // The vault holds base, so no exit can be priced without an answer.
            if (noPrice) {
                assertEq(maxWd, 0, "maxWithdraw open without a price");
                assertEq(maxRd, 0, "maxRedeem open without a price");
            }
            assertLe(maxRd, vault.balanceOf(owners[i]), "maxRedeem above balance");
        }
    }

    /// @notice withdraw(maxWithdraw(owner)) succeeds, paused or not, for a holder within idle (Alice) and for one
    /// whose value exceeds idle (Bob), and one unit more is refused with the EIP's error.
    function test_fuzz_maxWithdraw_amountSucceeds(uint256 assets, int256 moveBps, bool paused, bool asBob) public {
        _deposit(alice, bound(assets, 1e6, MAX_ASSETS));
        _movePrice(moveBps);
        if (paused) {
            vm.prank(guardian);
            vault.pause();
        }
        address owner = asBob ? bob : alice;
        uint256 max = vault.maxWithdraw(owner);
        assertGt(max, 0);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxWithdraw.selector, owner, max + 1, max));
        vault.withdraw(max + 1, owner, owner);
        uint256 before = usdc.balanceOf(owner);
        vm.prank(owner);
        vault.withdraw(max, owner, owner);
        assertEq(usdc.balanceOf(owner) - before, max);
    }

    /// @notice redeem(maxRedeem(owner)) succeeds, paused or not, and one share more is refused.
    function test_fuzz_maxRedeem_amountSucceeds(uint256 assets, int256 moveBps, bool paused, bool asBob) public {
        _deposit(alice, bound(assets, 1e6, MAX_ASSETS));
        _movePrice(moveBps);
        if (paused) {
            vm.prank(guardian);
            vault.pause();
        }
        address owner = asBob ? bob : alice;
        uint256 max = vault.maxRedeem(owner);
        assertGt(max, 0);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxRedeem.selector, owner, max + 1, max));
        vault.redeem(max + 1, owner, owner);
        uint256 before = vault.balanceOf(owner);
        vm.prank(owner);
        uint256 out = vault.redeem(max, owner, owner);
        assertEq(before - vault.balanceOf(owner), max);
        assertGt(out, 0);
    }

    /// @notice A deposit or mint is refused exactly when maxDeposit/maxMint say 0, and goes through otherwise.
    function test_fuzz_maxDepositMint_amountsSucceedOrRefused(uint256 mode, uint256 assets, uint256 shares) public {
        _enterMode(mode);
        assets = bound(assets, 2, MAX_ASSETS);
        shares = bound(shares, 1, MAX_ASSETS * 1e6);
        _fund(alice, assets);
        uint256 maxDep = vault.maxDeposit(alice);
        vm.prank(alice);
        if (maxDep == 0) {
            vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxDeposit.selector, alice, assets, 0));
            vault.deposit(assets, alice);
            vm.prank(alice);
            vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxMint.selector, alice, shares, 0));
            vault.mint(shares, alice);
            assertEq(vault.maxMint(alice), 0);
            return;
        }
        assertGt(vault.deposit(assets, alice), 0);
        assertEq(vault.maxMint(alice), type(uint256).max);
        uint256 cost = vault.previewMint(shares);
        _fund(alice, cost);
        vm.prank(alice);
        assertEq(vault.mint(shares, alice), cost);
    }

    // ================================================================ round trips

    /// @notice deposit then redeem everything at once never returns more than was deposited.
    function test_fuzz_depositRedeem_neverProfits(uint256 assets, int256 moveBps) public {
        _movePrice(moveBps);
        assets = bound(assets, 2, MAX_ASSETS);
        uint256 shares = _deposit(alice, assets);
        assertEq(vault.maxRedeem(alice), shares, "the deposit sits in idle, so it can leave at once");
        bool dust = vault.previewRedeem(shares) == 0;
        vm.prank(alice);
        if (dust) {
            vm.expectRevert(IBallastVault.VaultZeroAmount.selector);
            vault.redeem(shares, alice, alice);
            return;
        }
        uint256 out = vault.redeem(shares, alice, alice);
        assertLe(out, assets, "deposit -> redeem profits");
    }

    /// @notice mint then withdraw as much as possible (and redeem any dust left) never returns more than mint
    /// cost, nor burns more shares than were minted.
    function test_fuzz_mintWithdraw_neverProfits(uint256 shares, int256 moveBps) public {
        _movePrice(moveBps);
        shares = bound(shares, 1e6, MAX_ASSETS * 1e6);
        uint256 cost = vault.previewMint(shares);
        _fund(alice, cost);
        vm.prank(alice);
        vault.mint(shares, alice);
        uint256 out = vault.maxWithdraw(alice);
        vm.assume(out != 0);
        vm.prank(alice);
        uint256 burnt = vault.withdraw(out, alice, alice);
        assertLe(burnt, shares, "burnt more than minted");
        uint256 rest = vault.balanceOf(alice);
        if (rest != 0 && vault.previewRedeem(rest) != 0) {
            vm.prank(alice);
            out += vault.redeem(rest, alice, alice);
        }
        assertLe(out, cost, "mint -> withdraw profits");
    }

    // ================================================================ caller independence

    /// @notice Two callers in the same state get the same shares for a deposit and pay the same for a mint.
    function test_fuzz_depositMint_sameForAnyCaller(uint256 assets, uint256 shares, int256 moveBps) public {
        _movePrice(moveBps);
        assets = bound(assets, 2, MAX_ASSETS);
        shares = bound(shares, 1, MAX_ASSETS * 1e6);
        // The deposit's entry fee raises the share price, so the mint after it costs a little more than now.
        uint256 budget = assets + 2 * vault.previewMint(shares);
        _fund(alice, budget);
        _fund(carol, budget);

        uint256 snap = vm.snapshotState();
        vm.startPrank(alice);
        uint256 sharesA = vault.deposit(assets, dan);
        uint256 costA = vault.mint(shares, dan);
        vm.stopPrank();
        uint256 danA = vault.balanceOf(dan);
        vm.revertToState(snap);

        vm.startPrank(carol);
        uint256 sharesC = vault.deposit(assets, dan);
        uint256 costC = vault.mint(shares, dan);
        vm.stopPrank();
        assertEq(sharesA, sharesC, "deposit depends on the caller");
        assertEq(costA, costC, "mint depends on the caller");
        assertEq(danA, vault.balanceOf(dan));
    }

    /// @notice The owner and an approved spender get the same result for the same redeem and withdraw.
    function test_fuzz_redeemWithdraw_sameForAnyCaller(uint256 assets, uint256 fraction, int256 moveBps) public {
        uint256 held = _deposit(alice, bound(assets, 1e6, MAX_ASSETS));
        _movePrice(moveBps);
        vm.prank(alice);
        vault.approve(carol, type(uint256).max);
        uint256 shares = bound(fraction, 1, vault.maxRedeem(alice));
        vm.assume(vault.previewRedeem(shares) != 0);
        uint256 amount = bound(fraction, 1, vault.maxWithdraw(alice));

        uint256 snap = vm.snapshotState();
        vm.prank(alice);
        uint256 outA = vault.redeem(shares, dan, alice);
        vm.revertToState(snap);
        vm.prank(carol);
        uint256 outC = vault.redeem(shares, dan, alice);
        assertEq(outA, outC, "redeem depends on the caller");
        assertEq(usdc.balanceOf(dan), outC);

        vm.revertToState(snap);
        vm.prank(alice);
        uint256 burntA = vault.withdraw(amount, dan, alice);
        vm.revertToState(snap);
        vm.prank(carol);
        uint256 burntC = vault.withdraw(amount, dan, alice);
        assertEq(burntA, burntC, "withdraw depends on the caller");
        assertEq(held - vault.balanceOf(alice), burntC);
    }

    /// @notice Views are the same whoever reads them.
    function test_fuzz_previews_sameForAnyCaller(uint256 amount, address reader, int256 moveBps) public {
        _movePrice(moveBps);
        amount = bound(amount, 1, MAX_ASSETS);
        uint256[4] memory mine = [
            vault.previewDeposit(amount),
            vault.previewMint(amount),
            vault.previewWithdraw(amount),
            vault.previewRedeem(amount)
        ];
        vm.startPrank(reader);
        assertEq(vault.previewDeposit(amount), mine[0]);
        assertEq(vault.previewMint(amount), mine[1]);
        assertEq(vault.previewWithdraw(amount), mine[2]);
        assertEq(vault.previewRedeem(amount), mine[3]);
        vm.stopPrank();
    }

    // ================================================================ allowances

    /// @notice A spender without enough allowance cannot redeem someone else's shares.
    function test_fuzz_redeem_revertsWithoutAllowance(uint256 assets, uint256 shares, uint256 allowance) public {
        _deposit(alice, bound(assets, 1e6, MAX_ASSETS));
        shares = bound(shares, 1, vault.maxRedeem(alice));
        // Dust that redeems for nothing is refused (VaultZeroAmount) before any allowance is looked at.
        vm.assume(vault.previewRedeem(shares) != 0);
        allowance = bound(allowance, 0, shares - 1);
        vm.prank(alice);
        vault.approve(carol, allowance);
        vm.prank(carol);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, carol, allowance, shares)
        );
        vault.redeem(shares, carol, alice);
    }

    /// @notice A spender without allowance for the shares a withdraw burns cannot withdraw.
    function test_fuzz_withdraw_revertsWithoutAllowance(uint256 assets, uint256 amount, uint256 allowance) public {
        _deposit(alice, bound(assets, 1e6, MAX_ASSETS));
        amount = bound(amount, 1, vault.maxWithdraw(alice));
        uint256 needed = vault.previewWithdraw(amount);
        allowance = bound(allowance, 0, needed - 1);
        vm.prank(alice);
        vault.approve(carol, allowance);
        vm.prank(carol);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, carol, allowance, needed)
        );
        vault.withdraw(amount, carol, alice);
    }

    /// @notice A redeem by a spender lowers its allowance by exactly the shares redeemed and pays the receiver.
    function test_fuzz_redeem_spendsAllowance(uint256 assets, uint256 shares, uint256 extra) public {
        _deposit(alice, bound(assets, 1e6, MAX_ASSETS));
        shares = bound(shares, 1, vault.maxRedeem(alice));
        vm.assume(vault.previewRedeem(shares) != 0);
        uint256 allowance = shares + bound(extra, 0, 1e30);
        vm.prank(alice);
        vault.approve(carol, allowance);
        vm.prank(carol);
        uint256 out = vault.redeem(shares, dan, alice);
        assertEq(vault.allowance(alice, carol), allowance - shares, "allowance not spent by the shares");
        assertEq(usdc.balanceOf(dan), out);
        assertEq(usdc.balanceOf(carol), 0);
    }

    /// @notice A withdraw by a spender lowers its allowance by exactly the shares burnt.
    function test_fuzz_withdraw_spendsAllowance(uint256 assets, uint256 amount, uint256 extra) public {
        uint256 held = _deposit(alice, bound(assets, 1e6, MAX_ASSETS));
        amount = bound(amount, 1, vault.maxWithdraw(alice));
        uint256 needed = vault.previewWithdraw(amount);
        uint256 allowance = needed + bound(extra, 0, 1e30);
        vm.prank(alice);
        vault.approve(carol, allowance);
        vm.prank(carol);
        uint256 burnt = vault.withdraw(amount, dan, alice);
        assertEq(burnt, held - vault.balanceOf(alice));
        assertEq(vault.allowance(alice, carol), allowance - burnt, "allowance not spent by the burnt shares");
        assertEq(usdc.balanceOf(dan), amount);
    }
}
