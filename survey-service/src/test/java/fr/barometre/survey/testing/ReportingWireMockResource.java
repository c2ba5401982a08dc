package fr.barometre.survey.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A WireMock server standing in for reporting-service: the results page's rest client
 * ({@code reporting.url}) points at it. A test class gets it in a field annotated
 * {@link InjectReportingWireMock}.
 */
public class ReportingWireMockResource extends NeighbourWireMock {

    /** Marks the test's {@code WireMockServer} field that receives the stand-in for reporting-service. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectReportingWireMock {
    }

    public ReportingWireMockResource() {
        super("reporting.url", InjectReportingWireMock.class);
    }
}
