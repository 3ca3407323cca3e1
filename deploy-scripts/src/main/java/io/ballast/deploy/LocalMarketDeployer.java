package io.ballast.deploy;

import static io.ballast.deploy.Units.MAX_UINT256;
import static io.ballast.deploy.Units.raw;
import static io.ballast.deploy.Units.ray;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.wrappers.ACLManager;
import io.ballast.wrappers.AToken;
import io.ballast.wrappers.AaveOracle;
import io.ballast.wrappers.AaveProtocolDataProvider;
import io.ballast.wrappers.BorrowLogic;
import io.ballast.wrappers.BridgeLogic;
import io.ballast.wrappers.ConfiguratorLogic;
import io.ballast.wrappers.DefaultReserveInterestRateStrategy;
import io.ballast.wrappers.EModeLogic;
import io.ballast.wrappers.FlashLoanLogic;
import io.ballast.wrappers.LiquidationLogic;
import io.ballast.wrappers.Multicall3;
import io.ballast.wrappers.NFTDescriptor;
import io.ballast.wrappers.NonfungiblePositionManager;
import io.ballast.wrappers.NonfungibleTokenPositionDescriptor;
import io.ballast.wrappers.Pool;
import io.ballast.wrappers.PoolAddressesProvider;
import io.ballast.wrappers.PoolConfigurator;
import io.ballast.wrappers.PoolLogic;
import io.ballast.wrappers.QuoterV2;
import io.ballast.wrappers.SettablePriceFeed;
import io.ballast.wrappers.StableDebtToken;
import io.ballast.wrappers.SupplyLogic;
import io.ballast.wrappers.SwapRouter;
import io.ballast.wrappers.TestERC20;
import io.ballast.wrappers.UniswapV3Factory;
import io.ballast.wrappers.UniswapV3Pool;
import io.ballast.wrappers.VariableDebtToken;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.protocol.Web3j;

/**
 * Deploys the local market from the venues' npm bytecode: USDC-like and WETH-like test tokens, two settable
 * AggregatorV3 feeds, Multicall3, Uniswap V3 (factory, USDC/WETH pools at 0.05% and 0.3% with liquidity, SwapRouter,
 * QuoterV2, position manager) and a complete Aave V3 market with both reserves and a lender's liquidity.
 *
 * <p>Each step is recorded in the manifest as soon as it is mined, so running the deployer again on the same chain
 * skips what is done and continues where an interrupted run stopped. A manifest written for another chain, or whose
 * contracts have no code (the node was restarted), is discarded and the market deployed anew.
 */
public final class LocalMarketDeployer {
    private static final Logger LOG = LoggerFactory.getLogger(LocalMarketDeployer.class);

    /** The canonical Multicall3 address on public chains; the local chain gets the same address. */
    public static final String CANONICAL_MULTICALL3 = "0xcA11bde05977b3631167028862bE2a173976CA11";

    /**
     * What the market starts with.
     *
     * @param wethUsd initial WETH/USD feed price
     * @param usdcUsd initial USDC/USD feed price
     * @param lenderUsdc USDC the lender supplies to Aave
     * @param lenderWeth WETH the lender supplies to Aave
     * @param lpUsdcPerPool USDC offered to each Uniswap pool
     * @param lpWethPerPool WETH offered to each Uniswap pool
     * @param traderUsdc USDC minted to the arbitrageur and to the liquidator
     * @param traderWeth WETH minted to the arbitrageur and to the liquidator
     */
    public record Config(BigDecimal wethUsd, BigDecimal usdcUsd, BigDecimal lenderUsdc, BigDecimal lenderWeth,
            BigDecimal lpUsdcPerPool, BigDecimal lpWethPerPool, BigDecimal traderUsdc, BigDecimal traderWeth) {
        public static Config defaults() {
            return new Config(new BigDecimal("2000"), BigDecimal.ONE, new BigDecimal("20000000"),
                    new BigDecimal("10000"), new BigDecimal("10000000"), new BigDecimal("5000"),
                    new BigDecimal("50000000"), new BigDecimal("25000"));
        }
    }

