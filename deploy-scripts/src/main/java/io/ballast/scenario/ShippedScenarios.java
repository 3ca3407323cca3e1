package io.ballast.scenario;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The scenarios shipped in {@code deploy-scripts/scenarios/}, and the code that generated them (run this class's
 * {@code main} with the folder to regenerate). All start at 2000 USD on 2026-01-01 00:00 UTC.
 */
public final class ShippedScenarios {
    static final long START = 1_767_225_600L; // 2026-01-01T00:00:00Z
    static final BigDecimal START_PRICE = new BigDecimal("2000");

    private ShippedScenarios() {}

    /** Seven days of hourly prices at 30% annualised volatility. */
    public static PricePath calm() {
        return rename(PricePath.gbm(11, 0.30, 7, 3600, START_PRICE, START), "calm");
    }

    /** Seven days of hourly prices at 120% annualised volatility. */
    public static PricePath volatile_() {
        return rename(PricePath.gbm(12, 1.20, 7, 3600, START_PRICE, START), "volatile");
    }

    /** A day flat, then a 40% fall spread over 24 hours (with noise), then a day near the bottom; every 30 minutes. */
    public static PricePath crash40() {
        Random random = new Random(13);
        List<PricePath.Point> points = new ArrayList<>();
        double logStart = Math.log(2000);
        double logEnd = Math.log(1200);
        for (int i = 0; i <= 144; i++) {
            double progress = Math.clamp((i - 48) / 48.0, 0, 1);
            double noise = (i > 0 && i < 144) ? random.nextGaussian() * 0.002 : 0;
            double price = Math.exp(logStart + (logEnd - logStart) * progress + noise);
            points.add(point(START + i * 1800L, price));
        }
        return new PricePath("crash40", points);
    }

    /** A 30% drop within ten minutes that recovers to 98% of the start within two hours; every 5 minutes, one day. */
    public static PricePath flashCrash() {
        List<PricePath.Point> points = new ArrayList<>();
        for (int i = 0; i <= 288; i++) {
            long t = i * 300L;
            double price;
            if (t < 6 * 3600) {
                price = 2000;
            } else if (t <= 6 * 3600 + 600) {
                price = 2000 - 600 * (t - 6 * 3600) / 600.0;
            } else if (t <= 8 * 3600 + 600) {
                price = 1400 + 560 * (t - 6 * 3600 - 600) / 7200.0;
            } else {
                price = 1960;
            }
            points.add(point(START + t, price));
        }
        return new PricePath("flash-crash", points);
    }

    /**
     * The demo's story: a two-day rally from 2000 to 2300, two days of chop (about 4% swings), and a one-day crash to
     * 1150 (-50%), deep enough to liquidate an unmanaged 2x long; a point every two hours.
     */
    public static PricePath demo() {
        Random random = new Random(21);
        List<PricePath.Point> points = new ArrayList<>();
        for (int i = 0; i <= 60; i++) {
            double price;
            if (i <= 24) {
                price = 2000 * Math.pow(2300 / 2000.0, i / 24.0);
            } else if (i <= 48) {
                price = 2300 * (1 + 0.04 * Math.sin((i - 24) * Math.PI / 4));
            } else {
                price = 2300 * Math.pow(1150 / 2300.0, (i - 48) / 12.0);
            }
            double noise = (i > 0 && i < 60) ? random.nextGaussian() * 0.003 : 0;
            points.add(point(START + i * 7200L, price * (1 + noise)));
        }
        return new PricePath("rally-chop-crash", points);
    }

    public static List<PricePath> all() {
        return List.of(calm(), volatile_(), crash40(), flashCrash());
    }

    private static PricePath.Point point(long timestamp, double price) {
        return new PricePath.Point(timestamp, BigDecimal.valueOf(price).setScale(8, RoundingMode.HALF_EVEN));
    }

    private static PricePath rename(PricePath path, String name) {
        return new PricePath(name, path.points());
    }

    /** Writes every shipped scenario as {@code NAME.csv} into the folder given as the only argument. */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "deploy-scripts/scenarios");
        for (PricePath path : all()) {
            path.writeCsv(dir.resolve(path.name() + ".csv"));
        }
    }
}
