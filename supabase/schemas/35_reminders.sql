-- Reminders about sessions and attendance, and the facilitator's calendar feed.
--
-- Three reminders go by e-mail: the day before a session with placed participants, to the
-- activity's facilitators; two days after a session nobody logged, to the same people; and
-- once a week, to each organisation's admins, the sessions of the last two weeks nobody
-- logged. Each person turns each kind off on the page /varsler, or with the link in the
-- e-mail itself (RFC 8058 one-click). A reminder names the activity, the place, the time and
-- how many are expected, never a participant (R7): the e-mail leaves the portal's walls.
--
-- The calendar feed is a private address per facilitator, /kalender/<token>, that calendar
-- apps poll: their sessions for the coming eight weeks, with the same facts as the reminders
-- and never a participant (R7). Only the token's hash is stored; renewing it ends the old one.
--
-- Read after 30_placements.sql (sessions, placements, namings); 70_jobs.sql schedules the jobs.

------------------------------------------------------------------------------------------
-- Types and tables
------------------------------------------------------------------------------------------
create type app.reminder_kind as enum ('session_ahead', 'attendance_missing', 'attendance_summary');

-- The reminders a person has turned off. No row: the reminder is on.
create table app.reminder_opt_outs (
  user_id uuid not null references auth.users (id) on delete cascade,
  kind app.reminder_kind not null,
  opted_out_at timestamptz not null default now(),
  primary key (user_id, kind)
);
grant select, insert, delete on app.reminder_opt_outs to authenticated;

-- The one-click links in sent reminders: each e-mail gets its own token, and only its hash is
-- kept. Read and written only by the definer functions below (no policies).
create table app.reminder_links (
  token_hash text primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  kind app.reminder_kind not null,
  created_at timestamptz not null default now()
);

create index reminder_links_created_idx on app.reminder_links (created_at);

-- Which reminder went to whom about what (a session, or an organisation's week), so that a
-- job run twice sends each once. Written only by the jobs (no policies).
create table app.reminders_sent (
  kind app.reminder_kind not null,
  subject text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  sent_on date not null,
  primary key (kind, subject, user_id)
);

create index reminders_sent_on_idx on app.reminders_sent (sent_on);

-- A facilitator's calendar feed: the hash of the token in its address, and the language its
-- events are written in.
create table app.calendar_feeds (
  user_id uuid primary key references auth.users (id) on delete cascade,
  token_hash text not null unique,
  locale text not null default 'nb' check (locale in ('nb', 'en')),
  created_at timestamptz not null default now()
);
grant select, insert, update on app.calendar_feeds to authenticated;

------------------------------------------------------------------------------------------
-- Helpers
------------------------------------------------------------------------------------------
-- How many participants a session expects: the placements whose period covers its date,
-- less those the caseworker marked as planned absent that day. A count, never who (R7).
create function app.expected_participants(activity uuid, on_date date) returns int
language sql stable security definer
set search_path = ''
as $$
  select count(*)::int
  from app.placements p
  where p.activity_id = activity and on_date between p.starts_on and coalesce(p.ended_on, p.ends_on)
    and not exists (select 1 from app.planned_absences ab where ab.placement_id = p.id and ab.on_date = expected_participants.on_date)
$$;
grant execute on function app.expected_participants(uuid, date) to service_role;

-- The people who facilitate an activity now: named for it under an active agreement, with
-- the role accepted and the naming not ended, and still facilitator members of its club (R7).
create function app.activity_facilitators(activity uuid) returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select distinct n.facilitator_id
  from app.facilitator_namings n
  join app.agreements ag on ag.id = n.agreement_id and ag.status = 'active'
  join app.activities a on a.id = n.activity_id
  join app.memberships m on m.organisation_id = a.organisation_id and m.user_id = n.facilitator_id
                        and m.role = 'facilitator'
  where n.activity_id = activity and n.accepted_at is not null and n.ended_at is null
$$;
grant execute on function app.activity_facilitators(uuid) to service_role;

-- Queues one reminder for one person, unless they turned its kind off or it was sent already
-- (`subject` says about what). The e-mail carries a fresh one-click token of its own. Returns
-- 1 when queued, 0 when not. Definer: no app role writes the outbox or the links.
create function app.send_reminder(recipient uuid, kind app.reminder_kind, subject text, today date, payload jsonb)
returns int
language plpgsql security definer
set search_path = ''
as $$
declare
  token text;
begin
  if exists (select 1 from app.reminder_opt_outs o where o.user_id = recipient and o.kind = send_reminder.kind) then
    return 0;
  end if;
  insert into app.reminders_sent (kind, subject, user_id, sent_on) values (kind, subject, recipient, today)
  on conflict do nothing;
  if not found then
    return 0;
  end if;
  token := app.new_token();
  insert into app.reminder_links (token_hash, user_id, kind) values (app.token_hash(token), recipient, kind);
  insert into app.outbox (recipient, template, payload)
  select p.email, kind::text, payload || jsonb_build_object('unsubscribe_token', token)
  from app.profiles p where p.user_id = recipient;
  return 1;
end
$$;
grant execute on function app.send_reminder(uuid, app.reminder_kind, text, date, jsonb) to service_role;

-- What a reminder and a calendar event say about a session: the activity, its club, the place,
-- the date and times and how many are expected (R7: no participant).
create function app.session_facts(session app.sessions) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'session_id', session.id, 'activity', a.title, 'organisation', o.name, 'place', a.place,
    'on_date', session.on_date, 'starts_at', to_char(session.starts_at, 'HH24:MI'),
    'ends_at', to_char(session.ends_at, 'HH24:MI'),
    'expected', app.expected_participants(session.activity_id, session.on_date))
  from app.activities a join app.organisations o on o.id = a.organisation_id
  where a.id = session.activity_id
