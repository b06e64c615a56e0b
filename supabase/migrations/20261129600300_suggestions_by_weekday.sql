-- Suggested activities (mapping and plan) match weekdays too: an interest tag that names a
-- day ("tirsdag") or the weekend ("helg") counts for activities that meet then. Each
-- suggestion says when it meets and which of the participant's interests it matched, so
-- the caseworker sees why it is there. The same activities as before qualify (age, active
-- agreement with the participant's municipality).
-- The ISO weekdays a tag names, in bokmål (and "helg" for Saturday and Sunday).
create or replace function app.weekdays_named(tag text) returns int[]
language sql immutable
set search_path = ''
as $$
  select case lower(trim(tag))
    when 'mandag' then '{1}' when 'tirsdag' then '{2}' when 'onsdag' then '{3}' when 'torsdag' then '{4}'
    when 'fredag' then '{5}' when 'lørdag' then '{6}' when 'søndag' then '{7}' when 'helg' then '{6,7}'
    else '{}' end::int[]
$$;
grant execute on function app.weekdays_named(text) to authenticated, service_role;

create or replace function app.suggested_activities(participant app.participants) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(s.item || jsonb_build_object('matches', s.matches)
                            order by cardinality(s.matches) + s.category_bonus desc, s.title), '[]')
  from (
    select a.title,
           jsonb_build_object('id', a.id, 'title', a.title, 'category', a.category, 'organisation', o.name,
                              'adaptation_tags', a.adaptation_tags, 'agreement_id', aa.agreement_id,
                              'age_min', a.age_min, 'age_max', a.age_max, 'weekdays', days.weekdays) as item,
           array(select i from unnest(participant.interests) i
                  where i = a.category::text or i = any (a.adaptation_tags) or a.title ilike '%' || i || '%'
                     or app.weekdays_named(i) && days.weekdays
                  order by i) as matches,
           -- The category is the strongest sign, as before.
           case when a.category::text = any (participant.interests) then 1 else 0 end as category_bonus
    from app.agreement_activities aa
    join app.agreements ag on ag.id = aa.agreement_id and ag.status = 'active' and ag.municipality_id = participant.municipality_id
    join app.activities a on a.id = aa.activity_id
    join app.organisations o on o.id = a.organisation_id
    cross join lateral (select coalesce(array_agg(distinct sl.weekday::int order by sl.weekday::int), '{}') as weekdays
                        from app.activity_slots sl where sl.activity_id = a.id) days
    where extract(year from app.today())::int - participant.birth_year between coalesce(a.age_min, 0) and coalesce(a.age_max, 120)
    limit 200
  ) s where cardinality(s.matches) > 0 or cardinality(participant.interests) = 0
$$;
