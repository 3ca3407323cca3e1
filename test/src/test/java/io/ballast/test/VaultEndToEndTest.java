package io.ballast.test;

import static io.ballast.deploy.Units.MAX_UINT256;
import static io.ballast.deploy.Units.WAD;
import static io.ballast.deploy.Units.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.chain.HardhatAccounts;
import io.ballast.chain.TransactionRevertedException;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalVault;
import io.ballast.deploy.PolicySpec;
import io.ballast.sim.Liquidator;
import io.ballast.sim.MarketSimulator;
import io.ballast.sim.InProcessKeeper;
import io.ballast.sim.InProcessKeeper.Action;
import io.ballast.wrappers.BallastVault;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;

/**
 * A Ballast vault on the real Aave V3 and Uniswap V3 bytecode: deposits, upkeeps to a 2x long, band rebalances, the
 * liquidation buffer, redemptions, bounties, the keeper allowlist, and the liquidation a keeper prevents.
 */
@ExtendWith(LocalChainExtension.class)
class VaultEndToEndTest {
    private static final Credentials ADMIN = HardhatAccounts.account(HardhatAccounts.DEPLOYER);
    private static final Credentials KEEPER = HardhatAccounts.account(HardhatAccounts.FIRST_FREE);
    private static final Credentials STRANGER = HardhatAccounts.account(HardhatAccounts.FIRST_FREE + 1);
    private static final BigDecimal TARGET = new BigDecimal("2");
    private static final BigInteger BAND = WAD.divide(BigInteger.TEN);
    /** {@code IBallastVault.RequestStatus} as the ABI encodes it (None, Pending, Cancelled, Claimable, Claimed). */
    private static final BigInteger PENDING = BigInteger.ONE;
    private static final BigInteger CLAIMABLE = BigInteger.valueOf(3);

    private static LocalMarket market;
    private static MarketSimulator simulator;
    private static InProcessKeeper keeper;
    private static int nextDepositor = HardhatAccounts.FIRST_FREE + 2;

    @BeforeAll
    static void setUp(LocalMarket localMarket) {
        market = localMarket;
        simulator = new MarketSimulator(market, 5);
        keeper = new InProcessKeeper(KEEPER, simulator);
    }

    @org.junit.jupiter.api.AfterAll
    static void printGas() {
        GasFigures.print();
    }

    @AfterEach
    void restorePrice() throws Exception {
        simulator.step(new BigDecimal("2000"), List.of());
    }

    private static LocalVault newVault(String symbol) throws Exception {
        return new BallastDeployer(market).deployVault(symbol, PolicySpec.long2x(), List.of(KEEPER.getAddress()));
    }

    private static Credentials depositor(LocalVault vault, String usdc) throws Exception {
        Credentials who = HardhatAccounts.account(nextDepositor++);
        market.usdc(ADMIN).mint(who.getAddress(), raw(usdc, 6)).send();
        market.usdc(who).approve(vault.vault(), MAX_UINT256).send();
        GasFigures.record("Ballast deposit (first into the vault)", vault.vault(who).deposit(raw(usdc, 6),
                who.getAddress()).send());
        return who;
    }

    private static BigInteger exposure(LocalVault vault) throws Exception {
        return vault.vault(ADMIN).position().send().exposureWad;
    }

    private static void assertAtTarget(LocalVault vault) throws Exception {
        BigInteger distance = exposure(vault).subtract(PolicySpec.wad(TARGET)).abs();
        assertThat(distance).as("|x - 2| within the band").isLessThanOrEqualTo(BAND);
    }

    /** A deposited vault levered up to its 2x target by the keeper. */
    private static LocalVault leveredVault(String symbol, Credentials[] depositorOut) throws Exception {
        LocalVault vault = newVault(symbol);
        Credentials who = depositor(vault, "100000");
        if (depositorOut != null) {
            depositorOut[0] = who;
        }
        keeper.serve(vault, 30);
        return vault;
    }

    /** A levered vault, its only depositor, the vault as that depositor signs, and the depositor's shares. */
    private record Holding(LocalVault vault, Credentials who, BallastVault asHolder, BigInteger shares) {}

    private static Holding heldVault(String symbol) throws Exception {
        Credentials[] holder = new Credentials[1];
        LocalVault vault = leveredVault(symbol, holder);
        BallastVault asHolder = vault.vault(holder[0]);
        return new Holding(vault, holder[0], asHolder, asHolder.balanceOf(holder[0].getAddress()).send());
    }

