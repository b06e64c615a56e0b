-- Organisations: self-registration, partnership with municipalities (verification),
-- invitations of people, activities and the public catalogue.
--
-- Rules: R1 and R2 (organisation and bank account numbers at registration and editing), R9
-- (verified organisations' profiles and public activities are visible to all; staff see the
-- organisations that asked to work with their municipality) and R12 (every refusal names its
-- reason and field).
--
-- Read after 00_tenancy.sql; agreements, placements, claims and the prize build on the
-- organisations, activities and refusal helpers defined here. Within this file: types,
-- refusals, tables, protective triggers, policy helpers and policies, then the use cases
-- (registration, the organisation's pages, verification, people, activities) and last the
-- catalogue's derived tables.
--
-- Refusals follow one convention (docs/decisions/005-refusals.md): `app.refuse(reason, field,
-- params)` raises P0001 with the message catalogue key as message, the form field (if any) as
-- detail and JSON parameters as hint; permission refusals use 42501 and missing rows PT404.

------------------------------------------------------------------------------------------
-- Types
------------------------------------------------------------------------------------------
create type app.partnership_status as enum ('pending', 'verified', 'declined', 'suspended');

create type app.fee_period as enum ('year', 'half_year', 'month');

------------------------------------------------------------------------------------------
-- Refusals
------------------------------------------------------------------------------------------
create function app.refuse(reason text, field text default null, params jsonb default null) returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'P0001', message = reason, detail = coalesce(field, ''),
    hint = coalesce(params::text, '');
end
$$;
grant execute on function app.refuse(text, text, jsonb) to anon, authenticated, service_role;

create function app.forbid(reason text default 'not_allowed') returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = '42501', message = reason;
end
$$;
grant execute on function app.forbid(text) to anon, authenticated, service_role;

create function app.not_found(reason text default 'not_found') returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'PT404', message = reason;
end
$$;
grant execute on function app.not_found(text) to anon, authenticated, service_role;

-- Refuses a period without a start (at `start_field`), or one that ends before it starts or,
-- unless `may_end_when_it_starts`, as it starts (at `end_field`). Dates compare as timestamps.
create function app.check_period(starts timestamptz, ends timestamptz, start_field text, end_field text,
                                 may_end_when_it_starts boolean) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if starts is null then
    perform app.refuse('date_required', start_field);
  end if;
  if ends is null or ends < starts or (ends = starts and not may_end_when_it_starts) then
    perform app.refuse('period_out_of_order', end_field);
  end if;
end
$$;
grant execute on function app.check_period(timestamptz, timestamptz, text, text, boolean) to authenticated;

-- What a form's post saved: `created`, or, when that is null because the same form posted
-- twice (the same submission key) committed first, `twin`, the row that post made. With
-- neither, the key is another post's and the form is refused.
create function app.submitted(created uuid, twin uuid) returns uuid
language plpgsql
set search_path = ''
as $$
begin
  if coalesce(created, twin) is null then
    perform app.refuse('form_sent_twice');
  end if;
  return coalesce(created, twin);
end
$$;
grant execute on function app.submitted(uuid, uuid) to authenticated;

-- Requires a signed-in caller, and forbids one who is not `allowed`; returns their id.
create function app.require_user(allowed boolean default true) returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
begin
  if caller is null then
    perform app.forbid('sign_in_required');
  end if;
  if not allowed then
    perform app.forbid();
  end if;
  return caller;
end
$$;
grant execute on function app.require_user(boolean) to anon, authenticated, service_role;

-- Requires a signed-in caller who may see the record (`visible`); to anyone else it is not there.
create function app.require_visible(visible boolean) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_user();
  if not visible then
    perform app.not_found();
  end if;
end
$$;
grant execute on function app.require_visible(boolean) to authenticated;

------------------------------------------------------------------------------------------
-- Tables: each followed by its grants (RLS decides which rows)
------------------------------------------------------------------------------------------
-- What only the organisation and its partner municipalities may read.
create table app.organisation_private (
  organisation_id uuid primary key references app.organisations (id) on delete cascade,
  bank_account text constraint bank_account_is_valid
    check (bank_account is null or app.is_valid_bank_account(bank_account)),
  updated_at timestamptz not null default now()
);
grant select on app.organisation_private to authenticated;
grant update on app.organisation_private to authenticated;

-- An organisation's standing with each municipality it wants to work with.
create table app.partnerships (
  organisation_id uuid not null references app.organisations (id) on delete cascade,
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  status app.partnership_status not null default 'pending',
  status_reason text check (length(status_reason) <= 2000),
  requested_at timestamptz not null default now(),
  decided_at timestamptz,
  decided_by uuid references auth.users (id) on delete set null,
  primary key (organisation_id, municipality_id),
  constraint a_refusal_has_a_reason check (status in ('pending', 'verified') or length(trim(status_reason)) > 0)
);
grant select on app.partnerships to anon, authenticated;
grant update on app.partnerships to authenticated;

create index partnerships_queue_idx on app.partnerships (municipality_id, status, requested_at);

-- An invitation by e-mail into an organisation or a municipality's staff.
create table app.invitations (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 320),
  organisation_id uuid references app.organisations (id) on delete cascade,
  member_role app.member_role,
  municipality_id uuid references app.municipalities (id) on delete cascade,
  staff_role app.staff_role,
  -- A jury invitation; 50_prize.sql adds the reference to app.prize_rounds, which it defines.
  prize_round_id uuid,
  -- Only the SHA-256 of the link's token is kept, so a database reader cannot accept it.
  token_hash text not null unique,
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '14 days',
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  constraint invitation_has_one_target check (num_nonnulls(organisation_id, municipality_id, prize_round_id) = 1),
  constraint invitation_has_its_role check ((organisation_id is null) = (member_role is null)
                                            and (municipality_id is null) = (staff_role is null))
);
grant select on app.invitations to authenticated;
grant insert on app.invitations to authenticated;

create index invitations_organisation_idx on app.invitations (organisation_id) where accepted_at is null;

create index invitations_municipality_idx on app.invitations (municipality_id) where accepted_at is null;

create table app.activities (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references app.organisations (id) on delete cascade,
  -- Where it takes place, which is what the catalogue filters on.
  municipality_id uuid not null references app.municipalities (id),
  title text not null check (length(trim(title)) between 1 and 120),
  category app.organisation_kind not null,
  description text not null default '' check (length(description) <= 4000),
  place text not null default '' check (length(place) <= 200),
  season_start date,
  season_end date,
  age_min int check (age_min between 0 and 120),
  age_max int check (age_max between 0 and 120),
  adaptations text not null default '' check (length(adaptations) <= 2000),
  adaptation_tags text[] not null default '{}' check (app.texts_within(adaptation_tags, 40)),
  capacity int not null default 0 check (capacity between 0 and 1000),
  fee_ore bigint not null default 0 check (fee_ore >= 0),
  fee_period app.fee_period not null default 'year',
  is_public boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version int not null default 1,
  constraint season_in_order check (season_end is null or season_start is null or season_end >= season_start),
  constraint ages_in_order check (age_max is null or age_min is null or age_max >= age_min)
);
grant select on app.activities to anon, authenticated;
grant insert, update on app.activities to authenticated;

