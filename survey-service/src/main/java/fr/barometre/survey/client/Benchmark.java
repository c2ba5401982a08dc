package fr.barometre.survey.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the results page reads of reporting-service's benchmark ({@code GET /barometers/{code}/collectivities/{siren}}):
 * the authority's position among the authorities of its stratum, per theme and for the index, as
 * {@code percent_rank} with the number of peers, or withheld under the confidentiality threshold.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Benchmark(Edition edition, String siren, String stratum, int assessmentVersion,
                        Position index, List<ThemePosition> themes) {

    public Benchmark {
        themes = themes == null ? List.of() : List.copyOf(themes);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Edition(String campaign, String source, Integer confidentialityThreshold) {
    }

    /** The index's position: share of the peers with a lower score (0–1), peers counting the authority itself. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Position(BigDecimal score, BigDecimal percentRank, Long peers, boolean withheld, String withheldReason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ThemePosition(String theme, BigDecimal score, Integer level, boolean engaged,
                                BigDecimal percentRank, Long peers, boolean withheld, String withheldReason) {

        public Position position() {
            return new Position(score, percentRank, peers, withheld, withheldReason);
        }
    }
}
