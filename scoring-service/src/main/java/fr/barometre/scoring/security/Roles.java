package fr.barometre.scoring.security;

/** The realm roles of the design's identity table. */
public final class Roles {
    public static final String RESPONDENT = "respondent";
    public static final String PARTNER = "partner";
    public static final String ANALYST = "analyst";
    public static final String ADMIN = "admin";
    /** survey-service's account, delivering submissions here. */
    public static final String SCORING_INGEST = "scoring-ingest";
    /** reporting-service's account, reading this service's feed. */
    public static final String SCORING_FEED = "scoring-feed";

    private Roles() {
    }
}
