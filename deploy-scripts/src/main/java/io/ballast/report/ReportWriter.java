package io.ballast.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes a report folder: each chart as a PNG (JFreeChart) and one self-contained {@code report.html} that embeds
 * the same images and the summary tables; or a single {@link ScatterChart} as a PNG ({@link #writePng}).
 */
public final class ReportWriter {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 420;
    private static final int SCATTER_HEIGHT = 600;
    private static final List<java.awt.Paint> SCATTER_PALETTE = List.of(new Color(0xC0392B), new Color(0x2471A3),
            new Color(0x229954), new Color(0x7F8C8D), new Color(0x8E44AD), new Color(0xD68910));

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ReportWriter() {}

    /** A table for the HTML page: a caption, a header row and rows of cells. */
    public record Table(String caption, List<String> header, List<List<String>> rows) {}

    /**
     * Writes {@code <id>.png} for every chart and {@code report.html} into {@code dir}.
     *
     * @return the files written
     */
    public static List<Path> write(Path dir, String title, List<Table> tables, List<Chart> charts) {
        List<Path> written = new ArrayList<>();
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;"
                        + "text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
                        + "img{max-width:100%;border:1px solid #eee;margin:0.5em 0}</style></head><body>\n<h1>")
                .append(escape(title)).append("</h1>\n");
        try {
            Files.createDirectories(dir);
            for (Table table : tables) {
                html.append("<table><caption>").append(escape(table.caption())).append("</caption><tr>");
                table.header().forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
                html.append("</tr>\n");
                for (List<String> row : table.rows()) {
                    html.append("<tr>");
                    row.forEach(c -> html.append("<td>").append(escape(c)).append("</td>"));
                    html.append("</tr>\n");
                }
                html.append("</table>\n");
            }
            for (Chart chart : charts) {
                Path png = dir.resolve(chart.id() + ".png");
                ChartUtils.saveChartAsPNG(png.toFile(), render(chart), WIDTH, HEIGHT);
                written.add(png);
                html.append("<h2>").append(escape(chart.title())).append("</h2>\n<img alt=\"")
                        .append(escape(chart.title())).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(Files.readAllBytes(png))).append("\">\n");
            }
            html.append("</body></html>\n");
            Path page = dir.resolve("report.html");
            Files.writeString(page, html, StandardCharsets.UTF_8);
            written.add(page);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
    }

    static JFreeChart render(Chart chart) {
        TimeSeriesCollection data = new TimeSeriesCollection();
        for (Chart.Series s : chart.series()) {
            TimeSeries series = new TimeSeries(s.name());
            for (int i = 0; i < s.size(); i++) {
                series.addOrUpdate(new Millisecond(new java.util.Date(s.timestamps().get(i)[0] * 1000)),
                        s.values().get(i));
            }
            data.addSeries(series);
        }
        DateAxis time = new DateAxis("time (UTC)");
        time.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
        NumberAxis value = new NumberAxis(chart.yLabel());
        value.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < chart.series().size(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(1.6f));
        }
        XYPlot plot = new XYPlot(data, time, value, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        for (Chart.Marker m : chart.markers()) {
            ValueMarker marker = new ValueMarker(m.value(), new Color(0xC0392B), new BasicStroke(1.2f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            marker.setLabel(m.label());
            marker.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
            marker.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
            plot.addRangeMarker(marker);
        }
        JFreeChart rendered = new JFreeChart(chart.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        rendered.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = rendered.getLegend();
        if (legend != null) {
            legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        return rendered;
    }

    /** Writes {@code chart} as {@code <id>.png} into {@code dir}; returns the file. */
    public static Path writePng(Path dir, ScatterChart chart) {
        Path png = dir.resolve(chart.id() + ".png");
        try {
            Files.createDirectories(dir);
            ChartUtils.saveChartAsPNG(png.toFile(), render(chart), WIDTH, SCATTER_HEIGHT);
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    static JFreeChart render(ScatterChart chart) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ScatterChart.Series s : chart.series()) {
            XYSeries series = new XYSeries(s.name(), false, true);
            s.points().forEach(p -> series.add(p[0], p[1]));
            data.addSeries(series);
        }
        NumberAxis x = new NumberAxis(chart.xLabel());
        NumberAxis y = new NumberAxis(chart.yLabel());
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        DefaultDrawingSupplier colours = new DefaultDrawingSupplier();
        java.util.List<java.awt.Paint> palette = new ArrayList<>(SCATTER_PALETTE);
        for (int i = 0; i < chart.series().size(); i++) {
            ScatterChart.Series s = chart.series().get(i);
            while (palette.size() <= s.colour()) {
                palette.add(colours.getNextPaint());
            }
            renderer.setSeriesPaint(i, palette.get(s.colour()));
            double size = s.large() ? 13 : 6;
            renderer.setSeriesShape(i, s.large()
                    ? new java.awt.geom.Rectangle2D.Double(-size / 2, -size / 2, size, size)
                    : new java.awt.geom.Ellipse2D.Double(-size / 2, -size / 2, size, size));
            if (s.large()) {
                renderer.setSeriesOutlinePaint(i, Color.BLACK);
                renderer.setSeriesOutlineStroke(i, new BasicStroke(1.5f));
            }
        }
        renderer.setUseOutlinePaint(true);
        renderer.setDrawOutlines(true);
        for (int i = 0; i < chart.series().size(); i++) {
            if (!chart.series().get(i).large()) {
                renderer.setSeriesOutlinePaint(i, renderer.getSeriesPaint(i));
            }
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        // from just below zero, so that marks at zero (no cost) are drawn whole
        double[] range = {0, 0};
        chart.series().forEach(ser -> ser.points().forEach(p -> {
            range[0] = Math.max(range[0], p[0]);
            range[1] = Math.max(range[1], p[1]);
        }));
        x.setRange(-0.03 * Math.max(range[0], 1e-9), 1.05 * Math.max(range[0], 1e-9));
        y.setRange(-0.03 * Math.max(range[1], 1e-9), 1.05 * Math.max(range[1], 1e-9));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        JFreeChart rendered = new JFreeChart(chart.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        rendered.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = rendered.getLegend();
        if (legend != null) {
            legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        return rendered;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
