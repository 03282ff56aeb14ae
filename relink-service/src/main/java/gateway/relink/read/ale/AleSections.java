package gateway.relink.read.ale;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three sections of an Avid Log Exchange file as text: {@code Heading} (name / value pairs,
 * several to a line in some exports), {@code Column} (the column names, one tab-separated line) and
 * {@code Data} (one tab-separated row per clip, short rows padded with empty values). Blank lines
 * anywhere are ignored; {@code line} numbers are 1-based.
 */
record AleSections(Map<String, String> heading, List<String> columns, List<Row> rows) {

    /** One data row: its line in the file and its values, one per column. */
    record Row(int line, List<String> values) {}

    static AleSections parse(String text, String sourceName) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        Map<String, String> heading = new LinkedHashMap<>();
        List<String> columns = null;
        List<Row> rows = new ArrayList<>();
        String section = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.equalsIgnoreCase("Heading")
                    || trimmed.equalsIgnoreCase("Column")
                    || trimmed.equalsIgnoreCase("Data")) {
                section = trimmed.toLowerCase(java.util.Locale.ROOT);
                continue;
            }
            if (section == null) {
                throw new GatewayException(
                        Reason.PARSE_ERROR,
                        sourceName + " line " + (i + 1) + ": '" + shorten(trimmed)
                                + "' comes before the Heading section; not an ALE file");
            }
            switch (section) {
                case "heading" -> {
                    String[] f = line.split("\t", -1);
                    for (int k = 0; k + 1 < f.length; k += 2) {
                        if (!f[k].isBlank()) {
                            heading.put(f[k].strip().toUpperCase(java.util.Locale.ROOT), f[k + 1].strip());
                        }
                    }
                }
                case "column" -> {
                    if (columns != null) {
                        throw new GatewayException(
                                Reason.PARSE_ERROR,
                                sourceName + " line " + (i + 1) + ": a second line of column names");
                    }
                    columns = new ArrayList<>();
                    for (String c : line.split("\t", -1)) {
                        columns.add(c.strip());
                    }
                    while (!columns.isEmpty() && columns.get(columns.size() - 1).isEmpty()) {
                        columns.remove(columns.size() - 1);
                    }
                }
                default -> {
                    if (columns == null) {
                        throw new GatewayException(
                                Reason.PARSE_ERROR,
                                sourceName + " line " + (i + 1) + ": a Data row before the Column section");
                    }
                    List<String> values = new ArrayList<>(columns.size());
                    String[] f = line.split("\t", -1);
                    for (int k = 0; k < columns.size(); k++) {
                        values.add(k < f.length ? f[k].strip() : "");
                    }
                    rows.add(new Row(i + 1, values));
                }
            }
        }
        if (columns == null) {
            throw new GatewayException(Reason.PARSE_ERROR, sourceName + " has no Column section; not an ALE file");
        }
        return new AleSections(heading, List.copyOf(columns), List.copyOf(rows));
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
