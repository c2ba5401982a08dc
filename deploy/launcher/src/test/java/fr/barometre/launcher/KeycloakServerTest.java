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
    void aRealmWithEveryClientGetsNothing() throws Exception {
        JsonNode realm = realm();
        Set<String> all = new java.util.HashSet<>();
        realm.path("clients").forEach(c -> all.add(c.path("clientId").asText()));
        assertTrue(KeycloakServer.missingClients(realm, all).isEmpty());
    }
}
