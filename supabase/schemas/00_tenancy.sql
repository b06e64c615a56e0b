-- Foundation: tenancy (municipalities and their staff), organisation membership, the helper
-- functions every policy uses, the append-only audit trail and the e-mail outbox.
--
-- Rules: R1 and R2 (the MOD11 checks constraints use), R9 (the staff and membership helpers
-- every tenant policy is built on), R10 (personal columns stay out of the audit trail) and
-- R11 (app.today(), the Oslo calendar date).
--
-- Read first: the schema files are applied in name order, and every later one builds on the
-- schemas, roles, helpers and audit trigger defined here. Within this file: types, validation,
-- tables (each with its grants), protective triggers, policy helpers, policies, API,
-- then the audit history and list totals that later areas' pages use.

-- A function's body may use what a later file defines, as in pg_dump's output.
set check_function_bodies = off;

-- Functions are not executable by everyone unless granted one by one. (Per-schema default
-- privileges can only add to the global ones, so this has to be global.)
alter default privileges revoke execute on functions from public;

create schema app;

create schema api;

-- The API roles reach `app` only through `api` functions (PostgREST exposes `api` alone);
-- the grants below are what those security-invoker functions need, and RLS is the wall.
grant usage on schema app to anon, authenticated, service_role;

grant usage on schema api to anon, authenticated, service_role;

-- The service role (jobs, the mailer, seeding) works on every table of `app`, each as it is
-- created; a table that is not for it revokes this below its definition. Row-level security
-- is switched on and forced for every table at the end (90_row_level_security.sql).
alter default privileges in schema app grant all on tables to service_role;

