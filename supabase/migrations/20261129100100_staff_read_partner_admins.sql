-- api.organisation_for_staff lists the organisation's admins, so that the caseworker knows whom
-- the decision goes to; but no policy let staff read another organisation's memberships or
-- profiles, and the list came back empty. Staff may now read who administers the
-- organisations that asked to work with their municipality, and nothing more of them (R9).

-- Both policies ask app.partner_organisations() once per query (docs/decisions/007-fast-policies.md).
create policy "Staff read who administers the organisations that work with them" on app.memberships
  for select to authenticated using (role = 'admin' and organisation_id in (select app.partner_organisations()));

create policy "Staff read the profiles of the admins of organisations that work with them" on app.profiles
  for select to authenticated using (
    user_id in (select m.user_id from app.memberships m
                 where m.role = 'admin' and m.organisation_id in (select app.partner_organisations())));
