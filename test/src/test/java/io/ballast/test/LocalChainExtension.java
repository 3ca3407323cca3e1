package io.ballast.test;

import io.ballast.chain.Chain;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalMarketDeployer;
import io.ballast.local.BallastHome;
import io.ballast.local.HardhatNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Chain fixture for end-to-end tests: one Hardhat node for the whole test run, started on a free port on first use and
 * stopped when the run ends (also when a test fails; the node guard stops it if the JVM is killed), and a freshly
 * deployed local market per test class. Test methods and lifecycle methods can take {@link LocalMarket},
 * {@link Chain} or {@link HardhatNode} parameters.
 */
public final class LocalChainExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LocalChainExtension.class);

    /** The run-wide node and connection, closed by JUnit when the run ends. */
    private record SharedNode(HardhatNode node, Chain chain) implements AutoCloseable {
        @Override
        public void close() {
            chain.close();
            node.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        SharedNode shared = shared(context);
        Path manifest = Path.of("target", "manifests", context.getRequiredTestClass().getSimpleName() + ".json");
        Files.deleteIfExists(manifest);
        LocalMarket market = new LocalMarketDeployer(shared.chain(), LocalMarketDeployer.Config.defaults())
                .deploy(manifest);
        context.getStore(NS).put(LocalMarket.class, market);
    }

    private static SharedNode shared(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(SharedNode.class, key -> {
            HardhatNode node = HardhatNode.start(BallastHome.find(), 0);
            return new SharedNode(node, Chain.connect(node.rpcUrl()));
        }, SharedNode.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalMarket.class || type == Chain.class || type == HardhatNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        SharedNode shared = shared(context);
        if (type == Chain.class) {
            return shared.chain();
        }
        if (type == HardhatNode.class) {
            return shared.node();
        }
        return context.getStore(NS).get(LocalMarket.class, LocalMarket.class);
    }
}
