package fr.barometre.survey.response;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of a submission made with an Idempotency-Key, returned again on a replay. A key
 * belongs to the caller that chose it (the token's client and subject): another caller's key of the
 * same value is another record.
 */
@Entity
@Table(name = "idempotency_key")
@IdClass(IdempotencyRecord.Id.class)
public class IdempotencyRecord {

    @jakarta.persistence.Id
    @Column(name = "client_id")
    public String clientId;

    @jakarta.persistence.Id
    public String subject;

    @jakarta.persistence.Id
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

    /** Whether this key was first used for the response of this campaign and authority. */
    boolean isFor(String code, String siren) {
        return campaignCode.equals(code) && this.siren.equals(siren);
    }

    /** The key of a record: the caller's client and subject, and the key it chose. */
    public static class Id implements Serializable {
        public String clientId;
        public String subject;
        public String key;

        public Id() {
        }

        public Id(String clientId, String subject, String key) {
            this.clientId = clientId;
            this.subject = subject;
            this.key = key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Id other && Objects.equals(clientId, other.clientId)
                    && Objects.equals(subject, other.subject) && Objects.equals(key, other.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clientId, subject, key);
        }
    }
}
