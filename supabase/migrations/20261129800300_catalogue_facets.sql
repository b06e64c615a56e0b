-- The public catalogue on a large municipality (issue 9): its tag facet is kept instead of
-- being gathered from every public activity on every call, the total is counted without the
-- joins the page needs, and a page is read in title order from an index.

-- How many public activities offer each adaptation (the catalogue's tag filter).
create table app.catalogue_tags (
  tag text primary key,
  activities int not null check (activities > 0)
);
alter table app.catalogue_tags enable row level security;
alter table app.catalogue_tags force row level security;
grant all on app.catalogue_tags to service_role;

-- Definer: the facet is derived, no role writes it. Counts move by row, so two saves that
-- touch the same tag wait for each other rather than overwrite each other.
create function app.count_catalogue_tags() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.is_public then
    delete from app.catalogue_tags c where c.tag = any (old.adaptation_tags) and c.activities = 1;
    update app.catalogue_tags c set activities = c.activities - 1 where c.tag = any (old.adaptation_tags);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.is_public then
    insert into app.catalogue_tags (tag, activities)
    select distinct t, 1 from unnest(new.adaptation_tags) t
    on conflict (tag) do update set activities = app.catalogue_tags.activities + 1;
  end if;
  return null;
end
$$;
create trigger activities_catalogue_tags after insert or delete or update of is_public, adaptation_tags on app.activities
  for each row execute function app.count_catalogue_tags();

insert into app.catalogue_tags (tag, activities)
select t, count(*) from app.activities a, unnest(a.adaptation_tags) t where a.is_public group by t;

-- A page in title order straight from the index, stopping after 20.
create index activities_catalogue_title_idx on app.activities (municipality_id, title, id) where is_public;

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
set plan_cache_mode = force_custom_plan
as $$
declare
  chosen_page int := greatest(coalesce(page, 1), 1);
begin
  return (
  -- Not materialised: the count and the page each get the filters as their own condition,
  -- so the count skips the joins and the page walks the title index and stops after 20.
  with matching as not materialized (
    select a.* from app.activities a
    where a.is_public
      and (catalogue.municipality_number is null
           or a.municipality_id = (select m.id from app.municipalities m
                                   where m.municipality_number = catalogue.municipality_number))
      and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                    and p.municipality_id = a.municipality_id and p.status = 'verified')
      and (catalogue.category is null or a.category = catalogue.category)
      and (catalogue.weekday is null or exists (select 1 from app.activity_slots s
                                                 where s.activity_id = a.id and s.weekday = catalogue.weekday))
      and (catalogue.age is null or (coalesce(a.age_min, 0) <= catalogue.age and coalesce(a.age_max, 120) >= catalogue.age))
      and (catalogue.tag is null or a.adaptation_tags @> array[lower(catalogue.tag)])
      and (catalogue.search is null or a.title ilike '%' || catalogue.search || '%'
           or exists (select 1 from app.organisations o where o.id = a.organisation_id
                        and o.name ilike '%' || catalogue.search || '%'))
  )
  select jsonb_build_object(
    'total', (select count(*) from matching),
    'page', chosen_page,
    'page_size', 20,
    'items', (select coalesce(jsonb_agg(jsonb_build_object(
                'id', r.id, 'title', r.title, 'category', r.category, 'organisation_name', o.name,
                'municipality_name', m.name, 'place', r.place, 'age_min', r.age_min, 'age_max', r.age_max,
                'adaptation_tags', r.adaptation_tags, 'fee_ore', r.fee_ore, 'fee_period', r.fee_period,
                'slots', (select coalesce(jsonb_agg(jsonb_build_object('weekday', s.weekday,
                                  'starts_at', to_char(s.starts_at, 'HH24:MI'), 'ends_at', to_char(s.ends_at, 'HH24:MI'))
                                  order by s.weekday, s.starts_at), '[]')
                          from app.activity_slots s where s.activity_id = r.id))
              order by r.title, r.id), '[]')
              from (select * from matching order by title, id limit 20 offset (chosen_page - 1) * 20) r
              join app.organisations o on o.id = r.organisation_id
              join app.municipalities m on m.id = r.municipality_id),
    'municipalities', (select coalesce(jsonb_agg(jsonb_build_object('number', m.municipality_number, 'name', m.name)
                                                 order by m.name), '[]') from app.municipalities m),
    'tags', (select coalesce(jsonb_agg(t.tag order by t.tag), '[]') from app.catalogue_tags t))
  );
end
$$;
