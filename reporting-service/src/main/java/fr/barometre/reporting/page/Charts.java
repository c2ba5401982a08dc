package fr.barometre.reporting.page;

import io.quarkus.qute.RawString;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Inline SVG charts drawn on the server, readable without script: horizontal bars (grouped or not),
 * paired bars (an edition beside the previous one) and stacked level bars. Every chart has a title,
 * writes its values as text beside the bars, and stands beside a table of the same figures; fills
 * never carry meaning alone (the previous edition is hatched, levels are numbered). A withheld figure
 * is written "secret statistique" and drawn as nothing. Each bar is a {@code rect} carrying the
 * {@code data-*} attributes given (e.g. {@code data-theme}), so that tests find one per figure shown.
 */
final class Charts {

    static final int WIDTH = 720;
    private static final int LABEL_X = 8;
    private static final int BAR_X = 270;
    private static final int BAR_MAX = 340;
    private static final int ROW = 24;
    private static final int BAR_HEIGHT = 16;
    private static final String INK = "#1b1b1b";
    private static final String BAR = "#1f4e79";
    private static final String[] LEVEL_FILLS = {"#eef2f7", "#bccde3", "#7a9cc6", "#2f5f98", "#12355b"};
    private static final String[] LEVEL_INKS = {INK, INK, INK, "#ffffff", "#ffffff"};

    /** One bar: a ratio 0–1 with its written value, or withheld ({@code secret} non-null), or no figure (both null). */
    record Bar(String label, BigDecimal ratio, String value, String secret, Map<String, String> data) {
        static Bar of(String label, BigDecimal ratio, String secret, Map<String, String> data) {
            return new Bar(label, ratio, ratio == null ? null : Format.percent(ratio), secret, data);
        }
    }

    /** Bars under a heading (null heading: no heading row). */
    record Group(String heading, List<Bar> bars) {
    }

    /** Two bars per row: the previous edition's (hatched) above this one's (solid). */
    record Pair(String label, Bar before, Bar after) {
    }

    /** One stacked bar of level counts 0–4; its segments are the shares among the levels given. */
    record Stack(String label, long[] counts, Map<String, String> data) {
    }

    private Charts() {
    }

    static RawString bars(String id, String title, List<Group> groups) {
        int rows = groups.stream().mapToInt(g -> g.bars().size() + (g.heading() == null ? 0 : 1)).sum();
        Svg svg = new Svg(id, title, 28 + rows * ROW + 8);
        svg.axis(20, 28 + rows * ROW);
        int y = 28;
        for (Group group : groups) {
            if (group.heading() != null) {
                svg.text(LABEL_X, y + 17, "titre-groupe", group.heading());
                y += ROW;
            }
            for (Bar bar : group.bars()) {
                svg.text(group.heading() == null ? LABEL_X : LABEL_X + 16, y + 16, null, bar.label());
                svg.bar(BAR_X, y + (ROW - BAR_HEIGHT) / 2, bar, BAR, null);
                y += ROW;
            }
        }
        return svg.end();
    }

    static RawString pairs(String id, String title, String beforeName, String afterName, List<Pair> pairs) {
        int height = 52 + pairs.size() * (2 * ROW + 8);
        Svg svg = new Svg(id, title, height);
        svg.out.append("<defs><pattern id=\"").append(id).append("-hachures\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"")
                .append(" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>")
                .append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"").append(BAR).append("\" stroke-width=\"3\"/></pattern></defs>");
        // legend, in the labels' column (the axis values sit above the bars): the fills and the words
        svg.out.append("<rect x=\"").append(LABEL_X).append("\" y=\"4\" width=\"16\" height=\"12\" fill=\"url(#").append(id)
                .append("-hachures)\" stroke=\"").append(BAR).append("\"/>");
        svg.text(LABEL_X + 22, 15, null, beforeName);
        svg.out.append("<rect x=\"").append(LABEL_X).append("\" y=\"22\" width=\"16\" height=\"12\" fill=\"").append(BAR).append("\"/>");
        svg.text(LABEL_X + 22, 33, null, afterName);
        svg.axis(28, height - 4);
        int y = 44;
        for (Pair pair : pairs) {
            svg.text(LABEL_X, y + ROW - 2, null, pair.label());
            svg.bar(BAR_X, y + 2, pair.before(), "url(#" + id + "-hachures)", BAR);
            svg.bar(BAR_X, y + ROW + 2, pair.after(), BAR, null);
            y += 2 * ROW + 8;
        }
        return svg.end();
    }

