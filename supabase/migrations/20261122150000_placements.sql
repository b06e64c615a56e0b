-- Participants, placements (tiltak), sessions and attendance (R4, R7, R9, R10).
--
-- Participants are owned by one municipality and read by its staff only. Facilitators and
-- organisation admins never read app.participants: they get the participant's card through
-- app.participant_card(), a definer function that applies R7 and returns only what the
-- caseworker chose to share.

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
  interests text[] not null default '{}',
  wishes text not null default '' check (length(wishes) <= 2000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- R10: set when personal data has been cleared; birth year and outcomes stay.
  anonymised_at timestamptz
);
create index participants_municipality_idx on app.participants (municipality_id, first_name);

-- Caseworker-only notes; never reach the organisation.
create table app.participant_notes (
  id uuid primary key default gen_random_uuid(),
  participant_id uuid not null references app.participants (id) on delete cascade,
  municipality_id uuid not null references app.municipalities (id),
  body text not null check (length(trim(body)) between 1 and 4000),
  author_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index participant_notes_participant_idx on app.participant_notes (participant_id, created_at);

create table app.placements (
  id uuid primary key default gen_random_uuid(),
  participant_id uuid not null references app.participants (id),
  municipality_id uuid not null references app.municipalities (id),
  activity_id uuid not null references app.activities (id),
  organisation_id uuid not null references app.organisations (id),
  agreement_id uuid not null references app.agreements (id),
  facilitator_id uuid references auth.users (id),
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
create index placements_municipality_idx on app.placements (municipality_id, status, ends_on);
create index placements_activity_idx on app.placements (activity_id, status);
create index placements_facilitator_idx on app.placements (facilitator_id, status);
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
  cancel_reason text,
  created_by uuid references auth.users (id) on delete set null,
  unique (activity_id, on_date, starts_at),
  constraint session_in_order check (ends_at > starts_at)
);
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
create index attendance_session_idx on app.attendance (session_id);

-- Monthly attendance per placement, kept by triggers from app.attendance, so that figures
-- and lists read a few thousand rows rather than a million. Cancelled sessions do not count.
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
create index attendance_months_municipality_idx on app.attendance_months (municipality_id, month);
create index attendance_months_organisation_idx on app.attendance_months (organisation_id, month);

------------------------------------------------------------------------------------------
-- Grants
------------------------------------------------------------------------------------------
grant select, insert, update on app.participants, app.placements to authenticated;
grant select, insert on app.participant_notes, app.placement_followups to authenticated;
grant select, insert, update on app.sessions, app.attendance to authenticated;
grant select on app.attendance_months to authenticated;
grant all on app.participants, app.participant_notes, app.placements, app.placement_followups, app.sessions,
  app.attendance, app.attendance_months to service_role;

------------------------------------------------------------------------------------------
-- Helpers
------------------------------------------------------------------------------------------
-- R7: the caller is the placement's facilitator, has accepted the role and signed the
-- confidentiality declaration, and the placement is active or ended less than 30 days ago.
create function app.is_placement_facilitator(placement uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from app.placements p
    join app.agreement_activities aa on aa.agreement_id = p.agreement_id and aa.activity_id = p.activity_id
    where p.id = placement
      and p.facilitator_id = (select auth.uid())
      and aa.facilitator_id = p.facilitator_id and aa.accepted_at is not null
      and (p.status = 'active' or (p.status = 'ended' and p.ended_on + 30 >= app.today()))
  )
$$;

-- The same rule as a set, for policies on large tables.
create function app.my_facilitated_placements() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select p.id from app.placements p
  join app.agreement_activities aa on aa.agreement_id = p.agreement_id and aa.activity_id = p.activity_id
  where p.facilitator_id = (select auth.uid())
    and aa.facilitator_id = p.facilitator_id and aa.accepted_at is not null
    and (p.status = 'active' or (p.status = 'ended' and p.ended_on + 30 >= app.today()))
$$;

-- Organisation admins follow their organisation's placements (not the caseworker's notes).
create function app.is_placement_organisation_admin(placement uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.placements p where p.id = placement and app.is_member(p.organisation_id, 'admin'))
$$;