create index activities_organisation_idx on app.activities (organisation_id);

create index activities_catalogue_idx on app.activities (municipality_id, category) where is_public;

create index activities_tags_idx on app.activities using gin (adaptation_tags) where is_public;

create table app.activity_slots (
  activity_id uuid not null references app.activities (id) on delete cascade,
  weekday smallint not null check (weekday between 1 and 7), -- ISO: 1 = Monday
  starts_at time not null,
  ends_at time not null,
  primary key (activity_id, weekday, starts_at),
  constraint slot_in_order check (ends_at > starts_at)
);
grant select on app.activity_slots to anon, authenticated;
grant insert, delete on app.activity_slots to authenticated;

create index activity_slots_weekday_idx on app.activity_slots (weekday, activity_id);

-- What Enhetsregisteret (Brønnøysundregistrene) said about an organisation when the server
-- last looked it up: at registration, when a caseworker asks, and by the daily re-check. The
-- row exists from the organisation's first check; `fetched_at` is null until a lookup answered.
create table app.register_snapshots (
  organisation_id uuid primary key references app.organisations (id) on delete cascade,
  -- When a server took the organisation for a re-check, so that another server leaves it alone.
  taken_at timestamptz,
  fetched_at timestamptz,
  outcome text check (outcome in ('found', 'not_found', 'deleted')),
  name text,
  form_code text,
  form_description text,
  -- {lines: text[], postal_code, postal_town, municipality_number}, as the register writes them.
  business_address jsonb,
  postal_address jsonb,
  voluntary_register boolean,
  bankrupt boolean not null default false,
  under_liquidation boolean not null default false,
  forced_liquidation boolean not null default false,
  deleted_on date,
  constraint an_answer_has_an_outcome check ((fetched_at is null) = (outcome is null))
);
grant select on app.register_snapshots to authenticated;

-- What a lookup found that the one before it did not: bankruptcy, liquidation, deletion or a
-- new name. Each partner municipality's staff see it until one of them marks it as seen.
create table app.register_changes (
  id bigint generated always as identity primary key,
  organisation_id uuid not null references app.organisations (id) on delete cascade,
  kind text not null check (kind in ('bankrupt', 'liquidation', 'deleted', 'name_changed')),
  detected_at timestamptz not null default now(),
  previous_name text,
  current_name text
);
grant select on app.register_changes to authenticated;

create index register_changes_organisation_idx on app.register_changes (organisation_id, detected_at);

-- A municipality's caseworker has seen a register change (per municipality: one municipality's
-- review does not hide the change from another's staff, R9).
create table app.register_change_reviews (
  change_id bigint not null references app.register_changes (id) on delete cascade,
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  reviewed_at timestamptz not null default now(),
  reviewed_by uuid references auth.users (id) on delete set null,
  primary key (change_id, municipality_id)
);
grant select, insert on app.register_change_reviews to authenticated;

------------------------------------------------------------------------------------------
-- Protective triggers
------------------------------------------------------------------------------------------

-- An organisation always keeps at least one admin (the last admin cannot leave).
create function app.keep_an_admin() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.role = 'admin'
     and (tg_op = 'DELETE' or new.role <> 'admin')
     and exists (select 1 from app.organisations where id = old.organisation_id)
     and not exists (select 1 from app.memberships
                      where organisation_id = old.organisation_id and role = 'admin'
                        and user_id <> old.user_id) then
    perform app.refuse('last_admin_cannot_leave');
  end if;
  return coalesce(new, old);
end
$$;

create trigger memberships_keep_an_admin before update or delete on app.memberships
  for each row execute function app.keep_an_admin();

create function app.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create trigger organisations_touch before update on app.organisations
  for each row execute function app.touch_updated_at();

create trigger activities_touch before update on app.activities
  for each row execute function app.touch_updated_at();

create trigger activities_version before update on app.activities
  for each row execute function app.bump_version();

create trigger partnerships_audit after insert or update or delete on app.partnerships
  for each row execute function app.record_audit_event();

create trigger organisation_private_audit after insert or update or delete on app.organisation_private
  for each row execute function app.record_audit_event();

create trigger invitations_audit after insert or update or delete on app.invitations
  for each row execute function app.record_audit_event();

create trigger activities_audit after insert or update or delete on app.activities
  for each row execute function app.record_audit_event();

create trigger register_change_reviews_audit after insert or update or delete on app.register_change_reviews
  for each row execute function app.record_audit_event();

