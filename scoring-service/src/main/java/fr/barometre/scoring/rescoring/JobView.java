package fr.barometre.scoring.rescoring;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(name = "Job", description = "A rescoring job and its progress.")
public record JobView(UUID id, @Schema(example = "2025") String campaign, @Schema(example = "barometre-v2") String model,
                      RescoringJob.State state, @Schema(example = "36130") int total, @Schema(example = "12000") int done,
                      String error, Instant createdAt, Instant updatedAt, Instant finishedAt) {

    static JobView of(RescoringJob j) {
        return new JobView(j.id, j.campaignCode, j.modelId, j.state, j.total, j.done, j.error, j.createdAt, j.updatedAt, j.finishedAt);
    }
}
