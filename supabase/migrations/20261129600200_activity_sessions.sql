-- The organisation admin's (and the facilitator's) view of one activity's coming sessions,
-- to cancel one or add an extra one without going through the week of attendance.

-- Four weeks from the Monday of `from_date` (default this week), generated from the weekly
-- schedule like the facilitator's week. Only for those who may plan the activity's sessions.
create function api.activity_sessions(activity_id uuid, from_date date default null) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  monday date := coalesce(from_date, app.today()) - (extract(isodow from coalesce(from_date, app.today()))::int - 1);
  activity app.activities;
begin
  perform app.require_user();
  select * into activity from app.activities a where a.id = activity_sessions.activity_id;
  if not found or not app.may_plan_sessions(activity.id) then
    perform app.not_found();
  end if;
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
