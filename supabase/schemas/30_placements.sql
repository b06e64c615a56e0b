-- Participants, placements (tiltak), sessions and attendance, with the monthly attendance
-- counts and list rows kept from them.
--
-- Rules: R4 (attendance is logged by the placement's facilitator, an organisation admin or
-- staff, only inside the placement's period and not ahead of time; after the edit window only
-- by staff), R7 (a facilitator sees a participant's card only for their own placements, while
-- they are named for its activity and a facilitator member of its organisation), R9
-- (staff see only their own municipality's participants and placements), R10 (anonymisation
-- a set time after the last placement ended) and R12 (refusals name the field).
--
-- Participants are owned by one municipality and read by its staff only. Facilitators and
-- organisation admins never read app.participants: they get the participant's card through
-- app.participant_card(), a definer function that applies R7 and returns only what the
-- caseworker chose to share.
--
-- Read after 20_agreements.sql (placements hang on agreements and their named facilitators),
-- before 40_claims.sql. Inside: types, tables, helpers, triggers, policies, the API by use
-- case, the daily job, session planning, the export trail, then the kept monthly counts and
-- list rows with their triggers.

------------------------------------------------------------------------------------------
-- Types
------------------------------------------------------------------------------------------
create type app.placement_status as enum ('planned', 'active', 'ended');

create type app.placement_outcome as enum ('continues_as_member', 'continues_with_support', 'stopped', 'moved');

create type app.attendance_status as enum ('present', 'absent', 'cancelled');

