package io.ballast.keeper.act;

import io.ballast.keeper.abi.BallastAbi;
import io.ballast.keeper.abi.RevertReasons;
import io.ballast.keeper.chain.ChainClient;
import io.ballast.keeper.chain.ChainException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Act: sends one transaction to a vault and sees it mined. In order:
 * <ol>
 *   <li>at most one transaction per vault at a time (a second call for the same vault is skipped);</li>
 *   <li>simulate with {@code eth_call} from the keeper; a revert (race lost, condition gone) is a skip and costs
 *       nothing, not even a nonce;</li>
 *   <li>estimate gas, add headroom; price from the latest base fee with {@link FeePolicy}; skip when the base fee is
 *       above the ceiling;</li>
 *   <li>take the nonce from {@link NonceManager}, sign an EIP-1559 transaction, send it raw; the nonce advances only
 *       if the node took it;</li>
 *   <li>poll for a receipt of any version; if none comes within the receipt timeout, re-sign the same nonce with
 *       fees bumped by at least the bump percentage and send again, up to the ceiling and the attempt limit.</li>
 * </ol>
 * Node answers are handled by meaning ({@link Rejection}): "already known" counts as sent; "nonce too low" on a
 * replacement means an earlier version was mined, so the receipts of every hash sent for the nonce are looked up;
 * "replacement underpriced" raises the fees further. Thread-safe: different vaults can be served concurrently, and
 * the nonce lease orders their sends.
 */
public final class UpkeepSender {
    private static final Logger LOG = LoggerFactory.getLogger(UpkeepSender.class);
    /** Polls granted for a receipt to show up after "nonce too low" (load-balanced nodes lag). */
    private static final int NONCE_TOO_LOW_GRACE_POLLS = 3;