-- No GraphQL endpoint. Hosted projects come with pg_graphql, which answers /graphql/v1 with
-- every table and view the caller's role may use in the schemas on the request's search path.
-- Sammen's only interface is the `api` functions, one per use case, each checking its caller:
-- the grants on `app` tables exist for those security-invoker functions (with RLS as the
-- second wall), not as a way in of their own. `app` is on no API search path today; dropping
-- the extension keeps /graphql/v1 shut also if a project's exposed schemas or search path
-- change later. (Supabase's placeholder then answers /graphql/v1 with an error.)
drop extension if exists pg_graphql;

-- Trigram indexes, so that a search for part of a word reads only the rows that can match it
-- (the placement search, 30_placements.sql). Hosted projects offer pg_trgm in `extensions`.
create extension if not exists pg_trgm with schema extensions;

------------------------------------------------------------------------------------------
-- Types
------------------------------------------------------------------------------------------
-- `anviser` authorises approved claims for payment (R13); it may be held alone or beside the others.
create type app.staff_role as enum ('caseworker', 'admin', 'anviser');

create type app.member_role as enum ('admin', 'facilitator');

------------------------------------------------------------------------------------------
-- Validation used by constraints (R1, R2): pure functions, so they may sit in checks.
------------------------------------------------------------------------------------------
create function app.mod11_is_valid(digits text, weights int[]) returns boolean
language sql immutable strict parallel safe
set search_path = ''
as $$
  select case
    when digits !~ ('^\d{' || (array_length(weights, 1) + 1) || '}$') then false
    else (
      with sum as (
        select sum(substr(digits, i, 1)::int * weights[i]) as total
        from generate_series(1, array_length(weights, 1)) as i
      )
      select case 11 - total % 11
        when 11 then 0
        when 10 then -1 -- no valid check digit: such numbers are never issued
        else 11 - total % 11
      end = substr(digits, array_length(weights, 1) + 1, 1)::int
      from sum
    )
  end
$$;
grant execute on function app.mod11_is_valid(text, int[]) to anon, authenticated, service_role;

-- R1: 9 digits, weights 3 2 7 6 5 4 3 2.
create function app.is_valid_organisation_number(value text) returns boolean
language sql immutable strict parallel safe
set search_path = ''
as $$ select app.mod11_is_valid(value, array[3, 2, 7, 6, 5, 4, 3, 2]) $$;
grant execute on function app.is_valid_organisation_number(text) to anon, authenticated, service_role;

-- R2: 11 digits, weights 5 4 3 2 7 6 5 4 3 2.
create function app.is_valid_bank_account(value text) returns boolean
language sql immutable strict parallel safe
set search_path = ''
as $$ select app.mod11_is_valid(value, array[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) $$;
grant execute on function app.is_valid_bank_account(text) to anon, authenticated, service_role;

-- Length checks of text lists and of a JSON object's texts (tags, a nomination's reasons):
-- every element at most max_length characters.
create function app.texts_within(texts text[], max_length int) returns boolean
language sql immutable strict parallel safe
set search_path = ''
as $$ select not exists (select 1 from unnest(texts) t where length(t) > max_length) $$;
grant execute on function app.texts_within(text[], int) to anon, authenticated, service_role;

create function app.json_texts_within(doc jsonb, max_length int) returns boolean
language sql immutable strict parallel safe
set search_path = ''
as $$
  select case when jsonb_typeof(doc) = 'object'
              then not exists (select 1 from jsonb_each_text(doc) e where length(e.value) > max_length)
              else true end
$$;
grant execute on function app.json_texts_within(jsonb, int) to anon, authenticated, service_role;

-- People type numbers with spaces and dots; only the digits are stored.
create function app.digits_only(value text) returns text
language sql immutable strict parallel safe
set search_path = ''
as $$ select regexp_replace(value, '[\s.]', '', 'g') $$;
grant execute on function app.digits_only(text) to anon, authenticated, service_role;

-- R11: calendar dates are Oslo dates, whatever the server's time zone. Pure expressions like
-- this one set no search_path, so that Postgres can inline them into the queries using them.
create function app.today() returns date
language sql stable
as $$ select (now() at time zone 'Europe/Oslo')::date $$;
grant execute on function app.today() to anon, authenticated, service_role;

------------------------------------------------------------------------------------------
-- Tables: each followed by its grants (RLS decides which rows; it is enabled and forced on
-- every table by 90_row_level_security.sql).
------------------------------------------------------------------------------------------
create table app.municipalities (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(trim(name)) > 0 and length(name) <= 200),
  municipality_number text not null unique check (municipality_number ~ '^\d{4}$'),
  -- R4: after this many days only a caseworker may change attendance.
  attendance_edit_window_days int not null default 14 check (attendance_edit_window_days between 0 and 365),
  -- R10: participant data is anonymised this long after the last placement ended.
  retention_months int not null default 24 check (retention_months between 1 and 120),
  -- R13: 2 = a caseworker approves and a different anviser authorises; 1 = approval makes a claim payable.
  payment_steps int not null default 2 check (payment_steps in (1, 2)),
  -- The account the municipality pays claims from, the debtor of its payment files (R2).
  payer_account text constraint payer_account_is_valid
    check (payer_account is null or app.is_valid_bank_account(payer_account)),
  created_at timestamptz not null default now()
);
grant select on app.municipalities to anon, authenticated;

-- Public facts about a signed-up person that colleagues may see; the rest stays in auth.users.
create table app.profiles (
  user_id uuid primary key references auth.users (id) on delete cascade,
  email text not null check (length(email) <= 320),
  display_name text check (length(display_name) <= 200),
  created_at timestamptz not null default now()
);
grant select, update on app.profiles to authenticated;

create table app.staff (
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role app.staff_role not null,
  created_at timestamptz not null default now(),
  primary key (municipality_id, user_id, role)
);
grant select, insert, delete on app.staff to authenticated;

create index staff_user_idx on app.staff (user_id);

-- What a member of staff has chosen to be told by e-mail about their municipality. No row
-- means the defaults: every e-mail on.
create table app.staff_settings (
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  -- An e-mail when an organisation registers to work with the municipality.
  registration_mail boolean not null default true,
  primary key (municipality_id, user_id)
);
grant select, insert, update on app.staff_settings to authenticated;

create type app.organisation_kind as enum ('idrett', 'kultur', 'musikk', 'friluft', 'annet');

