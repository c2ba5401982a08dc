package fr.barometre.scoring.model;

import fr.barometre.scoring.problem.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What makes a scoring model computable: each rule on both sides of its bound, every problem named by its field. */
class ModelRulesTest {

    static final List<Band> V1_BANDS = List.of(
            band(0, "0", "12.5"), band(1, "12.5", "37.5"), band(2, "37.5", "62.5"), band(3, "62.5", "87.5"), band(4, "87.5", "100"));

    static Band band(int level, String from, String to) {
        return new Band(level, new BigDecimal(from), new BigDecimal(to));
    }

    static ModelDefinition model(Map<String, BigDecimal> items, Map<String, BigDecimal> themes, List<Band> bands, int engaged) {
        return new ModelDefinition(items, themes, bands, engaged);
    }

    static List<Band> withBand(int index, Band replacement) {
        List<Band> bands = new ArrayList<>(V1_BANDS);
        bands.set(index, replacement);
        return bands;
    }

    /** The fields named by the problems of a model, in order. */
    static List<String> fields(ModelDefinition m) {
        return ModelRules.check(m).stream().map(FieldError::field).toList();
    }

    static Map<String, BigDecimal> allThemes(String weight) {
        Map<String, BigDecimal> weights = new LinkedHashMap<>();
        ModelRules.THEMES.stream().sorted().forEach(t -> weights.put(t, new BigDecimal(weight)));
        return weights;
    }

    @Test
    void barometreV1IsComputable() {
        assertEquals(List.of(), ModelRules.check(model(Map.of(), Map.of(), V1_BANDS, 3)));
    }

    @Test
    void aWeightOfZeroIsAcceptedANegativeOrMissingOneIsNot() {
        Map<String, BigDecimal> items = new LinkedHashMap<>();
        items.put("DIA-A", BigDecimal.ZERO);
        items.put("DIA-B", new BigDecimal("-0.1"));
        items.put("DIA-C", null);
        assertEquals(List.of("itemWeights.DIA-B", "itemWeights.DIA-C"), fields(model(items, Map.of(), V1_BANDS, 3)));

        Map<String, BigDecimal> themes = new LinkedHashMap<>();
        themes.put("CONFORMITE", BigDecimal.ZERO);
        themes.put("INCLUSION", new BigDecimal("-1"));
        themes.put("CYBERSECURITE", null);
        assertEquals(List.of("themeWeights.INCLUSION", "themeWeights.CYBERSECURITE"), fields(model(Map.of(), themes, V1_BANDS, 3)));
        assertTrue(ModelRules.check(model(Map.of(), themes, V1_BANDS, 3)).stream().allMatch(e -> e.message().equals("must be 0 or more")));
    }

    @Test
    void themeWeightsNameOnlyTheSevenThemes() {
        Map<String, BigDecimal> themes = new LinkedHashMap<>();
        themes.put("ZZ", BigDecimal.ONE);
        themes.put("CONFORMITE", BigDecimal.ONE);
        themes.put("AA", BigDecimal.ONE);
        assertEquals(List.of("themeWeights.AA", "themeWeights.ZZ"), fields(model(Map.of(), themes, V1_BANDS, 3)));
    }

    @Test
    void everyThemeWeighingZeroLeavesNoIndex() {
        assertEquals(List.of("themeWeights"), fields(model(Map.of(), allThemes("0"), V1_BANDS, 3)));
        // one theme left out weighs 1 by default: computable
        Map<String, BigDecimal> sixAtZero = new HashMap<>(allThemes("0"));
        sixAtZero.remove("INCLUSION");
        assertEquals(List.of(), fields(model(Map.of(), sixAtZero, V1_BANDS, 3)));
        // one theme above zero: computable
        Map<String, BigDecimal> oneAtOne = new HashMap<>(allThemes("0"));
        oneAtOne.put("INCLUSION", new BigDecimal("0.01"));
        assertEquals(List.of(), fields(model(Map.of(), oneAtOne, V1_BANDS, 3)));
        // a missing weight among zeros is its own problem, not "every theme weighs 0"
        Map<String, BigDecimal> oneNull = new HashMap<>(allThemes("0"));
        oneNull.put("INCLUSION", null);
        assertEquals(List.of("themeWeights.INCLUSION"), fields(model(Map.of(), oneNull, V1_BANDS, 3)));
    }

