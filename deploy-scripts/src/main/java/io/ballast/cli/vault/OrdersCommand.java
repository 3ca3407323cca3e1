package io.ballast.cli.vault;

import io.ballast.chain.Chain;
import io.ballast.cli.Inputs;
import io.ballast.wrappers.BallastRiskEngine;
import io.ballast.wrappers.BallastVault;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ballast vault orders set|rearm|show}: the protective orders of the vault's risk engine (curator). Prices are
 * oracle prices in the vault asset per whole base token; an order that fired holds x* at the risk engine's exit
 * target until the curator re-arms the orders.
 */
@Command(name = "orders", mixinStandardHelpOptions = true, description = "Show or set the vault's protective "
        + "orders (stop-loss, take-profit, trailing stop), or re-arm them after one fired (curator).",
        subcommands = {OrdersCommand.Show.class, OrdersCommand.Set.class, OrdersCommand.Rearm.class})
public final class OrdersCommand implements Runnable {
    static final String[] ORDER_KINDS = {"None", "StopLoss", "TakeProfit", "TrailingStop"};
    static final String[] BREAKER_REASONS = {"None", "CoolOff", "SampleGap", "PriceJump"};

    private static final BigInteger MAX_UINT128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static String orderName(BigInteger kind) {
        int k = kind.intValue();
        return k >= 0 && k < ORDER_KINDS.length ? ORDER_KINDS[k] : "OrderKind(" + kind + ")";
    }

    static String breakerName(BigInteger reason) {
        int r = reason.intValue();
        return r >= 0 && r < BREAKER_REASONS.length ? BREAKER_REASONS[r] : "BreakerReason(" + reason + ")";
    }

    /** A WAD price as an exact decimal, or "off" for 0. */
    static String price(BigInteger wad) {
        return wad.signum() == 0 ? "off" : new BigDecimal(wad).movePointLeft(18).stripTrailingZeros().toPlainString();
    }

