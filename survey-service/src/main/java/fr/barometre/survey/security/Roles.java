package fr.barometre.survey.security;

/** The realm roles of the design's identity table. */
public final class Roles {
    public static final String RESPONDENT = "respondent";
    public static final String PARTNER = "partner";
    public static final String ANALYST = "analyst";
    public static final String ADMIN = "admin";
    /** survey-service's own account, delivering to scoring-service. */
    public static final String SCORING_INGEST = "scoring-ingest";
    /** The accounts of scoring-service and reporting-service, reading this service's feed. */
    public static final String SURVEY_FEED = "survey-feed";

    private Roles() {
    }
}
