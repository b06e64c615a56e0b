-- The scheduled jobs and the mail outbox's side for the mailer.
--
-- The jobs end agreements on their end date and send reminders before it, start planned
-- placements and anonymise participants after the retention period (R10), and open and close
-- prize rounds on their dates (R8). Each job is an api.run_* function in its own area's file.
--
-- Read last, after 60_insight.sql, because it schedules functions of the earlier files.
--
------------------------------------------------------------------------------------------
-- Schedules: pg_cron (enable the extension on a hosted project; the local stack provides a
-- stand-in). Times are UTC, as pg_cron's.
------------------------------------------------------------------------------------------
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron') then
    create extension if not exists pg_cron;
  end if;
end
$$;

select cron.schedule('agreement-lifecycle', '15 5 * * *', 'select api.run_agreement_lifecycle()');

select cron.schedule('placement-lifecycle', '20 5 * * *', 'select api.run_placement_lifecycle()');

select cron.schedule('prize-lifecycle', '*/5 * * * *', 'select api.run_prize_lifecycle()');

------------------------------------------------------------------------------------------
-- Outbox
------------------------------------------------------------------------------------------
-- The mailer's side of the outbox (service role only): take a batch of unsent messages and
-- report how each went. A message is retried at most 5 times, a minute apart at least.
create function api.take_outbox(batch_size int default 20) returns jsonb
language sql
set search_path = ''
as $$
  with taken as (
    update app.outbox o set attempts = o.attempts + 1
     where o.id in (select id from app.outbox
                     where sent_at is null and attempts < 5
                       and (attempts = 0 or last_attempt_at < now() - interval '1 minute')
                     order by id limit batch_size for update skip locked)
    returning o.*)
  select coalesce(jsonb_agg(jsonb_build_object('id', id, 'recipient', recipient, 'template', template, 'locale', locale,
                                               'payload', payload) order by id), '[]')
  from taken
$$;
grant execute on function api.take_outbox(int) to service_role;

create function api.report_outbox(message_id bigint, error text default null) returns void
language sql
set search_path = ''
as $$
  update app.outbox
     set sent_at = case when error is null then now() end, last_error = error, last_attempt_at = now()
   where id = message_id
$$;
grant execute on function api.report_outbox(bigint, text) to service_role;
