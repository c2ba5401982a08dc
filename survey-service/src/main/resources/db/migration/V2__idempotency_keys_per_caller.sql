-- Idempotency keys belong to the caller that chose them: the token's client (azp) and subject (sub).
-- Two callers choosing the same key never collide, and one caller never sees another's keys.
-- Keys recorded before this change have no known caller: they are kept under an empty one, which
-- no token names, so they no longer answer any request.
alter table idempotency_key add column client_id varchar(255) not null default '';
alter table idempotency_key add column subject   varchar(255) not null default '';
alter table idempotency_key alter column client_id drop default;
alter table idempotency_key alter column subject drop default;
alter table idempotency_key drop constraint idempotency_key_pkey;
alter table idempotency_key add constraint idempotency_key_pkey primary key (client_id, subject, key);
