package fr.barometre.scoring.assessment;

import fr.barometre.scoring.feed.Fact;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

@Schema(name = "Preview", description = "What the answers would score; nothing is stored.")
public record Preview(String campaign, String model, String questionnaireVersion, BigDecimal index,
                      List<Fact.ThemeFact> themes, Explanation explanation) {
}