create table app.organisations (
  id uuid primary key default gen_random_uuid(),
  organisation_number text not null unique
    constraint organisation_number_is_valid check (app.is_valid_organisation_number(organisation_number)),
  name text not null check (length(trim(name)) > 0 and length(name) <= 200),
  created_at timestamptz not null default now(),
  kind app.organisation_kind not null default 'annet',
  description text not null default '' check (length(description) <= 2000),
  contact_email text check (contact_email is null or contact_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$')
    check (length(contact_email) <= 320),
  contact_phone text check (contact_phone is null or contact_phone ~ '^\+?[0-9 ]{8,15}$'),
  postal_address text not null default '' check (length(postal_address) <= 200),
  postal_code text check (postal_code is null or postal_code ~ '^\d{4}$'),
  postal_town text not null default '' check (length(postal_town) <= 100),
  created_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  version int not null default 1,
  -- The registration form's key: the same form posted twice (a double click) registers once.
  submission_key uuid unique
);
grant select on app.organisations to anon, authenticated;
grant update on app.organisations to authenticated;

create table app.memberships (
  organisation_id uuid not null references app.organisations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role app.member_role not null,
  created_at timestamptz not null default now(),
  primary key (organisation_id, user_id, role)
);
grant select, insert, delete on app.memberships to authenticated;
grant update (role) on app.memberships to authenticated;

create index memberships_user_idx on app.memberships (user_id);

-- Every state change and every change to sensitive data: who, when, what, before/after.
create table app.audit_events (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_id uuid,
  actor_role text,
  table_name text not null,
  record_id text not null,
  action text not null check (action in ('insert', 'update', 'delete')),
  old_row jsonb,
  new_row jsonb,
  municipality_id uuid,
  organisation_id uuid
);
grant select on app.audit_events to authenticated;

create index audit_events_record_idx on app.audit_events (table_name, record_id, occurred_at);

create index audit_events_municipality_idx on app.audit_events (municipality_id, occurred_at desc);

-- E-mails the system sends; a mailer delivers them and records the outcome.
create table app.outbox (
  id bigint generated always as identity primary key,
  created_at timestamptz not null default now(),
  recipient text not null,
  template text not null,
  locale text not null default 'nb' check (locale in ('nb', 'en')),
  payload jsonb not null default '{}',
  sent_at timestamptz,
  attempts int not null default 0,
  last_error text,
  last_attempt_at timestamptz,
  -- When the mailer may take it (again): later each time a delivery fails.
  next_attempt_at timestamptz
);

create index outbox_due_idx on app.outbox (coalesce(next_attempt_at, created_at)) where sent_at is null;

-- The audit trail is append-only, for the service role too.
revoke update, delete, truncate on app.audit_events from service_role;

------------------------------------------------------------------------------------------
-- Protective triggers
------------------------------------------------------------------------------------------

-- Keeps app.profiles in step with auth.users (sign-up, invitation, e-mail change).
create function app.sync_profile() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.profiles (user_id, email, display_name)
  -- The name is cut to the profile's limit rather than refusing the sign-up (Auth has no limit of its own).
  values (new.id, new.email, left(nullif(trim(new.raw_user_meta_data ->> 'display_name'), ''), 200))
  on conflict (user_id) do update
    set email = excluded.email,
        display_name = coalesce(excluded.display_name, app.profiles.display_name);
  return new;
end
$$;

create trigger sync_profile after insert or update of email, raw_user_meta_data on auth.users
  for each row execute function app.sync_profile();

-- The audit trail is append-only for everyone, table owner included.
create function app.refuse_audit_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'The audit trail cannot be changed' using errcode = '42501';
end
$$;

create trigger audit_events_append_only before update or delete on app.audit_events
  for each row execute function app.refuse_audit_change();

create trigger audit_events_no_truncate before truncate on app.audit_events
  for each statement execute function app.refuse_audit_change();

-- Generic audit trigger: attach to a table with `for each row execute function
-- app.record_audit_event()`. Definer, because no app role may insert audit rows directly.
-- Trigger arguments name personal columns that are kept out of the trail (R10): a change
-- to them shows as `"personal_data_changed": true`.
create function app.record_audit_event() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  personal text[] := coalesce(tg_argv, '{}');
  full_old jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end;
  full_new jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end;
  old_row jsonb := full_old - personal;
  new_row jsonb := full_new - personal;
  subject jsonb := coalesce(full_new, full_old);
begin
  if tg_op = 'UPDATE' and full_old = full_new then
    return new;
  end if;
  if tg_op = 'UPDATE' and exists (select 1 from unnest(personal) k where full_old -> k is distinct from full_new -> k) then
    new_row := new_row || '{"personal_data_changed": true}';
  end if;
  insert into app.audit_events (actor_id, actor_role, table_name, record_id, action, old_row, new_row,
                                municipality_id, organisation_id)
  values (
    auth.uid(),
    coalesce(auth.role(), current_user),
    tg_table_name,
    coalesce(subject ->> 'id', concat_ws('/', variadic array(
      select value from jsonb_each_text(subject) where key like '%\_id' order by key))),
    lower(tg_op),
    old_row,
    new_row,
    coalesce((subject ->> 'municipality_id')::uuid, case when tg_table_name = 'municipalities' then (subject ->> 'id')::uuid end),
    coalesce((subject ->> 'organisation_id')::uuid, case when tg_table_name = 'organisations' then (subject ->> 'id')::uuid end)
  );
  return coalesce(new, old);
end
$$;

-- A municipality's settings (R4's window, R10's retention, R13's steps, the payer account).
create trigger municipalities_audit after insert or update or delete on app.municipalities
  for each row execute function app.record_audit_event();

