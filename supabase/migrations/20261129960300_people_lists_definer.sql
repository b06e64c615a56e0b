-- The participant list without row-level security per row, its total kept, its page read
-- straight from an index (issue 9).
--
-- As security invoker, counting the municipality's 10 000 participants asked the staff policy
-- of each, and each row's open placements went through the three placement policies (staff,
-- facilitator, organisation admin), each a set built for the query. The caller must be staff
-- of the municipality (app.require_staff), and every row read is that municipality's, which
-- is what the policies would have let through: definer, as the placement list.

-- How many participants each municipality has: the unfiltered list's total, which otherwise
-- counts every participant on every call (~1 ms on the large municipality).
create table app.participant_counts (
  municipality_id uuid primary key references app.municipalities (id) on delete cascade,
  participants int not null check (participants >= 0)
);
alter table app.participant_counts enable row level security;
alter table app.participant_counts force row level security;
grant all on app.participant_counts to service_role;

-- Definer: the count is derived, no role writes it. Counts move by row, so two registrations
-- wait for each other rather than overwrite each other.
create function app.count_participants() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into app.participant_counts (municipality_id, participants)
    select municipality_id, count(*) from new_participants group by municipality_id
    on conflict (municipality_id) do update set participants = app.participant_counts.participants + excluded.participants;
  elsif tg_op = 'DELETE' then
    update app.participant_counts c set participants = c.participants - d.n
    from (select municipality_id, count(*) as n from old_participants group by municipality_id) d
    where c.municipality_id = d.municipality_id;
  else
    update app.participant_counts c set participants = c.participants - 1 where c.municipality_id = old.municipality_id;
    insert into app.participant_counts (municipality_id, participants) values (new.municipality_id, 1)
    on conflict (municipality_id) do update set participants = app.participant_counts.participants + 1;
  end if;
  return null;
end
$$;
create trigger participants_count_inserts after insert on app.participants
  referencing new table as new_participants
  for each statement execute function app.count_participants();
create trigger participants_count_deletes after delete on app.participants
  referencing old table as old_participants
  for each statement execute function app.count_participants();
create trigger participants_count_moves after update of municipality_id on app.participants
  for each row when (old.municipality_id is distinct from new.municipality_id) execute function app.count_participants();

insert into app.participant_counts (municipality_id, participants)
select municipality_id, count(*) from app.participants group by municipality_id;

-- A page in name order straight from the index, stopping after 50: with (municipality_id,
-- first_name) alone, the rows of one first name (a thousand on the large municipality) were
-- sorted by id for every page. It serves the old index's queries as well.
create index participants_list_order_idx on app.participants (municipality_id, first_name, id);
drop index app.participants_municipality_idx;

-- With and without a search, each its own statement: one statement for both was planned
-- anew on each call, as the generic plan for both could not use the kept total or the index.
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
    total := coalesce((select c.participants from app.participant_counts c
                        where c.municipality_id = participants.municipality_id), 0);
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
    'municipality', app.municipality_ref(participants.municipality_id),
    'total', total,
    'page', chosen_page,
    'page_size', 50,
    'participants', (select coalesce(jsonb_agg(to_jsonb(x) order by x.first_name, x.id), '[]') from (
      select r.id, r.first_name, r.birth_year, r.anonymised_at is not null as anonymised,
             (select count(*) from app.placements pl where pl.participant_id = r.id and pl.status <> 'ended') as active_placements
      from unnest(ids) u (id) join app.participants r on r.id = u.id) x));
end
$$;

-- The placement list: its unfiltered total kept as the participants', and the last attendance
-- read in the query rather than through app.last_attended, a SQL function that is not inlined
-- (it reads a table) and so ran as a call of its own for each of the 50 rows.
create table app.placement_counts (
  municipality_id uuid primary key references app.municipalities (id) on delete cascade,
  placements int not null check (placements >= 0)
);
alter table app.placement_counts enable row level security;
alter table app.placement_counts force row level security;
grant all on app.placement_counts to service_role;