    /** Reserve risk parameters in basis points, as on Aave V3 Ethereum. */
    private record ReserveRisk(int ltv, int liquidationThreshold, int liquidationBonus, int reserveFactor) {}

    private static final ReserveRisk WETH_RISK = new ReserveRisk(8050, 8300, 10500, 1500);
    private static final ReserveRisk USDC_RISK = new ReserveRisk(7700, 8000, 10450, 1000);

    private static final List<String> POOL_LIBRARIES = List.of(
            "BorrowLogic", "BridgeLogic", "EModeLogic", "FlashLoanLogic", "LiquidationLogic", "PoolLogic", "SupplyLogic");

    private final Chain chain;
    private final Config config;
    private final Credentials deployer = HardhatAccounts.account(HardhatAccounts.DEPLOYER);
    private final Credentials lender = HardhatAccounts.account(HardhatAccounts.LENDER);
    private final Credentials lp = HardhatAccounts.account(HardhatAccounts.LIQUIDITY_PROVIDER);
    private final TransactionManager tx;
    private final ContractGasProvider gas;
    private final Web3j web3j;
    private Manifest manifest;
    private Deployment deployment;

    public LocalMarketDeployer(Chain chain, Config config) {
        this.chain = chain;
        this.config = config;
        this.tx = chain.txManager(deployer);
        this.gas = chain.gasProvider();
        this.web3j = chain.web3j();
    }

    /**
     * Deploys the market, or resumes a deployment recorded in {@code manifestFile}.
     *
     * @return the deployed market
     */
    public LocalMarket deploy(Path manifestFile) {
        manifest = Manifest.read(manifestFile)
                .filter(this::belongsToThisChain)
                .orElseGet(() -> Manifest.create(manifestFile, chain.chainId()));
        deployment = new Deployment(chain, manifest);
        long started = System.nanoTime();
        try {
            deployTokensAndFeeds();
            deployMulticall();
            deployUniswap();
            deployAave();
            seedLiquidity();
        } catch (Exception e) {
            throw new DeploymentException("local market deployment stopped (rerun to resume from "
                    + manifestFile + "): " + e.getMessage(), e);
        }
        LOG.info("local market ready contracts={} block={} seconds={}", manifest.contracts().size(), manifest.block(),
                String.format("%.1f", (System.nanoTime() - started) / 1e9));
        return new LocalMarket(chain, manifest);
    }

    /** Thrown when a deployment step fails; what was done stays recorded in the manifest. */
    public static final class DeploymentException extends RuntimeException {
        public DeploymentException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private boolean belongsToThisChain(Manifest existing) {
        if (existing.chainId() != chain.chainId()) {
            LOG.warn("manifest {} is for chain {}, not {}: deploying anew", existing.file(), existing.chainId(),
                    chain.chainId());
            return false;
        }
        boolean allHaveCode = existing.contracts().values().stream().allMatch(chain::hasCode);
        if (!allHaveCode) {
            LOG.warn("manifest {} names contracts without code on this chain (a restarted node?): deploying anew",
                    existing.file());
        }
        return allHaveCode;
    }

    // ------------------------------------------------------------------ tokens, feeds, Multicall3

    private void deployTokensAndFeeds() throws Exception {
        String owner = deployer.getAddress();
        contract("usdc", () -> TestERC20.deploy(web3j, tx, gas, "USD Coin (Ballast local)", "USDC",
                BigInteger.valueOf(LocalMarket.USDC_DECIMALS), owner).send());
        contract("weth", () -> TestERC20.deploy(web3j, tx, gas, "Wrapped Ether (Ballast local)", "WETH",
                BigInteger.valueOf(LocalMarket.WETH_DECIMALS), owner).send());
        contract("usdcUsdFeed", () -> SettablePriceFeed.deploy(web3j, tx, gas,
                BigInteger.valueOf(LocalMarket.FEED_DECIMALS), "USDC / USD", feedAnswer(config.usdcUsd()), owner)
                .send());
        contract("wethUsdFeed", () -> SettablePriceFeed.deploy(web3j, tx, gas,
                BigInteger.valueOf(LocalMarket.FEED_DECIMALS), "WETH / USD", feedAnswer(config.wethUsd()), owner)
                .send());
    }

