-- Use cases for participants, placements, sessions and attendance.

------------------------------------------------------------------------------------------
-- Participants (caseworker)
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

create function api.register_participant(
  municipality_id uuid,
  first_name text,
  birth_year int,
  contact_name text default null,
  contact_phone text default null,
  activity_note text default '',
  share_activity_note boolean default false,
  interests text[] default '{}',
  wishes text default ''
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  created uuid;
begin
  perform app.require_staff(municipality_id);
  perform app.check_participant_fields(first_name, birth_year, nullif(trim(contact_phone), ''));
  insert into app.participants (municipality_id, first_name, birth_year, contact_name, contact_phone, activity_note,
                                share_activity_note, interests, wishes, created_by)
  values (municipality_id, trim(first_name), birth_year, nullif(trim(contact_name), ''), nullif(trim(contact_phone), ''),
          coalesce(trim(activity_note), ''), coalesce(share_activity_note, false), app.clean_tags(interests),
          coalesce(trim(wishes), ''), (select auth.uid()))
  returning id into created;
  return created;
end
$$;
grant execute on function api.register_participant(uuid, text, int, text, text, text, boolean, text[], text) to authenticated;

create function api.update_participant(
  participant_id uuid,
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
begin
  perform app.require_user();
  perform app.check_participant_fields(first_name, birth_year, nullif(trim(contact_phone), ''));
  update app.participants p
     set first_name = trim(update_participant.first_name), birth_year = update_participant.birth_year,
         contact_name = nullif(trim(update_participant.contact_name), ''),
         contact_phone = nullif(trim(update_participant.contact_phone), ''),
         activity_note = coalesce(trim(update_participant.activity_note), ''),
         share_activity_note = coalesce(update_participant.share_activity_note, false),
         interests = app.clean_tags(update_participant.interests), wishes = coalesce(trim(update_participant.wishes), '')
   where p.id = update_participant.participant_id and p.anonymised_at is null;
  if not found then
    perform app.not_found();
  end if;
end
$$;
grant execute on function api.update_participant(uuid, text, int, text, text, text, boolean, text[], text) to authenticated;

create function api.participants(municipality_id uuid, search text default null, page int default 1) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id);
  return (
    with matching as (
      select p.* from app.participants p
      where p.municipality_id = participants.municipality_id
        and (participants.search is null or p.first_name ilike '%' || participants.search || '%')
    ),
    page_rows as (
      select * from matching order by first_name, id limit 50 offset (greatest(coalesce(page, 1), 1) - 1) * 50
    )
    select jsonb_build_object(
      'municipality', app.municipality_ref(participants.municipality_id),
      'total', (select count(*) from matching),
      'page', greatest(coalesce(page, 1), 1),
      'page_size', 50,
      'participants', (select coalesce(jsonb_agg(jsonb_build_object(
          'id', r.id, 'first_name', r.first_name, 'birth_year', r.birth_year, 'anonymised', r.anonymised_at is not null,
          'active_placements', (select count(*) from app.placements pl where pl.participant_id = r.id and pl.status <> 'ended'))
          order by r.first_name, r.id), '[]')
        from page_rows r)));
end
$$;
grant execute on function api.participants(uuid, text, int) to authenticated;

-- Activities that match the participant's interests and age, from organisations the
-- municipality has an active agreement with (the Fritid med Bistand "finding" step).
create function app.suggested_activities(participant app.participants) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(s.item order by s.score desc, s.title), '[]') from (
    select a.title, jsonb_build_object('id', a.id, 'title', a.title, 'category', a.category, 'organisation', o.name,
                                       'adaptation_tags', a.adaptation_tags, 'agreement_id', aa.agreement_id) as item,
           (case when a.category::text = any (participant.interests) then 2 else 0 end)
           + cardinality(array(select unnest(a.adaptation_tags) intersect select unnest(participant.interests)))
           + case when a.title ilike any (array(select '%' || i || '%' from unnest(participant.interests) i)) then 2 else 0 end
             as score
    from app.agreement_activities aa
    join app.agreements ag on ag.id = aa.agreement_id and ag.status = 'active' and ag.municipality_id = participant.municipality_id
    join app.activities a on a.id = aa.activity_id
    join app.organisations o on o.id = a.organisation_id
    where extract(year from app.today())::int - participant.birth_year between coalesce(a.age_min, 0) and coalesce(a.age_max, 120)
    limit 200
  ) s where s.score > 0 or cardinality(participant.interests) = 0