------------------------------------------------------------------------------------------
-- Policy helpers and policies (R9)
------------------------------------------------------------------------------------------
-- Definer, so that the policies asking them do not pass through the policies of the
-- partnerships and staff they read.
create or replace function app.is_publicly_visible(organisation uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (select 1 from app.partnerships where organisation_id = organisation and status = 'verified');
end
$$;
grant execute on function app.is_publicly_visible(uuid) to anon, authenticated, service_role;

create or replace function app.visible_organisations() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query select distinct organisation_id from app.partnerships where status = 'verified';
end
$$;
grant execute on function app.visible_organisations() to anon, authenticated, service_role;

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
grant execute on function app.partner_organisations() to anon, authenticated, service_role;

create policy "Verified organisations' profiles are public" on app.organisations
  for select to anon, authenticated using (id in (select app.visible_organisations()));
-- The two public policies (this one and the activities') ask "verified with at least one
-- municipality" about the row being read, as a semi-join: a query that reads one organisation
-- or its activities (the club overview, a claim, the layout of every member's page) probes
-- that row's partnerships, and a scan of many hashes them, so no query builds the set of every
-- verified organisation. "Verified partnerships are public" lets the policy read every
-- verified partnership, so it shows exactly the organisations app.visible_organisations() lists.
alter policy "Verified organisations' profiles are public" on app.organisations
  using (exists (select 1 from app.partnerships p where p.organisation_id = organisations.id and p.status = 'verified'));

create policy "Members read their own organisation" on app.organisations
  for select to authenticated using (id in (select app.my_organisations()));

create policy "Staff read organisations that asked to work with their municipality" on app.organisations
  for select to authenticated using (id in (select app.partner_organisations()));

create policy "Organisation admins update their organisation" on app.organisations
  for update to authenticated using (id in (select app.my_organisations('admin'))) with check (id in (select app.my_organisations('admin')));

create policy "Admins and partner staff read the bank account" on app.organisation_private
  for select to authenticated using (organisation_id in (select app.my_organisations('admin')) or organisation_id in (select app.partner_organisations()));

create policy "Organisation admins update the bank account" on app.organisation_private
  for update to authenticated using (organisation_id in (select app.my_organisations('admin')))
  with check (organisation_id in (select app.my_organisations('admin')));

create policy "Verified partnerships are public" on app.partnerships
  for select to anon, authenticated using (status = 'verified');

create policy "Members read all their organisation's partnerships" on app.partnerships
  for select to authenticated using (organisation_id in (select app.my_organisations()));

create policy "Staff read the partnerships with their municipality" on app.partnerships
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Caseworkers decide partnerships with their municipality" on app.partnerships
  for update to authenticated using (municipality_id in (select app.my_municipalities()))
  with check (municipality_id in (select app.my_municipalities()));

create policy "Organisation admins read their organisation's invitations" on app.invitations
  for select to authenticated using (organisation_id is not null and organisation_id in (select app.my_organisations('admin')));

create policy "Municipality admins read their municipality's invitations" on app.invitations
  for select to authenticated using (municipality_id in (select app.my_municipalities('admin')));

create policy "Public activities of visible organisations are public" on app.activities
  for select to anon, authenticated using (is_public and organisation_id in (select app.visible_organisations()));
alter policy "Public activities of visible organisations are public" on app.activities
  using (is_public and exists (select 1 from app.partnerships p
                               where p.organisation_id = activities.organisation_id and p.status = 'verified'));

create policy "Members read their organisation's activities" on app.activities
  for select to authenticated using (organisation_id in (select app.my_organisations()));

create policy "Staff read activities in their municipality" on app.activities
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Organisation admins add activities" on app.activities
  for insert to authenticated with check (organisation_id in (select app.my_organisations('admin')));

create policy "Organisation admins change activities" on app.activities
  for update to authenticated using (organisation_id in (select app.my_organisations('admin')))
  with check (organisation_id in (select app.my_organisations('admin')));

create policy "Slots are visible with their activity" on app.activity_slots
  for select to anon, authenticated using (activity_id in (select a.id from app.activities a));

create policy "Organisation admins plan slots" on app.activity_slots
  for insert to authenticated with check (
    activity_id in (select a.id from app.activities a where a.organisation_id in (select app.my_organisations('admin'))));

create policy "Organisation admins remove slots" on app.activity_slots
  for delete to authenticated using (
    activity_id in (select a.id from app.activities a where a.organisation_id in (select app.my_organisations('admin'))));

create policy "Organisation admins change members' roles" on app.memberships
  for update to authenticated using (organisation_id in (select app.my_organisations('admin')))
  with check (organisation_id in (select app.my_organisations('admin')));

create policy "Staff read the register snapshots of organisations that asked to work with them" on app.register_snapshots
  for select to authenticated using (organisation_id in (select app.partner_organisations()));

create policy "Staff read the register changes of organisations that asked to work with them" on app.register_changes
  for select to authenticated using (organisation_id in (select app.partner_organisations()));

create policy "Staff read their municipality's reviews of register changes" on app.register_change_reviews
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Staff review register changes for their municipality" on app.register_change_reviews
  for insert to authenticated with check (municipality_id in (select app.my_municipalities())
                                          and reviewed_by = (select auth.uid()));

------------------------------------------------------------------------------------------
-- Mail and link tokens
------------------------------------------------------------------------------------------
-- Every decision, verification and invitation queues mail through these. Definer: no app role
-- writes the outbox. PL/pgSQL, so that a pooled connection keeps their plans (a SQL function
-- with `set search_path` is planned on every call).
create or replace function app.enqueue_mail(recipient text, template text, payload jsonb) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.outbox (recipient, template, payload) values (lower(recipient), template, payload);
end
$$;
grant execute on function app.enqueue_mail(text, text, jsonb) to authenticated, service_role;

create or replace function app.mail_organisation_admins(organisation uuid, template text, payload jsonb) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.outbox (recipient, template, payload)
  select p.email, template, payload
  from app.memberships m join app.profiles p on p.user_id = m.user_id
  where m.organisation_id = organisation and m.role = 'admin';
end
$$;
grant execute on function app.mail_organisation_admins(uuid, text, jsonb) to authenticated, service_role;

-- A random token for a link, and the hash that is stored instead of it.
create function app.new_token() returns text
language sql volatile
set search_path = ''
as $$ select encode(extensions.gen_random_bytes(24), 'hex') $$;
grant execute on function app.new_token() to anon, authenticated, service_role;

create function app.token_hash(token text) returns text
language sql immutable strict
set search_path = ''
as $$ select encode(extensions.digest(token, 'sha256'), 'hex') $$;
grant execute on function app.token_hash(text) to anon, authenticated, service_role;

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
-- organisation and make themselves its admin. Checks the caller itself. The same form posted
-- again by the same person (its submission key, the same number) answers with the organisation
-- it registered, where another person's post would hear that the number is taken.
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
  bank_account text default null,
  submission_key uuid default null
) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
  number text := app.digits_only(organisation_number);
  account text := nullif(app.digits_only(coalesce(bank_account, '')), '');
  existing app.organisations;
  organisation uuid;
begin
  if not app.is_valid_organisation_number(number) then
    perform app.refuse('organisation_number_invalid', 'organisation_number');
  end if;
  select * into existing from app.organisations o where o.organisation_number = number;
  if existing.submission_key = register_organisation.submission_key and existing.created_by = caller then
    return existing.id;
  end if;
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

  -- A key another registration holds (a form sent again after going back) is left out.
  insert into app.organisations (organisation_number, name, kind, description, contact_email, contact_phone,
                                 postal_address, postal_code, postal_town, created_by, submission_key)
  values (number, trim(name), kind, coalesce(trim(description), ''), lower(nullif(trim(contact_email), '')),
          nullif(trim(contact_phone), ''), coalesce(trim(postal_address), ''), nullif(trim(postal_code), ''),
          coalesce(trim(postal_town), ''), caller,
          case when not exists (select 1 from app.organisations o where o.submission_key = register_organisation.submission_key)
               then submission_key end)
  on conflict do nothing
  returning id into organisation;
  if organisation is null then
    -- A post of the same form committed first; anyone else's registration of the number is refused.
    select * into existing from app.organisations o where o.organisation_number = number;
    if existing.submission_key = register_organisation.submission_key and existing.created_by = caller then
      return existing.id;
    end if;
    perform app.refuse('organisation_number_taken', 'organisation_number',
      jsonb_build_object('name', existing.name, 'contact_email', existing.contact_email));
  end if;
  insert into app.organisation_private (organisation_id, bank_account) values (organisation, account);
  insert into app.memberships (organisation_id, user_id, role) values (organisation, caller, 'admin');
  insert into app.partnerships (organisation_id, municipality_id)
  select organisation, m from unnest(municipality_ids) m group by m;
  -- Each municipality's caseworkers hear of it, unless they turned the e-mail off.
  insert into app.outbox (recipient, template, payload)
  select distinct p.email, 'organisation_registered', jsonb_build_object(
           'organisation_id', organisation, 'organisation', trim(register_organisation.name),
           'municipality_id', s.municipality_id, 'municipality', mu.name)
  from app.staff s
  join app.profiles p on p.user_id = s.user_id
  join app.municipalities mu on mu.id = s.municipality_id
  where s.municipality_id = any (municipality_ids) and s.role = 'caseworker'
    and not exists (select 1 from app.staff_settings st
                     where st.municipality_id = s.municipality_id and st.user_id = s.user_id and not st.registration_mail);
  return organisation;
end
$$;
grant execute on function api.register_organisation(text, text, app.organisation_kind, uuid[], text, text, text,
  text, text, text, text, uuid) to authenticated;

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

-- The organisations the caller is a member of, with their roles and partnerships.
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

-- The club overview. Definer, so that its reads skip the permissive policies of organisations,
-- profiles, memberships, activities and partnerships (each a subplan or a set built per query;
-- see docs/performance.md), with the check written out: only members of the organisation get
-- past app.is_member. A member's policies show all of the organisation, its partnerships,
-- memberships, fellow members' profiles and activities, so those are read as they are. Two
-- reads are narrower, as their policies are: the bank account (admins, and staff of a
-- municipality the organisation has a partnership with, as app.partner_organisations) and the
-- open invitations (admins).
create or replace function api.organisation_overview(organisation_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  is_admin boolean := app.is_member(organisation_id, 'admin');
  result jsonb;
begin
  perform app.require_visible(app.is_member(organisation_id));
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
grant execute on function api.organisation_overview(uuid) to authenticated;

-- Invoker: the update policies let only the organisation's admins through. `base_version` is the
-- version the edit was made from; a stale one is refused with what changed since.
create function api.update_organisation(
  organisation_id uuid,
  base_version int,
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
  stored app.organisations;
  edited app.organisations;
  saved jsonb := jsonb_build_object(
    'name', trim(name), 'kind', kind, 'description', coalesce(trim(description), ''),
    'contact_email', lower(nullif(trim(contact_email), '')), 'contact_phone', nullif(trim(contact_phone), ''),
    'postal_address', coalesce(trim(postal_address), ''), 'postal_code', nullif(trim(postal_code), ''),
    'postal_town', coalesce(trim(postal_town), ''));
begin
  perform app.require_user(app.is_member(organisation_id, 'admin'));
  perform app.check_organisation_fields(name, nullif(trim(contact_email), ''), nullif(trim(contact_phone), ''),
                                        nullif(trim(postal_code), ''), account);
  select * into stored from app.organisations o where o.id = update_organisation.organisation_id for update;
  perform app.refuse_stale_version(
    base_version,
    to_jsonb(stored) || jsonb_build_object('bank_account', (select p.bank_account from app.organisation_private p
                                                              where p.organisation_id = stored.id)),
    saved || jsonb_build_object('bank_account', account), 'organisations');
  edited := jsonb_populate_record(stored, saved);
  update app.organisations o
     set name = edited.name, kind = edited.kind, description = edited.description,
         contact_email = edited.contact_email, contact_phone = edited.contact_phone,
         postal_address = edited.postal_address, postal_code = edited.postal_code, postal_town = edited.postal_town
   where o.id = stored.id;
  update app.organisation_private p set bank_account = account, updated_at = now()
   where p.organisation_id = update_organisation.organisation_id;
end
$$;
grant execute on function api.update_organisation(uuid, int, text, app.organisation_kind, text, text, text, text,
  text, text, text) to authenticated;

------------------------------------------------------------------------------------------
-- Verification by the municipality
------------------------------------------------------------------------------------------
-- Requires a signed-in staff member of the municipality (with the wanted role); returns their id.
create function app.require_staff(municipality uuid, wanted app.staff_role default null) returns uuid
language plpgsql stable
set search_path = ''
as $$
begin
  return app.require_user(app.is_staff(municipality, wanted));
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
                                     organisation_for_staff.organisation_id::text)),
    'register', (select to_jsonb(r) - 'organisation_id' - 'taken_at' from app.register_snapshots r
                  where r.organisation_id = o.id and r.fetched_at is not null),
    'register_changes', app.unreviewed_register_changes(organisation_for_staff.municipality_id, o.id))
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

-- The partnership's history in api.organisation_for_staff: all staff of the municipality read
-- its events, not only the admins who read the rest of the trail.
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
-- Enhetsregisteret (Brønnøysundregistrene): what the register says about an organisation
------------------------------------------------------------------------------------------
-- The server looks organisations up (the database makes no HTTP calls) and writes what it
-- found through the two service-role functions below; docs/decisions/014-register-checks.md.

-- Stores a lookup's answer and records what it newly shows: bankruptcy, liquidation, deletion
-- or another name than the last answer. `snapshot` is {outcome: found | not_found | deleted,
-- name, form_code, form_description, business_address, postal_address, voluntary_register,
-- bankrupt, under_liquidation, forced_liquidation, deleted_on}.
create function api.record_register_snapshot(organisation_id uuid, snapshot jsonb) returns void
language plpgsql
set search_path = ''
as $$
declare
  before app.register_snapshots;
  after app.register_snapshots;
begin
  if snapshot ->> 'outcome' is null or snapshot ->> 'outcome' not in ('found', 'not_found', 'deleted') then
    perform app.refuse('register_outcome_invalid', 'snapshot');
  end if;
  if not exists (select 1 from app.organisations o where o.id = record_register_snapshot.organisation_id) then
    perform app.not_found();
  end if;
  select * into before from app.register_snapshots r
   where r.organisation_id = record_register_snapshot.organisation_id for update;
  insert into app.register_snapshots as r (organisation_id, fetched_at, outcome, name, form_code, form_description,
                                           business_address, postal_address, voluntary_register, bankrupt,
                                           under_liquidation, forced_liquidation, deleted_on)
  values (record_register_snapshot.organisation_id, now(), snapshot ->> 'outcome', snapshot ->> 'name',
          snapshot ->> 'form_code', snapshot ->> 'form_description', snapshot -> 'business_address',
          snapshot -> 'postal_address', (snapshot ->> 'voluntary_register')::boolean,
          coalesce((snapshot ->> 'bankrupt')::boolean, false), coalesce((snapshot ->> 'under_liquidation')::boolean, false),
          coalesce((snapshot ->> 'forced_liquidation')::boolean, false), (snapshot ->> 'deleted_on')::date)
  on conflict on constraint register_snapshots_pkey do update
    set fetched_at = excluded.fetched_at, outcome = excluded.outcome, name = excluded.name,
        form_code = excluded.form_code, form_description = excluded.form_description,
        business_address = excluded.business_address, postal_address = excluded.postal_address,
        voluntary_register = excluded.voluntary_register, bankrupt = excluded.bankrupt,
        under_liquidation = excluded.under_liquidation, forced_liquidation = excluded.forced_liquidation,
        deleted_on = excluded.deleted_on
  returning * into after;
  insert into app.register_changes (organisation_id, kind, previous_name, current_name)
  select after.organisation_id, k.kind, before.name, after.name
  from (values
    ('bankrupt', after.bankrupt and not coalesce(before.bankrupt, false)),
    ('liquidation', (after.under_liquidation or after.forced_liquidation)
                    and not coalesce(before.under_liquidation or before.forced_liquidation, false)),
    ('deleted', after.outcome = 'deleted' and before.outcome is distinct from 'deleted'),
    ('name_changed', lower(before.name) <> lower(after.name))) as k (kind, raised)
  where k.raised;
end
$$;
grant execute on function api.record_register_snapshot(uuid, jsonb) to service_role;

-- The daily re-check's batch (service role): organisations in a pending or verified partnership
-- that were never looked up, or whose last answer is older than 20 hours while it is night in
-- Oslo (01–06), taken so that another server or run leaves them alone for an hour. `at` is the
-- instant it runs for, so that tests can move the clock.
create function api.take_register_checks(batch_size int default 20, at timestamptz default now()) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  result jsonb;
begin
  insert into app.register_snapshots (organisation_id)
  select distinct p.organisation_id from app.partnerships p
  where p.status in ('pending', 'verified')
    and not exists (select 1 from app.register_snapshots r where r.organisation_id = p.organisation_id)
  on conflict do nothing;
  with taken as (
    update app.register_snapshots r set taken_at = take_register_checks.at
     where r.organisation_id in (
       select c.organisation_id from app.register_snapshots c
        where (c.taken_at is null or c.taken_at < take_register_checks.at - interval '1 hour')
          and (c.fetched_at is null
               or (c.fetched_at < take_register_checks.at - interval '20 hours'
                   and extract(hour from take_register_checks.at at time zone 'Europe/Oslo') between 1 and 5))
          and exists (select 1 from app.partnerships p
                       where p.organisation_id = c.organisation_id and p.status in ('pending', 'verified'))
        order by c.fetched_at nulls first, c.organisation_id
        limit batch_size
        for update skip locked)
    returning r.organisation_id)
  select coalesce(jsonb_agg(jsonb_build_object('organisation_id', o.id, 'organisation_number', o.organisation_number)
                            order by o.organisation_number), '[]')
    into result
    from taken t join app.organisations o on o.id = t.organisation_id;
  return result;
end
$$;
grant execute on function api.take_register_checks(int, timestamptz) to service_role;

-- The register changes a municipality's staff have not marked as seen, for one organisation or all.
create function app.unreviewed_register_changes(municipality uuid, organisation uuid default null) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'id', c.id, 'kind', c.kind, 'detected_at', c.detected_at, 'previous_name', c.previous_name,
    'current_name', c.current_name,
    'organisation', jsonb_build_object('id', o.id, 'name', o.name, 'organisation_number', o.organisation_number))
    order by c.detected_at desc, c.id desc), '[]')
  from app.register_changes c
  join app.partnerships p on p.organisation_id = c.organisation_id and p.municipality_id = municipality
  join app.organisations o on o.id = c.organisation_id
  where p.status <> 'declined' and (organisation is null or c.organisation_id = organisation)
    and not exists (select 1 from app.register_change_reviews v where v.change_id = c.id and v.municipality_id = municipality)
