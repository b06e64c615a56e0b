-- The catalogue's items keep the names of their organisation and municipality too: reading
-- both per row, adding them to each item and joining the activities for the order was
-- ~0.1 ms of the ~0.55 ms a call. Renaming an organisation or a municipality rebuilds the
-- items of its activities, under the same locks as any other rebuild (an item is locked,
-- then built in a later statement, so a rename and a title saved at once both end up in it).

create or replace function app.refresh_catalogue_items(activity_ids uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.catalogue_items (activity_id, item)
  select a.id, '{}' from app.activities a where a.id = any (activity_ids) order by a.id
  on conflict (activity_id) do nothing;
  perform 1 from app.catalogue_items c where c.activity_id = any (activity_ids) order by c.activity_id for update;
  update app.catalogue_items c
     set item = jsonb_build_object(
           'id', r.id, 'title', r.title, 'category', r.category, 'place', r.place,
           'age_min', r.age_min, 'age_max', r.age_max, 'adaptation_tags', r.adaptation_tags,
           'fee_ore', r.fee_ore, 'fee_period', r.fee_period,
           'slots', (select coalesce(jsonb_agg(jsonb_build_object('weekday', s.weekday,
                             'starts_at', to_char(s.starts_at, 'HH24:MI'), 'ends_at', to_char(s.ends_at, 'HH24:MI'))
                             order by s.weekday, s.starts_at), '[]')
                     from app.activity_slots s where s.activity_id = r.id),
           'organisation_name', (select o.name from app.organisations o where o.id = r.organisation_id),
           'municipality_name', (select m.name from app.municipalities m where m.id = r.municipality_id))
    from app.activities r
   where r.id = c.activity_id and c.activity_id = any (activity_ids);
end
$$;

drop trigger activities_catalogue_item on app.activities;
create trigger activities_catalogue_item after insert or update of title, category, place, age_min, age_max,
  adaptation_tags, fee_ore, fee_period, organisation_id, municipality_id on app.activities
  for each row execute function app.refresh_catalogue_item();

create function app.refresh_catalogue_names() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'organisations' then
    perform app.refresh_catalogue_items(array_agg(a.id)) from app.activities a where a.organisation_id = new.id;
  else
    perform app.refresh_catalogue_items(array_agg(a.id)) from app.activities a where a.municipality_id = new.id;
  end if;
  return null;
end
$$;
create trigger organisations_catalogue_names after update of name on app.organisations
  for each row when (old.name is distinct from new.name) execute function app.refresh_catalogue_names();
create trigger municipalities_catalogue_names after update of name on app.municipalities
  for each row when (old.name is distinct from new.name) execute function app.refresh_catalogue_names();

select app.refresh_catalogue_items(array_agg(id)) from app.activities;

create or replace function api.catalogue(
  municipality_number text default null,
  category app.organisation_kind default null,
  weekday int default null,
  age int default null,
  tag text default null,
  search text default null,
  page int default 1
) returns jsonb
language plpgsql stable security definer
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  chosen_page int := greatest(coalesce(page, 1), 1);
  chosen uuid;
  counted boolean := catalogue.age is null and catalogue.tag is null and catalogue.search is null;
  matching record;
  total bigint;
begin
  if catalogue.municipality_number is not null then
    -- An unknown number lists nothing: chosen stays null and matches no row.
    select m.id into chosen from app.municipalities m where m.municipality_number = catalogue.municipality_number;
  end if;
  if counted then
    select coalesce(sum(c.activities), 0) into total from app.catalogue_counts c
    where (catalogue.municipality_number is null or c.municipality_id = chosen)
      and (catalogue.category is null or c.category = catalogue.category)
      and c.weekday is not distinct from catalogue.weekday::smallint;
  end if;
  if catalogue.municipality_number is not null and counted and catalogue.category is null and catalogue.weekday is null then
    -- The catalogue as it opens: no filter, so one plan fits every call.
    select null::bigint as total, array_agg(x.id order by x.title, x.id) as page_ids into matching from (
      select a.id, a.title from app.activities a
      where a.is_public and a.municipality_id = chosen
        and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                      and p.municipality_id = a.municipality_id and p.status = 'verified')
      order by a.title, a.id limit 20 offset (chosen_page - 1) * 20) x;
  elsif catalogue.municipality_number is not null and counted and catalogue.weekday is null then
    -- `offset 0` keeps each exists a probe per activity walked: as semi-joins, a kept plan
    -- (guessing a third of the rows per municipality) hashed every slot of the weekday and every
    -- partnership and sorted all matches (~2 ms) instead of stopping after the page (~0.2 ms).
    select null::bigint as total, array_agg(x.id order by x.title, x.id) as page_ids into matching from (
      select a.id, a.title from app.activities a
      where a.is_public and a.municipality_id = chosen and a.category = catalogue.category
        and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                      and p.municipality_id = a.municipality_id and p.status = 'verified' offset 0)
      order by a.title, a.id limit 20 offset (chosen_page - 1) * 20) x;
  elsif catalogue.municipality_number is not null and counted and catalogue.category is null then
    select null::bigint as total, array_agg(x.id order by x.title, x.id) as page_ids into matching from (
      select a.id, a.title from app.activities a
      where a.is_public and a.municipality_id = chosen
        and exists (select 1 from app.activity_slots s where s.activity_id = a.id and s.weekday = catalogue.weekday offset 0)
        and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                      and p.municipality_id = a.municipality_id and p.status = 'verified' offset 0)
      order by a.title, a.id limit 20 offset (chosen_page - 1) * 20) x;
  elsif catalogue.municipality_number is not null and counted then
    select null::bigint as total, array_agg(x.id order by x.title, x.id) as page_ids into matching from (
      select a.id, a.title from app.activities a
      where a.is_public and a.municipality_id = chosen and a.category = catalogue.category
        and exists (select 1 from app.activity_slots s where s.activity_id = a.id and s.weekday = catalogue.weekday offset 0)
        and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                      and p.municipality_id = a.municipality_id and p.status = 'verified' offset 0)
      order by a.title, a.id limit 20 offset (chosen_page - 1) * 20) x;
  else
    matching := app.catalogue_matching(catalogue.municipality_number is null, chosen, catalogue.category,
                                       catalogue.weekday, catalogue.age, catalogue.tag, catalogue.search,
                                       chosen_page, not counted);
  end if;
  return jsonb_build_object(
    'total', coalesce(total, matching.total),
    'page', chosen_page,
    'page_size', 20,
    -- page_ids are in list order already.
    'items', (select coalesce(jsonb_agg(ci.item order by p.n), '[]')
              from unnest(matching.page_ids) with ordinality as p (id, n)
              join app.catalogue_items ci on ci.activity_id = p.id),
    'municipalities', (select coalesce(jsonb_agg(jsonb_build_object('number', m.municipality_number, 'name', m.name)
                                                 order by m.name), '[]') from app.municipalities m),
    'tags', (select coalesce(jsonb_agg(t.tag order by t.tag), '[]') from app.catalogue_tags t));
end
$$;
