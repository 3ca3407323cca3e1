package io.ballast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.Manifest;
import io.ballast.deploy.PolicySpec;
import io.ballast.deploy.RiskSpec;
import io.ballast.wrappers.AaveV3LendingAdapter;
import io.ballast.wrappers.BallastPolicyModuleDeployer;
import io.ballast.wrappers.BallastRiskEngineDeployer;
import io.ballast.wrappers.BallastVaultDeployer;
import io.ballast.wrappers.SettablePriceFeed;
import io.ballast.wrappers.TestERC20;
import io.ballast.wrappers.UniswapV3Factory;
import io.ballast.wrappers.UniswapV3SwapAdapter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.core.methods.request.Transaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ballast deploy}: deploys the factory and vaults onto an existing Aave V3 pool, Uniswap V3 router and price
 * feeds on any EVM chain. Validates everything first, can print the plan with gas estimates ({@code --dry-run}),
 * writes a manifest after every step and resumes from it.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, description = "Deploy the Ballast factory and vaults to a "
        + "chain with existing Aave V3, Uniswap V3 and price feeds, from a JSON config. Validates first; --dry-run "
        + "prints the plan and gas; resumes an interrupted deployment from its manifest.")
public final class DeployCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Deployment config (JSON); "
            + "see deploy-scripts/config/.")
    Path config;

    @Option(names = "--rpc", required = true, paramLabel = "URL", description = "JSON-RPC endpoint of the chain.")
    String rpc;

    @Option(names = "--manifest", paramLabel = "FILE", description = "Manifest to write and resume from (default "
            + ".ballast/deployments/chain-<id>.json).")
    Path manifestFile;

    @Option(names = "--dry-run", description = "Validate and print the plan with estimated gas; send nothing.")
    boolean dryRun;

    @Option(names = "--keystore", paramLabel = "FILE", description = "Signer keystore (password in "
            + "BALLAST_KEYSTORE_PASSWORD); or BALLAST_PRIVATE_KEY; or --hardhat-account on chain 31337.")
    Path keystore;

    @Option(names = "--hardhat-account", paramLabel = "N", description = "Sign with Hardhat's public test account N "
            + "(chain 31337 only).")
    Integer hardhatAccount;

    /** The parsed config: venues, and one spec per vault. */
    record Plan(long chainId, BallastDeployer.Venues venues, List<BallastDeployer.VaultSpec> vaults,
            List<Integer> assetDecimals, List<Integer> baseDecimals) {}

    @Override
    public Integer call() throws Exception {
        Plan plan = parse(config);
        Chain chain;
        try {
            chain = Chain.connect(rpc);
        } catch (RuntimeException e) {
            // Chain.connect's own message already says "cannot reach URL: why"
            String why = String.valueOf(e.getMessage());
            throw new Inputs.InputException(why.startsWith("cannot reach") ? why : "cannot reach " + rpc + ": " + why);
        }
        try (chain) {
            Inputs.requireChain(plan.chainId(), chain.chainId(), rpc);
            validate(chain, plan);
            Path file = manifestFile != null ? manifestFile
                    : Path.of(".ballast", "deployments", "chain-" + chain.chainId() + ".json");
            Manifest manifest = Manifest.read(file).orElseGet(() -> Manifest.create(file, chain.chainId()));
            if (manifest.chainId() != chain.chainId()) {
                throw new Inputs.InputException("manifest " + file + " is for chain " + manifest.chainId()
                        + ", not " + chain.chainId() + "; pass another --manifest");
            }
            Credentials signer = signer(chain);
            printPlan(chain, plan, manifest, signer);
            if (dryRun) {
                System.out.println("dry run: nothing sent");
                return 0;
            }
            BallastDeployer deployer = new BallastDeployer(chain, signer, manifest, plan.venues());
            String factory = deployer.deployFactory();
            System.out.printf("factory  %s%n", factory);
            for (BallastDeployer.VaultSpec spec : plan.vaults()) {
                String[] deployed = deployer.deployVault(spec);
                System.out.printf("vault    %s  %s (policy module %s)%n", spec.symbol(), deployed[0], deployed[1]);
            }
            System.out.printf("manifest %s%n", file);
            return 0;
        }
    }

    // ------------------------------------------------------------------ config

    static Plan parse(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new Inputs.InputException("cannot read config " + file + ": " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        long chainId = required(root, "chainId").asLong();
        JsonNode v = required(root, "venues");
        var venues = new BallastDeployer.Venues(address(v, "aavePool"), address(v, "uniswapSwapRouter"),
                address(v, "uniswapFactory"), required(v, "swapFee").asInt());
        List<BallastDeployer.VaultSpec> specs = new ArrayList<>();
        List<Integer> assetDecimals = new ArrayList<>();
        List<Integer> baseDecimals = new ArrayList<>();
        JsonNode vaults = required(root, "vaults");
        if (!vaults.isArray() || vaults.isEmpty()) {
            throw new Inputs.InputException("config: 'vaults' must be a non-empty list");
        }
        for (JsonNode vault : vaults) {
            String symbol = required(vault, "symbol").asText();
            JsonNode roles = required(vault, "roles");
            List<String> keepers = new ArrayList<>();
            vault.path("keepers").forEach(k -> keepers.add(Inputs.address("keeper", k.asText())));
            PolicySpec policy = policy(required(vault, "policy").asText());
            assetDecimals.add(required(required(vault, "asset"), "decimals").asInt());
            baseDecimals.add(required(required(vault, "base"), "decimals").asInt());
            JsonNode sequencer = vault.path("sequencerFeed");
            specs.add(new BallastDeployer.VaultSpec(symbol, required(vault, "name").asText(),
                    address(required(vault, "asset"), "address"), address(required(vault, "base"), "address"),
                    feed(vault, "baseFeed"), feed(vault, "quoteFeed"), feed(vault, "nativeFeed"),
                    sequencer.isMissingNode() || sequencer.isNull() ? null : Inputs.address("sequencerFeed",
                            sequencer.asText()), vault.path("gracePeriodSeconds").asLong(3600), policy,
                    PolicySpec.lowerBounds(), PolicySpec.upperBounds(), required(vault, "timelockSeconds").asLong(),
                    risk(vault.path("risk").asText("default")), address(roles, "admin"), address(roles, "curator"), address(roles, "guardian"), keepers));
        }
        return new Plan(chainId, venues, specs, assetDecimals, baseDecimals);
    }

    private static PolicySpec policy(String name) {
        return switch (name) {
            case "long2x" -> PolicySpec.long2x();
            case "long1.5x" -> PolicySpec.long2x().withTarget(new BigDecimal("1.5"));
            case "unlevered" -> PolicySpec.long2x().withTarget(BigDecimal.ONE);
            default -> throw new Inputs.InputException("config: unknown policy '" + name
                    + "'; known: long2x, long1.5x, unlevered");
        };
    }

    private static RiskSpec risk(String name) {
        return switch (name) {
            case "default" -> RiskSpec.defaults();
            case "vol-target-60" -> RiskSpec.defaults().withVolTarget(new BigDecimal("0.6"));
            case "cost-aware-band" -> RiskSpec.defaults().withCostAwareBand(new BigDecimal("0.002"), BigDecimal.ONE,
                    new BigDecimal("0.02"));
            default -> throw new Inputs.InputException("config: unknown risk configuration '" + name
                    + "'; known: default, vol-target-60, cost-aware-band");
        };
    }

    private static BallastDeployer.Feed feed(JsonNode vault, String name) {
        JsonNode f = required(vault, name);
        return new BallastDeployer.Feed(address(f, "address"), required(f, "maxStalenessSeconds").asLong(),
                new BigDecimal(required(f, "min").asText()), new BigDecimal(required(f, "max").asText()),
                required(f, "decimals").asInt());
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            throw new Inputs.InputException("config: missing '" + field + "'");
        }
        return value;
    }

    private static String address(JsonNode node, String field) {
        String text = required(node, field).asText();
        if (text.startsWith("FILL")) {
            throw new Inputs.InputException("config: '" + field + "' is still a placeholder (" + text + "); fill in "
                    + "the real address");
        }
        return Inputs.address("config '" + field + "'", text);
    }

    // ------------------------------------------------------------------ validation

    private static void validate(Chain chain, Plan plan) throws Exception {
        Credentials reader = HardhatAccounts.account(0);
        List<String> problems = new ArrayList<>();
        var venues = plan.venues();
        for (var e : List.of(List.of("venues.aavePool", venues.aavePool()),
                List.of("venues.uniswapSwapRouter", venues.swapRouter()),
                List.of("venues.uniswapFactory", venues.uniswapFactory()))) {
            if (!chain.hasCode(e.get(1))) {
                problems.add(e.get(0) + " " + e.get(1) + " has no code");
            }
        }
        for (int i = 0; i < plan.vaults().size(); i++) {
            var spec = plan.vaults().get(i);
            String at = "vault " + spec.symbol() + ": ";
            for (var token : List.of(List.of("asset", spec.asset(), plan.assetDecimals().get(i)),
                    List.of("base", spec.base(), plan.baseDecimals().get(i)))) {
                String address = (String) token.get(1);
                if (!chain.hasCode(address)) {
                    problems.add(at + token.get(0) + " " + address + " has no code");
                    continue;
                }
                int actual = TestERC20.load(address, chain.web3j(), chain.txManager(reader), chain.gasProvider())
                        .decimals().send().intValueExact();
                if (actual != (Integer) token.get(2)) {
                    problems.add(at + token.get(0) + " has " + actual + " decimals, config says " + token.get(2));
                }
            }
            for (var f : List.of(List.of("baseFeed", spec.baseFeed()), List.of("quoteFeed", spec.quoteFeed()),
                    List.of("nativeFeed", spec.nativeFeed()))) {
                var feed = (BallastDeployer.Feed) f.get(1);
                if (!chain.hasCode(feed.address())) {
                    problems.add(at + f.get(0) + " " + feed.address() + " has no code");
                    continue;
                }
                int actual = SettablePriceFeed.load(feed.address(), chain.web3j(), chain.txManager(reader),
                        chain.gasProvider()).decimals().send().intValueExact();
                if (actual != feed.decimals()) {
                    problems.add(at + f.get(0) + " has " + actual + " decimals, config says " + feed.decimals());
                }
                if (feed.min().signum() <= 0 || feed.min().compareTo(feed.max()) > 0) {
                    problems.add(at + f.get(0) + " bounds must satisfy 0 < min <= max");
                }
            }
            if (spec.sequencerFeed() != null && !chain.hasCode(spec.sequencerFeed())) {
                problems.add(at + "sequencerFeed has no code");
            }
            if (chain.hasCode(venues.uniswapFactory())) {
                String pool = UniswapV3Factory.load(venues.uniswapFactory(), chain.web3j(), chain.txManager(reader),
                        chain.gasProvider()).getPool(spec.asset(), spec.base(), BigInteger.valueOf(venues.swapFee()))
                        .send();
                if (new BigInteger(pool.substring(2), 16).signum() == 0) {
                    problems.add(at + "no Uniswap V3 pool for asset/base at fee " + venues.swapFee());
                }
            }
            problems.addAll(outOfBounds(at, spec.policy(), spec.lowerBounds(), spec.upperBounds()));
            if (spec.timelockSeconds() < 3600 || spec.timelockSeconds() > 30L * 86_400) {
                problems.add(at + "timelockSeconds must be within [3600, 2592000]");
            }
        }
        if (!problems.isEmpty()) {
            throw new Inputs.InputException("config does not fit chain " + chain.chainId() + ": "
                    + String.join("; ", problems));
        }
    }

    /** Policy fields outside the hard bounds, named. */
    static List<String> outOfBounds(String at, PolicySpec p, PolicySpec lo, PolicySpec hi) {
        List<String> out = new ArrayList<>();
        var value = p.toFactoryPolicy();
        var min = lo.toFactoryPolicy();
        var max = hi.toFactoryPolicy();
        String[] names = {"targetExposure", "band", "minDrift", "hfFloor", "hfTarget", "hfCritical", "heartbeat",
            "minChunkSpacing", "maxTradeAssets", "gasPriceCeilingWei", "slippageBps", "maxDeviationBps",
            "bountyPremiumBps", "entryFeeBps", "bountyCapPerUpkeep", "bountyCapPerDay", "exitFeeBps", "idleBufferBps"};
        for (int i = 0; i < names.length; i++) {
            BigInteger v = (BigInteger) value.getValue().get(i).getValue();
            BigInteger a = (BigInteger) min.getValue().get(i).getValue();
            BigInteger b = (BigInteger) max.getValue().get(i).getValue();
            if (v.compareTo(a) < 0 || v.compareTo(b) > 0) {
                out.add(at + "policy " + names[i] + " " + v + " outside the hard bounds [" + a + ", " + b + "]");
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ plan and signer

    private void printPlan(Chain chain, Plan plan, Manifest manifest, Credentials signer) throws Exception {
        System.out.printf("chain %d, signer %s, manifest %s%n", chain.chainId(), signer.getAddress(), manifest.file());
        var venues = plan.venues();
        String from = signer.getAddress();
        List<String[]> rows = new ArrayList<>();
        rows.add(creation(chain, manifest, from, "ballastLendingAdapter", AaveV3LendingAdapter.BINARY,
                org.web3j.abi.FunctionEncoder.encodeConstructor(List.of(new org.web3j.abi.datatypes.Address(
                        venues.aavePool())))));
        rows.add(creation(chain, manifest, from, "ballastSwapAdapter", UniswapV3SwapAdapter.BINARY,
                org.web3j.abi.FunctionEncoder.encodeConstructor(List.of(new org.web3j.abi.datatypes.Address(
                        venues.swapRouter()), new org.web3j.abi.datatypes.Address(venues.uniswapFactory()),
                        new org.web3j.abi.datatypes.generated.Uint24(venues.swapFee())))));
        rows.add(creation(chain, manifest, from, "ballastVaultDeployer", BallastVaultDeployer.BINARY, ""));
        rows.add(creation(chain, manifest, from, "ballastPolicyModuleDeployer", BallastPolicyModuleDeployer.BINARY,
                ""));
        rows.add(creation(chain, manifest, from, "ballastRiskEngineDeployer", BallastRiskEngineDeployer.BINARY, ""));
        rows.add(new String[] {"ballastFactory", manifest.contract("ballastFactory").map(a -> "done " + a)
                .orElse("deploy"), manifest.contract("ballastFactory").isPresent() ? "-" : "after the deployers"});
        for (var spec : plan.vaults()) {
            rows.add(new String[] {"priceModule:" + spec.symbol(), manifest.contract("priceModule:" + spec.symbol())
                    .map(a -> "done " + a).orElse("deploy"), "-"});
            rows.add(new String[] {"vault:" + spec.symbol(), manifest.contract("vault:" + spec.symbol())
                    .map(a -> "done " + a).orElse("createVault"), "after the factory (about 13M on a local chain)"});
            for (String k : spec.keepers()) {
                rows.add(new String[] {"keeper " + k, manifest.stepDone("keeper:" + spec.symbol() + ":" + k)
                        ? "done" : "grantRole(KEEPER_ROLE)", "-"});
            }
        }
        System.out.printf("%-34s %-52s %s%n", "step", "status", "estimated gas");
        for (String[] r : rows) {
            System.out.printf("%-34s %-52s %s%n", r[0], r[1], r[2]);
        }
    }

    private static String[] creation(Chain chain, Manifest manifest, String from, String name, String binary,
            String constructor) {
        var existing = manifest.contract(name);
        if (existing.isPresent()) {
            return new String[] {name, "done " + existing.get(), "-"};
        }
        var estimate = Chain.call(chain.web3j().ethEstimateGas(Transaction.createContractTransaction(from,
                null, null, binary + constructor)));
        return new String[] {name, "deploy", String.format("%,d", estimate.getAmountUsed())};
    }

    private Credentials signer(Chain chain) throws Exception {
        if (hardhatAccount != null) {
            if (chain.chainId() != 31337L) {
                throw new Inputs.InputException("--hardhat-account uses public test keys: only on chain 31337");
            }
            return HardhatAccounts.account(hardhatAccount);
        }
        if (keystore != null) {
            String password = System.getenv("BALLAST_KEYSTORE_PASSWORD");
            if (password == null) {
                throw new Inputs.InputException("--keystore needs its password in BALLAST_KEYSTORE_PASSWORD");
            }
            if (!Files.isReadable(keystore)) {
                throw new Inputs.InputException("keystore " + keystore + " cannot be read");
            }
            try {
                return WalletUtils.loadCredentials(password, keystore.toFile());
            } catch (Exception e) {
                throw new Inputs.InputException("cannot open keystore " + keystore + " (wrong password?)");
            }
        }
        String key = System.getenv("BALLAST_PRIVATE_KEY");
        if (key != null && !key.isBlank()) {
            if (!key.strip().matches("(0x)?[0-9a-fA-F]{64}")) {
                throw new Inputs.InputException("BALLAST_PRIVATE_KEY is not a 32-byte hex key");
            }
            return Credentials.create(key.strip());
        }
        throw new Inputs.InputException("deploying sends transactions: give --keystore FILE (password in "
                + "BALLAST_KEYSTORE_PASSWORD), BALLAST_PRIVATE_KEY, or --hardhat-account N on the local chain");
    }
}
