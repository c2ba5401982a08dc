package fr.barometre.reporting.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

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
}
