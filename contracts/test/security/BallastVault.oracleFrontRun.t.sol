// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console} from "forge-std/console.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";

/// @notice THREAT_MODEL row 10 / FINDINGS F-03: front-running a known oracle update. Alice holds a 10,000 USDC
/// vault levered to 2x; the attacker (bob) deposits just before a +0.5 % ETH/USD update (Chainlink's mainnet
/// deviation threshold) and redeems just after, within `maxRedeem`, with no upkeep in between.
///
/// The attacker's deposit sits idle, so his shares carry the vault's exposure after his deposit,
/// x' = N / (E + D) (N net base value, E equity before, D his deposit), and he ends with
/// about D / (1 + entry) x (1 + x' x 0.5 %) / (1 + exit), plus his shares' part of his own entry fee. Measured on
/// this fixture (Alice's equity 9,969.23 USDC at x = 2.0019 after levering, 10 + 10 bps fees):
/// - D = 1,000 USDC: 1,007.173361 back, a profit of 7.173361 USDC = 0.72 % of the deposit (x' about 1.82),
///   taken from Alice's equity one for one;
/// - D = 100 USDC: a profit of 0.790307 USDC = 0.79 % (x' about 1.98), the "about 0.8 %" of F-03;
/// - the largest profit, at D = 2 E: about 0.40 % of the vault's equity per update.
/// With entry + exit fees of 100 bps (exposure x move = 2 x 0.5 %) the round trip loses at x = 2.0, but not at
/// the top of the band (x = 2.09, keepers do not trade inside the band): the fees must cover
/// (target + band) x move, 105 bps here; 110 bps never profits (fuzzed).
contract BallastVaultOracleFrontRunTest is VaultFixture {
    int256 internal constant PRICE_AFTER = 2010e8; // +0.5 %

    function _leveredVault() internal {
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        assertApproxEqAbs(_position().exposureWad, 2e18, 0.1e18, "2x before the update");
    }

    /// @dev Deposit `assets`, the +0.5 % update, redeem everything. Returns what came back and what the
    /// vault's share price predicted (see the contract's note), both in asset units.
    function _frontRun(uint256 assets) internal returns (uint256 out, uint256 predicted) {
        uint256 shares = _deposit(bob, assets);
        int256 netBase = _position().netBaseValue;
        uint256 equity = vault.totalAssets();
        uint256 grossBefore = vault.convertToAssets(shares);

        _setEthPrice(PRICE_AFTER);

        assertLe(shares, vault.maxRedeem(bob), "the whole position leaves at once");
        vm.prank(bob);
        out = vault.redeem(shares, bob, bob);
        uint256 exitBps = policyModule.policy().exitFeeBps;
        uint256 grossAfter = grossBefore * (equity + uint256(netBase) * 5 / 1000) / equity;
        predicted = grossAfter * 10_000 / (10_000 + exitBps);
    }

    function _setFees(uint16 entryBps, uint16 exitBps) internal {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.entryFeeBps = entryBps;
        p.exitFeeBps = exitBps;
        _setPolicy(p);
    }

    function test_frontRun_profitsAtDefaultFees() public {
        _leveredVault();
        uint256 aliceShares = vault.balanceOf(alice);
        uint256 snap = vm.snapshotState();
        _setEthPrice(PRICE_AFTER);
        uint256 aliceAlone = vault.convertToAssets(aliceShares);
        vm.revertToState(snap);

        uint256 deposit = 1_000e6;
        (uint256 out, uint256 predicted) = _frontRun(deposit);
        uint256 aliceAfter = vault.convertToAssets(aliceShares);
        console.log("F-03: 1,000 USDC round trip at 10+10 bps returns (6 dec)", out);

        assertGt(out, deposit, "profit at the default 10 + 10 bps fees");
        uint256 profit = out - deposit;
        // measured: 7.173361 USDC on 1,000 (0.72 %)
        assertApproxEqAbs(profit, 7.173361e6, 0.000010e6, "profit: 7.17 USDC");
        assertApproxEqAbs(out, predicted, 2, "as the share price predicts");
        assertApproxEqAbs(aliceAlone - aliceAfter, profit, 2, "paid by the staying holder, one for one");
    }

    function test_frontRun_smallDepositGainsAboutTheFullLeveredMove() public {
        _leveredVault();
        uint256 deposit = 100e6;
        (uint256 out, uint256 predicted) = _frontRun(deposit);
        console.log("F-03: 100 USDC round trip at 10+10 bps returns (6 dec)", out);
        uint256 profit = out - deposit;
        assertApproxEqAbs(out, predicted, 2);
        // measured: 0.790307 USDC on 100 (0.79 %): 2 x 0.5 % diluted to x' = 1.98, less 0.2 % fees
        assertApproxEqAbs(profit, 0.790307e6, 0.000010e6);
    }

    /// @dev The entry fee stays in the vault, and the attacker's shares own D / (E + D) of it, so the profit is
    /// about D x ((x m - entry) x E / (E + D) - exit) (m the move): largest at D = E x (sqrt((x m - entry) / exit) - 1)
    /// = 2 E here, where one round trip takes about 0.40 % of the stayers' equity.
    function test_frontRun_largestRoundTripTakesAboutFortyBpsOfEquity() public {
        _leveredVault();
        uint256 equity = vault.totalAssets();
        uint256 best = equity * 2;
        uint256 snap = vm.snapshotState();
        (uint256 out, uint256 predicted) = _frontRun(best);
        uint256 profit = out - best;
        console.log("F-03: best round trip, deposit and profit (6 dec)", best, profit);
        assertApproxEqAbs(out, predicted, 2);
        assertGt(profit * 10_000, equity * 39, "more than 0.39 % of the vault's equity");
        assertLt(profit * 10_000, equity * 41, "less than 0.41 %");
        // smaller and larger deposits take less
        vm.revertToState(snap);
        (out,) = _frontRun(best * 8 / 10);
        assertLt(out - best * 8 / 10, profit);
        vm.revertToState(snap);
        (out,) = _frontRun(best * 12 / 10);
        assertLt(out - best * 12 / 10, profit);
    }

    function test_frontRun_doesNotProfitWhenFeesCoverExposureTimesMove() public {
        _setFees(50, 50); // 100 bps round trip >= 2 x 0.5 %
        _leveredVault();
        uint256 snap = vm.snapshotState();
        (uint256 out, uint256 predicted) = _frontRun(1_000e6);
        console.log("F-03: 1,000 USDC round trip at 50+50 bps returns (6 dec)", out);
        assertLt(out, 1_000e6, "the round trip loses");
        assertApproxEqAbs(out, predicted, 2);
        vm.revertToState(snap);
        (out,) = _frontRun(100e6);
        console.log("F-03: 100 USDC round trip at 50+50 bps returns (6 dec)", out);
        assertLt(out, 100e6, "a small deposit too, at x = 2.002");
    }

    /// @dev Keepers leave a long vault anywhere inside its band, up to target + band = 2.1x, and the entry fee is
    /// shared with the attacker's own shares: 100 bps is not enough there, the fees must cover
    /// (target + band) x move = 105 bps.
    function test_frontRun_atTheTopOfTheBandProfitsThrough100BpsFees() public {
        _setFees(50, 50);
        _leveredVault();
        _setEthPrice(1920e8); // -4 %: x about 2.09, inside the band, nothing due
        int256 x = _position().exposureWad;
        assertGt(x, 2.08e18);
        assertLt(x, 2.1e18);
        (bool due,) = vault.checkUpkeep("");
        assertFalse(due, "no rebalance due inside the band");
        uint256 snap = vm.snapshotState();

        uint256 deposit = 100e6;
        uint256 shares = _deposit(bob, deposit);
        _setEthPrice(1929.6e8); // +0.5 %
        vm.prank(bob);
        uint256 out = vault.redeem(shares, bob, bob);
        console.log("F-03: 100 USDC round trip at 50+50 bps, x = 2.09, returns (6 dec)", out);
        assertGt(out, deposit, "profit through a 100 bps round trip");

        vm.revertToState(snap);
        _setFees(60, 50); // 110 bps >= 2.1 x 0.5 %
        shares = _deposit(bob, deposit);
        _setEthPrice(1929.6e8);
        vm.prank(bob);
        out = vault.redeem(shares, bob, bob);
        assertLt(out, deposit, "no profit once the fees cover the top of the band");
    }

    function testFuzz_frontRun_profitsAtDefaultFeesAtAnySize(uint256 deposit) public {
        deposit = bound(deposit, 10e6, 30_000e6);
        _leveredVault();
        (uint256 out,) = _frontRun(deposit);
        assertGt(out, deposit);
    }

    /// @dev Fees summing to 110 bps, split any way, cover (target + band) x move = 2.1 x 0.5 %: no deposit size
    /// and no exposure inside the band profits.
    function testFuzz_frontRun_neverProfitsAtFeesCoveringTheTopOfTheBand(
        uint256 deposit,
        uint256 entryBps,
        uint256 ethPrice
    ) public {
        deposit = bound(deposit, 10e6, 30_000e6);
        entryBps = bound(entryBps, 10, 100);
        ethPrice = bound(ethPrice, 1918e8, 2000e8); // x from 2.0 to the top of the band
        _setFees(uint16(entryBps), uint16(110 - entryBps));
        _leveredVault();
        _setEthPrice(int256(ethPrice));
        (bool due,) = vault.checkUpkeep("");
        vm.assume(!due);
        uint256 shares = _deposit(bob, deposit);
        _setEthPrice(int256(ethPrice * 1005 / 1000));
        vm.prank(bob);
        assertLt(vault.redeem(shares, bob, bob), deposit);
    }
}
