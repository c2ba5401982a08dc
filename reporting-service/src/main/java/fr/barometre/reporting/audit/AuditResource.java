package fr.barometre.reporting.audit;

import fr.barometre.reporting.api.Page;
import fr.barometre.reporting.api.Paging;
import fr.barometre.reporting.problem.FieldError;
import fr.barometre.reporting.problem.ProblemException;
import fr.barometre.reporting.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The audit journal, read by admins: nothing here (nor anywhere) changes or deletes an entry. */
@Path("/audit")
@Tag(name = "Audit", description = "The journal of every change this service made, for admins")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AuditResource {

    @Inject
    AuditEntries entries;

    @GET
    @Operation(summary = "Read the audit journal",
            description = "The entries in the order the changes happened, filtered by what changed (target), who changed it (actor: a username, a client id or the service's name), the action and a period.")
    @APIResponse(responseCode = "200", description = "One page of entries, oldest first")
    public Page<AuditEntry> list(@Parameter(description = "What changed, exactly", example = "response:BAROMETRE-2025/216901231") @QueryParam("target") String target,
                                 @Parameter(description = "Who changed it: a username, a client id or the service's name", example = "admin") @QueryParam("actor") String actor,
                                 @Parameter(description = "The action", example = "response.submitted") @QueryParam("action") String action,
                                 @Parameter(description = "From this instant on (ISO-8601; a date alone is its midnight UTC)", example = "2026-01-01T00:00:00Z") @QueryParam("since") String since,
                                 @Parameter(description = "Before this instant (ISO-8601; a date alone is its midnight UTC)", example = "2026-02-01") @QueryParam("until") String until,
                                 @QueryParam("page") @DefaultValue("0") int page,
                                 @QueryParam("size") @DefaultValue("20") int size) {
        Paging.check(page, size);
        List<FieldError> errors = new ArrayList<>();
        Instant from = instant(since, "since", errors);
        Instant to = instant(until, "until", errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(FieldError.ofField("until", "must be after since"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid period", errors);
        }
        return entries.find(new AuditEntries.Filter(blankless(target), blankless(actor), blankless(action), from, to), page, size);
    }

    private static Instant instant(String value, String parameter, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException notADateTime) {
            try {
                return LocalDate.parse(value.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                errors.add(FieldError.ofField(parameter, "must be an ISO-8601 date-time with its offset (2026-01-31T08:00:00Z) or a date (2026-01-31)"));
                return null;
            }
        }
    }

    private static String blankless(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
