-- The caseworker's placement list on a large municipality (issue 9): as the claim queue, the
-- total is counted without building the rows, and a page is read in list order from an
-- index and stops after 50, instead of sorting every placement of the municipality.

create index placements_list_order_idx on app.placements (municipality_id, ends_on, id);

create or replace function api.placements(municipality_id uuid, filter text default null, page int default 1) returns jsonb
language plpgsql stable security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
declare
  chosen_page int := greatest(coalesce(page, 1), 1);
begin
  perform app.require_staff(municipality_id);
  return (
    with matching as not materialized (
      select pl.id, pl.ends_on
      from app.placements pl
      where pl.municipality_id = placements.municipality_id
        and (placements.filter is null
             or (placements.filter = 'ending_soon' and pl.status <> 'ended' and pl.ends_on <= app.today() + 30)
             or (placements.filter = 'no_attendance' and pl.status = 'active' and pl.starts_on < app.today() - 21
                 and not exists (select 1 from app.attendance_months am
                                  where am.placement_id = pl.id and am.month >= date_trunc('month', app.today() - 21)
                                    and am.last_present_on >= app.today() - 21)))
    )
    select jsonb_build_object(
      'filter', filter,
      'total', (select count(*) from matching),
      'page', chosen_page,
      'page_size', 50,
      'placements', (select coalesce(jsonb_agg(jsonb_build_object(
          'id', pl.id, 'status', pl.status, 'participant', pa.first_name, 'participant_id', pa.id,
          'activity', a.title, 'organisation', o.name, 'starts_on', pl.starts_on, 'ends_on', pl.ends_on,
          'outcome', pl.outcome, 'last_attendance', app.last_attended(pl.id)) order by pl.ends_on, pl.id), '[]')
        from (select id from matching order by ends_on, id limit 50 offset (chosen_page - 1) * 50) r
        join app.placements pl on pl.id = r.id
        join app.participants pa on pa.id = pl.participant_id
        join app.activities a on a.id = pl.activity_id
        join app.organisations o on o.id = pl.organisation_id)));
end
$$;
