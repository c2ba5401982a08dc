package fr.barometre.survey.campaign;

import fr.barometre.survey.registry.CollectivityRepository;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class CampaignRepository implements PanacheRepositoryBase<Campaign, String> {

    /**
     * The columns {@link #read} reads of a campaign aliased {@code c} in a statement: all but the
     * questionnaire document (tens of kilobytes, read by {@link #questionnaireDocument} when first needed).
     */
    public static final String COLUMNS = "c.code, c.title, c.status, c.closes_at, c.audience_networks, c.audience_sirens,"
            + " c.questionnaire_version, c.created_at, c.opened_at, c.closed_at, c.version";
    /** How many columns {@link #COLUMNS} names. */
    public static final int COLUMN_COUNT = 11;

    @Inject
    AgroalDataSource dataSource;

    public List<Campaign> openPastClosingDate(Instant now) {
        return list("status = ?1 and closesAt <= ?2", CampaignStatus.OPEN, now);
    }

    /**
     * The campaign of {@link #COLUMNS} read from column {@code first} on, as a copy that no persistence
     * context manages (changing it changes nothing in the database); null when there is none.
     */
    public static Campaign read(ResultSet rs, int first) throws SQLException {
        String code = rs.getString(first);
        if (code == null) {
            return null;
        }
        Campaign c = new Campaign();
        c.code = code;
        c.title = rs.getString(first + 1);
        c.status = CampaignStatus.valueOf(rs.getString(first + 2));
        c.closesAt = CollectivityRepository.instant(rs, first + 3);
        c.audienceNetworks = (String[]) rs.getArray(first + 4).getArray();
        c.audienceSirens = (String[]) rs.getArray(first + 5).getArray();
        c.questionnaireVersion = rs.getString(first + 6);
        c.createdAt = CollectivityRepository.instant(rs, first + 7);
        c.openedAt = CollectivityRepository.instant(rs, first + 8);
        c.closedAt = CollectivityRepository.instant(rs, first + 9);
        c.version = rs.getInt(first + 10);
        return c;
    }

    /** A campaign's questionnaire document (JSON), in the current transaction. */
    public String questionnaireDocument(String code) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("select cast(questionnaire as text) from campaign where code = ?")) {
            select.setString(1, code);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("Campaign " + code + " has disappeared");
                }
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the questionnaire of campaign " + code, e);
        }
    }
}
