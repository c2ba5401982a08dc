package fr.barometre.survey.registry;

import java.util.Optional;

/**
 * Size strata by INSEE population municipale, lower bound inclusive. An authority without a
 * population has no stratum.
 */
public enum Stratum {
    S1(0), S2(3_500), S3(20_000), S4(50_000), S5(100_000), S6(200_000);

    private final int lowerBound;

    Stratum(int lowerBound) {
        this.lowerBound = lowerBound;
    }

    public int lowerBound() {
        return lowerBound;
    }

    public static Optional<Stratum> of(Integer population) {
        if (population == null || population < 0) {
            return Optional.empty();
        }
        Stratum found = S1;
        for (Stratum s : values()) {
            if (population >= s.lowerBound) {
                found = s;
            }
        }
        return Optional.of(found);
    }
}
