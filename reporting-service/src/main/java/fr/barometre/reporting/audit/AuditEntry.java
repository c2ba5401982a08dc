package fr.barometre.reporting.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** One entry of the audit journal, as it is read. */
@Schema(name = "AuditEntry", description = "One change: when, by whom, what was done to what, at which revision, in which request.")
public record AuditEntry(
        @Schema(description = "Increasing in the order the changes happened", example = "42") long id,
        Instant at,
        Actor actor,
        @Schema(example = "response.submitted") String action,
        @Schema(description = "What changed, as kind:identifier", example = "response:BAROMETRE-2025/216901231") String target,
        @Schema(description = "The revision or version the change made, when the target has one", example = "2") Long revision,
        @Schema(description = "The X-Request-Id of the request that made the change; none for the system's own") String requestId,
        @Schema(description = "What else the change is about (the questions whose answer changed, counts...); never a value of an answer, a secret or a token") JsonNode detail) {

    /** Who made the change. */
    @Schema(name = "AuditActor")
    public record Actor(
            @Schema(enumeration = {"USER", "CLIENT", "SYSTEM"}) String kind,
            @Schema(description = "The token's subject; none for the system") String subject,
            @Schema(description = "The username, the client id, or the service's name for the system", example = "admin") String name,
            List<String> roles,
            @Schema(description = "For the system: what made it act", example = "closing date passed") String trigger) {
    }
}
