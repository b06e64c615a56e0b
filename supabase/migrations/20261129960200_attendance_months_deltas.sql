-- app.attendance_months follows each statement by what it changed, not by recounting (issue 9).
--
-- Recounting a (placement, month) reads every mark of the placement (~50 on the large
-- municipality) and looks up each one's session to see its month: ~0.25 ms a pair, and an
-- upsert fires both the insert and the update statement trigger. Adding what the statement
-- added and taking away what it took away needs one session lookup per changed mark.
-- The latest present date can only be kept that way while it is not the one taken away;
-- when it is, it is read from the marks on the sessions of the placement's own activity in
-- that month, which are all of the month's marks when their counts equal the kept counts
-- (they are, as app.check_attendance refuses a mark for another activity's session). When
-- they are not, or when the month has no row yet, the pair is recounted as before.
--
-- The update adds to the row as it is when locked (a concurrent save's marks are kept),
-- where two recounts from two snapshots could each miss the other's marks.

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
create function app.apply_attendance_changes(placement_ids uuid[], session_ids uuid[],
                                             statuses app.attendance_status[], signs int[]) returns void
language plpgsql security definer
set search_path = ''
-- Every step is an index lookup whatever the arrays hold; a plan made for the given arrays
-- looked cheaper than the generic one, so the query was planned again on every call.
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

create or replace function app.count_attendance_marks() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- One aggregate pass over the transition tables keeps the arrays in step.
  if tg_op = 'INSERT' then
    perform app.apply_attendance_changes(array_agg(placement_id), array_agg(session_id), array_agg(status), array_agg(1))
    from new_marks;
  elsif tg_op = 'DELETE' then
    perform app.apply_attendance_changes(array_agg(placement_id), array_agg(session_id), array_agg(status), array_agg(-1))
    from old_marks;
  else
    perform app.apply_attendance_changes(array_agg(placement_id), array_agg(session_id), array_agg(status), array_agg(sign))
    from (select placement_id, session_id, status, -1 as sign from old_marks
          union all select placement_id, session_id, status, 1 from new_marks) changed;
  end if;
  return null;
end
$$;