    /** A feed answer with 8 decimals. */
    public static BigInteger feedAnswer(BigDecimal price) {
        return price.setScale(LocalMarket.FEED_DECIMALS, RoundingMode.HALF_EVEN).unscaledValue();
    }

    private void deployMulticall() throws Exception {
        deployment.record("multicall3", this::deployMulticallAtCanonicalAddress);
    }

    private String deployMulticallAtCanonicalAddress() throws Exception {
        Multicall3 deployed = Multicall3.deploy(web3j, tx, gas).send();
        String address = deployed.getContractAddress();
        if (chain.chainId() == 31337L) {
            // same address as on public chains, so keeper configs carry over unchanged
            String code = Chain.call(web3j.ethGetCode(address,
                    org.web3j.protocol.core.DefaultBlockParameterName.LATEST)).getCode();
            chain.raw("hardhat_setCode", List.of(CANONICAL_MULTICALL3, code));
            address = CANONICAL_MULTICALL3;
        }
        return address;
    }

    // ------------------------------------------------------------------ Uniswap V3

    private void deployUniswap() throws Exception {
        String weth = manifest.address("weth");
        String factory = contract("uniswapFactory", () -> UniswapV3Factory.deploy(web3j, tx, gas).send());
        LocalMarket market = new LocalMarket(chain, manifest);
        for (int fee : LocalMarket.FEE_TIERS) {
            deployment.record("uniswapPool" + fee, () -> {
                UniswapV3Factory f = UniswapV3Factory.load(factory, web3j, tx, gas);
                String token0 = market.token0();
                String token1 = token0.equalsIgnoreCase(market.usdc()) ? weth : market.usdc();
                // createPool and initialize are separate transactions; resume after either one
                String pool = f.getPool(token0, token1, BigInteger.valueOf(fee)).send();
                if (isZero(pool)) {
                    f.createPool(token0, token1, BigInteger.valueOf(fee)).send();
                    pool = f.getPool(token0, token1, BigInteger.valueOf(fee)).send();
                }
                UniswapV3Pool p = UniswapV3Pool.load(pool, web3j, tx, gas);
                if (p.slot0().send().component1().signum() == 0) {
                    p.initialize(initialSqrtPrice(market)).send();
                }
                return pool;
            });
        }
        String nftDescriptorLib = contract("uniswapNftDescriptorLibrary", () -> NFTDescriptor.deploy(web3j, tx, gas)
                .send());
        String descriptor = contract("uniswapPositionDescriptor", () -> {
            String binary = Libraries.link(NonfungibleTokenPositionDescriptor.BINARY,
                    Map.of("contracts/libraries/NFTDescriptor.sol:NFTDescriptor", nftDescriptorLib));
            return Contract.deployRemoteCall(NonfungibleTokenPositionDescriptor.class, web3j, tx, gas, binary,
                    FunctionEncoder.encodeConstructor(List.of(new Address(weth), new Bytes32(bytes32("ETH"))))).send();
        });
        contract("positionManager", () -> NonfungiblePositionManager.deploy(web3j, tx, gas, factory, weth, descriptor)
                .send());
        contract("swapRouter", () -> SwapRouter.deploy(web3j, tx, gas, factory, weth).send());
        contract("quoterV2", () -> QuoterV2.deploy(web3j, tx, gas, factory, weth).send());
    }

    /** The pool price that matches the feeds: WETH/USD over USDC/USD, as token1 per token0. */
    private BigInteger initialSqrtPrice(LocalMarket market) {
        BigDecimal usdcPerWeth = config.wethUsd().divide(config.usdcUsd(), 18, RoundingMode.HALF_EVEN);
        return market.usdcIsToken0()
                ? Units.sqrtPriceX96(BigDecimal.ONE.divide(usdcPerWeth, 36, RoundingMode.HALF_EVEN),
                        LocalMarket.USDC_DECIMALS, LocalMarket.WETH_DECIMALS)
                : Units.sqrtPriceX96(usdcPerWeth, LocalMarket.WETH_DECIMALS, LocalMarket.USDC_DECIMALS);
    }

