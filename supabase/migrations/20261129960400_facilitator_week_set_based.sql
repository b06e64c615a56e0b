-- The facilitator's week without a planned call per activity or per participant (issue 9).
--
-- Which activities the caller may plan was asked of app.may_plan_sessions once per activity: a
-- SQL function, planned again on every call, that built app.my_facilitated_placements() anew
-- each time. It is now one query over the placements the week has already read, asking what
-- may_plan_sessions asks: an admin of the activity's organisation, or the facilitator of one
-- of its active placements (R7). Each participant's card was a call of app.card_of, which is
-- not inlined (declared immutable around a stable jsonb_build_object), so the week builds the
-- same three fields itself.

-- Kept as PL/pgSQL so that its statements are planned once per pooled connection (a SQL
-- function with `set search_path` is planned on every call). Once a week's sessions exist,
-- as they do for every look but the first, only the read runs: setting up the insert cost
-- more than finding that nothing was missing.
create or replace function app.ensure_sessions(activity_ids uuid[], from_date date, to_date date) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  if not exists (
    select 1
    from app.activities a
    join app.activity_slots s on s.activity_id = a.id
    cross join generate_series(from_date, to_date, interval '1 day') d
    where a.id = any (activity_ids)
      and extract(isodow from d)::int = s.weekday
      and (a.season_start is null or d::date >= a.season_start)
      and (a.season_end is null or d::date <= a.season_end)
      and not exists (select 1 from app.sessions x
                      where x.activity_id = a.id and x.on_date = d::date and x.starts_at = s.starts_at)) then
    return;
  end if;
  insert into app.sessions (activity_id, on_date, starts_at, ends_at)
  select a.id, d::date, s.starts_at, s.ends_at
  from app.activities a
  join app.activity_slots s on s.activity_id = a.id
  cross join generate_series(from_date, to_date, interval '1 day') d
  where a.id = any (activity_ids)
    and extract(isodow from d)::int = s.weekday
    and (a.season_start is null or d::date >= a.season_start)
    and (a.season_end is null or d::date <= a.season_end)
  on conflict (activity_id, on_date, starts_at) do nothing;
end
$$;

-- Its statements take the caller's placements and activities as arrays; a plan made for the
-- given arrays always looked cheaper than the generic one, so each was planned on every call
-- (~0.9 ms of 1.5). The generic plans walk the same indexes.
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
  activity_ids uuid[];
  plannable uuid[];
begin
  -- What app.my_facilitated_placements() returns (R7), with each placement's activity and status.
  select coalesce(array_agg(p.id), '{}'), coalesce(array_agg(distinct p.activity_id), '{}'),
         coalesce(array_agg(distinct p.activity_id) filter (where p.status = 'active'), '{}')
    into mine, activity_ids, plannable
  from app.placements p
  join app.agreement_activities aa on aa.agreement_id = p.agreement_id and aa.activity_id = p.activity_id
  where p.facilitator_id = caller
    and aa.facilitator_id = p.facilitator_id and aa.accepted_at is not null
    and (p.status = 'active' or (p.status = 'ended' and p.ended_on + 30 >= today));
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
    'activities', (select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'title', a.title) order by a.title), '[]')
                   from app.activities a where a.id = any (plannable)),
    'sessions', (select coalesce(jsonb_agg(jsonb_build_object(
        'id', s.id, 'activity_id', s.activity_id, 'activity', a.title, 'on_date', s.on_date,
        'starts_at', to_char(s.starts_at, 'HH24:MI'), 'ends_at', to_char(s.ends_at, 'HH24:MI'),
        'cancelled', s.cancelled, 'cancel_reason', s.cancel_reason, 'is_extra', s.is_extra,
        'may_plan', s.activity_id = any (plannable),
        'participants', (select coalesce(jsonb_agg(jsonb_build_object(
                            'placement_id', p.id,
                            -- app.card_of(pa)
                            'card', jsonb_build_object(
                              'first_name', pa.first_name,
                              'birth_year', pa.birth_year,
                              'note', case when pa.share_activity_note and pa.activity_note <> '' then pa.activity_note end),
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
