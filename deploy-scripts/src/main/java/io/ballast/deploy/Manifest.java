package io.ballast.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A deployment manifest: the chain id, the block of the last completed step, every deployed address by name, and the
 * completed configuration steps. It is written (atomically) after every step, so an interrupted deployment resumes
 * from the first step not recorded instead of deploying twice.
 *
 * <pre>{@code {"chainId":31337,"block":57,"contracts":{"usdc":"0x..",...},"steps":{"aave.reserves":"0x<tx>",...}}}</pre>
 */
public final class Manifest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private long chainId;
    private long block;
    private final Map<String, String> contracts = new LinkedHashMap<>();
    private final Map<String, String> steps = new LinkedHashMap<>();

    private Manifest(Path file, long chainId) {
        this.file = file;
        this.chainId = chainId;
    }

    /** An empty manifest for {@code chainId} that will be written to {@code file}. */
    public static Manifest create(Path file, long chainId) {
        return new Manifest(file, chainId);
    }

    /** Reads {@code file}, or returns empty when it does not exist. */
    public static Optional<Manifest> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.has("chainId")) {
                throw new IllegalStateException("manifest " + file + " has no chainId: not a Ballast manifest");
            }
            Manifest manifest = new Manifest(file, root.get("chainId").asLong());
            manifest.block = root.path("block").asLong();
            root.path("contracts").properties().forEach(e -> manifest.contracts.put(e.getKey(), e.getValue().asText()));
            root.path("steps").properties().forEach(e -> manifest.steps.put(e.getKey(), e.getValue().asText()));
            return Optional.of(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public long chainId() {
        return chainId;
    }

    public long block() {
        return block;
    }

    /** Address of contract {@code name}, if deployed. */
    public Optional<String> contract(String name) {
        return Optional.ofNullable(contracts.get(name));
    }

    /** Address of contract {@code name}; throws when it is not in the manifest. */
    public String address(String name) {
        String address = contracts.get(name);
        if (address == null) {
            throw new IllegalStateException("manifest " + file + " has no contract '" + name + "'");
        }
        return address;
    }

    public Map<String, String> contracts() {
        return Collections.unmodifiableMap(contracts);
    }

    public boolean stepDone(String name) {
        return steps.containsKey(name);
    }

    public Map<String, String> steps() {
        return Collections.unmodifiableMap(steps);
    }

    /** Records a deployed contract at {@code block} and writes the manifest. */
    public void putContract(String name, String address, long block) {
        contracts.put(name, address);
        this.block = block;
        write();
    }

    /** Records a completed step (its value: usually the last transaction hash) and writes the manifest. */
    public void putStep(String name, String value, long block) {
        steps.put(name, value);
        this.block = block;
        write();
    }

    /** Writes to a temporary file and moves it into place, so a crash never leaves half a manifest. */
    public void write() {
        ObjectNode root = JSON.createObjectNode();
        root.put("chainId", chainId);
        root.put("block", block);
        ObjectNode c = root.putObject("contracts");
        contracts.forEach(c::put);
        ObjectNode s = root.putObject("steps");
        steps.forEach(s::put);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write manifest " + file + ": " + e.getMessage(), e);
        }
    }
}
