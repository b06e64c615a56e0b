-- Use cases around organisations. Security invoker unless the comment says why not.

------------------------------------------------------------------------------------------
-- Mail: the outbox is private, so queuing goes through definer helpers.
------------------------------------------------------------------------------------------
create function app.enqueue_mail(recipient text, template text, payload jsonb) returns void
language sql security definer
set search_path = ''
as $$
  insert into app.outbox (recipient, template, payload) values (lower(recipient), template, payload)
$$;

create function app.mail_organisation_admins(organisation uuid, template text, payload jsonb) returns void
language sql security definer
set search_path = ''
as $$
  insert into app.outbox (recipient, template, payload)
  select p.email, template, payload
  from app.memberships m join app.profiles p on p.user_id = m.user_id
  where m.organisation_id = organisation and m.role = 'admin'
$$;

grant execute on function app.enqueue_mail(text, text, jsonb), app.mail_organisation_admins(uuid, text, jsonb)
  to authenticated, service_role;

-- A random token for a link, and the hash that is stored instead of it.
create function app.new_token() returns text
language sql volatile
set search_path = ''
as $$ select encode(extensions.gen_random_bytes(24), 'hex') $$;

create function app.token_hash(token text) returns text
language sql immutable strict
set search_path = ''
as $$ select encode(extensions.digest(token, 'sha256'), 'hex') $$;

grant execute on function app.new_token(), app.token_hash(text) to anon, authenticated, service_role;

------------------------------------------------------------------------------------------
-- Shared checks of organisation fields (R1, R2), used by registration and editing.
------------------------------------------------------------------------------------------
create function app.check_organisation_fields(name text, contact_email text, contact_phone text,
                                              postal_code text, bank_account text) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if coalesce(trim(name), '') = '' then
    perform app.refuse('name_required', 'name');
  end if;
  if contact_email is not null and contact_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    perform app.refuse('email_invalid', 'contact_email');
  end if;
  if contact_phone is not null and contact_phone !~ '^\+?[0-9 ]{8,15}$' then
    perform app.refuse('phone_invalid', 'contact_phone');
  end if;
  if postal_code is not null and postal_code !~ '^\d{4}$' then
    perform app.refuse('postal_code_invalid', 'postal_code');
  end if;
  if bank_account is not null and not app.is_valid_bank_account(bank_account) then
    perform app.refuse('bank_account_invalid', 'bank_account');
  end if;
end
$$;
grant execute on function app.check_organisation_fields(text, text, text, text, text) to authenticated, service_role;

------------------------------------------------------------------------------------------
-- Registration
------------------------------------------------------------------------------------------

-- Definer: the registering user is not yet a member, so no policy lets them insert the
-- organisation and make themselves its admin. Checks the caller itself.
create function api.register_organisation(
  organisation_number text,
  name text,
  kind app.organisation_kind,
  municipality_ids uuid[],
  description text default '',
  contact_email text default null,
  contact_phone text default null,
  postal_address text default '',
  postal_code text default null,
  postal_town text default '',
  bank_account text default null
) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
  number text := app.digits_only(organisation_number);
  account text := nullif(app.digits_only(coalesce(bank_account, '')), '');
  existing record;
  organisation uuid;
begin
  if not app.is_valid_organisation_number(number) then
    perform app.refuse('organisation_number_invalid', 'organisation_number');
  end if;
  select o.name, o.contact_email into existing from app.organisations o where o.organisation_number = number;
  if found then
    perform app.refuse('organisation_number_taken', 'organisation_number',
      jsonb_build_object('name', existing.name, 'contact_email', existing.contact_email));
  end if;
  perform app.check_organisation_fields(name, nullif(trim(contact_email), ''), nullif(trim(contact_phone), ''),
                                        nullif(trim(postal_code), ''), account);
  if coalesce(cardinality(municipality_ids), 0) = 0
     or exists (select 1 from unnest(municipality_ids) m where not exists (select 1 from app.municipalities where id = m)) then
    perform app.refuse('municipalities_required', 'municipality_ids');
  end if;

  insert into app.organisations (organisation_number, name, kind, description, contact_email, contact_phone,
                                 postal_address, postal_code, postal_town, created_by)
  values (number, trim(name), kind, coalesce(trim(description), ''), lower(nullif(trim(contact_email), '')),
          nullif(trim(contact_phone), ''), coalesce(trim(postal_address), ''), nullif(trim(postal_code), ''),
          coalesce(trim(postal_town), ''), caller)
  returning id into organisation;
  insert into app.organisation_private (organisation_id, bank_account) values (organisation, account);
  insert into app.memberships (organisation_id, user_id, role) values (organisation, caller, 'admin');
  insert into app.partnerships (organisation_id, municipality_id)
  select organisation, m from unnest(municipality_ids) m group by m;
  return organisation;