-- Definer: the count is derived, no role writes it.
create function app.count_placements() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into app.placement_counts (municipality_id, placements)
    select municipality_id, count(*) from new_placements group by municipality_id
    on conflict (municipality_id) do update set placements = app.placement_counts.placements + excluded.placements;
  elsif tg_op = 'DELETE' then
    update app.placement_counts c set placements = c.placements - d.n
    from (select municipality_id, count(*) as n from old_placements group by municipality_id) d
    where c.municipality_id = d.municipality_id;
  else
    update app.placement_counts c set placements = c.placements - 1 where c.municipality_id = old.municipality_id;
    insert into app.placement_counts (municipality_id, placements) values (new.municipality_id, 1)
    on conflict (municipality_id) do update set placements = app.placement_counts.placements + 1;
  end if;
  return null;
end
$$;
create trigger placements_count_inserts after insert on app.placements
  referencing new table as new_placements
  for each statement execute function app.count_placements();
create trigger placements_count_deletes after delete on app.placements
  referencing old table as old_placements
  for each statement execute function app.count_placements();
create trigger placements_count_moves after update of municipality_id on app.placements
  for each row when (old.municipality_id is distinct from new.municipality_id) execute function app.count_placements();

insert into app.placement_counts (municipality_id, placements)
select municipality_id, count(*) from app.placements group by municipality_id;

-- "Ending soon" counts and pages the placements that have not ended, in list order: without
-- them in an index of their own, the page walked past every ended placement (they end
-- first) and the count read them all (4.6 -> 1.7 ms CPU on the large municipality).
create index placements_open_order_idx on app.placements (municipality_id, ends_on, id) where status <> 'ended';

-- Each filter is its own statement, so that each keeps a plan per pooled connection:
-- planning the one statement with every filter in it anew on each call (force_custom_plan)
-- cost more than running it. The rows of the page are then built from their ids.
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
    total := coalesce((select c.placements from app.placement_counts c where c.municipality_id = placements.municipality_id), 0);
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
    total := (select count(*) from app.placements pl
              where pl.municipality_id = placements.municipality_id and pl.status = 'active' and pl.starts_on < today - 21
                and not exists (select 1 from app.attendance_months am
                                 where am.placement_id = pl.id and am.month >= date_trunc('month', today - 21)
                                   and am.last_present_on >= today - 21));
    ids := array(select pl.id from app.placements pl
                 where pl.municipality_id = placements.municipality_id and pl.status = 'active' and pl.starts_on < today - 21
                   and not exists (select 1 from app.attendance_months am
                                    where am.placement_id = pl.id and am.month >= date_trunc('month', today - 21)
                                      and am.last_present_on >= today - 21)
                 order by pl.ends_on, pl.id limit 50 offset skipped);
  else
    -- A filter the list does not know matches nothing, as before.
    total := 0;
    ids := '{}';
  end if;
  return jsonb_build_object(
    'filter', filter,
    'total', total,
    'page', chosen_page,
    'page_size', 50,
    -- One row made into one object (to_jsonb) costs less than naming its ten values.
    'placements', (select coalesce(jsonb_agg(to_jsonb(x) order by x.ends_on, x.id), '[]') from (
      select pl.id, pl.status, pa.first_name as participant, pa.id as participant_id,
             a.title as activity, o.name as organisation, pl.starts_on, pl.ends_on, pl.outcome,
             -- A month's last present day lies in that month, so the latest month that has
             -- one holds the latest of all: read backwards along the primary key, stopping there.
             (select am.last_present_on from app.attendance_months am
               where am.placement_id = pl.id and am.last_present_on is not null
               order by am.month desc limit 1) as last_attendance
      from unnest(ids) r (id)
      join app.placements pl on pl.id = r.id
      join app.participants pa on pa.id = pl.participant_id
      join app.activities a on a.id = pl.activity_id
      join app.organisations o on o.id = pl.organisation_id) x));
end
$$;
