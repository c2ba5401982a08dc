-- How many times each edition was published: 1 at its first publication, one more at each next one. The
-- version an edition.published webhook event names, so that a receiver tells two publications apart.
alter table publication add column version integer not null default 1;