$$;
grant execute on function app.suggested_activities(app.participants) to authenticated;

create function api.participant_page(participant_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  participant app.participants;
begin
  perform app.require_user();
  select * into participant from app.participants p where p.id = participant_page.participant_id;
  if not found then
    perform app.not_found();
  end if;
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
    'suggestions', case when participant.anonymised_at is null then app.suggested_activities(participant) else '[]' end);
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
  perform app.require_user();
  select p.municipality_id into municipality from app.participants p where p.id = add_participant_note.participant_id;
  if municipality is null then
    perform app.not_found();
  end if;
  if coalesce(trim(body), '') = '' then
    perform app.refuse('text_required', 'body');
  end if;
  insert into app.participant_notes (participant_id, municipality_id, body, author_id)
  values (participant_id, municipality, trim(body), (select auth.uid()));
end
$$;
grant execute on function api.add_participant_note(uuid, text) to authenticated;

-- Everything held about one participant, for an access request (innsynsbegjæring).
create function api.participant_export(participant_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  participant app.participants;
begin
  perform app.require_user();
  select * into participant from app.participants p where p.id = participant_export.participant_id;
  if not found then
    perform app.not_found();
  end if;
  return jsonb_build_object(
    'exported_at', now(),
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
-- Placements (caseworker)
------------------------------------------------------------------------------------------

-- Places a participant in an activity covered by an active agreement between the
-- participant's municipality and the activity's organisation. The decision period defaults
-- to one year; the facilitator is the one named in the agreement.
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
  perform app.require_user();
  select * into participant from app.participants p where p.id = place_participant.participant_id;
  if not found or participant.anonymised_at is not null then
    perform app.not_found();
  end if;
  select * into activity from app.activities a where a.id = place_participant.activity_id;
  if not found then
    perform app.refuse('activity_not_found', 'activity_id');
  end if;
  if starts_on is null then
    perform app.refuse('date_required', 'starts_on');
  end if;
  if period_end < starts_on then
    perform app.refuse('period_out_of_order', 'ends_on');
  end if;
  select ag.id as agreement_id, aa.facilitator_id into covering
    from app.agreements ag join app.agreement_activities aa on aa.agreement_id = ag.id
   where ag.municipality_id = participant.municipality_id and ag.organisation_id = activity.organisation_id
     and ag.status = 'active' and aa.activity_id = activity.id
     and place_participant.starts_on between ag.valid_from and ag.valid_to
   order by ag.activated_at desc limit 1;
  if covering is null then
    perform app.refuse('no_active_agreement', 'activity_id');
  end if;
  insert into app.placements (participant_id, municipality_id, activity_id, organisation_id, agreement_id, facilitator_id,
                              status, starts_on, ends_on, created_by)
  values (participant.id, participant.municipality_id, activity.id, activity.organisation_id, covering.agreement_id,
          covering.facilitator_id, case when starts_on <= app.today() then 'active' else 'planned' end::app.placement_status,
          starts_on, period_end, (select auth.uid()))
  returning id into created;
  return created;
end
$$;
grant execute on function api.place_participant(uuid, uuid, date, date) to authenticated;

create function api.add_followup(placement_id uuid, occurred_on date, body text) returns void
language plpgsql
set search_path = ''
as $$
declare
  municipality uuid;
begin
  perform app.require_user();
  select p.municipality_id into municipality from app.placements p
   where p.id = add_followup.placement_id and p.municipality_id in (select app.my_municipalities());
  if municipality is null then
    perform app.not_found();
  end if;
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
  perform app.require_user();
  select * into placement from app.placements p
   where p.id = end_placement.placement_id and p.municipality_id in (select app.my_municipalities()) for update;
  if not found then
    perform app.not_found();
  end if;
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

-- The last day someone was marked present in the placement.
create function app.last_attended(placement uuid) returns date
language sql stable
as $$ select max(last_present_on) from app.attendance_months where placement_id = placement $$;
grant execute on function app.last_attended(uuid) to authenticated, service_role;

-- The caseworker's list, 50 per page. `filter`: 'ending_soon' (period ends within 30
-- days) or 'no_attendance' (active, no one marked present in the last 3 weeks). Definer,
-- checking the caller is staff and reading only the municipality's placements, so that a
-- large municipality's list does not pay for policies row by row.
create function api.placements(municipality_id uuid, filter text default null, page int default 1) returns jsonb
language plpgsql stable security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
begin
  perform app.require_staff(municipality_id);
  return (
    with matching as (
      select pl.id, pl.ends_on
      from app.placements pl
      where pl.municipality_id = placements.municipality_id
        and (placements.filter is null
             or (placements.filter = 'ending_soon' and pl.status <> 'ended' and pl.ends_on <= app.today() + 30)
             or (placements.filter = 'no_attendance' and pl.status = 'active' and pl.starts_on < app.today() - 21
                 and not exists (select 1 from app.attendance_months am
                                  where am.placement_id = pl.id and am.month >= date_trunc('month', app.today() - 21)
                                    and am.last_present_on >= app.today() - 21)))
    ),
    page_rows as (
      select id from matching order by ends_on, id limit 50 offset (greatest(coalesce(page, 1), 1) - 1) * 50
    )
    select jsonb_build_object(
      'filter', filter,
      'total', (select count(*) from matching),
      'page', greatest(coalesce(page, 1), 1),
      'page_size', 50,
      'placements', (select coalesce(jsonb_agg(jsonb_build_object(
          'id', pl.id, 'status', pl.status, 'participant', pa.first_name, 'participant_id', pa.id,
          'activity', a.title, 'organisation', o.name, 'starts_on', pl.starts_on, 'ends_on', pl.ends_on,
          'outcome', pl.outcome, 'last_attendance', app.last_attended(pl.id)) order by pl.ends_on, pl.id), '[]')
        from page_rows r
        join app.placements pl on pl.id = r.id
        join app.participants pa on pa.id = pl.participant_id
        join app.activities a on a.id = pl.activity_id
        join app.organisations o on o.id = pl.organisation_id)));
end
$$;
grant execute on function api.placements(uuid, text, int) to authenticated;

create function api.placement_page(placement_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  placement app.placements;
  is_staff boolean;
begin
  perform app.require_user();
  select * into placement from app.placements p where p.id = placement_page.placement_id;
  if not found then
    perform app.not_found();
  end if;
  is_staff := app.is_staff(placement.municipality_id);
  return jsonb_build_object(
    'placement', to_jsonb(placement) - 'created_by' - case when is_staff then '' else 'evaluation' end,
    'participant', app.participant_card(placement.id),
    'activity', (select jsonb_build_object('id', a.id, 'title', a.title) from app.activities a where a.id = placement.activity_id),
    'organisation', app.organisation_ref(placement.organisation_id),
    'facilitator', (select jsonb_build_object('display_name', p.display_name, 'email', p.email)
                     from app.profiles p where p.user_id = placement.facilitator_id),
    'followups', case when is_staff then
                   (select coalesce(jsonb_agg(jsonb_build_object('occurred_on', f.occurred_on, 'body', f.body,
                                                                 'author', (select display_name from app.profiles where user_id = f.author_id))
                                              order by f.occurred_on desc), '[]')
                    from app.placement_followups f where f.placement_id = placement.id) end,
    'attendance', (select coalesce(jsonb_agg(jsonb_build_object('date', s.on_date, 'status', at.status, 'note', at.note)
                                             order by s.on_date desc), '[]')
                   from app.attendance at join app.sessions s on s.id = at.session_id where at.placement_id = placement.id),
    'is_staff', is_staff);
end
$$;
grant execute on function api.placement_page(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- Sessions and attendance (facilitator)
------------------------------------------------------------------------------------------

-- Makes the sessions of the given activities from their weekly slots and season, for the
-- days from..to. Definer: generating the schedule is the same for whoever looks first.
create function app.ensure_sessions(activity_ids uuid[], from_date date, to_date date) returns void
language sql security definer
set search_path = ''
as $$
  insert into app.sessions (activity_id, on_date, starts_at, ends_at)
  select a.id, d::date, s.starts_at, s.ends_at
  from app.activities a
  join app.activity_slots s on s.activity_id = a.id
  cross join generate_series(from_date, to_date, interval '1 day') d
  where a.id = any (activity_ids)
    and extract(isodow from d)::int = s.weekday
    and (a.season_start is null or d::date >= a.season_start)
    and (a.season_end is null or d::date <= a.season_end)
  on conflict (activity_id, on_date, starts_at) do nothing
$$;
grant execute on function app.ensure_sessions(uuid[], date, date) to authenticated, service_role;

-- The facilitator's week: each session of the activities where the caller facilitates an
-- active placement (R7), with the participants placed there and the marks already made.
-- Definer, for speed on the facilitator's phone: the only placements it reads are the
-- caller's own under R7 (app.my_facilitated_placements), so no per-row policy is needed.
create function api.facilitator_week(week_start date default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  monday date := coalesce(week_start, app.today()) - (extract(isodow from coalesce(week_start, app.today()))::int - 1);
  mine uuid[];
  activity_ids uuid[];
begin
  perform app.require_user();
  select coalesce(array_agg(id), '{}') into mine from app.my_facilitated_placements() as id;
  select coalesce(array_agg(distinct p.activity_id), '{}') into activity_ids from app.placements p where p.id = any (mine);
  perform app.ensure_sessions(activity_ids, monday, monday + 6);
  return jsonb_build_object(
    'week_start', monday,
    'today', app.today(),
    'sessions', (select coalesce(jsonb_agg(jsonb_build_object(
        'id', s.id, 'activity_id', s.activity_id, 'activity', a.title, 'on_date', s.on_date,
        'starts_at', to_char(s.starts_at, 'HH24:MI'), 'ends_at', to_char(s.ends_at, 'HH24:MI'),
        'cancelled', s.cancelled, 'is_extra', s.is_extra,
        'participants', (select coalesce(jsonb_agg(jsonb_build_object(
                            'placement_id', p.id, 'card', app.card_of(pa),
                            'status', at.status, 'note', at.note) order by p.id), '[]')
                         from app.placements p
                         join app.participants pa on pa.id = p.participant_id
                         left join app.attendance at on at.placement_id = p.id and at.session_id = s.id
                         where p.id = any (mine) and p.activity_id = s.activity_id
                           and s.on_date between p.starts_on and coalesce(p.ended_on, p.ends_on)))
        order by s.on_date, s.starts_at), '[]')
      from app.sessions s join app.activities a on a.id = s.activity_id
      where s.activity_id = any (activity_ids) and s.on_date between monday and monday + 6));
end
$$;
grant execute on function api.facilitator_week(date) to authenticated;

-- Saves a session's marks at once: `marks` is a JSON array of
-- {placement_id, status: present|absent|cancelled, note}. Who may log is up to the policies,
-- R4 and the session's activity to the trigger, per row; one refused row refuses the save.
create function api.save_attendance(session_id uuid, marks jsonb) returns int
language plpgsql
set search_path = ''
as $$
declare
  saved int;
begin
  perform app.require_user();
  if jsonb_typeof(marks) <> 'array' then
    perform app.refuse('marks_invalid', 'marks');
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
  return saved;
end
$$;
grant execute on function api.save_attendance(uuid, jsonb) to authenticated;

create function api.add_session(activity_id uuid, on_date date, starts_at time, ends_at time) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  created uuid;
begin
  perform app.require_user();
  if not exists (select 1 from app.activities a where a.id = add_session.activity_id and app.is_member(a.organisation_id)) then
    perform app.not_found();
  end if;
  if on_date is null then
    perform app.refuse('date_required', 'on_date');
  end if;
  if starts_at is null or ends_at is null or ends_at <= starts_at then
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

create function api.cancel_session(session_id uuid, reason text default null) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  update app.sessions s set cancelled = true, cancel_reason = nullif(trim(reason), '')
   where s.id = cancel_session.session_id
     and exists (select 1 from app.activities a where a.id = s.activity_id and app.is_member(a.organisation_id));
  if not found then
    perform app.not_found();
  end if;
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
