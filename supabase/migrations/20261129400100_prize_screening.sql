-- The round's page for staff also carries what screening and appointing jurors need: each
-- nominee's nominations (who, relation, reasons) so caseworkers judge them together, and the
-- municipality's staff, from whom the admin picks jurors, and the jury invitations not yet
-- accepted. Same signature, so same grants.
create or replace function api.prize_round_admin(round_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  round app.prize_rounds;
begin
  perform app.require_user();
  select * into round from app.prize_rounds r where r.id = prize_round_admin.round_id;
  if not found or not app.is_staff(round.municipality_id) then
    perform app.not_found();
  end if;
  return jsonb_build_object(
    'round', to_jsonb(round) - 'created_by',
    'municipality', app.municipality_ref(round.municipality_id),
    'is_admin', app.is_staff(round.municipality_id, 'admin'),
    'criteria', (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'title', c.title, 'description', c.description,
                                                              'weight', c.weight) order by c.position), '[]')
                 from app.prize_criteria c where c.round_id = round.id),
    'jurors', (select coalesce(jsonb_agg(jsonb_build_object(
                 'user_id', j.user_id, 'display_name', p.display_name, 'email', p.email,
                 'scored', (select count(distinct s.organisation_id) from app.prize_scores s
                             where s.round_id = round.id and s.juror_id = j.user_id),
                 'conflicts', (select count(*) from app.prize_conflicts c where c.round_id = round.id and c.juror_id = j.user_id))
                 order by p.display_name), '[]')
               from app.prize_jurors j join app.profiles p on p.user_id = j.user_id where j.round_id = round.id),
    'staff', case when app.is_staff(round.municipality_id, 'admin') then
               (select coalesce(jsonb_agg(distinct jsonb_build_object('user_id', p.user_id, 'display_name', p.display_name,
                                                                       'email', p.email)), '[]')
                from app.staff s join app.profiles p on p.user_id = s.user_id
                where s.municipality_id = round.municipality_id) end,
    'invitations', case when app.is_staff(round.municipality_id, 'admin') then
                     (select coalesce(jsonb_agg(jsonb_build_object('email', i.email, 'expires_at', i.expires_at)
                                                order by i.email), '[]')
                      from app.invitations i
                      where i.prize_round_id = round.id and i.accepted_at is null and i.expires_at > now()) end,
    'nominees', (select coalesce(jsonb_agg(jsonb_build_object(
                   'organisation_id', o.id, 'name', o.name, 'status', n.status, 'screening_reason', n.screening_reason,
                   'nominations', n.nominations, 'details', n.details) order by o.name), '[]')
                 from (select organisation_id, count(*) as nominations,
                              (array_agg(status order by created_at desc))[1] as status,
                              (array_agg(screening_reason order by created_at desc))[1] as screening_reason,
                              jsonb_agg(jsonb_build_object('nominator_name', nominator_name, 'relation', relation,
                                                           'reasons', reasons, 'created_at', created_at)
                                        order by created_at) as details
                       from app.nominations where nominations.round_id = round.id and confirmed_at is not null
                       group by organisation_id) n
                 join app.organisations o on o.id = n.organisation_id),
    'ranking', case when app.is_staff(round.municipality_id, 'admin') then app.prize_ranking(round.id) end,
    'winners', (select coalesce(jsonb_agg(jsonb_build_object('organisation_id', w.organisation_id, 'citation', w.citation)), '[]')
                from app.prize_winners w where w.round_id = round.id));
end
$$;

-- Jurors invited from outside the municipality are not staff, so without this their names
-- would drop out of the round's juror list and progress.
create policy "The round's staff read their jurors' profiles" on app.profiles
  for select to authenticated using (
    user_id in (select j.user_id from app.prize_jurors j where app.is_round_staff(j.round_id)));
