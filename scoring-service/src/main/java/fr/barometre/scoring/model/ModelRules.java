package fr.barometre.scoring.model;

import fr.barometre.scoring.problem.FieldError;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What makes a model computable; every problem is listed. */
public final class ModelRules {

    public static final Set<String> THEMES = Set.of("NUMERIQUE_RESPONSABLE", "SERVICES_USAGERS", "CONFORMITE", "INCLUSION",
            "CYBERSECURITE", "SERVICES_AGENTS", "DONNEES_IA");
    public static final int LEVELS = 5;
    private static final BigDecimal MAX_SCORE = BigDecimal.valueOf(100);

    private ModelRules() {
    }

    public static List<FieldError> check(ModelDefinition model) {
        List<FieldError> errors = new ArrayList<>();
        checkWeights("itemWeights", model.itemWeights(), errors);
        checkWeights("themeWeights", model.themeWeights(), errors);
        model.themeWeights().keySet().stream().filter(t -> !THEMES.contains(t)).sorted()
                .forEach(t -> errors.add(FieldError.ofField("themeWeights." + t, "not one of the seven themes")));
        if (model.themeWeights().keySet().containsAll(THEMES)
                && model.themeWeights().values().stream().allMatch(w -> w != null && w.signum() == 0)) {
            errors.add(FieldError.ofField("themeWeights", "every theme weighs 0: no index could be computed"));
        }
        checkBands(model.bands(), errors);
        if (model.engagedLevel() < 0 || model.engagedLevel() >= LEVELS) {
            errors.add(FieldError.ofField("engagedLevel", "must be a level from 0 to " + (LEVELS - 1)));
        }
        return errors;
    }

    private static void checkWeights(String field, Map<String, BigDecimal> weights, List<FieldError> errors) {
        weights.forEach((code, weight) -> {
            if (weight == null || weight.signum() < 0) {
                errors.add(FieldError.ofField(field + "." + code, "must be 0 or more"));
            }
        });
    }

    private static void checkBands(List<Band> bands, List<FieldError> errors) {
        if (bands.size() != LEVELS) {
            errors.add(FieldError.ofField("bands", "must list the " + LEVELS + " levels 0 to " + (LEVELS - 1)));
            return;
        }
        for (int i = 0; i < LEVELS; i++) {
            Band band = bands.get(i);
            String path = "bands[" + i + "]";
            if (band == null || band.from() == null || band.to() == null) {
                errors.add(FieldError.ofField(path, "needs level, from and to"));
                return;
            }
            if (band.level() != i) {
                errors.add(FieldError.ofField(path + ".level", "bands must be given in level order 0 to 4; expected " + i));
            }
            if (band.from().compareTo(band.to()) >= 0) {
                errors.add(FieldError.ofField(path, "from must be below to"));
            }
            if (i == 0 && band.from().signum() != 0) {
                errors.add(FieldError.ofField(path + ".from", "the first band starts at 0"));
            }
            if (i > 0) {
                int cmp = band.from().compareTo(bands.get(i - 1).to());
                if (cmp > 0) {
                    errors.add(FieldError.ofField(path + ".from", "leaves a gap after " + bands.get(i - 1).to()));
                } else if (cmp < 0) {
                    errors.add(FieldError.ofField(path + ".from", "overlaps the band below, which ends at " + bands.get(i - 1).to()));
                }
            }
            if (i == LEVELS - 1 && band.to().compareTo(MAX_SCORE) != 0) {
                errors.add(FieldError.ofField(path + ".to", "the last band ends at 100"));
            }
        }
    }
}
