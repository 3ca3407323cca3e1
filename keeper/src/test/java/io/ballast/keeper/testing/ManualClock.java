package io.ballast.keeper.testing;

import io.ballast.keeper.act.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A clock that moves only when told, and a sleeper that moves it: a test drives hours of receipt polling in
 * microseconds. {@link #onSleep} runs after each sleep (for example to mine a block at a chosen moment).
 */
public final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Duration> sleeps = new ArrayList<>();
    private Consumer<Instant> onSleep = at -> {};

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** A sleeper that advances this clock instead of waiting. */
    public Sleeper sleeper() {
        return duration -> {
            Consumer<Instant> hook;
            synchronized (this) {
                sleeps.add(duration);
                now = now.plus(duration);
                hook = onSleep;
            }
            hook.accept(instant());
        };
    }

    public synchronized void onSleep(Consumer<Instant> hook) {
        this.onSleep = hook;
    }

    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
