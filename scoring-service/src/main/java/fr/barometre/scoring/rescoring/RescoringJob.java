package fr.barometre.scoring.rescoring;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A rescoring of a campaign under a model; its progress is in the database, so it survives restarts. */
@Entity
@Table(name = "rescoring_job")
public class RescoringJob {

    public enum State { RUNNING, DONE, FAILED }

    @Id
    public UUID id;

    @Column(name = "campaign_code")
    public String campaignCode;

    @Column(name = "model_id")
    public String modelId;

    @Enumerated(EnumType.STRING)
    public State state;

    /** Authorities to rescore: those with a submission when the job started. */
    public int total;

    public int done;

    /** The last SIREN rescored: the job resumes after it. */
    @Column(name = "cursor_siren")
    public String cursorSiren;

    public String error;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