end
$$;
grant execute on function api.register_organisation(text, text, app.organisation_kind, uuid[], text, text, text,
  text, text, text, text) to authenticated;

-- The registration form: municipalities to choose from.
create function api.registration_form() returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'municipalities', coalesce(jsonb_agg(jsonb_build_object('id', id, 'name', name, 'number', municipality_number)
                                         order by name), '[]'))
  from app.municipalities
$$;
grant execute on function api.registration_form() to authenticated;

------------------------------------------------------------------------------------------
-- The organisation's own pages
------------------------------------------------------------------------------------------
create function app.partnerships_of(organisation uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'municipality_id', m.id, 'municipality_name', m.name, 'status', p.status,
    'status_reason', p.status_reason, 'requested_at', p.requested_at, 'decided_at', p.decided_at)
    order by m.name), '[]')
  from app.partnerships p join app.municipalities m on m.id = p.municipality_id
  where p.organisation_id = organisation
$$;
grant execute on function app.partnerships_of(uuid) to anon, authenticated, service_role;

create function api.my_organisations() returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'id', o.id, 'name', o.name, 'organisation_number', o.organisation_number, 'kind', o.kind,
    'roles', r.roles, 'partnerships', app.partnerships_of(o.id),
    'activity_count', (select count(*) from app.activities a where a.organisation_id = o.id))
    order by o.name), '[]')
  from app.organisations o
  join (select organisation_id, jsonb_agg(role order by role) as roles from app.memberships
         where user_id = (select auth.uid()) group by organisation_id) r on r.organisation_id = o.id
$$;
grant execute on function api.my_organisations() to authenticated;

create function api.organisation_overview(organisation_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
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
    'bank_account', (select bank_account from app.organisation_private where organisation_private.organisation_id = o.id),
    'partnerships', app.partnerships_of(o.id),
    'members', (
      select coalesce(jsonb_agg(jsonb_build_object('user_id', p.user_id, 'display_name', p.display_name,
                                                   'email', p.email, 'roles', m.roles) order by p.display_name, p.email), '[]')
      from (select user_id, jsonb_agg(role order by role) as roles from app.memberships
             where memberships.organisation_id = o.id group by user_id) m
      join app.profiles p on p.user_id = m.user_id),
    'invitations', (
      select coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'email', i.email, 'role', i.member_role,
                                                   'created_at', i.created_at, 'expires_at', i.expires_at)
                                order by i.created_at desc), '[]')
      from app.invitations i
      where i.organisation_id = o.id and i.accepted_at is null and i.expires_at > now()),
    'activities', (
      select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'title', a.title, 'category', a.category,
                                                   'municipality_name', m.name, 'is_public', a.is_public,
                                                   'capacity', a.capacity) order by a.title), '[]')
      from app.activities a join app.municipalities m on m.id = a.municipality_id
      where a.organisation_id = o.id))
  into result
  from app.organisations o where o.id = organisation_id;
  return result;
end
$$;
grant execute on function api.organisation_overview(uuid) to authenticated;

-- Invoker: the update policies let only the organisation's admins through.
create function api.update_organisation(
  organisation_id uuid,
  name text,
  kind app.organisation_kind,
  description text default '',
  contact_email text default null,
  contact_phone text default null,
  postal_address text default '',
  postal_code text default null,
  postal_town text default '',
  bank_account text default null
) returns void
language plpgsql
set search_path = ''
as $$
declare
  account text := nullif(app.digits_only(coalesce(bank_account, '')), '');