create trigger staff_audit after insert or update or delete on app.staff
  for each row execute function app.record_audit_event();

create trigger memberships_audit after insert or update or delete on app.memberships
  for each row execute function app.record_audit_event();

create trigger organisations_audit after insert or update or delete on app.organisations
  for each row execute function app.record_audit_event();

-- Edit forms carry the version of the record they were loaded with, so that a save made from
-- an older version is refused instead of silently overwriting someone else's change (no lost
-- updates). Attach `before update ... for each row execute function app.bump_version()` to a
-- table with a `version int` column: every change of the row counts.
create function app.bump_version() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.version := old.version + 1;
  return new;
end
$$;

-- Refuses a save made from a version other than the row's current one. `mine` holds the values
-- being saved, by column; the refusal's params carry the current version, the current values
-- of the columns that differ from them (what the other person changed) and, when the table is
-- audited, who made the last change and when, if the caller is staff or a member where it was made.
-- Definer, to read that from the audit trail; the edit functions call it after their own checks.
create function app.refuse_stale_version(base_version int, theirs jsonb, mine jsonb, table_name text)
returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  last_change jsonb;
begin
  if base_version is not distinct from (theirs ->> 'version')::int then
    return;
  end if;
  select jsonb_build_object('by', coalesce(nullif(p.display_name, ''), p.email, ''), 'at', e.occurred_at)
    into last_change
    from app.audit_events e left join app.profiles p on p.user_id = e.actor_id
   where e.table_name = refuse_stale_version.table_name and e.record_id = theirs ->> 'id'
     -- Only a change the caller may know of: in their municipality or their organisation.
     and (app.is_staff(e.municipality_id) or app.is_member(e.organisation_id))
   order by e.occurred_at desc, e.id desc limit 1;
  perform app.refuse('stale_version', null, jsonb_build_object(
    'version', (theirs ->> 'version')::int,
    'changes', (select coalesce(jsonb_object_agg(m.key, theirs -> m.key), '{}')
                  from jsonb_each(mine) m where theirs -> m.key is distinct from m.value)
  ) || coalesce(last_change, '{}'));
end
$$;
grant execute on function app.refuse_stale_version(int, jsonb, jsonb, text) to authenticated;

create trigger organisations_version before update on app.organisations
  for each row execute function app.bump_version();

------------------------------------------------------------------------------------------
-- Policy helpers (R9): is the caller staff of a municipality or a member of an organisation
------------------------------------------------------------------------------------------
-- Definer, so that reading app.staff and app.memberships does not go through their own
-- policies, which ask these helpers. They run in nearly every request, and per row in writes
-- (three policy checks per attendance mark). PL/pgSQL, so that a pooled connection plans them
-- once: a SQL function with `set search_path` cannot be inlined and is planned again every
-- time the query calling it starts (see docs/performance.md).
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
grant execute on function app.is_staff(uuid, app.staff_role) to anon, authenticated, service_role;

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
grant execute on function app.is_member(uuid, app.member_role) to anon, authenticated, service_role;

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
grant execute on function app.my_municipalities(app.staff_role) to anon, authenticated, service_role;

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
grant execute on function app.my_organisations(app.member_role) to anon, authenticated, service_role;

