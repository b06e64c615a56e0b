-- The attendance save, checked once per save instead of once per mark (issue 9).
--
-- As security invoker the upsert paid for three policies per mark, and ON CONFLICT DO UPDATE
-- also applies the select policy, whose `placement_id in (select p.id from app.placements p)`
-- built every placement the caller may read (through three more helpers) for each save:
-- ~8 ms for three marks, most of it policies. Now the function is security definer and asks
-- the same questions itself, for all marks in one query: R4 (what app.check_attendance
-- refuses) and who may log (app.may_log_attendance, R7), refusing the first mark that fails
-- with the same error, in the same order, as the trigger and the policy would. The trigger
-- stays, as the wall for every other writer.
create or replace function api.save_attendance(session_id uuid, marks jsonb) returns int
language plpgsql security definer
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
  today date := app.today();
  -- The caller's own roles: a handful of rows, read once rather than asked per mark.
  staff_of uuid[] := array(select st.municipality_id from app.staff st where st.user_id = caller);
  admin_of uuid[] := array(select ms.organisation_id from app.memberships ms where ms.user_id = caller and ms.role = 'admin');
  refusal text;
  window_days int;
  saved int;
begin
  if jsonb_typeof(marks) <> 'array' then
    perform app.refuse('marks_invalid', 'marks');
  end if;
  -- Joins, not subqueries: with a subquery per mark the planner, guessing 100 marks, read the
  -- whole of app.agreement_activities into a hash table.
  select c.refusal, mu.attendance_edit_window_days into refusal, window_days
  from jsonb_array_elements(marks) with ordinality m (mark, n)
  left join app.placements p on p.id = (m.mark ->> 'placement_id')::uuid
  left join app.sessions s on s.id = save_attendance.session_id and s.activity_id = p.activity_id
  left join app.municipalities mu on mu.id = p.municipality_id
  left join app.agreement_activities aa on aa.agreement_id = p.agreement_id and aa.activity_id = p.activity_id
  cross join lateral (
    select
      case
        when s.on_date is null then 'session_not_of_placement'
        when s.on_date > today then 'attendance_in_future'
        when s.on_date < p.starts_on or s.on_date > coalesce(p.ended_on, p.ends_on) then 'attendance_outside_placement'
        when s.on_date < today - mu.attendance_edit_window_days and not p.municipality_id = any (staff_of)
          then 'attendance_edit_window_closed'
        -- app.may_log_attendance: the placement's accepted facilitator (R7), an admin of its
        -- organisation, or staff of its municipality. Unknown (null) is no.
        when not coalesce(p.municipality_id = any (staff_of)
                          or p.organisation_id = any (admin_of)
                          or (p.facilitator_id = caller
                              and (p.status = 'active' or (p.status = 'ended' and p.ended_on + 30 >= today))
                              and aa.facilitator_id = p.facilitator_id and aa.accepted_at is not null), false)
          then 'not_allowed'
      end as refusal
  ) c
  where m.mark ->> 'status' is not null and c.refusal is not null
  order by m.n
  limit 1;
  if refusal = 'not_allowed' then
    -- What row-level security said when the function was security invoker.
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
  return saved;
end
$$;