$$;
grant execute on function app.unreviewed_register_changes(uuid, uuid) to authenticated, service_role;

-- For the caseworker's work list: the partner organisations whose register entry changed
-- (bankrupt, in liquidation, deleted, renamed) and that nobody in the municipality has marked as seen.
create function api.register_changes(municipality_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  changes jsonb;
begin
  perform app.require_staff(municipality_id);
  changes := app.unreviewed_register_changes(municipality_id);
  return jsonb_build_object('count', jsonb_array_length(changes), 'changes', changes);
end
$$;
grant execute on function api.register_changes(uuid) to authenticated;

-- A caseworker has seen a register change; it leaves their municipality's lists.
create function api.review_register_change(municipality_id uuid, change_id bigint) returns void
language plpgsql
set search_path = ''
as $$
declare
  caller uuid := app.require_staff(municipality_id);
begin
  if not exists (select 1 from app.register_changes c
                  join app.partnerships p on p.organisation_id = c.organisation_id
                 where c.id = review_register_change.change_id and p.municipality_id = review_register_change.municipality_id
                   and p.status <> 'declined') then
    perform app.not_found();
  end if;
  insert into app.register_change_reviews (change_id, municipality_id, reviewed_by)
  values (review_register_change.change_id, review_register_change.municipality_id, caller)
  on conflict do nothing;
end
$$;
grant execute on function api.review_register_change(uuid, bigint) to authenticated;

------------------------------------------------------------------------------------------
-- People: invitations into an organisation or a municipality's staff
------------------------------------------------------------------------------------------
create policy "Organisation admins invite people" on app.invitations
  for insert to authenticated with check (organisation_id is not null and organisation_id in (select app.my_organisations('admin')));

create policy "Municipality admins invite staff" on app.invitations
  for insert to authenticated with check (municipality_id is not null and app.is_staff(municipality_id, 'admin'));

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
  perform app.require_user(app.is_member(organisation_id, 'admin'));
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

-- Definer: whoever holds the link may see what it is for, before signing in. PL/pgSQL, so
-- that the body may read app.prize_rounds, which 50_prize.sql defines.
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
  perform app.require_user(app.is_member(organisation_id, 'admin'));
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

-- The municipality's People page (admins): staff with their roles and open invitations.
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
  perform app.require_user(app.is_member(organisation_id, 'admin'));
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

-- Creates (activity_id null) or updates an activity and replaces its weekly slots. An update needs
-- `base_version`, the version the edit was made from; a stale one is refused with what changed since.
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
  slots jsonb default '[]',
  base_version int default null
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  saved uuid;
  stored app.activities;
  tags text[] := array(select distinct lower(trim(t)) from unnest(adaptation_tags) t where trim(t) <> '' order by 1);
begin
  perform app.require_user(app.is_member(organisation_id, 'admin'));
  if coalesce(trim(title), '') = '' then
    perform app.refuse('title_required', 'title');
  end if;
  if not exists (select 1 from app.partnerships p where p.organisation_id = save_activity.organisation_id
                   and p.municipality_id = save_activity.municipality_id) then
    perform app.refuse('municipality_not_partner', 'municipality_id');
  end if;
  if age_min not between 0 and 120 then
    perform app.refuse('age_invalid', 'age_min');
  end if;
  if age_max not between 0 and 120 then
    perform app.refuse('age_invalid', 'age_max');
  end if;
  if age_min is not null and age_max is not null and age_max < age_min then
    perform app.refuse('ages_out_of_order', 'age_max');
  end if;
  if season_start is not null and season_end is not null and season_end < season_start then
    perform app.refuse('season_out_of_order', 'season_end');
  end if;
  if coalesce(capacity, 0) not between 0 and 1000 then
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
    select * into stored from app.activities a
     where a.id = save_activity.activity_id and a.organisation_id = save_activity.organisation_id for update;
    if not found then
      perform app.not_found();
    end if;
    perform app.refuse_stale_version(base_version, to_jsonb(stored), jsonb_build_object(
      'municipality_id', municipality_id, 'title', trim(title), 'category', category,
      'description', coalesce(description, ''), 'place', coalesce(place, ''), 'season_start', season_start,
      'season_end', season_end, 'age_min', age_min, 'age_max', age_max, 'adaptations', coalesce(adaptations, ''),
      'adaptation_tags', tags, 'capacity', coalesce(capacity, 0), 'fee_ore', coalesce(fee_ore, 0),
      'fee_period', fee_period, 'is_public', coalesce(is_public, false)), 'activities');
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
  int, int, text, text[], int, bigint, app.fee_period, boolean, jsonb, int) to authenticated;