------------------------------------------------------------------------------------------
-- Policies
------------------------------------------------------------------------------------------
create policy "Municipalities are public" on app.municipalities
  for select to anon, authenticated using (true);

create policy "People read their own profile" on app.profiles
  for select to authenticated using (user_id = (select auth.uid()));

create policy "Staff read the profiles of their colleagues" on app.profiles
  for select to authenticated using (
    user_id in (select s.user_id from app.staff s where s.municipality_id in (select app.my_municipalities())));

create policy "Organisation members read the profiles of their fellow members" on app.profiles
  for select to authenticated using (
    user_id in (select m.user_id from app.memberships m where m.organisation_id in (select app.my_organisations())));

create policy "People update their own profile" on app.profiles
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

create policy "Staff read and keep their own settings" on app.staff_settings
  for all to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()) and app.is_staff(municipality_id));

create policy "Staff read their own roles and their colleagues'" on app.staff
  for select to authenticated using (user_id = (select auth.uid()) or app.is_staff(municipality_id));

create policy "Municipality admins add staff" on app.staff
  for insert to authenticated with check (app.is_staff(municipality_id, 'admin'));

create policy "Municipality admins remove staff" on app.staff
  for delete to authenticated using (app.is_staff(municipality_id, 'admin'));

create policy "Members read their own roles and their fellow members'" on app.memberships
  for select to authenticated using (user_id = (select auth.uid()) or organisation_id in (select app.my_organisations()));

create policy "Organisation admins add members" on app.memberships
  for insert to authenticated with check (organisation_id in (select app.my_organisations('admin')));

create policy "Organisation admins remove members" on app.memberships
  for delete to authenticated using (organisation_id in (select app.my_organisations('admin')));

create policy "Municipality admins read their municipality's audit trail" on app.audit_events
  for select to authenticated using (municipality_id in (select app.my_municipalities('admin')));

create policy "Organisation admins read their organisation's audit trail" on app.audit_events
  for select to authenticated using (organisation_id is not null and organisation_id in (select app.my_organisations('admin')));

------------------------------------------------------------------------------------------
-- API
------------------------------------------------------------------------------------------
-- {id, name} of a municipality / an organisation, as pages show them. Invoker and without
-- a search_path, so that Postgres inlines them and RLS still decides what is readable.
create function app.municipality_ref(municipality uuid) returns jsonb
language sql stable
as $$ select jsonb_build_object('id', m.id, 'name', m.name) from app.municipalities m where m.id = municipality $$;
grant execute on function app.municipality_ref(uuid) to anon, authenticated, service_role;

create function app.organisation_ref(organisation uuid) returns jsonb
language sql stable
as $$ select jsonb_build_object('id', o.id, 'name', o.name) from app.organisations o where o.id = organisation $$;
grant execute on function app.organisation_ref(uuid) to anon, authenticated, service_role;

-- The layout's session context on every page: the caller's profile, staff roles and
-- organisations. Definer, with every read keyed on the caller's own user id, so that no
-- permissive policy on app.profiles (colleagues, fellow members, the round's jurors…) is
-- evaluated for rows that are the caller's own anyway. It shows nothing the policies hide:
-- "Members read their own organisation" shows the caller those organisations, and
-- municipalities are public. Anonymous callers have no grant.
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
grant execute on function api.session_context() to authenticated;

-- A member of staff turns their own e-mails about the municipality on or off. Invoker: the
-- policy on app.staff_settings lets staff write only their own row.
create function api.set_staff_settings(municipality_id uuid, registration_mail boolean) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id);
  insert into app.staff_settings (municipality_id, user_id, registration_mail)
  values (municipality_id, (select auth.uid()), coalesce(registration_mail, true))
  on conflict on constraint staff_settings_pkey do update set registration_mail = excluded.registration_mail;
end
$$;
grant execute on function api.set_staff_settings(uuid, boolean) to authenticated;

-- Sets a colleague's roles in the municipality exactly; none removes them (the People page,
-- as api.set_member_roles for organisations). Invoker: the policies on app.staff let only the
-- municipality's admins add and remove roles. The municipality keeps at least one admin, or
-- nobody could manage its staff.
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

