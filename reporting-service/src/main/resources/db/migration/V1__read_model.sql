-- The read model: per (source, campaign, SIREN) the current fact. LIVE follows the ingest;
-- PUBLISHED is the frozen copy an admin made of LIVE at publication.
create table fact (
    source                varchar(10)  not null check (source in ('LIVE', 'PUBLISHED')),
    campaign_code         varchar(32)  not null,
    siren                 varchar(9)   not null,
    assessment_version    integer      not null,
    revision              integer      not null,
    model                 varchar(64)  not null,
    questionnaire_version varchar(64)  not null,
    kind                  varchar(16),
    population            integer,
    stratum               varchar(2),
    departement           varchar(3),
    region                varchar(3),
    networks              text[]       not null default '{}',
    index                 numeric,
    payload               jsonb        not null,   -- the whole fact, TEXT answers never kept
    received_at           timestamptz  not null default now(),
    primary key (source, campaign_code, siren)
);
create index fact_stratum_idx on fact (source, campaign_code, stratum);

-- Theme results of each fact: a theme with nothing scored has score and level null.
create table fact_theme (
    source        varchar(10)  not null,
    campaign_code varchar(32)  not null,
    siren         varchar(9)   not null,
    theme         varchar(32)  not null,
    score         numeric,
    level         smallint,
    engaged       boolean      not null,
    primary key (source, campaign_code, siren, theme),
    foreign key (source, campaign_code, siren) references fact on delete cascade
);

-- Answers of each fact, one row per answered value: '0'..'4', 'NSP', 'NA', a choice code (one row
-- per chosen code of a multiple choice), 'true'/'false', or a number (its text, and the number).
create table fact_answer (
    source        varchar(10)  not null,
    campaign_code varchar(32)  not null,
    siren         varchar(9)   not null,
    question      varchar(64)  not null,
    answer        varchar(64)  not null,
    number        numeric,
    primary key (source, campaign_code, siren, question, answer),
    foreign key (source, campaign_code, siren) references fact on delete cascade
);
create index fact_answer_question_idx on fact_answer (source, campaign_code, question);

-- Bumped in the same transaction as every change of a campaign's LIVE facts and at publication:
-- the key of every replica's cache of that campaign's figures.
create table campaign_version (
    campaign_code varchar(32)  primary key,
    version       bigint       not null
);

create table publication (
    campaign_code varchar(32)  primary key,
    published_at  timestamptz  not null,
    published_by  varchar(255) not null,
    authorities   integer      not null
);

-- Where the catch-up stands in an upstream feed.
create table feed_cursor (
    feed       varchar(32)  primary key,
    cursor     varchar(64)  not null,
    updated_at timestamptz  not null default now()
);

-- Questionnaires read from survey-service, kept per (campaign, version).
create table questionnaire (
    campaign_code varchar(32)  not null,
    version       varchar(64)  not null,
    document      jsonb        not null,
    fetched_at    timestamptz  not null default now(),
    primary key (campaign_code, version)
);
