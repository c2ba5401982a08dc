package fr.barometre.scoring.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.api.RequestIds;
import fr.barometre.scoring.security.Caller;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static fr.barometre.scoring.audit.WritesAtCommit.text;
import static fr.barometre.scoring.audit.WritesAtCommit.texts;

/**
 * The audit journal's writing side: an entry per change, in the transaction of the change (a change rolled
 * back leaves no entry), naming who made it — the caller of the request (a person, or a client acting with
 * its own token), or the system and what made it act — what was done, to what, at which revision or
 * version, and the request's id. An entry's {@code detail} holds no secret, no token and no TEXT answer's
 * value (a TEXT answer is "changed"). Nothing here updates or deletes an entry: the table refuses updates.
 * The entries are written as the transaction commits, with its webhook events ({@link WritesAtCommit}: one round
 * trip for them all).
 */
@ApplicationScoped
public class Journal {

    /** One change of many journaled at once (a batch): what it was done to, its revision, its detail or null. */
    public record Change(String target, Long revision, Map<String, Object> detail) {
    }

    private static final String INSERT = """
            insert into audit_entry (actor_kind, actor_subject, actor_name, actor_roles, actor_trigger,
                                     action, target, revision, request_id, detail)
            select ?, ?, ?, ?::text[], ?, ?, c.target, c.revision, ?, c.detail
            from jsonb_to_recordset(?::jsonb) as c(target text, revision bigint, detail jsonb)
            """;

    private static final String SERVICE_ACCOUNT = "service-account-";

    @Inject
    WritesAtCommit writes;

    @Inject
    ObjectMapper json;

    @Inject
    Instance<Caller> caller;

    @Inject
    Instance<CurrentVertxRequest> request;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    /** A change made by the caller of the current request, in the current transaction (or its own). */
    @Transactional
    public void record(String action, String target, Long revision, Map<String, Object> detail) {
        recordAll(action, List.of(new Change(target, revision, detail)));
    }

    /** Many changes made by the caller of the current request (a batch), in one statement. */
    @Transactional
    public void recordAll(String action, List<Change> changes) {
        Caller who = caller.get();
        boolean client = who.name().startsWith(SERVICE_ACCOUNT);
        write(new Actor(client ? "CLIENT" : "USER", who.subject(), client ? who.clientId() : who.name(),
                who.roles().toArray(String[]::new), null), action, changes);
    }

    /** A change the system made on its own ({@code trigger}: what made it act), in the current transaction (or its own). */
    @Transactional
    public void recordBySystem(String trigger, String action, String target, Long revision, Map<String, Object> detail) {
        recordAllBySystem(trigger, action, List.of(new Change(target, revision, detail)));
    }

    /** Many changes the system made at once, for the same reason (a relay's round), in one statement. */
    @Transactional
    public void recordAllBySystem(String trigger, String action, List<Change> changes) {
        write(new Actor("SYSTEM", null, service, new String[0], trigger), action, changes);
    }

    private record Actor(String kind, String subject, String name, String[] roles, String trigger) {
    }

    private void write(Actor actor, String action, List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        try {
            writes.add(INSERT, text(actor.kind()), text(actor.subject()), text(actor.name()), texts(actor.roles()),
                    text(actor.trigger()), text(action), text(requestId()), text(json.writeValueAsString(rows(changes))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot journal " + action, e);
        }
    }

    private static List<Map<String, Object>> rows(List<Change> changes) {
        List<Map<String, Object>> rows = new ArrayList<>(changes.size());
        for (Change change : changes) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", change.target());
            row.put("revision", change.revision());
            row.put("detail", change.detail());
            rows.add(row);
        }
        return rows;
    }

    /** The current request's id, or null outside a request (a scheduled task). */
    private String requestId() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        CurrentVertxRequest current = request.get();
        return current.getCurrent() == null ? null : current.getCurrent().get(RequestIds.KEY);
    }
}
