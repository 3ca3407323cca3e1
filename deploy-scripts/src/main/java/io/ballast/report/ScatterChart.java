package io.ballast.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A scatter plot: named series of (x, y) points, drawn as marks without lines. Series with the same {@code colour}
 * share a colour; {@code large} series are drawn with bigger, outlined marks (means over the other series' points).
 *
 * @param id file-name stem of the PNG
 * @param title chart title
 * @param xLabel x axis label
 * @param yLabel y axis label
 * @param series the point sets
 */
public record ScatterChart(String id, String title, String xLabel, String yLabel, List<Series> series) {
    /** One set of points. */
    public record Series(String name, int colour, boolean large, List<double[]> points) {
        public Series(String name, int colour, boolean large) {
            this(name, colour, large, new ArrayList<>());
        }

        public Series add(double x, double y) {
            points.add(new double[] {x, y});
            return this;
        }
    }

    public ScatterChart {
        series = List.copyOf(series);
        if (!id.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("chart id must be lower-case letters, digits and dashes: " + id);
        }
    }
}
