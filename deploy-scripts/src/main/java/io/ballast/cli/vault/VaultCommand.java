package io.ballast.cli.vault;

import io.ballast.cli.Inputs;
import io.ballast.deploy.RiskSpec;
import io.ballast.wrappers.BallastRiskEngine;
import io.ballast.wrappers.BallastVault;
import io.ballast.wrappers.TestERC20;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ballast vault}: what depositors and curators do with a vault. */
@Command(name = "vault", mixinStandardHelpOptions = true, description = "Read and act on a Ballast vault.",
        subcommands = {VaultCommand.Status.class, VaultCommand.Approve.class, VaultCommand.Deposit.class,
                VaultCommand.Withdraw.class, VaultCommand.RequestRedeem.class, VaultCommand.Claim.class,
                VaultCommand.Pause.class, VaultCommand.Unpause.class, KeepersCommand.class, PolicyCommand.class,
                OrdersCommand.class, RiskCommand.class})
public final class VaultCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static String fmt(BigInteger raw, int decimals) {
        return new BigDecimal(raw, decimals).setScale(Math.min(decimals, 6), RoundingMode.DOWN).toPlainString();
    }

    static String wad(BigInteger value) {
        return new BigDecimal(value).movePointLeft(18).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    }

    static void sent(String what, TransactionReceipt receipt) {
        System.out.printf("%s: tx %s (block %s, gas %,d)%n", what, receipt.getTransactionHash(),
                receipt.getBlockNumber(), receipt.getGasUsed());
    }

    /** {@code vault status}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Equity, share price, exposure against "
            + "target and band, health factor, redemptions, bounties and pause state; the risk engine's volatility "
            + "estimate, band in force, circuit breaker, protective orders and samples.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Connection c;

        @Override
        public Integer call() throws Exception {
            c.open();
            BallastVault v = c.vault(Connection.reader());
            TestERC20 asset = c.token(v.asset().send(), Connection.reader());
            int d = asset.decimals().send().intValueExact();
            String symbol = asset.symbol().send();
            var position = v.position().send();
            var policy = c.policyModule(Connection.reader()).policy().send();
            BigInteger supply = v.totalSupply().send();
            BigInteger oneShare = BigInteger.TEN.pow(v.decimals().send().intValueExact());
            var queue = v.queueState().send();
            var bounty = v.bountyState().send();
            BigInteger hf = v.healthFactor().send();
            System.out.printf("vault          %s (%s)%n", c.vaultAddress(), v.symbol().send());
            System.out.printf("equity         %s %s (total assets %s)%n", fmt(position.equity, d), symbol,
                    fmt(v.totalAssets().send(), d));
            System.out.printf("share price    %s %s per share (%s shares)%n",
                    supply.signum() == 0 ? "-" : fmt(v.convertToAssets(oneShare).send(), d), symbol,
                    fmt(supply, v.decimals().send().intValueExact()));
            System.out.printf("exposure       %s  target %s  band +-%s%n", wad(position.exposureWad),
                    wad(v.targetExposure().send()), wad(policy.bandWad));
            System.out.printf("health factor  %s  (floor %s, critical %s)%n",
                    hf.bitLength() > 200 ? "no debt" : wad(hf), wad(policy.hfFloorWad), wad(policy.hfCriticalWad));
            System.out.printf("oracle price   %s %s per base%n", wad(position.priceWad), symbol);
            System.out.printf("redemptions    %s shares pending, %s %s reserved for claims%n",
                    fmt(queue.component3(), v.decimals().send().intValueExact()), fmt(queue.component4(), d), symbol);
            System.out.printf("bounties owed  %s %s%n", fmt(bounty.component1(), d), symbol);
            System.out.printf("paused         %s%s%n", v.paused().send(),
                    v.emergencyUnwind().send() ? " (emergency unwind on)" : "");
            var check = v.checkUpkeep(new byte[0]).send();
            System.out.printf("upkeep         %s%n", check.component1() ? "due" : "not due ("
                    + new String(check.component2(), java.nio.charset.StandardCharsets.US_ASCII) + ")");
            printRisk(c, position.priceWad);
            return 0;
        }

        /** The risk engine's lines: volatility, band in force, breaker, orders, samples. */
        private static void printRisk(Connection c, BigInteger priceWad) throws Exception {
            BallastRiskEngine engine = c.riskEngine(Connection.reader());
            var config = engine.riskConfig().send();
            var state = engine.riskState().send();
            var orders = engine.orders().send();
            var a = c.assess();
            long now = c.now();
            BigDecimal sigma = new BigDecimal(engine.volatility().send()).movePointLeft(16)
                    .setScale(2, RoundingMode.HALF_EVEN);
            RiskSpec risk = RiskSpec.of(config);
            String model = risk.garch() ? "GARCH(1,1), omega " + risk.garchOmega().toPlainString() + ", alpha "
                    + risk.garchAlpha().toPlainString() + ", beta " + risk.garchBeta().toPlainString()
                    : "EWMA, lambda " + risk.ewmaLambda().toPlainString();
            System.out.printf("volatility     sigma_hat %s %%/yr (%s%s)%n", sigma.toPlainString(), model,
                    state.samples.signum() == 0 ? "; the prior until a return is sampled" : "");
            System.out.printf("risk engine    target %s  band +-%s (%s)%n", wad(a.targetWad), wad(a.bandWad),
                    risk.costAwareBand() ? "cost-aware: c " + risk.roundTripCost().toPlainString() + ", lambda "
                            + risk.riskAversion().toPlainString() + ", min " + risk.bandMin().toPlainString()
                            : "fixed: the policy's band");
            BigInteger reason = engine.breaker(priceWad).send();
            String breaker = switch (reason.intValue()) {
                case 0 -> "off";
                case 1 -> "CoolOff until " + java.time.Instant.ofEpochSecond(state.breakerUntil.longValueExact())
                        + " (deposits closed, exposure not increased)";
                default -> OrdersCommand.breakerName(reason) + ": trips at the next upkeep (deposits closed)";
            };
            System.out.printf("breaker        %s%n", breaker);
            String fired = state.fired.signum() != 0 ? OrdersCommand.orderName(state.fired) + " (x* at the exit "
                    + "target until re-armed)"
                    : a.order.signum() != 0 ? "none (" + OrdersCommand.orderName(a.order) + " fires at the next upkeep)"
                    : "none";
            System.out.printf("orders         %s; water mark %s; fired %s%n", OrdersCommand.oneLine(orders),
                    state.waterMarkWad.signum() == 0 ? "none" : OrdersCommand.price(state.waterMarkWad), fired);
            long last = state.lastSampleAt.longValueExact();
            System.out.printf("samples        %s returns, %s%n", state.samples, last == 0 ? "no price sampled yet"
                    : "last sample " + age(Math.max(0, now - last)) + " ago" + (a.sampleDue ? " (sample due)" : ""));
        }

        private static String age(long seconds) {
            if (seconds < 120) {
                return seconds + " s";
            }
            if (seconds < 7200) {
                return seconds / 60 + " min";
            }
            return seconds < 172_800 ? seconds / 3600 + " h" : seconds / 86_400 + " d";
        }
    }

    /** {@code vault approve}. */
    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Allow the vault to take AMOUNT of "
            + "the asset from the signer (needed before deposit).")
    static final class Approve implements Callable<Integer> {
        @Mixin
        Connection c;

        @Option(names = "--amount", required = true, description = "Amount of the vault asset, in whole units.")
        String amount;

        @Override
        public Integer call() throws Exception {
            c.open();
            Credentials who = c.signer();
            TestERC20 asset = c.token(c.vault(who).asset().send(), who);
            BigInteger raw = Inputs.amount("--amount", amount, asset.decimals().send().intValueExact(),
                    asset.symbol().send());
            sent("approved " + amount + " " + asset.symbol().send(), asset.approve(c.vaultAddress(), raw).send());
            return 0;
        }
    }

    /** {@code vault deposit}. */
    @Command(name = "deposit", mixinStandardHelpOptions = true, description = "Deposit AMOUNT of the asset.")
    static final class Deposit implements Callable<Integer> {
        @Mixin
        Connection c;

        @Option(names = "--amount", required = true, description = "Amount of the vault asset, in whole units.")
        String amount;

        @Override
        public Integer call() throws Exception {
            c.open();
            Credentials who = c.signer();
            BallastVault v = c.vault(who);
            TestERC20 asset = c.token(v.asset().send(), who);
            int d = asset.decimals().send().intValueExact();
            String symbol = asset.symbol().send();
            BigInteger raw = Inputs.amount("--amount", amount, d, symbol);
            BigInteger balance = asset.balanceOf(who.getAddress()).send();
            if (balance.compareTo(raw) < 0) {
                throw new Inputs.InputException("balance " + fmt(balance, d) + " " + symbol + " is less than "
                        + amount);
            }
            BigInteger allowance = asset.allowance(who.getAddress(), c.vaultAddress()).send();
            if (allowance.compareTo(raw) < 0) {
                throw new Inputs.InputException("allowance " + fmt(allowance, d) + " " + symbol + " is less than "
                        + amount + "; approve first: ballast vault approve --vault " + c.vaultAddress()
                        + " --amount " + amount);
            }
            BigInteger max = v.maxDeposit(who.getAddress()).send();
            if (max.compareTo(raw) < 0) {
                throw new Inputs.InputException("the vault takes at most " + fmt(max, d) + " " + symbol
                        + " now (paused, breaker or equity deficit?)");
            }
            BigInteger shares = v.previewDeposit(raw).send();
            sent("deposited " + amount + " " + symbol + " for about " + fmt(shares, v.decimals().send()
                    .intValueExact()) + " shares", v.deposit(raw, who.getAddress()).send());
            return 0;
        }
    }

    /** {@code vault withdraw}. */
    @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Withdraw AMOUNT of the asset from "
            + "idle funds (larger exits: request-redeem).")
    static final class Withdraw implements Callable<Integer> {
        @Mixin
        Connection c;

        @Option(names = "--amount", required = true, description = "Amount of the vault asset, in whole units.")
        String amount;

        @Override
        public Integer call() throws Exception {
            c.open();
            Credentials who = c.signer();
            BallastVault v = c.vault(who);
            TestERC20 asset = c.token(v.asset().send(), who);
            int d = asset.decimals().send().intValueExact();
            BigInteger raw = Inputs.amount("--amount", amount, d, asset.symbol().send());
            BigInteger max = v.maxWithdraw(who.getAddress()).send();
            if (max.compareTo(raw) < 0) {
                throw new Inputs.InputException("at most " + fmt(max, d) + " " + asset.symbol().send()
                        + " can be withdrawn from idle funds now; use request-redeem for more");
            }
            sent("withdrew " + amount + " " + asset.symbol().send(), v.withdraw(raw, who.getAddress(),
                    who.getAddress()).send());
            return 0;
        }
    }

    /** {@code vault request-redeem}. */
    @Command(name = "request-redeem", mixinStandardHelpOptions = true, description = "Queue SHARES for redemption; "
            + "upkeeps fill the request, then claim it.")
    static final class RequestRedeem implements Callable<Integer> {
        @Mixin
        Connection c;

        @Option(names = "--shares", required = true, description = "Shares, in whole units.")
        String shares;

        @Override
        public Integer call() throws Exception {
            c.open();
            Credentials who = c.signer();
            BallastVault v = c.vault(who);
            BigInteger raw = Inputs.amount("--shares", shares, v.decimals().send().intValueExact(), "shares");
            BigInteger held = v.balanceOf(who.getAddress()).send();
            if (held.compareTo(raw) < 0) {
                throw new Inputs.InputException("you hold " + fmt(held, v.decimals().send().intValueExact())
                        + " shares, less than " + shares);
            }
            TransactionReceipt receipt = v.requestRedeem(raw, who.getAddress(), who.getAddress()).send();
            BigInteger id = BallastVault.getRedeemRequestedEvents(receipt).getFirst().requestId;
            sent("redemption request " + id + " queued", receipt);
            System.out.println("claim it once filled: ballast vault claim --vault " + c.vaultAddress()
                    + " --request " + id);
            return 0;
        }
    }

    /** {@code vault claim}. */
    @Command(name = "claim", mixinStandardHelpOptions = true, description = "Claim a filled redemption request.")
    static final class Claim implements Callable<Integer> {
        @Mixin
        Connection c;

        @Option(names = "--request", required = true, description = "Request id.")
        BigInteger request;

        @Override
        public Integer call() throws Exception {
            c.open();
            Credentials who = c.signer();
            BallastVault v = c.vault(who);
            var r = v.redeemRequest(request).send();
            String[] status = {"unknown", "pending", "cancelled", "claimable", "claimed"};
            int s = r.status.intValueExact();
            if (s != 3) {
                throw new Inputs.InputException("request " + request + " is " + status[Math.min(s, 4)]
                        + ", not claimable" + (s == 1 ? " yet: an upkeep fills it" : ""));
            }
            sent("claimed request " + request, v.claimRedeem(request).send());
            return 0;
        }
    }

    /** {@code vault pause}. */
    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop deposits and risk-increasing "
            + "trades (guardian). Exits keep working.")
    static final class Pause implements Callable<Integer> {
        @Mixin
        Connection c;

        @Override
        public Integer call() throws Exception {
            c.open();
            sent("paused", c.vault(c.signer()).pause().send());
            return 0;
        }
    }

    /** {@code vault unpause}. */
    @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Lift a pause (guardian).")
    static final class Unpause implements Callable<Integer> {
        @Mixin
        Connection c;

        @Override
        public Integer call() throws Exception {
            c.open();
            sent("unpaused", c.vault(c.signer()).unpause().send());
            return 0;
        }
    }
}
