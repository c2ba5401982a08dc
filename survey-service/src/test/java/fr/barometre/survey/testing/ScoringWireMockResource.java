package fr.barometre.survey.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A WireMock server standing in for scoring-service: the relay's rest client and the results
 * page's ({@code scoring.url}) point at it. A test class gets it in a field annotated
 * {@link InjectScoringWireMock}.
 */
public class ScoringWireMockResource extends NeighbourWireMock {

    /** Marks the test's {@code WireMockServer} field that receives the stand-in for scoring-service. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectScoringWireMock {
    }

    public ScoringWireMockResource() {
        super("scoring.url", InjectScoringWireMock.class);
    }
}
