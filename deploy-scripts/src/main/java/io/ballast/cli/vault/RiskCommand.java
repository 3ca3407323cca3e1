package io.ballast.cli.vault;

import io.ballast.chain.Chain;
import io.ballast.cli.Inputs;
import io.ballast.deploy.RiskSpec;
import io.ballast.wrappers.BallastRiskEngine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ballast vault risk show|propose|accept|cancel}: the risk engine's configuration. Every change is queued
 * behind the policy module's timelock, then accepted after it or cancelled.
 */
@Command(name = "risk", mixinStandardHelpOptions = true, description = "Show or change the vault's risk-engine "
        + "configuration (volatility model, caps, band, ripcord, breaker).",
        subcommands = {RiskCommand.Show.class, RiskCommand.Propose.class, RiskCommand.Accept.class,
                RiskCommand.Cancel.class})
public final class RiskCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    private static String off(BigDecimal value) {
        return value.signum() == 0 ? "off" : value.toPlainString();
    }

    static void print(String title, RiskSpec r) {
        System.out.println(title);
        System.out.printf("  volatility model  %s; prior %s; samples at least %d s apart, sample heartbeat %s%n",
                r.garch() ? "GARCH(1,1), omega " + r.garchOmega().toPlainString() + ", alpha "
                        + r.garchAlpha().toPlainString() + ", beta " + r.garchBeta().toPlainString()
                        : "EWMA, lambda " + r.ewmaLambda().toPlainString(),
                r.initialVol().toPlainString(), r.minSampleSpacingSeconds(),
                r.sampleHeartbeatSeconds() == 0 ? "off" : r.sampleHeartbeatSeconds() + " s");
        System.out.printf("  vol target        %s%n", off(r.volTarget()));
        System.out.printf("  kelly cap         %s%n", r.expectedReturn().signum() == 0 ? "off"
                : "mu " + r.expectedReturn().toPlainString() + ", fraction " + r.kellyFraction().toPlainString());
        System.out.printf("  liquidation cap   %s%n", r.liquidationSigmas().signum() == 0 ? "off"
                : r.liquidationSigmas().toPlainString() + " sigmas over " + r.reactionHorizonSeconds() + " s");
        System.out.printf("  liquidity cap     %s%n", r.maxImpactBps() == 0 ? "off"
                : r.maxImpactBps() + " bps pool impact, and the lender's available liquidity");
        System.out.printf("  band              %s%n", r.costAwareBand() ? "cost-aware: round-trip cost "
                + r.roundTripCost().toPlainString() + ", risk aversion " + r.riskAversion().toPlainString()
                + ", min " + r.bandMin().toPlainString() + " (max: the policy's band)" : "fixed (the policy's band)");
        System.out.printf("  ripcord           %s%n", r.ripcordEnabled() ? "on (emergency slippage "
                + r.emergencySlippageBps() + " bps, premium " + r.ripcordPremiumBps() + " bps)" : "off");
        System.out.printf("  breaker           jump %s, cool-off %d s, max sample gap %s%n",
                r.maxJumpBps() == 0 ? "off" : r.maxJumpBps() + " bps", r.coolOffSeconds(),
                r.maxSampleGapSeconds() == 0 ? "off" : r.maxSampleGapSeconds() + " s");
        System.out.printf("  exit target       %s (x* once a protective order fired)%n", r.exitTarget().toPlainString());
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "The configuration in force and the "
            + "queued one.")
    static final class Show implements Callable<Integer> {
        @Mixin
        Connection c;

        @Override
        public Integer call() throws Exception {
            c.open();
            BallastRiskEngine engine = c.riskEngine(Connection.reader());
            print("risk configuration in force", RiskSpec.of(engine.riskConfig().send()));
            var pending = engine.pendingRiskConfig().send();
            if (pending.component2().signum() > 0) {
                print("queued change, acceptable from " + Instant.ofEpochSecond(pending.component2().longValueExact()),
                        RiskSpec.of(pending.component1()));
            } else {
                System.out.println("no queued change");
            }
            return 0;
        }
    }

    @Command(name = "propose", mixinStandardHelpOptions = true, description = "Queue a configuration: the one in "
            + "force with the given fields changed (curator); accept it after the timelock.")
    static final class Propose implements Callable<Integer> {
        @Mixin
        Connection c;

        @Option(names = "--vol-target", paramLabel = "SIGMA", description = "Volatility target, e.g. 0.5 (0: off).")
        BigDecimal volTarget;

        @Option(names = "--cost-aware-band", paramLabel = "C,LAMBDA,MIN", split = ",",
                description = "Cost-aware band: round-trip cost, risk aversion, lower clamp (e.g. 0.0015,1,0.02).")
        BigDecimal[] costAware;

        @Option(names = "--fixed-band", description = "Back to the policy's fixed band.")
        boolean fixedBand;

        @Option(names = "--breaker", paramLabel = "JUMP_BPS,COOL_OFF_S", split = ",",
                description = "Circuit breaker: price jump in bps (0: off) and cool-off in seconds.")
        long[] breaker;

        @Option(names = "--ripcord", paramLabel = "on|off", description = "Ripcord on or off.")
        String ripcord;

        @Override
        public Integer call() throws Exception {
            if (volTarget == null && costAware == null && !fixedBand && breaker == null && ripcord == null) {
                throw new Inputs.InputException("nothing to change: give --vol-target, --cost-aware-band, "
                        + "--fixed-band, --breaker and/or --ripcord");
            }
            if (costAware != null && fixedBand) {
                throw new Inputs.InputException("--cost-aware-band and --fixed-band exclude each other");
            }
            if (costAware != null && costAware.length != 3) {
                throw new Inputs.InputException("--cost-aware-band takes C,LAMBDA,MIN (three numbers)");
            }
            if (breaker != null && breaker.length != 2) {
                throw new Inputs.InputException("--breaker takes JUMP_BPS,COOL_OFF_S (two numbers)");
            }
            if (ripcord != null && !ripcord.equals("on") && !ripcord.equals("off")) {
                throw new Inputs.InputException("--ripcord takes on or off, not '" + ripcord + "'");
            }
            Chain chain = c.open();
            Credentials who = c.signer();
            BallastRiskEngine engine = c.riskEngine(who);
            RiskSpec current = RiskSpec.of(engine.riskConfig().send());
            RiskSpec next = current;
            if (volTarget != null) {
                next = next.withVolTarget(wadDecimal("--vol-target", volTarget));
            }
            if (costAware != null) {
                next = next.withCostAwareBand(wadDecimal("--cost-aware-band", costAware[0]),
                        wadDecimal("--cost-aware-band", costAware[1]), wadDecimal("--cost-aware-band", costAware[2]));
            }
            if (fixedBand) {
                next = withFixedBand(next);
            }
            if (breaker != null) {
                if (breaker[0] < 0 || breaker[0] > 65_535 || breaker[1] < 0 || breaker[1] > 0xffffffffL) {
                    throw new Inputs.InputException("--breaker " + breaker[0] + "," + breaker[1] + " is out of range");
                }
                next = next.withBreaker((int) breaker[0], breaker[1]);
            }
            if (ripcord != null) {
                next = next.withRipcord(ripcord.equals("on"));
            }
            if (next.equals(current)) {
                throw new Inputs.InputException("nothing to change: the configuration in force already has these "
                        + "values");
            }
            BallastRiskEngine.RiskConfig config = next.toEngineRisk();
            var receipt = Simulation.send(chain, who.getAddress(), engine.proposeRiskConfig(config),
                    engine.getContractAddress(), "proposeRiskConfig");
            var queued = BallastRiskEngine.getRiskConfigQueuedEvents(receipt);
            VaultCommand.sent("queued behind the timelock" + (queued.isEmpty() ? ""
                    : ", acceptable from " + Instant.ofEpochSecond(queued.getFirst().eta.longValueExact()))
                    + "; accept it then with: ballast vault risk accept", receipt);
            return 0;
        }

        private static BigDecimal wadDecimal(String option, BigDecimal value) {
            if (value.signum() < 0) {
                throw new Inputs.InputException(option + " must not be negative, got " + value.toPlainString());
            }
            if (value.stripTrailingZeros().scale() > 18) {
                throw new Inputs.InputException(option + " " + value.toPlainString() + " has more than 18 decimals");
            }
            return value;
        }

        private static RiskSpec withFixedBand(RiskSpec r) {
            return new RiskSpec(r.garch(), r.ewmaLambda(), r.garchOmega(), r.garchAlpha(), r.garchBeta(),
                    r.initialVol(), r.minSampleSpacingSeconds(), r.sampleHeartbeatSeconds(), r.volTarget(),
                    r.expectedReturn(), r.kellyFraction(), r.liquidationSigmas(), r.reactionHorizonSeconds(),
                    r.maxImpactBps(), false, r.roundTripCost(), r.riskAversion(), r.bandMin(), r.ripcordEnabled(),
                    r.emergencySlippageBps(), r.ripcordPremiumBps(), r.maxJumpBps(), r.coolOffSeconds(),
                    r.maxSampleGapSeconds(), r.exitTarget());
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true, description = "Apply the queued configuration after "
            + "its timelock (curator).")
    static final class Accept implements Callable<Integer> {
        @Mixin
        Connection c;

        @Override
        public Integer call() throws Exception {
            Chain chain = c.open();
            Credentials who = c.signer();
            BallastRiskEngine engine = c.riskEngine(who);
            VaultCommand.sent("queued risk configuration applied", Simulation.send(chain, who.getAddress(),
                    engine.acceptRiskConfig(), engine.getContractAddress(), "acceptRiskConfig"));
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Drop the queued configuration "
            + "(curator or guardian).")
    static final class Cancel implements Callable<Integer> {
        @Mixin
        Connection c;

        @Override
        public Integer call() throws Exception {
            Chain chain = c.open();
            Credentials who = c.signer();
            BallastRiskEngine engine = c.riskEngine(who);
            VaultCommand.sent("queued risk configuration cancelled", Simulation.send(chain, who.getAddress(),
                    engine.cancelRiskConfig(), engine.getContractAddress(), "cancelRiskConfig"));
            return 0;
        }
    }
}