-- The public catalogue, one page of 20 (R9: public activities are visible to all). Definer: it
-- reads the catalogue's derived tables, which no role reads. Each combination of the filters
-- the kept counts cover (one municipality, category, weekday) has a static statement whose
-- generic plan a pooled connection keeps; age, adaptation and text filters, and all
-- municipalities at once, go to app.catalogue_matching. The municipality picker is sent with
-- its digest; a caller that names the digest it already holds gets null in its place, so the
-- list of all of Norway is not written out for every page.
create or replace function api.catalogue(
  municipality_number text default null,
  category app.organisation_kind default null,
  weekday int default null,
  age int default null,
  tag text default null,
  search text default null,
  page int default 1,
  municipalities_held text default null
) returns jsonb
language plpgsql stable security definer
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  chosen_page int := greatest(coalesce(page, 1), 1);
  chosen uuid;
  counted boolean := catalogue.age is null and catalogue.tag is null and catalogue.search is null;
  matching record;
  total bigint;
begin
  if catalogue.municipality_number is not null then
    -- An unknown number lists nothing: chosen stays null and matches no row.
    select m.id into chosen from app.municipalities m where m.municipality_number = catalogue.municipality_number;
  end if;
  -- One municipality's counts are read along the key; as one statement with
  -- `(municipality_number is null or …)`, the kept plan read every municipality's (~14 000 rows
  -- for all of Norway, ~1 ms a call).
  if counted and catalogue.municipality_number is not null then
    select coalesce(sum(c.activities), 0) into total from app.catalogue_counts c
    where c.municipality_id = chosen
      and (catalogue.category is null or c.category = catalogue.category)
      and c.weekday is not distinct from catalogue.weekday::smallint;
  elsif counted then
    select coalesce(sum(c.activities), 0) into total from app.catalogue_counts c
    where (catalogue.category is null or c.category = catalogue.category)
      and c.weekday is not distinct from catalogue.weekday::smallint;
  end if;
  if catalogue.municipality_number is not null and counted and catalogue.category is null and catalogue.weekday is null then
    -- The catalogue as it opens: no filter, so one plan fits every call. `offset 0` keeps the
    -- exists a probe per activity walked, whatever the kept plan guesses a municipality holds:
    -- with many small municipalities it guessed 30 activities, hashed all of the chosen one's
    -- partnerships and read every activity before taking the page.
    select null::bigint as total, array_agg(x.id order by x.title, x.id) as page_ids into matching from (
      select a.id, a.title from app.activities a
      where a.is_public and a.municipality_id = chosen
        and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                      and p.municipality_id = a.municipality_id and p.status = 'verified' offset 0)
      order by a.title, a.id limit 20 offset (chosen_page - 1) * 20) x;
  elsif catalogue.municipality_number is not null and counted and catalogue.weekday is null then
    -- `offset 0` keeps each exists a probe per activity walked, so the walk stops after the
    -- page. As semi-joins, a kept plan (guessing a third of the rows per municipality) would
    -- hash every slot of the weekday and every partnership and sort all matches.
    select null::bigint as total, array_agg(x.id order by x.title, x.id) as page_ids into matching from (
      select a.id, a.title from app.activities a
      where a.is_public and a.municipality_id = chosen and a.category = catalogue.category
        and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                      and p.municipality_id = a.municipality_id and p.status = 'verified' offset 0)
      order by a.title, a.id limit 20 offset (chosen_page - 1) * 20) x;
  elsif catalogue.municipality_number is not null and counted and catalogue.category is null then
    select null::bigint as total, array_agg(x.id order by x.title, x.id) as page_ids into matching from (
      select a.id, a.title from app.activities a
      where a.is_public and a.municipality_id = chosen
        and exists (select 1 from app.activity_slots s where s.activity_id = a.id and s.weekday = catalogue.weekday offset 0)
        and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                      and p.municipality_id = a.municipality_id and p.status = 'verified' offset 0)
      order by a.title, a.id limit 20 offset (chosen_page - 1) * 20) x;
  elsif catalogue.municipality_number is not null and counted then
    select null::bigint as total, array_agg(x.id order by x.title, x.id) as page_ids into matching from (
      select a.id, a.title from app.activities a
      where a.is_public and a.municipality_id = chosen and a.category = catalogue.category
        and exists (select 1 from app.activity_slots s where s.activity_id = a.id and s.weekday = catalogue.weekday offset 0)
        and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                      and p.municipality_id = a.municipality_id and p.status = 'verified' offset 0)
      order by a.title, a.id limit 20 offset (chosen_page - 1) * 20) x;
  else
    matching := app.catalogue_matching(catalogue.municipality_number is null, chosen, catalogue.category,
                                       catalogue.weekday, catalogue.age, catalogue.tag, catalogue.search,
                                       chosen_page, not counted);
  end if;
  return jsonb_build_object(
    'total', coalesce(total, matching.total),
    'page', chosen_page,
    'page_size', 20,
    -- page_ids are in list order already.
    'items', (select coalesce(jsonb_agg(ci.item order by p.n), '[]')
              from unnest(matching.page_ids) with ordinality as p (id, n)
              join app.catalogue_items ci on ci.activity_id = p.id),
    'municipalities', (select case when l.digest is not distinct from catalogue.municipalities_held then null
                                   else l.municipalities end
                       from app.municipality_list l),
    'municipalities_digest', (select l.digest from app.municipality_list l),
    'tags', (select coalesce(jsonb_agg(t.tag order by t.tag), '[]') from app.catalogue_tags t));
