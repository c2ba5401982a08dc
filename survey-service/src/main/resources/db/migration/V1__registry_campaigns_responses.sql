-- Registry of authorities ------------------------------------------------------
create table collectivity (
    siren        varchar(9)   primary key,
    insee_code   varchar(5),
    name         varchar(255) not null,
    search_name  varchar(255) not null,   -- name without accents, lower case, for search
    kind         varchar(16)  not null,
    population   integer,
    stratum      varchar(2),              -- derived from population by the application (Stratum)
    departement  varchar(3),
    region       varchar(3),
    networks     text[]       not null default '{}',
    created_at   timestamptz  not null default now(),
    updated_at   timestamptz  not null default now()
);
create index collectivity_kind_idx on collectivity (kind);
create index collectivity_departement_idx on collectivity (departement);
create index collectivity_networks_idx on collectivity using gin (networks);

-- Campaigns ---------------------------------------------------------------------
create table campaign (
    code                  varchar(32)  primary key,
    title                 varchar(255) not null,
    status                varchar(8)   not null,
    closes_at             timestamptz,
    audience_networks     text[]       not null default '{}',
    audience_sirens       text[]       not null default '{}',
    questionnaire         jsonb        not null,
    questionnaire_version varchar(64)  not null,
    created_at            timestamptz  not null default now(),
    opened_at             timestamptz,
    closed_at             timestamptz,
    version               integer      not null default 0
);

-- Responses -----------------------------------------------------------------------
create table response (
    id            bigserial    primary key,
    campaign_code varchar(32)  not null references campaign (code),
    siren         varchar(9)   not null references collectivity (siren),
    status        varchar(10)  not null,
    revision      integer      not null,
    answers       jsonb        not null,
    version       integer      not null default 0,
    submitted_at  timestamptz,
    created_at    timestamptz  not null default now(),
    updated_at    timestamptz  not null default now(),
    unique (campaign_code, siren)
);
create index response_campaign_status_idx on response (campaign_code, status);

-- Every submitted revision, as it was sent downstream; also the catch-up feed.
create table submission (
    id                    bigserial    primary key,
    txid                  xid8         not null default pg_current_xact_id(),
    campaign_code         varchar(32)  not null,
    siren                 varchar(9)   not null,
    revision              integer      not null,
    payload               jsonb        not null,   -- the submission message, TEXT answers left out
    submitted_at          timestamptz  not null,
    unique (campaign_code, siren, revision)
);
create index submission_feed_idx on submission (txid, id);

-- Idempotency keys of submission requests.
create table idempotency_key (
    key           varchar(255) primary key,
    campaign_code varchar(32)  not null,
    siren         varchar(9)   not null,
    status_code   integer      not null,
    body          varchar      not null,
    etag          varchar(64),
    created_at    timestamptz  not null default now()
);

-- Transactional outbox -------------------------------------------------------------
create table outbox_message (
    id              bigserial    primary key,
    message_key     varchar(128) not null,
    destination     varchar(32)  not null,
    payload         jsonb        not null,
    status          varchar(10)  not null default 'PENDING',
    attempts        integer      not null default 0,
    next_attempt_at timestamptz  not null default now(),
    last_error      varchar,
    created_at      timestamptz  not null default now(),
    delivered_at    timestamptz
);
create index outbox_pending_idx on outbox_message (next_attempt_at, id) where status = 'PENDING';