    // ------------------------------------------------------------------ Aave V3

    private void deployAave() throws Exception {
        String owner = deployer.getAddress();
        String provider = contract("aaveAddressesProvider", () -> PoolAddressesProvider.deploy(web3j, tx, gas,
                "Ballast Local Market", owner).send());
        PoolAddressesProvider p = PoolAddressesProvider.load(provider, web3j, tx, gas);
        // ACLManager's constructor reverts (code 75) unless the ACL admin is set first
        step("aave.aclAdmin", () -> p.setACLAdmin(owner).send());
        String acl = contract("aaveAclManager", () -> ACLManager.deploy(web3j, tx, gas, provider).send());
        step("aave.aclRoles", () -> {
            ACLManager a = ACLManager.load(acl, web3j, tx, gas);
            p.setACLManager(acl).send();
            a.addPoolAdmin(owner).send();
            a.addRiskAdmin(owner).send();
            a.addEmergencyAdmin(owner).send();
            return a.addAssetListingAdmin(owner).send();
        });

        // FlashLoanLogic links BorrowLogic, so BorrowLogic goes first
        String borrowLogic = contract("aaveBorrowLogic", () -> BorrowLogic.deploy(web3j, tx, gas).send());
        contract("aaveBridgeLogic", () -> BridgeLogic.deploy(web3j, tx, gas).send());
        contract("aaveEModeLogic", () -> EModeLogic.deploy(web3j, tx, gas).send());
        contract("aaveFlashLoanLogic", () -> {
            String binary = Libraries.link(FlashLoanLogic.BINARY, Map.of(aaveLibrary("BorrowLogic"), borrowLogic));
            return Contract.deployRemoteCall(FlashLoanLogic.class, web3j, tx, gas, binary, "").send();
        });
        contract("aaveLiquidationLogic", () -> LiquidationLogic.deploy(web3j, tx, gas).send());
        contract("aavePoolLogic", () -> PoolLogic.deploy(web3j, tx, gas).send());
        contract("aaveSupplyLogic", () -> SupplyLogic.deploy(web3j, tx, gas).send());
        String poolImpl = contract("aavePoolImpl", () -> {
            Map<String, String> libraries = new LinkedHashMap<>();
            POOL_LIBRARIES.forEach(lib -> libraries.put(aaveLibrary(lib), manifest.address("aave" + lib)));
            return Contract.deployRemoteCall(Pool.class, web3j, tx, gas, Libraries.link(Pool.BINARY, libraries),
                    FunctionEncoder.encodeConstructor(List.of(new Address(provider)))).send();
        });
        String pool = deployment.record("aavePool", () -> {
            p.setPoolImpl(poolImpl).send(); // creates the proxy and initialises it
            return p.getPool().send();
        });

        String configuratorLogic = contract("aaveConfiguratorLogic", () -> ConfiguratorLogic.deploy(web3j, tx, gas)
                .send());
        String configuratorImpl = contract("aaveConfiguratorImpl", () -> {
            String binary = Libraries.link(PoolConfigurator.BINARY,
                    Map.of(aaveLibrary("ConfiguratorLogic"), configuratorLogic));
            return Contract.deployRemoteCall(PoolConfigurator.class, web3j, tx, gas, binary, "").send();
        });
        deployment.record("aaveConfigurator", () -> {
            p.setPoolConfiguratorImpl(configuratorImpl).send();
            return p.getPoolConfigurator().send();
        });
        String usdc = manifest.address("usdc");
        String weth = manifest.address("weth");
        String oracle = contract("aaveOracle", () -> AaveOracle.deploy(web3j, tx, gas, provider, List.of(usdc, weth),
                List.of(manifest.address("usdcUsdFeed"), manifest.address("wethUsdFeed")), Address.DEFAULT.getValue(),
                Address.DEFAULT.getValue(), BigInteger.TEN.pow(LocalMarket.FEED_DECIMALS)).send());
        step("aave.setPriceOracle", () -> p.setPriceOracle(oracle).send());
        String dataProvider = contract("aaveDataProvider", () -> AaveProtocolDataProvider.deploy(web3j, tx, gas,
                provider).send());
        step("aave.setPoolDataProvider", () -> p.setPoolDataProvider(dataProvider).send());

        // token implementations take the Pool proxy; with the implementation initReserves reverts
        String aTokenImpl = contract("aaveATokenImpl", () -> AToken.deploy(web3j, tx, gas, pool).send());
        String stableImpl = contract("aaveStableDebtTokenImpl", () -> StableDebtToken.deploy(web3j, tx, gas, pool)
                .send());
        String variableImpl = contract("aaveVariableDebtTokenImpl", () -> VariableDebtToken.deploy(web3j, tx, gas,
                pool).send());
        // rates as on Aave V3 Ethereum: stablecoins kink at 90% usage, ETH at 80%
        String usdcRates = contract("aaveUsdcRateStrategy", () -> DefaultReserveInterestRateStrategy.deploy(web3j, tx,
                gas, provider, ray("0.90"), ray("0"), ray("0.04"), ray("0.60"), ray("0.005"), ray("0.60"),
                ray("0.01"), ray("0.08"), ray("0.20")).send());
        String wethRates = contract("aaveWethRateStrategy", () -> DefaultReserveInterestRateStrategy.deploy(web3j, tx,
                gas, provider, ray("0.80"), ray("0"), ray("0.033"), ray("0.80"), ray("0.04"), ray("0.80"),
                ray("0.02"), ray("0.05"), ray("0.20")).send());

        PoolConfigurator configurator = PoolConfigurator.load(manifest.address("aaveConfigurator"), web3j, tx, gas);
        step("aave.initReserves", () -> configurator.initReserves(List.of(
                reserveInput(aTokenImpl, stableImpl, variableImpl, LocalMarket.USDC_DECIMALS, usdcRates, usdc, "USDC"),
                reserveInput(aTokenImpl, stableImpl, variableImpl, LocalMarket.WETH_DECIMALS, wethRates, weth, "WETH")))
                .send());
        configureReserve(configurator, "USDC", usdc, USDC_RISK);
        configureReserve(configurator, "WETH", weth, WETH_RISK);
    }

