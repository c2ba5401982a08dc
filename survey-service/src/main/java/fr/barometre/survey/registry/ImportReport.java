package fr.barometre.survey.registry;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ImportReport", description = "What a registry import changed.")
public record ImportReport(
        @Schema(example = "3") int added,
        @Schema(example = "12") int updated,
        @Schema(example = "36115") int unchanged,
        @Schema(description = "Entries of the files left out (no SIREN, invalid SIREN)", example = "0") int skipped) {
}
