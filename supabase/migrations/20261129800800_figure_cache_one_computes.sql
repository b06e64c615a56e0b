-- The dashboard's cached figures are computed by one caller at a time (issue 9).
--
-- When the figures of a busy municipality expired, every caseworker opening the dashboard in
-- that moment computed them at once (fifty at 50 connections, ~70 ms of CPU each) and then
-- queued on the cache row to write the same result. Now the first takes an advisory lock and
-- computes; the others show the figures they have (a minute old is fine on a dashboard, which
-- says when they were computed), or, with none yet, wait for the first and show its result.

create or replace function app.cached_figures(municipality uuid, year int) returns app.figure_cache
language plpgsql security definer
set search_path = ''
as $$
declare
  cached app.figure_cache;
  lock_key int := hashtext('figure_cache:' || municipality::text);
begin
  select * into cached from app.figure_cache c where c.municipality_id = municipality and c.year = cached_figures.year;
  if found and cached.computed_at > now() - interval '1 minute' then
    return cached;
  end if;
  if found then
    if not pg_try_advisory_xact_lock(lock_key, year) then
      return cached;
    end if;
  else
    perform pg_advisory_xact_lock(lock_key, year);
    select * into cached from app.figure_cache c where c.municipality_id = municipality and c.year = cached_figures.year;
    if found and cached.computed_at > now() - interval '1 minute' then
      return cached;
    end if;
  end if;
  insert into app.figure_cache (municipality_id, year, figures, computed_at)
  values (municipality, year, app.year_figures(municipality, year), now())
  on conflict on constraint figure_cache_pkey do update set figures = excluded.figures, computed_at = excluded.computed_at
  returning * into cached;
  return cached;
end
$$;