end
$$;
grant execute on function api.catalogue(text, app.organisation_kind, int, int, text, text, int, text) to anon, authenticated;

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

------------------------------------------------------------------------------------------
-- Whom a partnership decision goes to
------------------------------------------------------------------------------------------
-- api.organisation_for_staff lists the organisation's admins, so that the caseworker knows whom
-- the decision goes to. Staff read who administers the organisations that asked to work with
-- their municipality, and nothing more of their members (R9). Both policies ask
-- app.partner_organisations() once per query (docs/performance.md).
create policy "Staff read who administers the organisations that work with them" on app.memberships
  for select to authenticated using (role = 'admin' and organisation_id in (select app.partner_organisations()));

create policy "Staff read the profiles of the admins of organisations that work with them" on app.profiles
  for select to authenticated using (
    user_id in (select m.user_id from app.memberships m
                 where m.role = 'admin' and m.organisation_id in (select app.partner_organisations())));

------------------------------------------------------------------------------------------
-- The catalogue's derived tables
------------------------------------------------------------------------------------------
-- So that a catalogue page stays cheap on a large municipality (docs/performance.md), triggers
-- keep what a call would otherwise gather from every public activity: the tag facet, the totals
-- of the catalogue's own filters and each activity's item. A page is read in title order from
-- an index. Only writes that change what is listed pay for it.

