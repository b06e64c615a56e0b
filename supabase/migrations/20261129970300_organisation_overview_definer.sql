-- The club overview (issue 9), ~1.7 ms a call for a club with two members and three
-- activities: as invoker every read went through the permissive policies of organisations,
-- profiles, memberships, activities and partnerships (each a subplan or a set built per
-- query), and app.partnerships_of, a SQL function with its own search_path, was planned anew
-- on every call.
--
-- Definer, with the check it had: only members of the organisation get past app.is_member.
-- A member's policies show all of the organisation, its partnerships, memberships, fellow
-- members' profiles and activities, so those are read as they are. Two reads were narrower
-- and stay so: the bank account (admins, and staff of a municipality the organisation has a
-- partnership with, as app.partner_organisations) and the open invitations (admins).
create or replace function api.organisation_overview(organisation_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  is_admin boolean := app.is_member(organisation_id, 'admin');
  result jsonb;
begin
  perform app.require_user();
  if not app.is_member(organisation_id) then
    perform app.not_found();
  end if;
  select jsonb_build_object(
    'organisation', to_jsonb(o) - 'created_by',
    'is_admin', is_admin,
    'bank_account', (select op.bank_account from app.organisation_private op
                     where op.organisation_id = o.id
                       and (is_admin or exists (select 1 from app.partnerships p join app.staff s on s.municipality_id = p.municipality_id
                                                where p.organisation_id = o.id and s.user_id = caller))),
    'partnerships', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'municipality_id', m.id, 'municipality_name', m.name, 'status', p.status,
        'status_reason', p.status_reason, 'requested_at', p.requested_at, 'decided_at', p.decided_at)
        order by m.name), '[]')
      from app.partnerships p join app.municipalities m on m.id = p.municipality_id
      where p.organisation_id = o.id),
    'members', (
      select coalesce(jsonb_agg(jsonb_build_object('user_id', p.user_id, 'display_name', p.display_name,
                                                   'email', p.email, 'roles', m.roles) order by p.display_name, p.email), '[]')
      from (select ms.user_id, jsonb_agg(ms.role order by ms.role) as roles from app.memberships ms
             where ms.organisation_id = o.id group by ms.user_id) m
      join app.profiles p on p.user_id = m.user_id),
    'invitations', (
      select coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'email', i.email, 'role', i.member_role,
                                                   'created_at', i.created_at, 'expires_at', i.expires_at)
                                order by i.created_at desc), '[]')
      from app.invitations i
      where is_admin and i.organisation_id = o.id and i.accepted_at is null and i.expires_at > now()),
    'activities', (
      select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'title', a.title, 'category', a.category,
                                                   'municipality_name', m.name, 'is_public', a.is_public,
                                                   'capacity', a.capacity) order by a.title), '[]')
      from app.activities a join app.municipalities m on m.id = a.municipality_id
      where a.organisation_id = o.id))
  into result
  from app.organisations o where o.id = organisation_overview.organisation_id;
  return result;
end
$$;
