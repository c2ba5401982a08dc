-- Webhooks (Standard Webhooks): the subscriptions of partners and integrations, the events this service
-- tells of, and one delivery per event and subscription. An event and its deliveries are written in the
-- transaction of the change they tell of (a rolled-back change leaves neither), and only when an active
-- subscription wants the event's type. The same text in the three services (copies.txt).
create table webhook_subscription (
    id              uuid primary key default gen_random_uuid(),
    client_id       text        not null,
    url             text        not null,
    events          text[]      not null,
    -- The signing secret ("whsec_" + base64 of 32 random bytes): needed to sign, shown once at creation.
    secret          text        not null,
    created_at      timestamptz not null default now(),
    created_by      text        not null,
    -- Since when every delivery to it has failed (null once one succeeds); disabled after three days of it.
    failing_since   timestamptz,
    disabled_at     timestamptz,
    disabled_reason text
);
create index webhook_subscription_client on webhook_subscription (client_id, created_at);

create table webhook_event (
    -- The webhook-id header: the same for every attempt and every subscriber, so receivers deduplicate.
    id         uuid primary key default gen_random_uuid(),
    type       text        not null,
    campaign   text,
    siren      text,
    -- The authority's networks when the event was written: a partner's scope is checked against them.
    networks   text[]      not null default '{}',
    -- The body sent: {"type", "timestamp", "data": {campaign, siren, revision or version, path}}.
    payload    jsonb       not null,
    created_at timestamptz not null default now()
);

create table webhook_delivery (
    id               uuid primary key default gen_random_uuid(),
    event_id         uuid        not null references webhook_event (id) on delete cascade,
    subscription_id  uuid        not null references webhook_subscription (id) on delete cascade,
    -- PENDING (due at next_attempt_at), DELIVERED, OUT_OF_SCOPE (the authority left the partner's scope
    -- before delivery), FAILED (its subscription was disabled while it was pending).
    status           text        not null default 'PENDING',
    attempts         integer     not null default 0,
    last_status_code integer,
    last_error       text,
    next_attempt_at  timestamptz not null default now(),
    delivered_at     timestamptz,
    created_at       timestamptz not null default now(),
    unique (event_id, subscription_id)
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'PENDING';
create index webhook_delivery_subscription on webhook_delivery (subscription_id, created_at);
