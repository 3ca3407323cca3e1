package io.ballast.cli.vault;

import io.ballast.deploy.PolicySpec;
import io.ballast.wrappers.BallastPolicyModule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ballast vault policy show|propose|accept|cancel}. A proposal that only tightens applies at once; one that
 * adds risk is queued behind the timelock and accepted after it, or cancelled.
 */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Show or change the vault's risk policy.",
        subcommands = {PolicyCommand.Show.class, PolicyCommand.Propose.class, PolicyCommand.Accept.class,
                PolicyCommand.Cancel.class})
public final class PolicyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static void print(String title, PolicySpec p) {
        System.out.println(title);
        System.out.printf("  target exposure   %s%n  band              %s%n  min drift         %s%n", p.targetExposure(),
                p.band(), p.minDrift());
        System.out.printf("  health factor     floor %s, target %s, critical %s%n", p.hfFloor(), p.hfTarget(),
                p.hfCritical());
        System.out.printf("  heartbeat         %d s%n  chunk spacing     %d s%n  max trade         %s raw%n",
                p.heartbeatSeconds(), p.minChunkSpacingSeconds(), p.maxTradeAssets());
        System.out.printf("  slippage          %d bps%n  max deviation     %d bps%n  gas ceiling       %s wei%n",
                p.slippageBps(), p.maxDeviationBps(), p.gasPriceCeilingWei());
        System.out.printf("  bounty            premium %d bps, cap %s per upkeep, %s per day (raw)%n",
                p.bountyPremiumBps(), p.bountyCapPerUpkeep(), p.bountyCapPerDay());
        System.out.printf("  fees              entry %d bps, exit %d bps%n  idle buffer       %d bps%n",
                p.entryFeeBps(), p.exitFeeBps(), p.idleBufferBps());
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "The policy in force, the queued one, "
            + "and the hard bounds.")
    static final class Show implements Callable<Integer> {
        @Mixin
        Connection c;

        @Override
        public Integer call() throws Exception {
            c.open();
            BallastPolicyModule m = c.policyModule(Connection.reader());
            print("policy in force", PolicySpec.of(m.policy().send()));
            var pending = m.pendingPolicy().send();
            if (pending.component2().signum() > 0) {
                print("queued change, acceptable from " + Instant.ofEpochSecond(pending.component2().longValueExact()),
                        PolicySpec.of(pending.component1()));
            } else {
                System.out.println("no queued change");
            }
            return 0;
        }
    }

    @Command(name = "propose", mixinStandardHelpOptions = true, description = "Propose a policy: the one in force "
            + "with the given fields changed (curator).")
    static final class Propose implements Callable<Integer> {
        @Mixin
        Connection c;

        @Option(names = "--target", description = "Target exposure, e.g. 1.5.")
        BigDecimal target;

        @Option(names = "--band", description = "Fixed band, e.g. 0.1.")
        BigDecimal band;

        @Override
        public Integer call() throws Exception {
            c.open();
            BallastPolicyModule m = c.policyModule(c.signer());
            PolicySpec current = PolicySpec.of(m.policy().send());
            PolicySpec next = current;
            if (target != null) {
                next = next.withTarget(target);
            }
            if (band != null) {
                next = new PolicySpec(next.targetExposure(), band, next.minDrift(), next.hfFloor(), next.hfTarget(),
                        next.hfCritical(), next.heartbeatSeconds(), next.minChunkSpacingSeconds(),
                        next.maxTradeAssets(), next.gasPriceCeilingWei(), next.slippageBps(), next.maxDeviationBps(),
                        next.bountyPremiumBps(), next.entryFeeBps(), next.bountyCapPerUpkeep(), next.bountyCapPerDay(),
                        next.exitFeeBps(), next.idleBufferBps());
            }
            if (next.equals(current)) {
                throw new io.ballast.cli.Inputs.InputException("nothing to change: give --target and/or --band");
            }
            var receipt = m.setPolicy(next.toModulePolicy()).send();
            boolean applied = !BallastPolicyModule.getPolicyAppliedEvents(receipt).isEmpty();
            VaultCommand.sent(applied ? "applied at once (reduces risk)" : "queued behind the timelock (adds risk); "
                    + "accept it after the timelock with: ballast vault policy accept", receipt);
            return 0;
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true, description = "Apply the queued change after its "
            + "timelock (curator).")
    static final class Accept implements Callable<Integer> {
        @Mixin
        Connection c;

        @Override
        public Integer call() throws Exception {
            c.open();
            VaultCommand.sent("queued policy applied", c.policyModule(c.signer()).acceptPolicy().send());
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Drop the queued change (curator or "
            + "guardian).")
    static final class Cancel implements Callable<Integer> {
        @Mixin
        Connection c;

        @Override
        public Integer call() throws Exception {
            c.open();
            VaultCommand.sent("queued policy cancelled", c.policyModule(c.signer()).cancelPolicy().send());
            return 0;
        }
    }
}
