-- Municipality admins change a colleague's roles or remove them, as organisation admins do
-- with api.set_member_roles (issue 3, "People"). Invoker: the policies on app.staff let only
-- the municipality's admins add and remove roles.

-- Sets a person's roles in the municipality exactly; none removes them. The municipality
-- keeps at least one admin, or nobody could manage its staff any more.
create function api.set_staff_roles(municipality_id uuid, user_id uuid, roles app.staff_role[]) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id, 'admin');
  if not exists (select 1 from app.staff s
                  where s.municipality_id = set_staff_roles.municipality_id and s.user_id = set_staff_roles.user_id) then
    perform app.not_found();
  end if;
  insert into app.staff (municipality_id, user_id, role)
  select set_staff_roles.municipality_id, set_staff_roles.user_id, r from unnest(roles) r
  on conflict do nothing;
  delete from app.staff s
   where s.municipality_id = set_staff_roles.municipality_id and s.user_id = set_staff_roles.user_id
     and s.role <> all (coalesce(roles, '{}'));
  if not exists (select 1 from app.staff s
                  where s.municipality_id = set_staff_roles.municipality_id and s.role = 'admin') then
    perform app.refuse('last_municipality_admin');
  end if;
end
$$;
grant execute on function api.set_staff_roles(uuid, uuid, app.staff_role[]) to authenticated;