    /** Fully qualified name of an Aave logic library, as in its link placeholders. */
    private static String aaveLibrary(String name) {
        return "contracts/protocol/libraries/logic/" + name + ".sol:" + name;
    }

    private PoolConfigurator.InitReserveInput reserveInput(String aToken, String stable, String variable, int decimals,
            String rates, String asset, String symbol) {
        return new PoolConfigurator.InitReserveInput(aToken, stable, variable, BigInteger.valueOf(decimals), rates,
                asset, deployer.getAddress(), Address.DEFAULT.getValue(), "Aave Local " + symbol, "aLoc" + symbol,
                "Aave Local Variable Debt " + symbol, "variableDebtLoc" + symbol, "Aave Local Stable Debt " + symbol,
                "stableDebtLoc" + symbol, new byte[0]);
    }

    private void configureReserve(PoolConfigurator c, String symbol, String asset, ReserveRisk risk) throws Exception {
        step("aave.configure" + symbol, () -> {
            c.configureReserveAsCollateral(asset, BigInteger.valueOf(risk.ltv()),
                    BigInteger.valueOf(risk.liquidationThreshold()), BigInteger.valueOf(risk.liquidationBonus())).send();
            c.setReserveBorrowing(asset, true).send();
            return c.setReserveFactor(asset, BigInteger.valueOf(risk.reserveFactor())).send();
        });
    }

    // ------------------------------------------------------------------ liquidity and inventories

