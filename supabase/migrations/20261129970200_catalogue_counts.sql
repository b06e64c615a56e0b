-- The public catalogue on a large municipality (issue 9), ~2.6 ms a call: half of it counted
-- the total (every public activity joined to the verified partnerships, ~1 ms), most of the
-- rest planned the whole query again on every call (force_custom_plan).
--
-- The totals the catalogue's own filters ask for (municipality, category, weekday) are kept
-- per municipality; the age, adaptation and text filters still count live. Each statement
-- that changes what is listed recounts its municipalities from the tables, under a lock per
-- municipality, so two saves cannot both write a count that misses the other's change.
-- Only the statements whose best plan depends on which filters are given (the page, and the
-- live count) are still planned per call, in a helper; the rest keep their plans per pooled
-- connection.

-- Listed = public, and the organisation is verified with the activity's municipality.
-- weekday null = on any day; otherwise the activities with a slot on that day.
create table app.catalogue_counts (
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  category app.organisation_kind not null,
  weekday smallint check (weekday between 1 and 7),
  activities int not null check (activities > 0),
  constraint catalogue_counts_key unique nulls not distinct (municipality_id, category, weekday)
);
alter table app.catalogue_counts enable row level security;
alter table app.catalogue_counts force row level security;
grant all on app.catalogue_counts to service_role;

-- Definer: the counts are derived, no role writes them. Recounting a municipality reads its
-- ~3 000 activities (a few ms), and only writes that change what is listed pay it.
create function app.recount_catalogue(municipalities uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  m uuid;
begin
  -- In a fixed order, so two statements touching the same municipalities cannot deadlock here.
  for m in select distinct x from unnest(municipalities) x where x is not null order by 1 loop
    perform pg_advisory_xact_lock(hashtext('catalogue_counts:' || m::text));
    -- After the lock each statement takes a fresh snapshot (read committed), so the recount
    -- sees what the statement that held the lock committed.
    delete from app.catalogue_counts c where c.municipality_id = m;
    insert into app.catalogue_counts (municipality_id, category, weekday, activities)
    with listed as (
      select a.id, a.category from app.activities a
      where a.municipality_id = m and a.is_public
        and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                      and p.municipality_id = a.municipality_id and p.status = 'verified')
    )
    select m, l.category, null, count(*) from listed l group by l.category
    union all
    select m, l.category, s.weekday, count(distinct l.id)
    from listed l join app.activity_slots s on s.activity_id = l.id
    group by l.category, s.weekday;
  end loop;
end
$$;

-- One function for the statement triggers of the three tables; each reads only the transition
-- tables its event has. Only rows whose listing changes lead to a recount: public activities
-- that appear, go or move, verified partnerships that appear or go. Slots recount whether or
-- not their activity is public here: another transaction may be making it public right now.
create function app.count_catalogue() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'activities' then
    if tg_op = 'INSERT' then
      perform app.recount_catalogue(array_agg(n.municipality_id)) from new_rows n where n.is_public;
    elsif tg_op = 'DELETE' then
      perform app.recount_catalogue(array_agg(o.municipality_id)) from old_rows o where o.is_public;
    else
      perform app.recount_catalogue(array_agg(c.municipality_id)) from (
        (select id, municipality_id, organisation_id, category from old_rows where is_public
         except select id, municipality_id, organisation_id, category from new_rows where is_public)
        union
        (select id, municipality_id, organisation_id, category from new_rows where is_public
         except select id, municipality_id, organisation_id, category from old_rows where is_public)) c;
    end if;
  elsif tg_table_name = 'partnerships' then
    if tg_op = 'INSERT' then
      perform app.recount_catalogue(array_agg(n.municipality_id)) from new_rows n where n.status = 'verified';
    elsif tg_op = 'DELETE' then
      perform app.recount_catalogue(array_agg(o.municipality_id)) from old_rows o where o.status = 'verified';
    else
      perform app.recount_catalogue(array_agg(c.municipality_id)) from (
        (select organisation_id, municipality_id from old_rows where status = 'verified'
         except select organisation_id, municipality_id from new_rows where status = 'verified')
        union
        (select organisation_id, municipality_id from new_rows where status = 'verified'
         except select organisation_id, municipality_id from old_rows where status = 'verified')) c;
    end if;
  else -- activity_slots; slots deleted with their activity are recounted by the activity's trigger
    if tg_op = 'INSERT' then
      perform app.recount_catalogue(array_agg(a.municipality_id))
      from new_rows n join app.activities a on a.id = n.activity_id;
    elsif tg_op = 'DELETE' then
      perform app.recount_catalogue(array_agg(a.municipality_id))
      from old_rows o join app.activities a on a.id = o.activity_id;
    else
      perform app.recount_catalogue(array_agg(a.municipality_id))
      from (select activity_id from old_rows union select activity_id from new_rows) c
      join app.activities a on a.id = c.activity_id;
    end if;
  end if;
  return null;
end
$$;

create trigger activities_catalogue_count_inserts after insert on app.activities
  referencing new table as new_rows for each statement execute function app.count_catalogue();
create trigger activities_catalogue_count_updates after update on app.activities
  referencing old table as old_rows new table as new_rows for each statement execute function app.count_catalogue();
create trigger activities_catalogue_count_deletes after delete on app.activities
  referencing old table as old_rows for each statement execute function app.count_catalogue();
create trigger partnerships_catalogue_count_inserts after insert on app.partnerships
  referencing new table as new_rows for each statement execute function app.count_catalogue();
create trigger partnerships_catalogue_count_updates after update on app.partnerships
  referencing old table as old_rows new table as new_rows for each statement execute function app.count_catalogue();
