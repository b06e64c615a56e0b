-- Issue 5, finished: who may plan an activity's sessions (R4/R7), and the access-request
-- export recorded in the audit trail.

------------------------------------------------------------------------------------------
-- Sessions: the facilitator of one of the activity's active placements, or an admin of its
-- organisation. Before this any member of the organisation could, including a facilitator
-- of another of its activities who may not even see who is placed here (R7).
------------------------------------------------------------------------------------------
create function app.may_plan_sessions(activity uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.activities a where a.id = activity and app.is_member(a.organisation_id, 'admin'))
      or exists (select 1 from app.placements p
                  where p.activity_id = activity and p.status = 'active'
                    and p.id in (select app.my_facilitated_placements()))
$$;
grant execute on function app.may_plan_sessions(uuid) to authenticated, service_role;

drop policy "Members plan their organisation's sessions" on app.sessions;
drop policy "Members cancel their organisation's sessions" on app.sessions;
create policy "Sessions are added by those who may plan them" on app.sessions
  for insert to authenticated with check (app.may_plan_sessions(activity_id));
create policy "Sessions are cancelled by those who may plan them" on app.sessions
  for update to authenticated using (app.may_plan_sessions(activity_id)) with check (app.may_plan_sessions(activity_id));

create or replace function api.add_session(activity_id uuid, on_date date, starts_at time, ends_at time) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  created uuid;
begin
  perform app.require_user();
  if not app.may_plan_sessions(add_session.activity_id) then
    perform app.not_found();
  end if;
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

-- Cancelling twice keeps the first reason; the attendance of a cancelled session stops
-- counting (app.count_cancelled_session), so none is needed.
create or replace function api.cancel_session(session_id uuid, reason text default null) returns void
language plpgsql
set search_path = ''
as $$
declare
  session app.sessions;
begin
  perform app.require_user();
  select * into session from app.sessions s where s.id = cancel_session.session_id;
  if not found or not app.may_plan_sessions(session.activity_id) then
    perform app.not_found();
  end if;
  if session.cancelled then
    perform app.refuse('session_already_cancelled');
  end if;
  if length(trim(coalesce(reason, ''))) > 500 then
    perform app.refuse('reason_too_long', 'reason');
  end if;
  update app.sessions s set cancelled = true, cancel_reason = nullif(trim(reason), '') where s.id = session.id;
end
$$;

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
revoke execute on function app.record_participant_export(uuid, uuid) from public;
grant execute on function app.record_participant_export(uuid, uuid) to authenticated;

create or replace function api.participant_export(participant_id uuid) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  participant app.participants;
begin
  perform app.require_user();
  select * into participant from app.participants p where p.id = participant_export.participant_id;
  if not found or not app.is_staff(participant.municipality_id) then
    perform app.not_found();
  end if;
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

------------------------------------------------------------------------------------------
-- The facilitator's week, as before, and now also why a session was cancelled, whether the
-- caller may plan it, and the activities they may add an extra session to.
------------------------------------------------------------------------------------------
create or replace function api.facilitator_week(week_start date default null) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  monday date := coalesce(week_start, app.today()) - (extract(isodow from coalesce(week_start, app.today()))::int - 1);
  mine uuid[];
  activity_ids uuid[];
  plannable uuid[];
begin
  perform app.require_user();
  select coalesce(array_agg(id), '{}') into mine from app.my_facilitated_placements() as id;
  select coalesce(array_agg(distinct p.activity_id), '{}') into activity_ids from app.placements p where p.id = any (mine);
  select coalesce(array_agg(a), '{}') into plannable from unnest(activity_ids) a where app.may_plan_sessions(a);
  perform app.ensure_sessions(activity_ids, monday, monday + 6);
  return jsonb_build_object(
    'week_start', monday,
    'today', app.today(),
    'activities', (select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'title', a.title) order by a.title), '[]')
                   from app.activities a where a.id = any (plannable)),
    'sessions', (select coalesce(jsonb_agg(jsonb_build_object(
        'id', s.id, 'activity_id', s.activity_id, 'activity', a.title, 'on_date', s.on_date,
        'starts_at', to_char(s.starts_at, 'HH24:MI'), 'ends_at', to_char(s.ends_at, 'HH24:MI'),
        'cancelled', s.cancelled, 'cancel_reason', s.cancel_reason, 'is_extra', s.is_extra,
        'may_plan', s.activity_id = any (plannable),
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
