package fr.barometre.survey.response;

import fr.barometre.survey.campaign.Campaign;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** The responses: one at a time as entities; the participation counts in SQL. */
@ApplicationScoped
public class ResponseRepository implements PanacheRepository<SurveyResponse> {

    private static final String COUNTS = """
            select c.stratum,
                   count(*),
                   count(r.id) filter (where r.status = 'DRAFT'),
                   count(r.id) filter (where r.status = 'SUBMITTED')
            from collectivity c
            left join response r on r.siren = c.siren and r.campaign_code = :code
            where :everyone or c.siren = any(cast(:sirens as text[])) or c.networks && cast(:networks as text[])
            group by c.stratum
            """;

    public Optional<SurveyResponse> findOne(String campaign, String siren) {
        return find("campaignCode = ?1 and siren = ?2", campaign, siren).firstResultOptional();
    }

    /**
     * Per size stratum of the campaign's audience: the authorities invited, their drafts, their
     * submitted responses (rows of stratum, audience, drafts, submitted).
     */
    @SuppressWarnings("unchecked")
    List<Object[]> countsByStratum(Campaign campaign) {
        return getEntityManager().createNativeQuery(COUNTS)
                .setParameter("code", campaign.code)
                .setParameter("everyone", campaign.invitesEveryone())
                .setParameter("sirens", "{" + String.join(",", campaign.audienceSirens) + "}")
                .setParameter("networks", "{" + String.join(",", campaign.audienceNetworks) + "}")
                .getResultList();
    }
}
