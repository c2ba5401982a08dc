-- The audit journal: every change of this service, written in the transaction of the change (or, for a
-- change made in Keycloak, right after Keycloak confirmed it). Append-only: nothing updates an entry;
-- only the retention purge deletes the oldest. It holds no secret, no token, and no TEXT answer's value.
-- The same text in the three services (copies.txt).
create table audit_entry (
    id            bigint generated always as identity primary key,
    at            timestamptz not null default clock_timestamp(),
    -- USER (a person's token), CLIENT (a client's own token: a partner portal, a service) or SYSTEM.
    actor_kind    text        not null,
    -- The token's subject; null for the system.
    actor_subject text,
    -- The username, the client id, or the service's name for the system.
    actor_name    text        not null,
    actor_roles   text[]      not null default '{}',
    -- For the system: what made it act (a closing date passed, a relay's dead letter...).
    actor_trigger text,
    action        text        not null,
    -- What changed, as "kind:identifier" (response:BAROMETRE-2025/216901231, campaign:BAROMETRE-2025...).
    target        text        not null,
    revision      bigint,
    request_id    text,
    detail        jsonb
);
create index audit_entry_target on audit_entry (target, id);
create index audit_entry_actor on audit_entry (actor_name, id);
create index audit_entry_action on audit_entry (action, id);
create index audit_entry_at on audit_entry (at);

create function audit_entry_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit journal is append-only: entry % cannot be changed', old.id;
end
$$;
create trigger audit_entry_append_only before update on audit_entry
    for each row execute function audit_entry_is_append_only();
