package io.ballast.keeper.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.keeper.abi.BallastAbi;
import io.ballast.keeper.chain.ChainException;
import io.ballast.keeper.testing.FakeChain;
import io.ballast.keeper.testing.TestKeys;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;
import org.junit.jupiter.api.Test;

class VaultDiscoveryTest {
    private final FakeChain chain = new FakeChain();
    private final AtomicBoolean registryDown = new AtomicBoolean();
    private final AtomicInteger pageReads = new AtomicInteger();

    /** A factory whose registry holds {@code vaults}; reads fail while {@link #registryDown} is set. */
    private void factoryWith(List<String> vaults) {
        chain.deploy(TestKeys.FACTORY, (from, data) -> {
            if (registryDown.get()) {
                throw new ChainException.CallReverted("eth_call", 3, "execution reverted", new byte[0]);
            }
            String selector = Numeric.toHexString(Arrays.copyOfRange(data, 0, 4));
            if (selector.equals(Numeric.toHexString(Arrays.copyOfRange(BallastAbi.vaultsCount(), 0, 4)))) {
                return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(
                        List.of(new Uint256(vaults.size()))));
            }
            pageReads.incrementAndGet();
            int offset = new BigInteger(1, Arrays.copyOfRange(data, 4, 36)).intValueExact();
            int limit = new BigInteger(1, Arrays.copyOfRange(data, 36, 68)).intValueExact();
            List<Address> page = vaults.subList(Math.min(offset, vaults.size()),
                    Math.min(vaults.size(), offset + limit)).stream().map(Address::new).toList();
            return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(
                    List.of(new DynamicArray<>(Address.class, page))));
        });
    }

    private static List<String> vaults(int count) {
        List<String> vaults = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            vaults.add(Keys.toChecksumAddress(String.format("0x%040x", 0xabc000 + i)));
        }
        return vaults;
    }

    @Test
    void shouldReadTheFactoryRegistryInPagesAndPutListedVaultsFirstWithoutDuplicates() {
        List<String> registry = vaults(7);
        factoryWith(registry);
        String listedOnly = TestKeys.VAULT_A;
        String alsoInRegistry = registry.get(3).toLowerCase();
        VaultDiscovery discovery = new VaultDiscovery(chain, List.of(listedOnly, alsoInRegistry),
                Optional.of(TestKeys.FACTORY), 3);

        VaultDiscovery.Discovered found = discovery.discover();

        assertThat(found.error()).isEmpty();
        assertThat(pageReads.get()).isEqualTo(3); // 3 + 3 + 1
        assertThat(found.vaults()).hasSize(8);
        assertThat(found.vaults().subList(0, 2)).containsExactly(listedOnly, alsoInRegistry);
        assertThat(found.vaults().subList(2, 8)).containsExactlyElementsOf(
                registry.stream().filter(v -> !v.equalsIgnoreCase(alsoInRegistry)).toList());
    }

    @Test
    void shouldKeepTheLastKnownVaultsWhenTheRegistryCannotBeRead() {
        List<String> registry = vaults(4);
        factoryWith(registry);
        VaultDiscovery discovery = new VaultDiscovery(chain, List.of(), Optional.of(TestKeys.FACTORY), 100);
        assertThat(discovery.discover().vaults()).hasSize(4);

        registryDown.set(true);
        VaultDiscovery.Discovered found = discovery.discover();

        assertThat(found.vaults()).containsExactlyElementsOf(registry);
        assertThat(found.error()).hasValueSatisfying(e -> assertThat(e).contains("registry unreadable"));
    }

    @Test
    void shouldRefuseAnAbsurdRegistrySize() {
        chain.deploy(TestKeys.FACTORY, (from, data) -> Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(
                List.of(new Uint256(BigInteger.TWO.pow(200))))));
        VaultDiscovery discovery = new VaultDiscovery(chain, List.of(TestKeys.VAULT_A), Optional.of(TestKeys.FACTORY),
                100);

        VaultDiscovery.Discovered found = discovery.discover();

        assertThat(found.vaults()).containsExactly(TestKeys.VAULT_A);
        assertThat(found.error()).hasValueSatisfying(e -> assertThat(e).contains("more than"));
    }
}
