package fr.barometre.survey.response;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** The one response of an authority to a campaign. */
@Entity
@Table(name = "response")
public class SurveyResponse extends ResponseRow {

    @Enumerated(EnumType.STRING)
    public ResponseStatus status;

    /** 1 for the first submission; an admin's reopening starts the next. */
    public int revision;

    /** The answers, as a JSON array. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String answers;

    /** Increases with every change: with the revision, it makes the ETag. */
    @Version
    public int version;

    @Column(name = "submitted_at")
    public Instant submittedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The draft of revision 1, without answers yet. */
    static SurveyResponse firstDraft(String campaignCode, String siren, Instant now) {
        SurveyResponse r = new SurveyResponse();
        r.campaignCode = campaignCode;
        r.siren = siren;
        r.status = ResponseStatus.DRAFT;
        r.revision = 1;
        r.createdAt = now;
        r.updatedAt = now;
        return r;
    }

    /** A strong entity tag for the current state. */
    public String etag() {
        return "\"" + revision + "." + version + "\"";
    }
}
