package fr.barometre.scoring.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** A scoring model, immutable once created: a change is a new model with a new id. */
@Entity
@Table(name = "scoring_model")
public class ScoringModel {

    public static final String DEFAULT_ID = "barometre-v1";

    @Id
    public String id;

    /** The {@link ModelDefinition}, as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String definition;

    @Column(name = "created_at")
    public Instant createdAt;
}
