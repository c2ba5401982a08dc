package fr.barometre.survey.feed;

import fr.barometre.survey.response.ResponseRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** Every submitted revision, as sent downstream. Its transaction id orders the feed. */
@Entity
@Table(name = "submission")
public class SubmissionRecord extends ResponseRow {

    public int revision;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String payload;

    @Column(name = "submitted_at")
    public Instant submittedAt;

    /** The W3C trace context of the submitting request, given with the feed item; null outside any trace. */
    public String traceparent;
}
