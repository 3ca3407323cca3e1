package io.ballast.keeper.act;

import java.time.Duration;

/** Waits; injected so tests (and in-process chain tests) can drive time with a fake clock. */
@FunctionalInterface
public interface Sleeper {
    /** {@link Thread#sleep(Duration)}. */
    Sleeper SYSTEM = Thread::sleep;

    void sleep(Duration duration) throws InterruptedException;
}
