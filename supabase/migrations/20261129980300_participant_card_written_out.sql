-- app.card_of is a SQL function declared immutable around jsonb_build_object, which is stable,
-- so it is never inlined: every claim page planned it again (~0.15 ms of ~0.4 ms in this
-- helper). The card is written out here, as the lists already do (007 point 30).

create or replace function app.participant_card(placement uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select jsonb_build_object(
      'first_name', pa.first_name,
      'birth_year', pa.birth_year,
      'note', case when pa.share_activity_note and pa.activity_note <> '' then pa.activity_note end)
    from app.placements p join app.participants pa on pa.id = p.participant_id
    where p.id = placement
      and (app.is_staff(p.municipality_id) or app.is_placement_facilitator(p.id) or app.is_member(p.organisation_id, 'admin')));
end
$$;