    @Test
    void depositThenUpkeepsDeployToTheTwoTimesLongTarget() throws Exception {
        LocalVault vault = newVault("bETH2xA");
        BallastVault asDepositor;
        Credentials who = depositor(vault, "100000");
        asDepositor = vault.vault(who);
        BigInteger shares = asDepositor.balanceOf(who.getAddress()).send();
        assertThat(shares).isPositive();
        BigInteger assets = asDepositor.totalAssets().send();
        // the 10 bps entry fee stays in the vault: it is worth at most the deposit
        assertThat(assets).isLessThanOrEqualTo(raw("100000", 6)).isGreaterThan(raw("99800", 6));
        // x = 0 against a target of 2: the band rule (priority over deploying idle funds) is due
        assertThat(InProcessKeeper.due(vault, KEEPER)).isEqualTo(Action.BAND_REBALANCE);

        List<InProcessKeeper.Upkeep> upkeeps = keeper.serve(vault, 30);

        assertThat(upkeeps).isNotEmpty();
        assertThat(upkeeps).allSatisfy(u -> assertThat(u.receipt().isStatusOK()).isTrue());
        assertAtTarget(vault);
        var position = vault.vault(ADMIN).position().send();
        assertThat(position.suppliedBase).as("WETH supplied on Aave").isPositive();
        assertThat(position.borrowedAsset).as("USDC borrowed on Aave").isPositive();
        assertThat(vault.vault(ADMIN).healthFactor().send()).isGreaterThanOrEqualTo(PolicySpec.wad(
                new BigDecimal("1.25")));
        assertThat(InProcessKeeper.due(vault, KEEPER)).isEqualTo(Action.NONE);

        BigInteger idle = asDepositor.maxWithdraw(who.getAddress()).send();
        assertThat(idle).as("the idle buffer is left for exits").isPositive();
        BigInteger usdcBefore = market.usdc(who).balanceOf(who.getAddress()).send();
        GasFigures.record("Ballast withdraw (from idle funds)", asDepositor.withdraw(idle.divide(BigInteger.TWO),
                who.getAddress(), who.getAddress()).send());
        assertThat(market.usdc(who).balanceOf(who.getAddress()).send().subtract(usdcBefore))
                .isEqualTo(idle.divide(BigInteger.TWO));
        String checkData = org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function("checkUpkeep",
                List.of(new org.web3j.abi.datatypes.DynamicBytes(new byte[0])), List.of()));
        BigInteger checkGas = market.chain().web3j().ethEstimateGas(org.web3j.protocol.core.methods.request
                .Transaction.createEthCallTransaction(KEEPER.getAddress(), vault.vault(), checkData)).send()
                .getAmountUsed();
        GasFigures.record("Ballast checkUpkeep (eth_estimateGas, incl. 21,000 base)", checkGas);
        for (InProcessKeeper.Upkeep u : upkeeps) {
            GasFigures.record("Ballast performUpkeep " + u.action(), u.receipt());
        }
    }

    @Test
    void aPriceRiseTriggersABandRebalanceBackToTarget() throws Exception {
        LocalVault vault = leveredVault("bETH2xB", null);
        simulator.step(new BigDecimal("2200"), List.of());
        // +10% on a 2x long: x = 2.2 / 1.2 = 1.83, outside the 0.1 band
        assertThat(exposure(vault)).isLessThan(PolicySpec.wad(new BigDecimal("1.9")));
        assertThat(InProcessKeeper.due(vault, KEEPER)).isEqualTo(Action.BAND_REBALANCE);

        List<InProcessKeeper.Upkeep> upkeeps = keeper.serve(vault, 10);

        assertThat(upkeeps).extracting(InProcessKeeper.Upkeep::action).contains(Action.BAND_REBALANCE);
        assertAtTarget(vault);
        GasFigures.record("Ballast performUpkeep BAND_REBALANCE (leverage up)", upkeeps.getFirst().receipt());
    }

    @Test
    void aDropBelowTheFloorTopsUpCollateralThenDeleverages() throws Exception {
        LocalVault vault = leveredVault("bETH2xC", null);
        var before = vault.vault(ADMIN).position().send();
        // -25%: health factor from 1.66 to about 1.24, under the 1.25 floor
        simulator.step(new BigDecimal("1500"), List.of());
        assertThat(vault.vault(ADMIN).healthFactor().send()).isLessThan(PolicySpec.wad(new BigDecimal("1.25")));
        assertThat(InProcessKeeper.due(vault, KEEPER)).isEqualTo(Action.LIQUIDATION_BUFFER);

        List<InProcessKeeper.Upkeep> upkeeps = keeper.serve(vault, 10);

        assertThat(upkeeps.getFirst().action()).isEqualTo(Action.LIQUIDATION_BUFFER);
        var after = vault.vault(ADMIN).position().send();
        assertThat(after.borrowedAsset).as("deleveraged: less USDC debt").isLessThan(before.borrowedAsset);
        assertThat(vault.vault(ADMIN).healthFactor().send()).isGreaterThanOrEqualTo(PolicySpec.wad(
                new BigDecimal("1.25")));
        GasFigures.record("Ballast performUpkeep LIQUIDATION_BUFFER", upkeeps.getFirst().receipt());
    }

    @Test
    void aRedemptionRequestIsFilledByAnUpkeepAndClaimed() throws Exception {
        Holding h = heldVault("bETH2xD");
        LocalVault vault = h.vault();
        Credentials who = h.who();
        BallastVault asHolder = h.asHolder();
        BigInteger shares = h.shares();
        BigInteger half = shares.divide(BigInteger.TWO);
        BigInteger expected = asHolder.previewRedeem(half).send();
        assertThat(asHolder.maxRedeem(who.getAddress()).send()).as("idle funds cannot cover half").isLessThan(half);

        var request = asHolder.requestRedeem(half, who.getAddress(), who.getAddress()).send();
        BigInteger requestId = BallastVault.getRedeemRequestedEvents(request).getFirst().requestId;
        assertThat(asHolder.balanceOf(who.getAddress()).send()).isEqualTo(shares.subtract(half));
        assertThat(InProcessKeeper.due(vault, KEEPER)).isEqualTo(Action.FILL_REDEMPTIONS);

        List<InProcessKeeper.Upkeep> upkeeps = keeper.serve(vault, 10);
        assertThat(upkeeps.getFirst().action()).isEqualTo(Action.FILL_REDEMPTIONS);

        BigInteger usdcBefore = market.usdc(who).balanceOf(who.getAddress()).send();
        asHolder.claimRedeem(requestId).send();
        BigInteger received = market.usdc(who).balanceOf(who.getAddress()).send().subtract(usdcBefore);
        // unwinding costs swap fees and slippage: within 1% of the preview at request time
        assertThat(new BigDecimal(received)).isCloseTo(new BigDecimal(expected),
                org.assertj.core.data.Percentage.withPercentage(1));
        GasFigures.record("Ballast performUpkeep FILL_REDEMPTIONS", upkeeps.getFirst().receipt());
    }

    /**
     * FINDINGS F-10 on the real venues: a request for the whole vault used to keep every sale's proceeds idle and
     * never repay the Aave debt, so each upkeep withdrew collateral toward a health factor of 1 and the request never
     * filled. The unwind now repays first: the health factor stays above the floor after every upkeep and the
     * request fills within eight (chunked by the pool's liquidity), for about its preview.
     */
    @Test
    void aWholeVaultRedemptionRepaysFirstAndFillsWithoutWalkingTheHealthFactorDown() throws Exception {
        Holding h = heldVault("bETH2xW");
        BallastVault asHolder = h.asHolder();
        String who = h.who().getAddress();
        BigInteger expected = asHolder.previewRedeem(h.shares()).send();
        var request = asHolder.requestRedeem(h.shares(), who, who).send();
        BigInteger id = BallastVault.getRedeemRequestedEvents(request).getFirst().requestId;
        BigInteger floor = PolicySpec.wad(PolicySpec.long2x().hfFloor());
        LocalVault vault = h.vault();
        int upkeeps = 0;
        while (asHolder.redeemRequest(id).send().status.equals(PENDING)) {
            // the engine chunks each sale to what the pool takes within its impact limit: 5 upkeeps measured here
            assertThat(upkeeps++).as("filled within eight upkeeps").isLessThan(8);
            assertThat(InProcessKeeper.due(vault, KEEPER)).isEqualTo(Action.FILL_REDEMPTIONS);
            assertThat(keeper.serve(vault, 1)).hasSize(1);
            assertThat(vault.vault(ADMIN).healthFactor().send()).as("health factor after upkeep %d", upkeeps)
                    .isGreaterThanOrEqualTo(floor);
        }
        var filled = asHolder.redeemRequest(id).send();
        assertThat(filled.status).isEqualTo(CLAIMABLE);
        assertThat(new BigDecimal(filled.assets)).as("paid about the preview").isCloseTo(new BigDecimal(expected),
                org.assertj.core.data.Percentage.withPercentage(1));
    }

    /**
     * FINDINGS F-09 on the real venues: once a synchronous exit has drained the free idle funds, each upkeep's bounty
     * is owed but unfunded, and the unwind for a small request used to pay those bounties first and never fill it,
     * holding the vault (FillRedemptions comes before every rebalance) while each upkeep accrued another bounty.
     * Each 1 USDC request now fills at the first upkeep, through a real Uniswap V3 sale and Aave V3 repayment.
     */
    @Test
    void smallRedemptionRequestsFillAtTheFirstUpkeepAfterAnExitDrainsTheIdleFunds() throws Exception {
        LocalVault vault = newVault("bETH2xQ");
        Credentials small = depositor(vault, "10000");
        Credentials large = depositor(vault, "90000");
        keeper.serve(vault, 30);
        BallastVault asLarge = vault.vault(large);
        BigInteger idle = asLarge.maxWithdraw(large.getAddress()).send();
        assertThat(idle).as("the idle buffer").isPositive();
        asLarge.withdraw(idle, large.getAddress(), large.getAddress()).send();
        assertThat(vault.vault(ADMIN).position().send().idleAsset).as("free idle drained").isZero();

        BallastVault asSmall = vault.vault(small);
        for (int k = 0; k < 3; k++) {
            BigInteger shares = asSmall.convertToShares(raw("1", 6)).send();
            var request = asSmall.requestRedeem(shares, small.getAddress(), small.getAddress()).send();
            BigInteger id = BallastVault.getRedeemRequestedEvents(request).getFirst().requestId;
            assertThat(InProcessKeeper.due(vault, KEEPER)).isEqualTo(Action.FILL_REDEMPTIONS);
            List<InProcessKeeper.Upkeep> upkeeps = keeper.serve(vault, 1);
            assertThat(upkeeps).hasSize(1);
            var filled = asSmall.redeemRequest(id).send();
            assertThat(filled.status).as("request %d filled at its first upkeep", k).isEqualTo(CLAIMABLE);
            assertThat(new BigDecimal(filled.assets)).isCloseTo(new BigDecimal(raw("1", 6)),
                    org.assertj.core.data.Percentage.withPercentage(1));
            BigInteger before = market.usdc(small).balanceOf(small.getAddress()).send();
            asSmall.claimRedeem(id).send();
            assertThat(market.usdc(small).balanceOf(small.getAddress()).send().subtract(before))
                    .isEqualTo(filled.assets);
        }
        assertThat(InProcessKeeper.due(vault, KEEPER)).as("the queue no longer holds the vault")
                .isNotEqualTo(Action.FILL_REDEMPTIONS);
    }

    @Test
    void theKeeperClaimsItsBountyAndAStrangerIsRefused() throws Exception {
        LocalVault vault = leveredVault("bETH2xE", null);
        BallastVault asKeeper = vault.vault(KEEPER);
        BigInteger owed = asKeeper.bountyOwed(KEEPER.getAddress()).send();
        assertThat(owed).as("bounties accrued for the upkeeps").isPositive()
                .isLessThanOrEqualTo(PolicySpec.long2x().bountyCapPerDay());

        BigInteger before = market.usdc(KEEPER).balanceOf(KEEPER.getAddress()).send();
        asKeeper.claimBounty().send();
        assertThat(market.usdc(KEEPER).balanceOf(KEEPER.getAddress()).send().subtract(before)).isEqualTo(owed);
        assertThat(asKeeper.bountyOwed(KEEPER.getAddress()).send()).isZero();

        simulator.step(new BigDecimal("2200"), List.of());
        assertThat(InProcessKeeper.due(vault, STRANGER)).isEqualTo(Action.BAND_REBALANCE);
        byte[] data = vault.vault(STRANGER).checkUpkeep(new byte[0]).send().component2();
        assertThatThrownBy(() -> vault.vault(STRANGER).performUpkeep(data).send())
                .isInstanceOf(TransactionRevertedException.class)
                .hasMessageContaining("AccessControlUnauthorizedAccount");
    }

    @Test
    void withoutAKeeperAFallingMarketLiquidatesTheVaultAndWithOneItDoesNot() throws Exception {
        LocalVault kept = leveredVault("bETH2xK", null);
        LocalVault unkept = leveredVault("bETH2xU", null);
        List<String> watched = List.of(kept.vault(), unkept.vault());
        Liquidator liquidator = simulator.liquidator();
        List<Liquidator.Liquidation> liquidations = new ArrayList<>();
        // -5% a step down to -40%: the keeper serves only one of the two vaults
        for (int step = 1; step <= 8; step++) {
            BigDecimal price = new BigDecimal(2000 - 100 * step);
            liquidations.addAll(simulator.step(price, watched).liquidations());
            keeper.serve(kept, 10);
            liquidations.addAll(liquidator.liquidate(watched));
        }
        assertThat(liquidations).extracting(Liquidator.Liquidation::user)
                .as("the vault nobody kept was really liquidated").contains(unkept.vault().toLowerCase())
                .doesNotContain(kept.vault().toLowerCase());
        assertThat(liquidator.healthFactor(kept.vault())).isGreaterThan(WAD);
    }
}