$$;
grant execute on function app.session_facts(app.sessions) to service_role;

-- Sessions of the activity on the given days that expected participants and have no mark at
-- all: nobody logged them.
create function app.unlogged_sessions(from_date date, to_date date) returns setof app.sessions
language sql stable security definer
set search_path = ''
as $$
  select s.*
  from app.sessions s
  where s.on_date between from_date and to_date and not s.cancelled
    and app.expected_participants(s.activity_id, s.on_date) > 0
    and not exists (select 1 from app.attendance at where at.session_id = s.id)
$$;
grant execute on function app.unlogged_sessions(date, date) to service_role;

------------------------------------------------------------------------------------------
-- Policies
------------------------------------------------------------------------------------------
create policy "People read their own reminder choices" on app.reminder_opt_outs
  for select to authenticated using (user_id = (select auth.uid()));

create policy "People turn their own reminders off" on app.reminder_opt_outs
  for insert to authenticated with check (user_id = (select auth.uid()));

create policy "People turn their own reminders on" on app.reminder_opt_outs
  for delete to authenticated using (user_id = (select auth.uid()));

create policy "Facilitators read their own calendar feed" on app.calendar_feeds
  for select to authenticated using (user_id = (select auth.uid()));

create policy "Facilitators make their own calendar feed" on app.calendar_feeds
  for insert to authenticated with check (user_id = (select auth.uid()));

create policy "Facilitators renew their own calendar feed" on app.calendar_feeds
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

------------------------------------------------------------------------------------------
-- API: the reminders and calendar page (anyone signed in)
------------------------------------------------------------------------------------------
-- The page /varsler: which reminders are on, which of them apply to the caller's roles, and
-- when their calendar address was made (the address itself is shown once, when made).
create function api.my_reminders() returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
begin
  return jsonb_build_object(
    'off', array(select o.kind from app.reminder_opt_outs o where o.user_id = caller order by o.kind),
    'facilitates', exists (select 1 from app.memberships m where m.user_id = caller and m.role = 'facilitator'),
    'administers', exists (select 1 from app.memberships m where m.user_id = caller and m.role = 'admin'),
    'calendar_since', (select f.created_at from app.calendar_feeds f where f.user_id = caller));
end
$$;
grant execute on function api.my_reminders() to authenticated;

