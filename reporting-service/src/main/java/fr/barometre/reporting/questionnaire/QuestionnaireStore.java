package fr.barometre.reporting.questionnaire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.reporting.client.SurveyQuestionnaires;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Questionnaires by (campaign, version): read from survey-service the first time, then kept in this
 * service's database. When survey-service cannot answer, callers get a 503 so that the sender retries
 * ({@link SurveyQuestionnaires}).
 */
@ApplicationScoped
public class QuestionnaireStore {

    @Inject
    SurveyQuestionnaires survey;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    private final Map<String, Questionnaire> parsed = new ConcurrentHashMap<>();

    /** The questionnaire of a campaign at a version; survey-service is asked only when it is not kept yet. */
    public Questionnaire get(String campaign, String version) {
        String key = campaign + "\u0000" + version;
        Questionnaire known = parsed.get(key);
        if (known != null) {
            return known;
        }
        String document = load(campaign, version);
        if (document == null) {
            document = fetch(campaign, version);
            store(campaign, version, document);
        }
        Questionnaire questionnaire = read(document);
        parsed.put(key, questionnaire);
        return questionnaire;
    }

    /** The current frozen questionnaire of a campaign, for previews: asked of survey-service. */
    public Questionnaire current(String campaign) {
        String document = fetch(campaign, null);
        Questionnaire questionnaire = read(document);
        if (questionnaire.version() != null && load(campaign, questionnaire.version()) == null) {
            store(campaign, questionnaire.version(), document);
        }
        return questionnaire;
    }

    private String fetch(String campaign, String version) {
        try {
            return json.writeValueAsString(survey.questionnaire(campaign, version));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A questionnaire cannot be written", e);
        }
    }

    private String load(String campaign, String version) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select document::text from questionnaire where campaign_code = ? and version = ?")) {
            ps.setString(1, campaign);
            ps.setString(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read kept questionnaires", e);
        }
    }

    private void store(String campaign, String version, String document) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     insert into questionnaire (campaign_code, version, document) values (?, ?, ?::jsonb)
                     on conflict do nothing""")) {
            ps.setString(1, campaign);
            ps.setString(2, version);
            ps.setString(3, document);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot keep the questionnaire", e);
        }
    }

    private Questionnaire read(String document) {
        try {
            return json.readValue(document, Questionnaire.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A questionnaire cannot be read", e);
        }
    }
}
