-- The layout's session context on every page (issue 9). As invoker, reading one's own profile
-- evaluated every permissive policy on app.profiles (colleagues, fellow members, the round's
-- jurors…), each a subplan, for a lookup that only ever returns the caller's own rows. Definer,
-- with every read keyed on the caller's own user id, returns the same rows without them:
-- one's own profile, one's own staff and membership rows, and the organisations one is a
-- member of (which "Members read their own organisation" shows the caller anyway);
-- municipalities are public. Anonymous callers have no grant, as before.
create or replace function api.session_context() returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
begin
  return jsonb_build_object(
    'user', (
      select jsonb_build_object('id', p.user_id, 'email', p.email, 'display_name', p.display_name)
      from app.profiles p where p.user_id = caller
    ),
    'staff', coalesce((
      select jsonb_agg(jsonb_build_object('municipality_id', m.id, 'municipality_name', m.name, 'role', s.role)
                       order by m.name, s.role)
      from app.staff s join app.municipalities m on m.id = s.municipality_id
      where s.user_id = caller
    ), '[]'),
    'organisations', coalesce((
      select jsonb_agg(jsonb_build_object('organisation_id', o.id, 'name', o.name, 'role', ms.role)
                       order by o.name, ms.role)
      from app.memberships ms join app.organisations o on o.id = ms.organisation_id
      where ms.user_id = caller
    ), '[]'));
end
$$;
