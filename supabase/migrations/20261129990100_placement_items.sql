-- The placement list's page (issue 9): after the kept total, what was left of ~1 ms of
-- Postgres CPU per call was making the 50 rows into JSON (~0.5 ms) and joining their names.
-- Each placement's list row is kept, rebuilt when the placement, its participant's name,
-- its activity's title or its organisation's name changes. The last attendance is still read
-- per call: keeping it would put a write on every attendance save.

create table app.placement_items (
  placement_id uuid primary key references app.placements (id) on delete cascade,
  item jsonb not null
);
alter table app.placement_items enable row level security;
alter table app.placement_items force row level security;
grant all on app.placement_items to service_role;

-- Definer: the items are derived, no role writes them. As app.refresh_catalogue_items, the
-- rows are locked first and built in a later statement, whose snapshot sees whatever the
-- transaction that held a row committed (a rename while the placement ends, say), so neither
-- writes an item that misses the other's change.
create function app.refresh_placement_items(placement_ids uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.placement_items (placement_id, item)
  select pl.id, '{}' from app.placements pl where pl.id = any (placement_ids) order by pl.id
  on conflict (placement_id) do nothing;
  perform 1 from app.placement_items i where i.placement_id = any (placement_ids) order by i.placement_id for update;
  -- The keys and values api.placements listed (without last_attendance, added per call).
  update app.placement_items i
     set item = jsonb_build_object(
           'id', pl.id, 'status', pl.status, 'participant', pa.first_name, 'participant_id', pa.id,
           'activity', a.title, 'organisation', o.name, 'starts_on', pl.starts_on,
           'ends_on', pl.ends_on, 'outcome', pl.outcome)
    from app.placements pl
    join app.participants pa on pa.id = pl.participant_id
    join app.activities a on a.id = pl.activity_id
    join app.organisations o on o.id = pl.organisation_id
   where pl.id = i.placement_id and i.placement_id = any (placement_ids);
end
$$;

create function app.refresh_placement_item() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'placements' then
    perform app.refresh_placement_items(array[new.id]);
  elsif tg_table_name = 'participants' then
    perform app.refresh_placement_items(array(select pl.id from app.placements pl where pl.participant_id = new.id));
  elsif tg_table_name = 'activities' then
    perform app.refresh_placement_items(array(select pl.id from app.placements pl where pl.activity_id = new.id));
  else
    perform app.refresh_placement_items(array(select pl.id from app.placements pl where pl.organisation_id = new.id));
  end if;
  return null;
end
$$;

create trigger placements_list_item after insert or update of status, participant_id, activity_id,
  organisation_id, starts_on, ends_on, outcome on app.placements
  for each row execute function app.refresh_placement_item();
create trigger participants_placement_items after update of first_name on app.participants
  for each row when (old.first_name is distinct from new.first_name) execute function app.refresh_placement_item();
create trigger activities_placement_items after update of title on app.activities
  for each row when (old.title is distinct from new.title) execute function app.refresh_placement_item();
create trigger organisations_placement_items after update of name on app.organisations
  for each row when (old.name is distinct from new.name) execute function app.refresh_placement_item();

select app.refresh_placement_items(array_agg(id)) from app.placements;

-- The page is the kept items in list order, each with its last attendance. An array made
-- into JSON (to_jsonb) costs about half of jsonb_agg over the same 50 values.
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
    -- ids are in list order already.
    'placements', to_jsonb(array(
      select i.item || jsonb_build_object('last_attendance',
               -- A month's last present day lies in that month, so the latest month that has
               -- one holds the latest of all: read backwards along the primary key, stopping there.
               (select am.last_present_on from app.attendance_months am
                 where am.placement_id = r.id and am.last_present_on is not null
                 order by am.month desc limit 1))
      from unnest(ids) with ordinality r (id, n)
      join app.placement_items i on i.placement_id = r.id
      order by r.n)));
end
$$;
