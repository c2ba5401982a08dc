package fr.barometre.survey.response;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The outcome of a submission made with an Idempotency-Key, returned again on a replay. */
@Entity
@Table(name = "idempotency_key")
public class IdempotencyRecord {

    @Id
    public String key;

    @Column(name = "campaign_code")
    public String campaignCode;

    public String siren;

    @Column(name = "status_code")
    public int statusCode;

    public String body;

    public String etag;

    @Column(name = "created_at")
    public Instant createdAt;
}
