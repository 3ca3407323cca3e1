package io.ballast.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A price path: strictly increasing unix timestamps with positive prices (USD per unit of the base asset). Read from a
 * CSV with the header {@code timestamp,price}, or generated as geometric Brownian motion from a seed.
 *
 * @param name a label for reports
 * @param points the path, at least two points
 */
public record PricePath(String name, List<Point> points) {
    /** One observation: unix seconds and a decimal price. */
    public record Point(long timestamp, BigDecimal price) {}

    /** A CSV that is not a valid price path; the message names the line and what is wrong with it. */
    public static final class InvalidPathException extends IllegalArgumentException {
        public InvalidPathException(String message) {
            super(message);
        }
    }

    public PricePath {
        points = List.copyOf(points);
        if (points.size() < 2) {
            throw new InvalidPathException(name + ": a price path needs at least two points, got " + points.size());
        }
    }

    /** Reads a {@code timestamp,price} CSV (unix seconds, decimal price); blank lines and {@code #} comments skipped. */
    public static PricePath readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + file + ": " + e.getMessage(), e);
        }
        return parse(file.getFileName().toString().replaceFirst("\\.csv$", ""), lines);
    }

    static PricePath parse(String name, List<String> lines) {
        List<Point> points = new ArrayList<>();
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!line.replace(" ", "").equalsIgnoreCase("timestamp,price")) {
                    throw new InvalidPathException(name + " line " + number
                            + ": expected the header 'timestamp,price', found '" + line + "'");
                }
                header = true;
                continue;
            }
            String[] fields = line.split(",");
            if (fields.length != 2) {
                throw new InvalidPathException(name + " line " + number + ": expected 2 fields, found " + fields.length);
            }
            long timestamp;
            BigDecimal price;
            try {
                timestamp = Long.parseLong(fields[0].strip());
            } catch (NumberFormatException e) {
                throw new InvalidPathException(name + " line " + number + ": timestamp '" + fields[0].strip()
                        + "' is not a whole number of unix seconds");
            }
            try {
                price = new BigDecimal(fields[1].strip());
            } catch (NumberFormatException e) {
                throw new InvalidPathException(name + " line " + number + ": price '" + fields[1].strip()
                        + "' is not a decimal number");
            }
            if (price.signum() <= 0) {
                throw new InvalidPathException(name + " line " + number + ": price must be positive, got " + price);
            }
            if (!points.isEmpty() && timestamp <= points.getLast().timestamp()) {
                throw new InvalidPathException(name + " line " + number + ": timestamps must increase ("
                        + timestamp + " after " + points.getLast().timestamp() + ")");
            }
            points.add(new Point(timestamp, price));
        }
        if (!header) {
            throw new InvalidPathException(name + ": empty file, expected the header 'timestamp,price'");
        }
        return new PricePath(name, points);
    }

    /**
     * Geometric Brownian motion with zero drift: {@code S(t+dt) = S(t) * exp(-vol^2 dt / 2 + vol sqrt(dt) Z)}.
     *
     * @param seed random seed: the same seed gives the same path
     * @param annualVol annualised volatility, e.g. 0.8
     * @param days length of the path in days
     * @param stepSeconds spacing of the points
     * @param start first price
     * @param startTimestamp first timestamp
     */
    public static PricePath gbm(long seed, double annualVol, double days, long stepSeconds, BigDecimal start,
            long startTimestamp) {
        if (annualVol < 0 || !Double.isFinite(annualVol)) {
            throw new IllegalArgumentException("volatility must be a non-negative number, got " + annualVol);
        }
        if (days <= 0 || stepSeconds <= 0) {
            throw new IllegalArgumentException("days and step must be positive, got " + days + " and " + stepSeconds);
        }
        Random random = new Random(seed);
        double dt = stepSeconds / (365.0 * 24 * 3600);
        int steps = (int) Math.ceil(days * 24 * 3600 / stepSeconds);
        List<Point> points = new ArrayList<>(steps + 1);
        double price = start.doubleValue();
        points.add(new Point(startTimestamp, start));
        for (int i = 1; i <= steps; i++) {
            price *= Math.exp(-0.5 * annualVol * annualVol * dt + annualVol * Math.sqrt(dt) * random.nextGaussian());
            points.add(new Point(startTimestamp + i * stepSeconds, BigDecimal.valueOf(price).setScale(8,
                    java.math.RoundingMode.HALF_EVEN)));
        }
        return new PricePath("gbm-seed" + seed + "-vol" + annualVol, points);
    }

    /** Writes the path as a {@code timestamp,price} CSV. */
    public void writeCsv(Path file) {
        StringBuilder csv = new StringBuilder("timestamp,price\n");
        for (Point p : points) {
            csv.append(p.timestamp()).append(',').append(p.price().toPlainString()).append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Annualised realised volatility of the path's log returns, normalised by elapsed time. */
    public double realizedVolatility() {
        double sum = 0;
        double seconds = 0;
        for (int i = 1; i < points.size(); i++) {
            double r = Math.log(points.get(i).price().doubleValue() / points.get(i - 1).price().doubleValue());
            sum += r * r;
            seconds += points.get(i).timestamp() - points.get(i - 1).timestamp();
        }
        return Math.sqrt(sum / (seconds / (365.0 * 24 * 3600)));
    }
}
