package fr.barometre.reporting.security;

/**
 * The realm roles of the design's identity table, all of them: the realm is the same for the three
 * services, and each checks the ones its own endpoints need.
 */
public final class Roles {
    public static final String RESPONDENT = "respondent";
    public static final String PARTNER = "partner";
    public static final String ANALYST = "analyst";
    public static final String ADMIN = "admin";
    /** survey-service's account, delivering submissions to scoring-service. */
    public static final String SCORING_INGEST = "scoring-ingest";
    /** scoring-service's account, delivering facts to reporting-service. */
    public static final String REPORTING_INGEST = "reporting-ingest";
    /** The accounts of scoring-service and reporting-service, reading survey-service's feed of submissions. */
    public static final String SURVEY_FEED = "survey-feed";
    /** reporting-service's account, reading scoring-service's feed of assessments. */
    public static final String SCORING_FEED = "scoring-feed";
    /**
     * The accounts of scoring-service and reporting-service, reading a partner's scope from survey-service
     * ({@code GET /partners/{clientId}/scope}) to tell it only of the authorities it serves.
     */
    public static final String PARTNER_SCOPE_READ = "partner-scope-read";

    private Roles() {
    }
}
