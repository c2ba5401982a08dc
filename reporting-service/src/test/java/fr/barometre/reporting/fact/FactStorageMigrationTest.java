package fr.barometre.reporting.fact;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The upgrade to a fact's themes and answers on its row (migration V2_3) keeps what a database held
 * before: a database at V2_2 with LIVE and PUBLISHED facts and their theme and answer rows, written
 * the old way, migrated to the latest, holds each fact's rows in its arrays (a theme with nothing
 * scored, a NUMBER answer's number, a multiple choice's codes, a fact without rows), and the old
 * tables are gone.
 */
class FactStorageMigrationTest {

    @Test
    void theRowsHeldBeforeTheUpgradeAreOnTheirFactsAfterIt() throws Exception {
        DataSource admin = EmbeddedPostgresResource.postgres().getPostgresDatabase();
        try (Connection c = admin.getConnection()) {
            execute(c, "drop database if exists migration_v2_3");
            execute(c, "create database migration_v2_3");
        }
        DataSource db = EmbeddedPostgresResource.postgres().getDatabase("postgres", "migration_v2_3");
        Flyway.configure().dataSource(db).locations("classpath:db/migration").target("2.2").load().migrate();
        try (Connection c = db.getConnection()) {
            for (String source : List.of("LIVE", "PUBLISHED")) {
                for (String siren : List.of("000000001", "000000002", "000000003")) {
                    execute(c, "insert into fact (source, campaign_code, siren, assessment_version, revision, model, questionnaire_version,"
                            + " stratum, payload) values ('" + source + "', 'mig', '" + siren + "', 2, 1, 'barometre-v1', 'T.1', 'S1', '{}')");
                }
                execute(c, """
                        insert into fact_theme (source, campaign_code, siren, theme, score, level, engaged) values
                          ('%1$s', 'mig', '000000001', 'STRATEGIE', 81.25, 3, true),
                          ('%1$s', 'mig', '000000001', 'DONNEES_IA', null, null, false),
                          ('%1$s', 'mig', '000000001', 'CYBERSECURITE', 12.5, 1, false),
                          ('%1$s', 'mig', '000000002', 'STRATEGIE', 100, 4, true)""".formatted(source));
                execute(c, """
                        insert into fact_answer (source, campaign_code, siren, question, answer, number) values
                          ('%1$s', 'mig', '000000001', 'NR-1', '3', null),
                          ('%1$s', 'mig', '000000001', 'DIA-OUTILS', 'CHATBOT', null),
                          ('%1$s', 'mig', '000000001', 'DIA-OUTILS', 'CODE', null),
                          ('%1$s', 'mig', '000000001', 'GOV-BUDGET', '12500.5', 12500.50),
                          ('%1$s', 'mig', '000000001', 'CYB-PLAN-CRISE', 'NSP', null),
                          ('%1$s', 'mig', '000000002', 'CYB-NIS2', 'true', null)""".formatted(source));
            }
        }

        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();

        try (Connection c = db.getConnection()) {
            for (String source : List.of("LIVE", "PUBLISHED")) {
                assertEquals(List.of(
                        "000000001|{CYBERSECURITE,DONNEES_IA,STRATEGIE}|{12.5,NULL,81.25}|{1,NULL,3}|{f,f,t}"
                                + "|{CYB-PLAN-CRISE,DIA-OUTILS,DIA-OUTILS,GOV-BUDGET,NR-1}|{NSP,CHATBOT,CODE,12500.5,3}|{NULL,NULL,NULL,12500.50,NULL}",
                        "000000002|{STRATEGIE}|{100}|{4}|{t}|{CYB-NIS2}|{true}|{NULL}",
                        "000000003|{}|{}|{}|{}|{}|{}|{}"), rows(c, """
                        select concat_ws('|', siren, theme_codes::text, theme_scores::text, theme_levels::text, theme_engaged::text,
                                         answer_questions::text, answer_values::text, answer_numbers::text)
                        from fact where source = '%s' and campaign_code = 'mig' order by siren""".formatted(source)), source);
            }
            assertEquals(List.of(), rows(c, "select relname::text from pg_class where relname in ('fact_theme', 'fact_answer')"));
        }
    }

    private static void execute(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    private static List<String> rows(Connection c, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
