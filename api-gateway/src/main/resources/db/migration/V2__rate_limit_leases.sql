-- How many requests the last acquisition took: a replica leases several at once for high limits
-- (see RateLimiter), and needs to know how many the row could still spare.
alter table rate_limits add column granted integer not null default 1;
