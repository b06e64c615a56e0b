-- Two more of the caseworker's pages on a large municipality (issue 9).

-- The budget page sums the year's paid and waiting claims: an index on exactly those
-- columns reads the ~10 000 claims it needs rather than all 20 000 of the year, and can
-- answer from the index alone once the table is vacuumed.
-- It replaces claims_year_idx, whose year queries it serves as well (kind is in the index).
create index claims_budget_idx on app.claims (municipality_id, budget_year, status) include (kind, amount_ore, organisation_id);
drop index app.claims_year_idx;

-- The participant list, as the other lists: the total counted without building the rows,
-- the page read in name order from participants_municipality_idx and stopped after 50.
create or replace function api.participants(municipality_id uuid, search text default null, page int default 1) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  chosen_page int := greatest(coalesce(page, 1), 1);
begin
  perform app.require_staff(municipality_id);
  return (
    with matching as not materialized (
      select p.* from app.participants p
      where p.municipality_id = participants.municipality_id
        and (participants.search is null or p.first_name ilike '%' || participants.search || '%')
    )
    select jsonb_build_object(
      'municipality', app.municipality_ref(participants.municipality_id),
      'total', (select count(*) from matching),
      'page', chosen_page,
      'page_size', 50,
      'participants', (select coalesce(jsonb_agg(jsonb_build_object(
          'id', r.id, 'first_name', r.first_name, 'birth_year', r.birth_year, 'anonymised', r.anonymised_at is not null,
          'active_placements', (select count(*) from app.placements pl where pl.participant_id = r.id and pl.status <> 'ended'))
          order by r.first_name, r.id), '[]')
        from (select * from matching order by first_name, id limit 50 offset (chosen_page - 1) * 50) r)));
end
$$;