create trigger partnerships_catalogue_count_deletes after delete on app.partnerships
  referencing old table as old_rows for each statement execute function app.count_catalogue();
create trigger activity_slots_catalogue_count_inserts after insert on app.activity_slots
  referencing new table as new_rows for each statement execute function app.count_catalogue();
create trigger activity_slots_catalogue_count_updates after update on app.activity_slots
  referencing old table as old_rows new table as new_rows for each statement execute function app.count_catalogue();
create trigger activity_slots_catalogue_count_deletes after delete on app.activity_slots
  referencing old table as old_rows for each statement execute function app.count_catalogue();

select app.recount_catalogue(array_agg(id)) from app.municipalities;

-- The catalogue's matching activities: the total when asked (filters the counts do not
-- cover), and the ids of one page in title order. Custom plans: given filters become index
-- conditions, absent ones vanish, and one municipality's page walks
-- activities_catalogue_title_idx and stops after 20. A generic plan cannot know which filters
-- are absent, guesses almost no rows match, and sorts them all (~50 ms).
create function app.catalogue_matching(
  everywhere boolean, chosen uuid, category app.organisation_kind, weekday int, age int, tag text,
  search text, page int, want_total boolean, out total bigint, out page_ids uuid[]
)
language plpgsql stable
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_variable
begin
  if want_total then
    select count(*) into total from app.activities a
    where a.is_public and (everywhere or a.municipality_id = chosen)
      and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                    and p.municipality_id = a.municipality_id and p.status = 'verified')
      and (category is null or a.category = category)
      and (weekday is null or exists (select 1 from app.activity_slots s
                                       where s.activity_id = a.id and s.weekday = weekday))
      and (age is null or (coalesce(a.age_min, 0) <= age and coalesce(a.age_max, 120) >= age))
      and (tag is null or a.adaptation_tags @> array[lower(tag)])
      and (search is null or a.title ilike '%' || search || '%'
           or exists (select 1 from app.organisations o where o.id = a.organisation_id
                        and o.name ilike '%' || search || '%'));
  end if;
  if everywhere then
    select array_agg(x.id order by x.title, x.id) into page_ids from (
      select a.id, a.title from app.activities a
      where a.is_public
      and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                    and p.municipality_id = a.municipality_id and p.status = 'verified')
      and (category is null or a.category = category)
      and (weekday is null or exists (select 1 from app.activity_slots s
                                       where s.activity_id = a.id and s.weekday = weekday))
      and (age is null or (coalesce(a.age_min, 0) <= age and coalesce(a.age_max, 120) >= age))
      and (tag is null or a.adaptation_tags @> array[lower(tag)])
      and (search is null or a.title ilike '%' || search || '%'
           or exists (select 1 from app.organisations o where o.id = a.organisation_id
                        and o.name ilike '%' || search || '%'))
      order by a.title, a.id limit 20 offset (page - 1) * 20) x;
  else
    select array_agg(x.id order by x.title, x.id) into page_ids from (
      select a.id, a.title from app.activities a
      where a.is_public and a.municipality_id = chosen
      and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                    and p.municipality_id = a.municipality_id and p.status = 'verified')
      and (category is null or a.category = category)
      and (weekday is null or exists (select 1 from app.activity_slots s
                                       where s.activity_id = a.id and s.weekday = weekday))
      and (age is null or (coalesce(a.age_min, 0) <= age and coalesce(a.age_max, 120) >= age))
      and (tag is null or a.adaptation_tags @> array[lower(tag)])
      and (search is null or a.title ilike '%' || search || '%'
           or exists (select 1 from app.organisations o where o.id = a.organisation_id
                        and o.name ilike '%' || search || '%'))
      order by a.title, a.id limit 20 offset (page - 1) * 20) x;
  end if;
end
$$;

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
  matching := app.catalogue_matching(catalogue.municipality_number is null, chosen, catalogue.category,
                                     catalogue.weekday, catalogue.age, catalogue.tag, catalogue.search,
                                     chosen_page, not counted);
  return jsonb_build_object(
    'total', coalesce(total, matching.total),
    'page', chosen_page,
    'page_size', 20,
    -- Subqueries per row rather than joins: a kept plan cannot know the page has 20 rows.
    'items', (select coalesce(jsonb_agg(jsonb_build_object(
                'id', r.id, 'title', r.title, 'category', r.category,
                'organisation_name', (select o.name from app.organisations o where o.id = r.organisation_id),
                'municipality_name', (select m.name from app.municipalities m where m.id = r.municipality_id),
                'place', r.place, 'age_min', r.age_min, 'age_max', r.age_max,
                'adaptation_tags', r.adaptation_tags, 'fee_ore', r.fee_ore, 'fee_period', r.fee_period,
                'slots', (select coalesce(jsonb_agg(jsonb_build_object('weekday', s.weekday,
                                  'starts_at', to_char(s.starts_at, 'HH24:MI'), 'ends_at', to_char(s.ends_at, 'HH24:MI'))
                                  order by s.weekday, s.starts_at), '[]')
                          from app.activity_slots s where s.activity_id = r.id))
              order by r.title, r.id), '[]')
              from unnest(matching.page_ids) as p (id)
              join app.activities r on r.id = p.id),
    'municipalities', (select coalesce(jsonb_agg(jsonb_build_object('number', m.municipality_number, 'name', m.name)
                                                 order by m.name), '[]') from app.municipalities m),
    'tags', (select coalesce(jsonb_agg(t.tag order by t.tag), '[]') from app.catalogue_tags t));
end
$$;