    private final ChainClient client;
    private final Credentials credentials;
    private final String from;
    private final long chainId;
    private final NonceManager nonces;
    private final FeePolicy feePolicy;
    private final SendSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public UpkeepSender(ChainClient client, Credentials credentials, long chainId, NonceManager nonces,
            FeePolicy feePolicy, SendSettings settings, Clock clock, Sleeper sleeper) {
        this.client = client;
        this.credentials = credentials;
        this.from = credentials.getAddress();
        this.chainId = chainId;
        this.nonces = nonces;
        this.feePolicy = feePolicy;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The keeper account. */
    public String address() {
        return from;
    }

    public SendSettings settings() {
        return settings;
    }

    /** {@code performUpkeep(performData)} on {@code vault}. */
    public SendOutcome perform(String vault, byte[] performData) {
        return send(vault, "upkeep", BallastAbi.performUpkeep(performData));
    }

    /** {@code claimBounty()} on {@code vault}. */
    public SendOutcome claimBounty(String vault) {
        return send(vault, "claim", BallastAbi.claimBounty());
    }

    /** Whether a transaction for {@code vault} is being sent or awaited now. */
    public boolean isInFlight(String vault) {
        return inFlight.contains(vault.toLowerCase(Locale.ROOT));
    }

    /** Sends {@code data} to {@code vault} as described above; never throws. */
    public SendOutcome send(String vault, String action, byte[] data) {
        String key = vault.toLowerCase(Locale.ROOT);
        if (!inFlight.add(key)) {
            LOG.info("action={} vault={} skipped=true reason=in_flight", action, vault);
            return new SendOutcome.Skipped(vault, action, "a transaction for this vault is already in flight");
        }
        Attempt attempt = new Attempt(vault, action, data);
        try {
            return attempt.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("action={} vault={} failed=true error=interrupted", action, vault);
            return new SendOutcome.Failed(vault, action, "interrupted while sending", attempt.sent());
        } catch (ChainException e) {
            LOG.warn("action={} vault={} failed=true error=\"{}\"", action, vault, e.getMessage());
            return new SendOutcome.Failed(vault, action, e.getMessage(), attempt.sent());
        } catch (RuntimeException e) {
            LOG.error("action={} vault={} failed=true unexpected_error=\"{}\"", action, vault, e.toString(), e);
            return new SendOutcome.Failed(vault, action, "unexpected error: " + e, attempt.sent());
        } finally {
            inFlight.remove(key);
        }
    }

    /** One transaction from simulation to receipt; all the versions signed for its nonce. */
    private final class Attempt {
        private final String vault;
        private final String action;
        private final byte[] data;
        private BigInteger gasLimit;
        private BigInteger nonce;
        private FeePolicy.Fees fees;
        /** Every hash sent (or possibly sent) for the nonce, oldest first, with its fees. */
        private final Map<String, FeePolicy.Fees> versions = new LinkedHashMap<>();

        Attempt(String vault, String action, byte[] data) {
            this.vault = vault;
            this.action = action;
            this.data = data.clone();
        }

        /** Whether a version reached (or may have reached) the node. */
        boolean sent() {
            return !versions.isEmpty();
        }

        SendOutcome run() throws ChainException, InterruptedException {
            Optional<String> revert = simulate();
            if (revert.isPresent()) {
                return skipped("simulation reverted: " + revert.get());
            }
            BigInteger estimate;
            try {
                estimate = client.estimateGas(from, vault, data);
            } catch (ChainException.CallReverted e) {
                return skipped("gas estimate reverted: " + RevertReasons.describe(e.revertData()));
            }
            if (estimate.compareTo(settings.gasLimitCap()) > 0) {
                return skipped("gas estimate " + estimate + " is above the per-transaction cap of "
                        + settings.gasLimitCap());
            }
            gasLimit = estimate.multiply(BigInteger.valueOf(100L + settings.gasHeadroomPercent()))
                    .divide(BigInteger.valueOf(100)).min(settings.gasLimitCap());
            BigInteger baseFee = client.latestBaseFee();
            if (!feePolicy.affordable(baseFee)) {
                return skipped("base fee " + baseFee + " wei is above the max fee ceiling of " + feePolicy.ceiling()
                        + " wei");
            }
            fees = feePolicy.initial(baseFee);
            Optional<SendOutcome> notSent = sendFirst();
            if (notSent.isPresent()) {
                return notSent.get();
            }
            return awaitAndReplace();
        }

        /** Empty when the call would succeed now, else the decoded revert. */
        private Optional<String> simulate() throws ChainException {
            try {
                client.call(from, vault, data);
                return Optional.empty();
            } catch (ChainException.CallReverted e) {
                return Optional.of(RevertReasons.describe(e.revertData()));
            }
        }

        /** First version: takes a nonce. Empty when sent (the nonce is then ours), else why nothing is pending. */
        private Optional<SendOutcome> sendFirst() throws ChainException, InterruptedException {
            int nonceRetries = 0;
            int priceRetries = 0;
            while (true) {
                try (NonceManager.Lease lease = nonces.acquire()) {
                    BigInteger candidate = lease.nonce();
                    String signed = sign(candidate, fees);
                    String hash = Hash.sha3(signed);
                    try {
                        client.sendRawTransaction(signed);
                        accepted(lease, candidate, hash);
                        return Optional.empty();
                    } catch (ChainException.Rejected r) {
                        Rejection kind = Rejection.classify(r.nodeMessage());
                        LOG.info("action={} vault={} nonce={} tx={} rejected={} node_message=\"{}\"", action, vault,
                                candidate, hash, kind, r.nodeMessage());
                        switch (kind) {
                            case ALREADY_KNOWN -> {
                                accepted(lease, candidate, hash);
                                return Optional.empty();
                            }
                            case NONCE_TOO_LOW, NONCE_TOO_HIGH -> {
                                lease.resyncAfterError();
                                if (++nonceRetries > 2) {
                                    return Optional.of(failed("nonce rejected after resyncing: " + r.nodeMessage()));
                                }
                            }
                            case REPLACEMENT_UNDERPRICED, FEE_TOO_LOW -> {
                                // REPLACEMENT_UNDERPRICED: a transaction this process does not know holds the nonce
                                // (a previous run's): outbid it. FEE_TOO_LOW: the base fee moved: reprice.
                                if (++priceRetries >= settings.maxAttempts()) {
                                    lease.resyncAfterError();
                                    return Optional.of(failed("fees refused " + priceRetries + " times: "
                                            + r.nodeMessage()));
                                }
                                FeePolicy.Replacement next = feePolicy.replacement(fees, client.latestBaseFee());
                                if (next instanceof FeePolicy.Replacement.NoRoom noRoom) {
                                    lease.resyncAfterError();
                                    return Optional.of(failed("nonce " + candidate + " cannot be priced high enough: "
                                            + noRoom.reason()));
                                }
                                fees = ((FeePolicy.Replacement.Bumped) next).fees();
                            }
                            case INSUFFICIENT_FUNDS -> {
                                LOG.error("action={} vault={} account={} error=insufficient_funds note=\"fund the keeper"
                                        + " account\"", action, vault, from);
                                return Optional.of(failed("the keeper account cannot pay for gas: " + r.nodeMessage()));
                            }
                            case OTHER -> {
                                // Hardhat mines at once and reports a revert as an error: the transaction may exist.
                                if (knows(hash)) {
                                    accepted(lease, candidate, hash);
                                    return Optional.empty();
                                }
                                lease.resyncAfterError();
                                return Optional.of(failed("send rejected: " + r.nodeMessage()));
                            }
                        }
                    } catch (ChainException.Unreachable u) {
                        // The node may or may not have the transaction: ask for it by hash before giving the nonce up,
                        // and keep asking while the node does not answer. A nonce given back for a transaction the
                        // node did take would be signed again for a second transaction: a duplicate upkeep.
                        Optional<Boolean> known = knowsWithin(hash, clock.instant().plus(settings.receiptTimeout()));
                        if (known.orElse(false)) {
                            accepted(lease, candidate, hash);
                            return Optional.empty();
                        }
                        lease.resyncAfterError();
                        return Optional.of(failed("send failed: " + u.getMessage() + (known.isPresent() ? ""
                                : "; the node did not say within " + settings.receiptTimeout() + " whether it has "
                                + hash)));
                    }
                }
            }
        }

        /** Records a first version the node took: the nonce is now this transaction's. */
        private void accepted(NonceManager.Lease lease, BigInteger candidate, String hash) {
            lease.consumed();
            nonce = candidate;
            versions.put(hash, fees);
            LOG.info("action={} vault={} sent=true tx={} nonce={} gas_limit={} max_fee={} tip={}", action, vault, hash,
                    nonce, gasLimit, fees.maxFeePerGas(), fees.maxPriorityFeePerGas());
        }

        private SendOutcome awaitAndReplace() throws InterruptedException, ChainException {
            int attempt = 1;
            while (true) {
                Optional<TransactionReceipt> receipt = awaitReceipt(clock.instant().plus(settings.receiptTimeout()));
                if (receipt.isPresent()) {
                    return mined(receipt.get());
                }
                if (attempt >= settings.maxAttempts()) {
                    break;
                }
                attempt++;
                Optional<SendOutcome> settled = replace(attempt);
                if (settled.isPresent()) {
                    return settled.get();
                }
            }
            // Still pending after every attempt: leave it to the pool, and let the next send read the nonce again.
            nonces.markStale();
            LOG.warn("action={} vault={} mined=false nonce={} versions={} txs={} note=\"no receipt after {} attempts;"
                    + " the transaction may still be mined\"", action, vault, nonce, versions.size(),
                    versions.keySet(), settings.maxAttempts());
            return failed("not mined after " + settings.maxAttempts() + " attempts of " + settings.receiptTimeout()
                    + " (nonce " + nonce + ", txs " + versions.keySet() + ")");
        }

        /** Re-signs the same nonce with bumped fees. Present when the outcome is settled (an earlier version mined). */
        private Optional<SendOutcome> replace(int attempt) throws ChainException, InterruptedException {
            Optional<String> revert = simulate();
            if (revert.isPresent()) {
                LOG.info("action={} vault={} replace=false nonce={} reason=\"simulation now reverts ({}): not paying"
                        + " more for it\"", action, vault, nonce, revert.get());
                return Optional.empty();
            }
            FeePolicy.Replacement replacement = feePolicy.replacement(fees, client.latestBaseFee());
            if (replacement instanceof FeePolicy.Replacement.NoRoom noRoom) {
                LOG.warn("action={} vault={} replace=false nonce={} reason=\"{}\"", action, vault, nonce,
                        noRoom.reason());
                return Optional.empty();
            }
            FeePolicy.Fees bumped = ((FeePolicy.Replacement.Bumped) replacement).fees();
            String signed = sign(nonce, bumped);
            String hash = Hash.sha3(signed);
            try {
                client.sendRawTransaction(signed);
                replaced(hash, bumped, attempt);
            } catch (ChainException.Rejected r) {
                Rejection kind = Rejection.classify(r.nodeMessage());
                LOG.info("action={} vault={} nonce={} tx={} replacement_rejected={} node_message=\"{}\"", action, vault,
                        nonce, hash, kind, r.nodeMessage());
                switch (kind) {
                    case ALREADY_KNOWN -> replaced(hash, bumped, attempt);
                    case NONCE_TOO_LOW -> {
                        // The nonce is used: normally by one of our earlier versions. Find which.
                        Optional<TransactionReceipt> receipt = awaitReceipt(clock.instant()
                                .plus(settings.receiptPollInterval().multipliedBy(NONCE_TOO_LOW_GRACE_POLLS)));
                        if (receipt.isPresent()) {
                            return Optional.of(mined(receipt.get()));
                        }
                        nonces.markStale();
                        return Optional.of(failed("nonce " + nonce + " was used by a transaction this keeper did not"
                                + " send for this vault (versions " + versions.keySet() + " have no receipt)"));
                    }
                    case REPLACEMENT_UNDERPRICED -> fees = bumped; // outbid: start the next bump from here
                    default -> {
                        if (knows(hash)) {
                            replaced(hash, bumped, attempt);
                        }
                    }
                }
            } catch (ChainException.Unreachable u) {
                LOG.warn("action={} vault={} nonce={} tx={} replacement_unconfirmed=true error=\"{}\"", action, vault,
                        nonce, hash, u.getMessage());
                versions.put(hash, bumped); // it may have arrived: watch for its receipt too
                fees = bumped;
            }
            return Optional.empty();
        }

        private void replaced(String hash, FeePolicy.Fees bumped, int attempt) {
            versions.put(hash, bumped);
            fees = bumped;
            LOG.info("action={} vault={} replaced=true tx={} nonce={} attempt={} max_fee={} tip={}", action, vault,
                    hash, nonce, attempt, bumped.maxFeePerGas(), bumped.maxPriorityFeePerGas());
        }

        /** Polls every version's receipt until one is found or {@code deadline} passes (always checks once). */
        private Optional<TransactionReceipt> awaitReceipt(Instant deadline) throws InterruptedException {
            while (true) {
                List<String> hashes = new ArrayList<>(versions.keySet());
                for (int i = hashes.size() - 1; i >= 0; i--) {
                    try {
                        Optional<TransactionReceipt> receipt = client.receipt(hashes.get(i));
                        if (receipt.isPresent()) {
                            return receipt;
                        }
                    } catch (ChainException e) {
                        LOG.debug("action=poll_receipt vault={} tx={} error=\"{}\"", vault, hashes.get(i),
                                e.getMessage());
                    }
                }
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    return Optional.empty();
                }
                sleeper.sleep(left.compareTo(settings.receiptPollInterval()) < 0 ? left
                        : settings.receiptPollInterval());
            }
        }

        private SendOutcome mined(TransactionReceipt receipt) {
            BigInteger gasUsed = receipt.getGasUsed();
            FeePolicy.Fees paid = versions.getOrDefault(receipt.getTransactionHash(), fees);
            BigInteger price = receipt.getEffectiveGasPrice() != null
                    ? Numeric.decodeQuantity(receipt.getEffectiveGasPrice()) : paid.maxFeePerGas();
            if (receipt.isStatusOK()) {
                LOG.info("action={} vault={} mined=true tx={} nonce={} block={} gas={} effective_gas_price={}"
                        + " versions={}", action, vault, receipt.getTransactionHash(), nonce,
                        receipt.getBlockNumberRaw() == null ? "?" : receipt.getBlockNumber(), gasUsed, price,
                        versions.size());
                return new SendOutcome.Mined(vault, action, receipt, gasUsed, price, versions.size());
            }
            LOG.warn("action={} vault={} mined=true reverted=true tx={} nonce={} gas={} effective_gas_price={}", action,
                    vault, receipt.getTransactionHash(), nonce, gasUsed, price);
            return new SendOutcome.Reverted(vault, action, receipt, gasUsed, price);
        }

        /**
         * Whether the node has the transaction, asking again every receipt poll interval while the node does not
         * answer; empty when it still has not answered at {@code deadline}, or refused to say.
         */
        private Optional<Boolean> knowsWithin(String hash, Instant deadline) throws InterruptedException {
            while (true) {
                try {
                    return Optional.of(client.knowsTransaction(hash));
                } catch (ChainException.Unreachable e) {
                    Duration left = Duration.between(clock.instant(), deadline);
                    if (left.isNegative() || left.isZero()) {
                        return Optional.empty();
                    }
                    LOG.info("action={} vault={} tx={} lookup_unanswered=true error=\"{}\"", action, vault, hash,
                            e.getMessage());
                    sleeper.sleep(left.compareTo(settings.receiptPollInterval()) < 0 ? left
                            : settings.receiptPollInterval());
                } catch (ChainException e) {
                    return Optional.empty();
                }
            }
        }

        /** Whether the node has the transaction; false when it cannot say. */
        private boolean knows(String hash) {
            try {
                return client.knowsTransaction(hash);
            } catch (ChainException e) {
                return false;
            }
        }

        private String sign(BigInteger txNonce, FeePolicy.Fees txFees) {
            RawTransaction tx = RawTransaction.createTransaction(chainId, txNonce, gasLimit, vault, BigInteger.ZERO,
                    Numeric.toHexString(data), txFees.maxPriorityFeePerGas(), txFees.maxFeePerGas());
            return Numeric.toHexString(TransactionEncoder.signMessage(tx, credentials));
        }

        private SendOutcome skipped(String reason) {
            LOG.info("action={} vault={} skipped=true reason=\"{}\"", action, vault, reason);
            return new SendOutcome.Skipped(vault, action, reason);
        }

        private SendOutcome failed(String error) {
            LOG.warn("action={} vault={} failed=true error=\"{}\"", action, vault, error);
            return new SendOutcome.Failed(vault, action, error, !versions.isEmpty());
        }
    }
}
