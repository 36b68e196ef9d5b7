package io.streamnotifier.it;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

/**
 * The benchmark's chart, drawn with Java 2D (no charting library): on the left the distribution of the idle
 * latencies (a histogram in 10 ms bins), on the right the e-mails per second over time of each throughput run.
 */
final class BenchmarkChart {

    private static final int WIDTH = 1200;
    private static final int HEIGHT = 460;
    private static final Color[] SERIES = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd)};

    private BenchmarkChart() {
    }

    static void write(Path file, List<Long> sortedLatencyNanos, Map<String, int[]> perSecond) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        latency(g, new Panel(60, 40, 480, 360), sortedLatencyNanos);
        throughput(g, new Panel(660, 40, 500, 360), perSecond);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private record Panel(int x, int y, int width, int height) {

        int bottom() {
            return y + height;
        }
    }

    private static void latency(Graphics2D g, Panel p, List<Long> sorted) {
        title(g, p, "Idle latency, PutItem to SES request (" + sorted.size() + " orders)");
        if (sorted.isEmpty()) {
            return;
        }
        long maxMs = TimeUnit.NANOSECONDS.toMillis(sorted.get(sorted.size() - 1));
        int bins = (int) (maxMs / 10) + 1;
        int[] counts = new int[bins];
        sorted.forEach(n -> counts[(int) (TimeUnit.NANOSECONDS.toMillis(n) / 10)]++);
        int top = 0;
        for (int c : counts) {
            top = Math.max(top, c);
        }
        axes(g, p, "ms", bins * 10, "orders", top);
        double barWidth = (double) p.width() / bins;
        g.setColor(SERIES[0]);
        for (int i = 0; i < bins; i++) {
            int h = (int) Math.round((double) counts[i] / top * p.height());
            g.fillRect(p.x() + (int) (i * barWidth), p.bottom() - h, Math.max(1, (int) barWidth - 1), h);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format("p50 %d ms, p99 %d ms", Benchmark.ms(sorted, 0.5), Benchmark.ms(sorted, 0.99)),
                p.x() + p.width() - 150, p.y() + 15);
    }

    private static void throughput(Graphics2D g, Panel p, Map<String, int[]> series) {
        title(g, p, "E-mails per second while draining a burst");
        int seconds = 1;
        int top = 1;
        for (int[] values : series.values()) {
            seconds = Math.max(seconds, values.length);
            for (int v : values) {
                top = Math.max(top, v);
            }
        }
        axes(g, p, "s since the first write", seconds, "e-mails/s", top);
        int index = 0;
        g.setStroke(new BasicStroke(2f));
        for (Map.Entry<String, int[]> entry : series.entrySet()) {
            Color color = SERIES[index % SERIES.length];
            g.setColor(color);
            int[] values = entry.getValue();
            for (int i = 1; i < values.length; i++) {
                g.drawLine(xOf(p, i - 1, seconds), yOf(p, values[i - 1], top), xOf(p, i, seconds), yOf(p, values[i], top));
            }
            g.drawString(entry.getKey(), p.x() + p.width() - 80, p.y() + 15 + 15 * index);
            index++;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static int xOf(Panel p, int value, int max) {
        return p.x() + (int) Math.round((double) value / max * p.width());
    }

    private static int yOf(Panel p, int value, int max) {
        return p.bottom() - (int) Math.round((double) value / max * p.height());
    }

    private static void title(Graphics2D g, Panel p, String title) {
        g.setColor(Color.BLACK);
        g.drawString(title, p.x(), p.y() - 15);
    }

    private static void axes(Graphics2D g, Panel p, String xLabel, int xMax, String yLabel, int yMax) {
        g.setColor(Color.BLACK);
        g.drawLine(p.x(), p.bottom(), p.x() + p.width(), p.bottom());
        g.drawLine(p.x(), p.y(), p.x(), p.bottom());
        for (int i = 0; i <= 4; i++) {
            int xv = xMax * i / 4;
            int yv = yMax * i / 4;
            g.drawString(Integer.toString(xv), xOf(p, xv, xMax) - 8, p.bottom() + 15);
            g.drawString(Integer.toString(yv), p.x() - 40, yOf(p, yv, yMax) + 4);
        }
        g.drawString(xLabel, p.x() + p.width() / 2 - 20, p.bottom() + 32);
        g.drawString(yLabel, p.x() - 50, p.y() - 2);
    }
}
