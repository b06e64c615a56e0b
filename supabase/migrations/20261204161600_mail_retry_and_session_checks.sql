-- Issue 16, points 1 and 2: mail that is never lost, and sessions that end (R14).

------------------------------------------------------------------------------------------
-- The outbox: a message that could not be delivered stays, with its error, and is tried
-- again later, further apart each time (1, 2, 4 … minutes, at most 6 hours apart), for as
-- long as it takes. A mailer that takes a message holds it for 10 minutes, so that a mailer
-- that dies mid-batch does not lose it and two app servers do not send it twice.
------------------------------------------------------------------------------------------
alter table app.outbox add column next_attempt_at timestamptz;
create index outbox_due_idx on app.outbox (coalesce(next_attempt_at, created_at)) where sent_at is null;

create or replace function api.take_outbox(batch_size int default 20) returns jsonb
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

create or replace function api.report_outbox(message_id bigint, error text default null) returns void
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
revoke execute on function app.mail_recipients_of(uuid) from public;

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

------------------------------------------------------------------------------------------
-- R14: a session ends when its owner signs out, after a time without activity and after a
-- maximum length, and a copied access token stops working at once, not when it expires.
--
-- Supabase Auth (GoTrue) keeps auth.sessions and puts the row's id in every access token as
-- `session_id`; signing out deletes the row, and [auth.sessions] in config.toml makes it
-- refuse to refresh a session that is too old or idle. PostgREST calls the function named by
-- `pgrst.db_pre_request` first in every request's transaction, as the request's role; this
-- one refuses a token whose session is gone or past those limits with SQLSTATE PT401, which
-- PostgREST answers as HTTP 401. Storage does not call it, so a restrictive policy on
-- storage.objects asks the same question.
------------------------------------------------------------------------------------------

-- The limits as GoTrue applies them ([auth.sessions] in supabase/config.toml; a test checks
-- that the two agree). Zero means no limit, as in GoTrue.
create table app.session_limits (
  only_row boolean primary key default true check (only_row),
  timebox interval not null check (timebox >= interval '0'),
  inactivity_timeout interval not null check (inactivity_timeout >= interval '0')
);
insert into app.session_limits (timebox, inactivity_timeout) values (interval '12 hours', interval '30 minutes');
alter table app.session_limits enable row level security;
alter table app.session_limits force row level security;

-- Why the request's session no longer counts ('signed_out', 'timebox', 'inactivity'), or
-- null when it does or the token has no session (the anon and service keys). Idle time is
-- counted from the last refresh, as GoTrue's Session.LastRefreshedAt counts it; refreshed_at
-- is a timestamp in UTC. Definer: auth.sessions is Auth's, closed to the API roles.
create function app.session_problem() returns text
language plpgsql stable security definer
set search_path = ''
as $$
declare
  session_id uuid := nullif(nullif(auth.jwt() ->> 'session_id', ''), '00000000-0000-0000-0000-000000000000')::uuid;
  session record;
  limits record;
begin
  if session_id is null then
    return null;
  end if;
  select s.created_at, s.not_after, coalesce(s.refreshed_at at time zone 'utc', s.created_at) as refreshed_at
    into session from auth.sessions s where s.id = session_id;
  if not found then
    return 'signed_out';
  end if;
  select l.timebox, l.inactivity_timeout into limits from app.session_limits l;
  if session.not_after is not null and now() > session.not_after
     or limits.timebox > interval '0' and now() > session.created_at + limits.timebox then
    return 'timebox';
  end if;
  if limits.inactivity_timeout > interval '0' and now() > session.refreshed_at + limits.inactivity_timeout then
    return 'inactivity';
  end if;
  return null;
end
$$;

create function app.check_session() returns void
language plpgsql stable security definer
set search_path = ''
as $$
declare
  problem text := app.session_problem();
begin
  if problem is not null then
    raise sqlstate 'PT401' using
      message = case problem when 'signed_out' then 'Session from session_id claim in JWT does not exist'
                             else 'Session has expired' end,
      detail = problem;
  end if;
end
$$;

revoke execute on function app.session_problem(), app.check_session() from public;
grant execute on function app.session_problem(), app.check_session() to anon, authenticated, service_role;

-- PostgREST reads its in-database settings from the authenticator role (db-config) and
-- reloads them on this notification; the local stack reads the same setting.
alter role authenticator set pgrst.db_pre_request = 'app.check_session';
notify pgrst, 'reload config';

-- Restrictive: ANDed with every permissive policy on the bucket objects. In a sub-select so
-- that it runs once per statement, not once per row.
create policy "Only a live session reaches files" on storage.objects as restrictive to authenticated
  using ((select app.session_problem()) is null)
  with check ((select app.session_problem()) is null);
