package io.ballast.sim;

import static io.ballast.deploy.Units.MAX_UINT256;
import static io.ballast.deploy.Units.WAD;

import io.ballast.deploy.LocalMarket;
import io.ballast.wrappers.AaveOracle;
import io.ballast.wrappers.AaveProtocolDataProvider;
import io.ballast.wrappers.Pool;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Watches Aave accounts and calls {@code liquidationCall} on any whose health factor is below 1, repaying its largest
 * debt and seizing its largest collateral, as a mainnet liquidation bot does. With the health factor below 0.95 Aave
 * lets it repay the whole debt at once.
 */
public final class Liquidator {
    private static final Logger LOG = LoggerFactory.getLogger(Liquidator.class);

    private final LocalMarket market;
    private final Credentials account;
    private final Set<String> approved = new HashSet<>();

    public Liquidator(LocalMarket market, Credentials account) {
        this.market = market;
        this.account = account;
    }

    /** One liquidation. Values in Aave's base currency (USD, 8 decimals). */
    public record Liquidation(String user, String collateralAsset, String debtAsset, BigInteger healthFactorBefore,
            BigInteger debtBefore, BigInteger debtAfter, String txHash, BigInteger gasUsed) {}

    /** The account's Aave health factor (WAD; max uint when it has no debt). */
    public BigInteger healthFactor(String user) throws Exception {
        return market.aavePool(account).getUserAccountData(user).send().component6();
    }

    /** Liquidates every account in {@code users} whose health factor is below 1; returns what it did. */
    public List<Liquidation> liquidate(List<String> users) throws Exception {
        List<Liquidation> done = new ArrayList<>();
        Pool pool = market.aavePool(account);
        for (String user : users) {
            var data = pool.getUserAccountData(user).send();
            BigInteger debtBefore = data.component2();
            BigInteger healthFactor = data.component6();
            if (debtBefore.signum() == 0 || healthFactor.compareTo(WAD) >= 0) {
                continue;
            }
            String collateral = largest(user, true);
            String debt = largest(user, false);
            approveOnce(debt, pool.getContractAddress());
            // debtToCover = max: Aave caps it at the close factor (50%, or 100% below a health factor of 0.95)
            TransactionReceipt receipt = pool.liquidationCall(collateral, debt, user, MAX_UINT256, false).send();
            BigInteger debtAfter = pool.getUserAccountData(user).send().component2();
            LOG.info("liquidated user={} collateral={} debt={} hf={} debtBefore={} debtAfter={} tx={} gas={}", user,
                    collateral, debt, healthFactor, debtBefore, debtAfter, receipt.getTransactionHash(),
                    receipt.getGasUsed());
            done.add(new Liquidation(user, collateral, debt, healthFactor, debtBefore, debtAfter,
                    receipt.getTransactionHash(), receipt.getGasUsed()));
        }
        return done;
    }

    /** The reserve holding the user's largest collateral (or debt) by oracle value. */
    private String largest(String user, boolean collateral) throws Exception {
        AaveProtocolDataProvider data = market.aaveDataProvider(account);
        AaveOracle oracle = market.aaveOracle(account);
        String best = null;
        BigInteger bestValue = BigInteger.ZERO;
        for (String asset : List.of(market.usdc(), market.weth())) {
            var reserve = data.getUserReserveData(asset, user).send();
            BigInteger amount = collateral
                    ? (reserve.component9() ? reserve.component1() : BigInteger.ZERO)
                    : reserve.component2().add(reserve.component3());
            int decimals = data.getReserveConfigurationData(asset).send().component1().intValueExact();
            BigInteger value = amount.multiply(oracle.getAssetPrice(asset).send()).divide(BigInteger.TEN.pow(decimals));
            if (value.compareTo(bestValue) > 0) {
                best = asset;
                bestValue = value;
            }
        }
        if (best == null) {
            throw new IllegalStateException("user " + user + " has no " + (collateral ? "collateral" : "debt"));
        }
        return best;
    }

    private void approveOnce(String token, String spender) throws Exception {
        if (approved.add(token + spender)) {
            market.token(token, account).approve(spender, MAX_UINT256).send();
        }
    }
}
