package fr.barometre.launcher;

import java.io.IOException;
import java.util.Map;

/** Access tokens from the realm barometre: password grant for users, client credentials for clients. */
public final class Tokens {

    /** The public client of the realm, with direct access grants (local use only). */
    public static final String PUBLIC_CLIENT = "barometre-app";

    private final Http http;
    private final String tokenUrl;

    public Tokens(Http http, String keycloakUrl) {
        this.http = http;
        this.tokenUrl = keycloakUrl + "/realms/" + KeycloakServer.REALM + "/protocol/openid-connect/token";
    }

    /** A user's access token (password grant through {@link #PUBLIC_CLIENT}). */
    public String password(String username, String password) throws IOException {
        return http.postForm(tokenUrl, Map.of("grant_type", "password", "client_id", PUBLIC_CLIENT,
                        "username", username, "password", password))
                .expectOk("Token for " + username).json().get("access_token").asText();
    }

    /** A confidential client's access token (client credentials). */
    public String clientCredentials(String clientId, String secret) throws IOException {
        return http.postForm(tokenUrl, Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret))
                .expectOk("Token for " + clientId).json().get("access_token").asText();
    }
}
