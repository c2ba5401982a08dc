package fr.barometre.survey.response;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** The one response of an authority to a campaign. */
@Entity
@Table(name = "response")
public class SurveyResponse {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "campaign_code")
    public String campaignCode;

    public String siren;

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

    /** A strong entity tag for the current state. */
    public String etag() {
        return "\"" + revision + "." + version + "\"";
    }
}
