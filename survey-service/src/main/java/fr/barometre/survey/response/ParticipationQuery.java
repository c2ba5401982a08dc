package fr.barometre.survey.response;

import fr.barometre.survey.campaign.Campaign;
import fr.barometre.survey.campaign.CampaignRepository;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.registry.Stratum;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Participation against a campaign's audience, counted in the database. */
@ApplicationScoped
@Transactional
public class ParticipationQuery {

    @Inject
    CampaignRepository campaigns;

    @Inject
    ResponseRepository responses;

    public Participation of(String code) {
        Campaign campaign = campaigns.findByIdOptional(code).orElseThrow(() -> ProblemException.notFound("No campaign " + code));
        List<Object[]> rows = responses.countsByStratum(campaign);
        long audience = 0, drafts = 0, submitted = 0;
        Map<Stratum, Participation.Counts> byStratum = new EnumMap<>(Stratum.class);
        for (Object[] row : rows) {
            long a = ((Number) row[1]).longValue(), d = ((Number) row[2]).longValue(), s = ((Number) row[3]).longValue();
            audience += a;
            drafts += d;
            submitted += s;
            if (row[0] != null) {
                byStratum.put(Stratum.valueOf(row[0].toString().trim()), Participation.Counts.of(a, d, s));
            }
        }
        List<Participation.StratumCounts> strata = new ArrayList<>();
        for (Stratum s : Stratum.values()) {
            strata.add(new Participation.StratumCounts(s, byStratum.getOrDefault(s, Participation.Counts.of(0, 0, 0))));
        }
        return new Participation(code, Participation.Counts.of(audience, drafts, submitted), strata);
    }
}