-- The municipality's settings page (its admins): how many steps a payment takes (R13) and the
-- account payments are made from.
create function api.municipality_settings(municipality_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id, 'admin');
  return (select jsonb_build_object('municipality', jsonb_build_object('id', m.id, 'name', m.name),
                                    'payment_steps', m.payment_steps, 'payer_account', m.payer_account)
            from app.municipalities m where m.id = municipality_settings.municipality_id);
end
$$;
grant execute on function api.municipality_settings(uuid) to authenticated;

-- Saves the settings page. Definer: app.municipalities is public to read and no API role writes
-- it; the caller must be one of the municipality's admins. The account is checked with R2.
create function api.save_municipality_settings(municipality_id uuid, payment_steps int, payer_account text default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  account text := nullif(app.digits_only(coalesce(payer_account, '')), '');
begin
  perform app.require_staff(municipality_id, 'admin');
  if payment_steps is null or payment_steps not in (1, 2) then
    perform app.refuse('payment_steps_invalid', 'payment_steps');
  end if;
  if account is not null and not app.is_valid_bank_account(account) then
    perform app.refuse('bank_account_invalid', 'payer_account');
  end if;
  update app.municipalities m
     set payment_steps = save_municipality_settings.payment_steps, payer_account = account
   where m.id = save_municipality_settings.municipality_id;
end
$$;
grant execute on function api.save_municipality_settings(uuid, int, text) to authenticated;

------------------------------------------------------------------------------------------
-- History: one object's events from the audit trail, shown on its page
------------------------------------------------------------------------------------------
-- Caseworkers follow placements and participants, so all staff read those objects' events in
-- their own municipality; the rest of the trail is for admins and the policies of later areas.
-- Personal fields never enter the trail (R10).
create policy "Staff read the history of placements and participants of their municipality" on app.audit_events
  for select to authenticated
  using (table_name in ('placements', 'participants') and municipality_id in (select app.my_municipalities()));

-- The events of one object, oldest first, shaped like api.audit_log's. Invoker: the
-- policies above decide which events the caller reads.
create function app.audit_trail(table_name text, record_id text) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'id', e.id, 'occurred_at', e.occurred_at, 'table', e.table_name, 'record_id', e.record_id,
    'action', e.action, 'old', e.old_row, 'new', e.new_row,
    'actor', (select display_name from app.profiles where user_id = e.actor_id)) order by e.id), '[]')
  from app.audit_events e
  where e.table_name = audit_trail.table_name and e.record_id = audit_trail.record_id
$$;
grant execute on function app.audit_trail(text, text) to authenticated;

------------------------------------------------------------------------------------------
-- List totals
------------------------------------------------------------------------------------------
-- The unfiltered totals of the participant and placement lists and of the placement search's
-- choices per municipality, kept by triggers so that a list page does not count every row.
-- One table and one trigger function serve them all.
create table app.list_totals (
  list text not null check (list in ('participants', 'placements', 'placement_choices')),
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  total int not null check (total >= 0),
  primary key (list, municipality_id)
);

-- Creates a table's statement triggers `<table>_<purpose>_inserts`, `_updates` and `_deletes`
-- (those of `events`), which run `handler` (a trigger function call, with its arguments) once
-- per statement with the changed rows as the transition tables new_rows and old_rows. Derived
-- rows (totals, list items) follow their source tables this way, one call per table; a call
-- made again replaces the triggers (so a migration can repeat it).
create function app.create_statement_triggers(
  tbl regclass, purpose text, handler text, events text[] default array['insert', 'update', 'delete']
) returns void
language plpgsql
set search_path = ''
as $$
declare
  event text;
begin
  foreach event in array events loop
    execute format('create or replace trigger %I after %s on %s referencing %s for each statement execute function %s',
                   (select c.relname from pg_catalog.pg_class c where c.oid = tbl) || '_' || purpose || '_' || event || 's',
                   event, tbl,
                   case event when 'insert' then 'new table as new_rows'
                              when 'update' then 'old table as old_rows new table as new_rows'
                              else 'old table as old_rows' end,
                   handler);
  end loop;
end
$$;

