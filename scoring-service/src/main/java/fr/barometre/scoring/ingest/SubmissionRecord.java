package fr.barometre.scoring.ingest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.Instant;

/**
 * A submission received, kept as it came, once per (campaign, SIREN, revision): the input of the
 * assessments and of every rescoring.
 */
@Entity
@Table(name = "submission")
@IdClass(SubmissionRecord.Key.class)
public class SubmissionRecord {

    @Id
    @Column(name = "campaign_code")
    public String campaignCode;

    @Id
    public String siren;

    @Id
    public int revision;

    /** The {@link SubmissionMessage} as received. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String payload;

    /** Set by the database when the row is written (the transaction's time). */
    @Column(name = "received_at", insertable = false, updatable = false)
    public Instant receivedAt;

    public record Key(String campaignCode, String siren, int revision) implements Serializable {
    }
}