begin
  perform app.require_user();
  if not app.is_member(organisation_id, 'admin') then
    perform app.forbid();
  end if;
  perform app.check_organisation_fields(name, nullif(trim(contact_email), ''), nullif(trim(contact_phone), ''),
                                        nullif(trim(postal_code), ''), account);
  update app.organisations o
     set name = trim(update_organisation.name), kind = update_organisation.kind,
         description = coalesce(trim(update_organisation.description), ''),
         contact_email = lower(nullif(trim(update_organisation.contact_email), '')),
         contact_phone = nullif(trim(update_organisation.contact_phone), ''),
         postal_address = coalesce(trim(update_organisation.postal_address), ''),
         postal_code = nullif(trim(update_organisation.postal_code), ''),
         postal_town = coalesce(trim(update_organisation.postal_town), '')
   where o.id = update_organisation.organisation_id;
  update app.organisation_private p set bank_account = account, updated_at = now()
   where p.organisation_id = update_organisation.organisation_id;
end
$$;
grant execute on function api.update_organisation(uuid, text, app.organisation_kind, text, text, text, text, text,
  text, text) to authenticated;

------------------------------------------------------------------------------------------
-- Verification by the municipality
------------------------------------------------------------------------------------------
create function app.require_staff(municipality uuid, wanted app.staff_role default null) returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
begin
  if not app.is_staff(municipality, wanted) then
    perform app.forbid();
  end if;
  return caller;
end
$$;
grant execute on function app.require_staff(uuid, app.staff_role) to authenticated, service_role;

create function api.verification_queue(municipality_id uuid, status app.partnership_status default 'pending')
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  result jsonb;
begin
  perform app.require_staff(municipality_id);
  select jsonb_build_object(
    'municipality', app.municipality_ref(verification_queue.municipality_id),
    'status', status,
    'counts', (select jsonb_object_agg(s.status, s.n) from (
                 select p.status, count(*) as n from app.partnerships p
                 where p.municipality_id = verification_queue.municipality_id group by p.status) s),
    'organisations', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'id', o.id, 'name', o.name, 'organisation_number', o.organisation_number, 'kind', o.kind,
        'requested_at', p.requested_at, 'decided_at', p.decided_at, 'status_reason', p.status_reason)
        order by p.requested_at), '[]')
      from app.partnerships p join app.organisations o on o.id = p.organisation_id
      where p.municipality_id = verification_queue.municipality_id and p.status = verification_queue.status))
  into result;
  return result;
end
$$;
grant execute on function api.verification_queue(uuid, app.partnership_status) to authenticated;

create function api.organisation_for_staff(municipality_id uuid, organisation_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  result jsonb;
begin
  perform app.require_staff(municipality_id);
  select jsonb_build_object(
    'organisation', to_jsonb(o) - 'created_by',
    'bank_account', (select bank_account from app.organisation_private pr where pr.organisation_id = o.id),
    'partnership', to_jsonb(p),
    'admins', (
      select coalesce(jsonb_agg(jsonb_build_object('display_name', pf.display_name, 'email', pf.email)
                                order by pf.display_name), '[]')
      from app.memberships m join app.profiles pf on pf.user_id = m.user_id
      where m.organisation_id = o.id and m.role = 'admin'),
    'activities', (
      select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'title', a.title, 'category', a.category,
                                                   'is_public', a.is_public) order by a.title), '[]')
      from app.activities a where a.organisation_id = o.id and a.municipality_id = organisation_for_staff.municipality_id),
    'history', (
      select coalesce(jsonb_agg(jsonb_build_object('occurred_at', e.occurred_at, 'action', e.action,
                                                   'status', e.new_row ->> 'status',
                                                   'reason', e.new_row ->> 'status_reason',
                                                   'actor', pf.display_name) order by e.id), '[]')
      from app.audit_events e left join app.profiles pf on pf.user_id = e.actor_id
      where e.table_name = 'partnerships'
        and e.record_id = concat_ws('/', organisation_for_staff.municipality_id::text,
                                     organisation_for_staff.organisation_id::text)))
  into result
  from app.partnerships p join app.organisations o on o.id = p.organisation_id
  where p.municipality_id = organisation_for_staff.municipality_id
    and p.organisation_id = organisation_for_staff.organisation_id;
  if result is null then
    perform app.not_found();
  end if;
  return result;
