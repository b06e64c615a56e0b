-- The scheduled jobs and the mail outbox's side for the mailer.
--
-- The jobs end agreements on their end date and send reminders before it, start planned
-- placements and anonymise participants after the retention period (R10), and open and close
-- prize rounds on their dates (R8), and send the session reminders and the weekly summary of
-- unlogged attendance (35_reminders.sql). Each job is an api.run_* function in its own area's file.
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

-- In the afternoon, Oslo time, so that the day-before reminder comes while there is time to plan.
select cron.schedule('session-reminders', '0 15 * * *', 'select api.run_session_reminders()');

-- Monday morning, Oslo time.
select cron.schedule('attendance-summary', '0 6 * * 1', 'select api.run_attendance_summary()');

select cron.schedule('prize-lifecycle', '*/5 * * * *', 'select api.run_prize_lifecycle()');

-- Windows that ended are of no use; a key seen again starts a new one in place anyway.
select cron.schedule('rate-limit-sweep', '7 * * * *', 'delete from app.rate_limit_windows where ends_at < now()');

------------------------------------------------------------------------------------------
-- Outbox
------------------------------------------------------------------------------------------
-- The mailer's side of the outbox (service role only): take a batch of due messages and
-- report how each went. A message that could not be delivered stays, with its error, and is
-- tried again later, further apart each time (1, 2, 4 … minutes, at most 6 hours apart), for
-- as long as it takes. A taken message is held for 10 minutes, so that a mailer that dies
-- mid-batch does not lose it and two app servers do not send it twice.
create function api.take_outbox(batch_size int default 20) returns jsonb
language sql
set search_path = ''
as $$
  with taken as (
    update app.outbox o
       set attempts = o.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + interval '10 minutes'
     where o.id in (select id from app.outbox
                     where sent_at is null and coalesce(next_attempt_at, created_at) <= now()
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
     set sent_at = case when error is null then now() end,
         last_error = left(error, 1000),
         last_attempt_at = now(),
         next_attempt_at = case when error is not null
                                then now() + least(interval '1 minute' * power(2, least(attempts, 20) - 1),
                                                   interval '6 hours') end
   where id = message_id
$$;
grant execute on function api.report_outbox(bigint, text) to service_role;

-- The addresses a municipality's admins may see undelivered mail to: its own staff and
-- jurors-to-be, the people of organisations that partner with it, and the nominators in its
-- prize rounds. Definer: it reads memberships and invitations across the RLS walls, and is
-- called only by the api functions below after they checked the caller is such an admin.
create function app.mail_recipients_of(municipality uuid) returns setof text
language sql stable security definer
set search_path = ''
as $$
  select p.email from app.staff s join app.profiles p on p.user_id = s.user_id where s.municipality_id = municipality
  union
  select p.email from app.partnerships pa
    join app.memberships m on m.organisation_id = pa.organisation_id
    join app.profiles p on p.user_id = m.user_id
   where pa.municipality_id = municipality
  union
  select i.email from app.invitations i
   where i.accepted_at is null
     and (i.municipality_id = municipality
          or i.organisation_id in (select organisation_id from app.partnerships where municipality_id = municipality)
          or i.prize_round_id in (select id from app.prize_rounds where municipality_id = municipality))
  union
  select n.nominator_email from app.nominations n
   where n.round_id in (select id from app.prize_rounds where municipality_id = municipality)
$$;

-- Outgoing e-mail that has not been delivered yet, for the municipality's admins: who it is
-- for, what kind, how many attempts and the last error. Not the content: links in it (an
-- invitation's token) are for the recipient only. Definer, because the outbox is the
-- mailer's alone (no policy lets a person read it); the caller is checked first.
create function api.undelivered_mail(municipality_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id, 'admin');
  return jsonb_build_object(
    'municipality', app.municipality_ref(undelivered_mail.municipality_id),
    'messages', (select coalesce(jsonb_agg(jsonb_build_object(
                   'id', o.id, 'created_at', o.created_at, 'recipient', o.recipient, 'template', o.template,
                   'attempts', o.attempts, 'last_attempt_at', o.last_attempt_at, 'last_error', o.last_error,
                   'next_attempt_at', coalesce(o.next_attempt_at, o.created_at)) order by o.id desc), '[]')
                 from (select * from app.outbox o
                        where o.sent_at is null
                          and o.recipient in (select app.mail_recipients_of(undelivered_mail.municipality_id))
                        order by o.id desc limit 200) o));
end
$$;
grant execute on function api.undelivered_mail(uuid) to authenticated;

-- "Try again now": makes one undelivered message (or all the admin may see) due at once.
-- Returns how many; the app then wakes its mailer.
create function api.retry_mail(municipality_id uuid, message_id bigint default null) returns int
language plpgsql security definer
set search_path = ''
as $$
declare
  due int;
begin
  perform app.require_staff(municipality_id, 'admin');
  update app.outbox o set next_attempt_at = now()
   where o.sent_at is null
     and (retry_mail.message_id is null or o.id = retry_mail.message_id)
     and o.recipient in (select app.mail_recipients_of(retry_mail.municipality_id));
  get diagnostics due = row_count;
  if retry_mail.message_id is not null and due = 0 then
    perform app.not_found();
  end if;
  return due;
end
$$;
grant execute on function api.retry_mail(uuid, bigint) to authenticated;
