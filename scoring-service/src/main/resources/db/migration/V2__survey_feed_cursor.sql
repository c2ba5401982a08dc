-- How far this service has read survey-service's submission feed (catch-up of missed deliveries).
create table feed_cursor (
    feed       varchar(32)  primary key,
    cursor     varchar(64)  not null,
    updated_at timestamptz  not null default now()
);
