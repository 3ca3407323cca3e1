package io.ballast.deploy;

import io.ballast.chain.Chain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;

/**
 * Resumable deployment steps over a {@link Manifest}: a contract already recorded is not deployed again, a step
 * already recorded is not run again, and each is recorded as soon as it is mined.
 */
public final class Deployment {
    private static final Logger LOG = LoggerFactory.getLogger(Deployment.class);

    private final Chain chain;
    private final Manifest manifest;

    public Deployment(Chain chain, Manifest manifest) {
        this.chain = chain;
        this.manifest = manifest;
    }

    /** Work that may throw, typically a web3j {@code send()}. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws Exception;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Deploys contract {@code name} unless the manifest already has it; returns its address. */
    public String contract(String name, Step<? extends Contract> deploy) throws Exception {
        var existing = manifest.contract(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        Contract deployed = deploy.run();
        String address = deployed.getContractAddress();
        long block = deployed.getTransactionReceipt().map(r -> r.getBlockNumber().longValueExact())
                .orElseGet(() -> chain.blockNumber().longValueExact());
        manifest.putContract(name, address, block);
        LOG.debug("deployed name={} address={} block={}", name, address, block);
        return address;
    }

    /** Records an address obtained some other way (a proxy, a factory product) under {@code name}. */
    public String record(String name, Step<String> address) throws Exception {
        var existing = manifest.contract(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        String value = address.run();
        manifest.putContract(name, value, chain.blockNumber().longValueExact());
        return value;
    }

    /** Runs a state-changing step unless the manifest records it as done. */
    public void step(String name, Step<TransactionReceipt> action) throws Exception {
        if (manifest.stepDone(name)) {
            return;
        }
        TransactionReceipt receipt = action.run();
        manifest.putStep(name, receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
        LOG.debug("step name={} tx={}", name, receipt.getTransactionHash());
    }
}
