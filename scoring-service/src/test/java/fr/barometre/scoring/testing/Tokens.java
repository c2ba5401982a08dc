package fr.barometre.scoring.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Signed access tokens for the tests, verified by the service exactly as Keycloak's are: signed
 * with the WireMock OIDC server's key, issuer and audience as configured.
 */
public final class Tokens {

    public static final String ISSUER = "https://server.example.com";
    public static final String AUDIENCE = "barometre-api";

    private Tokens() {
    }

    public static JwtClaimsBuilder claims(String user, String... roles) {
        return Jwt.claims()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(user)
                .preferredUserName(user)
                .claim("realm_access", Map.of("roles", List.of(roles)));
    }

    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId("1").sign("privateKey.jwk");
    }

    public static String admin() {
        return sign(claims("admin", "admin"));
    }

    public static String analyst() {
        return sign(claims("analyst", "analyst"));
    }

    public static String respondent(String siren) {
        return sign(claims("agent-" + siren, "respondent").claim("collectivity", siren));
    }

    public static String partner(List<String> networks, List<String> sirens) {
        return sign(claims("service-account-partner", "partner")
                .claim("partner_scope", Map.of("networks", networks, "sirens", sirens)));
    }

    public static String feed() {
        return sign(claims("service-account-scoring-service", "survey-feed"));
    }

    public static String withRoles(String... roles) {
        return sign(claims("someone", roles));
    }

    /** The public client of the realm through which people sign in. */
    public static final String APP_CLIENT = "barometre-app";

    /** A token as Keycloak issues it to a client: its {@code azp} claim names the client. */
    public static String issuedTo(String clientId, JwtClaimsBuilder claims) {
        return sign(claims.claim("azp", clientId));
    }

    /** A respondent signed in through the realm's app, as Keycloak issues it: subject and client named. */
    public static String agent(String user, String siren) {
        return issuedTo(APP_CLIENT, claims(user, "respondent").claim("collectivity", siren));
    }

    /** A partner client's own token (client credentials): its service account, its client, its scope. */
    public static String partnerClient(String clientId, List<String> networks, List<String> sirens) {
        return issuedTo(clientId, claims("service-account-" + clientId, "partner")
                .claim("partner_scope", Map.of("networks", networks, "sirens", sirens)));
    }

    /** A service's client-credentials token, with the realm roles of its service account. */
    public static String serviceClient(String clientId, String... roles) {
        return issuedTo(clientId, claims("service-account-" + clientId, roles));
    }

    /** A token whose lifetime ended an hour ago. */
    public static String expired(JwtClaimsBuilder claims) {
        return sign(claims.issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600)));
    }

    /** A token signed with a key of its own rather than the realm's, under the realm key's id. */
    public static String signedWithAnotherKey(JwtClaimsBuilder claims) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return claims.jws().keyId("1").sign(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
