package fr.barometre.survey.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

@OpenAPIDefinition(
        info = @Info(title = "Baromètre · survey-service", version = "1.0.0",
                description = "Registry of local authorities, barometer campaigns and questionnaires, and each authority's response. "
                        + "Errors are application/problem+json (RFC 9457).",
                license = @License(name = "MIT", identifier = "MIT")),
        security = @SecurityRequirement(name = "keycloak"))
@SecurityScheme(securitySchemeName = "keycloak", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "An access token of the Keycloak realm barometre, with audience barometre-api.")
public class OpenApiDefinition extends Application {
}
