package io.ballast.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart over time: named series of (unix seconds, value) points, and optional horizontal reference lines (a
 * floor, a critical level).
 *
 * @param id file-name stem of the PNG
 * @param title chart title
 * @param yLabel y axis label
 * @param series the lines
 * @param markers horizontal reference lines
 */
public record Chart(String id, String title, String yLabel, List<Series> series, List<Marker> markers) {
    /** One line. */
    public record Series(String name, List<long[]> timestamps, List<Double> values) {
        public Series(String name) {
            this(name, new ArrayList<>(), new ArrayList<>());
        }

        public Series add(long timestamp, double value) {
            timestamps.add(new long[] {timestamp});
            values.add(value);
            return this;
        }

        public int size() {
            return values.size();
        }
    }

    /** A horizontal line at {@code value}. */
    public record Marker(String label, double value) {}

    public Chart {
        series = List.copyOf(series);
        markers = List.copyOf(markers);
        if (!id.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("chart id must be lower-case letters, digits and dashes: " + id);
        }
    }
}
