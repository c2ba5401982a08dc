package fr.barometre.scoring.assessment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** One assessment of an authority's response; the greatest version per (campaign, SIREN) is current. */
@Entity
@Table(name = "assessment")
public class AssessmentRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "campaign_code")
    public String campaignCode;

    public String siren;

    public int revision;

    @Column(name = "assessment_version")
    public int assessmentVersion;

    @Column(name = "model_id")
    public String modelId;

    /** The {@link Fact} sent downstream. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String fact;

    /** Per theme, each item's contribution; and the next steps. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String explanation;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The W3C trace context current when the assessment was made, given with the feed item; null outside any trace. */
    public String traceparent;
}
