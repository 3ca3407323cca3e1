package io.ballast.keeper.testing;

import io.ballast.keeper.chain.ChainClient;
import io.ballast.keeper.chain.ChainException;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * An in-memory chain with a geth-like transaction pool, behind {@link ChainClient}: signed transactions are decoded
 * and checked (nonce too low, already known, replacement underpriced below +10%, max fee below the base fee), mined
 * at once ({@link #automine}) or when the test says ({@link #mine()}), with receipts. Tests script node failures
 * ({@link #failNextSend}, {@link #loseConnectionAfterNextAccept}) and races ({@link #beforeNextSend}).
 */
public final class FakeChain implements ChainClient {
    /** A contract's read-only behaviour: return data, or a revert. */
    @FunctionalInterface
    public interface Contract {
        byte[] call(String from, byte[] data) throws ChainException.CallReverted;
    }

    /** A transaction the node received, accepted or not. */
    public record Sent(String hash, String from, long nonce, String to, BigInteger maxFee, BigInteger tip,
            BigInteger gasLimit, String data, long chainId) {}

    public static final long CHAIN_ID = 31337;
    public static final BigInteger GAS_USED = BigInteger.valueOf(80_000);

    private final Map<String, Contract> contracts = new HashMap<>();
    private final Map<String, Long> latestNonce = new HashMap<>();
    private final Map<String, TreeMap<Long, Sent>> pool = new HashMap<>();
    private final Map<String, TransactionReceipt> receipts = new HashMap<>();
    private final List<Sent> received = new ArrayList<>();
    private final Deque<ChainException> sendFailures = new ArrayDeque<>();
    private final Deque<ChainException> afterAcceptFailures = new ArrayDeque<>();
    private final Deque<Runnable> beforeSend = new ArrayDeque<>();
    private final Map<String, AtomicInteger> requests = new HashMap<>();
    private long chainId = CHAIN_ID;
    private BigInteger baseFee = BigInteger.valueOf(1_000_000_000L);
    private BigInteger gasEstimate = BigInteger.valueOf(100_000);
    private boolean automine = true;
    private boolean unreachable;
    private boolean downAfterAccept;
    private boolean deliverTwice;
    private boolean reportRevertsOnSend;
    private long block = 100;

    public synchronized FakeChain deploy(String address, Contract contract) {
        contracts.put(key(address), contract);
        return this;
    }

    public synchronized FakeChain chainId(long id) {
        chainId = id;
        return this;
    }

    public synchronized FakeChain baseFee(BigInteger fee) {
        baseFee = fee;
        return this;
    }

    public synchronized FakeChain automine(boolean on) {
        automine = on;
        return this;
    }

    /** Every request fails as if the node were down. */
    public synchronized FakeChain unreachable(boolean down) {
        unreachable = down;
        return this;
    }

    /** The account's mined transaction count (as if it sent that many already). */
    public synchronized FakeChain minedNonce(String account, long nonce) {
        latestNonce.put(key(account), nonce);
        return this;
    }

    /** The next send fails with {@code failure} before the node looks at it. */
    public synchronized FakeChain failNextSend(ChainException failure) {
        sendFailures.add(failure);
        return this;
    }

    /** The next send is accepted into the pool, but the reply is lost: the client sees {@code failure}. */
    public synchronized FakeChain loseConnectionAfterNextAccept() {
        afterAcceptFailures.add(new ChainException.Unreachable("eth_sendRawTransaction failed: connection reset", null));
        return this;
    }

    /** The next send is accepted into the pool, then the node goes down before replying ({@link #unreachable}). */
    public synchronized FakeChain goDownAfterNextAccept() {
        afterAcceptFailures.add(new ChainException.Unreachable("eth_sendRawTransaction failed: connection reset", null));
        downAfterAccept = true;
        return this;
    }

    /** The next send reaches the node twice (a retried request): the second delivery answers "already known". */
    public synchronized FakeChain deliverNextSendTwice() {
        deliverTwice = true;
        return this;
    }

    /** Like Hardhat's automine: a send whose transaction reverts when mined answers with an error (it was mined). */
    public synchronized FakeChain reportRevertsOnSend() {
        reportRevertsOnSend = true;
        return this;
    }

    /** Runs {@code action} at the start of the next send (for example: a block mines an earlier version first). */
    public synchronized FakeChain beforeNextSend(Runnable action) {
        beforeSend.add(action);
        return this;
    }

    /** A transaction not sent by the keeper process (a previous run, another tool) sits in the pool. */
    public synchronized void addForeignPending(String account, long nonce, BigInteger maxFee, BigInteger tip) {
        Sent foreign = new Sent(Hash.sha3("0x" + Long.toHexString(nonce) + account), key(account), nonce, null, maxFee,
                tip, BigInteger.valueOf(21_000), "0x", chainId);
        pool.computeIfAbsent(key(account), a -> new TreeMap<>()).put(nonce, foreign);
    }

    /** Mines every pooled transaction that is next in its account's nonce order and pays at least the base fee. */
    public synchronized List<String> mine() {
        List<String> mined = new ArrayList<>();
        block++;
        for (Map.Entry<String, TreeMap<Long, Sent>> account : pool.entrySet()) {
            long next = latestNonce.getOrDefault(account.getKey(), 0L);
            Sent tx;
            while ((tx = account.getValue().get(next)) != null && tx.maxFee().compareTo(baseFee) >= 0) {
                account.getValue().remove(next);
                Contract target = tx.to() == null ? null : contracts.get(key(tx.to()));
                boolean fails = target instanceof FakeVault vault && vault.failsOnChain();
                receipts.put(tx.hash(), receipt(tx, !fails));
                mined.add(tx.hash());
                next++;
            }
            latestNonce.put(account.getKey(), next);
        }
        return mined;
    }

    /** The account's nonce moves on without any transaction this test knows (another process used the key). */
    public synchronized void externalTransactionMined(String account) {
        latestNonce.merge(key(account), 1L, Long::sum);
        pool.getOrDefault(key(account), new TreeMap<>()).remove(latestNonce.get(key(account)) - 1);
    }

    public synchronized List<Sent> received() {
        return List.copyOf(received);
    }

    public synchronized List<Sent> pending(String account) {
        return List.copyOf(pool.getOrDefault(key(account), new TreeMap<>()).values());
    }

    public synchronized long minedNonce(String account) {
        return latestNonce.getOrDefault(key(account), 0L);
    }

    public synchronized int requests(String method) {
        return requests.getOrDefault(method, new AtomicInteger()).get();
    }

    public synchronized Optional<TransactionReceipt> receiptOf(String hash) {
        return Optional.ofNullable(receipts.get(hash));
    }

    // ---- ChainClient ----

    @Override
    public synchronized long chainId() throws ChainException {
        count("eth_chainId");
        return chainId;
    }

    @Override
    public byte[] call(String from, String to, byte[] data) throws ChainException {
        Contract contract;
        synchronized (this) {
            count("eth_call");
            contract = contracts.get(key(to));
        }
        return contract == null ? new byte[0] : contract.call(from, data);
    }

    @Override
    public BigInteger estimateGas(String from, String to, byte[] data) throws ChainException {
        Contract contract;
        synchronized (this) {
            count("eth_estimateGas");
            contract = contracts.get(key(to));
        }
        if (contract != null) {
            contract.call(from, data);
        }
        synchronized (this) {
            return gasEstimate;
        }
    }

    @Override
    public synchronized BigInteger latestBaseFee() throws ChainException {
        count("eth_getBlockByNumber");
        return baseFee;
    }

    @Override
    public synchronized BigInteger transactionCount(String address, boolean pending) throws ChainException {
        count("eth_getTransactionCount");
        long latest = latestNonce.getOrDefault(key(address), 0L);
        if (!pending) {
            return BigInteger.valueOf(latest);
        }
        TreeMap<Long, Sent> txs = pool.getOrDefault(key(address), new TreeMap<>());
        long next = latest;
        while (txs.containsKey(next)) {
            next++;
        }
        return BigInteger.valueOf(next);
    }

    @Override
    public String sendRawTransaction(String signedHex) throws ChainException {
        Runnable hook;
        synchronized (this) {
            count("eth_sendRawTransaction");
            hook = beforeSend.poll();
        }
        if (hook != null) {
            hook.run();
        }
        synchronized (this) {
            if (!sendFailures.isEmpty()) {
                throw sendFailures.poll();
            }
            if (deliverTwice) {
                deliverTwice = false;
                sendRawTransaction(signedHex);
            }
            Sent tx = decode(signedHex);
            received.add(tx);
            if (receipts.containsKey(tx.hash()) || pool.getOrDefault(tx.from(), new TreeMap<>()).values().stream()
                    .anyMatch(p -> p.hash().equals(tx.hash()))) {
                throw rejected("already known");
            }
            long latest = latestNonce.getOrDefault(tx.from(), 0L);
            if (tx.nonce() < latest) {
                throw rejected("nonce too low: next nonce " + latest + ", tx nonce " + tx.nonce());
            }
            if (tx.chainId() != chainId) {
                throw rejected("invalid chain id for signer");
            }
            if (tx.maxFee().compareTo(baseFee) < 0) {
                throw rejected("max fee per gas less than block base fee: maxFeePerGas: " + tx.maxFee()
                        + ", baseFee: " + baseFee);
            }
            TreeMap<Long, Sent> txs = pool.computeIfAbsent(tx.from(), a -> new TreeMap<>());
            Sent existing = txs.get(tx.nonce());
            if (existing != null && (tx.maxFee().multiply(BigInteger.TEN)
                    .compareTo(existing.maxFee().multiply(BigInteger.valueOf(11))) < 0
                    || tx.tip().multiply(BigInteger.TEN).compareTo(existing.tip().multiply(BigInteger.valueOf(11))) < 0)) {
                throw rejected("replacement transaction underpriced");
            }
            txs.put(tx.nonce(), tx);
            if (!afterAcceptFailures.isEmpty()) {
                ChainException lost = afterAcceptFailures.poll();
                if (automine) {
                    mine();
                }
                if (downAfterAccept) {
                    downAfterAccept = false;
                    unreachable = true;
                }
                throw lost;
            }
            if (automine) {
                mine();
                TransactionReceipt mined = receipts.get(tx.hash());
                if (reportRevertsOnSend && mined != null && !mined.isStatusOK()) {
                    throw new ChainException.Rejected("eth_sendRawTransaction", 3,
                            "VM Exception while processing transaction: reverted with an unrecognized custom error");
                }
            }
            return tx.hash();
        }
    }

    @Override
    public synchronized Optional<TransactionReceipt> receipt(String hash) throws ChainException {
        count("eth_getTransactionReceipt");
        return Optional.ofNullable(receipts.get(hash));
    }

    @Override
    public synchronized boolean knowsTransaction(String hash) throws ChainException {
        count("eth_getTransactionByHash");
        return receipts.containsKey(hash)
                || pool.values().stream().flatMap(m -> m.values().stream()).anyMatch(t -> t.hash().equals(hash));
    }

    private void count(String method) throws ChainException.Unreachable {
        requests.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        if (unreachable) {
            throw new ChainException.Unreachable(method + " failed: connection refused", null);
        }
    }

    private static ChainException.Rejected rejected(String message) {
        return new ChainException.Rejected("eth_sendRawTransaction", -32000, message);
    }

    private TransactionReceipt receipt(Sent tx, boolean ok) {
        TransactionReceipt receipt = new TransactionReceipt();
        receipt.setTransactionHash(tx.hash());
        receipt.setStatus(ok ? "0x1" : "0x0");
        receipt.setGasUsed(Numeric.encodeQuantity(GAS_USED));
        receipt.setEffectiveGasPrice(Numeric.encodeQuantity(tx.maxFee().min(baseFee.add(tx.tip()))));
        receipt.setBlockNumber(Numeric.encodeQuantity(BigInteger.valueOf(block)));
        receipt.setFrom(tx.from());
        receipt.setTo(tx.to());
        return receipt;
    }

    private static Sent decode(String signedHex) {
        RawTransaction raw = TransactionDecoder.decode(signedHex);
        if (!(raw instanceof SignedRawTransaction signed) || !(raw.getTransaction() instanceof Transaction1559 tx)) {
            throw new IllegalArgumentException("the keeper must send signed EIP-1559 transactions");
        }
        try {
            return new Sent(Hash.sha3(signedHex), key(signed.getFrom()), raw.getNonce().longValueExact(), raw.getTo(),
                    tx.getMaxFeePerGas(), tx.getMaxPriorityFeePerGas(), raw.getGasLimit(),
                    Numeric.prependHexPrefix(raw.getData()),
                    tx.getChainId());
        } catch (SignatureException e) {
            throw new IllegalArgumentException("bad signature", e);
        }
    }

    private static String key(String address) {
        return address == null ? null : address.toLowerCase(Locale.ROOT);
    }
}