-- Definer: the totals are derived, no role writes them. The list is the trigger's argument.
-- Totals move by row update, so two statements on one municipality wait for each other and
-- neither loses the other's count.
create function app.count_list_rows() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  counted text := tg_argv[0];
begin
  if tg_op = 'INSERT' then
    insert into app.list_totals (list, municipality_id, total)
    select counted, r.municipality_id, count(*) from new_rows r group by r.municipality_id
    on conflict (list, municipality_id) do update set total = app.list_totals.total + excluded.total;
  elsif tg_op = 'DELETE' then
    update app.list_totals t set total = t.total - d.n
    from (select r.municipality_id, count(*) as n from old_rows r group by r.municipality_id) d
    where t.list = counted and t.municipality_id = d.municipality_id;
  else
    update app.list_totals t set total = t.total - 1 where t.list = counted and t.municipality_id = old.municipality_id;
    insert into app.list_totals (list, municipality_id, total) values (counted, new.municipality_id, 1)
    on conflict (list, municipality_id) do update set total = app.list_totals.total + 1;
  end if;
  return null;
end
$$;

------------------------------------------------------------------------------------------
-- R14: a session ends when its owner signs out, after a time without activity and after a
-- maximum length, and a copied access token stops working at once, not when it expires.
--
-- Supabase Auth (GoTrue) keeps auth.sessions and puts the row's id in every access token as
-- `session_id`; signing out deletes the row, and [auth.sessions] in config.toml makes it
-- refuse to refresh a session that is too old or idle. PostgREST calls the function named by
-- `pgrst.db_pre_request` first in every request's transaction, as the request's role; this
-- one refuses a token whose session is gone or past those limits with SQLSTATE PT401, which
-- PostgREST answers as HTTP 401. Storage does not call it, so a restrictive policy on
-- storage.objects asks the same question.
------------------------------------------------------------------------------------------

-- The limits as GoTrue applies them ([auth.sessions] in supabase/config.toml; a test checks
-- that the two agree). Zero means no limit, as in GoTrue.
create table app.session_limits (
  only_row boolean primary key default true check (only_row),
  timebox interval not null check (timebox >= interval '0'),
  inactivity_timeout interval not null check (inactivity_timeout >= interval '0')
);
insert into app.session_limits (timebox, inactivity_timeout) values (interval '12 hours', interval '30 minutes');

-- Why the request's session no longer counts ('signed_out', 'timebox', 'inactivity'), or
-- null when it does or the token has no session (the anon and service keys). Idle time is
-- counted from the last refresh, as GoTrue's Session.LastRefreshedAt counts it; refreshed_at
-- is a timestamp in UTC. Definer: auth.sessions is Auth's, closed to the API roles.
create function app.session_problem() returns text
language plpgsql stable security definer
set search_path = ''
as $$
declare
  session_id uuid := nullif(nullif(auth.jwt() ->> 'session_id', ''), '00000000-0000-0000-0000-000000000000')::uuid;
  session record;
  limits record;
begin
  if session_id is null then
    return null;
  end if;
  select s.created_at, s.not_after, coalesce(s.refreshed_at at time zone 'utc', s.created_at) as refreshed_at
    into session from auth.sessions s where s.id = session_id;
  if not found then
    return 'signed_out';
  end if;
  select l.timebox, l.inactivity_timeout into limits from app.session_limits l;
  if session.not_after is not null and now() > session.not_after
     or limits.timebox > interval '0' and now() > session.created_at + limits.timebox then
    return 'timebox';
  end if;
  if limits.inactivity_timeout > interval '0' and now() > session.refreshed_at + limits.inactivity_timeout then
    return 'inactivity';
  end if;
  return null;
end
$$;

create function app.check_session() returns void
language plpgsql stable security definer
set search_path = ''
as $$
declare
  problem text := app.session_problem();
begin
  if problem is not null then
    raise sqlstate 'PT401' using
      message = case problem when 'signed_out' then 'Session from session_id claim in JWT does not exist'
                             else 'Session has expired' end,
      detail = problem;
  end if;
end
$$;

grant execute on function app.session_problem(), app.check_session() to anon, authenticated, service_role;

-- PostgREST reads its in-database settings from the authenticator role (db-config) and
-- reloads them on this notification; the local stack reads the same setting.
alter role authenticator set pgrst.db_pre_request = 'app.check_session';
notify pgrst, 'reload config';

