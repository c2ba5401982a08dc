package fr.barometre.reporting.publication;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** An edition published: when, by whom, and how many authorities' facts its snapshot froze. */
@Schema(name = "Publication")
public record Publication(@Schema(example = "2025") String campaign, Instant publishedAt, @Schema(example = "admin") String publishedBy,
                          @Schema(description = "Facts frozen in the snapshot", example = "1204") int authorities) {
}
