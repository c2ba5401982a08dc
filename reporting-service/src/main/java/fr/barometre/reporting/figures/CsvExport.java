package fr.barometre.reporting.figures;

import fr.barometre.reporting.fact.Themes;
import fr.barometre.reporting.figures.FiguresRepository.ThemeRow;

import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open-data export: one header row, then per theme one row overall and one row per stratum S1–S6.
 * The methodology travels in every row (model, confidentiality threshold); a withheld row has its
 * figures empty and {@code withheld} true.
 */
final class CsvExport {

    static final List<String> COLUMNS = List.of("campaign", "source", "published_at", "model", "confidentiality_threshold",
            "scope", "stratum", "theme", "respondents", "engaged", "share", "mean_score",
            "level_0", "level_1", "level_2", "level_3", "level_4", "withheld", "withheld_reason");

    private CsvExport() {
    }

    /** Why a row (theme, stratum; null stratum: overall) is withheld; null when it is shown. */
    interface Withheld {
        String reason(String theme, String stratum);
    }

    static String write(FiguresService.Reading r, List<String> models, Map<String, ThemeRow> overall, List<ThemeRow> byStratum,
                        Withheld withheld) {
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        Map<String, ThemeRow> strata = new HashMap<>();
        byStratum.forEach(row -> strata.put(row.theme() + "/" + row.stratum(), row));
        String prefix = String.join(",", cell(r.campaign()), r.source().name(),
                r.edition().publishedAt() == null ? "" : r.edition().publishedAt().toString(),
                cell(String.join(" ", models)), String.valueOf(r.edition().confidentialityThreshold()));
        for (String theme : Themes.CODES) {
            row(csv, prefix, "overall", "", overall.getOrDefault(theme, ThemeRow.empty(theme, null)), withheld.reason(theme, null));
        }
        for (String stratum : Themes.STRATA) {
            for (String theme : Themes.CODES) {
                row(csv, prefix, "stratum", stratum, strata.getOrDefault(theme + "/" + stratum, ThemeRow.empty(theme, stratum)),
                        withheld.reason(theme, stratum));
            }
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, String prefix, String scope, String stratum, ThemeRow row, String reason) {
        csv.append(prefix).append(',').append(scope).append(',').append(stratum).append(',').append(row.theme()).append(',');
        if (reason != null) {
            csv.append(",,,,,,,,,true,").append(cell(reason)).append("\r\n");
            return;
        }
        csv.append(row.respondents()).append(',').append(row.engaged()).append(',')
                .append(row.respondents() == 0 ? "" : Fraction.of(row.engaged(), row.respondents()).decimal(FiguresService.SHARE_SCALE).toPlainString())
                .append(',')
                .append(row.mean() == null ? "" : row.mean().setScale(2, RoundingMode.HALF_UP).toPlainString());
        for (long count : row.levels()) {
            csv.append(',').append(count);
        }
        csv.append(",false,\r\n");
    }

    /** RFC 4180 quoting where needed. */
    private static String cell(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

}