-- Restrictive: ANDed with every permissive policy on the bucket objects. In a sub-select so
-- that it runs once per statement, not once per row.
create policy "Only a live session reaches files" on storage.objects as restrictive to authenticated
  using ((select app.session_problem()) is null)
  with check ((select app.session_problem()) is null);

------------------------------------------------------------------------------------------
-- Rate limits shared by every app server (docs/decisions/015-many-app-servers.md)
------------------------------------------------------------------------------------------
-- A fixed window per limit and key: the app names the limit ("bucket"), hashes the key (an
-- e-mail address, a client address) so that neither is stored, and counts each attempt here,
-- in one statement that holds the window's row lock, so that two servers counting the same
-- key at the same moment both count.

create table app.rate_limit_windows (
  bucket text not null check (bucket ~ '^[a-z][a-z_]{0,63}$'),
  -- SHA-256 of the key, in hex.
  subject text not null check (subject ~ '^[0-9a-f]{64}$'),
  attempts integer not null check (attempts >= 0),
  started_at timestamptz not null,
  ends_at timestamptz not null,
  primary key (bucket, subject)
);
create index rate_limit_windows_ends_at on app.rate_limit_windows (ends_at);

-- Nobody reads or writes the windows but api.count_attempts, as their owner: RLS on and no
-- policies, and no grants to the API roles.
revoke all on app.rate_limit_windows from anon, authenticated, service_role;

------------------------------------------------------------------------------------------
-- api.count_attempts: one attempt counted against each of its limits, or given back.
--
-- `attempts` is a list of {bucket, subject, limit, window_seconds}. Returns how many
-- seconds to wait before trying again: 0 when every limit still has room. An attempt that
-- is refused is counted too (it is an attempt). With `give_back`, one attempt is taken off
-- each window still open (a correct password, so that only failures add up) and 0 returned.
--
-- Security definer, because the windows have no grants; only the service role (the app's
-- server, never a browser) may call it, and the function checks that itself too.
------------------------------------------------------------------------------------------
create function api.count_attempts(attempts jsonb, give_back boolean default false)
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  attempt jsonb;
  counted app.rate_limit_windows;
  wait integer := 0;
begin
  if coalesce(auth.role(), '') <> 'service_role' then
    raise exception 'only the app server counts attempts' using errcode = '42501';
  end if;
  if jsonb_typeof(attempts) is distinct from 'array' then
    raise exception 'attempts must be a list' using errcode = '22023';
  end if;

  -- In one order, so that two calls over the same windows never wait for each other's locks.
  for attempt in
    select value from jsonb_array_elements(attempts) order by value ->> 'bucket', value ->> 'subject'
  loop
    if jsonb_typeof(attempt -> 'limit') is distinct from 'number'
       or jsonb_typeof(attempt -> 'window_seconds') is distinct from 'number'
       or (attempt ->> 'limit')::numeric not between 1 and 100000
       or (attempt ->> 'window_seconds')::numeric not between 1 and 604800 then
      raise exception 'an attempt needs a limit (1–100000) and a window (1 s – 7 days)' using errcode = '22023';
    end if;

    if give_back then
      update app.rate_limit_windows w set attempts = greatest(w.attempts - 1, 0)
       where w.bucket = attempt ->> 'bucket' and w.subject = attempt ->> 'subject' and w.ends_at > now();
      continue;
    end if;

    insert into app.rate_limit_windows as w (bucket, subject, attempts, started_at, ends_at)
    values (attempt ->> 'bucket', attempt ->> 'subject', 1, now(),
            now() + make_interval(secs => (attempt ->> 'window_seconds')::integer))
    on conflict (bucket, subject) do update
      set attempts   = case when w.ends_at <= now() then 1 else w.attempts + 1 end,
          started_at = case when w.ends_at <= now() then excluded.started_at else w.started_at end,
          ends_at    = case when w.ends_at <= now() then excluded.ends_at else w.ends_at end
    returning * into counted;

    if counted.attempts > (attempt ->> 'limit')::integer then
      wait := greatest(wait, 1, ceil(extract(epoch from counted.ends_at - now()))::integer);
    end if;
  end loop;
  return wait;
end
$$;
revoke execute on function api.count_attempts(jsonb, boolean) from public, anon, authenticated;
grant execute on function api.count_attempts(jsonb, boolean) to service_role;
