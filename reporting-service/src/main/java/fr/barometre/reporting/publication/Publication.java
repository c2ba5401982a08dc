package fr.barometre.reporting.publication;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** An edition published: when, by whom, how many authorities' facts its snapshot froze, and how many times it was published. */
@Schema(name = "Publication")
public record Publication(@Schema(example = "2025") String campaign, Instant publishedAt, @Schema(example = "admin") String publishedBy,
                          @Schema(description = "Facts frozen in the snapshot", example = "1204") int authorities,
                          @Schema(description = "1 at the edition's first publication, one more at each next one", example = "1") int version) {
}