    static RawString stacks(String id, String title, List<Stack> stacks) {
        int height = 40 + stacks.size() * (ROW + 4) + 4;
        Svg svg = new Svg(id, title, height);
        // legend: each level's fill with its number, the same number written in every segment wide enough
        for (int level = 0; level < LEVEL_FILLS.length; level++) {
            int x = BAR_X + level * 78;
            svg.out.append("<rect x=\"").append(x).append("\" y=\"4\" width=\"16\" height=\"14\" fill=\"").append(LEVEL_FILLS[level])
                    .append("\" stroke=\"").append(INK).append("\" stroke-width=\"0.5\"/>");
            svg.text(x + 4, 15, "petit", String.valueOf(level), LEVEL_INKS[level]);
            svg.text(x + 20, 15, "petit", "niveau " + level);
        }
        int y = 32;
        for (Stack stack : stacks) {
            svg.text(LABEL_X, y + 16, null, shorten(stack.label(), 40));
            long total = 0;
            for (long c : stack.counts()) {
                total += c;
            }
            if (total == 0) {
                svg.text(BAR_X, y + 16, null, "aucune réponse sur l'échelle");
            } else {
                double x = BAR_X;
                for (int level = 0; level < stack.counts().length; level++) {
                    long count = stack.counts()[level];
                    if (count == 0) {
                        continue;
                    }
                    double width = BAR_MAX * (double) count / total;
                    String share = Format.percent(BigDecimal.valueOf(count).divide(BigDecimal.valueOf(total), 4, RoundingMode.HALF_UP));
                    svg.out.append("<rect x=\"").append(round(x)).append("\" y=\"").append(y + 4).append("\" width=\"").append(round(width))
                            .append("\" height=\"").append(BAR_HEIGHT + 2).append("\" fill=\"").append(LEVEL_FILLS[level])
                            .append("\" stroke=\"").append(INK).append("\" stroke-width=\"0.5\"");
                    svg.data(stack.data());
                    svg.out.append(" data-niveau=\"").append(level).append("\"><title>").append(Svg.escape(
                            "niveau " + level + " (" + Labels.LEVELS.get(String.valueOf(level)) + ") : " + share)).append("</title></rect>");
                    if (width >= 14) {
                        svg.text((int) Math.round(x + width / 2) - 4, y + 17, "petit", String.valueOf(level), LEVEL_INKS[level]);
                    }
                    x += width;
                }
            }
            y += ROW + 4;
        }
        return svg.end();
    }

    private static String shorten(String label, int max) {
        return label.length() <= max ? label : label.substring(0, max - 1).stripTrailing() + "…";
    }

    private static String round(double v) {
        return BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** The SVG text being written. */
    private static final class Svg {
        final StringBuilder out = new StringBuilder(4096);

        Svg(String id, String title, int height) {
            out.append("<svg id=\"").append(id).append("\" class=\"graphique\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                    .append(WIDTH).append(' ').append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                    .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-titre\"><title id=\"").append(id).append("-titre\">")
                    .append(escape(title)).append("</title>");
        }

        /** Vertical lines at 0, 25, 50, 75 and 100 %, with their values on top. */
        void axis(int top, int bottom) {
            for (int p = 0; p <= 100; p += 25) {
                int x = BAR_X + BAR_MAX * p / 100;
                out.append("<line x1=\"").append(x).append("\" y1=\"").append(top).append("\" x2=\"").append(x).append("\" y2=\"")
                        .append(bottom).append("\" stroke=\"#8a8a8a\" stroke-width=\"").append(p == 0 ? "1" : "0.5").append("\"/>");
                text(x - (p == 0 ? 0 : p == 100 ? 26 : 14), top - 4, "petit", p + " %");
            }
        }

        void bar(int x, int y, Bar bar, String fill, String stroke) {
            if (bar.ratio() == null) {
                text(x + 4, y + 13, bar.secret() == null ? null : "secret", bar.secret() == null ? "—" : "secret statistique");
                return;
            }
            double width = Math.max(1, BAR_MAX * bar.ratio().doubleValue());
            out.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(round(width))
                    .append("\" height=\"").append(BAR_HEIGHT).append("\" fill=\"").append(fill).append('"');
            if (stroke != null) {
                out.append(" stroke=\"").append(stroke).append('"');
            }
            data(bar.data());
            out.append("><title>").append(escape(bar.label() + " : " + bar.value())).append("</title></rect>");
            text((int) Math.round(x + width + 6), y + 13, null, bar.value());
        }

        void data(Map<String, String> data) {
            data.forEach((k, v) -> out.append(" data-").append(k).append("=\"").append(escape(v)).append('"'));
        }

        void text(int x, int y, String cssClass, String text) {
            text(x, y, cssClass, text, INK);
        }

        void text(int x, int y, String cssClass, String text, String fill) {
            out.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" fill=\"").append(fill).append('"');
            if (cssClass != null) {
                out.append(" class=\"").append(cssClass).append('"');
            }
            out.append('>').append(escape(text)).append("</text>");
        }

        RawString end() {
            return new RawString(out.append("</svg>").toString());
        }

        static String escape(String s) {
            if (s == null) {
                return "";
            }
            StringBuilder e = new StringBuilder(s.length());
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '<' -> e.append("&lt;");
                    case '>' -> e.append("&gt;");
                    case '&' -> e.append("&amp;");
                    case '"' -> e.append("&quot;");
                    case '\'' -> e.append("&#39;");
                    default -> e.append(c);
                }
            }
            return e.toString();
        }
    }
}