-- Sets which reminders the caller gets: true on, false off, null as it was (a kind the page
-- did not offer, as it does not fit the person's roles today). Invoker: the policies let each
-- person change only their own choices.
create function api.set_reminders(session_ahead boolean, attendance_missing boolean, attendance_summary boolean)
returns void
language plpgsql
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
begin
  with choice (kind, wanted) as (
    values ('session_ahead'::app.reminder_kind, session_ahead), ('attendance_missing', attendance_missing),
           ('attendance_summary', attendance_summary)),
  turned_on as (
    delete from app.reminder_opt_outs o using choice c
     where o.user_id = caller and o.kind = c.kind and c.wanted)
  insert into app.reminder_opt_outs (user_id, kind)
  select caller, c.kind from choice c where not c.wanted
  on conflict do nothing;
end
$$;
grant execute on function api.set_reminders(boolean, boolean, boolean) to authenticated;

-- Makes the caller's calendar address, or a new one in place of the old, which stops working
-- at once. Returns the token, the only time it is seen: the table keeps its hash. Invoker:
-- the policies let a person write only their own feed; only facilitators have one.
create function api.renew_calendar_feed(locale text default 'nb') returns text
language plpgsql
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
  token text := app.new_token();
begin
  if not exists (select 1 from app.memberships m where m.user_id = caller and m.role = 'facilitator') then
    perform app.forbid();
  end if;
  insert into app.calendar_feeds (user_id, token_hash, locale, created_at)
  values (caller, app.token_hash(token), case when renew_calendar_feed.locale = 'en' then 'en' else 'nb' end, now())
  on conflict (user_id) do update set token_hash = excluded.token_hash, locale = excluded.locale,
                                      created_at = excluded.created_at;
  return token;
end
$$;
grant execute on function api.renew_calendar_feed(text) to authenticated;

------------------------------------------------------------------------------------------
-- API: the link in a reminder (anyone with the link, signed in or not)
------------------------------------------------------------------------------------------
-- The link a reminder's token names; an unknown token is not found. Called by the two
-- functions below, as their owner.
create function app.reminder_link_of(token text) returns app.reminder_links
language plpgsql stable security definer
set search_path = ''
as $$
declare
  link app.reminder_links;
begin
  select * into link from app.reminder_links l where l.token_hash = app.token_hash(token);
  if link.token_hash is null then
    perform app.not_found();
  end if;
  return link;
end
$$;

-- What the link turns off, and whether it is off already: the confirmation page. Definer,
-- because the links have no policies; an unknown token is not found.
create function api.reminder_link(token text) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  link app.reminder_links := app.reminder_link_of(token);
begin
  return jsonb_build_object('kind', link.kind,
    'off', exists (select 1 from app.reminder_opt_outs o where o.user_id = link.user_id and o.kind = link.kind));
end
$$;
grant execute on function api.reminder_link(text) to anon, authenticated;

-- Turns the link's kind of reminder off for the person it was sent to (RFC 8058 one-click,
-- or the confirmation page's button). Doing it twice changes nothing.
create function api.opt_out_by_link(token text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  link app.reminder_links := app.reminder_link_of(token);
begin
  insert into app.reminder_opt_outs (user_id, kind) values (link.user_id, link.kind) on conflict do nothing;
  return jsonb_build_object('kind', link.kind, 'off', true);
end
$$;
grant execute on function api.opt_out_by_link(text) to anon, authenticated;

------------------------------------------------------------------------------------------
-- API: the calendar feed (the calendar app, with the token in the address)
------------------------------------------------------------------------------------------
-- The feed's sessions: those of the activities the token's owner facilitates now, from two
-- weeks back to eight weeks ahead, cancelled ones included (the app marks them cancelled).
-- Times are instants (UTC), made from the Oslo date and time (R11). Sessions of the weeks
-- ahead are made from the weekly schedule where missing, as the week page does. Definer: the
-- caller is a calendar app with no session; the token is the key, and an unknown one gets
-- null.
create function api.calendar_feed(token text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  feed app.calendar_feeds;
  today date := app.today();
  activity_ids uuid[];
begin
  select * into feed from app.calendar_feeds f where f.token_hash = app.token_hash(token);
  if feed.user_id is null then
    return null;
  end if;
  activity_ids := array(
    select n.activity_id from app.facilitator_namings n
    where n.facilitator_id = feed.user_id and n.facilitator_id in (select app.activity_facilitators(n.activity_id)));
  perform app.ensure_sessions(activity_ids, today, today + 55);
  return jsonb_build_object(
    'locale', feed.locale,
    'sessions', array(
      select app.session_facts(s) || jsonb_build_object(
               'cancelled', s.cancelled,
               'starts', to_char((s.on_date + s.starts_at) at time zone 'Europe/Oslo' at time zone 'UTC', 'YYYYMMDD"T"HH24MISS"Z"'),
               'ends', to_char((s.on_date + s.ends_at) at time zone 'Europe/Oslo' at time zone 'UTC', 'YYYYMMDD"T"HH24MISS"Z"'))
      from app.sessions s
      where s.activity_id = any (activity_ids) and s.on_date between today - 14 and today + 55
      order by s.on_date, s.starts_at));
end
$$;
grant execute on function api.calendar_feed(text) to anon, authenticated;

------------------------------------------------------------------------------------------
-- Jobs (service role): 70_jobs.sql schedules them. `today` is a parameter so tests can move
-- the clock; a run repeated the same day (or week) sends nothing new.
------------------------------------------------------------------------------------------
-- Daily: the day-before reminder for tomorrow's sessions with participants, and the reminder
-- for sessions two to seven days old that nobody logged, to the activities' facilitators.
create function api.run_session_reminders(today date default app.today()) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  ahead int;
  missing int;
begin
  -- Tomorrow's sessions exist even if no one has opened that week yet.
  perform app.ensure_sessions(array(select distinct p.activity_id from app.placements p where p.status <> 'ended'),
                              today + 1, today + 1);

  select coalesce(sum(app.send_reminder(f, 'session_ahead', s.id::text, today, app.session_facts(s))), 0)
    into ahead
  from app.sessions s cross join lateral app.activity_facilitators(s.activity_id) f
  where s.on_date = today + 1 and not s.cancelled and app.expected_participants(s.activity_id, s.on_date) > 0;

  select coalesce(sum(app.send_reminder(f, 'attendance_missing', s.id::text, today, app.session_facts(s))), 0)
    into missing
  from app.unlogged_sessions(today - 7, today - 2) s cross join lateral app.activity_facilitators(s.activity_id) f;

  -- Links older than three months no longer turn anything off (the settings page still does);
  -- what was sent is needed only while its session can still be reminded of.
  delete from app.reminder_links l where l.created_at < now() - interval '90 days';
  delete from app.reminders_sent r where r.sent_on < today - 30;
  return jsonb_build_object('session_ahead', ahead, 'attendance_missing', missing);
end
$$;
grant execute on function api.run_session_reminders(date) to service_role;

-- Weekly: to each organisation's admins, the sessions of its activities in the last 14 days
-- (up to yesterday) that nobody logged, once per organisation and week.
create function api.run_attendance_summary(today date default app.today()) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  week_start date := today - (extract(isodow from today)::int - 1);
  sent int;
begin
  with unlogged as (
    select a.organisation_id, app.session_facts(s) as facts, s.on_date, s.starts_at
    from app.unlogged_sessions(today - 14, today - 1) s join app.activities a on a.id = s.activity_id),
  per_organisation as (
    select u.organisation_id,
           jsonb_build_object('organisation_id', u.organisation_id,
                              'organisation', (select o.name from app.organisations o where o.id = u.organisation_id),
                              'sessions', jsonb_agg(u.facts order by u.on_date, u.starts_at)) as payload
    from unlogged u group by u.organisation_id)
  select coalesce(sum(app.send_reminder(m.user_id, 'attendance_summary', po.organisation_id::text || '/' || week_start,
                                        today, po.payload)), 0)
    into sent
  from per_organisation po join app.memberships m on m.organisation_id = po.organisation_id and m.role = 'admin';
  return jsonb_build_object('attendance_summary', sent);
end
$$;
grant execute on function api.run_attendance_summary(date) to service_role;
