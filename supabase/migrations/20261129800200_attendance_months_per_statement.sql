-- app.attendance_months is kept per statement, not per mark (issue 9).
--
-- A facilitator saves a whole session at once. The row trigger recounted the month once per
-- mark, each time through a SQL function planned anew: ~1.5 ms a mark, most of a save. Now
-- each statement recounts the (placement, month) pairs it touched, in one query.

-- Recounts the months of the given marks (placement_ids[i], session_ids[i]) from the marks.
-- Definer: it keeps a derived table that no role writes directly.
create function app.recount_attendance_marks(placement_ids uuid[], session_ids uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.attendance_months (placement_id, municipality_id, organisation_id, month, present, absent, last_present_on)
  select p.id, p.municipality_id, p.organisation_id, t.month, c.present, c.absent, c.last_present_on
  from (select distinct m.placement_id, date_trunc('month', s.on_date)::date as month
        from unnest(placement_ids, session_ids) as m (placement_id, session_id)
        join app.sessions s on s.id = m.session_id) t
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
grant execute on function app.recount_attendance_marks(uuid[], uuid[]) to authenticated, service_role;

-- One function for the three statement triggers; each names only the transition tables its
-- event has, and only the branch for that event reads them.
create function app.count_attendance_marks() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- One aggregate pass over each transition table keeps the two arrays in step.
  if tg_op = 'INSERT' then
    perform app.recount_attendance_marks(array_agg(placement_id), array_agg(session_id)) from new_marks;
  elsif tg_op = 'DELETE' then
    perform app.recount_attendance_marks(array_agg(placement_id), array_agg(session_id)) from old_marks;
  else
    perform app.recount_attendance_marks(array_agg(placement_id), array_agg(session_id))
    from (select placement_id, session_id from old_marks union select placement_id, session_id from new_marks) changed;
  end if;
  return null;
end
$$;

drop trigger attendance_count on app.attendance;
drop function app.count_attendance();

create trigger attendance_count_inserts after insert on app.attendance
  referencing new table as new_marks
  for each statement execute function app.count_attendance_marks();
create trigger attendance_count_updates after update on app.attendance
  referencing old table as old_marks new table as new_marks
  for each statement execute function app.count_attendance_marks();
create trigger attendance_count_deletes after delete on app.attendance
  referencing old table as old_marks
  for each statement execute function app.count_attendance_marks();