end
$$;
grant execute on function api.organisation_for_staff(uuid, uuid) to authenticated;

-- The audit trail is readable by municipality admins only, so the history above needs the
-- caseworker to read partnership events of their own municipality as well.
create policy "Staff read the history of partnerships with their municipality" on app.audit_events
  for select to authenticated using (table_name = 'partnerships' and municipality_id in (select app.my_municipalities()));

create function api.decide_partnership(municipality_id uuid, organisation_id uuid,
                                       decision app.partnership_status, reason text default null) returns void
language plpgsql
set search_path = ''
as $$
declare
  caller uuid := app.require_staff(municipality_id);
  current app.partnership_status;
begin
  select p.status into current from app.partnerships p
   where p.municipality_id = decide_partnership.municipality_id and p.organisation_id = decide_partnership.organisation_id
   for update;
  if not found then
    perform app.not_found();
  end if;
  if not (current, decision) in (('pending', 'verified'), ('pending', 'declined'), ('verified', 'suspended'),
                                 ('suspended', 'verified'), ('declined', 'verified')) then
    perform app.refuse('transition_not_allowed', 'decision', jsonb_build_object('from', current, 'to', decision));
  end if;
  if decision in ('declined', 'suspended') and coalesce(trim(reason), '') = '' then
    perform app.refuse('reason_required', 'reason');
  end if;
  update app.partnerships p
     set status = decision, status_reason = nullif(trim(reason), ''), decided_at = now(), decided_by = caller
   where p.municipality_id = decide_partnership.municipality_id and p.organisation_id = decide_partnership.organisation_id;
  perform app.mail_organisation_admins(organisation_id, 'partnership_decided', jsonb_build_object(
    'organisation', (select name from app.organisations where id = organisation_id),
    'municipality', (select name from app.municipalities where id = municipality_id),
    'decision', decision, 'reason', nullif(trim(reason), '')));
end
$$;
grant execute on function api.decide_partnership(uuid, uuid, app.partnership_status, text) to authenticated;

------------------------------------------------------------------------------------------
-- People: invitations into an organisation or a municipality's staff
------------------------------------------------------------------------------------------
create policy "Organisation admins invite people" on app.invitations
  for insert to authenticated with check (organisation_id is not null and organisation_id in (select app.my_organisations('admin')));
create policy "Municipality admins invite staff" on app.invitations
  for insert to authenticated with check (municipality_id is not null and app.is_staff(municipality_id, 'admin'));
grant insert on app.invitations to authenticated;

create function app.create_invitation(email text, organisation uuid, member_role app.member_role,
                                      municipality uuid, staff_role app.staff_role, target_name text,
                                      prize_round uuid default null) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  address text := lower(trim(email));
  token text := app.new_token();
  invitation uuid;
begin
  if address !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    perform app.refuse('email_invalid', 'email');
  end if;
  insert into app.invitations (email, organisation_id, member_role, municipality_id, staff_role, prize_round_id,
                               token_hash, invited_by)
  values (address, organisation, member_role, municipality, staff_role, prize_round, app.token_hash(token), (select auth.uid()))
  returning id into invitation;
  perform app.enqueue_mail(address, 'invitation', jsonb_build_object(
    'token', token, 'target', target_name,
    'role', coalesce(member_role::text, staff_role::text, case when prize_round is not null then 'juror' end),
    'invited_by', (select coalesce(pr.display_name, pr.email) from app.profiles pr where pr.user_id = (select auth.uid()))));
  return invitation;
end
$$;
grant execute on function app.create_invitation(text, uuid, app.member_role, uuid, app.staff_role, text, uuid) to authenticated;

create function api.invite_member(organisation_id uuid, email text, role app.member_role) returns uuid
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  if not app.is_member(organisation_id, 'admin') then
    perform app.forbid();
  end if;
  if exists (select 1 from app.memberships m join app.profiles p on p.user_id = m.user_id
              where m.organisation_id = invite_member.organisation_id and m.role = invite_member.role
                and p.email = lower(trim(invite_member.email))) then
    perform app.refuse('already_member', 'email');
  end if;
  return app.create_invitation(email, organisation_id, role, null, null,
                               (select name from app.organisations where id = organisation_id));
