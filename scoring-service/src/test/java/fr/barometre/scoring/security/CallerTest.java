package fr.barometre.scoring.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.json.Json;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A partner's scope comes from its token's {@code partner_scope} claim; a claim that cannot be read grants
 * nothing, and says so in the log (with its cause, never the token).
 */
class CallerTest {

    private static final String RAW_TOKEN = "eyJhbGciOiJSUzI1NiJ9.the-raw-token.signature";
    private static final String LYON = "216901231";

    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger log = Logger.getLogger(Caller.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        log.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        log.removeHandler(capture);
    }

    @Test
    void aPartnersScopeIsReadFromItsClaim() {
        Caller caller = partner(Json.createValue("{\"networks\": [\"FRANCE_URBAINE\"], \"sirens\": [\"" + LYON + "\"]}"));

        assertEquals(new PartnerScope(Set.of("FRANCE_URBAINE"), Set.of(LYON)), caller.partnerScope());
        assertTrue(caller.mayActFor(LYON, Set.of()));
        assertTrue(logged.isEmpty());
    }

    @Test
    void anUnreadableScopeGrantsNothingAndIsLoggedWithItsCauseAndWithoutTheToken() {
        Caller caller = partner("{\"networks\": [\"FRANCE_URBAINE\"");

        assertEquals(PartnerScope.EMPTY, caller.partnerScope());
        assertFalse(caller.mayActFor(LYON, Set.of("FRANCE_URBAINE")));
        assertEquals(1, logged.size(), "one line, however often the scope is asked for");
        LogRecord record = logged.get(0);
        assertEquals(org.jboss.logmanager.Level.WARN, record.getLevel());
        assertNotNull(record.getThrown(), "the cause is logged");
        String message = ((ExtLogRecord) record).getFormattedMessage();
        assertTrue(message.contains("partner_scope") && message.contains("service-account-partner"), message);
        assertFalse(message.contains(RAW_TOKEN) || String.valueOf(record.getThrown()).contains(RAW_TOKEN));
    }

    private Caller partner(Object scopeClaim) {
        Caller caller = new Caller();
        caller.json = new ObjectMapper();
        caller.identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(token(Map.of("preferred_username", "service-account-partner", "raw_token", RAW_TOKEN,
                        Caller.PARTNER_SCOPE_CLAIM, scopeClaim)))
                .addRole(Roles.PARTNER)
                .build();
        caller.partnerScope();
        return caller;
    }

    private static JsonWebToken token(Map<String, Object> claims) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return (String) claims.get("preferred_username");
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        };
    }
}
