package io.ballast.keeper.act;

import io.ballast.keeper.abi.AbiDecodingException;
import io.ballast.keeper.abi.BallastAbi;
import io.ballast.keeper.chain.ChainClient;
import io.ballast.keeper.chain.ChainException;
import java.math.BigInteger;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads {@code bountyOwed(keeper)} from a vault, when the vault has it: empty when it reverts or cannot be read. */
public final class BountyReader {
    private static final Logger LOG = LoggerFactory.getLogger(BountyReader.class);

    private final ChainClient client;
    private final String keeper;

    public BountyReader(ChainClient client, String keeper) {
        this.client = client;
        this.keeper = keeper;
    }

    /** Bounty accrued to this keeper and not yet claimed, in the vault asset's smallest unit. */
    public Optional<BigInteger> owed(String vault) {
        try {
            return Optional.of(BallastAbi.decodeUint256(client.call(keeper, vault, BallastAbi.bountyOwed(keeper))));
        } catch (ChainException | AbiDecodingException | RuntimeException e) {
            LOG.debug("action=read_bounty vault={} readable=false error=\"{}\"", vault, e.getMessage());
            return Optional.empty();
        }
    }
}
