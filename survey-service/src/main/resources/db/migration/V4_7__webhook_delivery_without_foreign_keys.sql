-- A delivery no longer references its event and its subscription by foreign keys. Each check of one locked the
-- subscription's row (FOR KEY SHARE) for the rest of the transaction that wrote the delivery: concurrent
-- changes telling of events to the same subscriber all locked the same row, which PostgreSQL records as a shared
-- lock of many transactions (a MultiXact, with its own storage and WAL) on every write. What the keys kept stays
-- kept:
-- - a delivery is written only with its event, in one statement that reads the subscriptions it is for
--   (webhook/WebhookEvents), and events are never deleted;
-- - deleting subscriptions deletes their deliveries (the trigger below, as the cascade did), and a delivery
--   whose subscription was deleted while it was being written is never claimed (webhook/WebhookRepository's
--   claim reads the subscription).
-- The same text in the three services (copies.txt).
alter table webhook_delivery drop constraint webhook_delivery_event_id_fkey;
alter table webhook_delivery drop constraint webhook_delivery_subscription_id_fkey;

create function webhook_subscription_deleted() returns trigger language plpgsql as $$
begin
    delete from webhook_delivery d using gone where d.subscription_id = gone.id;
    return null;
end
$$;
create trigger webhook_subscription_deleted after delete on webhook_subscription
    referencing old table as gone for each statement execute function webhook_subscription_deleted();
