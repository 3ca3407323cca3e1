package io.ballast.keeper.decide;

import io.ballast.keeper.abi.AbiDecodingException;
import io.ballast.keeper.abi.BallastAbi;
import io.ballast.keeper.chain.ChainClient;
import io.ballast.keeper.chain.ChainException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vaults to watch: those listed in the config, then those in the factory's registry ({@code vaultsCount()} and
 * {@code vaults(offset, limit)}, read page by page), without duplicates. If the registry cannot be read, the last list
 * read from it is used and the error is reported, so a flaky node never makes the keeper forget vaults.
 */
public final class VaultDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(VaultDiscovery.class);
    /** A registry claiming more vaults than this is not believed (a broken or hostile factory). */
    static final long MAX_REGISTRY_SIZE = 100_000;

    /** The vaults found, and why the registry could not be read this time, if it could not. */
    public record Discovered(List<String> vaults, Optional<String> error) {
        public Discovered {
            vaults = List.copyOf(vaults);
        }
    }

    private final ChainClient client;
    private final List<String> listed;
    private final Optional<String> factory;
    private final int pageSize;
    private List<String> lastFromFactory = List.of();

    public VaultDiscovery(ChainClient client, List<String> listed, Optional<String> factory, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
        }
        this.client = client;
        this.listed = List.copyOf(listed);
        this.factory = factory;
        this.pageSize = pageSize;
    }

    public synchronized Discovered discover() {
        Optional<String> error = Optional.empty();
        if (factory.isPresent()) {
            try {
                lastFromFactory = readRegistry(factory.get());
            } catch (ChainException | AbiDecodingException | RuntimeException e) {
                error = Optional.of("factory " + factory.get() + " registry unreadable: " + e.getMessage());
                LOG.warn("action=discover factory={} error=\"{}\" using_last_known={}", factory.get(), e.getMessage(),
                        lastFromFactory.size());
            }
        }
        Map<String, String> unique = new LinkedHashMap<>();
        for (String vault : listed) {
            unique.putIfAbsent(vault.toLowerCase(Locale.ROOT), vault);
        }
        for (String vault : lastFromFactory) {
            unique.putIfAbsent(vault.toLowerCase(Locale.ROOT), vault);
        }
        return new Discovered(new ArrayList<>(unique.values()), error);
    }

    private List<String> readRegistry(String factoryAddress) throws ChainException, AbiDecodingException {
        BigInteger count = BallastAbi.decodeUint256(client.call(null, factoryAddress, BallastAbi.vaultsCount()));
        if (count.compareTo(BigInteger.valueOf(MAX_REGISTRY_SIZE)) > 0) {
            throw new AbiDecodingException("vaultsCount() = " + count + " is more than the " + MAX_REGISTRY_SIZE
                    + " vaults the keeper accepts");
        }
        long total = count.longValueExact();
        List<String> vaults = new ArrayList<>();
        for (long offset = 0; offset < total; offset += pageSize) {
            long limit = Math.min(pageSize, total - offset);
            List<String> page = BallastAbi.decodeAddresses(
                    client.call(null, factoryAddress, BallastAbi.vaults(offset, limit)));
            if (page.size() > limit) {
                throw new AbiDecodingException("vaults(" + offset + ", " + limit + ") returned " + page.size()
                        + " addresses");
            }
            page.stream().filter(v -> !v.equals("0x0000000000000000000000000000000000000000")).forEach(vaults::add);
            if (page.size() < limit) {
                break; // the registry is shorter than its count said: take what is there
            }
        }
        LOG.debug("action=discover factory={} vaults={}", factoryAddress, vaults.size());
        return vaults;
    }
}
