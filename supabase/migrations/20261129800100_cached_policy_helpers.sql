-- Policy helpers keep their plans (issue 9, docs/decisions/007 point 8).
--
-- A SQL function with `set search_path` cannot be inlined, and Postgres plans its body again
-- every time the query calling it starts; called from inside another such function, every
-- time it is called. The policy helpers run in nearly every request, and per row in writes
-- (three policy checks per attendance mark), so planning them cost more than the rest of a
-- save. As PL/pgSQL they plan once per pooled connection. Bodies, grants and signatures are
-- unchanged.

create or replace function app.is_staff(municipality uuid, wanted app.staff_role default null) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (
    select 1 from app.staff
    where municipality_id = municipality
      and user_id = (select auth.uid())
      and (wanted is null or role = wanted));
end
$$;

create or replace function app.is_member(organisation uuid, wanted app.member_role default null) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (
    select 1 from app.memberships
    where organisation_id = organisation
      and user_id = (select auth.uid())
      and (wanted is null or role = wanted));
end
$$;

create or replace function app.my_municipalities(wanted app.staff_role default null) returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query
    select municipality_id from app.staff
    where user_id = (select auth.uid()) and (wanted is null or role = wanted);
end
$$;

create or replace function app.my_organisations(wanted app.member_role default null) returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query
    select organisation_id from app.memberships
    where user_id = (select auth.uid()) and (wanted is null or role = wanted);
end
$$;

create or replace function app.is_publicly_visible(organisation uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (select 1 from app.partnerships where organisation_id = organisation and status = 'verified');
end
$$;

create or replace function app.visible_organisations() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select distinct organisation_id from app.partnerships where status = 'verified';
end
$$;

create or replace function app.partner_organisations() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query
    select distinct organisation_id from app.partnerships
    where municipality_id in (select municipality_id from app.staff where user_id = (select auth.uid()));
end
$$;

create or replace function app.is_placement_facilitator(placement uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (
    select 1 from app.placements p
    join app.agreement_activities aa on aa.agreement_id = p.agreement_id and aa.activity_id = p.activity_id
    where p.id = placement
      and p.facilitator_id = (select auth.uid())
      and aa.facilitator_id = p.facilitator_id and aa.accepted_at is not null
      and (p.status = 'active' or (p.status = 'ended' and p.ended_on + 30 >= app.today())));
end
$$;

create or replace function app.my_facilitated_placements() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query
    select p.id from app.placements p
    join app.agreement_activities aa on aa.agreement_id = p.agreement_id and aa.activity_id = p.activity_id
    where p.facilitator_id = (select auth.uid())
      and aa.facilitator_id = p.facilitator_id and aa.accepted_at is not null
      and (p.status = 'active' or (p.status = 'ended' and p.ended_on + 30 >= app.today()));
end
$$;

create or replace function app.is_placement_organisation_admin(placement uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (select 1 from app.placements p where p.id = placement and app.is_member(p.organisation_id, 'admin'));
end
$$;

-- Checked three times per mark saved (insert, and update's using and check), so it asks in
-- one query what app.is_placement_facilitator, app.is_placement_organisation_admin and
-- app.is_staff would answer together.
create or replace function app.may_log_attendance(placement uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
begin
  return exists (
    select 1 from app.placements p
    where p.id = placement
      and ((p.facilitator_id = caller
            and (p.status = 'active' or (p.status = 'ended' and p.ended_on + 30 >= app.today()))
            and exists (select 1 from app.agreement_activities aa
                        where aa.agreement_id = p.agreement_id and aa.activity_id = p.activity_id
                          and aa.facilitator_id = p.facilitator_id and aa.accepted_at is not null))
           or exists (select 1 from app.memberships m
                      where m.organisation_id = p.organisation_id and m.user_id = caller and m.role = 'admin')
           or exists (select 1 from app.staff s where s.municipality_id = p.municipality_id and s.user_id = caller)));
end
$$;

create or replace function app.participant_card(placement uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select app.card_of(pa)
    from app.placements p join app.participants pa on pa.id = p.participant_id
    where p.id = placement
      and (app.is_staff(p.municipality_id) or app.is_placement_facilitator(p.id) or app.is_member(p.organisation_id, 'admin')));
end
$$;

create or replace function app.can_read_claim(claim uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (select 1 from app.claims c where c.id = claim
                   and (app.is_staff(c.municipality_id) or app.is_member(c.organisation_id, 'admin')));
end
$$;

create or replace function app.is_claim_organisation_admin(claim uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (select 1 from app.claims c where c.id = claim and app.is_member(c.organisation_id, 'admin'));
end
$$;

-- The layout's one call, made on every page: the same query, planned once per connection.
create or replace function api.session_context() returns jsonb
language plpgsql stable
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