    @ParameterizedTest(name = "{0} bands")
    @ValueSource(ints = {0, 4, 6})
    void thereAreExactlyFiveBands(int count) {
        List<Band> bands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bands.add(band(i, String.valueOf(i * 10), String.valueOf(i * 10 + 10)));
        }
        assertEquals(List.of("bands"), fields(model(Map.of(), Map.of(), bands, 3)));
    }

    @Test
    void anIncompleteBandIsNamedAlone() {
        assertEquals(List.of("bands[2]"), fields(model(Map.of(), Map.of(), withBand(2, null), 3)));
        assertEquals(List.of("bands[2]"), fields(model(Map.of(), Map.of(), withBand(2, new Band(2, null, BigDecimal.TEN)), 3)));
        assertEquals(List.of("bands[2]"), fields(model(Map.of(), Map.of(), withBand(2, new Band(2, BigDecimal.TEN, null)), 3)));
    }

    @Test
    void bandsComeInLevelOrder() {
        List<Band> swapped = new ArrayList<>(V1_BANDS);
        swapped.set(1, band(2, "12.5", "37.5"));
        swapped.set(2, band(1, "37.5", "62.5"));
        assertEquals(List.of("bands[1].level", "bands[2].level"), fields(model(Map.of(), Map.of(), swapped, 3)));
    }

    @Test
    void aBandMustNotBeEmpty() {
        // from = to is empty, and the band above then overlaps nothing: only this band is named
        List<Band> bands = withBand(4, band(4, "100", "100"));
        bands.set(3, band(3, "62.5", "100"));
        assertEquals(List.of("bands[4]"), fields(model(Map.of(), Map.of(), bands, 3)));
    }

    @Test
    void theFirstBandStartsAtZero() {
        assertEquals(List.of("bands[0].from"), fields(model(Map.of(), Map.of(), withBand(0, band(0, "0.01", "12.5")), 3)));
    }

    @Test
    void bandsAreContiguous() {
        assertEquals(List.of("bands[2].from"), fields(model(Map.of(), Map.of(), withBand(2, band(2, "37.6", "62.5")), 3)));
        assertTrue(ModelRules.check(model(Map.of(), Map.of(), withBand(2, band(2, "37.6", "62.5")), 3)).get(0).message().startsWith("leaves a gap"));
        assertEquals(List.of("bands[2].from"), fields(model(Map.of(), Map.of(), withBand(2, band(2, "37.4", "62.5")), 3)));
        assertTrue(ModelRules.check(model(Map.of(), Map.of(), withBand(2, band(2, "37.4", "62.5")), 3)).get(0).message().startsWith("overlaps"));
    }

    @Test
    void theLastBandEndsAtOneHundred() {
        assertEquals(List.of("bands[4].to"), fields(model(Map.of(), Map.of(), withBand(4, band(4, "87.5", "99.99")), 3)));
        assertEquals(List.of("bands[4].to"), fields(model(Map.of(), Map.of(), withBand(4, band(4, "87.5", "100.01")), 3)));
        // 100.00 is 100: compared by value, not by scale
        assertEquals(List.of(), fields(model(Map.of(), Map.of(), withBand(4, band(4, "87.5", "100.00")), 3)));
    }

    @Test
    void theEngagedLevelIsOneOfTheFiveLevels() {
        for (int level : new int[] {0, 4}) {
            assertEquals(List.of(), fields(model(Map.of(), Map.of(), V1_BANDS, level)), "engaged level " + level);
        }
        for (int level : new int[] {-1, 5}) {
            assertEquals(List.of("engagedLevel"), fields(model(Map.of(), Map.of(), V1_BANDS, level)), "engaged level " + level);
        }
    }

    @Test
    void everyProblemIsListedAtOnce() {
        Map<String, BigDecimal> items = Map.of("DIA-A", new BigDecimal("-1"));
        Map<String, BigDecimal> themes = Map.of("NOPE", BigDecimal.ONE);
        List<Band> bands = withBand(0, band(0, "1", "12.5"));
        assertEquals(Arrays.asList("itemWeights.DIA-A", "themeWeights.NOPE", "bands[0].from", "engagedLevel"),
                fields(model(items, themes, bands, 7)));
    }
}