end
$$;
grant execute on function api.invite_member(uuid, text, app.member_role) to authenticated;

create function api.invite_staff(municipality_id uuid, email text, role app.staff_role) returns uuid
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id, 'admin');
  if exists (select 1 from app.staff s join app.profiles p on p.user_id = s.user_id
              where s.municipality_id = invite_staff.municipality_id and s.role = invite_staff.role
                and p.email = lower(trim(invite_staff.email))) then
    perform app.refuse('already_member', 'email');
  end if;
  return app.create_invitation(email, null, null, municipality_id, role,
                               (select name || ' kommune' from app.municipalities where id = municipality_id));
end
$$;
grant execute on function api.invite_staff(uuid, text, app.staff_role) to authenticated;

-- Definer: whoever holds the link may see what it is for, before signing in. PL/pgSQL,
-- because it reads the prize rounds, which a later migration adds.
create function api.invitation(token text) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select jsonb_build_object(
      'email', i.email,
      'role', coalesce(i.member_role::text, i.staff_role::text, case when i.prize_round_id is not null then 'juror' end),
      'organisation', app.organisation_ref(i.organisation_id),
      'municipality', app.municipality_ref(i.municipality_id),
      'prize_round', (select jsonb_build_object('id', r.id, 'title', r.title) from app.prize_rounds r where r.id = i.prize_round_id),
      'state', case when i.accepted_at is not null then 'accepted' when i.expires_at <= now() then 'expired' else 'open' end)
    from app.invitations i where i.token_hash = app.token_hash(token)
  );
end
$$;
grant execute on function api.invitation(text) to anon, authenticated;

-- Definer: the invitee is not a member yet, so no policy lets them add themselves; the
-- token and the matching e-mail address are the permission.
create function api.accept_invitation(token text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
  invitation app.invitations;
begin
  select * into invitation from app.invitations where token_hash = app.token_hash(token) for update;
  if not found then
    perform app.not_found('invitation_not_found');
  end if;
  if invitation.accepted_at is not null then
    perform app.refuse('invitation_used');
  end if;
  if invitation.expires_at <= now() then
    perform app.refuse('invitation_expired');
  end if;
  if invitation.email <> (select lower(email) from app.profiles where user_id = caller) then
    perform app.refuse('invitation_other_email', null, jsonb_build_object('email', invitation.email));
  end if;
  if invitation.organisation_id is not null then
    insert into app.memberships (organisation_id, user_id, role)
    values (invitation.organisation_id, caller, invitation.member_role) on conflict do nothing;
  elsif invitation.municipality_id is not null then
    insert into app.staff (municipality_id, user_id, role)
    values (invitation.municipality_id, caller, invitation.staff_role) on conflict do nothing;
  else
    insert into app.prize_jurors (round_id, user_id) values (invitation.prize_round_id, caller) on conflict do nothing;
  end if;
  update app.invitations set accepted_at = now(), accepted_by = caller where id = invitation.id;
  return jsonb_build_object('organisation_id', invitation.organisation_id, 'municipality_id', invitation.municipality_id,
                            'prize_round_id', invitation.prize_round_id);
end
$$;
grant execute on function api.accept_invitation(text) to authenticated;

-- Sets a member's roles exactly; none removes them. The last admin is kept by a trigger.
create function api.set_member_roles(organisation_id uuid, user_id uuid, roles app.member_role[]) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  if not app.is_member(organisation_id, 'admin') then
    perform app.forbid();
  end if;
  if not exists (select 1 from app.memberships m
                  where m.organisation_id = set_member_roles.organisation_id and m.user_id = set_member_roles.user_id) then
    perform app.not_found();
  end if;
  insert into app.memberships (organisation_id, user_id, role)
  select set_member_roles.organisation_id, set_member_roles.user_id, r from unnest(roles) r
  on conflict do nothing;
  delete from app.memberships m
   where m.organisation_id = set_member_roles.organisation_id and m.user_id = set_member_roles.user_id
     and m.role <> all (roles);
end
$$;
grant execute on function api.set_member_roles(uuid, uuid, app.member_role[]) to authenticated;

create function api.municipality_staff(municipality_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  result jsonb;
begin
  perform app.require_staff(municipality_id, 'admin');
  select jsonb_build_object(
    'municipality', jsonb_build_object('id', m.id, 'name', m.name, 'number', m.municipality_number),
    'staff', (
      select coalesce(jsonb_agg(jsonb_build_object('user_id', p.user_id, 'display_name', p.display_name,
                                                   'email', p.email, 'roles', s.roles) order by p.display_name, p.email), '[]')
      from (select user_id, jsonb_agg(role order by role) as roles from app.staff
             where staff.municipality_id = m.id group by user_id) s
      join app.profiles p on p.user_id = s.user_id),
    'invitations', (
      select coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'email', i.email, 'role', i.staff_role,
                                                   'expires_at', i.expires_at) order by i.created_at desc), '[]')
      from app.invitations i where i.municipality_id = m.id and i.accepted_at is null and i.expires_at > now()))
  into result
  from app.municipalities m where m.id = municipality_staff.municipality_id;
  return result;