create function app.may_log_attendance(placement uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select app.is_placement_facilitator(placement) or app.is_placement_organisation_admin(placement)
      or exists (select 1 from app.placements p where p.id = placement and app.is_staff(p.municipality_id))
$$;

grant execute on function app.is_placement_facilitator(uuid), app.is_placement_organisation_admin(uuid),
  app.may_log_attendance(uuid), app.my_facilitated_placements() to authenticated, service_role;

-- What the activity sees of a participant: first name, age band and the shared note.
-- Definer, because facilitators and organisation admins may not read app.participants.
create function app.card_of(participant app.participants) returns jsonb
language sql immutable
as $$
  select jsonb_build_object(
    'first_name', participant.first_name,
    'birth_year', participant.birth_year,
    'note', case when participant.share_activity_note and participant.activity_note <> '' then participant.activity_note end)
$$;

create function app.participant_card(placement uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select app.card_of(pa)
  from app.placements p join app.participants pa on pa.id = p.participant_id
  where p.id = placement
    and (app.is_staff(p.municipality_id) or app.is_placement_facilitator(p.id) or app.is_member(p.organisation_id, 'admin'))
$$;
grant execute on function app.card_of(app.participants), app.participant_card(uuid) to authenticated, service_role;

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
-- Protective triggers
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

-- Personal fields are left out of the audit trail, so that anonymisation (R10) removes
-- them everywhere; the trail still shows that they changed.
-- Recounts one placement's month from the marks. Definer: it keeps a derived table that no
-- role writes directly.
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

-- Definer, like the recount: the session's date is looked up without RLS.
create function app.count_attendance() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform app.recount_attendance(old.placement_id, (select on_date from app.sessions where id = old.session_id));
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform app.recount_attendance(new.placement_id, (select on_date from app.sessions where id = new.session_id));
  end if;
  return null;
end
$$;
create trigger attendance_count after insert or update or delete on app.attendance
  for each row execute function app.count_attendance();

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

create trigger participants_audit after insert or update or delete on app.participants
  for each row execute function app.record_audit_event('first_name', 'contact_name', 'contact_phone',
                                                       'activity_note', 'wishes', 'interests');
create trigger placements_audit after insert or update or delete on app.placements
  for each row execute function app.record_audit_event('evaluation');
create trigger attendance_audit after insert or update or delete on app.attendance
  for each row execute function app.record_audit_event('note');
create trigger sessions_audit after insert or update on app.sessions
  for each row execute function app.record_audit_event();

------------------------------------------------------------------------------------------
-- RLS
------------------------------------------------------------------------------------------
alter table app.participants enable row level security;
alter table app.participants force row level security;
alter table app.participant_notes enable row level security;
alter table app.participant_notes force row level security;
alter table app.placements enable row level security;
alter table app.placements force row level security;
alter table app.placement_followups enable row level security;
alter table app.placement_followups force row level security;
alter table app.sessions enable row level security;
alter table app.sessions force row level security;
alter table app.attendance enable row level security;
alter table app.attendance force row level security;
alter table app.attendance_months enable row level security;
alter table app.attendance_months force row level security;

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

create policy "Staff read their municipality's notes" on app.participant_notes
  for select to authenticated using (municipality_id in (select app.my_municipalities()));
create policy "Staff write notes in their municipality" on app.participant_notes
  for insert to authenticated with check (municipality_id in (select app.my_municipalities()) and author_id = (select auth.uid()));

create policy "Staff read their municipality's placements" on app.placements
  for select to authenticated using (municipality_id in (select app.my_municipalities()));
create policy "Facilitators read their own placements (R7)" on app.placements
  for select to authenticated using (id in (select app.my_facilitated_placements()));
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
-- Participants may be placed in activities of a neighbouring municipality (the seeds tell of
-- a theatre group in another municipality), so staff see sessions by their placements too.
create policy "Staff read sessions where their municipality has placements" on app.sessions
  for select to authenticated using (
    exists (select 1 from app.activities a where a.id = activity_id and a.municipality_id in (select app.my_municipalities()))
    or exists (select 1 from app.placements p where p.activity_id = sessions.activity_id
                 and p.municipality_id in (select app.my_municipalities())));
create policy "Members plan their organisation's sessions" on app.sessions
  for insert to authenticated with check (
    activity_id in (select a.id from app.activities a where a.organisation_id in (select app.my_organisations())));
create policy "Members cancel their organisation's sessions" on app.sessions
  for update to authenticated using (
    activity_id in (select a.id from app.activities a where a.organisation_id in (select app.my_organisations())))
  with check (activity_id in (select a.id from app.activities a where a.organisation_id in (select app.my_organisations())));

-- R4: the placement's facilitator, an admin of the organisation, or the municipality's staff.
-- Reading scans many rows, so it asks once for the readable placements; a save writes a
-- handful, so it asks per row.
create policy "Attendance is read by those who may log it" on app.attendance
  for select to authenticated using (placement_id in (select p.id from app.placements p));
create policy "Attendance is logged by those who may log it" on app.attendance
  for insert to authenticated with check (app.may_log_attendance(placement_id));
create policy "Attendance is corrected by those who may log it" on app.attendance
  for update to authenticated using (app.may_log_attendance(placement_id)) with check (app.may_log_attendance(placement_id));

create policy "Staff read their municipality's attendance counts" on app.attendance_months
  for select to authenticated using (municipality_id in (select app.my_municipalities()));
create policy "Organisation admins read their organisation's attendance counts" on app.attendance_months
  for select to authenticated using (organisation_id in (select app.my_organisations('admin')));
