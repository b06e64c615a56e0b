-- The history of one placement or participant, read from the audit trail, on its page.
-- The trail was readable only by municipality admins (and for partnerships and claims by
-- caseworkers); caseworkers follow placements and participants too, so they read those
-- objects' events in their own municipality. Personal fields never enter the trail (R10).

create policy "Staff read the history of placements and participants of their municipality" on app.audit_events
  for select to authenticated
  using (table_name in ('placements', 'participants') and municipality_id in (select app.my_municipalities()));

-- The events of one object, oldest first, shaped like api.audit_log's. Invoker: the
-- policies above decide which events the caller reads.
create function app.audit_trail(table_name text, record_id text) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'id', e.id, 'occurred_at', e.occurred_at, 'table', e.table_name, 'record_id', e.record_id,
    'action', e.action, 'old', e.old_row, 'new', e.new_row,
    'actor', (select display_name from app.profiles where user_id = e.actor_id)) order by e.id), '[]')
  from app.audit_events e
  where e.table_name = audit_trail.table_name and e.record_id = audit_trail.record_id
$$;
grant execute on function app.audit_trail(text, text) to authenticated;

-- The placement and participant pages as before, with the object's history for staff.
create or replace function api.placement_page(placement_id uuid) returns jsonb
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
    'timeline', case when is_staff then app.audit_trail('placements', placement.id::text) end,
    'is_staff', is_staff);
end
$$;
grant execute on function api.placement_page(uuid) to authenticated;

create or replace function api.participant_page(participant_id uuid) returns jsonb
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
    'suggestions', case when participant.anonymised_at is null then app.suggested_activities(participant) else '[]' end,
    'timeline', case when app.is_staff(participant.municipality_id) then app.audit_trail('participants', participant.id::text) end);
end
$$;
grant execute on function api.participant_page(uuid) to authenticated;
