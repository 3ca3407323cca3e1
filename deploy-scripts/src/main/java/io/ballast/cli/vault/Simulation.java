package io.ballast.cli.vault;

import io.ballast.chain.Chain;
import io.ballast.cli.Inputs;
import io.ballast.keeper.abi.RevertReasons;
import io.ballast.keeper.chain.ChainException;
import io.ballast.keeper.chain.Web3jChainClient;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Runs a transaction as an {@code eth_call} from its signer before it is sent, so that a revert becomes one line naming
 * the contract's custom error (e.g. {@code RiskUnauthorized}) and nothing is signed or sent.
 */
final class Simulation {
    /** The risk engine's custom errors (IBallastRiskEngine), so that {@link RevertReasons} names them. */
    private static final String[] RISK_ERRORS = {"RiskConfigInvalid(uint256)", "RiskOrdersInvalid(uint256)",
            "RiskUnauthorized(address,bytes32)", "RiskNotPolicyModule(address)", "RiskNothingPending()",
            "RiskTimelockActive(uint256)", "RiskNotFired()", "RiskModuleAlreadyBound(address)"};

    /** RiskConfig fields in declaration order, for RiskConfigInvalid(field). */
    private static final String[] CONFIG_FIELDS = {"volModel", "ewmaLambdaWad", "garchOmegaWad", "garchAlphaWad",
            "garchBetaWad", "initialVolWad", "minSampleSpacing", "sampleHeartbeat", "volTargetWad",
            "expectedReturnWad", "kellyFractionWad", "liquidationSigmasWad", "reactionHorizon", "maxImpactBps",
            "costAwareBand", "roundTripCostWad", "riskAversionWad", "bandMinWad", "ripcordEnabled",
            "emergencySlippageBps", "ripcordPremiumBps", "maxJumpBps", "coolOff", "maxSampleGap", "exitTargetWad"};

    private static final Map<String, String> ROLES = Map.of(
            Hash.sha3String("CURATOR_ROLE"), "CURATOR_ROLE",
            Hash.sha3String("GUARDIAN_ROLE"), "GUARDIAN_ROLE",
            Hash.sha3String("KEEPER_ROLE"), "KEEPER_ROLE",
            "0x" + "0".repeat(64), "DEFAULT_ADMIN_ROLE");

    static {
        for (String signature : RISK_ERRORS) {
            RevertReasons.register(signature);
        }
    }

    private Simulation() {}

    /**
     * Calls {@code call} on {@code to} from {@code from} at the latest block; a revert throws an
     * {@link Inputs.InputException} "{@code what} would revert: REASON".
     */
    static void require(Chain chain, String from, String to, RemoteFunctionCall<?> call, String what) {
        byte[] data = Numeric.hexStringToByteArray(call.encodeFunctionCall());
        try {
            new Web3jChainClient(chain.web3j()).call(from, to, data);
        } catch (ChainException.CallReverted e) {
            throw new Inputs.InputException(what + " would revert: " + describe(e.revertData()));
        } catch (ChainException e) {
            throw new IllegalStateException("cannot simulate " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Simulates {@code call} (see {@link #require}) from the signer {@code from}, then sends it: nothing is sent when
     * the simulation reverts.
     */
    static TransactionReceipt send(Chain chain, String from, RemoteFunctionCall<TransactionReceipt> call, String to,
            String what) throws Exception {
        require(chain, from, to, call, what);
        return call.send();
    }

    /** Revert data as one line: the risk engine's errors with their arguments spelled out, others as the keeper's. */
    static String describe(byte[] revert) {
        if (revert.length >= 4) {
            String selector = Numeric.toHexString(Arrays.copyOfRange(revert, 0, 4));
            byte[] args = Arrays.copyOfRange(revert, 4, revert.length);
            if (selector.equals(RevertReasons.selector("RiskUnauthorized(address,bytes32)")) && args.length >= 64) {
                String account = "0x" + Numeric.toHexStringNoPrefix(Arrays.copyOfRange(args, 12, 32));
                String role = Numeric.toHexString(Arrays.copyOfRange(args, 32, 64));
                return "RiskUnauthorized: " + account + " does not hold " + ROLES.getOrDefault(role, "role " + role)
                        + " on the vault";
            }
            if (selector.equals(RevertReasons.selector("RiskConfigInvalid(uint256)")) && args.length >= 32) {
                int field = word(args).intValue();
                return "RiskConfigInvalid: field " + field + " ("
                        + (field < CONFIG_FIELDS.length ? CONFIG_FIELDS[field] : "?") + ") is outside the limits";
            }
            if (selector.equals(RevertReasons.selector("RiskTimelockActive(uint256)")) && args.length >= 32) {
                return "RiskTimelockActive: acceptable from " + Instant.ofEpochSecond(word(args).longValue());
            }
            if (selector.equals(RevertReasons.selector("RiskOrdersInvalid(uint256)")) && args.length >= 32) {
                return "RiskOrdersInvalid: trailing stop " + word(args) + " bps is not below 10000";
            }
            if (selector.equals(RevertReasons.selector("RiskNotFired()"))) {
                return "RiskNotFired: no protective order has fired, nothing to re-arm";
            }
            if (selector.equals(RevertReasons.selector("RiskNothingPending()"))) {
                return "RiskNothingPending: no configuration change is queued";
            }
        }
        return RevertReasons.describe(revert);
    }

    private static BigInteger word(byte[] args) {
        return new BigInteger(1, Arrays.copyOfRange(args, 0, 32));
    }
}
