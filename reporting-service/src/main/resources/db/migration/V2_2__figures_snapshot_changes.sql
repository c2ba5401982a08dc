-- The figures are computed from an in-memory snapshot of each edition's facts (figures/Snapshot),
-- refreshed by reading only the LIVE facts changed since the PostgreSQL snapshot it was built at.
-- Each LIVE fact row carries the transaction that last wrote it: a replica reads the rows whose
-- transaction was not yet visible in its snapshot, which is right whatever order transactions
-- commit in (a sequence or a timestamp is not: a row numbered lower may commit later).
alter table fact add column changed_xid xid8;

create function fact_changed_xid() returns trigger language plpgsql as $$
begin
    new.changed_xid := pg_current_xact_id();
    return new;
end $$;

create trigger fact_changed_xid before insert or update on fact
    for each row when (new.source = 'LIVE') execute function fact_changed_xid();

create index fact_changed_idx on fact (source, campaign_code, changed_xid);

-- Each publication carries its transaction too: the published snapshot in memory is the one of
-- that publication, even when two publications share an instant.
alter table publication add column published_xid xid8;

create function publication_xid() returns trigger language plpgsql as $$
begin
    new.published_xid := pg_current_xact_id();
    return new;
end $$;

create trigger publication_xid before insert or update on publication
    for each row execute function publication_xid();
