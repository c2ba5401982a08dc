-- The W3C trace context (traceparent) current when each assessment was made: the feed gives it with
-- the fact, so that a fact taken in by reporting-service's catch-up continues the submission's trace.
alter table assessment add column traceparent varchar(55);
