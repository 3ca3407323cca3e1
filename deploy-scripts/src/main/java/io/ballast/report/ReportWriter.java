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
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * Writes a report folder: each chart as a PNG (JFreeChart) and one self-contained {@code report.html} that embeds
 * the same images and the summary tables.
 */
public final class ReportWriter {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 420;

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

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
