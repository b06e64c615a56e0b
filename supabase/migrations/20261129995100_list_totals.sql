-- One table and one trigger function keep the unfiltered totals of both lists (participants,
-- placements) per municipality, instead of a table and a near-identical function for each.

create table app.list_totals (
  list text not null check (list in ('participants', 'placements')),
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  total int not null check (total >= 0),
  primary key (list, municipality_id)
);
alter table app.list_totals enable row level security;
alter table app.list_totals force row level security;
grant all on app.list_totals to service_role;

-- Definer: the totals are derived, no role writes them. The list is the trigger's argument;
-- totals move by row, so two statements on one municipality wait for each other rather than
-- overwrite each other.
create function app.count_list_rows() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  counted text := tg_argv[0];
begin
  if tg_op = 'INSERT' then
    insert into app.list_totals (list, municipality_id, total)
    select counted, r.municipality_id, count(*) from new_rows r group by r.municipality_id
    on conflict (list, municipality_id) do update set total = app.list_totals.total + excluded.total;
  elsif tg_op = 'DELETE' then
    update app.list_totals t set total = t.total - d.n
    from (select r.municipality_id, count(*) as n from old_rows r group by r.municipality_id) d
    where t.list = counted and t.municipality_id = d.municipality_id;
  else
    update app.list_totals t set total = t.total - 1 where t.list = counted and t.municipality_id = old.municipality_id;
    insert into app.list_totals (list, municipality_id, total) values (counted, new.municipality_id, 1)
    on conflict (list, municipality_id) do update set total = app.list_totals.total + 1;
  end if;
  return null;
end
$$;

drop trigger participants_count_inserts on app.participants;
drop trigger participants_count_deletes on app.participants;
drop trigger participants_count_moves on app.participants;
drop trigger placements_count_inserts on app.placements;
drop trigger placements_count_deletes on app.placements;
drop trigger placements_count_moves on app.placements;

create trigger participants_count_inserts after insert on app.participants
  referencing new table as new_rows for each statement execute function app.count_list_rows('participants');
create trigger participants_count_deletes after delete on app.participants
  referencing old table as old_rows for each statement execute function app.count_list_rows('participants');
create trigger participants_count_moves after update of municipality_id on app.participants
  for each row when (old.municipality_id is distinct from new.municipality_id)
  execute function app.count_list_rows('participants');
create trigger placements_count_inserts after insert on app.placements
  referencing new table as new_rows for each statement execute function app.count_list_rows('placements');
create trigger placements_count_deletes after delete on app.placements
  referencing old table as old_rows for each statement execute function app.count_list_rows('placements');
create trigger placements_count_moves after update of municipality_id on app.placements
  for each row when (old.municipality_id is distinct from new.municipality_id)
  execute function app.count_list_rows('placements');

insert into app.list_totals (list, municipality_id, total)
select 'participants', municipality_id, count(*) from app.participants group by municipality_id
union all
select 'placements', municipality_id, count(*) from app.placements group by municipality_id;

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
    total := coalesce((select t.total from app.list_totals t
                        where t.list = 'participants' and t.municipality_id = participants.municipality_id), 0);
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
    total := coalesce((select t.total from app.list_totals t
                        where t.list = 'placements' and t.municipality_id = placements.municipality_id), 0);
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
    -- In the order of the ids. An array of jsonb becomes a JSON array.
    'placements', array(
      select i.item
      from unnest(ids) with ordinality r (id, n)
      join app.placement_items i on i.placement_id = r.id
      order by r.n));
end
$$;

drop function app.count_participants();
drop function app.count_placements();
drop table app.participant_counts;
drop table app.placement_counts;
