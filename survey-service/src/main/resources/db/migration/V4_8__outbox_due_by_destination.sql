-- A relay claims a round of its destination's due messages (outbox/OutboxRepository.CLAIM). The index of pending
-- messages was kept by due time alone while claims were ordered by id: PostgreSQL either read every due message
-- through it and sorted them all to keep a round's 500 (a claim cost as much as the backlog: 0.47 s a claim, a
-- third of the database's time during a national edition's batches), or read the primary key in id order
-- through every message delivered before the first pending one. Claims now take the due messages in the order
-- they fell due (then of writing: a new message falls due when written), which is this index's order: a claim
-- reads the rows it claims and stops at its round's size, whatever was delivered before or waits behind.
-- The same text in survey- and scoring-service (copies.txt).
create index outbox_due_by_destination on outbox_message (destination, next_attempt_at, id) where status = 'PENDING';
drop index outbox_pending_idx;