end
$$;
grant execute on function api.municipality_staff(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- Activities
------------------------------------------------------------------------------------------
create function app.activity_json(activity app.activities) returns jsonb
language sql stable
set search_path = ''
as $$
  select to_jsonb(activity) || jsonb_build_object(
    'municipality_name', (select name from app.municipalities where id = activity.municipality_id),
    'slots', (select coalesce(jsonb_agg(jsonb_build_object('weekday', s.weekday,
                                                           'starts_at', to_char(s.starts_at, 'HH24:MI'),
                                                           'ends_at', to_char(s.ends_at, 'HH24:MI'))
                                        order by s.weekday, s.starts_at), '[]')
              from app.activity_slots s where s.activity_id = activity.id))
$$;
grant execute on function app.activity_json(app.activities) to anon, authenticated, service_role;

create function api.activity_editor(organisation_id uuid, activity_id uuid default null) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  activity app.activities;
begin
  perform app.require_user();
  if not app.is_member(organisation_id, 'admin') then
    perform app.forbid();
  end if;
  if activity_id is not null then
    select * into activity from app.activities a
     where a.id = activity_editor.activity_id and a.organisation_id = activity_editor.organisation_id;
    if not found then
      perform app.not_found();
    end if;
  end if;
  return jsonb_build_object(
    'organisation', (select jsonb_build_object('id', o.id, 'name', o.name, 'kind', o.kind)
                      from app.organisations o where o.id = organisation_id),
    'activity', case when activity_id is null then null else app.activity_json(activity) end,
    'municipalities', (select coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name) order by m.name), '[]')
                        from app.partnerships p join app.municipalities m on m.id = p.municipality_id
                        where p.organisation_id = activity_editor.organisation_id),
    'known_tags', (select coalesce(jsonb_agg(distinct t order by t), '[]')
                    from app.activities a, unnest(a.adaptation_tags) t where a.is_public));
end
$$;
grant execute on function api.activity_editor(uuid, uuid) to authenticated;

