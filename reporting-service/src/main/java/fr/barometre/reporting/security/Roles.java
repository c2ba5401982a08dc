package fr.barometre.reporting.security;

/** The realm roles of the design's identity table. */
public final class Roles {
    public static final String RESPONDENT = "respondent";
    public static final String PARTNER = "partner";
    public static final String ANALYST = "analyst";
    public static final String ADMIN = "admin";
    /** scoring-service's account, delivering facts here. */
    public static final String REPORTING_INGEST = "reporting-ingest";

    private Roles() {
    }
}
