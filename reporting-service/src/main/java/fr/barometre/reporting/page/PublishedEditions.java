package fr.barometre.reporting.page;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The editions that have been published, for the list of the home page. */
@ApplicationScoped
public class PublishedEditions {

    @Inject
    AgroalDataSource dataSource;

    /** Their codes, newest (greatest code, as editions are compared) first. */
    public List<String> campaigns() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select campaign_code from publication");
             ResultSet rs = ps.executeQuery()) {
            List<String> codes = new ArrayList<>();
            while (rs.next()) {
                codes.add(rs.getString(1));
            }
            codes.sort(Comparator.reverseOrder());   // string order, as the previous edition is chosen
            return codes;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list the published editions", e);
        }
    }
}
