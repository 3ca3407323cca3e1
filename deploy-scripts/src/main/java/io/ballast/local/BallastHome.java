package io.ballast.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root, where {@code contracts/} holds the Hardhat project and its pinned Node runtime. */
public final class BallastHome {
    private BallastHome() {}

    /**
     * The root named by the {@code ballast.home} system property or the {@code BALLAST_HOME} environment variable,
     * else the nearest directory at or above the working directory that contains {@code contracts/hardhat.config.ts}.
     *
     * @throws IllegalStateException when no such directory exists
     */
    public static Path find() {
        String configured = System.getProperty("ballast.home", System.getenv("BALLAST_HOME"));
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured).toAbsolutePath().normalize();
            if (!isHome(home)) {
                throw new IllegalStateException("ballast.home=" + home + " has no contracts/hardhat.config.ts");
            }
            return home;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isHome(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "cannot find the Ballast repository (contracts/hardhat.config.ts); run from inside it or set BALLAST_HOME");
    }

    private static boolean isHome(Path dir) {
        return Files.isRegularFile(dir.resolve("contracts").resolve("hardhat.config.ts"));
    }
}