-- Creates (activity_id null) or updates an activity and replaces its weekly slots.
-- `slots` is a JSON array of {weekday 1–7, starts_at "HH:MM", ends_at "HH:MM"}.
create function api.save_activity(
  organisation_id uuid,
  municipality_id uuid,
  title text,
  category app.organisation_kind,
  activity_id uuid default null,
  description text default '',
  place text default '',
  season_start date default null,
  season_end date default null,
  age_min int default null,
  age_max int default null,
  adaptations text default '',
  adaptation_tags text[] default '{}',
  capacity int default 0,
  fee_ore bigint default 0,
  fee_period app.fee_period default 'year',
  is_public boolean default false,
  slots jsonb default '[]'
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  saved uuid;
  tags text[] := array(select distinct lower(trim(t)) from unnest(adaptation_tags) t where trim(t) <> '' order by 1);
begin
  perform app.require_user();
  if not app.is_member(organisation_id, 'admin') then
    perform app.forbid();
  end if;
  if coalesce(trim(title), '') = '' then
    perform app.refuse('title_required', 'title');
  end if;
  if not exists (select 1 from app.partnerships p where p.organisation_id = save_activity.organisation_id
                   and p.municipality_id = save_activity.municipality_id) then
    perform app.refuse('municipality_not_partner', 'municipality_id');
  end if;
  if age_min is not null and age_max is not null and age_max < age_min then
    perform app.refuse('ages_out_of_order', 'age_max');
  end if;
  if season_start is not null and season_end is not null and season_end < season_start then
    perform app.refuse('season_out_of_order', 'season_end');
  end if;
  if coalesce(capacity, 0) < 0 then
    perform app.refuse('capacity_invalid', 'capacity');
  end if;
  if coalesce(fee_ore, 0) < 0 then
    perform app.refuse('fee_invalid', 'fee');
  end if;
  if jsonb_typeof(slots) <> 'array' or exists (
       select 1 from jsonb_array_elements(slots) s
        where (s ->> 'weekday') !~ '^[1-7]$' or (s ->> 'starts_at') !~ '^\d{2}:\d{2}$'
           or (s ->> 'ends_at') !~ '^\d{2}:\d{2}$' or (s ->> 'ends_at') <= (s ->> 'starts_at')) then
    perform app.refuse('slot_invalid', 'slots');
  end if;

  if activity_id is null then
    insert into app.activities (organisation_id, municipality_id, title, category, description, place, season_start,
                                season_end, age_min, age_max, adaptations, adaptation_tags, capacity, fee_ore,
                                fee_period, is_public)
    values (organisation_id, municipality_id, trim(title), category, coalesce(description, ''), coalesce(place, ''),
            season_start, season_end, age_min, age_max, coalesce(adaptations, ''), tags, coalesce(capacity, 0),
            coalesce(fee_ore, 0), fee_period, coalesce(is_public, false))
    returning id into saved;
  else
    update app.activities a
       set municipality_id = save_activity.municipality_id, title = trim(save_activity.title),
           category = save_activity.category, description = coalesce(save_activity.description, ''),
           place = coalesce(save_activity.place, ''), season_start = save_activity.season_start,
           season_end = save_activity.season_end, age_min = save_activity.age_min, age_max = save_activity.age_max,
           adaptations = coalesce(save_activity.adaptations, ''), adaptation_tags = tags,
           capacity = coalesce(save_activity.capacity, 0), fee_ore = coalesce(save_activity.fee_ore, 0),
           fee_period = save_activity.fee_period, is_public = coalesce(save_activity.is_public, false)
     where a.id = save_activity.activity_id and a.organisation_id = save_activity.organisation_id
    returning a.id into saved;
    if saved is null then
      perform app.not_found();
    end if;
    delete from app.activity_slots s where s.activity_id = saved;
  end if;
  insert into app.activity_slots (activity_id, weekday, starts_at, ends_at)
  select saved, (s ->> 'weekday')::smallint, (s ->> 'starts_at')::time, (s ->> 'ends_at')::time
  from jsonb_array_elements(slots) s
  on conflict do nothing;
  return saved;
end
$$;
grant execute on function api.save_activity(uuid, uuid, text, app.organisation_kind, uuid, text, text, date, date,
  int, int, text, text[], int, bigint, app.fee_period, boolean, jsonb) to authenticated;

------------------------------------------------------------------------------------------
-- The public catalogue
------------------------------------------------------------------------------------------

-- Filters are optional; `age` matches activities whose range includes it. 20 per page.
-- Definer: it shows only what is public anyway (public activities of organisations verified
-- where the activity is), and the busiest public page should not pay for policies per row.
-- Plans are made for the filters given, as they decide which index fits.
create function api.catalogue(
  municipality_number text default null,
  category app.organisation_kind default null,
  weekday int default null,
  age int default null,
  tag text default null,
  search text default null,
  page int default 1
) returns jsonb
language plpgsql stable security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
begin
  return (
  with matching as (
    select a.*, o.name as organisation_name, m.name as municipality_name
    from app.activities a
    join app.organisations o on o.id = a.organisation_id
    join app.municipalities m on m.id = a.municipality_id
    where a.is_public
      and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                    and p.municipality_id = a.municipality_id and p.status = 'verified')
      and (catalogue.municipality_number is null or m.municipality_number = catalogue.municipality_number)
      and (catalogue.category is null or a.category = catalogue.category)
      and (catalogue.weekday is null or exists (select 1 from app.activity_slots s
                                                 where s.activity_id = a.id and s.weekday = catalogue.weekday))
      and (catalogue.age is null or (coalesce(a.age_min, 0) <= catalogue.age and coalesce(a.age_max, 120) >= catalogue.age))
      and (catalogue.tag is null or a.adaptation_tags @> array[lower(catalogue.tag)])
      and (catalogue.search is null or a.title ilike '%' || catalogue.search || '%'
           or o.name ilike '%' || catalogue.search || '%')
  ),
  page_rows as (
    select * from matching order by title, id
    limit 20 offset (greatest(coalesce(catalogue.page, 1), 1) - 1) * 20
  )
  select jsonb_build_object(
    'total', (select count(*) from matching),
    'page', greatest(coalesce(catalogue.page, 1), 1),
    'page_size', 20,
    'items', (select coalesce(jsonb_agg(jsonb_build_object(
                'id', r.id, 'title', r.title, 'category', r.category, 'organisation_name', r.organisation_name,
                'municipality_name', r.municipality_name, 'place', r.place, 'age_min', r.age_min, 'age_max', r.age_max,
                'adaptation_tags', r.adaptation_tags, 'fee_ore', r.fee_ore, 'fee_period', r.fee_period,
                'slots', (select coalesce(jsonb_agg(jsonb_build_object('weekday', s.weekday,
                                  'starts_at', to_char(s.starts_at, 'HH24:MI'), 'ends_at', to_char(s.ends_at, 'HH24:MI'))
                                  order by s.weekday, s.starts_at), '[]')
                          from app.activity_slots s where s.activity_id = r.id))
              order by r.title, r.id), '[]') from page_rows r),
    'municipalities', (select coalesce(jsonb_agg(jsonb_build_object('number', m.municipality_number, 'name', m.name)
                                                 order by m.name), '[]') from app.municipalities m),
    'tags', (select coalesce(jsonb_agg(distinct t order by t), '[]')
              from app.activities a, unnest(a.adaptation_tags) t where a.is_public))
  );
