-- The W3C trace context (traceparent) of the request that submitted each revision: the feed gives it
-- with the item, so that a submission taken in by scoring-service's catch-up continues its trace.
alter table submission add column traceparent varchar(55);
