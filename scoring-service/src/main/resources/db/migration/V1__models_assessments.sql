-- Scoring models: data, immutable once created ------------------------------------------
create table scoring_model (
    id          varchar(64)  primary key,
    definition  jsonb        not null,
    created_at  timestamptz  not null default now()
);

-- Questionnaires read from survey-service, kept per (campaign, version) ---------------------
create table questionnaire (
    campaign_code varchar(32)  not null,
    version       varchar(64)  not null,
    document      jsonb        not null,
    fetched_at    timestamptz  not null default now(),
    primary key (campaign_code, version)
);

-- Every submission received, by (campaign, SIREN, revision): the input of scoring and rescoring.
create table submission (
    campaign_code varchar(32)  not null,
    siren         varchar(9)   not null,
    revision      integer      not null,
    payload       jsonb        not null,
    received_at   timestamptz  not null default now(),
    primary key (campaign_code, siren, revision)
);

-- Assessments: one per (campaign, SIREN, assessment version); the greatest version is current.
create table assessment (
    id                 bigserial    primary key,
    txid               xid8         not null default pg_current_xact_id(),
    campaign_code      varchar(32)  not null,
    siren              varchar(9)   not null,
    revision           integer      not null,
    assessment_version integer      not null,
    model_id           varchar(64)  not null references scoring_model (id),
    fact               jsonb        not null,   -- the fact sent downstream
    explanation        jsonb        not null,
    created_at         timestamptz  not null default now(),
    unique (campaign_code, siren, assessment_version)
);
create index assessment_current_idx on assessment (campaign_code, siren, assessment_version desc);
create index assessment_feed_idx on assessment (txid, id);

-- The model a campaign is scored under: the default until an admin rescores it under another.
create table campaign_model (
    campaign_code varchar(32)  primary key,
    model_id      varchar(64)  not null references scoring_model (id),
    updated_at    timestamptz  not null default now()
);

-- Rescoring jobs: progress survives restarts -------------------------------------------------
create table rescoring_job (
    id            uuid         primary key,
    campaign_code varchar(32)  not null,
    model_id      varchar(64)  not null references scoring_model (id),
    state         varchar(10)  not null,
    total         integer      not null,
    done          integer      not null default 0,
    cursor_siren  varchar(9),
    error         varchar,
    created_at    timestamptz  not null default now(),
    updated_at    timestamptz  not null default now(),
    finished_at   timestamptz
);

-- Transactional outbox -----------------------------------------------------------------------
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

-- The default model of the barometer.
insert into scoring_model (id, definition) values ('barometre-v1', '{
  "itemWeights": {},
  "themeWeights": {},
  "bands": [
    {"level": 0, "from": 0,    "to": 12.5},
    {"level": 1, "from": 12.5, "to": 37.5},
    {"level": 2, "from": 37.5, "to": 62.5},
    {"level": 3, "from": 62.5, "to": 87.5},
    {"level": 4, "from": 87.5, "to": 100}
  ],
  "engagedLevel": 3
}');