end
$$;
grant execute on function api.catalogue(text, app.organisation_kind, int, int, text, text, int) to anon, authenticated;

create function api.activity_page(activity_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  activity app.activities;
begin
  select * into activity from app.activities a
   where a.id = activity_id and a.is_public
     and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                   and p.municipality_id = a.municipality_id and p.status = 'verified');
  if not found then
    perform app.not_found();
  end if;
  return jsonb_build_object(
    'activity', app.activity_json(activity),
    'organisation', (select jsonb_build_object('id', o.id, 'name', o.name, 'kind', o.kind, 'description', o.description,
                                               'contact_email', o.contact_email, 'contact_phone', o.contact_phone,
                                               'postal_town', o.postal_town)
                      from app.organisations o where o.id = activity.organisation_id),
    'other_activities', (select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'title', a.title) order by a.title), '[]')
                          from app.activities a
                          where a.organisation_id = activity.organisation_id and a.id <> activity.id and a.is_public));
end
$$;
grant execute on function api.activity_page(uuid) to anon, authenticated;

create function api.organisation_profile(organisation_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  result jsonb;
begin
  select jsonb_build_object(
    'organisation', jsonb_build_object('id', o.id, 'name', o.name, 'kind', o.kind, 'description', o.description,
                                       'contact_email', o.contact_email, 'contact_phone', o.contact_phone,
                                       'postal_town', o.postal_town),
    'municipalities', (select coalesce(jsonb_agg(m.name order by m.name), '[]')
                        from app.partnerships p join app.municipalities m on m.id = p.municipality_id
                        where p.organisation_id = o.id and p.status = 'verified'),
    'activities', (select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'title', a.title, 'category', a.category)
                                             order by a.title), '[]')
                    from app.activities a where a.organisation_id = o.id and a.is_public))
  into result
  from app.organisations o where o.id = organisation_id and app.is_publicly_visible(o.id);
  if result is null then
    perform app.not_found();
  end if;
  return result;
end
$$;
grant execute on function api.organisation_profile(uuid) to anon, authenticated;
