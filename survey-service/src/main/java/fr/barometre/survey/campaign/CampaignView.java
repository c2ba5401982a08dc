package fr.barometre.survey.campaign;

import fr.barometre.survey.registry.Network;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

@Schema(name = "Campaign", description = "One edition of the barometer.")
public record CampaignView(
        @Schema(example = "2025") String code,
        @Schema(example = "Baromètre de la maturité numérique des territoires 2025") String title,
        CampaignStatus status,
        @Schema(description = "When the campaign closes by itself; absent: closed by an admin") Instant closesAt,
        Audience audience,
        @Schema(example = "2025.1") String questionnaireVersion,
        Instant createdAt,
        Instant openedAt,
        Instant closedAt) {

    static CampaignView of(Campaign c) {
        Set<Network> networks = c.audienceNetworkSet().stream().map(Network::valueOf).collect(Collectors.toSet());
        return new CampaignView(c.code, c.title, c.status, c.closesAt,
                new Audience(networks, new TreeSet<>(c.audienceSirenSet())), c.questionnaireVersion,
                c.createdAt, c.openedAt, c.closedAt);
    }
}
