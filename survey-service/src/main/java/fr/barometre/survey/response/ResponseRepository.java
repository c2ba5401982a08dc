package fr.barometre.survey.response;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class ResponseRepository implements PanacheRepository<SurveyResponse> {

    public Optional<SurveyResponse> findOne(String campaign, String siren) {
        return find("campaignCode = ?1 and siren = ?2", campaign, siren).firstResultOptional();
    }
}
