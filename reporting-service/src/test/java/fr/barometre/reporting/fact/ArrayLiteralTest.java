package fr.barometre.reporting.fact;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The arrays a fact's themes and answers are written in ({@link FactStore#literal}) read back as
 * they were written, whatever their text: PostgreSQL's array syntax (quotes, backslashes, braces,
 * commas, spaces, the word NULL) never changes a value, and a null stays null.
 */
class ArrayLiteralTest {

    @Test
    void everyValueReadsBackAsWrittenThroughPostgreSQL() throws Exception {
        List<Object> values = new ArrayList<>(Arrays.asList("ORGANISE", "a,b", "{x}", "say \"yes\"", "back\\slash", "\\\"", " padded ",
                "NULL", "null", "", "é à ç", "12.500", null, "tab\there", "new\nline", "'quote'"));
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement ps = c.prepareStatement("select ?::text[]")) {
            ps.setString(1, FactStore.literal(values));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(values, Arrays.asList((Object[]) rs.getArray(1).getArray()));
            }
        }
    }

    @Test
    void numbersKeepEveryDigit() throws Exception {
        List<Object> numbers = Arrays.asList("0.1", "12345678901234567890.000000000001", "-3", null, "1E+3");
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement ps = c.prepareStatement("select array(select x::text from unnest(?::numeric[]) x)")) {
            ps.setString(1, FactStore.literal(numbers));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(Arrays.asList("0.1", "12345678901234567890.000000000001", "-3", null, "1000"),
                        Arrays.asList((Object[]) rs.getArray(1).getArray()));
            }
        }
    }
}