-- How many public activities offer each adaptation (the catalogue's tag filter).
create table app.catalogue_tags (
  tag text primary key,
  activities int not null check (activities > 0)
);

-- Definer: the facet is derived, no role writes it. Counts move by row update, so two saves
-- that touch the same tag wait for each other and neither loses the other's count.
create function app.count_catalogue_tags() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.is_public then
    delete from app.catalogue_tags c where c.tag = any (old.adaptation_tags) and c.activities = 1;
    update app.catalogue_tags c set activities = c.activities - 1 where c.tag = any (old.adaptation_tags);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.is_public then
    insert into app.catalogue_tags (tag, activities)
    select distinct t, 1 from unnest(new.adaptation_tags) t
    on conflict (tag) do update set activities = app.catalogue_tags.activities + 1;
  end if;
  return null;
end
$$;

create trigger activities_catalogue_tags after insert or delete or update of is_public, adaptation_tags on app.activities
  for each row execute function app.count_catalogue_tags();

-- Every municipality's number and name, in name order, for the catalogue's municipality
-- picker: one row, rebuilt when a municipality is added, removed or renamed, so that a
-- catalogue call does not build the list of all (up to 357) municipalities each time.
create table app.municipality_list (
  one boolean primary key default true check (one),
  municipalities jsonb not null,
  -- The list's md5: what a caller keeping a copy names it by. A hash, not a counter, so that a
  -- copy kept across a database reset is never taken for a different list.
  digest text not null generated always as (md5(municipalities::text)) stored
);

-- Definer: the list is derived, no role writes it. Lock, then build: the row is locked first
-- and built in a later statement (a fresh snapshot), so two transactions adding a
-- municipality each cannot leave a list without the other's.
create function app.refresh_municipality_list() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.municipality_list (municipalities) values ('[]') on conflict (one) do nothing;
  perform 1 from app.municipality_list l for update;
  update app.municipality_list l
     set municipalities = coalesce((select jsonb_agg(jsonb_build_object('number', m.municipality_number, 'name', m.name)
                                                     order by m.name)
                                    from app.municipalities m), '[]');
  return null;
end
$$;

create trigger municipalities_list after insert or delete or update of name, municipality_number on app.municipalities
  for each statement execute function app.refresh_municipality_list();

-- A page in title order straight from the index, stopping after 20.
create index activities_catalogue_title_idx on app.activities (municipality_id, title, id) where is_public;

-- The totals the catalogue's own filters ask for (municipality, category, weekday), kept per
-- municipality, so that a call need not join every public activity to the verified
-- partnerships to count them; the age, adaptation and text filters count live. Each statement
-- that changes what is listed recounts its municipalities from the tables, under a lock per
-- municipality, so two saves cannot both write a count that misses the other's change.
--
-- Listed = public, and the organisation is verified with the activity's municipality.
-- weekday null = on any day; otherwise the activities with a slot on that day.
create table app.catalogue_counts (
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  category app.organisation_kind not null,
  weekday smallint check (weekday between 1 and 7),
  activities int not null check (activities > 0),
  constraint catalogue_counts_key unique nulls not distinct (municipality_id, category, weekday)
);

-- Definer: the counts are derived, no role writes them. Recounting a municipality reads its
-- ~3 000 activities (a few ms), and only writes that change what is listed pay it.
create function app.recount_catalogue(municipalities uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  m uuid;
begin
  -- In a fixed order, so two statements touching the same municipalities cannot deadlock here.
  for m in select distinct x from unnest(municipalities) x where x is not null order by 1 loop
    perform pg_advisory_xact_lock(hashtext('catalogue_counts:' || m::text));
    -- After the lock each statement takes a fresh snapshot (read committed), so the recount
    -- sees what the statement that held the lock committed.
    delete from app.catalogue_counts c where c.municipality_id = m;
    insert into app.catalogue_counts (municipality_id, category, weekday, activities)
    with listed as (
      select a.id, a.category from app.activities a
      where a.municipality_id = m and a.is_public
        and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                      and p.municipality_id = a.municipality_id and p.status = 'verified')
    )
    select m, l.category, null, count(*) from listed l group by l.category
    union all
    select m, l.category, s.weekday, count(distinct l.id)
    from listed l join app.activity_slots s on s.activity_id = l.id
    group by l.category, s.weekday;
  end loop;
end
$$;

-- One function for the statement triggers of the three tables; each reads only the transition
-- tables its event has. Only rows whose listing changes lead to a recount: public activities
-- that appear, go or move, verified partnerships that appear or go. Slots recount whether or
-- not their activity is public here: another transaction may be making it public right now.
create function app.count_catalogue() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'activities' then
    if tg_op = 'INSERT' then
      perform app.recount_catalogue(array_agg(n.municipality_id)) from new_rows n where n.is_public;
    elsif tg_op = 'DELETE' then
      perform app.recount_catalogue(array_agg(o.municipality_id)) from old_rows o where o.is_public;
    else
      perform app.recount_catalogue(array_agg(c.municipality_id)) from (
        (select id, municipality_id, organisation_id, category from old_rows where is_public
         except select id, municipality_id, organisation_id, category from new_rows where is_public)
        union
        (select id, municipality_id, organisation_id, category from new_rows where is_public
         except select id, municipality_id, organisation_id, category from old_rows where is_public)) c;
    end if;
  elsif tg_table_name = 'partnerships' then
    if tg_op = 'INSERT' then
      perform app.recount_catalogue(array_agg(n.municipality_id)) from new_rows n where n.status = 'verified';
    elsif tg_op = 'DELETE' then
      perform app.recount_catalogue(array_agg(o.municipality_id)) from old_rows o where o.status = 'verified';
    else
      perform app.recount_catalogue(array_agg(c.municipality_id)) from (
        (select organisation_id, municipality_id from old_rows where status = 'verified'
         except select organisation_id, municipality_id from new_rows where status = 'verified')
        union
        (select organisation_id, municipality_id from new_rows where status = 'verified'
         except select organisation_id, municipality_id from old_rows where status = 'verified')) c;
    end if;
  else -- activity_slots; slots deleted with their activity are recounted by the activity's trigger
    if tg_op = 'INSERT' then
      perform app.recount_catalogue(array_agg(a.municipality_id))
      from new_rows n join app.activities a on a.id = n.activity_id;
    elsif tg_op = 'DELETE' then
      perform app.recount_catalogue(array_agg(a.municipality_id))
      from old_rows o join app.activities a on a.id = o.activity_id;
    else
      perform app.recount_catalogue(array_agg(a.municipality_id))
      from (select activity_id from old_rows union select activity_id from new_rows) c
      join app.activities a on a.id = c.activity_id;
    end if;
  end if;
  return null;
end
$$;

select app.create_statement_triggers('app.activities', 'catalogue_count', 'app.count_catalogue()');
select app.create_statement_triggers('app.partnerships', 'catalogue_count', 'app.count_catalogue()');
select app.create_statement_triggers('app.activity_slots', 'catalogue_count', 'app.count_catalogue()');

-- The public activities of a partner verified in their municipality that the catalogue's
-- filters match (a null filter matches all): what app.catalogue_matching counts and pages.
-- SQL without a search_path, so that it is inlined into those custom plans and the absent
-- filters vanish from them.
create function app.catalogue_candidates(
  everywhere boolean, chosen uuid, category app.organisation_kind, weekday int, age int, tag text, search text
) returns setof app.activities
language sql stable
as $$
  select a.* from app.activities a
  where a.is_public and (catalogue_candidates.everywhere or a.municipality_id = catalogue_candidates.chosen)
    and exists (select 1 from app.partnerships p where p.organisation_id = a.organisation_id
                  and p.municipality_id = a.municipality_id and p.status = 'verified')
    and (catalogue_candidates.category is null or a.category = catalogue_candidates.category)
    and (catalogue_candidates.weekday is null
         or exists (select 1 from app.activity_slots s
                     where s.activity_id = a.id and s.weekday = catalogue_candidates.weekday))
    and (catalogue_candidates.age is null
         or (coalesce(a.age_min, 0) <= catalogue_candidates.age and coalesce(a.age_max, 120) >= catalogue_candidates.age))
    and (catalogue_candidates.tag is null or a.adaptation_tags @> array[lower(catalogue_candidates.tag)])
    and (catalogue_candidates.search is null or a.title ilike '%' || catalogue_candidates.search || '%'
         or exists (select 1 from app.organisations o where o.id = a.organisation_id
                      and o.name ilike '%' || catalogue_candidates.search || '%'))
$$;

-- The catalogue's matching activities: the total when asked (filters the counts do not
-- cover), and the ids of one page in title order. Custom plans: given filters become index
-- conditions, absent ones vanish, and one municipality's page walks
-- activities_catalogue_title_idx and stops after 20. A generic plan cannot know which filters
-- are absent, guesses almost no rows match, and sorts them all (docs/performance.md).
create function app.catalogue_matching(
  everywhere boolean, chosen uuid, category app.organisation_kind, weekday int, age int, tag text,
  search text, page int, want_total boolean, out total bigint, out page_ids uuid[]
)
language plpgsql stable
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_variable
begin
  if want_total then
    select count(*) into total from app.catalogue_candidates(everywhere, chosen, category, weekday, age, tag, search);
  end if;
  select array_agg(x.id order by x.title, x.id) into page_ids from (
    select a.id, a.title from app.catalogue_candidates(everywhere, chosen, category, weekday, age, tag, search) a
    order by a.title, a.id limit 20 offset (page - 1) * 20) x;
