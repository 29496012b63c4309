package io.logpipeline.operator.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One row of kubectl's table output, by column header (column order is the CRD's business). */
final class KubectlTable {

    private KubectlTable() {
    }

    static Map<String, String> row(String table, String name) {
        List<String> lines = table.lines().toList();
        String header = lines.get(0);
        String line = lines.stream().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow();
        // headers may hold one space ("SENT (5M)"): columns are separated by two or more
        Matcher column = Pattern.compile("\\S+(?: \\S+)*").matcher(header);
        List<Integer> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (column.find()) {
            names.add(column.group());
            starts.add(column.start());
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            int start = Math.min(starts.get(i), line.length());
            int end = i + 1 < names.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
            row.put(names.get(i), line.substring(start, end).trim());
        }
        return row;
    }
}
