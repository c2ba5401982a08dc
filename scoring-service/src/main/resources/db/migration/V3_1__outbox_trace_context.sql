-- The W3C trace context (traceparent) of the request that wrote each outbox message: the relay
-- delivers within that trace, so that the receiver's spans continue it.
alter table outbox_message add column traceparent varchar(55);