------------------------------------------------------------------------------------------
-- Tables
------------------------------------------------------------------------------------------
create table app.participants (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references app.municipalities (id),
  first_name text not null check (length(trim(first_name)) between 1 and 80),
  birth_year int not null check (birth_year between 1900 and 2100),
  contact_name text check (length(contact_name) <= 120),
  contact_phone text check (contact_phone is null or contact_phone ~ '^\+?[0-9 ]{8,15}$'),
  -- "What the activity should know"; reaches the facilitator only when shared.
  activity_note text not null default '' check (length(activity_note) <= 1000),
  share_activity_note boolean not null default false,
  -- Mapping (kartlegging): interests as tags and wishes as text.
  interests text[] not null default '{}' check (app.texts_within(interests, 40)),
  wishes text not null default '' check (length(wishes) <= 2000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- R10: set when personal data has been cleared; birth year and outcomes stay.
  anonymised_at timestamptz,
  version int not null default 1,
  -- The registration form's key: the same form posted twice (a double click) registers one participant.
  submission_key uuid constraint one_participant_per_submission unique
);
grant select, insert, update, delete on app.participants to authenticated;

-- Caseworker-only notes; never reach the organisation.
create table app.participant_notes (
  id uuid primary key default gen_random_uuid(),
  participant_id uuid not null references app.participants (id) on delete cascade,
  municipality_id uuid not null references app.municipalities (id),
  body text not null check (length(trim(body)) between 1 and 4000),
  author_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
grant select, insert on app.participant_notes to authenticated;

create index participant_notes_participant_idx on app.participant_notes (participant_id, created_at);

create table app.placements (
  id uuid primary key default gen_random_uuid(),
  participant_id uuid not null references app.participants (id),
  municipality_id uuid not null references app.municipalities (id),
  activity_id uuid not null references app.activities (id),
  organisation_id uuid not null references app.organisations (id),
  agreement_id uuid not null references app.agreements (id),
  status app.placement_status not null default 'planned',
  -- The decision period (vedtak), typically one year.
  starts_on date not null,
  ends_on date not null,
  ended_on date,
  outcome app.placement_outcome,
  evaluation text not null default '' check (length(evaluation) <= 4000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint period_in_order check (ends_on >= starts_on),
  constraint ended_placements_have_an_outcome check (
    (status = 'ended') = (ended_on is not null and outcome is not null)),
  constraint ended_inside_the_period check (ended_on is null or ended_on >= starts_on)
);
grant select, insert, update on app.placements to authenticated;

create index placements_municipality_idx on app.placements (municipality_id, status, ends_on);

create index placements_activity_idx on app.placements (activity_id, status);

create index placements_participant_idx on app.placements (participant_id);

create index placements_organisation_idx on app.placements (organisation_id, status);

create table app.placement_followups (
  id uuid primary key default gen_random_uuid(),
  placement_id uuid not null references app.placements (id) on delete cascade,
  municipality_id uuid not null references app.municipalities (id),
  occurred_on date not null,
  body text not null check (length(trim(body)) between 1 and 4000),
  author_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
grant select, insert on app.placement_followups to authenticated;

create index placement_followups_placement_idx on app.placement_followups (placement_id, occurred_on);

create table app.sessions (
  id uuid primary key default gen_random_uuid(),
  activity_id uuid not null references app.activities (id) on delete cascade,
  on_date date not null,
  starts_at time not null,
  ends_at time not null,
  -- Added by the facilitator rather than generated from the weekly schedule.
  is_extra boolean not null default false,
  cancelled boolean not null default false,
  cancel_reason text check (length(cancel_reason) <= 500),
  created_by uuid references auth.users (id) on delete set null,
  unique (activity_id, on_date, starts_at),
  constraint session_in_order check (ends_at > starts_at)
);
grant select, insert, update on app.sessions to authenticated;

create index sessions_date_idx on app.sessions (on_date, activity_id);

create table app.attendance (
  placement_id uuid not null references app.placements (id) on delete cascade,
  session_id uuid not null references app.sessions (id) on delete cascade,
  status app.attendance_status not null,
  note text check (length(note) <= 500),
  recorded_by uuid references auth.users (id) on delete set null,
  recorded_at timestamptz not null default now(),
  primary key (placement_id, session_id)
);
grant select, insert, update on app.attendance to authenticated;

create index attendance_session_idx on app.attendance (session_id);

-- Monthly attendance per placement, kept by triggers from app.attendance, so that figures
-- and lists read a few thousand rows, not a million. Cancelled sessions do not count.
create table app.attendance_months (
  placement_id uuid not null references app.placements (id) on delete cascade,
  municipality_id uuid not null references app.municipalities (id),
  organisation_id uuid not null references app.organisations (id),
  month date not null check (extract(day from month) = 1),
  present int not null default 0,
  absent int not null default 0,
  last_present_on date,
  primary key (placement_id, month)
);
grant select on app.attendance_months to authenticated;

create index attendance_months_municipality_idx on app.attendance_months (municipality_id, month);

create index attendance_months_organisation_idx on app.attendance_months (organisation_id, month);

-- A day the caseworker knows ahead that a participant will not come (a holiday, an
-- appointment). The facilitator's week shows it on that day's session; no reason is kept,
-- so nothing about the participant reaches the activity but the date.
create table app.planned_absences (
  placement_id uuid not null references app.placements (id) on delete cascade,
  municipality_id uuid not null references app.municipalities (id),
  on_date date not null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (placement_id, on_date)
);
grant select, insert, delete on app.planned_absences to authenticated;

-- The saves of a session's marks that came with a key: the phone makes one key per tap of
-- "Lagre" and sends the same key again when it retries after losing its connection, so a save
-- that arrives twice is applied once. Written only by api.save_attendance (no policies).
create table app.attendance_saves (
  user_id uuid not null references auth.users (id) on delete cascade,
  save_key uuid not null,
  marks_saved int not null default 0,
  saved_at timestamptz not null default now(),
  primary key (user_id, save_key)
);

------------------------------------------------------------------------------------------
-- Helpers: who may see and log a placement (R4, R7), and the participant's card
------------------------------------------------------------------------------------------
-- R7: the placements the caller facilitates, and which of them they log. A facilitator reads
-- a placement while they are a facilitator member of its organisation and named, with the
-- role accepted, for its activity under its agreement: while it is active, and for 30 days
-- after it ended or their naming ended (a handover), whichever came first. They log it only
-- under a naming that has not ended. A planned placement is nobody's yet: it belongs to
-- whoever is named when it starts. The set is derived from the namings (app.facilitator_namings)
-- and memberships as they are now, so a handover or a removal changes it at once.
-- Definer, so that policies can ask without going through the placements policies.
create or replace function app.my_facilitated_placements()
returns table (placement_id uuid, activity_id uuid, status app.placement_status, may_log boolean)
language plpgsql stable security definer
set search_path = ''
as $$
declare
  today date := app.today();
begin
  return query
    select p.id, p.activity_id, p.status, bool_or(n.ended_at is null)
    from app.facilitator_namings n
    join app.placements p on p.agreement_id = n.agreement_id and p.activity_id = n.activity_id
    join app.memberships m on m.organisation_id = p.organisation_id and m.user_id = n.facilitator_id
                          and m.role = 'facilitator'
    -- The days the naming and the placement overlapped, in Oslo (R11).
    cross join lateral (
      select greatest((n.accepted_at at time zone 'Europe/Oslo')::date, p.starts_on) as first_day,
             least((n.ended_at at time zone 'Europe/Oslo')::date, p.ended_on) as last_day) held
    where n.facilitator_id = (select auth.uid()) and n.accepted_at is not null
      and (n.ended_at is null or n.ended_at > now() - interval '31 days')
      and p.status <> 'planned'
      and (held.last_day is null or (held.first_day <= held.last_day and held.last_day + 30 >= today))
    group by p.id, p.activity_id, p.status;
end
$$;
grant execute on function app.my_facilitated_placements() to authenticated, service_role;

-- One placement of app.my_facilitated_placements(), for policies and helpers of one row.
create or replace function app.is_placement_facilitator(placement uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (select 1 from app.my_facilitated_placements() f where f.placement_id = placement);
end
$$;
grant execute on function app.is_placement_facilitator(uuid) to authenticated, service_role;

create or replace function app.is_placement_organisation_admin(placement uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (select 1 from app.placements p where p.id = placement and app.is_member(p.organisation_id, 'admin'));
end
$$;
grant execute on function app.is_placement_organisation_admin(uuid) to authenticated, service_role;

-- R4: who may log a placement's attendance: a facilitator who logs it (R7), an admin of its
-- organisation, or staff of its municipality. Checked three times per mark written outside
-- api.save_attendance (insert, and update's using and check).
create or replace function app.may_log_attendance(placement uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
begin
  return exists (
    select 1 from app.placements p
    where p.id = placement
      and (exists (select 1 from app.memberships m
                   where m.organisation_id = p.organisation_id and m.user_id = caller and m.role = 'admin')
           or exists (select 1 from app.staff s where s.municipality_id = p.municipality_id and s.user_id = caller)))
    or exists (select 1 from app.my_facilitated_placements() f where f.placement_id = placement and f.may_log);
end
$$;
grant execute on function app.may_log_attendance(uuid) to authenticated, service_role;

-- The card of a placement's participant: what the activity sees of them (first name, birth
-- year and the note the caseworker chose to share), for staff of its municipality, its
-- facilitator (R7) and its organisation's admins. Definer, because facilitators and
-- organisation admins may not read app.participants. The lists build the same card inline,
-- since a function around it would be planned again on every call (docs/performance.md).
create or replace function app.participant_card(placement uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select jsonb_build_object(
      'first_name', pa.first_name,
      'birth_year', pa.birth_year,
      'note', case when pa.share_activity_note and pa.activity_note <> '' then pa.activity_note end)
    from app.placements p join app.participants pa on pa.id = p.participant_id
    where p.id = placement
      and (app.is_staff(p.municipality_id) or app.is_placement_facilitator(p.id) or app.is_member(p.organisation_id, 'admin')));
end
$$;
grant execute on function app.participant_card(uuid) to authenticated, service_role;

-- The age band used in statistics (DESIGN: 0–17, 18–66, 67–79, 80+).
create function app.age_band(birth_year int, on_date date) returns text
language sql immutable
as $$
  select case
    when birth_year is null or on_date is null then null
    when extract(year from on_date)::int - birth_year < 18 then '0-17'
    when extract(year from on_date)::int - birth_year < 67 then '18-66'
    when extract(year from on_date)::int - birth_year < 80 then '67-79'
    else '80+'
  end
$$;
grant execute on function app.age_band(int, date) to anon, authenticated, service_role;

------------------------------------------------------------------------------------------
-- Triggers: attendance rules (R4), counts after a cancellation, the audit trail
------------------------------------------------------------------------------------------

-- R4: attendance only inside the placement's period, never for future sessions, and after
-- the municipality's edit window only by its staff. Who may write at all is up to RLS.
-- Definer: it reads the session, placement and municipality of each mark, which the policies
-- already allowed; checking them again under RLS for every row would only cost time.
create function app.check_attendance() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  session_date date;
  placement app.placements;
  window_days int;
begin
  -- With no person behind the change it is the system's own job (anonymisation clearing
  -- notes), not someone logging attendance.
  if (select auth.uid()) is null then
    return new;
  end if;
  select * into placement from app.placements where id = new.placement_id;
  select on_date into session_date from app.sessions where id = new.session_id and activity_id = placement.activity_id;
  if session_date is null then
    perform app.refuse('session_not_of_placement', 'session_id');
  end if;
  select attendance_edit_window_days into window_days from app.municipalities where id = placement.municipality_id;
  if session_date > app.today() then
    perform app.refuse('attendance_in_future', 'session_id');
  end if;
  if session_date < placement.starts_on or session_date > coalesce(placement.ended_on, placement.ends_on) then
    perform app.refuse('attendance_outside_placement', 'session_id');
  end if;
  if session_date < app.today() - window_days and not app.is_staff(placement.municipality_id) then
    perform app.refuse('attendance_edit_window_closed', 'session_id', jsonb_build_object('days', window_days));
  end if;
  new.recorded_by := (select auth.uid());
  new.recorded_at := now();
  return new;
end
$$;

create trigger attendance_rules before insert or update on app.attendance
  for each row execute function app.check_attendance();

-- Recounts one placement's month from the marks, when a session is cancelled or restored.
-- Definer: it keeps a derived table that no role writes directly.
create function app.recount_attendance(placement uuid, in_month date) returns void
language sql security definer
set search_path = ''
as $$
  insert into app.attendance_months (placement_id, municipality_id, organisation_id, month, present, absent, last_present_on)
  select p.id, p.municipality_id, p.organisation_id, date_trunc('month', in_month)::date, c.present, c.absent, c.last_present_on
  from app.placements p
  cross join lateral (
    select count(*) filter (where at.status = 'present') as present, count(*) filter (where at.status = 'absent') as absent,
           max(s.on_date) filter (where at.status = 'present') as last_present_on
    from app.attendance at join app.sessions s on s.id = at.session_id
    where at.placement_id = p.id and not s.cancelled
      and s.on_date >= date_trunc('month', in_month) and s.on_date < date_trunc('month', in_month) + interval '1 month'
  ) c
  where p.id = placement
  on conflict (placement_id, month) do update
    set present = excluded.present, absent = excluded.absent, last_present_on = excluded.last_present_on
$$;
grant execute on function app.recount_attendance(uuid, date) to authenticated, service_role;

create function app.count_cancelled_session() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform app.recount_attendance(at.placement_id, new.on_date) from app.attendance at where at.session_id = new.id;
  return null;
end
$$;

create trigger sessions_count after update of cancelled on app.sessions
  for each row execute function app.count_cancelled_session();

-- Personal fields are left out of the audit trail, so that anonymisation (R10) removes
-- them everywhere; the trail still shows that they changed.
create trigger participants_audit after insert or update or delete on app.participants
  for each row execute function app.record_audit_event('first_name', 'contact_name', 'contact_phone',
                                                       'activity_note', 'wishes', 'interests');

create trigger participants_version before update on app.participants
  for each row execute function app.bump_version();

create trigger placements_audit after insert or update or delete on app.placements
  for each row execute function app.record_audit_event('evaluation');

create trigger attendance_audit after insert or update or delete on app.attendance
  for each row execute function app.record_audit_event('note');

create trigger sessions_audit after insert or update on app.sessions
  for each row execute function app.record_audit_event();

create trigger planned_absences_audit after insert or delete on app.planned_absences
  for each row execute function app.record_audit_event();

------------------------------------------------------------------------------------------
-- Policies
------------------------------------------------------------------------------------------
create policy "Staff read their municipality's participants" on app.participants
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Staff register participants in their municipality" on app.participants
  for insert to authenticated with check (municipality_id in (select app.my_municipalities()));

create policy "Staff update their municipality's participants" on app.participants
  for update to authenticated using (municipality_id in (select app.my_municipalities()))
  with check (municipality_id in (select app.my_municipalities()));

-- Only a participant registered by mistake, never placed, is deleted; one with placements stays
-- on record (R10 clears it later) or is merged into its twin (api.merge_participants).
create policy "Staff delete their municipality's participants who were never placed" on app.participants
  for delete to authenticated using (
    municipality_id in (select app.my_municipalities())
    and not exists (select 1 from app.placements pl where pl.participant_id = participants.id));

create policy "Staff read their municipality's notes" on app.participant_notes
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Staff write notes in their municipality" on app.participant_notes
  for insert to authenticated with check (municipality_id in (select app.my_municipalities()) and author_id = (select auth.uid()));

create policy "Staff read their municipality's placements" on app.placements
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Facilitators read their own placements (R7)" on app.placements
  for select to authenticated using (id in (select f.placement_id from app.my_facilitated_placements() f));

create policy "Organisation admins read their organisation's placements" on app.placements
  for select to authenticated using (organisation_id in (select app.my_organisations('admin')));

create policy "Staff create placements in their municipality" on app.placements
  for insert to authenticated with check (municipality_id in (select app.my_municipalities()));

create policy "Staff update their municipality's placements" on app.placements
  for update to authenticated using (municipality_id in (select app.my_municipalities()))
  with check (municipality_id in (select app.my_municipalities()));

create policy "Staff read their municipality's follow-ups" on app.placement_followups
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Staff write follow-ups in their municipality" on app.placement_followups
  for insert to authenticated with check (municipality_id in (select app.my_municipalities()) and author_id = (select auth.uid()));

create policy "Members read their organisation's sessions" on app.sessions
  for select to authenticated using (
    activity_id in (select a.id from app.activities a where a.organisation_id in (select app.my_organisations())));

-- Participants may be placed in activities of a neighbouring municipality, so staff see
-- sessions by their placements too.
create policy "Staff read sessions where their municipality has placements" on app.sessions
  for select to authenticated using (
    exists (select 1 from app.activities a where a.id = activity_id and a.municipality_id in (select app.my_municipalities()))
    or exists (select 1 from app.placements p where p.activity_id = sessions.activity_id
                 and p.municipality_id in (select app.my_municipalities())));

-- R4: the placement's facilitator, an admin of the organisation, or the municipality's staff.
-- Reading scans many rows, so it asks once for the readable placements; a save writes a
-- handful, so it asks per row.
create policy "Attendance is read by those who may log it" on app.attendance
  for select to authenticated using (placement_id in (select p.id from app.placements p));

create policy "Attendance is logged by those who may log it" on app.attendance
  for insert to authenticated with check (app.may_log_attendance(placement_id));

create policy "Attendance is corrected by those who may log it" on app.attendance
  for update to authenticated using (app.may_log_attendance(placement_id)) with check (app.may_log_attendance(placement_id));

create policy "Staff read their municipality's planned absences" on app.planned_absences
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Staff enter planned absences in their municipality" on app.planned_absences
  for insert to authenticated with check (municipality_id in (select app.my_municipalities()));

create policy "Staff remove planned absences in their municipality" on app.planned_absences
  for delete to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Staff read their municipality's attendance counts" on app.attendance_months
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Organisation admins read their organisation's attendance counts" on app.attendance_months
  for select to authenticated using (organisation_id in (select app.my_organisations('admin')));

------------------------------------------------------------------------------------------
-- API: participants (caseworker)
------------------------------------------------------------------------------------------
create function app.check_participant_fields(first_name text, birth_year int, contact_phone text) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if coalesce(trim(first_name), '') = '' then
    perform app.refuse('first_name_required', 'first_name');
  end if;
  if birth_year is null or birth_year < 1900 or birth_year > extract(year from app.today()) then
    perform app.refuse('birth_year_invalid', 'birth_year');
  end if;
  if contact_phone is not null and contact_phone !~ '^\+?[0-9 ]{8,15}$' then
    perform app.refuse('phone_invalid', 'contact_phone');
  end if;
end
$$;
grant execute on function app.check_participant_fields(text, int, text) to authenticated;

create function app.clean_tags(tags text[]) returns text[]
language sql immutable
set search_path = ''
as $$ select coalesce(array(select distinct lower(trim(t)) from unnest(tags) t where trim(t) <> '' order by 1), '{}') $$;
grant execute on function app.clean_tags(text[]) to authenticated, service_role;

-- A post of the form with the submission key of a participant registered with the same name
-- and birth year is the same post again (a double click, a resent form): it answers with that
-- participant instead of registering a second. The same key with another name or year is a
-- new participant (a form sent again after going back), registered without the key.
create function api.register_participant(
  municipality_id uuid,
  first_name text,
  birth_year int,
  contact_name text default null,
  contact_phone text default null,
  activity_note text default '',
  share_activity_note boolean default false,
  interests text[] default '{}',
  wishes text default '',
  submission_key uuid default null
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  key_holder app.participants;
  created uuid;
begin
  perform app.require_staff(municipality_id);
  select * into key_holder from app.participants p where p.submission_key = register_participant.submission_key;
  if key_holder.municipality_id = register_participant.municipality_id
     and key_holder.first_name = trim(register_participant.first_name)
     and key_holder.birth_year = register_participant.birth_year then
    return key_holder.id;
  end if;
  perform app.check_participant_fields(first_name, birth_year, nullif(trim(contact_phone), ''));
  insert into app.participants (municipality_id, first_name, birth_year, contact_name, contact_phone, activity_note,
                                share_activity_note, interests, wishes, created_by, submission_key)
  values (municipality_id, trim(first_name), birth_year, nullif(trim(contact_name), ''), nullif(trim(contact_phone), ''),
          coalesce(trim(activity_note), ''), coalesce(share_activity_note, false), app.clean_tags(interests),
          coalesce(trim(wishes), ''), (select auth.uid()), case when key_holder.id is null then submission_key end)
  on conflict on constraint one_participant_per_submission do nothing
  returning id into created;
  return app.submitted(created, (select p.id from app.participants p
                                  where p.submission_key = register_participant.submission_key));
end
$$;
grant execute on function api.register_participant(uuid, text, int, text, text, text, boolean, text[], text, uuid)
  to authenticated;

-- `base_version` is the version the edit was made from; a stale one is refused with what changed since.
create function api.update_participant(
  participant_id uuid,
  base_version int,
  first_name text,
  birth_year int,
  contact_name text default null,
  contact_phone text default null,
  activity_note text default '',
  share_activity_note boolean default false,
  interests text[] default '{}',
  wishes text default ''
) returns void
language plpgsql
set search_path = ''
as $$
declare
  stored app.participants;
  edited app.participants;
  saved jsonb := jsonb_build_object(
    'first_name', trim(first_name), 'birth_year', birth_year, 'contact_name', nullif(trim(contact_name), ''),
    'contact_phone', nullif(trim(contact_phone), ''), 'activity_note', coalesce(trim(activity_note), ''),
    'share_activity_note', coalesce(share_activity_note, false), 'interests', app.clean_tags(interests),
    'wishes', coalesce(trim(wishes), ''));
begin
  perform app.require_user();
  perform app.check_participant_fields(first_name, birth_year, nullif(trim(contact_phone), ''));
  select * into stored from app.participants p
   where p.id = update_participant.participant_id and p.anonymised_at is null for update;
  if not found then
    perform app.not_found();
  end if;
  perform app.refuse_stale_version(base_version, to_jsonb(stored), saved, 'participants');
  edited := jsonb_populate_record(stored, saved);
  update app.participants p
     set first_name = edited.first_name, birth_year = edited.birth_year, contact_name = edited.contact_name,
         contact_phone = edited.contact_phone, activity_note = edited.activity_note,
         share_activity_note = edited.share_activity_note, interests = edited.interests, wishes = edited.wishes
   where p.id = stored.id;
end
$$;
grant execute on function api.update_participant(uuid, int, text, int, text, text, text, boolean, text[], text) to authenticated;

create or replace function api.participants(municipality_id uuid, search text default null, page int default 1) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  chosen_page int := greatest(coalesce(page, 1), 1);
  skipped int := (greatest(coalesce(page, 1), 1) - 1) * 50;
  total bigint;
  ids uuid[];
begin
  perform app.require_staff(municipality_id);
  if search is null then
    total := coalesce((select t.total from app.list_totals t
                        where t.list = 'participants' and t.municipality_id = participants.municipality_id), 0);
    ids := array(select p.id from app.participants p
                 where p.municipality_id = participants.municipality_id
                 order by p.first_name, p.id limit 50 offset skipped);
  else
    total := (select count(*) from app.participants p
              where p.municipality_id = participants.municipality_id
                and p.first_name ilike '%' || participants.search || '%');
    ids := array(select p.id from app.participants p
                 where p.municipality_id = participants.municipality_id
                   and p.first_name ilike '%' || participants.search || '%'
                 order by p.first_name, p.id limit 50 offset skipped);
  end if;
  return jsonb_build_object(
    -- app.municipality_ref written out: it reads a table, so it is never inlined.
    'municipality', (select jsonb_build_object('id', m.id, 'name', m.name)
                     from app.municipalities m where m.id = participants.municipality_id),
    'total', total,
    'page', chosen_page,
    'page_size', 50,
    -- In the order of the ids. An array of jsonb becomes a JSON array, at less cost than
    -- jsonb_agg.
    'participants', array(
      select i.item
      from unnest(ids) with ordinality r (id, n)
      join app.participant_items i on i.participant_id = r.id
      order by r.n));
end
$$;
grant execute on function api.participants(uuid, text, int) to authenticated;

-- The ten activities that suit the participant best: covered by an active agreement with their
-- municipality, open to their age, and matching their interests (category, adaptation tag,
-- words of the title or the club's name, or a weekday the activity meets). Each says which
-- interests it matched, so the caseworker sees why it is there; the placement search
-- (api.placement_search) finds the others. Read from the kept choices, so that a
-- municipality's thousands of activities are filtered in one index range, not joined. Definer,
-- as no role reads the kept choices; only the participant's municipality's staff get an answer.
create or replace function app.suggested_activities(participant app.participants) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  -- Stored sorted and in lower case (app.clean_tags).
  interests text[] := participant.interests;
  -- Per interest, in the same order: the category it names, if any, and its pattern. Comparing
  -- categories as the enum spares a text cast per choice, which reads the catalogue each time.
  kinds app.organisation_kind[] := array(
    select case when u.tag = any (enum_range(null::app.organisation_kind)::text[]) then u.tag::app.organisation_kind end
    from unnest(participant.interests) with ordinality u (tag, n) order by u.n);
  patterns text[] := array(select '%' || u.tag || '%' from unnest(participant.interests) with ordinality u (tag, n)
                           order by u.n);
  -- The categories named, without the nulls that would make `= any` unknown rather than false.
  categories app.organisation_kind[] := array_remove(kinds, null);
  days smallint[] := array(select distinct d::smallint from unnest(participant.interests) t,
                                                            unnest(app.weekdays_named(t)) d);
  age int := extract(year from app.today())::int - participant.birth_year;
begin
  if not app.is_staff(participant.municipality_id) then
    return '[]';
  end if;
  -- The best ten by the kinds of match, each a test on the row (naming the matching interests
  -- for each of a municipality's choices was a query per row); then by the interests matched,
  -- the category counting twice as the strongest sign.
  return to_jsonb(array(
    select i.item - 'place' - 'fee_ore' - 'fee_period' - 'slots' - 'municipality_name' - 'organisation_name'
           || jsonb_build_object('organisation', i.item -> 'organisation_name', 'weekdays', best.weekdays,
                                 'matches', m.matches)
    from (
      select c.activity_id, c.title, c.category, c.adaptation_tags, c.words, c.weekdays
      from app.placement_choices c
      where c.municipality_id = participant.municipality_id
        and age between coalesce(c.age_min, 0) and coalesce(c.age_max, 120)
        and (cardinality(interests) = 0 or c.category = any (categories) or c.adaptation_tags && interests
             or c.weekdays && days or c.words like any (patterns))
      order by 2 * (c.category = any (categories))::int + (c.adaptation_tags && interests)::int
               + (c.weekdays && days)::int + (c.words like any (patterns))::int desc, c.title, c.activity_id
      limit 10
    ) best
    cross join lateral (
      select array(select x.tag from unnest(interests, kinds, patterns) x (tag, kind, pattern)
                   where best.category = x.kind or x.tag = any (best.adaptation_tags) or best.words like x.pattern
                      or app.weekdays_named(x.tag) && best.weekdays::int[]) as matches) m
    join app.catalogue_items i on i.activity_id = best.activity_id
    order by cardinality(m.matches) + (best.category = any (categories))::int desc, best.title, best.activity_id));
end
$$;
grant execute on function app.suggested_activities(app.participants) to authenticated;

create or replace function api.participant_page(participant_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  participant app.participants;
begin
  select * into participant from app.participants p where p.id = participant_page.participant_id;
  perform app.require_visible(found);
  return jsonb_build_object(
    'participant', to_jsonb(participant) - 'created_by',
    'age_band', app.age_band(participant.birth_year, app.today()),
    'notes', (select coalesce(jsonb_agg(jsonb_build_object('id', n.id, 'body', n.body, 'created_at', n.created_at,
                                                          'author', (select display_name from app.profiles where user_id = n.author_id))
                                        order by n.created_at desc), '[]')
              from app.participant_notes n where n.participant_id = participant.id),
    'placements', (select coalesce(jsonb_agg(jsonb_build_object(
                     'id', pl.id, 'status', pl.status, 'activity', a.title, 'organisation', o.name,
                     'starts_on', pl.starts_on, 'ends_on', pl.ends_on, 'ended_on', pl.ended_on, 'outcome', pl.outcome)
                     order by pl.starts_on desc), '[]')
                   from app.placements pl join app.activities a on a.id = pl.activity_id
                   join app.organisations o on o.id = pl.organisation_id
                   where pl.participant_id = participant.id),
    'suggestions', case when participant.anonymised_at is null then app.suggested_activities(participant) else '[]' end,
    'timeline', case when app.is_staff(participant.municipality_id) then app.audit_trail('participants', participant.id::text) end);
end
$$;
grant execute on function api.participant_page(uuid) to authenticated;

create function api.add_participant_note(participant_id uuid, body text) returns void
language plpgsql
set search_path = ''
as $$
declare
  municipality uuid;
begin
  select p.municipality_id into municipality from app.participants p where p.id = add_participant_note.participant_id;
  perform app.require_visible(municipality is not null);
  if coalesce(trim(body), '') = '' then
    perform app.refuse('text_required', 'body');
  end if;
  insert into app.participant_notes (participant_id, municipality_id, body, author_id)
  values (participant_id, municipality, trim(body), (select auth.uid()));
end
$$;
grant execute on function api.add_participant_note(uuid, text) to authenticated;

create or replace function api.participant_export(participant_id uuid) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  participant app.participants;
begin
  select * into participant from app.participants p where p.id = participant_export.participant_id;
  perform app.require_visible(found and app.is_staff(participant.municipality_id));
  perform app.record_participant_export(participant.id, participant.municipality_id);
  return jsonb_build_object(
    'exported_at', now(),
    'municipality', app.municipality_ref(participant.municipality_id),
    'participant', to_jsonb(participant),
    'notes', (select coalesce(jsonb_agg(to_jsonb(n) order by n.created_at), '[]')
              from app.participant_notes n where n.participant_id = participant.id),
    'placements', (select coalesce(jsonb_agg(to_jsonb(pl) || jsonb_build_object(
                      'activity', (select title from app.activities where id = pl.activity_id),
                      'organisation', (select name from app.organisations where id = pl.organisation_id),
                      'followups', (select coalesce(jsonb_agg(to_jsonb(f) order by f.occurred_on), '[]')
                                    from app.placement_followups f where f.placement_id = pl.id),
                      'attendance', (select coalesce(jsonb_agg(jsonb_build_object('date', s.on_date, 'status', at.status,
                                                                                 'note', at.note) order by s.on_date), '[]')
                                     from app.attendance at join app.sessions s on s.id = at.session_id
                                     where at.placement_id = pl.id)) order by pl.starts_on), '[]')
                   from app.placements pl where pl.participant_id = participant.id));
end
$$;
grant execute on function api.participant_export(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- API: a participant registered by mistake or twice (caseworker)
------------------------------------------------------------------------------------------
-- The page for putting a mistaken registration right: the participant, what hangs on them,
-- and the participants they could be merged into (those of the same first name, or those
-- whose name contains `search`).
create function api.participant_duplicates(participant_id uuid, search text default null) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  participant app.participants;
begin
  select * into participant from app.participants p where p.id = participant_duplicates.participant_id;
  perform app.require_visible(found);
  return jsonb_build_object(
    'municipality', app.municipality_ref(participant.municipality_id),
    'participant', jsonb_build_object(
      'id', participant.id, 'first_name', participant.first_name, 'birth_year', participant.birth_year,
      'anonymised', participant.anonymised_at is not null,
      'placements', (select count(*) from app.placements pl where pl.participant_id = participant.id),
      'notes', (select count(*) from app.participant_notes n where n.participant_id = participant.id)),
    'search', nullif(trim(search), ''),
    'candidates', (select coalesce(jsonb_agg(jsonb_build_object(
                     'id', c.id, 'first_name', c.first_name, 'birth_year', c.birth_year,
                     'placements', (select count(*) from app.placements pl where pl.participant_id = c.id),
                     'notes', (select count(*) from app.participant_notes n where n.participant_id = c.id))
                     order by c.first_name, c.birth_year, c.id), '[]')
                   from (select * from app.participants c
                          where c.municipality_id = participant.municipality_id and c.id <> participant.id
                            and c.anonymised_at is null
                            and case when nullif(trim(search), '') is null then lower(c.first_name) = lower(participant.first_name)
                                     else c.first_name ilike '%' || trim(search) || '%' end
                          order by c.first_name, c.birth_year, c.id limit 20) c));
end
$$;
grant execute on function api.participant_duplicates(uuid, text) to authenticated;

-- Deletes a participant registered by mistake, with their notes; the trail keeps the deletion
-- without the personal fields (R10). One who was ever placed is refused: merge them instead.
create function api.delete_participant(participant_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  if not exists (select 1 from app.participants p where p.id = delete_participant.participant_id) then
    perform app.not_found();
  end if;
  if exists (select 1 from app.placements pl where pl.participant_id = delete_participant.participant_id) then
    perform app.refuse('participant_has_placements');
  end if;
  delete from app.participants p where p.id = delete_participant.participant_id;
end
$$;
grant execute on function api.delete_participant(uuid) to authenticated;

-- Two records of one person: the one registered twice (merged_id) goes into the one kept. Its
-- placements and notes move to the kept participant, its interests join theirs and it fills
-- the kept one's empty fields; then it is deleted. The trail records the merge on the kept
-- participant, each moved placement, and the deletion. Definer, because notes are append-only
-- for every role and moving them is this function's alone; it checks the caller itself: staff
-- of the municipality both participants belong to (R9).
create function api.merge_participants(merged_id uuid, kept_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  merged app.participants;
  kept app.participants;
  moved_placements int;
  moved_notes int;
begin
  select * into merged from app.participants p where p.id = merged_id for update;
  perform app.require_visible(found and app.is_staff(merged.municipality_id));
  select * into kept from app.participants p where p.id = kept_id and p.municipality_id = merged.municipality_id for update;
  if not found then
    perform app.refuse('merge_target_required', 'kept_id');
  end if;
  if kept.id = merged.id then
    perform app.refuse('merge_same_participant', 'kept_id');
  end if;
  if merged.anonymised_at is not null or kept.anonymised_at is not null then
    perform app.refuse('participant_anonymised', 'kept_id');
  end if;
  update app.placements pl set participant_id = kept.id where pl.participant_id = merged.id;
  get diagnostics moved_placements = row_count;
  update app.participant_notes n set participant_id = kept.id where n.participant_id = merged.id;
  get diagnostics moved_notes = row_count;
  update app.participants p
     set interests = app.clean_tags(kept.interests || merged.interests),
         contact_name = coalesce(kept.contact_name, merged.contact_name),
         contact_phone = coalesce(kept.contact_phone, merged.contact_phone),
         activity_note = coalesce(nullif(kept.activity_note, ''), merged.activity_note),
         wishes = coalesce(nullif(kept.wishes, ''), merged.wishes)
   where p.id = kept.id;
  insert into app.audit_events (actor_id, actor_role, table_name, record_id, action, old_row, new_row, municipality_id)
  values ((select auth.uid()), coalesce(auth.role(), current_user), 'participants', kept.id::text, 'update',
          jsonb_build_object('merged_participant', null, 'moved_placements', 0, 'moved_notes', 0),
          jsonb_build_object('merged_participant', merged.id, 'moved_placements', moved_placements,
                             'moved_notes', moved_notes),
          kept.municipality_id);
  delete from app.participants p where p.id = merged.id;
end
$$;
grant execute on function api.merge_participants(uuid, uuid) to authenticated;

------------------------------------------------------------------------------------------
-- API: placements (caseworker)
------------------------------------------------------------------------------------------

-- Places a participant in an activity covered by an active agreement between the
-- participant's municipality and the activity's organisation. The decision period defaults
-- to one year; its facilitators are those the agreement names for the activity (R7).
create function api.place_participant(participant_id uuid, activity_id uuid, starts_on date,
                                      ends_on date default null) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  participant app.participants;
  activity app.activities;
  covering record;
  period_end date := coalesce(ends_on, (starts_on + interval '1 year' - interval '1 day')::date);
  created uuid;
begin
  select * into participant from app.participants p where p.id = place_participant.participant_id;
  perform app.require_visible(found and participant.anonymised_at is null);
  select * into activity from app.activities a where a.id = place_participant.activity_id;
  if not found then
    perform app.refuse('activity_not_found', 'activity_id');
  end if;
  perform app.check_period(starts_on, period_end, 'starts_on', 'ends_on', true);
  select ag.id as agreement_id into covering
    from app.agreements ag join app.agreement_activities aa on aa.agreement_id = ag.id
   where ag.municipality_id = participant.municipality_id and ag.organisation_id = activity.organisation_id
     and ag.status = 'active' and aa.activity_id = activity.id
     and place_participant.starts_on between ag.valid_from and ag.valid_to
   order by ag.activated_at desc limit 1;
  if covering is null then
    perform app.refuse('no_active_agreement', 'activity_id');
  end if;
  insert into app.placements (participant_id, municipality_id, activity_id, organisation_id, agreement_id,
                              status, starts_on, ends_on, created_by)
  values (participant.id, participant.municipality_id, activity.id, activity.organisation_id, covering.agreement_id,
          case when starts_on <= app.today() then 'active' else 'planned' end::app.placement_status,
          starts_on, period_end, (select auth.uid()))
  returning id into created;
  return created;
end
$$;
grant execute on function api.place_participant(uuid, uuid, date, date) to authenticated;

-- Every activity the caseworker can place the participant in, not only those matching the
-- participant's interests: the activities an active agreement with the participant's
-- municipality covers, found by words of the activity's title or its organisation's name, by
-- category and by weekday, 20 to a page in title order. Each says which of the participant's
-- interests it matches and whether the participant is already placed there. Definer: it reads
-- the kept choices and catalogue items, which no role reads, and answers only the
-- participant's municipality's staff; to anyone else the participant is not there.
create function api.placement_search(participant_id uuid, search text default null,
                                     category app.organisation_kind default null, weekday int default null,
                                     page int default 1) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  participant app.participants;
  chosen_page int := greatest(coalesce(page, 1), 1);
  -- The words as typed, matched anywhere; % and _ are letters here, not wildcards.
  pattern text := '%' || replace(replace(replace(lower(nullif(trim(search), '')), '\', '\\'), '%', '\%'), '_', '\_')
                  || '%';
  total bigint;
  ids uuid[];
  placed uuid[];
begin
  select * into participant from app.participants p where p.id = placement_search.participant_id;
  perform app.require_visible(found and participant.anonymised_at is null and app.is_staff(participant.municipality_id));
  -- A page walks a choices index in title order and stops after its 20. Unfiltered, a kept
  -- plan does that and the total is kept. A kept plan for the filters cannot know which are
  -- absent, guesses that almost nothing matches and sorts every choice of the municipality
  -- instead, so the filtered count and page are planned for the values given.
  if placement_search.category is null and placement_search.weekday is null and pattern is null then
    total := coalesce((select t.total from app.list_totals t
                        where t.list = 'placement_choices' and t.municipality_id = participant.municipality_id), 0);
    ids := array(select c.activity_id from app.placement_choices c
                 where c.municipality_id = participant.municipality_id
                 order by c.title, c.activity_id limit 20 offset (chosen_page - 1) * 20);
  else
    execute $sql$
      with matching as not materialized (
        select c.activity_id, c.title from app.placement_choices c
        where c.municipality_id = $1 and ($2 is null or c.category = $2)
          and ($3 is null or c.weekdays @> array[$3::smallint]) and ($4 is null or c.words like $4))
      select (select count(*) from matching),
             array(select m.activity_id from matching m order by m.title, m.activity_id limit 20 offset $5)
    $sql$ into total, ids
    using participant.municipality_id, placement_search.category, placement_search.weekday, pattern,
          (chosen_page - 1) * 20;
  end if;
  placed := array(select pl.activity_id from app.placements pl
                  where pl.participant_id = participant.id and pl.status <> 'ended');
  return jsonb_build_object(
    'participant', jsonb_build_object('id', participant.id, 'first_name', participant.first_name,
                                      'birth_year', participant.birth_year, 'interests', participant.interests,
                                      'municipality_id', participant.municipality_id),
    'total', total,
    'page', chosen_page,
    'page_size', 20,
    'activities', array(
      select i.item || jsonb_build_object(
               'placed', r.id = any (placed),
               'matches', array(select t from unnest(participant.interests) t
                                where t = c.category::text or i.item -> 'adaptation_tags' ? t
                                   or c.words like '%' || lower(t) || '%'
                                   or app.weekdays_named(t) && c.weekdays::int[]
                                order by t))
      from unnest(ids) with ordinality r (id, n)
      -- A probe per id (offset 0): as a join, the kept plan guessed a few hundred choices per
      -- municipality once there were hundreds of municipalities, and hashed the 20 ids against
      -- every choice of the municipality (2 800 in Bergen).
      cross join lateral (select c.category, c.words, c.weekdays from app.placement_choices c
                           where c.municipality_id = participant.municipality_id and c.activity_id = r.id
                           offset 0) c
      join app.catalogue_items i on i.activity_id = r.id
      order by r.n));
end
$$;
grant execute on function api.placement_search(uuid, text, app.organisation_kind, int, int) to authenticated;

create function api.add_followup(placement_id uuid, occurred_on date, body text) returns void
language plpgsql
set search_path = ''
as $$
declare
  municipality uuid;
begin
  select p.municipality_id into municipality from app.placements p
   where p.id = add_followup.placement_id and p.municipality_id in (select app.my_municipalities());
  perform app.require_visible(municipality is not null);
  if coalesce(trim(body), '') = '' then
    perform app.refuse('text_required', 'body');
  end if;
  if occurred_on is null or occurred_on > app.today() then
    perform app.refuse('date_not_in_future', 'occurred_on');
  end if;
  insert into app.placement_followups (placement_id, municipality_id, occurred_on, body, author_id)
  values (placement_id, municipality, occurred_on, trim(body), (select auth.uid()));
end
$$;
grant execute on function api.add_followup(uuid, date, text) to authenticated;

create function api.end_placement(placement_id uuid, ended_on date, outcome app.placement_outcome,
                                  evaluation text default '') returns void
language plpgsql
set search_path = ''
as $$
declare
  placement app.placements;
begin
  select * into placement from app.placements p
   where p.id = end_placement.placement_id and p.municipality_id in (select app.my_municipalities()) for update;
  perform app.require_visible(found);
  if placement.status = 'ended' then
    perform app.refuse('placement_already_ended');
  end if;
  if outcome is null then
    perform app.refuse('outcome_required', 'outcome');
  end if;
  if ended_on is null or ended_on < placement.starts_on or ended_on > app.today() then
    perform app.refuse('end_date_invalid', 'ended_on');
  end if;
  update app.placements p
     set status = 'ended', ended_on = end_placement.ended_on, outcome = end_placement.outcome,
         evaluation = coalesce(trim(end_placement.evaluation), '')
   where p.id = placement.id;
end
$$;
grant execute on function api.end_placement(uuid, date, app.placement_outcome, text) to authenticated;

-- The caseworker marks a day ahead on which the participant will not come; the
-- facilitator's week shows it. Entering the same day twice keeps one.
create function api.add_planned_absence(placement_id uuid, on_date date) returns void
language plpgsql
set search_path = ''
as $$
declare
  placement app.placements;
begin
  select * into placement from app.placements p
   where p.id = add_planned_absence.placement_id and p.municipality_id in (select app.my_municipalities());
  perform app.require_visible(found);
  if on_date is null then
    perform app.refuse('date_required', 'on_date');
  end if;
  if on_date < app.today() then
    perform app.refuse('planned_absence_in_past', 'on_date');
  end if;
  if placement.status = 'ended' or on_date < placement.starts_on or on_date > placement.ends_on then
    perform app.refuse('planned_absence_outside_placement', 'on_date');
  end if;
  insert into app.planned_absences (placement_id, municipality_id, on_date, created_by)
  values (placement.id, placement.municipality_id, on_date, (select auth.uid()))
  on conflict do nothing;
end
$$;
grant execute on function api.add_planned_absence(uuid, date) to authenticated;

-- Taking back a day already taken back changes nothing (a double tap is not an error).
create function api.remove_planned_absence(placement_id uuid, on_date date) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  if not exists (select 1 from app.placements p
                 where p.id = remove_planned_absence.placement_id and p.municipality_id in (select app.my_municipalities())) then
    perform app.not_found();
  end if;
  delete from app.planned_absences a
   where a.placement_id = remove_planned_absence.placement_id and a.on_date = remove_planned_absence.on_date;
end
$$;
grant execute on function api.remove_planned_absence(uuid, date) to authenticated;

create or replace function api.placements(municipality_id uuid, filter text default null, page int default 1) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  chosen_page int := greatest(coalesce(page, 1), 1);
  skipped int := (greatest(coalesce(page, 1), 1) - 1) * 50;
  today date := app.today();
  total bigint;
  ids uuid[];
begin
  perform app.require_staff(municipality_id);
  if filter is null then
    total := coalesce((select t.total from app.list_totals t
                        where t.list = 'placements' and t.municipality_id = placements.municipality_id), 0);
    ids := array(select pl.id from app.placements pl
                 where pl.municipality_id = placements.municipality_id
                 order by pl.ends_on, pl.id limit 50 offset skipped);
  elsif filter = 'ending_soon' then
    total := (select count(*) from app.placements pl
              where pl.municipality_id = placements.municipality_id and pl.status <> 'ended' and pl.ends_on <= today + 30);
    ids := array(select pl.id from app.placements pl
                 where pl.municipality_id = placements.municipality_id and pl.status <> 'ended' and pl.ends_on <= today + 30
                 order by pl.ends_on, pl.id limit 50 offset skipped);
  elsif filter = 'no_attendance' then
    -- Active placements where nobody was marked present for two weeks (app.quiet_placements).
    total := app.quiet_placements(placements.municipality_id, today);
    -- Read in list order from the open placements' index (placements_open_order_idx), each
    -- checked against its kept row, so the first pages stop after 50.
    ids := array(select pl.id from app.placements pl join app.placement_items i on i.placement_id = pl.id
                 where pl.municipality_id = placements.municipality_id and pl.status <> 'ended'
                   and i.municipality_id = placements.municipality_id and i.quiet_since < today - 14
                 order by pl.ends_on, pl.id limit 50 offset skipped);
  else
    -- A filter the list does not know matches nothing.
    total := 0;
    ids := '{}';
  end if;
  return jsonb_build_object(
    'filter', filter,
    'total', total,
    'page', chosen_page,
    'page_size', 50,
    -- In the order of the ids. An array of jsonb becomes a JSON array.
    'placements', array(
      select i.item
      from unnest(ids) with ordinality r (id, n)
      join app.placement_items i on i.placement_id = r.id
      order by r.n));
end
$$;
grant execute on function api.placements(uuid, text, int) to authenticated;

-- Who facilitated the placement, from when to when (R7): each accepted naming for the days
-- it overlapped the placement, oldest first, so that a handover reads as one ending and the
-- next beginning. Definer, because caseworkers may not read organisation members' profiles;
-- it answers only to those who may read the placement.
create function app.placement_facilitators(placement uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(jsonb_agg(jsonb_build_object('display_name', pr.display_name, 'email', pr.email,
                                                 'from', held.first_day, 'to', held.last_day)
                              order by held.first_day, pr.display_name), '[]')
    from app.placements p
    join app.facilitator_namings n on n.agreement_id = p.agreement_id and n.activity_id = p.activity_id
    join app.profiles pr on pr.user_id = n.facilitator_id
    cross join lateral (
      select greatest((n.accepted_at at time zone 'Europe/Oslo')::date, p.starts_on) as first_day,
             least((n.ended_at at time zone 'Europe/Oslo')::date, p.ended_on) as last_day) held
    where p.id = placement and n.accepted_at is not null
      and (held.last_day is null or held.first_day <= held.last_day)
      and (app.is_staff(p.municipality_id) or app.is_member(p.organisation_id, 'admin')
           or app.is_placement_facilitator(p.id)));
end
$$;
grant execute on function app.placement_facilitators(uuid) to authenticated;

-- The placement page; follow-ups, the evaluation and the audit trail are for staff only.
create or replace function api.placement_page(placement_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  placement app.placements;
  is_staff boolean;
begin
  select * into placement from app.placements p where p.id = placement_page.placement_id;
  perform app.require_visible(found);
  is_staff := app.is_staff(placement.municipality_id);
  return jsonb_build_object(
    'placement', to_jsonb(placement) - 'created_by' - case when is_staff then '' else 'evaluation' end,
    'participant', app.participant_card(placement.id),
    'activity', (select jsonb_build_object('id', a.id, 'title', a.title) from app.activities a where a.id = placement.activity_id),
    'organisation', app.organisation_ref(placement.organisation_id),
    'facilitators', app.placement_facilitators(placement.id),
    'followups', case when is_staff then
                   (select coalesce(jsonb_agg(jsonb_build_object('occurred_on', f.occurred_on, 'body', f.body,
                                                                 'author', (select display_name from app.profiles where user_id = f.author_id))
                                              order by f.occurred_on desc), '[]')
                    from app.placement_followups f where f.placement_id = placement.id) end,
    'attendance', (select coalesce(jsonb_agg(jsonb_build_object('date', s.on_date, 'status', at.status, 'note', at.note)
                                             order by s.on_date desc), '[]')
                   from app.attendance at join app.sessions s on s.id = at.session_id where at.placement_id = placement.id),
    'planned_absences', case when is_staff then
                          array(select a.on_date from app.planned_absences a
                                where a.placement_id = placement.id and a.on_date >= app.today() order by a.on_date) end,
    'timeline', case when is_staff then app.audit_trail('placements', placement.id::text) end,
    'is_staff', is_staff);
end
$$;
grant execute on function api.placement_page(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- API: the facilitator's week, attendance and sessions (facilitator, organisation admin)
------------------------------------------------------------------------------------------
-- The sessions the weekly schedule gives the activities between the two dates, inside their
-- seasons. SQL without a search_path, so that it is inlined into app.ensure_sessions.
create function app.scheduled_sessions(activity_ids uuid[], from_date date, to_date date)
returns table (activity_id uuid, on_date date, starts_at time, ends_at time)
language sql stable
as $$
  select a.id, d::date, s.starts_at, s.ends_at
  from app.activities a
  join app.activity_slots s on s.activity_id = a.id
  cross join generate_series(from_date, to_date, interval '1 day') d
  where a.id = any (activity_ids)
    and extract(isodow from d)::int = s.weekday
    and (a.season_start is null or d::date >= a.season_start)
    and (a.season_end is null or d::date <= a.season_end)
$$;

-- Creates the sessions the weekly schedule gives the activities between the two dates, where
-- they are missing. PL/pgSQL, so that its statements are planned once per pooled connection
-- (a SQL function with `set search_path` is planned on every call). Once a week's sessions
-- exist, as they do for every look but the first, only the read runs: it costs less than
-- setting up an insert that finds nothing missing.
create or replace function app.ensure_sessions(activity_ids uuid[], from_date date, to_date date) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  if not exists (
    select 1 from app.scheduled_sessions(activity_ids, from_date, to_date) w
    where not exists (select 1 from app.sessions x
                      where x.activity_id = w.activity_id and x.on_date = w.on_date and x.starts_at = w.starts_at)) then
    return;
  end if;
  insert into app.sessions (activity_id, on_date, starts_at, ends_at)
  select w.activity_id, w.on_date, w.starts_at, w.ends_at from app.scheduled_sessions(activity_ids, from_date, to_date) w
  on conflict (activity_id, on_date, starts_at) do nothing;
end
$$;
grant execute on function app.ensure_sessions(uuid[], date, date) to authenticated, service_role;

-- The facilitator's week: the activities the caller may plan, and each session with the
-- caller's participants and their marks. One query over the placements the week reads
-- answers what app.may_plan_sessions would ask per activity, and each participant's card is
-- built inline (docs/performance.md).
create or replace function api.facilitator_week(week_start date default null) returns jsonb
language plpgsql security definer
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  caller uuid := app.require_user();
  today date := app.today();
  monday date := coalesce(week_start, app.today()) - (extract(isodow from coalesce(week_start, app.today()))::int - 1);
  mine uuid[];
  planned uuid[];
  activity_ids uuid[];
  plannable uuid[];
begin
  -- The placements the caller logs (R7); those they only read after a handover are not in
  -- the week.
  select coalesce(array_agg(f.placement_id), '{}'), coalesce(array_agg(distinct f.activity_id), '{}'),
         coalesce(array_agg(distinct f.activity_id) filter (where f.status = 'active'), '{}')
    into mine, activity_ids, plannable
  from app.my_facilitated_placements() f
  where f.may_log;
  -- Placements that have not started, on the sessions ahead, so that the facilitator knows
  -- who is coming: those of the activities the caller is named for now (a planned placement
  -- belongs to whoever is named when it starts), with the role accepted (R7).
  select coalesce(array_agg(p.id), '{}'), activity_ids || coalesce(array_agg(distinct p.activity_id), '{}')
    into planned, activity_ids
  from app.facilitator_namings n
  join app.placements p on p.agreement_id = n.agreement_id and p.activity_id = n.activity_id and p.status = 'planned'
  join app.memberships m on m.organisation_id = p.organisation_id and m.user_id = n.facilitator_id
                        and m.role = 'facilitator'
  where n.facilitator_id = caller and n.accepted_at is not null and n.ended_at is null;
  -- app.may_plan_sessions: the facilitator of an active placement there (above), or an admin
  -- of the activity's organisation.
  plannable := plannable || array(
    select a.id from app.activities a
    where a.id = any (activity_ids) and not a.id = any (plannable)
      and exists (select 1 from app.memberships m
                  where m.organisation_id = a.organisation_id and m.user_id = caller and m.role = 'admin'));
  perform app.ensure_sessions(activity_ids, monday, monday + 6);
  return jsonb_build_object(
    'week_start', monday,
    'today', today,
    -- Arrays of jsonb, which become JSON arrays ('[]' when empty), at less cost than
    -- jsonb_agg (docs/performance.md).
    'activities', array(select jsonb_build_object('id', a.id, 'title', a.title)
                        from app.activities a where a.id = any (plannable) order by a.title),
    'sessions', array(select jsonb_build_object(
        'id', s.id, 'activity_id', s.activity_id, 'activity', a.title, 'on_date', s.on_date,
        'starts_at', to_char(s.starts_at, 'HH24:MI'), 'ends_at', to_char(s.ends_at, 'HH24:MI'),
        'cancelled', s.cancelled, 'cancel_reason', s.cancel_reason, 'is_extra', s.is_extra,
        'may_plan', s.activity_id = any (plannable),
        'participants', array(select jsonb_build_object(
                            'placement_id', p.id,
                            'card', jsonb_build_object(
                              'first_name', pa.first_name,
                              'birth_year', pa.birth_year,
                              'note', case when pa.share_activity_note and pa.activity_note <> '' then pa.activity_note end),
                            'status', at.status, 'note', at.note,
                            'planned_absence', ab.on_date is not null,
                            -- Why the mark cannot be changed here (R4), known before anyone tries.
                            'locked', case when s.on_date > today then 'attendance_in_future'
                                           when s.on_date < today - mu.attendance_edit_window_days
                                             then 'attendance_edit_window_closed' end,
                            'window_days', mu.attendance_edit_window_days)
                         from app.placements p
                         join app.participants pa on pa.id = p.participant_id
                         join app.municipalities mu on mu.id = p.municipality_id
                         left join app.attendance at on at.placement_id = p.id and at.session_id = s.id
                         left join app.planned_absences ab on ab.placement_id = p.id and ab.on_date = s.on_date
                         where p.id = any (mine || planned) and p.activity_id = s.activity_id
                           and s.on_date between p.starts_on and coalesce(p.ended_on, p.ends_on)
                         order by p.id))
      from app.sessions s join app.activities a on a.id = s.activity_id
      where s.activity_id = any (activity_ids) and s.on_date between monday and monday + 6
      order by s.on_date, s.starts_at),
    -- Each participant's last eight sessions up to today, oldest first, so that the
    -- facilitator notices someone drifting away; a session nobody logged has no status.
    'history', coalesce((select jsonb_object_agg(p.id, array(
        select jsonb_build_object('on_date', h.on_date, 'status', h.status)
        from (select s.on_date, s.starts_at, case when s.cancelled then 'cancelled' else at.status::text end as status
              from app.sessions s
              left join app.attendance at on at.session_id = s.id and at.placement_id = p.id
              where s.activity_id = p.activity_id
                and s.on_date between p.starts_on and least(today, coalesce(p.ended_on, p.ends_on))
              order by s.on_date desc, s.starts_at desc
              limit 8) h
        order by h.on_date, h.starts_at))
      from app.placements p where p.id = any (mine)), '{}'));
end
$$;
grant execute on function api.facilitator_week(date) to authenticated;

-- Saves a session's marks. Security definer, so that the upsert does not pay for three
-- policies per mark, and for the select policy that ON CONFLICT DO UPDATE applies, which
-- builds every placement the caller may read (docs/performance.md). It asks the same
-- questions itself, for all marks in one query: R4 (what app.check_attendance refuses) and
-- who may log (app.may_log_attendance, R7), refusing the first mark that fails with the error
-- the trigger or the policy would give. The trigger remains the wall for every other writer.
create or replace function api.save_attendance(session_id uuid, marks jsonb, save_key uuid default null) returns int
language plpgsql security definer
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
  today date := app.today();
  -- The caller's own roles: a handful of rows, read once, not asked per mark.
  staff_of uuid[] := array(select st.municipality_id from app.staff st where st.user_id = caller);
  admin_of uuid[] := array(select ms.organisation_id from app.memberships ms where ms.user_id = caller and ms.role = 'admin');
  logged uuid[] := array(select f.placement_id from app.my_facilitated_placements() f where f.may_log);
  refusal text;
  window_days int;
  saved int;
begin
  if jsonb_typeof(marks) <> 'array' then
    perform app.refuse('marks_invalid', 'marks');
  end if;
  -- A save sent again with its key (a retry) answers what the first one saved. The key is
  -- taken before the marks are checked: a concurrent retry waits here for the first, and a
  -- refusal rolls the key back with the marks, so the retry is refused the same way.
  if save_key is not null then
    insert into app.attendance_saves (user_id, save_key) values (caller, save_attendance.save_key) on conflict do nothing;
    if not found then
      return (select k.marks_saved from app.attendance_saves k
              where k.user_id = caller and k.save_key = save_attendance.save_key);
    end if;
  end if;
  -- Joins, not subqueries: with a subquery per mark the planner, guessing 100 marks, reads
  -- whole tables into hash tables.
  select c.refusal, mu.attendance_edit_window_days into refusal, window_days
  from jsonb_array_elements(marks) with ordinality m (mark, n)
  left join app.placements p on p.id = (m.mark ->> 'placement_id')::uuid
  left join app.sessions s on s.id = save_attendance.session_id and s.activity_id = p.activity_id
  left join app.municipalities mu on mu.id = p.municipality_id
  cross join lateral (
    select
      case
        when s.on_date is null then 'session_not_of_placement'
        when s.on_date > today then 'attendance_in_future'
        when s.on_date < p.starts_on or s.on_date > coalesce(p.ended_on, p.ends_on) then 'attendance_outside_placement'
        when s.on_date < today - mu.attendance_edit_window_days and not p.municipality_id = any (staff_of)
          then 'attendance_edit_window_closed'
        -- app.may_log_attendance: a facilitator who logs the placement (R7), an admin of its
        -- organisation, or staff of its municipality. Unknown (null) is no.
        when not coalesce(p.municipality_id = any (staff_of)
                          or p.organisation_id = any (admin_of)
                          or p.id = any (logged), false)
          then 'not_allowed'
      end as refusal
  ) c
  where m.mark ->> 'status' is not null and c.refusal is not null
  order by m.n
  limit 1;
  if refusal = 'not_allowed' then
    -- The error row-level security gives the other writers of app.attendance.
    raise exception using errcode = '42501', message = 'new row violates row-level security policy for table "attendance"';
  elsif refusal = 'attendance_edit_window_closed' then
    perform app.refuse(refusal, 'session_id', jsonb_build_object('days', window_days));
  elsif refusal is not null then
    perform app.refuse(refusal, 'session_id');
  end if;

  insert into app.attendance (placement_id, session_id, status, note)
  select (m ->> 'placement_id')::uuid, save_attendance.session_id, (m ->> 'status')::app.attendance_status,
         nullif(trim(m ->> 'note'), '')
  from jsonb_array_elements(marks) m
  where m ->> 'status' is not null
  on conflict on constraint attendance_pkey do update
    set status = excluded.status, note = excluded.note
    where app.attendance.status is distinct from excluded.status or app.attendance.note is distinct from excluded.note;
  get diagnostics saved = row_count;
  if save_key is not null then
    update app.attendance_saves k set marks_saved = saved where k.user_id = caller and k.save_key = save_attendance.save_key;
  end if;
  return saved;
end
$$;
grant execute on function api.save_attendance(uuid, jsonb, uuid) to authenticated;

create or replace function api.add_session(activity_id uuid, on_date date, starts_at time, ends_at time) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  created uuid;
begin
  perform app.require_visible(app.may_plan_sessions(add_session.activity_id));
  if on_date is null then
    perform app.refuse('date_required', 'on_date');
  end if;
  if starts_at is null then
    perform app.refuse('time_required', 'starts_at');
  end if;
  if ends_at is null or ends_at <= starts_at then
    perform app.refuse('slot_invalid', 'ends_at');
  end if;
  insert into app.sessions (activity_id, on_date, starts_at, ends_at, is_extra, created_by)
  values (activity_id, on_date, starts_at, ends_at, true, (select auth.uid()))
  on conflict do nothing
  returning id into created;
  if created is null then
    perform app.refuse('session_exists', 'starts_at');
  end if;
  return created;
end
$$;
grant execute on function api.add_session(uuid, date, time, time) to authenticated;

-- Cancelling twice keeps the first reason; the attendance of a cancelled session stops
-- counting (app.count_cancelled_session), so none is needed.
create or replace function api.cancel_session(session_id uuid, reason text default null) returns void
language plpgsql
set search_path = ''
as $$
declare
  session app.sessions;
begin
  select * into session from app.sessions s where s.id = cancel_session.session_id;
  perform app.require_visible(found and app.may_plan_sessions(session.activity_id));
  if session.cancelled then
    perform app.refuse('session_already_cancelled');
  end if;
  if length(trim(coalesce(reason, ''))) > 500 then
    perform app.refuse('reason_too_long', 'reason');
  end if;
  update app.sessions s set cancelled = true, cancel_reason = nullif(trim(reason), '') where s.id = session.id;
end
$$;
grant execute on function api.cancel_session(uuid, text) to authenticated;

------------------------------------------------------------------------------------------
-- Daily job: planned placements start, and R10 anonymisation. The local stack runs it;
-- on a hosted project schedule it with pg_cron like the agreement lifecycle.
------------------------------------------------------------------------------------------
create function api.run_placement_lifecycle(today date default app.today())
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  started int;
  anonymised int;
begin
  with activated as (
    update app.placements set status = 'active' where status = 'planned' and starts_on <= today returning id)
  select count(*) into started from activated;

  -- R10: personal data goes a set time after the last placement ended; birth year,
  -- placements, outcomes and attendance stay, so statistics do not change.
  with due as (
    select pa.id from app.participants pa join app.municipalities m on m.id = pa.municipality_id
    where pa.anonymised_at is null
      and exists (select 1 from app.placements p where p.participant_id = pa.id)
      and not exists (select 1 from app.placements p where p.participant_id = pa.id
                        and (p.status <> 'ended' or p.ended_on > today - make_interval(months => m.retention_months)))
  ),
  cleared as (
    update app.participants pa
       set first_name = 'Anonymisert', contact_name = null, contact_phone = null, activity_note = '',
           share_activity_note = false, interests = '{}', wishes = '', anonymised_at = now()
      from due where pa.id = due.id
    returning pa.id),
  notes as (delete from app.participant_notes n using cleared where n.participant_id = cleared.id),
  followups as (delete from app.placement_followups f using app.placements p, cleared
                 where f.placement_id = p.id and p.participant_id = cleared.id),
  evaluations as (update app.placements p set evaluation = '' from cleared where p.participant_id = cleared.id),
  attendance_notes as (update app.attendance at set note = null from app.placements p, cleared
                        where at.placement_id = p.id and p.participant_id = cleared.id and at.note is not null)
  select count(*) into anonymised from cleared;

  return jsonb_build_object('started', started, 'anonymised', anonymised);
end
$$;
grant execute on function api.run_placement_lifecycle(date) to service_role;

------------------------------------------------------------------------------------------
-- Session planning (R4, R7)
------------------------------------------------------------------------------------------
-- Who may add and cancel an activity's sessions: a facilitator who logs one of its active
-- placements, or an admin of its organisation. Other members may not: a facilitator of
-- another of its activities may not even see who is placed here (R7).
create function app.may_plan_sessions(activity uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.activities a where a.id = activity and app.is_member(a.organisation_id, 'admin'))
      or exists (select 1 from app.my_facilitated_placements() f
                  where f.activity_id = activity and f.status = 'active' and f.may_log)
$$;
grant execute on function app.may_plan_sessions(uuid) to authenticated, service_role;

create policy "Sessions are added by those who may plan them" on app.sessions
  for insert to authenticated with check (app.may_plan_sessions(activity_id));

create policy "Sessions are cancelled by those who may plan them" on app.sessions
  for update to authenticated using (app.may_plan_sessions(activity_id)) with check (app.may_plan_sessions(activity_id));

------------------------------------------------------------------------------------------
-- Access-request export: only the caseworkers of the participant's municipality, and
-- every export leaves a trace (who took out whose data, when). The trail takes only
-- insert/update/delete, so an export is recorded as an insert into the pseudo-table
-- 'participant_exports', without the data itself.
------------------------------------------------------------------------------------------
create function app.record_participant_export(participant uuid, municipality uuid) returns void
language sql security definer
set search_path = ''
as $$
  insert into app.audit_events (actor_id, actor_role, table_name, record_id, action, new_row, municipality_id)
  values ((select auth.uid()), coalesce(auth.role(), current_user), 'participant_exports', participant::text, 'insert',
          jsonb_build_object('participant_id', participant), municipality)
$$;
grant execute on function app.record_participant_export(uuid, uuid) to authenticated;

------------------------------------------------------------------------------------------
-- API: an activity's coming sessions (organisation admin, facilitator)
------------------------------------------------------------------------------------------
-- Four weeks from the Monday of `from_date` (default this week), generated from the weekly
-- schedule like the facilitator's week, to cancel one or add an extra one without going
-- through the week of attendance. Only for those who may plan the activity's sessions.
create function api.activity_sessions(activity_id uuid, from_date date default null) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  monday date := coalesce(from_date, app.today()) - (extract(isodow from coalesce(from_date, app.today()))::int - 1);
  activity app.activities;
begin
  select * into activity from app.activities a where a.id = activity_sessions.activity_id;
  perform app.require_visible(found and app.may_plan_sessions(activity.id));
  perform app.ensure_sessions(array[activity.id], monday, monday + 27);
  return jsonb_build_object(
    'activity', jsonb_build_object('id', activity.id, 'title', activity.title),
    'organisation', app.organisation_ref(activity.organisation_id),
    'from', monday,
    'to', monday + 27,
    'today', app.today(),
    'sessions', (select coalesce(jsonb_agg(jsonb_build_object(
        'id', s.id, 'on_date', s.on_date, 'starts_at', to_char(s.starts_at, 'HH24:MI'),
        'ends_at', to_char(s.ends_at, 'HH24:MI'), 'cancelled', s.cancelled, 'cancel_reason', s.cancel_reason,
        'is_extra', s.is_extra) order by s.on_date, s.starts_at), '[]')
      from app.sessions s where s.activity_id = activity.id and s.on_date between monday and monday + 27));
end
$$;
grant execute on function api.activity_sessions(uuid, date) to authenticated;

------------------------------------------------------------------------------------------
-- Suggested activities: interests that name a weekday
------------------------------------------------------------------------------------------
-- The ISO weekdays an interest tag names, in bokmål ("helg" for Saturday and Sunday), so that
-- a tag such as "tirsdag" suggests activities that meet then. It is inlined where it is asked
-- per row: it names no table, sets no search_path, and its arrays are immutable constructors
-- (a text cast to int[] would be stable, which stops an immutable function's inlining).
create or replace function app.weekdays_named(tag text) returns int[]
language sql immutable
as $$
  select case lower(trim(tag))
    when 'mandag' then array[1] when 'tirsdag' then array[2] when 'onsdag' then array[3]
    when 'torsdag' then array[4] when 'fredag' then array[5] when 'lørdag' then array[6]
    when 'søndag' then array[7] when 'helg' then array[6, 7] else array[]::int[] end
$$;
grant execute on function app.weekdays_named(text) to authenticated, service_role;

------------------------------------------------------------------------------------------
-- Monthly attendance counts (app.attendance_months), kept per statement
------------------------------------------------------------------------------------------
-- A facilitator saves a whole session at once, so each statement brings the (placement,
-- month) pairs it touched up to date together, not one mark at a time (docs/performance.md).

-- Hands what a statement took away (-1) and added (+1) to app.apply_attendance_changes.
create or replace function app.count_attendance_marks() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- One aggregate pass over the transition tables keeps the arrays in step.
  if tg_op = 'INSERT' then
    perform app.apply_attendance_changes(array_agg(placement_id), array_agg(session_id), array_agg(status), array_agg(1))
    from new_rows;
  elsif tg_op = 'DELETE' then
    perform app.apply_attendance_changes(array_agg(placement_id), array_agg(session_id), array_agg(status), array_agg(-1))
    from old_rows;
  else
    perform app.apply_attendance_changes(array_agg(placement_id), array_agg(session_id), array_agg(status), array_agg(sign))
    from (select placement_id, session_id, status, -1 as sign from old_rows
          union all select placement_id, session_id, status, 1 from new_rows) changed;
  end if;
  return null;
end
$$;

select app.create_statement_triggers('app.attendance', 'count', 'app.count_attendance_marks()');

-- The placement list's order: a page is read from the index and stops after 50, without
-- sorting every placement of the municipality.
create index placements_list_order_idx on app.placements (municipality_id, ends_on, id);

-- Recounts the given (placement_ids[i], months[i]) pairs from the marks. Definer: it keeps a
-- derived table that no role writes directly.
create function app.recount_attendance_months(placement_ids uuid[], months date[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.attendance_months (placement_id, municipality_id, organisation_id, month, present, absent, last_present_on)
  select p.id, p.municipality_id, p.organisation_id, t.month, c.present, c.absent, c.last_present_on
  from (select distinct placement_id, month from unnest(placement_ids, months) as t (placement_id, month)) t
  join app.placements p on p.id = t.placement_id
  cross join lateral (
    select count(*) filter (where at.status = 'present') as present, count(*) filter (where at.status = 'absent') as absent,
           max(s.on_date) filter (where at.status = 'present') as last_present_on
    from app.attendance at join app.sessions s on s.id = at.session_id
    where at.placement_id = p.id and not s.cancelled
      and s.on_date >= t.month and s.on_date < t.month + interval '1 month'
  ) c
  on conflict (placement_id, month) do update
    set present = excluded.present, absent = excluded.absent, last_present_on = excluded.last_present_on;
end
$$;
grant execute on function app.recount_attendance_months(uuid[], date[]) to authenticated, service_role;

-- Applies marks taken away (sign -1) and added (sign +1) to their months. Definer, as the recount.
--
-- It adds what the statement added and takes away what it took away, one session lookup per
-- changed mark, where a recount reads every mark of the placement (docs/performance.md). The
-- latest present day can be kept that way unless it is the one taken away; then it is read
-- from the month's marks on the sessions of the placement's own activity, which are all of
-- the month's marks when their counts equal the kept counts (app.check_attendance refuses a
-- mark for another activity's session). Otherwise, or when the month has no row yet, the pair
-- is recounted.
--
-- The update adds to the row as it is when locked, so a concurrent save's marks are kept,
-- where two recounts from two snapshots could each miss the other's marks.
create function app.apply_attendance_changes(placement_ids uuid[], session_ids uuid[],
                                             statuses app.attendance_status[], signs int[]) returns void
language plpgsql security definer
set search_path = ''
-- Every step is an index lookup whatever the arrays hold, so the generic plan serves; a plan
-- made for the given arrays would look cheaper and be made again on every call.
set plan_cache_mode = force_generic_plan
as $$
declare
  stale_placements uuid[];
  stale_months date[];
begin
  if placement_ids is null then
    return;
  end if;
  with changes as (
    -- A mark of a cancelled session counts for nothing, but its month still gets its row.
    select c.placement_id, date_trunc('month', s.on_date)::date as month, s.on_date,
           case when not s.cancelled then c.status end as status, c.sign
    from unnest(placement_ids, session_ids, statuses, signs) as c (placement_id, session_id, status, sign)
    join app.sessions s on s.id = c.session_id
  ),
  pairs as (
    select placement_id, month,
           coalesce(sum(sign) filter (where status = 'present'), 0) as present,
           coalesce(sum(sign) filter (where status = 'absent'), 0) as absent,
           max(on_date) filter (where status = 'present' and sign > 0) as added_last,
           max(on_date) filter (where status = 'present' and sign < 0) as removed_last
    from changes group by placement_id, month
  ),
  kept as (
    update app.attendance_months am
       set present = am.present + d.present, absent = am.absent + d.absent,
           last_present_on = case when d.removed_last is null or d.removed_last < am.last_present_on
                                       or d.added_last >= d.removed_last
                                  then greatest(am.last_present_on, d.added_last)
                                  else own.last_present_on end
      from pairs d
      join app.placements p on p.id = d.placement_id
      -- When the latest present day may be the one taken away: the month's marks on the
      -- sessions of the placement's own activity (a handful, by the sessions' unique index).
      -- They are all of the month's marks when they add up to the month's counts.
      cross join lateral (
        select count(*) filter (where at.status = 'present') as present, count(*) filter (where at.status = 'absent') as absent,
               max(s.on_date) filter (where at.status = 'present') as last_present_on
        from app.sessions s
        join app.attendance at on at.placement_id = p.id and at.session_id = s.id
        where d.removed_last is not null and (d.added_last is null or d.added_last < d.removed_last)
          and s.activity_id = p.activity_id and s.on_date >= d.month and s.on_date < d.month + interval '1 month'
          and not s.cancelled
      ) own
     where am.placement_id = d.placement_id and am.month = d.month
       and (d.removed_last is null or d.removed_last < am.last_present_on or d.added_last >= d.removed_last
            or (own.present = am.present + d.present and own.absent = am.absent + d.absent))
    returning am.placement_id, am.month
  )
  select array_agg(d.placement_id), array_agg(d.month) into stale_placements, stale_months
  from pairs d
  where not exists (select 1 from kept k where k.placement_id = d.placement_id and k.month = d.month);
  if stale_placements is not null then
    perform app.recount_attendance_months(stale_placements, stale_months);
  end if;
end
$$;
grant execute on function app.apply_attendance_changes(uuid[], uuid[], app.attendance_status[], int[]) to authenticated, service_role;

------------------------------------------------------------------------------------------
-- List order and kept list rows
------------------------------------------------------------------------------------------
-- The participant list: a page in name order straight from the index, stopping after 50. The
-- id is in the index so that the many rows of one first name need no sort either.
create index participants_list_order_idx on app.participants (municipality_id, first_name, id);

-- "Ending soon" counts and pages the placements that have not ended, in list order. In an
-- index of their own, the page does not walk past every ended placement (they end first) and
-- the count does not read them (docs/performance.md).
create index placements_open_order_idx on app.placements (municipality_id, ends_on, id) where status <> 'ended';

-- Each placement's row in the caseworker's list, kept so that a page is read, not built
-- (docs/performance.md). It is rebuilt when the placement, its participant's name, its
-- activity's title or its organisation's name changes; its last attendance is set when a
-- month's latest present day changes.
create table app.placement_items (
  placement_id uuid primary key references app.placements (id) on delete cascade,
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  item jsonb not null,
  -- For an active placement, the last day the participant was there (or the start, if never):
  -- "no attendance for N days" is quiet_since < today - N, counted from an index without
  -- looking at the placements' months one by one. Null for planned and ended placements.
  quiet_since date
);

create index placement_items_quiet_idx on app.placement_items (municipality_id, quiet_since) where quiet_since is not null;

-- Rebuilds the list rows of the given placements. Definer: the items are derived, no role
-- writes them.
create or replace function app.refresh_placement_items(placement_ids uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.placement_items (placement_id, municipality_id, item)
  select pl.id, pl.municipality_id, '{}' from app.placements pl where pl.id = any (placement_ids) order by pl.id
  on conflict (placement_id) do nothing;
  perform 1 from app.placement_items i where i.placement_id = any (placement_ids) order by i.placement_id for update;
  update app.placement_items i
     set item = jsonb_build_object(
           'id', pl.id, 'status', pl.status, 'participant', pa.first_name, 'participant_id', pa.id,
           'activity', a.title, 'organisation', o.name, 'starts_on', pl.starts_on,
           'ends_on', pl.ends_on, 'outcome', pl.outcome,
           'last_attendance', l.day),
         quiet_since = case when pl.status = 'active' then greatest(pl.starts_on, l.day) end
    from app.placements pl
    join app.participants pa on pa.id = pl.participant_id
    join app.activities a on a.id = pl.activity_id
    join app.organisations o on o.id = pl.organisation_id
    cross join lateral (select app.last_present_on(pl.id) as day) l
   where pl.id = i.placement_id and i.placement_id = any (placement_ids);
end
$$;

-- Rebuilds the rows of the placements a change of a placement, participant, activity or
-- organisation touches.
create function app.refresh_placement_item() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'placements' then
    perform app.refresh_placement_items(array[new.id]);
  elsif tg_table_name = 'participants' then
    perform app.refresh_placement_items(array(select pl.id from app.placements pl where pl.participant_id = new.id));
  elsif tg_table_name = 'activities' then
    perform app.refresh_placement_items(array(select pl.id from app.placements pl where pl.activity_id = new.id));
  else
    perform app.refresh_placement_items(array(select pl.id from app.placements pl where pl.organisation_id = new.id));
  end if;
  return null;
end
$$;

create trigger placements_list_item after insert or update of status, participant_id, activity_id,
  organisation_id, starts_on, ends_on, outcome on app.placements
  for each row execute function app.refresh_placement_item();

create trigger participants_placement_items after update of first_name on app.participants
  for each row when (old.first_name is distinct from new.first_name) execute function app.refresh_placement_item();

create trigger activities_placement_items after update of title on app.activities
  for each row when (old.title is distinct from new.title) execute function app.refresh_placement_item();

create trigger organisations_placement_items after update of name on app.organisations
  for each row when (old.name is distinct from new.name) execute function app.refresh_placement_item();

-- A month's last present day lies in that month, so the latest month that has one holds the
-- latest of all: read backwards along the primary key, stopping there. PL/pgSQL, so that its
-- plan is kept per connection.
create function app.last_present_on(placement uuid) returns date
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (select am.last_present_on from app.attendance_months am
           where am.placement_id = placement and am.last_present_on is not null
           order by am.month desc limit 1);
end
$$;

-- How many of a municipality's active placements have had nobody marked present for two
-- weeks (counting from the start for a placement with no attendance yet): the placement
-- list's "no attendance" filter and the caseworker's work list count the same thing.
-- Invoker: its callers are definer functions that have checked the caller.
create function app.quiet_placements(municipality uuid, today date) returns bigint
language sql stable
as $$
  select count(*) from app.placement_items i
   where i.municipality_id = municipality and i.quiet_since is not null and i.quiet_since < today - 14
$$;

-- Sets the item's last attendance. A save that leaves it where it is writes nothing more.
-- Per row, only when a month's latest present day changed: most updates of the months
-- (counts moving) leave it, and a row trigger's condition then costs nothing, where a
-- statement trigger would collect every changed row first. As app.refresh_placement_items, the
-- item is locked first and read in a later statement, so two saves of the same placement
-- (say, in two months) cannot leave it with the latest day of the one that locked it first.
create function app.attendance_months_last_attendance() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  placement uuid;
begin
  foreach placement in array case when tg_op = 'UPDATE' and new.placement_id <> old.placement_id
                                  then array[old.placement_id, new.placement_id]
                                  else array[coalesce(new.placement_id, old.placement_id)] end loop
    perform 1 from app.placement_items i where i.placement_id = placement for update;
    update app.placement_items i
       set item = jsonb_set(i.item, '{last_attendance}', coalesce(to_jsonb(l.day), 'null')),
           quiet_since = case when i.quiet_since is not null then greatest((i.item ->> 'starts_on')::date, l.day) end
      from (select (select am.last_present_on from app.attendance_months am
                     where am.placement_id = placement and am.last_present_on is not null
                     order by am.month desc limit 1) as day) l
     where i.placement_id = placement and i.item -> 'last_attendance' is distinct from coalesce(to_jsonb(l.day), 'null');
  end loop;
  return null;
end
$$;

create trigger attendance_months_last_attendance_inserts after insert on app.attendance_months
  for each row when (new.last_present_on is not null) execute function app.attendance_months_last_attendance();

create trigger attendance_months_last_attendance_updates after update on app.attendance_months
  for each row when (new.last_present_on is distinct from old.last_present_on or new.placement_id <> old.placement_id)
  execute function app.attendance_months_last_attendance();

create trigger attendance_months_last_attendance_deletes after delete on app.attendance_months
  for each row when (old.last_present_on is not null) execute function app.attendance_months_last_attendance();

-- The list totals (app.list_totals) the participant and placement lists read without counting.
select app.create_statement_triggers('app.participants', 'count', 'app.count_list_rows(''participants'')', array['insert', 'delete']);

create trigger participants_count_moves after update of municipality_id on app.participants
  for each row when (old.municipality_id is distinct from new.municipality_id)
  execute function app.count_list_rows('participants');

select app.create_statement_triggers('app.placements', 'count', 'app.count_list_rows(''placements'')', array['insert', 'delete']);

create trigger placements_count_moves after update of municipality_id on app.placements
  for each row when (old.municipality_id is distinct from new.municipality_id)
  execute function app.count_list_rows('placements');

-- Each participant's row in the caseworker's list, kept as the placement list's
-- (app.placement_items) so that a page is read, not built (docs/performance.md). The count of
-- open placements moves by deltas.
create table app.participant_items (
  participant_id uuid primary key references app.participants (id) on delete cascade,
  item jsonb not null
);

-- The participant's own values in their list row; the row's count of open placements is kept
-- apart. SQL without a search_path, so that it is inlined where it is used.
create function app.participant_item_values(participant app.participants) returns jsonb
language sql stable
as $$
  select jsonb_build_object('id', participant.id, 'first_name', participant.first_name,
                            'birth_year', participant.birth_year, 'anonymised', participant.anonymised_at is not null)
$$;

-- Definer: the items are derived, no role writes them. Rows are locked first and built in a
-- later statement, whose snapshot sees what the transaction that held a row committed (a
-- placement's delta, say), so a rebuild cannot miss a change made meanwhile.
create function app.refresh_participant_items(participant_ids uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.participant_items (participant_id, item)
  select p.id, '{}' from app.participants p where p.id = any (participant_ids) order by p.id
  on conflict (participant_id) do nothing;
  perform 1 from app.participant_items i where i.participant_id = any (participant_ids)
    order by i.participant_id for update;
  -- The keys and values of a row of api.participants.
  update app.participant_items i
     set item = app.participant_item_values(p) || jsonb_build_object(
           'active_placements', (select count(*) from app.placements pl
                                  where pl.participant_id = p.id and pl.status <> 'ended'))
    from app.participants p
   where p.id = i.participant_id and i.participant_id = any (participant_ids);
end
$$;

-- The participant's own values are merged into the row as locked, so a concurrent count's
-- delta is kept.
create function app.participant_item_changed() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update app.participant_items i set item = i.item || app.participant_item_values(new)
   where i.participant_id = new.id;
  if not found then
    perform app.refresh_participant_items(array[new.id]);
  end if;
  return null;
end
$$;

create trigger participants_items_insert after insert on app.participants
  for each row execute function app.participant_item_changed();

create trigger participants_items_update after update of first_name, birth_year, anonymised_at on app.participants
  for each row
  when (old.first_name is distinct from new.first_name or old.birth_year is distinct from new.birth_year
        or (old.anonymised_at is null) <> (new.anonymised_at is null))
  execute function app.participant_item_changed();

-- Open placements move the count by one. The update adds to the row as locked (read committed
-- re-reads it), so two transactions placing one participant keep each other's change.
create function app.participant_item_count_placement() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.status <> 'ended' then
    update app.participant_items i
       set item = jsonb_set(i.item, '{active_placements}', to_jsonb((i.item ->> 'active_placements')::bigint - 1))
     where i.participant_id = old.participant_id;
    if not found then
      perform app.refresh_participant_items(array[old.participant_id]);
    end if;
  end if;
  if tg_op in ('UPDATE', 'INSERT') and new.status <> 'ended' then
    update app.participant_items i
       set item = jsonb_set(i.item, '{active_placements}', to_jsonb((i.item ->> 'active_placements')::bigint + 1))
     where i.participant_id = new.participant_id;
    if not found then
      perform app.refresh_participant_items(array[new.participant_id]);
    end if;
  end if;
  return null;
end
$$;

create trigger placements_participant_items_insert after insert on app.placements
  for each row when (new.status <> 'ended') execute function app.participant_item_count_placement();

create trigger placements_participant_items_delete after delete on app.placements
  for each row when (old.status <> 'ended') execute function app.participant_item_count_placement();

create trigger placements_participant_items_update after update of status, participant_id on app.placements
  for each row
  when ((old.status <> 'ended') <> (new.status <> 'ended') or old.participant_id is distinct from new.participant_id)
  execute function app.participant_item_count_placement();

------------------------------------------------------------------------------------------
-- The placement search's kept choices
------------------------------------------------------------------------------------------
-- The activities a municipality's caseworkers can place participants in: one row for each
-- activity an active agreement with the municipality covers, with what api.placement_search
-- and the suggestions sort and filter on, so that a page walks one index in title order and stops
-- (docs/decisions/007-fast-policies.md). Gathering them per call from the agreements was a
-- hash of every covered activity and a sort (~20 ms on the large municipality).
create table app.placement_choices (
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  activity_id uuid not null references app.activities (id) on delete cascade,
  title text not null,
  category app.organisation_kind not null,
  -- ISO weekdays the activity meets.
  weekdays smallint[] not null,
  -- The activity's title and its organisation's name in lower case: what the search words match.
  words text not null,
  -- What the suggestions filter and match on besides.
  age_min int,
  age_max int,
  adaptation_tags text[] not null,
  primary key (municipality_id, activity_id)
);

-- A page walks one of these in title order and stops after its 20; the filters are in them, so
-- a count reads no table. With a category, the second gives the category's page in order.
create index placement_choices_order_idx on app.placement_choices (municipality_id, title, activity_id)
  include (category, weekdays, words);

create index placement_choices_category_idx on app.placement_choices (municipality_id, category, title, activity_id)
  include (weekdays);

-- Searched words: the count reads the rows that hold the words' trigrams, not every choice.
create index placement_choices_words_idx on app.placement_choices using gin (words extensions.gin_trgm_ops);

create index placement_choices_activity_idx on app.placement_choices (activity_id);

select app.create_statement_triggers('app.placement_choices', 'count', 'app.count_list_rows(''placement_choices'')', array['insert', 'delete']);

-- Rebuilds the choices of the given activities in every municipality. Definer: the choices
-- are derived, no role writes them. A lock per activity, taken in order, makes a second
-- change of the same activity wait; the statements after it see what the first committed, so
-- an agreement ending while another starts, or a rename during either, is never lost.
create function app.refresh_placement_choices(activity_ids uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  activity uuid;
begin
  for activity in select distinct x from unnest(activity_ids) x where x is not null order by 1 loop
    perform pg_advisory_xact_lock(hashtext('placement_choices:' || activity::text));
  end loop;
  delete from app.placement_choices c
   where c.activity_id = any (activity_ids)
     and not exists (select 1 from app.agreement_activities aa
                     join app.agreements ag on ag.id = aa.agreement_id
                     where aa.activity_id = c.activity_id and ag.municipality_id = c.municipality_id
                       and ag.status = 'active');
  insert into app.placement_choices as c (municipality_id, activity_id, title, category, weekdays, words,
                                           age_min, age_max, adaptation_tags)
  select distinct on (ag.municipality_id, a.id) ag.municipality_id, a.id, a.title, a.category,
         array(select distinct s.weekday from app.activity_slots s where s.activity_id = a.id order by 1),
         lower(a.title || ' ' || o.name), a.age_min, a.age_max, a.adaptation_tags
  from app.agreement_activities aa
  join app.agreements ag on ag.id = aa.agreement_id and ag.status = 'active'
  join app.activities a on a.id = aa.activity_id
  join app.organisations o on o.id = a.organisation_id
  where aa.activity_id = any (activity_ids)
  on conflict (municipality_id, activity_id) do update
    set title = excluded.title, category = excluded.category, weekdays = excluded.weekdays, words = excluded.words,
        age_min = excluded.age_min, age_max = excluded.age_max, adaptation_tags = excluded.adaptation_tags
    where (c.title, c.category, c.weekdays, c.words, c.age_min, c.age_max, c.adaptation_tags)
          is distinct from (excluded.title, excluded.category, excluded.weekdays, excluded.words,
                            excluded.age_min, excluded.age_max, excluded.adaptation_tags);
end
$$;

-- One function for the triggers below: each names the activities its change touches.
create function app.placement_choices_changed() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'agreements' then
    perform app.refresh_placement_choices(array(select aa.activity_id from app.agreement_activities aa
                                                where aa.agreement_id = new.id));
  elsif tg_table_name = 'agreement_activities' then
    if tg_op = 'DELETE' then
      perform app.refresh_placement_choices(array[old.activity_id]);
    else
      perform app.refresh_placement_choices(array[old.activity_id, new.activity_id]);
    end if;
  elsif tg_table_name = 'activities' then
    perform app.refresh_placement_choices(array[new.id]);
  elsif tg_table_name = 'organisations' then
    perform app.refresh_placement_choices(array(select a.id from app.activities a where a.organisation_id = new.id));
  elsif tg_op = 'INSERT' then -- activity_slots
    perform app.refresh_placement_choices(array(select distinct n.activity_id from new_rows n));
  elsif tg_op = 'DELETE' then -- slots deleted with their activity go with its choices
    perform app.refresh_placement_choices(array(select distinct o.activity_id from old_rows o));
  else
    perform app.refresh_placement_choices(array(select o.activity_id from old_rows o
                                                union select n.activity_id from new_rows n));
  end if;
  return null;
end
$$;

create trigger agreements_placement_choices after update of status, municipality_id on app.agreements
  for each row
  when ((old.status = 'active') <> (new.status = 'active') or old.municipality_id <> new.municipality_id)
  execute function app.placement_choices_changed();

create trigger agreement_activities_placement_choices
  after insert or delete or update of agreement_id, activity_id on app.agreement_activities
  for each row execute function app.placement_choices_changed();

create trigger activities_placement_choices
  after update of title, category, organisation_id, age_min, age_max, adaptation_tags on app.activities
  for each row
  when (old.title is distinct from new.title or old.category is distinct from new.category
        or old.organisation_id is distinct from new.organisation_id or old.age_min is distinct from new.age_min
        or old.age_max is distinct from new.age_max or old.adaptation_tags is distinct from new.adaptation_tags)
  execute function app.placement_choices_changed();

create trigger organisations_placement_choices after update of name on app.organisations
  for each row when (old.name is distinct from new.name) execute function app.placement_choices_changed();

select app.create_statement_triggers('app.activity_slots', 'placement_choices', 'app.placement_choices_changed()');
