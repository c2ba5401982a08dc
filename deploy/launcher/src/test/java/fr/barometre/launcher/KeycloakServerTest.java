package fr.barometre.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeycloakServerTest {

    private static JsonNode realm() throws Exception {
        return Http.JSON.readTree(Path.of("../keycloak/barometre-realm.json").toFile());
    }

    private static List<String> ids(List<JsonNode> clients) {
        return clients.stream().map(c -> c.path("clientId").asText()).toList();
    }

    @Test
    void aRealmImportedBeforeTheWebClientGetsItAndOnlyIt() throws Exception {
        JsonNode realm = realm();
        Set<String> before = new java.util.HashSet<>();
        realm.path("clients").forEach(c -> before.add(c.path("clientId").asText()));
        before.remove("barometre-web");
        List<JsonNode> missing = KeycloakServer.missingClients(realm, before);
        assertEquals(List.of("barometre-web"), ids(missing));
        JsonNode web = missing.get(0);
        assertEquals("S256", web.path("attributes").path("pkce.code.challenge.method").asText(), "added as the file defines it");
        assertEquals("barometre-web-local-secret", web.path("secret").asText());
    }

    @Test
    void aRealmImportedBeforeTheScopeReadingRoleGetsItAndTheAccountsOfScoringAndReportingTheirGrant() throws Exception {
        JsonNode realm = realm();
        Set<String> before = new java.util.HashSet<>();
        realm.path("roles").path("realm").forEach(r -> before.add(r.path("name").asText()));
        before.remove("partner-scope-read");
        assertEquals(List.of("partner-scope-read"),
                KeycloakServer.missingRoles(realm, before).stream().map(r -> r.path("name").asText()).toList());
        assertTrue(KeycloakServer.missingRoles(realm, with(before, "partner-scope-read")).isEmpty());

        for (String client : List.of("scoring-service", "reporting-service")) {
            JsonNode account = serviceAccount(realm, client);
            Set<String> granted = new java.util.HashSet<>();
            account.path("realmRoles").forEach(r -> granted.add(r.asText()));
            granted.remove("partner-scope-read");
            assertEquals(List.of("partner-scope-read"), KeycloakServer.missingGrants(account, granted), client);
            assertEquals(List.of(), KeycloakServer.missingGrants(account, with(granted, "partner-scope-read")), client);
        }
        assertEquals(List.of(), KeycloakServer.missingGrants(serviceAccount(realm, "survey-service"), Set.of("scoring-ingest")),
                "survey-service reads no partner scope from itself");
    }

    private static Set<String> with(Set<String> names, String name) {
        Set<String> more = new java.util.HashSet<>(names);
        more.add(name);
        return more;
    }

    private static JsonNode serviceAccount(JsonNode realm, String client) {
        for (JsonNode user : realm.path("users")) {
            if (client.equals(user.path("serviceAccountClientId").asText())) {
                return user;
            }
        }
        throw new AssertionError("no service account of " + client);
    }

    @Test
    void aRealmWithEveryClientGetsNothing() throws Exception {
        JsonNode realm = realm();
        Set<String> all = new java.util.HashSet<>();
        realm.path("clients").forEach(c -> all.add(c.path("clientId").asText()));
        assertTrue(KeycloakServer.missingClients(realm, all).isEmpty());
    }
}
