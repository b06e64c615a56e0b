-- The catalogue's own filters (category, weekday, one municipality) were planned per call in
-- app.catalogue_matching (~0.8 ms of the filtered page's ~1.8 ms). Each combination of them now
-- has a static statement whose plan is kept per pooled connection: with equality on the
-- municipality and the category, (municipality_id, category, title, id) gives the page in list
-- order whatever the values are, and a weekday is one probe of the slots' key per activity
-- walked (a weekday holds a third to a seventh of a municipality's activities). Age, adaptation
-- and text still go to app.catalogue_matching, as do all municipalities.

create index activities_catalogue_category_title_idx
  on app.activities (municipality_id, category, title, id) where is_public;

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
    -- Names per row rather than joins: a kept plan cannot know the page has 20 rows.
    'items', (select coalesce(jsonb_agg(ci.item || jsonb_build_object(
                'organisation_name', (select o.name from app.organisations o where o.id = r.organisation_id),
                'municipality_name', (select m.name from app.municipalities m where m.id = r.municipality_id))
              order by r.title, r.id), '[]')
              from unnest(matching.page_ids) as p (id)
              join app.activities r on r.id = p.id
              join app.catalogue_items ci on ci.activity_id = r.id),
    'municipalities', (select coalesce(jsonb_agg(jsonb_build_object('number', m.municipality_number, 'name', m.name)
                                                 order by m.name), '[]') from app.municipalities m),
    'tags', (select coalesce(jsonb_agg(t.tag order by t.tag), '[]') from app.catalogue_tags t));
end
$$;