    private void seedLiquidity() throws Exception {
        LocalMarket market = new LocalMarket(chain, manifest);
        TestERC20 usdc = market.usdc(deployer);
        TestERC20 weth = market.weth(deployer);
        int u = LocalMarket.USDC_DECIMALS;
        int w = LocalMarket.WETH_DECIMALS;

        step("aave.lenderLiquidity", () -> {
            usdc.mint(lender.getAddress(), raw(config.lenderUsdc(), u)).send();
            weth.mint(lender.getAddress(), raw(config.lenderWeth(), w)).send();
            Pool pool = market.aavePool(lender);
            market.usdc(lender).approve(pool.getContractAddress(), MAX_UINT256).send();
            market.weth(lender).approve(pool.getContractAddress(), MAX_UINT256).send();
            pool.supply(market.usdc(), raw(config.lenderUsdc(), u), lender.getAddress(), BigInteger.ZERO).send();
            return pool.supply(market.weth(), raw(config.lenderWeth(), w), lender.getAddress(), BigInteger.ZERO)
                    .send();
        });

        for (int fee : LocalMarket.FEE_TIERS) {
            step("uniswap.liquidity" + fee, () -> addLiquidity(market, fee));
        }

        for (int account : new int[] {HardhatAccounts.ARBITRAGEUR, HardhatAccounts.LIQUIDATOR}) {
            step("inventory.account" + account, () -> {
                String to = HardhatAccounts.account(account).getAddress();
                usdc.mint(to, raw(config.traderUsdc(), u)).send();
                return weth.mint(to, raw(config.traderWeth(), w)).send();
            });
        }
    }

    /**
     * Liquidity over a realistic range around the feed price: [P/2, 2P] in the 0.05% pool, [P/4, 4P] in the 0.3% pool.
     */
    private TransactionReceipt addLiquidity(LocalMarket market, int fee) throws Exception {
        String lpAddress = lp.getAddress();
        BigInteger usdcAmount = raw(config.lpUsdcPerPool(), LocalMarket.USDC_DECIMALS);
        BigInteger wethAmount = raw(config.lpWethPerPool(), LocalMarket.WETH_DECIMALS);
        market.usdc(deployer).mint(lpAddress, usdcAmount).send();
        market.weth(deployer).mint(lpAddress, wethAmount).send();
        NonfungiblePositionManager npm = market.positionManager(lp);
        market.usdc(lp).approve(npm.getContractAddress(), MAX_UINT256).send();
        market.weth(lp).approve(npm.getContractAddress(), MAX_UINT256).send();

        int spacing = market.uniswapFactory(lp).feeAmountTickSpacing(BigInteger.valueOf(fee)).send().intValueExact();
        BigDecimal width = BigDecimal.valueOf(fee == 500 ? 2 : 4);
        boolean usdcFirst = market.usdcIsToken0();
        int d0 = usdcFirst ? LocalMarket.USDC_DECIMALS : LocalMarket.WETH_DECIMALS;
        int d1 = usdcFirst ? LocalMarket.WETH_DECIMALS : LocalMarket.USDC_DECIMALS;
        BigDecimal usdcPerWeth = config.wethUsd().divide(config.usdcUsd(), 18, RoundingMode.HALF_EVEN);
        BigDecimal price = usdcFirst ? BigDecimal.ONE.divide(usdcPerWeth, 36, RoundingMode.HALF_EVEN) : usdcPerWeth;
        int lower = Units.tick(price.divide(width, 36, RoundingMode.HALF_EVEN), d0, d1, spacing);
        int upper = Units.tick(price.multiply(width), d0, d1, spacing) + spacing;
        BigInteger amount0 = usdcFirst ? usdcAmount : wethAmount;
        BigInteger amount1 = usdcFirst ? wethAmount : usdcAmount;
        BigInteger deadline = BigInteger.valueOf(chain.latestTimestamp() + 3600);
        return npm.mint(new NonfungiblePositionManager.MintParams(market.token0(),
                usdcFirst ? market.weth() : market.usdc(), BigInteger.valueOf(fee), BigInteger.valueOf(lower),
                BigInteger.valueOf(upper), amount0, amount1, BigInteger.ZERO, BigInteger.ZERO, lpAddress, deadline),
                BigInteger.ZERO).send();
    }

    // ------------------------------------------------------------------ resumable steps

    private String contract(String name, Deployment.Step<? extends Contract> deploy) throws Exception {
        return deployment.contract(name, deploy);
    }

    private void step(String name, Deployment.Step<TransactionReceipt> action) throws Exception {
        deployment.step(name, action);
    }

    private static boolean isZero(String address) {
        return address == null || new BigInteger(address.substring(2), 16).signum() == 0;
    }

    private static byte[] bytes32(String text) {
        return Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), 32);
    }

}