    /** A bps distance as a percent, e.g. 1000 to "10%"; "off" for 0. */
    static String percent(BigInteger bps) {
        return bps.signum() == 0 ? "off"
                : new BigDecimal(bps).movePointLeft(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** The orders on one line, for {@code vault status}. */
    static String oneLine(BallastRiskEngine.Orders o) {
        return "stop-loss " + price(o.stopLossWad) + ", take-profit " + price(o.takeProfitWad) + ", trailing stop "
                + percent(o.trailingStopBps);
    }

    /** A price option: a non-negative decimal of the quote per whole base token, as WAD (0 switches it off). */
    static BigInteger parsePrice(String option, String text) {
        BigDecimal value = decimal(option, text);
        if (value.signum() < 0) {
            throw new Inputs.InputException(option + " must not be negative, got " + value.toPlainString());
        }
        if (value.stripTrailingZeros().scale() > 18) {
            throw new Inputs.InputException(option + " " + value.toPlainString() + " has more than 18 decimals");
        }
        BigInteger wad = value.movePointRight(18).toBigIntegerExact();
        if (wad.compareTo(MAX_UINT128) > 0) {
            throw new Inputs.InputException(option + " " + value.toPlainString() + " is too large");
        }
        return wad;
    }

    /** The trailing stop: a percent below 100 with at most 2 decimals (1 bps), as bps (0 switches it off). */
    static BigInteger parseTrailing(String option, String text) {
        BigDecimal value = decimal(option, text);
        if (value.signum() < 0) {
            throw new Inputs.InputException(option + " must not be negative, got " + value.toPlainString());
        }
        if (value.compareTo(BigDecimal.valueOf(100)) >= 0) {
            throw new Inputs.InputException(option + " must be below 100 (percent), got " + value.toPlainString());
        }
        if (value.stripTrailingZeros().scale() > 2) {
            throw new Inputs.InputException(option + " " + value.toPlainString() + " has more decimals than bps "
                    + "allow (2)");
        }
        return value.movePointRight(2).toBigIntegerExact();
    }

    private static BigDecimal decimal(String option, String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new Inputs.InputException(option + " '" + text + "' is not a number");
        }
    }

    /** What {@code orders show} prints, also after {@code set}. */
    static void print(Connection c, BallastRiskEngine engine) throws Exception {
        BallastVault v = c.vault(Connection.reader());
        String quote = c.token(v.asset().send(), Connection.reader()).symbol().send();
        String base = c.token(v.base().send(), Connection.reader()).symbol().send();
        String unit = " " + quote + " per " + base;
        boolean isLong = c.policyModule(Connection.reader()).policy().send().targetExposureWad.signum() >= 0;
        BallastRiskEngine.Orders o = engine.orders().send();
        BallastRiskEngine.RiskState s = engine.riskState().send();
        BallastRiskEngine.Assessment a = c.assess();
        System.out.println(isLong
                ? "protective orders (long: stop-loss at or below, take-profit at or above, trailing stop below the "
                        + "high-water mark)"
                : "protective orders (short: stop-loss at or above, take-profit at or below, trailing stop above the "
                        + "low-water mark)");
        System.out.printf("  stop-loss       %s%n", o.stopLossWad.signum() == 0 ? "off" : price(o.stopLossWad) + unit);
        System.out.printf("  take-profit     %s%n",
                o.takeProfitWad.signum() == 0 ? "off" : price(o.takeProfitWad) + unit);
        System.out.printf("  trailing stop   %s%n", o.trailingStopBps.signum() == 0 ? "off"
                : percent(o.trailingStopBps) + (isLong ? " below the high" : " above the low") + "-water mark ("
                        + o.trailingStopBps + " bps)");
        System.out.printf("  water mark      %s%n", s.waterMarkWad.signum() == 0 ? "none yet (set at the next upkeep)"
                : price(s.waterMarkWad) + unit + (isLong ? " (high)" : " (low)"));
        boolean fired = s.fired.signum() != 0;
        System.out.printf("  fired           %s%n", fired ? orderName(s.fired) + " (x* held at the exit target; "
                + "re-arm: ballast vault orders rearm --vault " + c.vaultAddress() + ")" : "none");
        System.out.printf("  oracle price    %s%s%n", VaultCommand.wad(v.position().send().priceWad), unit);
        if (!fired) {
            System.out.printf("  at this price   %s%n", a.order.signum() == 0 ? "no order fires"
                    : orderName(a.order) + " fires at the next upkeep");
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "The orders armed, the water mark, and "
            + "which order fired or would fire at the oracle price.")
    static final class Show implements Callable<Integer> {
        @Mixin
        Connection c;

        @Override
        public Integer call() throws Exception {
            c.open();
            print(c, c.riskEngine(Connection.reader()));
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set protective orders (curator): the "
            + "orders armed with the given ones changed; 0 switches one off. Does not re-arm a fired order.")
    static final class Set implements Callable<Integer> {
        @Mixin
        Connection c;

        @Option(names = "--stop-loss", paramLabel = "PRICE", description = "Stop-loss price, in the vault asset per "
                + "whole base token (e.g. 1800.5); 0: off.")
        String stopLoss;

        @Option(names = "--take-profit", paramLabel = "PRICE", description = "Take-profit price, in the vault asset "
                + "per whole base token; 0: off.")
        String takeProfit;

        @Option(names = "--trailing-stop", paramLabel = "PERCENT", description = "Trailing stop, percent from the "
                + "water mark (e.g. 10; below 100, at most 2 decimals); 0: off.")
        String trailingStop;

        @Override
        public Integer call() throws Exception {
            if (stopLoss == null && takeProfit == null && trailingStop == null) {
                throw new Inputs.InputException("nothing to set: give --stop-loss, --take-profit and/or "
                        + "--trailing-stop (0 switches one off)");
            }
            BigInteger sl = stopLoss == null ? null : parsePrice("--stop-loss", stopLoss);
            BigInteger tp = takeProfit == null ? null : parsePrice("--take-profit", takeProfit);
            BigInteger ts = trailingStop == null ? null : parseTrailing("--trailing-stop", trailingStop);
            Chain chain = c.open();
            Credentials who = c.signer();
            BallastRiskEngine engine = c.riskEngine(who);
            BallastRiskEngine.Orders current = engine.orders().send();
            BallastRiskEngine.Orders next = new BallastRiskEngine.Orders(sl != null ? sl : current.stopLossWad,
                    tp != null ? tp : current.takeProfitWad, ts != null ? ts : current.trailingStopBps);
            VaultCommand.sent("orders set", Simulation.send(chain, who.getAddress(), engine.setOrders(next),
                    engine.getContractAddress(), "setOrders"));
            print(c, engine);
            return 0;
        }
    }

    @Command(name = "rearm", mixinStandardHelpOptions = true, description = "Re-arm the orders after one fired "
            + "(curator): x* returns to the policy's rules and the water mark restarts at the next upkeep.")
    static final class Rearm implements Callable<Integer> {
        @Mixin
        Connection c;

        @Override
        public Integer call() throws Exception {
            Chain chain = c.open();
            Credentials who = c.signer();
            BallastRiskEngine engine = c.riskEngine(who);
            VaultCommand.sent("orders re-armed", Simulation.send(chain, who.getAddress(), engine.rearm(),
                    engine.getContractAddress(), "rearm"));
            return 0;
        }
    }
}
