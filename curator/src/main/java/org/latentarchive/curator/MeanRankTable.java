package org.latentarchive.curator;

import java.util.List;
import java.util.Locale;

/** Prints mean-rank results as the prototype's table: one row per space and annotation subset, chance last. */
public final class MeanRankTable {

    private MeanRankTable() {
    }

    public static String format(List<MeanRank.Result> rows) {
        int width = Math.max("mean rank".length(), rows.stream().mapToInt(r -> r.label().length()).max().orElse(0));
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-" + width + "s  %6s  %6s  %6s%n", "mean rank", "lines", "mean", "s.e."));
        for (MeanRank.Result row : rows) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s  %6d  %6.3f  %6.3f%s%n", row.label(), row.lines(),
                row.mean(), row.standardError(), row.skipped() > 0 ? "  (" + row.skipped() + " lines skipped: artworks without vectors)" : ""));
        }
        out.append("1 = the curator's positive always ranked first among the 8 candidates, 8 = always last, 4.5 = chance\n");
        return out.toString();
    }
}
