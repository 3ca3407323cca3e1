package io.ballast.deploy;

import io.ballast.wrappers.BallastPolicyModule;
import io.ballast.wrappers.BallastRiskEngine;
import io.ballast.wrappers.BallastVault;
import io.ballast.wrappers.BallastVaultFactory;
import org.web3j.crypto.Credentials;

/**
 * A Ballast vault deployed on the local market, with wrappers bound to any account.
 *
 * @param market the market it trades on
 * @param factory the factory that created it
 * @param vault the vault
 * @param policyModule its policy module
 */
public record LocalVault(LocalMarket market, String factory, String vault, String policyModule) {
    public BallastVault vault(Credentials as) {
        return BallastVault.load(vault, market.chain().web3j(), market.chain().txManager(as),
                market.chain().gasProvider());
    }

    public BallastPolicyModule policyModule(Credentials as) {
        return BallastPolicyModule.load(policyModule, market.chain().web3j(), market.chain().txManager(as),
                market.chain().gasProvider());
    }

    /** The vault's risk engine (read from its policy module). */
    public BallastRiskEngine riskEngine(Credentials as) throws Exception {
        return BallastRiskEngine.load(policyModule(as).riskEngine().send(), market.chain().web3j(),
                market.chain().txManager(as), market.chain().gasProvider());
    }

    public BallastVaultFactory factory(Credentials as) {
        return BallastVaultFactory.load(factory, market.chain().web3j(), market.chain().txManager(as),
                market.chain().gasProvider());
    }
}
