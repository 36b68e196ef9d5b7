package io.streamnotifier.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown table: a header and rows of cells. Rows are named by their first cell (a key, an option, a parameter),
 * which is how a drift message names the row that disagrees.
 */
record MarkdownTable(List<String> header, List<List<String>> rows) {

    private static final Pattern SECTION = Pattern.compile(
            "<!-- START (generated|checked): ([^>]+?) -->\\n(.*?)<!-- END \\1: \\2 -->", Pattern.DOTALL);

    /** The text between {@code <!-- START KIND: NAME -->} and {@code <!-- END KIND: NAME -->}, by name. */
    static Map<String, String> sections(String document, String kind) {
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher matcher = SECTION.matcher(document);
        while (matcher.find()) {
            if (matcher.group(1).equals(kind)) {
                sections.put(matcher.group(2), matcher.group(3));
            }
        }
        return sections;
    }

    /** The document with the text of the generated section NAME replaced. */
    static String replaceSection(String document, String name, String text) {
        String start = "<!-- START generated: " + name + " -->\n";
        String end = "<!-- END generated: " + name + " -->";
        int from = document.indexOf(start);
        int to = document.indexOf(end, from);
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("no generated section '" + name + "'");
        }
        return document.substring(0, from + start.length()) + text + document.substring(to);
    }

    static MarkdownTable parse(String text) {
        List<String> header = null;
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("|")) {
                continue;
            }
            List<String> cells = cells(line);
            if (header == null) {
                header = cells;
            } else if (!cells.stream().allMatch(cell -> cell.matches("-+"))) {
                rows.add(cells);
            }
        }
        return new MarkdownTable(header == null ? List.of() : header, rows);
    }

    /** The cells of one row; {@code \|} is a bar inside a cell. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        String inner = line.strip();
        inner = inner.substring(1, inner.endsWith("|") && !inner.endsWith("\\|") ? inner.length() - 1 : inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length() && inner.charAt(i + 1) == '|') {
                cell.append("\\|");
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }

    /** The rows by their first cell, in order. */
    Map<String, List<String>> byName() {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (List<String> row : rows) {
            byName.put(row.get(0), row);
        }
        return byName;
    }

    String format() {
        StringBuilder text = new StringBuilder();
        text.append(line(header));
        text.append(line(header.stream().map(h -> "---").toList()));
        rows.forEach(row -> text.append(line(row)));
        return text.toString();
    }

    static String line(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    /** A cell's text: one line, bars escaped. */
    static String cell(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ").replace("|", "\\|");
    }

    /** Text in backticks, or the given words when there is none. */
    static String code(String text, String none) {
        return text == null || text.isEmpty() ? none : "`" + text + "`";
    }
}
