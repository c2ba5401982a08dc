package fr.barometre.reporting.figures;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The bodies of the figure endpoints. Shares and ratios are numbers from 0 to 1 (four decimals) with
 * their counts beside them; differences and spreads are in points (100 × a ratio, two decimals). A
 * figure withheld for confidentiality is null, with {@code withheld} true and {@code withheldReason}.
 */
public final class Views {

    private Views() {
    }

    @Schema(name = "Edition", description = "Which figures these are")
    public record Edition(@Schema(example = "2025") String campaign,
                          @Schema(description = "LIVE: every current assessment; PUBLISHED: the frozen edition", example = "PUBLISHED") String source,
                          @Schema(description = "When the edition was published; null for LIVE figures") Instant publishedAt,
                          @Schema(description = "Aggregates over fewer authorities are withheld for this caller", example = "5") int confidentialityThreshold,
                          @Schema(description = "Whether this caller sees withheld figures as null (partners, respondents, anonymous)") boolean confidentialityApplied) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "AppliedFilters")
    public record AppliedFilters(String stratum, String kind, String network, String region) {
        static AppliedFilters of(Filters f) {
            return new AppliedFilters(f.stratum(), f.kind(), f.network(), f.region());
        }
    }

    @Schema(name = "Barometer", description = "Per theme: respondents, engaged, share, rank, mean score, level distribution, change since the previous edition; homogeneity of the shares")
    public record Barometer(Edition edition, AppliedFilters filters,
                            @Schema(description = "Authorities selected by the filters; null when withheld") Long authorities,
                            @Schema(description = "The edition compared with (compareTo, or the greatest code below this one); null when none", example = "2023") String comparedTo,
                            List<ThemeFigures> themes, Homogeneity homogeneity) {
    }

    @Schema(name = "ThemeFigures")
    public record ThemeFigures(
            @Schema(example = "DONNEES_IA") String theme,
            @Schema(description = "Authorities with a score on this theme", example = "120") Long respondents,
            @Schema(description = "Authorities engaged (theme level 3 or 4)", example = "42") Long engaged,
            @Schema(description = "engaged / respondents", example = "0.35") BigDecimal share,
            @Schema(description = "Competition ranking of the shares among the themes shown (1, 1, 3)", example = "2") Integer rank,
            @Schema(description = "Mean theme score, 0-100", example = "48.27") BigDecimal meanScore,
            @Schema(description = "Authorities per theme level 0-4") List<LevelCount> levels,
            Previous previous,
            boolean withheld,
            @Schema(example = "fewer than 5 authorities") String withheldReason) {
    }

    @Schema(name = "LevelCount")
    public record LevelCount(@Schema(example = "3") int level, @Schema(example = "30") long count, @Schema(example = "0.25") BigDecimal ratio) {
    }

    @Schema(name = "PreviousEdition", description = "The same theme in the compared edition, with the same filters")
    public record Previous(@Schema(example = "2023") String campaign, Long respondents, Long engaged,
                           @Schema(example = "0.3") BigDecimal share, Integer rank,
                           @Schema(description = "100 × (share − previous share)", example = "5.00") BigDecimal differencePoints,
                           @Schema(description = "previous rank − rank: positive when the theme climbed", example = "1") Integer rankChange,
                           boolean withheld, String withheldReason) {
    }

    @Schema(name = "Homogeneity", description = "Spread of the theme shares shown")
    public record Homogeneity(@Schema(description = "How many themes' shares were combined", example = "7") int themes,
                              @Schema(description = "max − min of the shares, in points", example = "23.50") BigDecimal rangePoints,
                              @Schema(description = "Population standard deviation of the shares, in points", example = "8.12") BigDecimal standardDeviationPoints) {
    }

    @Schema(name = "StrataFigures", description = "Each theme's share per size stratum, and the gap between the most and the least engaged stratum")
    public record Strata(Edition edition, AppliedFilters filters, List<ThemeStrata> themes) {
    }

    @Schema(name = "ThemeStrata")
    public record ThemeStrata(@Schema(example = "DONNEES_IA") String theme, List<StratumShare> strata, Gap gap) {
    }

    @Schema(name = "StratumShare")
    public record StratumShare(@Schema(example = "S2") String stratum, Long respondents, Long engaged, BigDecimal share,
                               boolean withheld, String withheldReason) {
    }

    @Schema(name = "StrataGap", description = "Between the strata whose share is shown; null with fewer than two")
    public record Gap(@Schema(example = "S6") String mostEngaged, @Schema(example = "S1") String leastEngaged,
                      @Schema(description = "100 × (highest share − lowest share)", example = "31.25") BigDecimal points) {
    }

    @Schema(name = "QuestionFigures", description = "The distribution of the answers to one question among the authorities that answered it")
    public record Question(Edition edition, AppliedFilters filters, @Schema(example = "DIA-USAGE-AGENTS") String question,
                           @Schema(example = "SINGLE_CHOICE") String type,
                           @Schema(description = "Authorities that answered", example = "118") Long answered,
                           @Schema(description = "Levels 0-4, NSP and NA for MATURITY; every choice for choice questions; true/false for BOOLEAN") List<AnswerCount> answers,
                           @Schema(description = "For NUMBER questions") NumberStats number,
                           boolean withheld, String withheldReason) {
    }

    @Schema(name = "AnswerCount")
    public record AnswerCount(@Schema(example = "ORGANISE") String answer, @Schema(example = "40") long count,
                              @Schema(description = "count / answered", example = "0.339") BigDecimal ratio) {
    }

    @Schema(name = "NumberStats")
    public record NumberStats(long count, BigDecimal mean, BigDecimal min, BigDecimal max) {
    }

    @Schema(name = "CrossAnalysis", description = "The themes' figures per answer to one SINGLE_CHOICE or BOOLEAN question: each answer is a filter "
            + "of the authorities selected, and the rows add up to the figures of the same request without it")
    public record Cross(Edition edition, AppliedFilters filters,
                        @Schema(example = "GOV-PORTAGE") String question,
                        @Schema(example = "SINGLE_CHOICE") String type,
                        @Schema(description = "The question's French label", example = "Qui porte la stratégie numérique de votre collectivité ?") String label,
                        @Schema(description = "Authorities selected by the filters; null when withheld", example = "1204") Long authorities,
                        @Schema(description = "Every choice of the questionnaire in its order (true then false for BOOLEAN), zero counts included; then, "
                                + "when some authority may have no answer (the question is not required, or asked under a condition, or an "
                                + "assessment of the edition lacks it), the row of those without one (answer null)") List<CrossAnswer> answers) {
    }

    @Schema(name = "CrossAnswer", description = "The authorities selected that gave one answer, and their figures per theme")
    public record CrossAnswer(@Schema(description = "The choice code, true or false; null for the authorities that gave no answer", example = "ELUS_SEULS") String answer,
                              @Schema(description = "The answer's French label (Oui/Non for BOOLEAN, \"Sans réponse\" for no answer)",
                                      example = "Les élus uniquement") String label,
                              @Schema(description = "Authorities that gave this answer; null when withheld", example = "96") Long authorities,
                              boolean withheld,
                              @Schema(example = "fewer than 5 authorities") String withheldReason,
                              @Schema(description = "The seven themes, in the order of /barometers/{code}") List<CrossTheme> themes) {
    }

    @Schema(name = "CrossTheme", description = "One theme among the authorities that gave the answer")
    public record CrossTheme(@Schema(example = "DONNEES_IA") String theme,
                             @Schema(description = "Of the authorities that gave the answer, those with a score on the theme", example = "90") Long respondents,
                             @Schema(description = "Of them, those engaged (theme level 3 or 4)", example = "27") Long engaged,
                             @Schema(description = "engaged / respondents, four decimals; null without respondents", example = "0.3") BigDecimal share,
                             boolean withheld,
                             @Schema(example = "secret statistique secondaire") String withheldReason) {
    }

    @Schema(name = "Benchmark", description = "One authority's scores (whole) against its peers of the same stratum (percent_rank)")
    public record Benchmark(Edition edition, @Schema(example = "216901231") String siren, @Schema(example = "S6") String stratum,
                            @Schema(example = "barometre-v1") String model, int assessmentVersion,
                            Position index, List<ThemePosition> themes) {
    }

    @Schema(name = "Position")
    public record Position(@Schema(example = "57.14") BigDecimal score,
                           @Schema(description = "percent_rank among the peers: share of them with a lower score, 0-1", example = "0.75") BigDecimal percentRank,
                           @Schema(description = "Authorities of the stratum with a score, this one included", example = "41") Long peers,
                           boolean withheld, String withheldReason) {
    }

    @Schema(name = "ThemePosition")
    public record ThemePosition(@Schema(example = "DONNEES_IA") String theme, BigDecimal score, Integer level, boolean engaged,
                                BigDecimal percentRank, Long peers, boolean withheld, String withheldReason) {
    }
}