end
$$;

-- Each public activity's item on the catalogue page, as JSON with its slots and the names of
-- its organisation and municipality, so that a call does not build them (docs/performance.md).
-- Rebuilt when the activity, its slots or one of those names change.
create table app.catalogue_items (
  activity_id uuid primary key references app.activities (id) on delete cascade,
  item jsonb not null
);

-- Rebuilds the items of the given activities. Each item is locked first and built in a later
-- statement, so a rename and a title saved at the same moment both end up in it.
create or replace function app.refresh_catalogue_items(activity_ids uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.catalogue_items (activity_id, item)
  select a.id, '{}' from app.activities a where a.id = any (activity_ids) order by a.id
  on conflict (activity_id) do nothing;
  perform 1 from app.catalogue_items c where c.activity_id = any (activity_ids) order by c.activity_id for update;
  update app.catalogue_items c
     set item = jsonb_build_object(
           'id', r.id, 'title', r.title, 'category', r.category, 'place', r.place,
           'age_min', r.age_min, 'age_max', r.age_max, 'adaptation_tags', r.adaptation_tags,
           'fee_ore', r.fee_ore, 'fee_period', r.fee_period,
           'slots', (select coalesce(jsonb_agg(jsonb_build_object('weekday', s.weekday,
                             'starts_at', to_char(s.starts_at, 'HH24:MI'), 'ends_at', to_char(s.ends_at, 'HH24:MI'))
                             order by s.weekday, s.starts_at), '[]')
                     from app.activity_slots s where s.activity_id = r.id),
           'organisation_name', (select o.name from app.organisations o where o.id = r.organisation_id),
           'municipality_name', (select m.name from app.municipalities m where m.id = r.municipality_id))
    from app.activities r
   where r.id = c.activity_id and c.activity_id = any (activity_ids);
end
$$;

create function app.refresh_catalogue_item() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform app.refresh_catalogue_items(array[new.id]);
  return null;
end
$$;

create function app.refresh_catalogue_slots() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- Slots deleted with their activity take its item with them (on delete cascade).
  if tg_op = 'INSERT' then
    perform app.refresh_catalogue_items(array_agg(distinct n.activity_id)) from new_rows n;
  elsif tg_op = 'DELETE' then
    perform app.refresh_catalogue_items(array_agg(distinct o.activity_id)) from old_rows o;
  else
    perform app.refresh_catalogue_items(array_agg(c.activity_id))
    from (select activity_id from old_rows union select activity_id from new_rows) c;
  end if;
  return null;
end
$$;

select app.create_statement_triggers('app.activity_slots', 'catalogue_item', 'app.refresh_catalogue_slots()');

-- api.catalogue's kept plans for a category: with equality on the municipality and the
-- category, this index gives the page in list order whatever the values are, and a weekday is
-- one probe of the slots' key per activity walked (a weekday holds a third to a seventh of a
-- municipality's activities).
create index activities_catalogue_category_title_idx
  on app.activities (municipality_id, category, title, id) where is_public;

create trigger activities_catalogue_item after insert or update of title, category, place, age_min, age_max,
  adaptation_tags, fee_ore, fee_period, organisation_id, municipality_id on app.activities
  for each row execute function app.refresh_catalogue_item();

-- Renaming an organisation or a municipality rebuilds the items of its activities.
create function app.refresh_catalogue_names() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'organisations' then
    perform app.refresh_catalogue_items(array_agg(a.id)) from app.activities a where a.organisation_id = new.id;
  else
    perform app.refresh_catalogue_items(array_agg(a.id)) from app.activities a where a.municipality_id = new.id;
  end if;
  return null;
end
$$;

create trigger organisations_catalogue_names after update of name on app.organisations
  for each row when (old.name is distinct from new.name) execute function app.refresh_catalogue_names();

create trigger municipalities_catalogue_names after update of name on app.municipalities
  for each row when (old.name is distinct from new.name) execute function app.refresh_catalogue_names();
