package fr.barometre.survey.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.security.PartnerScope;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.JournalRows;
import fr.barometre.survey.testing.JournalRows.Row;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The journal of the changes kept in Keycloak: partner scopes, agents created and revoked, each journaled
 * once Keycloak confirmed it; a refused change, or a Keycloak that fails, leaves no entry. (Keycloak is the
 * tests' in-memory directory, failing on demand as KeycloakDirectory does: a 503.)
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class IdentityJournalTest {

    private static final String LYON = "216901231";
    private static final String RENNES = "243500139";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    InMemoryDirectory directory;

    private String partner;

    @BeforeEach
    void aPartner() {
        partner = "partner-" + UUID.randomUUID();
        directory.partners.put(partner, new PartnerScope(Set.of(), Set.of(LYON)));
    }

    @AfterEach
    void keycloakBackUp() {
        directory.unavailable = false;
        directory.partners.remove(partner);
    }

    @Test
    void aPartnersScopeSetIsJournaledWithTheScope() throws Exception {
        String request = "test-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.admin()).header("X-Request-Id", request).contentType("application/json")
                .body("{\"networks\": [\"INTERCONNECTES\"], \"sirens\": [\"" + RENNES + "\", \"" + LYON + "\"]}")
                .put("/partners/" + partner + "/scope").then().statusCode(200);
        List<Row> rows = JournalRows.of("partner:" + partner);
        assertEquals(1, rows.size());
        Row row = rows.get(0);
        assertEquals("partner.scope-set", row.action());
        assertEquals("USER", row.actorKind());
        assertEquals("admin", row.actorName());
        assertEquals(request, row.requestId());
        JsonNode detail = JSON.readTree(row.detail());
        assertEquals(JSON.readTree("[\"INTERCONNECTES\"]"), detail.get("networks"));
        assertEquals(JSON.readTree("[\"" + LYON + "\", \"" + RENNES + "\"]"), detail.get("sirens"));
    }

    @Test
    void aRefusedOrFailedScopeChangeLeavesNoEntry() {
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"sirens\": [\"216901232\"]}")
                .put("/partners/" + partner + "/scope").then().statusCode(422);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"sirens\": []}")
                .put("/partners/nobody-" + partner + "/scope").then().statusCode(404);
        directory.unavailable = true;
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"sirens\": [\"" + LYON + "\"]}")
                .put("/partners/" + partner + "/scope").then().statusCode(503);
        assertEquals(List.of(), JournalRows.of("partner:" + partner));
        assertEquals(List.of(), JournalRows.of("partner:nobody-" + partner));
    }

    @Test
    void agentsCreatedAndRevokedAreJournaledByTheirCallerWithoutThePassword() {
        String client = "partner-agents-" + UUID.randomUUID();
        String token = Tokens.partnerClient(client, List.of(), List.of(LYON));
        var created = given().auth().oauth2(token).contentType("application/json")
                .body("{\"email\": \"agent-" + UUID.randomUUID() + "@lyon.example\"}")
                .post("/collectivities/" + LYON + "/agents").then().statusCode(201).extract();
        String id = created.path("agent.id");
        String password = created.path("temporaryPassword");
        given().auth().oauth2(token).delete("/collectivities/" + LYON + "/agents/" + id).then().statusCode(204);

        List<Row> rows = JournalRows.of("agent:" + LYON + "/" + id);
        assertEquals(List.of("agent.created", "agent.revoked"), rows.stream().map(Row::action).toList());
        for (Row row : rows) {
            assertEquals("CLIENT", row.actorKind());
            assertEquals(client, row.actorName());
            assertEquals(List.of("partner"), row.actorRoles());
        }
        assertFalse(JournalRows.anywhere(password), "the temporary password is nowhere in the journal");
    }

    @Test
    void aRefusedOrFailedAgentChangeLeavesNoEntry() {
        String id = given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"email\": \"agent-" + UUID.randomUUID() + "@lyon.example\"}")
                .post("/collectivities/" + LYON + "/agents").then().statusCode(201).extract().path("agent.id");
        long before = JournalRows.lastId();
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"email\": \"not an address\"}")
                .post("/collectivities/" + LYON + "/agents").then().statusCode(422);
        given().auth().oauth2(Tokens.partnerClient("partner-elsewhere", List.of(), List.of(RENNES))).contentType("application/json")
                .body("{\"email\": \"someone@lyon.example\"}")
                .post("/collectivities/" + LYON + "/agents").then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).delete("/collectivities/" + RENNES + "/agents/" + id).then().statusCode(404);
        directory.unavailable = true;
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"email\": \"someone@lyon.example\"}")
                .post("/collectivities/" + LYON + "/agents").then().statusCode(503);
        given().auth().oauth2(Tokens.admin()).delete("/collectivities/" + LYON + "/agents/" + id).then().statusCode(503);
        assertEquals(List.of(), JournalRows.after(before).stream().filter(r -> r.action().startsWith("agent.")).toList());
        assertEquals(List.of("agent.created"), JournalRows.of("agent:" + LYON + "/" + id).stream().map(Row::action).toList());
    }
}
