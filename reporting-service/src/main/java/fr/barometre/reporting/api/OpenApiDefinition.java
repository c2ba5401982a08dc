package fr.barometre.reporting.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

@OpenAPIDefinition(
        info = @Info(title = "Baromètre · reporting-service", version = "1.0.0",
                description = "The barometer's figures: per theme shares, ranks, means and levels, the change since the previous edition, "
                        + "strata and their gaps, answer distributions, each authority against its peers, open-data CSV and publication. "
                        + "Anonymous callers read published editions only; aggregates over fewer than 5 authorities are withheld from them, "
                        + "from partners and from respondents. "
                        + "Errors are application/problem+json (RFC 9457).",
                license = @License(name = "MIT", identifier = "MIT")),
        security = @SecurityRequirement(name = "keycloak"))
@SecurityScheme(securitySchemeName = "keycloak", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "An access token of the Keycloak realm barometre, with audience barometre-api.")
public class OpenApiDefinition extends Application {
}
