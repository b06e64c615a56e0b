-- The baseline: the schema as it stood when the history was re-cut, written by
-- `npm run db:baseline` from supabase/schemas/*.sql. Read and change those files, not this one.

-- supabase/schemas/00_tenancy.sql

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

-- supabase/schemas/10_organisations.sql

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

-- supabase/schemas/20_agreements.sql

-- Cooperation agreements (samarbeidsavtaler): versioned templates, agreements rendered from
-- them, signatures by both parties (R6), named facilitators with their confidentiality
-- declaration and police-certificate check (R7, R7a), and the lifecycle job.
--
-- Rules: R6 (signed text never changes; both signatures make an agreement active), R7 (a
-- facilitator accepts and signs the confidentiality declaration), R7a (only that a police
-- certificate was shown is kept) and R11 (amounts in the text as kroner).
--
-- Read after 10_organisations.sql, whose organisations and activities agreements cover;
-- placements and claims (30, 40) require an active agreement. Within this file: types,
-- tables, protective triggers, helpers, policies, storage, the API by use case, the
-- lifecycle job, and the agreement page's definer helpers. The API functions are security
-- invoker, so the policies decide, unless their comment says otherwise.

------------------------------------------------------------------------------------------
-- Types
------------------------------------------------------------------------------------------
-- `replaced`: a newer version took its place, before anyone signed it or when the newer one
-- became active. Unlike `terminated`, no one ended the cooperation.
create type app.agreement_status as enum (
  'draft', 'awaiting_organisation', 'awaiting_municipality', 'active', 'expired', 'terminated', 'replaced');

create type app.agreement_party as enum ('organisation', 'municipality');

------------------------------------------------------------------------------------------
-- Tables: each followed by its grants (RLS decides which rows)
------------------------------------------------------------------------------------------

-- Each save is a new version; agreements point at the version they were made from.
create table app.agreement_templates (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  version int not null check (version > 0),
  body text not null check (length(trim(body)) > 0 and length(body) <= 50000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (municipality_id, version)
);
grant select on app.agreement_templates to authenticated;
grant insert on app.agreement_templates to authenticated;

create table app.agreements (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references app.municipalities (id),
  organisation_id uuid not null references app.organisations (id),
  template_id uuid not null references app.agreement_templates (id),
  -- A new version of changed terms points at the agreement it replaces.
  replaces_id uuid references app.agreements (id),
  status app.agreement_status not null default 'draft',
  valid_from date not null,
  valid_to date not null,
  covered_fees text not null default '' check (length(covered_fees) <= 500),
  equipment_cap_ore bigint not null default 0 check (equipment_cap_ore >= 0),
  compensation_ore bigint not null default 0 check (compensation_ore >= 0),
  municipality_contact text not null default '' check (length(municipality_contact) <= 200),
  organisation_contact text not null default '' check (length(organisation_contact) <= 200),
  -- Frozen when sent: what both parties read and sign (R6).
  rendered_text text,
  text_hash text,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  activated_at timestamptz,
  ended_at timestamptz,
  termination_reason text check (length(termination_reason) <= 2000),
  terminated_by uuid references auth.users (id) on delete set null,
  constraint period_in_order check (valid_to > valid_from),
  constraint sent_agreements_are_frozen check (status = 'draft' or (rendered_text is not null and text_hash is not null)),
  constraint termination_has_a_reason check (status <> 'terminated' or length(trim(termination_reason)) > 0)
);
grant select on app.agreements to authenticated;
grant insert on app.agreements to authenticated;
grant update on app.agreements to authenticated;

create index agreements_municipality_idx on app.agreements (municipality_id, status);

create index agreements_organisation_idx on app.agreements (organisation_id, status);

create table app.agreement_signatures (
  agreement_id uuid not null references app.agreements (id) on delete cascade,
  party app.agreement_party not null,
  signer_id uuid not null references auth.users (id),
  signer_name text not null check (length(trim(signer_name)) >= 2 and length(signer_name) <= 200),
  signer_role text not null check (length(trim(signer_role)) >= 2 and length(signer_role) <= 200),
  signed_at timestamptz not null default now(),
  text_hash text not null,
  primary key (agreement_id, party)
);
grant select on app.agreement_signatures to authenticated;
grant insert on app.agreement_signatures to authenticated;

-- Whether the organisation's signer holds signing authority in Enhetsregisteret's roles (daglig
-- leder, styreleder, signatur, prokura), checked by the server when the organisation signs. A
-- help to the caseworker before they countersign, never a block: `unavailable` when the
-- register could not be asked.
create table app.signer_checks (
  agreement_id uuid primary key references app.agreements (id) on delete cascade,
  signer_name text not null,
  checked_at timestamptz not null default now(),
  outcome text not null check (outcome in ('match', 'no_match', 'unavailable')),
  -- The role code (DAGL, LEDE, SIGN, PROK …) of the person the name matched.
  matched_role text,
  -- The people with signing authority: [{name, role}].
  role_holders jsonb not null default '[]'
);
grant select on app.signer_checks to authenticated;

-- The activities the agreement covers.
create table app.agreement_activities (
  agreement_id uuid not null references app.agreements (id) on delete cascade,
  activity_id uuid not null references app.activities (id),
  primary key (agreement_id, activity_id)
);
grant select on app.agreement_activities to authenticated;
grant insert, delete on app.agreement_activities to authenticated;

create index agreement_activities_activity_idx on app.agreement_activities (activity_id);

-- The facilitators (tilretteleggere) named for a covered activity (R7, R7a). An activity may
-- have several; each accepted one logs all its placements (docs/decisions/013-facilitators.md).
-- A naming counts from its acceptance until it ends: replaced in a handover, ended by the
-- organisation, or its person no longer a facilitator member. Ended namings stay, as the
-- history of who had each placement, from when to when; R7's 30 days after a handover
-- are read from it.
create table app.facilitator_namings (
  id uuid primary key default gen_random_uuid(),
  agreement_id uuid not null,
  activity_id uuid not null,
  facilitator_id uuid not null references auth.users (id),
  -- Joins the activity's facilitators on acceptance; otherwise takes over from them.
  alongside boolean not null default false,
  named_at timestamptz not null default now(),
  named_by uuid references auth.users (id) on delete set null,
  -- The named person's acceptance and signed confidentiality declaration (R7).
  accepted_at timestamptz,
  declaration_name text check (length(declaration_name) <= 200),
  declaration_hash text,
  -- R7a: only that a police certificate was shown, to whom and when; never the certificate.
  police_certificate_seen_on date,
  police_certificate_seen_by uuid references auth.users (id),
  ended_at timestamptz,
  foreign key (agreement_id, activity_id) references app.agreement_activities (agreement_id, activity_id) on delete cascade,
  constraint acceptance_is_signed check (accepted_at is null or (declaration_name is not null and declaration_hash is not null)),
  constraint ends_after_naming check (ended_at is null or ended_at >= named_at)
);
grant select on app.facilitator_namings to authenticated;

-- A person is named once at a time for an activity under an agreement.
create unique index facilitator_namings_current_idx on app.facilitator_namings (agreement_id, activity_id, facilitator_id)
  where ended_at is null;

-- A facilitator's own namings: where R7's checks start.
create index facilitator_namings_facilitator_idx on app.facilitator_namings (facilitator_id, agreement_id, activity_id);

-- Which reminders the lifecycle job has sent, so it can run any number of times a day.
create table app.agreement_reminders (
  agreement_id uuid not null references app.agreements (id) on delete cascade,
  days_before int not null,
  sent_at timestamptz not null default now(),
  primary key (agreement_id, days_before)
);

------------------------------------------------------------------------------------------
-- Protective triggers
------------------------------------------------------------------------------------------
create function app.refuse_template_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform app.refuse('template_versions_are_immutable');
  return null;
end
$$;

create trigger agreement_templates_immutable before update or delete on app.agreement_templates
  for each row execute function app.refuse_template_change();

-- R6: once anyone has signed, the text and terms are fixed; a change needs a new version.
create function app.freeze_signed_agreement() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if exists (select 1 from app.agreement_signatures where agreement_id = old.id)
     and (new.rendered_text is distinct from old.rendered_text or new.text_hash is distinct from old.text_hash
          or new.valid_from <> old.valid_from or new.valid_to <> old.valid_to
          or new.covered_fees <> old.covered_fees or new.equipment_cap_ore <> old.equipment_cap_ore
          or new.compensation_ore <> old.compensation_ore or new.template_id <> old.template_id
          or new.organisation_id <> old.organisation_id or new.municipality_id <> old.municipality_id) then
    perform app.refuse('agreement_signed_text_is_fixed');
  end if;
  -- R6: active only with both signatures.
  if new.status = 'active' and old.status <> 'active'
     and (select count(*) from app.agreement_signatures where agreement_id = new.id) < 2 then
    perform app.refuse('agreement_needs_both_signatures');
  end if;
  return new;
end
$$;

create trigger agreements_freeze_signed before update on app.agreements
  for each row execute function app.freeze_signed_agreement();

-- A signature is of the exact frozen text, in the order the parties sign.
create function app.check_signature() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  agreement app.agreements;
begin
  select * into agreement from app.agreements where id = new.agreement_id for update;
  if new.text_hash is distinct from agreement.text_hash then
    perform app.refuse('agreement_text_changed');
  end if;
  if (new.party = 'organisation' and agreement.status <> 'awaiting_organisation')
     or (new.party = 'municipality' and agreement.status <> 'awaiting_municipality') then
    perform app.refuse('agreement_not_awaiting_signature');
  end if;
  return new;
end
$$;

create trigger agreement_signatures_check before insert on app.agreement_signatures
  for each row execute function app.check_signature();

create function app.refuse_signature_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform app.refuse('signatures_are_immutable');
  return null;
end
$$;

create trigger agreement_signatures_immutable before update or delete on app.agreement_signatures
  for each row execute function app.refuse_signature_change();

create trigger agreement_templates_audit after insert on app.agreement_templates
  for each row execute function app.record_audit_event();

create trigger agreements_audit after insert or update or delete on app.agreements
  for each row execute function app.record_audit_event();

create trigger agreement_signatures_audit after insert on app.agreement_signatures
  for each row execute function app.record_audit_event();

create trigger agreement_activities_audit after insert or update or delete on app.agreement_activities
  for each row execute function app.record_audit_event();

create trigger facilitator_namings_audit after insert or update or delete on app.facilitator_namings
  for each row execute function app.record_audit_event();

------------------------------------------------------------------------------------------
-- Helpers
------------------------------------------------------------------------------------------

-- Who may see an agreement: its municipality's staff and its organisation's admins.
create function app.can_read_agreement(agreement uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from app.agreements a
    where a.id = agreement
      and (app.is_staff(a.municipality_id) or app.is_member(a.organisation_id, 'admin'))
  )
$$;
grant execute on function app.can_read_agreement(uuid) to authenticated, service_role;

-- The policies of agreements and of the rows that hang on them ask these definer helpers,
-- so that no policy reads a table whose policy reads it back.
create function app.is_agreement_staff(agreement uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.agreements a where a.id = agreement and app.is_staff(a.municipality_id))
$$;
grant execute on function app.is_agreement_staff(uuid) to authenticated, service_role;

create function app.is_agreement_organisation_admin(agreement uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.agreements a where a.id = agreement and app.is_member(a.organisation_id, 'admin'))
$$;
grant execute on function app.is_agreement_organisation_admin(uuid) to authenticated, service_role;

-- The agreements that name the caller as a facilitator, while they are a facilitator member
-- of the agreement's organisation (R7).
create function app.my_named_agreements() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select n.agreement_id from app.facilitator_namings n
  join app.agreements a on a.id = n.agreement_id
  join app.memberships m on m.organisation_id = a.organisation_id and m.user_id = n.facilitator_id and m.role = 'facilitator'
  where n.facilitator_id = (select auth.uid()) and n.ended_at is null
$$;
grant execute on function app.my_named_agreements() to authenticated, service_role;

-- The confidentiality declaration a facilitator signs; its hash is stored with the signature.
-- One paragraph per line (a blank line between them), so that it wraps to any screen.
create function app.confidentiality_declaration() returns text
language sql immutable
set search_path = ''
as $$
  select 'Taushetserklæring for tilretteleggere

Som tilrettelegger får jeg vite opplysninger om deltakere som kommunen har plassert i aktiviteten. '
    || 'Jeg forplikter meg til å bevare taushet om det jeg får vite om deltakernes personlige forhold, og til '
    || 'ikke å bruke opplysningene til annet enn å legge til rette for deltakelsen. Taushetsplikten gjelder '
    || 'også etter at rollen er avsluttet. Jeg lagrer ikke opplysninger om deltakere utenfor Sammen.'
$$;
grant execute on function app.confidentiality_declaration() to authenticated, service_role;

-- R11: kr 1 250,00 (Norwegian grouping with a no-break space, decimal comma).
create function app.format_kroner(ore bigint) returns text
language sql immutable strict
set search_path = ''
as $$
  select 'kr ' || replace(replace(replace(to_char(ore / 100.0, 'FM999G999G999G990D00'), ',', ' '), '.', ','), ' ', ' ')
$$;
grant execute on function app.format_kroner(bigint) to authenticated, service_role;

-- Fills the template's placeholders with the agreement's parties and terms.
create function app.render_agreement(agreement app.agreements) returns text
language sql stable
set search_path = ''
as $$
  select replace(replace(replace(replace(replace(replace(replace(replace(t.body,
    '{{organisasjon}}', o.name || ' (org.nr. ' || o.organisation_number || ')'),
    '{{kommune}}', m.name || ' kommune'),
    '{{periode}}', to_char(agreement.valid_from, 'DD.MM.YYYY') || '–' || to_char(agreement.valid_to, 'DD.MM.YYYY')),
    '{{kontingent}}', coalesce(nullif(agreement.covered_fees, ''), 'Ingen')),
    '{{utstyrstak}}', app.format_kroner(agreement.equipment_cap_ore)),
    '{{godtgjorelse}}', app.format_kroner(agreement.compensation_ore)),
    '{{kontakt_kommune}}', coalesce(nullif(agreement.municipality_contact, ''), '–')),
    '{{kontakt_organisasjon}}', coalesce(nullif(agreement.organisation_contact, ''), '–'))
  from app.agreement_templates t, app.organisations o, app.municipalities m
  where t.id = agreement.template_id and o.id = agreement.organisation_id and m.id = agreement.municipality_id
$$;
grant execute on function app.render_agreement(app.agreements) to authenticated, service_role;

create function app.mail_staff(municipality uuid, wanted app.staff_role, template text, payload jsonb) returns void
language sql security definer
set search_path = ''
as $$
  insert into app.outbox (recipient, template, payload)
  select p.email, template, payload
  from app.staff s join app.profiles p on p.user_id = s.user_id
  where s.municipality_id = municipality and s.role = wanted
$$;
grant execute on function app.mail_staff(uuid, app.staff_role, text, jsonb) to authenticated, service_role;

-- Drops the requests to sign or countersign an agreement that the mailer has not sent yet.
-- Definer: no app role reads the outbox; only the agreement's municipality's staff may do this.
create function app.withdraw_signing_mail(agreement uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  if not app.is_agreement_staff(agreement) then
    perform app.forbid();
  end if;
  delete from app.outbox o
   where o.sent_at is null and o.template in ('agreement_to_sign', 'agreement_to_countersign')
     and o.payload ->> 'agreement_id' = agreement::text;
end
$$;
grant execute on function app.withdraw_signing_mail(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- Policies
------------------------------------------------------------------------------------------
create policy "Staff read their municipality's templates" on app.agreement_templates
  for select to authenticated using (app.is_staff(municipality_id));

-- The agreement page names the template version an agreement was made from, to both parties.
create policy "Organisation admins read the template versions of their sent agreements" on app.agreement_templates
  for select to authenticated using (
    id in (select a.template_id from app.agreements a
            where a.status <> 'draft' and a.organisation_id in (select app.my_organisations('admin'))));

create policy "Municipality admins add template versions" on app.agreement_templates
  for insert to authenticated with check (app.is_staff(municipality_id, 'admin'));

create policy "Staff read their municipality's agreements" on app.agreements
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Organisation admins read their agreements once sent" on app.agreements
  for select to authenticated using (status <> 'draft' and organisation_id in (select app.my_organisations('admin')));

create policy "Facilitators read the agreements that name them" on app.agreements
  for select to authenticated using (id in (select app.my_named_agreements()));

create policy "Caseworkers create agreements with verified partners" on app.agreements
  for insert to authenticated with check (
    municipality_id in (select app.my_municipalities())
    and exists (select 1 from app.partnerships p where p.organisation_id = agreements.organisation_id
                  and p.municipality_id = agreements.municipality_id and p.status = 'verified'));

create policy "Staff update their municipality's agreements" on app.agreements
  for update to authenticated using (municipality_id in (select app.my_municipalities()))
  with check (municipality_id in (select app.my_municipalities()));

create policy "Organisation admins update their sent agreements" on app.agreements
  for update to authenticated using (status <> 'draft' and organisation_id in (select app.my_organisations('admin')))
  with check (organisation_id in (select app.my_organisations('admin')));

create policy "Signatures are read with their agreement" on app.agreement_signatures
  for select to authenticated using (agreement_id in (select a.id from app.agreements a));

create policy "Organisation admins sign for their organisation" on app.agreement_signatures
  for insert to authenticated with check (
    party = 'organisation' and signer_id = (select auth.uid()) and app.is_agreement_organisation_admin(agreement_id));

create policy "Staff sign for their municipality" on app.agreement_signatures
  for insert to authenticated with check (
    party = 'municipality' and signer_id = (select auth.uid()) and app.is_agreement_staff(agreement_id));

create policy "Staff read the signer check of their municipality's agreements" on app.signer_checks
  for select to authenticated using (app.is_agreement_staff(agreement_id));

create policy "Covered activities are read with their agreement" on app.agreement_activities
  for select to authenticated using (agreement_id in (select a.id from app.agreements a));

create policy "Staff choose the activities an agreement covers" on app.agreement_activities
  for all to authenticated
  using (app.is_agreement_staff(agreement_id)) with check (app.is_agreement_staff(agreement_id));

-- Namings are written only by the definer functions of the facilitator use cases below.
create policy "Named facilitators are read with their agreement" on app.facilitator_namings
  for select to authenticated using (agreement_id in (select a.id from app.agreements a) or facilitator_id = (select auth.uid()));

------------------------------------------------------------------------------------------
-- Storage: signed agreement PDFs, `<agreement id>.pdf` in the private bucket `agreements`.
------------------------------------------------------------------------------------------
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('agreements', 'agreements', false, 5242880, array['application/pdf'])
on conflict (id) do nothing;

create function app.agreement_of_object(name text) returns uuid
language sql immutable
set search_path = ''
as $$
  select case when name ~ '^[0-9a-f-]{36}\.pdf$' then substr(name, 1, 36)::uuid end
$$;
grant execute on function app.agreement_of_object(text) to authenticated, service_role;

create policy "Agreement PDFs are read by the agreement's parties" on storage.objects
  for select to authenticated
  using (bucket_id = 'agreements' and app.can_read_agreement(app.agreement_of_object(name)));

create policy "Agreement PDFs of active agreements are stored by the parties" on storage.objects
  for insert to authenticated
  with check (bucket_id = 'agreements' and app.can_read_agreement(app.agreement_of_object(name))
              and exists (select 1 from app.agreements a where a.id = app.agreement_of_object(name)
                            and a.status in ('active', 'expired', 'terminated', 'replaced')
                            and exists (select 1 from app.agreement_signatures s where s.agreement_id = a.id
                                          and s.party = 'municipality')));

------------------------------------------------------------------------------------------
-- Template (municipality admin)
------------------------------------------------------------------------------------------
create function api.agreement_template(municipality_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id, 'admin');
  return jsonb_build_object(
    'municipality', app.municipality_ref(agreement_template.municipality_id),
    'placeholders', jsonb_build_array('{{organisasjon}}', '{{kommune}}', '{{periode}}', '{{kontingent}}',
                                      '{{utstyrstak}}', '{{godtgjorelse}}', '{{kontakt_kommune}}',
                                      '{{kontakt_organisasjon}}'),
    'versions', (select coalesce(jsonb_agg(jsonb_build_object(
                   'id', t.id, 'version', t.version, 'body', t.body, 'created_at', t.created_at,
                   'created_by', (select display_name from app.profiles where user_id = t.created_by),
                   'agreement_count', (select count(*) from app.agreements a where a.template_id = t.id))
                   order by t.version desc), '[]')
                 from app.agreement_templates t where t.municipality_id = agreement_template.municipality_id));
end
$$;
grant execute on function api.agreement_template(uuid) to authenticated;

-- A new version; agreements already made keep the version they were made from.
create function api.save_agreement_template(municipality_id uuid, body text) returns int
language plpgsql
set search_path = ''
as $$
declare
  next_version int;
begin
  perform app.require_staff(municipality_id, 'admin');
  if coalesce(trim(body), '') = '' then
    perform app.refuse('template_body_required', 'body');
  end if;
  -- Serialises concurrent saves, which would otherwise pick the same version number.
  perform pg_advisory_xact_lock(hashtext('agreement_template:' || municipality_id::text));
  select coalesce(max(version), 0) + 1 into next_version
    from app.agreement_templates t where t.municipality_id = save_agreement_template.municipality_id;
  insert into app.agreement_templates (municipality_id, version, body, created_by)
  values (municipality_id, next_version, body, (select auth.uid()));
  return next_version;
end
$$;
grant execute on function api.save_agreement_template(uuid, text) to authenticated;

------------------------------------------------------------------------------------------
-- Drafting and sending (caseworker)
------------------------------------------------------------------------------------------
create function app.check_agreement_terms(valid_from date, valid_to date, equipment_cap_ore bigint,
                                          compensation_ore bigint) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  perform app.check_period(valid_from, valid_to, 'valid_from', 'valid_to', false);
  if coalesce(equipment_cap_ore, 0) < 0 then
    perform app.refuse('amount_invalid', 'equipment_cap');
  end if;
  if coalesce(compensation_ore, 0) < 0 then
    perform app.refuse('amount_invalid', 'compensation');
  end if;
end
$$;
grant execute on function app.check_agreement_terms(date, date, bigint, bigint) to authenticated;

create function api.agreement_form(municipality_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id);
  return jsonb_build_object(
    'municipality', app.municipality_ref(agreement_form.municipality_id),
    'has_template', exists (select 1 from app.agreement_templates t where t.municipality_id = agreement_form.municipality_id),
    'organisations', (select coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'name', o.name) order by o.name), '[]')
                       from app.partnerships p join app.organisations o on o.id = p.organisation_id
                       where p.municipality_id = agreement_form.municipality_id and p.status = 'verified'));
end
$$;
grant execute on function api.agreement_form(uuid) to authenticated;

create function api.create_agreement(
  municipality_id uuid,
  organisation_id uuid,
  valid_from date,
  valid_to date,
  covered_fees text default '',
  equipment_cap_ore bigint default 0,
  compensation_ore bigint default 0,
  municipality_contact text default '',
  organisation_contact text default ''
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  template uuid;
  created uuid;
begin
  perform app.require_staff(municipality_id);
  if not exists (select 1 from app.partnerships p where p.municipality_id = create_agreement.municipality_id
                   and p.organisation_id = create_agreement.organisation_id and p.status = 'verified') then
    perform app.refuse('organisation_not_verified', 'organisation_id');
  end if;
  perform app.check_agreement_terms(valid_from, valid_to, equipment_cap_ore, compensation_ore);
  select t.id into template from app.agreement_templates t
   where t.municipality_id = create_agreement.municipality_id order by t.version desc limit 1;
  if template is null then
    perform app.refuse('template_missing');
  end if;
  insert into app.agreements (municipality_id, organisation_id, template_id, valid_from, valid_to, covered_fees,
                              equipment_cap_ore, compensation_ore, municipality_contact, organisation_contact, created_by)
  values (municipality_id, organisation_id, template, valid_from, valid_to, coalesce(trim(covered_fees), ''),
          coalesce(equipment_cap_ore, 0), coalesce(compensation_ore, 0), coalesce(trim(municipality_contact), ''),
          coalesce(trim(organisation_contact), ''), (select auth.uid()))
  returning id into created;
  return created;
end
$$;
grant execute on function api.create_agreement(uuid, uuid, date, date, text, bigint, bigint, text, text) to authenticated;

-- The draft the caller (staff of its municipality) is changing, locked for the change.
create function app.lock_draft_agreement(agreement uuid) returns app.agreements
language plpgsql
set search_path = ''
as $$
declare
  locked app.agreements;
begin
  select * into locked from app.agreements a where a.id = agreement for update;
  if not found or not app.is_staff(locked.municipality_id) then
    perform app.not_found();
  end if;
  if locked.status <> 'draft' then
    perform app.refuse('agreement_not_draft');
  end if;
  return locked;
end
$$;
grant execute on function app.lock_draft_agreement(uuid) to authenticated;

-- Changes the terms of a draft; a sent agreement needs a new version (api.revise_agreement).
create function api.update_agreement(
  agreement_id uuid,
  valid_from date,
  valid_to date,
  covered_fees text default '',
  equipment_cap_ore bigint default 0,
  compensation_ore bigint default 0,
  municipality_contact text default '',
  organisation_contact text default ''
) returns void
language plpgsql
set search_path = ''
as $$
declare
  agreement app.agreements;
begin
  agreement := app.lock_draft_agreement(update_agreement.agreement_id);
  perform app.check_agreement_terms(valid_from, valid_to, equipment_cap_ore, compensation_ore);
  update app.agreements a
     set valid_from = update_agreement.valid_from, valid_to = update_agreement.valid_to,
         covered_fees = coalesce(trim(update_agreement.covered_fees), ''),
         equipment_cap_ore = coalesce(update_agreement.equipment_cap_ore, 0),
         compensation_ore = coalesce(update_agreement.compensation_ore, 0),
         municipality_contact = coalesce(trim(update_agreement.municipality_contact), ''),
         organisation_contact = coalesce(trim(update_agreement.organisation_contact), '')
   where a.id = update_agreement.agreement_id;
end
$$;
grant execute on function api.update_agreement(uuid, date, date, text, bigint, bigint, text, text) to authenticated;

-- Chooses the organisation's activities the agreement covers (while it is a draft).
create function api.set_agreement_activities(agreement_id uuid, activity_ids uuid[]) returns void
language plpgsql
set search_path = ''
as $$
declare
  agreement app.agreements;
begin
  agreement := app.lock_draft_agreement(set_agreement_activities.agreement_id);
  if exists (select 1 from unnest(activity_ids) i
              where not exists (select 1 from app.activities a where a.id = i and a.organisation_id = agreement.organisation_id)) then
    perform app.refuse('activity_not_of_organisation', 'activity_ids');
  end if;
  delete from app.agreement_activities aa
   where aa.agreement_id = set_agreement_activities.agreement_id and aa.activity_id <> all (activity_ids);
  insert into app.agreement_activities (agreement_id, activity_id)
  select set_agreement_activities.agreement_id, i from unnest(activity_ids) i
  on conflict do nothing;
end
$$;
grant execute on function api.set_agreement_activities(uuid, uuid[]) to authenticated;

-- Freezes the rendered text (R6) and asks the organisation to sign.
create function api.send_agreement(agreement_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  agreement app.agreements;
  text_body text;
begin
  agreement := app.lock_draft_agreement(send_agreement.agreement_id);
  -- R6: what is signed names the activities it covers; an agreement of none covers nothing.
  if not exists (select 1 from app.agreement_activities aa where aa.agreement_id = agreement.id) then
    perform app.refuse('agreement_needs_activities', 'activity_ids');
  end if;
  text_body := app.render_agreement(agreement);
  update app.agreements a
     set rendered_text = text_body, text_hash = encode(extensions.digest(text_body, 'sha256'), 'hex'),
         status = 'awaiting_organisation', sent_at = now()
   where a.id = send_agreement.agreement_id;
  perform app.mail_organisation_admins(agreement.organisation_id, 'agreement_to_sign', jsonb_build_object(
    'agreement_id', agreement.id,
    'municipality', (select name from app.municipalities where id = agreement.municipality_id),
    -- The club was sent the version this one replaces and is told it need not sign that one.
    'replaces_unsigned', exists (select 1 from app.agreements r where r.id = agreement.replaces_id
                                   and r.status = 'replaced' and r.activated_at is null)));
end
$$;
grant execute on function api.send_agreement(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- Signing (R6)
------------------------------------------------------------------------------------------

-- The organisation admin signs first, then a caseworker countersigns and the agreement
-- becomes active. `text_hash` is the hash of the text the signer was shown: if the text
-- changed in between, the signature is refused.
create function api.sign_agreement(agreement_id uuid, full_name text, signer_role text, confirmed boolean,
                                   text_hash text) returns app.agreement_status
language plpgsql
set search_path = ''
as $$
declare
  agreement app.agreements;
  signing_party app.agreement_party;
  next_status app.agreement_status;
begin
  select * into agreement from app.agreements a where a.id = sign_agreement.agreement_id for update;
  perform app.require_visible(found);
  if agreement.status = 'awaiting_organisation' and app.is_member(agreement.organisation_id, 'admin') then
    signing_party := 'organisation';
    next_status := 'awaiting_municipality';
  elsif agreement.status = 'awaiting_municipality' and app.is_staff(agreement.municipality_id) then
    signing_party := 'municipality';
    next_status := 'active';
  elsif app.can_read_agreement(agreement.id) then
    perform app.refuse('agreement_not_awaiting_signature');
  else
    perform app.not_found();
  end if;
  if coalesce(length(trim(full_name)), 0) < 2 then
    perform app.refuse('full_name_required', 'full_name');
  end if;
  if coalesce(length(trim(signer_role)), 0) < 2 then
    perform app.refuse('signer_role_required', 'signer_role');
  end if;
  if confirmed is not true then
    perform app.refuse('confirmation_required', 'confirmed');
  end if;
  insert into app.agreement_signatures (agreement_id, party, signer_id, signer_name, signer_role, text_hash)
  values (agreement.id, signing_party, (select auth.uid()), trim(full_name), trim(signer_role), sign_agreement.text_hash);
  update app.agreements a
     set status = next_status, activated_at = case when next_status = 'active' then now() end
   where a.id = agreement.id;
  if next_status = 'active' then
    -- The active version this one replaces ends when the new terms take over, also when it is
    -- further back: a version that replaced an unsigned one replaces what that one would have.
    -- Its planned and active placements go on under the new version, with the facilitators it
    -- names (R7).
    with replaced as (
      update app.agreements a set status = 'replaced', ended_at = now()
       where a.status = 'active' and a.id in (
         with recursive earlier (id) as (
           select agreement.replaces_id
           union
           select r.replaces_id from app.agreements r join earlier e on r.id = e.id where r.replaces_id is not null)
         select id from earlier)
      returning a.id)
    update app.placements p set agreement_id = agreement.id
     where p.agreement_id in (select id from replaced) and p.status <> 'ended'
       and exists (select 1 from app.agreement_activities aa
                    where aa.agreement_id = agreement.id and aa.activity_id = p.activity_id);
    perform app.mail_organisation_admins(agreement.organisation_id, 'agreement_active', jsonb_build_object(
      'agreement_id', agreement.id,
      'municipality', (select name from app.municipalities where id = agreement.municipality_id)));
  else
    perform app.mail_staff(agreement.municipality_id, 'caseworker', 'agreement_to_countersign', jsonb_build_object(
      'agreement_id', agreement.id,
      'organisation', (select name from app.organisations where id = agreement.organisation_id)));
  end if;
  return next_status;
end
$$;
grant execute on function api.sign_agreement(uuid, text, text, boolean, text) to authenticated;

-- The organisation's signer and number, for the server's check of signing authority (service role).
create function api.signer_to_check(agreement_id uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('organisation_number', o.organisation_number, 'signer_name', s.signer_name)
  from app.agreement_signatures s
  join app.agreements a on a.id = s.agreement_id
  join app.organisations o on o.id = a.organisation_id
  where s.agreement_id = signer_to_check.agreement_id and s.party = 'organisation'
$$;
grant execute on function api.signer_to_check(uuid) to service_role;

-- Stores the check of the organisation's signer against the register's roles (service role);
-- a later check of the same agreement replaces it.
create function api.record_signer_check(agreement_id uuid, outcome text, matched_role text default null,
                                        role_holders jsonb default '[]') returns void
language plpgsql
set search_path = ''
as $$
declare
  signer text := (select s.signer_name from app.agreement_signatures s
                   where s.agreement_id = record_signer_check.agreement_id and s.party = 'organisation');
begin
  if signer is null then
    perform app.not_found();
  end if;
  insert into app.signer_checks as c (agreement_id, signer_name, outcome, matched_role, role_holders)
  values (record_signer_check.agreement_id, signer, record_signer_check.outcome, record_signer_check.matched_role,
          coalesce(record_signer_check.role_holders, '[]'))
  on conflict on constraint signer_checks_pkey do update
    set signer_name = excluded.signer_name, checked_at = now(), outcome = excluded.outcome,
        matched_role = excluded.matched_role, role_holders = excluded.role_holders;
end
$$;
grant execute on function api.record_signer_check(uuid, text, text, jsonb) to service_role;

-- The facilitators stay named under a new version, with their acceptance and their history.
-- Definer, as every write of app.facilitator_namings; only for the agreement's staff.
create function app.copy_facilitator_namings(from_agreement uuid, to_agreement uuid) returns void
language sql security definer
set search_path = ''
as $$
  insert into app.facilitator_namings (agreement_id, activity_id, facilitator_id, alongside, named_at, named_by,
                                       accepted_at, declaration_name, declaration_hash, police_certificate_seen_on,
                                       police_certificate_seen_by, ended_at)
  select to_agreement, n.activity_id, n.facilitator_id, n.alongside, n.named_at, n.named_by, n.accepted_at,
         n.declaration_name, n.declaration_hash, n.police_certificate_seen_on, n.police_certificate_seen_by, n.ended_at
  from app.facilitator_namings n
  where n.agreement_id = from_agreement and app.is_agreement_staff(from_agreement)
$$;
grant execute on function app.copy_facilitator_namings(uuid, uuid) to authenticated;

-- New terms after someone signed: a new draft version with the same terms to edit and send.
create function api.revise_agreement(agreement_id uuid) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  agreement app.agreements;
  revised uuid;
begin
  select * into agreement from app.agreements a where a.id = revise_agreement.agreement_id;
  if not found or not app.is_staff(agreement.municipality_id) then
    perform app.not_found();
  end if;
  if agreement.status not in ('awaiting_organisation', 'awaiting_municipality', 'active') then
    perform app.refuse('agreement_cannot_be_revised');
  end if;
  insert into app.agreements (municipality_id, organisation_id, template_id, replaces_id, valid_from, valid_to,
                              covered_fees, equipment_cap_ore, compensation_ore, municipality_contact,
                              organisation_contact, created_by)
  select a.municipality_id, a.organisation_id,
         (select t.id from app.agreement_templates t where t.municipality_id = a.municipality_id
           order by t.version desc limit 1),
         a.id, a.valid_from, a.valid_to, a.covered_fees, a.equipment_cap_ore, a.compensation_ore,
         a.municipality_contact, a.organisation_contact, (select auth.uid())
  from app.agreements a where a.id = agreement.id
  returning id into revised;
  insert into app.agreement_activities (agreement_id, activity_id)
  select revised, activity_id from app.agreement_activities aa where aa.agreement_id = agreement.id;
  perform app.copy_facilitator_namings(agreement.id, revised);
  -- An unsigned or half-signed version is replaced at once, quietly: it was never in force, so
  -- no one is told it ended, and a request to sign it that has not gone out yet is dropped. An
  -- active version runs until the new one is active.
  if agreement.status <> 'active' then
    update app.agreements a set status = 'replaced', ended_at = now() where a.id = agreement.id;
    perform app.withdraw_signing_mail(agreement.id);
  end if;
  return revised;
end
$$;
grant execute on function api.revise_agreement(uuid) to authenticated;

create function api.terminate_agreement(agreement_id uuid, reason text) returns void
language plpgsql
set search_path = ''
as $$
declare
  agreement app.agreements;
begin
  select * into agreement from app.agreements a where a.id = terminate_agreement.agreement_id for update;
  perform app.require_visible(found and (app.is_staff(agreement.municipality_id)
                                         or app.is_member(agreement.organisation_id, 'admin')));
  if agreement.status in ('expired', 'terminated', 'replaced') then
    perform app.refuse('agreement_already_ended');
  end if;
  if coalesce(trim(reason), '') = '' then
    perform app.refuse('reason_required', 'reason');
  end if;
  update app.agreements a
     set status = 'terminated', ended_at = now(), termination_reason = trim(reason), terminated_by = (select auth.uid())
   where a.id = agreement.id;
  perform app.mail_organisation_admins(agreement.organisation_id, 'agreement_terminated',
    jsonb_build_object('agreement_id', agreement.id, 'reason', trim(reason)));
  perform app.mail_staff(agreement.municipality_id, 'caseworker', 'agreement_terminated',
    jsonb_build_object('agreement_id', agreement.id, 'reason', trim(reason)));
end
$$;
grant execute on function api.terminate_agreement(uuid, text) to authenticated;

------------------------------------------------------------------------------------------
-- Facilitators (R7, R7a)
------------------------------------------------------------------------------------------
-- The agreement an admin of its organisation is acting on; anyone else is told it is not there.
create function app.agreement_for_organisation_admin(agreement uuid) returns app.agreements
language plpgsql stable
set search_path = ''
as $$
declare
  found_agreement app.agreements;
begin
  select * into found_agreement from app.agreements a where a.id = agreement;
  if not found or not app.is_member(found_agreement.organisation_id, 'admin') then
    perform app.not_found();
  end if;
  return found_agreement;
end
$$;
grant execute on function app.agreement_for_organisation_admin(uuid) to authenticated;

-- Names a facilitator member for a covered activity. By default the person takes over the
-- activity when they accept (a handover: the others' namings end then, so the participants
-- are never without one); `alongside` adds them to the activity's facilitators instead.
-- Definer, as every write of app.facilitator_namings: the organisation admin is checked here.
create function api.name_facilitator(agreement_id uuid, activity_id uuid, facilitator_id uuid,
                                     alongside boolean default false) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  agreement app.agreements;
  existing app.facilitator_namings;
begin
  agreement := app.agreement_for_organisation_admin(name_facilitator.agreement_id);
  if agreement.status in ('expired', 'terminated', 'replaced', 'draft') then
    perform app.refuse('agreement_not_open');
  end if;
  if not exists (select 1 from app.memberships m where m.organisation_id = agreement.organisation_id
                   and m.user_id = name_facilitator.facilitator_id and m.role = 'facilitator') then
    perform app.refuse('not_a_facilitator', 'facilitator_id');
  end if;
  if not exists (select 1 from app.agreement_activities aa where aa.agreement_id = name_facilitator.agreement_id
                   and aa.activity_id = name_facilitator.activity_id) then
    perform app.refuse('activity_not_covered', 'activity_id');
  end if;
  select * into existing from app.facilitator_namings n
   where n.agreement_id = name_facilitator.agreement_id and n.activity_id = name_facilitator.activity_id
     and n.facilitator_id = name_facilitator.facilitator_id and n.ended_at is null;
  if found then
    -- Named already: a handover to someone who has accepted takes effect now.
    if not coalesce(alongside, false) and existing.accepted_at is not null then
      perform app.end_other_namings(existing);
    end if;
    return;
  end if;
  -- A new handover replaces a handover still waiting for its acceptance.
  if not coalesce(alongside, false) then
    update app.facilitator_namings n set ended_at = now()
     where n.agreement_id = name_facilitator.agreement_id and n.activity_id = name_facilitator.activity_id
       and n.ended_at is null and n.accepted_at is null and not n.alongside;
  end if;
  insert into app.facilitator_namings (agreement_id, activity_id, facilitator_id, alongside, named_by)
  values (name_facilitator.agreement_id, name_facilitator.activity_id, name_facilitator.facilitator_id,
          coalesce(name_facilitator.alongside, false), (select auth.uid()));
  perform app.enqueue_mail((select email from app.profiles where user_id = name_facilitator.facilitator_id),
    'facilitator_named', jsonb_build_object('agreement_id', name_facilitator.agreement_id,
                                            'activity', (select title from app.activities where id = name_facilitator.activity_id)));
end
$$;
grant execute on function api.name_facilitator(uuid, uuid, uuid, boolean) to authenticated;

-- A handover: every other naming for the activity under the agreement ends.
create function app.end_other_namings(kept app.facilitator_namings) returns void
language sql security definer
set search_path = ''
as $$
  update app.facilitator_namings n set ended_at = now()
   where n.agreement_id = kept.agreement_id and n.activity_id = kept.activity_id and n.id <> kept.id and n.ended_at is null
$$;

-- The named facilitator accepts and signs the confidentiality declaration (R7); a handover
-- takes effect now. Definer: it ends the namings of the people handed over from.
create function api.accept_facilitator_role(agreement_id uuid, activity_id uuid, full_name text, confirmed boolean)
returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  accepted app.facilitator_namings;
begin
  perform app.require_user();
  if coalesce(length(trim(full_name)), 0) < 2 then
    perform app.refuse('full_name_required', 'full_name');
  end if;
  if confirmed is not true then
    perform app.refuse('confirmation_required', 'confirmed');
  end if;
  update app.facilitator_namings n
     set accepted_at = now(), declaration_name = trim(full_name),
         declaration_hash = encode(extensions.digest(app.confidentiality_declaration(), 'sha256'), 'hex')
   where n.agreement_id = accept_facilitator_role.agreement_id and n.activity_id = accept_facilitator_role.activity_id
     and n.facilitator_id = (select auth.uid()) and n.ended_at is null and n.accepted_at is null
  returning n.* into accepted;
  if accepted.id is null then
    perform app.not_found();
  end if;
  if not accepted.alongside then
    perform app.end_other_namings(accepted);
  end if;
end
$$;
grant execute on function api.accept_facilitator_role(uuid, uuid, text, boolean) to authenticated;

-- The organisation ends one person's naming for an activity (R7: from now on they read the
-- activity's placements for 30 days and log nothing). Definer, as app.facilitator_namings'
-- other writes.
create function api.end_facilitator_role(agreement_id uuid, activity_id uuid, facilitator_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  perform app.agreement_for_organisation_admin(end_facilitator_role.agreement_id);
  update app.facilitator_namings n set ended_at = now()
   where n.agreement_id = end_facilitator_role.agreement_id and n.activity_id = end_facilitator_role.activity_id
     and n.facilitator_id = end_facilitator_role.facilitator_id and n.ended_at is null;
  if not found then
    perform app.refuse('no_facilitator_named', 'facilitator_id');
  end if;
end
$$;
grant execute on function api.end_facilitator_role(uuid, uuid, uuid) to authenticated;

-- R7: a facilitator who is no longer a facilitator member of the organisation (the role
-- taken away, or removed from it) is no longer named for any of its activities.
create function app.end_namings_of_former_facilitator() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update app.facilitator_namings n set ended_at = now()
    from app.agreements a
   where a.id = n.agreement_id and a.organisation_id = old.organisation_id
     and n.facilitator_id = old.user_id and n.ended_at is null;
  return null;
end
$$;

create trigger memberships_end_facilitator_namings after delete on app.memberships
  for each row when (old.role = 'facilitator') execute function app.end_namings_of_former_facilitator();

create trigger memberships_end_facilitator_namings_on_change after update of role on app.memberships
  for each row when (old.role = 'facilitator' and new.role <> 'facilitator')
  execute function app.end_namings_of_former_facilitator();

-- R7a: records only that a police certificate was shown, when and to whom. Definer, as
-- app.facilitator_namings' other writes.
create function api.record_police_certificate(agreement_id uuid, activity_id uuid, facilitator_id uuid, seen_on date)
returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  perform app.agreement_for_organisation_admin(record_police_certificate.agreement_id);
  if seen_on is null or seen_on > app.today() then
    perform app.refuse('date_not_in_future', 'seen_on');
  end if;
  update app.facilitator_namings n
     set police_certificate_seen_on = seen_on, police_certificate_seen_by = (select auth.uid())
   where n.agreement_id = record_police_certificate.agreement_id
     and n.activity_id = record_police_certificate.activity_id
     and n.facilitator_id = record_police_certificate.facilitator_id and n.ended_at is null;
  if not found then
    perform app.refuse('no_facilitator_named', 'facilitator_id');
  end if;
end
$$;
grant execute on function api.record_police_certificate(uuid, uuid, uuid, date) to authenticated;

------------------------------------------------------------------------------------------
-- Pages
------------------------------------------------------------------------------------------
create function app.agreement_summary(a app.agreements) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', a.id, 'status', a.status, 'valid_from', a.valid_from, 'valid_to', a.valid_to,
    'organisation', app.organisation_ref(a.organisation_id),
    'municipality', app.municipality_ref(a.municipality_id),
    'sent_at', a.sent_at, 'activated_at', a.activated_at, 'replaces_id', a.replaces_id)
$$;
grant execute on function app.agreement_summary(app.agreements) to authenticated;

-- Without a status, every agreement but the versions a newer one replaced; those are listed
-- under their own status, and each is linked from the version that replaced it.
create function api.municipality_agreements(municipality_id uuid, status app.agreement_status default null) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id);
  return jsonb_build_object(
    'municipality', app.municipality_ref(municipality_agreements.municipality_id),
    'counts', (select coalesce(jsonb_object_agg(s.status, s.n), '{}') from (
                 select a.status, count(*) as n from app.agreements a
                 where a.municipality_id = municipality_agreements.municipality_id group by a.status) s),
    'agreements', (select coalesce(jsonb_agg(app.agreement_summary(a) order by a.created_at desc), '[]')
                    from app.agreements a
                    where a.municipality_id = municipality_agreements.municipality_id
                      and coalesce(a.status = municipality_agreements.status, a.status <> 'replaced')));
end
$$;
grant execute on function api.municipality_agreements(uuid, app.agreement_status) to authenticated;

-- The organisation's sent agreements; a version a newer one replaced is linked from that one.
create function api.organisation_agreements(organisation_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_user(app.is_member(organisation_id, 'admin'));
  return jsonb_build_object(
    'organisation', app.organisation_ref(organisation_agreements.organisation_id),
    'agreements', (select coalesce(jsonb_agg(app.agreement_summary(a) order by a.created_at desc), '[]')
                    from app.agreements a
                    where a.organisation_id = organisation_agreements.organisation_id
                      and a.status not in ('draft', 'replaced')));
end
$$;
grant execute on function api.organisation_agreements(uuid) to authenticated;

-- Both parties' signatures, in the order they were made.
create function app.agreement_signature_list(agreement uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('party', s.party, 'signer_name', s.signer_name,
                                               'signer_role', s.signer_role, 'signed_at', s.signed_at,
                                               'text_hash', s.text_hash) order by s.signed_at), '[]')
  from app.agreement_signatures s where s.agreement_id = agreement
$$;
grant execute on function app.agreement_signature_list(uuid) to authenticated;

-- Everything the agreement page shows, and what the caller may do with it.
create or replace function api.agreement_page(agreement_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  agreement app.agreements;
  is_staff boolean;
  is_org_admin boolean;
begin
  select * into agreement from app.agreements a where a.id = agreement_page.agreement_id;
  perform app.require_visible(found);
  is_staff := app.is_staff(agreement.municipality_id);
  is_org_admin := app.is_member(agreement.organisation_id, 'admin');
  if not (is_staff or is_org_admin) then
    perform app.not_found();
  end if;
  return app.agreement_summary(agreement) || jsonb_build_object(
    'terms', jsonb_build_object('covered_fees', agreement.covered_fees, 'equipment_cap_ore', agreement.equipment_cap_ore,
                                'compensation_ore', agreement.compensation_ore,
                                'municipality_contact', agreement.municipality_contact,
                                'organisation_contact', agreement.organisation_contact),
    'template_version', (select version from app.agreement_templates where id = agreement.template_id),
    'replaced_by', (select a.id from app.agreements a where a.replaces_id = agreement.id
                     order by a.created_at desc limit 1),
    'text', coalesce(agreement.rendered_text, app.render_agreement(agreement)),
    'text_hash', agreement.text_hash,
    'termination_reason', agreement.termination_reason,
    'signatures', app.agreement_signature_list(agreement.id),
    'activities', app.agreement_activity_list(agreement.id),
    'organisation_activities', case when is_staff and agreement.status = 'draft' then
                   (select coalesce(jsonb_agg(jsonb_build_object('id', act.id, 'title', act.title) order by act.title), '[]')
                    from app.activities act where act.organisation_id = agreement.organisation_id
                      and act.municipality_id = agreement.municipality_id) end,
    'facilitators', case when is_org_admin then
                   (select coalesce(jsonb_agg(jsonb_build_object('user_id', p.user_id, 'display_name', p.display_name,
                                                                 'email', p.email) order by p.display_name), '[]')
                    from app.memberships m join app.profiles p on p.user_id = m.user_id
                    where m.organisation_id = agreement.organisation_id and m.role = 'facilitator') end,
    'timeline', app.agreement_timeline(agreement.id),
    'signer_check', case when is_staff then
                   (select to_jsonb(c) - 'agreement_id' from app.signer_checks c where c.agreement_id = agreement.id) end,
    'can', jsonb_build_object(
      'edit', is_staff and agreement.status = 'draft',
      'send', is_staff and agreement.status = 'draft',
      'sign', is_org_admin and agreement.status = 'awaiting_organisation',
      'countersign', is_staff and agreement.status = 'awaiting_municipality',
      'revise', is_staff and agreement.status in ('awaiting_organisation', 'awaiting_municipality', 'active'),
      'terminate', (is_staff or is_org_admin) and agreement.status not in ('expired', 'terminated', 'replaced'),
      'name_facilitators', is_org_admin and agreement.status in ('awaiting_organisation', 'awaiting_municipality', 'active'),
      'download', agreement.status in ('active', 'expired', 'terminated', 'replaced')
                  and exists (select 1 from app.agreement_signatures s where s.agreement_id = agreement.id
                                and s.party = 'municipality'),
      'archive', is_staff and agreement.activated_at is not null));
end
$$;
grant execute on function api.agreement_page(uuid) to authenticated;

-- The named facilitator's own list: roles to accept and accepted ones.
create function api.my_facilitator_roles() returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'declaration', app.confidentiality_declaration(),
    'roles', coalesce(jsonb_agg(jsonb_build_object(
      'agreement_id', n.agreement_id, 'activity_id', n.activity_id, 'activity', act.title,
      'organisation', o.name, 'municipality', m.name, 'agreement_status', a.status,
      'accepted_at', n.accepted_at) order by n.accepted_at nulls first, act.title), '[]'))
  from app.facilitator_namings n
  join app.agreements a on a.id = n.agreement_id
  join app.activities act on act.id = n.activity_id
  join app.organisations o on o.id = a.organisation_id
  join app.municipalities m on m.id = a.municipality_id
  where n.facilitator_id = (select auth.uid()) and n.ended_at is null and a.status not in ('expired', 'terminated', 'replaced')
$$;
grant execute on function api.my_facilitator_roles() to authenticated;

------------------------------------------------------------------------------------------
-- Lifecycle job: expiry and reminders 60 and 14 days before the end. The local stack runs
-- it every minute; on a hosted project schedule it with pg_cron:
--   select cron.schedule('agreement-lifecycle', '15 6 * * *', 'select api.run_agreement_lifecycle()');
-- `today` is a parameter so tests can move the clock.
------------------------------------------------------------------------------------------
create function api.run_agreement_lifecycle(today date default app.today())
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  expired int;
  reminded int;
begin
  with ended as (
    update app.agreements a set status = 'expired', ended_at = now()
     where a.status = 'active' and a.valid_to < today
    returning a.id)
  select count(*) into expired from ended;

  -- The nearest reminder only: an agreement made 10 days before its end gets the 14-day one.
  with due as (
    select a.id as agreement_id, case when a.valid_to - today <= 14 then 14 else 60 end as days_before
    from app.agreements a
    where a.status = 'active' and a.valid_to >= today and a.valid_to - today <= 60
  ),
  recorded as (
    insert into app.agreement_reminders (agreement_id, days_before)
    select agreement_id, days_before from due on conflict do nothing
    returning agreement_id, days_before
  )
  select count(*) into reminded from (
    select app.mail_organisation_admins(a.organisation_id, 'agreement_expiring',
             jsonb_build_object('agreement_id', a.id, 'valid_to', a.valid_to, 'days_before', r.days_before)),
           app.mail_staff(a.municipality_id, 'caseworker', 'agreement_expiring',
             jsonb_build_object('agreement_id', a.id, 'valid_to', a.valid_to, 'days_before', r.days_before,
                                'organisation', (select name from app.organisations where id = a.organisation_id)))
    from recorded r join app.agreements a on a.id = r.agreement_id
  ) sent;

  return jsonb_build_object('expired', expired, 'reminders', reminded);
end
$$;
grant execute on function api.run_agreement_lifecycle(date) to service_role;

------------------------------------------------------------------------------------------
-- The agreement page's reads for both parties
------------------------------------------------------------------------------------------
-- The named facilitators of each activity and the history from the audit trail. Caseworkers may
-- not read organisation members' profiles, and the audit trail's policies show agreement
-- events only to municipality admins (signatures, which carry no municipality, to no one), so
-- api.agreement_page reads them through these definer helpers, which answer only to the
-- agreement's parties.
create function app.agreement_activity_list(agreement uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'activity_id', act.id, 'title', act.title,
           'has_minors', coalesce(act.age_min, 0) < 18,
           -- The current namings: accepted ones first, then those waiting for an answer.
           'facilitators', (select coalesce(jsonb_agg(jsonb_build_object(
                                     'user_id', p.user_id, 'display_name', p.display_name, 'email', p.email,
                                     'alongside', n.alongside, 'accepted_at', n.accepted_at,
                                     'police_certificate_seen_on', n.police_certificate_seen_on)
                                   order by n.accepted_at nulls last, p.display_name), '[]')
                            from app.facilitator_namings n join app.profiles p on p.user_id = n.facilitator_id
                            where n.agreement_id = aa.agreement_id and n.activity_id = aa.activity_id
                              and n.ended_at is null)) order by act.title), '[]')
  from app.agreement_activities aa join app.activities act on act.id = aa.activity_id
  where aa.agreement_id = agreement and app.can_read_agreement(agreement)
$$;
grant execute on function app.agreement_activity_list(uuid) to authenticated;

-- Oldest first: status changes, signatures, and what happened to each covered activity.
create function app.agreement_timeline(agreement uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'occurred_at', e.occurred_at, 'table', e.table_name, 'action', e.action,
           'status', e.new_row ->> 'status', 'party', e.new_row ->> 'party',
           'activity', (select title from app.activities
                        where id = (coalesce(e.new_row, e.old_row) ->> 'activity_id')::uuid),
           'facilitator', (select display_name from app.profiles
                           where user_id = (coalesce(e.new_row, e.old_row) ->> 'facilitator_id')::uuid),
           'change', case
             when e.table_name = 'agreement_activities' and e.action = 'insert' then 'covered'
             when e.table_name = 'agreement_activities' then 'uncovered'
             when e.table_name <> 'facilitator_namings' then null
             when e.action = 'insert' then 'named'
             when e.new_row ->> 'ended_at' is distinct from e.old_row ->> 'ended_at' then 'ended'
             when e.new_row ->> 'accepted_at' is distinct from e.old_row ->> 'accepted_at' then 'accepted'
             else 'police_certificate' end,
           'actor', (select display_name from app.profiles where user_id = e.actor_id)) order by e.id), '[]')
  from app.audit_events e
  where app.can_read_agreement(agreement)
    and ((e.table_name = 'agreements' and e.record_id = agreement::text)
         or (e.table_name in ('agreement_signatures', 'agreement_activities', 'facilitator_namings')
             and coalesce(e.new_row, e.old_row) ->> 'agreement_id' = agreement::text))
$$;
grant execute on function app.agreement_timeline(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- The archive package: a signed agreement as the municipality's archive takes it in (the PDF
-- and a Noark 5 arkivmelding, app/lib/arkivmelding.ts). An agreement goes to the archive once
-- both parties have signed, that is once it became active (activated_at); versions that later
-- expired, ended or were replaced were signed too and stay archivable. Staff of the
-- municipality only: the archive is the municipality's. Invoker: the agreements' policies let
-- staff read their municipality's agreements, signatures and partner organisations.
------------------------------------------------------------------------------------------
-- What the PDF shows and the arkivmelding describes, for one signed agreement.
create function app.agreement_archive_entry(a app.agreements) returns jsonb
language sql stable
set search_path = ''
as $$
  select app.agreement_summary(a) || jsonb_build_object(
    'created_at', a.created_at,
    'municipality', (select jsonb_build_object('id', m.id, 'name', m.name, 'number', m.municipality_number)
                     from app.municipalities m where m.id = a.municipality_id),
    'organisation', (select jsonb_build_object('id', o.id, 'name', o.name, 'organisation_number', o.organisation_number)
                     from app.organisations o where o.id = a.organisation_id),
    'text', a.rendered_text,
    'text_hash', a.text_hash,
    'signatures', app.agreement_signature_list(a.id),
    'activities', app.agreement_activity_list(a.id))
$$;
grant execute on function app.agreement_archive_entry(app.agreements) to authenticated;

-- One agreement's archive package; an agreement not yet signed by both is refused.
create function api.agreement_archive(agreement_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  agreement app.agreements;
begin
  perform app.require_user();
  select * into agreement from app.agreements a where a.id = agreement_archive.agreement_id;
  if not found or not app.is_staff(agreement.municipality_id) then
    perform app.not_found();
  end if;
  if agreement.activated_at is null then
    perform app.refuse('agreement_not_signed_for_archive');
  end if;
  return app.agreement_archive_entry(agreement);
end
$$;
grant execute on function api.agreement_archive(uuid) to authenticated;

-- The archive packages of every agreement the municipality countersigned in the year (Oslo
-- time), oldest first; a year without any is refused, so nobody downloads an empty package.
create function api.agreement_archive_year(municipality_id uuid, year int) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  entries jsonb;
begin
  perform app.require_staff(municipality_id);
  select coalesce(jsonb_agg(app.agreement_archive_entry(a) order by a.activated_at), '[]') into entries
    from app.agreements a
   where a.municipality_id = agreement_archive_year.municipality_id
     and a.activated_at >= make_timestamptz(year, 1, 1, 0, 0, 0, 'Europe/Oslo')
     and a.activated_at < make_timestamptz(year + 1, 1, 1, 0, 0, 0, 'Europe/Oslo');
  if jsonb_array_length(entries) = 0 then
    perform app.refuse('no_agreements_signed_in_year', 'year', jsonb_build_object('year', year));
  end if;
  return jsonb_build_object('municipality', app.municipality_ref(municipality_id), 'year', year,
                            'agreements', entries);
end
$$;
grant execute on function api.agreement_archive_year(uuid, int) to authenticated;

-- supabase/schemas/30_placements.sql

-- Participants, placements (tiltak), sessions and attendance, with the monthly attendance
-- counts and list rows kept from them.
--
-- Rules: R4 (attendance is logged by the placement's facilitator, an organisation admin or
-- staff, only inside the placement's period and not ahead of time; after the edit window only
-- by staff), R7 (a facilitator sees a participant's card only for their own placements, while
-- they are named for its activity and a facilitator member of its organisation), R9
-- (staff see only their own municipality's participants and placements), R10 (anonymisation
-- a set time after the last placement ended) and R12 (refusals name the field).
--
-- Participants are owned by one municipality and read by its staff only. Facilitators and
-- organisation admins never read app.participants: they get the participant's card through
-- app.participant_card(), a definer function that applies R7 and returns only what the
-- caseworker chose to share.
--
-- Read after 20_agreements.sql (placements hang on agreements and their named facilitators),
-- before 40_claims.sql. Inside: types, tables, helpers, triggers, policies, the API by use
-- case, the daily job, session planning, the export trail, then the kept monthly counts and
-- list rows with their triggers.

------------------------------------------------------------------------------------------
-- Types
------------------------------------------------------------------------------------------
create type app.placement_status as enum ('planned', 'active', 'ended');

create type app.placement_outcome as enum ('continues_as_member', 'continues_with_support', 'stopped', 'moved');

create type app.attendance_status as enum ('present', 'absent', 'cancelled');

------------------------------------------------------------------------------------------
-- Tables
------------------------------------------------------------------------------------------
create table app.participants (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references app.municipalities (id),
  first_name text not null check (length(trim(first_name)) between 1 and 80),
  birth_year int not null check (birth_year between 1900 and 2100),
  contact_name text check (length(contact_name) <= 120),
  contact_phone text check (contact_phone is null or contact_phone ~ '^\+?[0-9 ]{8,15}$'),
  -- "What the activity should know"; reaches the facilitator only when shared.
  activity_note text not null default '' check (length(activity_note) <= 1000),
  share_activity_note boolean not null default false,
  -- Mapping (kartlegging): interests as tags and wishes as text.
  interests text[] not null default '{}' check (app.texts_within(interests, 40)),
  wishes text not null default '' check (length(wishes) <= 2000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- R10: set when personal data has been cleared; birth year and outcomes stay.
  anonymised_at timestamptz,
  version int not null default 1,
  -- The registration form's key: the same form posted twice (a double click) registers one participant.
  submission_key uuid constraint one_participant_per_submission unique
);
grant select, insert, update, delete on app.participants to authenticated;

-- Caseworker-only notes; never reach the organisation.
create table app.participant_notes (
  id uuid primary key default gen_random_uuid(),
  participant_id uuid not null references app.participants (id) on delete cascade,
  municipality_id uuid not null references app.municipalities (id),
  body text not null check (length(trim(body)) between 1 and 4000),
  author_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
grant select, insert on app.participant_notes to authenticated;

create index participant_notes_participant_idx on app.participant_notes (participant_id, created_at);

create table app.placements (
  id uuid primary key default gen_random_uuid(),
  participant_id uuid not null references app.participants (id),
  municipality_id uuid not null references app.municipalities (id),
  activity_id uuid not null references app.activities (id),
  organisation_id uuid not null references app.organisations (id),
  agreement_id uuid not null references app.agreements (id),
  status app.placement_status not null default 'planned',
  -- The decision period (vedtak), typically one year.
  starts_on date not null,
  ends_on date not null,
  ended_on date,
  outcome app.placement_outcome,
  evaluation text not null default '' check (length(evaluation) <= 4000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint period_in_order check (ends_on >= starts_on),
  constraint ended_placements_have_an_outcome check (
    (status = 'ended') = (ended_on is not null and outcome is not null)),
  constraint ended_inside_the_period check (ended_on is null or ended_on >= starts_on)
);
grant select, insert, update on app.placements to authenticated;

create index placements_municipality_idx on app.placements (municipality_id, status, ends_on);

create index placements_activity_idx on app.placements (activity_id, status);

create index placements_participant_idx on app.placements (participant_id);

create index placements_organisation_idx on app.placements (organisation_id, status);

create table app.placement_followups (
  id uuid primary key default gen_random_uuid(),
  placement_id uuid not null references app.placements (id) on delete cascade,
  municipality_id uuid not null references app.municipalities (id),
  occurred_on date not null,
  body text not null check (length(trim(body)) between 1 and 4000),
  author_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
grant select, insert on app.placement_followups to authenticated;

create index placement_followups_placement_idx on app.placement_followups (placement_id, occurred_on);

create table app.sessions (
  id uuid primary key default gen_random_uuid(),
  activity_id uuid not null references app.activities (id) on delete cascade,
  on_date date not null,
  starts_at time not null,
  ends_at time not null,
  -- Added by the facilitator rather than generated from the weekly schedule.
  is_extra boolean not null default false,
  cancelled boolean not null default false,
  cancel_reason text check (length(cancel_reason) <= 500),
  created_by uuid references auth.users (id) on delete set null,
  unique (activity_id, on_date, starts_at),
  constraint session_in_order check (ends_at > starts_at)
);
grant select, insert, update on app.sessions to authenticated;

create index sessions_date_idx on app.sessions (on_date, activity_id);

create table app.attendance (
  placement_id uuid not null references app.placements (id) on delete cascade,
  session_id uuid not null references app.sessions (id) on delete cascade,
  status app.attendance_status not null,
  note text check (length(note) <= 500),
  recorded_by uuid references auth.users (id) on delete set null,
  recorded_at timestamptz not null default now(),
  primary key (placement_id, session_id)
);
grant select, insert, update on app.attendance to authenticated;

create index attendance_session_idx on app.attendance (session_id);

-- Monthly attendance per placement, kept by triggers from app.attendance, so that figures
-- and lists read a few thousand rows, not a million. Cancelled sessions do not count.
create table app.attendance_months (
  placement_id uuid not null references app.placements (id) on delete cascade,
  municipality_id uuid not null references app.municipalities (id),
  organisation_id uuid not null references app.organisations (id),
  month date not null check (extract(day from month) = 1),
  present int not null default 0,
  absent int not null default 0,
  last_present_on date,
  primary key (placement_id, month)
);
grant select on app.attendance_months to authenticated;

create index attendance_months_municipality_idx on app.attendance_months (municipality_id, month);

create index attendance_months_organisation_idx on app.attendance_months (organisation_id, month);

-- A day the caseworker knows ahead that a participant will not come (a holiday, an
-- appointment). The facilitator's week shows it on that day's session; no reason is kept,
-- so nothing about the participant reaches the activity but the date.
create table app.planned_absences (
  placement_id uuid not null references app.placements (id) on delete cascade,
  municipality_id uuid not null references app.municipalities (id),
  on_date date not null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (placement_id, on_date)
);
grant select, insert, delete on app.planned_absences to authenticated;

-- The saves of a session's marks that came with a key: the phone makes one key per tap of
-- "Lagre" and sends the same key again when it retries after losing its connection, so a save
-- that arrives twice is applied once. Written only by api.save_attendance (no policies).
create table app.attendance_saves (
  user_id uuid not null references auth.users (id) on delete cascade,
  save_key uuid not null,
  marks_saved int not null default 0,
  saved_at timestamptz not null default now(),
  primary key (user_id, save_key)
);

------------------------------------------------------------------------------------------
-- Helpers: who may see and log a placement (R4, R7), and the participant's card
------------------------------------------------------------------------------------------
-- R7: the placements the caller facilitates, and which of them they log. A facilitator reads
-- a placement while they are a facilitator member of its organisation and named, with the
-- role accepted, for its activity under its agreement: while it is active, and for 30 days
-- after it ended or their naming ended (a handover), whichever came first. They log it only
-- under a naming that has not ended. A planned placement is nobody's yet: it belongs to
-- whoever is named when it starts. The set is derived from the namings (app.facilitator_namings)
-- and memberships as they are now, so a handover or a removal changes it at once.
-- Definer, so that policies can ask without going through the placements policies.
create or replace function app.my_facilitated_placements()
returns table (placement_id uuid, activity_id uuid, status app.placement_status, may_log boolean)
language plpgsql stable security definer
set search_path = ''
as $$
declare
  today date := app.today();
begin
  return query
    select p.id, p.activity_id, p.status, bool_or(n.ended_at is null)
    from app.facilitator_namings n
    join app.placements p on p.agreement_id = n.agreement_id and p.activity_id = n.activity_id
    join app.memberships m on m.organisation_id = p.organisation_id and m.user_id = n.facilitator_id
                          and m.role = 'facilitator'
    -- The days the naming and the placement overlapped, in Oslo (R11).
    cross join lateral (
      select greatest((n.accepted_at at time zone 'Europe/Oslo')::date, p.starts_on) as first_day,
             least((n.ended_at at time zone 'Europe/Oslo')::date, p.ended_on) as last_day) held
    where n.facilitator_id = (select auth.uid()) and n.accepted_at is not null
      and (n.ended_at is null or n.ended_at > now() - interval '31 days')
      and p.status <> 'planned'
      and (held.last_day is null or (held.first_day <= held.last_day and held.last_day + 30 >= today))
    group by p.id, p.activity_id, p.status;
end
$$;
grant execute on function app.my_facilitated_placements() to authenticated, service_role;

-- One placement of app.my_facilitated_placements(), for policies and helpers of one row.
create or replace function app.is_placement_facilitator(placement uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (select 1 from app.my_facilitated_placements() f where f.placement_id = placement);
end
$$;
grant execute on function app.is_placement_facilitator(uuid) to authenticated, service_role;

create or replace function app.is_placement_organisation_admin(placement uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (select 1 from app.placements p where p.id = placement and app.is_member(p.organisation_id, 'admin'));
end
$$;
grant execute on function app.is_placement_organisation_admin(uuid) to authenticated, service_role;

-- R4: who may log a placement's attendance: a facilitator who logs it (R7), an admin of its
-- organisation, or staff of its municipality. Checked three times per mark written outside
-- api.save_attendance (insert, and update's using and check).
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
      and (exists (select 1 from app.memberships m
                   where m.organisation_id = p.organisation_id and m.user_id = caller and m.role = 'admin')
           or exists (select 1 from app.staff s where s.municipality_id = p.municipality_id and s.user_id = caller)))
    or exists (select 1 from app.my_facilitated_placements() f where f.placement_id = placement and f.may_log);
end
$$;
grant execute on function app.may_log_attendance(uuid) to authenticated, service_role;

-- The card of a placement's participant: what the activity sees of them (first name, birth
-- year and the note the caseworker chose to share), for staff of its municipality, its
-- facilitator (R7) and its organisation's admins. Definer, because facilitators and
-- organisation admins may not read app.participants. The lists build the same card inline,
-- since a function around it would be planned again on every call (docs/performance.md).
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
grant execute on function app.participant_card(uuid) to authenticated, service_role;

-- The age band used in statistics (DESIGN: 0–17, 18–66, 67–79, 80+).
create function app.age_band(birth_year int, on_date date) returns text
language sql immutable
as $$
  select case
    when birth_year is null or on_date is null then null
    when extract(year from on_date)::int - birth_year < 18 then '0-17'
    when extract(year from on_date)::int - birth_year < 67 then '18-66'
    when extract(year from on_date)::int - birth_year < 80 then '67-79'
    else '80+'
  end
$$;
grant execute on function app.age_band(int, date) to anon, authenticated, service_role;

------------------------------------------------------------------------------------------
-- Triggers: attendance rules (R4), counts after a cancellation, the audit trail
------------------------------------------------------------------------------------------

-- R4: attendance only inside the placement's period, never for future sessions, and after
-- the municipality's edit window only by its staff. Who may write at all is up to RLS.
-- Definer: it reads the session, placement and municipality of each mark, which the policies
-- already allowed; checking them again under RLS for every row would only cost time.
create function app.check_attendance() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  session_date date;
  placement app.placements;
  window_days int;
begin
  -- With no person behind the change it is the system's own job (anonymisation clearing
  -- notes), not someone logging attendance.
  if (select auth.uid()) is null then
    return new;
  end if;
  select * into placement from app.placements where id = new.placement_id;
  select on_date into session_date from app.sessions where id = new.session_id and activity_id = placement.activity_id;
  if session_date is null then
    perform app.refuse('session_not_of_placement', 'session_id');
  end if;
  select attendance_edit_window_days into window_days from app.municipalities where id = placement.municipality_id;
  if session_date > app.today() then
    perform app.refuse('attendance_in_future', 'session_id');
  end if;
  if session_date < placement.starts_on or session_date > coalesce(placement.ended_on, placement.ends_on) then
    perform app.refuse('attendance_outside_placement', 'session_id');
  end if;
  if session_date < app.today() - window_days and not app.is_staff(placement.municipality_id) then
    perform app.refuse('attendance_edit_window_closed', 'session_id', jsonb_build_object('days', window_days));
  end if;
  new.recorded_by := (select auth.uid());
  new.recorded_at := now();
  return new;
end
$$;

create trigger attendance_rules before insert or update on app.attendance
  for each row execute function app.check_attendance();

-- Recounts one placement's month from the marks, when a session is cancelled or restored.
-- Definer: it keeps a derived table that no role writes directly.
create function app.recount_attendance(placement uuid, in_month date) returns void
language sql security definer
set search_path = ''
as $$
  insert into app.attendance_months (placement_id, municipality_id, organisation_id, month, present, absent, last_present_on)
  select p.id, p.municipality_id, p.organisation_id, date_trunc('month', in_month)::date, c.present, c.absent, c.last_present_on
  from app.placements p
  cross join lateral (
    select count(*) filter (where at.status = 'present') as present, count(*) filter (where at.status = 'absent') as absent,
           max(s.on_date) filter (where at.status = 'present') as last_present_on
    from app.attendance at join app.sessions s on s.id = at.session_id
    where at.placement_id = p.id and not s.cancelled
      and s.on_date >= date_trunc('month', in_month) and s.on_date < date_trunc('month', in_month) + interval '1 month'
  ) c
  where p.id = placement
  on conflict (placement_id, month) do update
    set present = excluded.present, absent = excluded.absent, last_present_on = excluded.last_present_on
$$;
grant execute on function app.recount_attendance(uuid, date) to authenticated, service_role;

create function app.count_cancelled_session() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform app.recount_attendance(at.placement_id, new.on_date) from app.attendance at where at.session_id = new.id;
  return null;
end
$$;

create trigger sessions_count after update of cancelled on app.sessions
  for each row execute function app.count_cancelled_session();

-- Personal fields are left out of the audit trail, so that anonymisation (R10) removes
-- them everywhere; the trail still shows that they changed.
create trigger participants_audit after insert or update or delete on app.participants
  for each row execute function app.record_audit_event('first_name', 'contact_name', 'contact_phone',
                                                       'activity_note', 'wishes', 'interests');

create trigger participants_version before update on app.participants
  for each row execute function app.bump_version();

create trigger placements_audit after insert or update or delete on app.placements
  for each row execute function app.record_audit_event('evaluation');

create trigger attendance_audit after insert or update or delete on app.attendance
  for each row execute function app.record_audit_event('note');

create trigger sessions_audit after insert or update on app.sessions
  for each row execute function app.record_audit_event();

create trigger planned_absences_audit after insert or delete on app.planned_absences
  for each row execute function app.record_audit_event();

------------------------------------------------------------------------------------------
-- Policies
------------------------------------------------------------------------------------------
create policy "Staff read their municipality's participants" on app.participants
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Staff register participants in their municipality" on app.participants
  for insert to authenticated with check (municipality_id in (select app.my_municipalities()));

create policy "Staff update their municipality's participants" on app.participants
  for update to authenticated using (municipality_id in (select app.my_municipalities()))
  with check (municipality_id in (select app.my_municipalities()));

-- Only a participant registered by mistake, never placed, is deleted; one with placements stays
-- on record (R10 clears it later) or is merged into its twin (api.merge_participants).
create policy "Staff delete their municipality's participants who were never placed" on app.participants
  for delete to authenticated using (
    municipality_id in (select app.my_municipalities())
    and not exists (select 1 from app.placements pl where pl.participant_id = participants.id));

create policy "Staff read their municipality's notes" on app.participant_notes
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Staff write notes in their municipality" on app.participant_notes
  for insert to authenticated with check (municipality_id in (select app.my_municipalities()) and author_id = (select auth.uid()));

create policy "Staff read their municipality's placements" on app.placements
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Facilitators read their own placements (R7)" on app.placements
  for select to authenticated using (id in (select f.placement_id from app.my_facilitated_placements() f));

create policy "Organisation admins read their organisation's placements" on app.placements
  for select to authenticated using (organisation_id in (select app.my_organisations('admin')));

create policy "Staff create placements in their municipality" on app.placements
  for insert to authenticated with check (municipality_id in (select app.my_municipalities()));

create policy "Staff update their municipality's placements" on app.placements
  for update to authenticated using (municipality_id in (select app.my_municipalities()))
  with check (municipality_id in (select app.my_municipalities()));

create policy "Staff read their municipality's follow-ups" on app.placement_followups
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Staff write follow-ups in their municipality" on app.placement_followups
  for insert to authenticated with check (municipality_id in (select app.my_municipalities()) and author_id = (select auth.uid()));

create policy "Members read their organisation's sessions" on app.sessions
  for select to authenticated using (
    activity_id in (select a.id from app.activities a where a.organisation_id in (select app.my_organisations())));

-- Participants may be placed in activities of a neighbouring municipality, so staff see
-- sessions by their placements too.
create policy "Staff read sessions where their municipality has placements" on app.sessions
  for select to authenticated using (
    exists (select 1 from app.activities a where a.id = activity_id and a.municipality_id in (select app.my_municipalities()))
    or exists (select 1 from app.placements p where p.activity_id = sessions.activity_id
                 and p.municipality_id in (select app.my_municipalities())));

-- R4: the placement's facilitator, an admin of the organisation, or the municipality's staff.
-- Reading scans many rows, so it asks once for the readable placements; a save writes a
-- handful, so it asks per row.
create policy "Attendance is read by those who may log it" on app.attendance
  for select to authenticated using (placement_id in (select p.id from app.placements p));

create policy "Attendance is logged by those who may log it" on app.attendance
  for insert to authenticated with check (app.may_log_attendance(placement_id));

create policy "Attendance is corrected by those who may log it" on app.attendance
  for update to authenticated using (app.may_log_attendance(placement_id)) with check (app.may_log_attendance(placement_id));

create policy "Staff read their municipality's planned absences" on app.planned_absences
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Staff enter planned absences in their municipality" on app.planned_absences
  for insert to authenticated with check (municipality_id in (select app.my_municipalities()));

create policy "Staff remove planned absences in their municipality" on app.planned_absences
  for delete to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Staff read their municipality's attendance counts" on app.attendance_months
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Organisation admins read their organisation's attendance counts" on app.attendance_months
  for select to authenticated using (organisation_id in (select app.my_organisations('admin')));

------------------------------------------------------------------------------------------
-- API: participants (caseworker)
------------------------------------------------------------------------------------------
create function app.check_participant_fields(first_name text, birth_year int, contact_phone text) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if coalesce(trim(first_name), '') = '' then
    perform app.refuse('first_name_required', 'first_name');
  end if;
  if birth_year is null or birth_year < 1900 or birth_year > extract(year from app.today()) then
    perform app.refuse('birth_year_invalid', 'birth_year');
  end if;
  if contact_phone is not null and contact_phone !~ '^\+?[0-9 ]{8,15}$' then
    perform app.refuse('phone_invalid', 'contact_phone');
  end if;
end
$$;
grant execute on function app.check_participant_fields(text, int, text) to authenticated;

create function app.clean_tags(tags text[]) returns text[]
language sql immutable
set search_path = ''
as $$ select coalesce(array(select distinct lower(trim(t)) from unnest(tags) t where trim(t) <> '' order by 1), '{}') $$;
grant execute on function app.clean_tags(text[]) to authenticated, service_role;

-- A post of the form with the submission key of a participant registered with the same name
-- and birth year is the same post again (a double click, a resent form): it answers with that
-- participant instead of registering a second. The same key with another name or year is a
-- new participant (a form sent again after going back), registered without the key.
create function api.register_participant(
  municipality_id uuid,
  first_name text,
  birth_year int,
  contact_name text default null,
  contact_phone text default null,
  activity_note text default '',
  share_activity_note boolean default false,
  interests text[] default '{}',
  wishes text default '',
  submission_key uuid default null
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  key_holder app.participants;
  created uuid;
begin
  perform app.require_staff(municipality_id);
  select * into key_holder from app.participants p where p.submission_key = register_participant.submission_key;
  if key_holder.municipality_id = register_participant.municipality_id
     and key_holder.first_name = trim(register_participant.first_name)
     and key_holder.birth_year = register_participant.birth_year then
    return key_holder.id;
  end if;
  perform app.check_participant_fields(first_name, birth_year, nullif(trim(contact_phone), ''));
  insert into app.participants (municipality_id, first_name, birth_year, contact_name, contact_phone, activity_note,
                                share_activity_note, interests, wishes, created_by, submission_key)
  values (municipality_id, trim(first_name), birth_year, nullif(trim(contact_name), ''), nullif(trim(contact_phone), ''),
          coalesce(trim(activity_note), ''), coalesce(share_activity_note, false), app.clean_tags(interests),
          coalesce(trim(wishes), ''), (select auth.uid()), case when key_holder.id is null then submission_key end)
  on conflict on constraint one_participant_per_submission do nothing
  returning id into created;
  return app.submitted(created, (select p.id from app.participants p
                                  where p.submission_key = register_participant.submission_key));
end
$$;
grant execute on function api.register_participant(uuid, text, int, text, text, text, boolean, text[], text, uuid)
  to authenticated;

-- `base_version` is the version the edit was made from; a stale one is refused with what changed since.
create function api.update_participant(
  participant_id uuid,
  base_version int,
  first_name text,
  birth_year int,
  contact_name text default null,
  contact_phone text default null,
  activity_note text default '',
  share_activity_note boolean default false,
  interests text[] default '{}',
  wishes text default ''
) returns void
language plpgsql
set search_path = ''
as $$
declare
  stored app.participants;
  edited app.participants;
  saved jsonb := jsonb_build_object(
    'first_name', trim(first_name), 'birth_year', birth_year, 'contact_name', nullif(trim(contact_name), ''),
    'contact_phone', nullif(trim(contact_phone), ''), 'activity_note', coalesce(trim(activity_note), ''),
    'share_activity_note', coalesce(share_activity_note, false), 'interests', app.clean_tags(interests),
    'wishes', coalesce(trim(wishes), ''));
begin
  perform app.require_user();
  perform app.check_participant_fields(first_name, birth_year, nullif(trim(contact_phone), ''));
  select * into stored from app.participants p
   where p.id = update_participant.participant_id and p.anonymised_at is null for update;
  if not found then
    perform app.not_found();
  end if;
  perform app.refuse_stale_version(base_version, to_jsonb(stored), saved, 'participants');
  edited := jsonb_populate_record(stored, saved);
  update app.participants p
     set first_name = edited.first_name, birth_year = edited.birth_year, contact_name = edited.contact_name,
         contact_phone = edited.contact_phone, activity_note = edited.activity_note,
         share_activity_note = edited.share_activity_note, interests = edited.interests, wishes = edited.wishes
   where p.id = stored.id;
end
$$;
grant execute on function api.update_participant(uuid, int, text, int, text, text, text, boolean, text[], text) to authenticated;

create or replace function api.participants(municipality_id uuid, search text default null, page int default 1) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  chosen_page int := greatest(coalesce(page, 1), 1);
  skipped int := (greatest(coalesce(page, 1), 1) - 1) * 50;
  total bigint;
  ids uuid[];
begin
  perform app.require_staff(municipality_id);
  if search is null then
    total := coalesce((select t.total from app.list_totals t
                        where t.list = 'participants' and t.municipality_id = participants.municipality_id), 0);
    ids := array(select p.id from app.participants p
                 where p.municipality_id = participants.municipality_id
                 order by p.first_name, p.id limit 50 offset skipped);
  else
    total := (select count(*) from app.participants p
              where p.municipality_id = participants.municipality_id
                and p.first_name ilike '%' || participants.search || '%');
    ids := array(select p.id from app.participants p
                 where p.municipality_id = participants.municipality_id
                   and p.first_name ilike '%' || participants.search || '%'
                 order by p.first_name, p.id limit 50 offset skipped);
  end if;
  return jsonb_build_object(
    -- app.municipality_ref written out: it reads a table, so it is never inlined.
    'municipality', (select jsonb_build_object('id', m.id, 'name', m.name)
                     from app.municipalities m where m.id = participants.municipality_id),
    'total', total,
    'page', chosen_page,
    'page_size', 50,
    -- In the order of the ids. An array of jsonb becomes a JSON array, at less cost than
    -- jsonb_agg.
    'participants', array(
      select i.item
      from unnest(ids) with ordinality r (id, n)
      join app.participant_items i on i.participant_id = r.id
      order by r.n));
end
$$;
grant execute on function api.participants(uuid, text, int) to authenticated;

-- The ten activities that suit the participant best: covered by an active agreement with their
-- municipality, open to their age, and matching their interests (category, adaptation tag,
-- words of the title or the club's name, or a weekday the activity meets). Each says which
-- interests it matched, so the caseworker sees why it is there; the placement search
-- (api.placement_search) finds the others. Read from the kept choices, so that a
-- municipality's thousands of activities are filtered in one index range, not joined. Definer,
-- as no role reads the kept choices; only the participant's municipality's staff get an answer.
create or replace function app.suggested_activities(participant app.participants) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  -- Stored sorted and in lower case (app.clean_tags).
  interests text[] := participant.interests;
  -- Per interest, in the same order: the category it names, if any, and its pattern. Comparing
  -- categories as the enum spares a text cast per choice, which reads the catalogue each time.
  kinds app.organisation_kind[] := array(
    select case when u.tag = any (enum_range(null::app.organisation_kind)::text[]) then u.tag::app.organisation_kind end
    from unnest(participant.interests) with ordinality u (tag, n) order by u.n);
  patterns text[] := array(select '%' || u.tag || '%' from unnest(participant.interests) with ordinality u (tag, n)
                           order by u.n);
  -- The categories named, without the nulls that would make `= any` unknown rather than false.
  categories app.organisation_kind[] := array_remove(kinds, null);
  days smallint[] := array(select distinct d::smallint from unnest(participant.interests) t,
                                                            unnest(app.weekdays_named(t)) d);
  age int := extract(year from app.today())::int - participant.birth_year;
begin
  if not app.is_staff(participant.municipality_id) then
    return '[]';
  end if;
  -- The best ten by the kinds of match, each a test on the row (naming the matching interests
  -- for each of a municipality's choices was a query per row); then by the interests matched,
  -- the category counting twice as the strongest sign.
  return to_jsonb(array(
    select i.item - 'place' - 'fee_ore' - 'fee_period' - 'slots' - 'municipality_name' - 'organisation_name'
           || jsonb_build_object('organisation', i.item -> 'organisation_name', 'weekdays', best.weekdays,
                                 'matches', m.matches)
    from (
      select c.activity_id, c.title, c.category, c.adaptation_tags, c.words, c.weekdays
      from app.placement_choices c
      where c.municipality_id = participant.municipality_id
        and age between coalesce(c.age_min, 0) and coalesce(c.age_max, 120)
        and (cardinality(interests) = 0 or c.category = any (categories) or c.adaptation_tags && interests
             or c.weekdays && days or c.words like any (patterns))
      order by 2 * (c.category = any (categories))::int + (c.adaptation_tags && interests)::int
               + (c.weekdays && days)::int + (c.words like any (patterns))::int desc, c.title, c.activity_id
      limit 10
    ) best
    cross join lateral (
      select array(select x.tag from unnest(interests, kinds, patterns) x (tag, kind, pattern)
                   where best.category = x.kind or x.tag = any (best.adaptation_tags) or best.words like x.pattern
                      or app.weekdays_named(x.tag) && best.weekdays::int[]) as matches) m
    join app.catalogue_items i on i.activity_id = best.activity_id
    order by cardinality(m.matches) + (best.category = any (categories))::int desc, best.title, best.activity_id));
end
$$;
grant execute on function app.suggested_activities(app.participants) to authenticated;

create or replace function api.participant_page(participant_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  participant app.participants;
begin
  select * into participant from app.participants p where p.id = participant_page.participant_id;
  perform app.require_visible(found);
  return jsonb_build_object(
    'participant', to_jsonb(participant) - 'created_by',
    'age_band', app.age_band(participant.birth_year, app.today()),
    'notes', (select coalesce(jsonb_agg(jsonb_build_object('id', n.id, 'body', n.body, 'created_at', n.created_at,
                                                          'author', (select display_name from app.profiles where user_id = n.author_id))
                                        order by n.created_at desc), '[]')
              from app.participant_notes n where n.participant_id = participant.id),
    'placements', (select coalesce(jsonb_agg(jsonb_build_object(
                     'id', pl.id, 'status', pl.status, 'activity', a.title, 'organisation', o.name,
                     'starts_on', pl.starts_on, 'ends_on', pl.ends_on, 'ended_on', pl.ended_on, 'outcome', pl.outcome)
                     order by pl.starts_on desc), '[]')
                   from app.placements pl join app.activities a on a.id = pl.activity_id
                   join app.organisations o on o.id = pl.organisation_id
                   where pl.participant_id = participant.id),
    'suggestions', case when participant.anonymised_at is null then app.suggested_activities(participant) else '[]' end,
    'timeline', case when app.is_staff(participant.municipality_id) then app.audit_trail('participants', participant.id::text) end);
end
$$;
grant execute on function api.participant_page(uuid) to authenticated;

create function api.add_participant_note(participant_id uuid, body text) returns void
language plpgsql
set search_path = ''
as $$
declare
  municipality uuid;
begin
  select p.municipality_id into municipality from app.participants p where p.id = add_participant_note.participant_id;
  perform app.require_visible(municipality is not null);
  if coalesce(trim(body), '') = '' then
    perform app.refuse('text_required', 'body');
  end if;
  insert into app.participant_notes (participant_id, municipality_id, body, author_id)
  values (participant_id, municipality, trim(body), (select auth.uid()));
end
$$;
grant execute on function api.add_participant_note(uuid, text) to authenticated;

create or replace function api.participant_export(participant_id uuid) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  participant app.participants;
begin
  select * into participant from app.participants p where p.id = participant_export.participant_id;
  perform app.require_visible(found and app.is_staff(participant.municipality_id));
  perform app.record_participant_export(participant.id, participant.municipality_id);
  return jsonb_build_object(
    'exported_at', now(),
    'municipality', app.municipality_ref(participant.municipality_id),
    'participant', to_jsonb(participant),
    'notes', (select coalesce(jsonb_agg(to_jsonb(n) order by n.created_at), '[]')
              from app.participant_notes n where n.participant_id = participant.id),
    'placements', (select coalesce(jsonb_agg(to_jsonb(pl) || jsonb_build_object(
                      'activity', (select title from app.activities where id = pl.activity_id),
                      'organisation', (select name from app.organisations where id = pl.organisation_id),
                      'followups', (select coalesce(jsonb_agg(to_jsonb(f) order by f.occurred_on), '[]')
                                    from app.placement_followups f where f.placement_id = pl.id),
                      'attendance', (select coalesce(jsonb_agg(jsonb_build_object('date', s.on_date, 'status', at.status,
                                                                                 'note', at.note) order by s.on_date), '[]')
                                     from app.attendance at join app.sessions s on s.id = at.session_id
                                     where at.placement_id = pl.id)) order by pl.starts_on), '[]')
                   from app.placements pl where pl.participant_id = participant.id));
end
$$;
grant execute on function api.participant_export(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- API: a participant registered by mistake or twice (caseworker)
------------------------------------------------------------------------------------------
-- The page for putting a mistaken registration right: the participant, what hangs on them,
-- and the participants they could be merged into (those of the same first name, or those
-- whose name contains `search`).
create function api.participant_duplicates(participant_id uuid, search text default null) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  participant app.participants;
begin
  select * into participant from app.participants p where p.id = participant_duplicates.participant_id;
  perform app.require_visible(found);
  return jsonb_build_object(
    'municipality', app.municipality_ref(participant.municipality_id),
    'participant', jsonb_build_object(
      'id', participant.id, 'first_name', participant.first_name, 'birth_year', participant.birth_year,
      'anonymised', participant.anonymised_at is not null,
      'placements', (select count(*) from app.placements pl where pl.participant_id = participant.id),
      'notes', (select count(*) from app.participant_notes n where n.participant_id = participant.id)),
    'search', nullif(trim(search), ''),
    'candidates', (select coalesce(jsonb_agg(jsonb_build_object(
                     'id', c.id, 'first_name', c.first_name, 'birth_year', c.birth_year,
                     'placements', (select count(*) from app.placements pl where pl.participant_id = c.id),
                     'notes', (select count(*) from app.participant_notes n where n.participant_id = c.id))
                     order by c.first_name, c.birth_year, c.id), '[]')
                   from (select * from app.participants c
                          where c.municipality_id = participant.municipality_id and c.id <> participant.id
                            and c.anonymised_at is null
                            and case when nullif(trim(search), '') is null then lower(c.first_name) = lower(participant.first_name)
                                     else c.first_name ilike '%' || trim(search) || '%' end
                          order by c.first_name, c.birth_year, c.id limit 20) c));
end
$$;
grant execute on function api.participant_duplicates(uuid, text) to authenticated;

-- Deletes a participant registered by mistake, with their notes; the trail keeps the deletion
-- without the personal fields (R10). One who was ever placed is refused: merge them instead.
create function api.delete_participant(participant_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  if not exists (select 1 from app.participants p where p.id = delete_participant.participant_id) then
    perform app.not_found();
  end if;
  if exists (select 1 from app.placements pl where pl.participant_id = delete_participant.participant_id) then
    perform app.refuse('participant_has_placements');
  end if;
  delete from app.participants p where p.id = delete_participant.participant_id;
end
$$;
grant execute on function api.delete_participant(uuid) to authenticated;

-- Two records of one person: the one registered twice (merged_id) goes into the one kept. Its
-- placements and notes move to the kept participant, its interests join theirs and it fills
-- the kept one's empty fields; then it is deleted. The trail records the merge on the kept
-- participant, each moved placement, and the deletion. Definer, because notes are append-only
-- for every role and moving them is this function's alone; it checks the caller itself: staff
-- of the municipality both participants belong to (R9).
create function api.merge_participants(merged_id uuid, kept_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  merged app.participants;
  kept app.participants;
  moved_placements int;
  moved_notes int;
begin
  select * into merged from app.participants p where p.id = merged_id for update;
  perform app.require_visible(found and app.is_staff(merged.municipality_id));
  select * into kept from app.participants p where p.id = kept_id and p.municipality_id = merged.municipality_id for update;
  if not found then
    perform app.refuse('merge_target_required', 'kept_id');
  end if;
  if kept.id = merged.id then
    perform app.refuse('merge_same_participant', 'kept_id');
  end if;
  if merged.anonymised_at is not null or kept.anonymised_at is not null then
    perform app.refuse('participant_anonymised', 'kept_id');
  end if;
  update app.placements pl set participant_id = kept.id where pl.participant_id = merged.id;
  get diagnostics moved_placements = row_count;
  update app.participant_notes n set participant_id = kept.id where n.participant_id = merged.id;
  get diagnostics moved_notes = row_count;
  update app.participants p
     set interests = app.clean_tags(kept.interests || merged.interests),
         contact_name = coalesce(kept.contact_name, merged.contact_name),
         contact_phone = coalesce(kept.contact_phone, merged.contact_phone),
         activity_note = coalesce(nullif(kept.activity_note, ''), merged.activity_note),
         wishes = coalesce(nullif(kept.wishes, ''), merged.wishes)
   where p.id = kept.id;
  insert into app.audit_events (actor_id, actor_role, table_name, record_id, action, old_row, new_row, municipality_id)
  values ((select auth.uid()), coalesce(auth.role(), current_user), 'participants', kept.id::text, 'update',
          jsonb_build_object('merged_participant', null, 'moved_placements', 0, 'moved_notes', 0),
          jsonb_build_object('merged_participant', merged.id, 'moved_placements', moved_placements,
                             'moved_notes', moved_notes),
          kept.municipality_id);
  delete from app.participants p where p.id = merged.id;
end
$$;
grant execute on function api.merge_participants(uuid, uuid) to authenticated;

------------------------------------------------------------------------------------------
-- API: placements (caseworker)
------------------------------------------------------------------------------------------

-- Places a participant in an activity covered by an active agreement between the
-- participant's municipality and the activity's organisation. The decision period defaults
-- to one year; its facilitators are those the agreement names for the activity (R7).
create function api.place_participant(participant_id uuid, activity_id uuid, starts_on date,
                                      ends_on date default null) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  participant app.participants;
  activity app.activities;
  covering record;
  period_end date := coalesce(ends_on, (starts_on + interval '1 year' - interval '1 day')::date);
  created uuid;
begin
  select * into participant from app.participants p where p.id = place_participant.participant_id;
  perform app.require_visible(found and participant.anonymised_at is null);
  select * into activity from app.activities a where a.id = place_participant.activity_id;
  if not found then
    perform app.refuse('activity_not_found', 'activity_id');
  end if;
  perform app.check_period(starts_on, period_end, 'starts_on', 'ends_on', true);
  select ag.id as agreement_id into covering
    from app.agreements ag join app.agreement_activities aa on aa.agreement_id = ag.id
   where ag.municipality_id = participant.municipality_id and ag.organisation_id = activity.organisation_id
     and ag.status = 'active' and aa.activity_id = activity.id
     and place_participant.starts_on between ag.valid_from and ag.valid_to
   order by ag.activated_at desc limit 1;
  if covering is null then
    perform app.refuse('no_active_agreement', 'activity_id');
  end if;
  insert into app.placements (participant_id, municipality_id, activity_id, organisation_id, agreement_id,
                              status, starts_on, ends_on, created_by)
  values (participant.id, participant.municipality_id, activity.id, activity.organisation_id, covering.agreement_id,
          case when starts_on <= app.today() then 'active' else 'planned' end::app.placement_status,
          starts_on, period_end, (select auth.uid()))
  returning id into created;
  return created;
end
$$;
grant execute on function api.place_participant(uuid, uuid, date, date) to authenticated;

-- Every activity the caseworker can place the participant in, not only those matching the
-- participant's interests: the activities an active agreement with the participant's
-- municipality covers, found by words of the activity's title or its organisation's name, by
-- category and by weekday, 20 to a page in title order. Each says which of the participant's
-- interests it matches and whether the participant is already placed there. Definer: it reads
-- the kept choices and catalogue items, which no role reads, and answers only the
-- participant's municipality's staff; to anyone else the participant is not there.
create function api.placement_search(participant_id uuid, search text default null,
                                     category app.organisation_kind default null, weekday int default null,
                                     page int default 1) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  participant app.participants;
  chosen_page int := greatest(coalesce(page, 1), 1);
  -- The words as typed, matched anywhere; % and _ are letters here, not wildcards.
  pattern text := '%' || replace(replace(replace(lower(nullif(trim(search), '')), '\', '\\'), '%', '\%'), '_', '\_')
                  || '%';
  total bigint;
  ids uuid[];
  placed uuid[];
begin
  select * into participant from app.participants p where p.id = placement_search.participant_id;
  perform app.require_visible(found and participant.anonymised_at is null and app.is_staff(participant.municipality_id));
  -- A page walks a choices index in title order and stops after its 20. Unfiltered, a kept
  -- plan does that and the total is kept. A kept plan for the filters cannot know which are
  -- absent, guesses that almost nothing matches and sorts every choice of the municipality
  -- instead, so the filtered count and page are planned for the values given.
  if placement_search.category is null and placement_search.weekday is null and pattern is null then
    total := coalesce((select t.total from app.list_totals t
                        where t.list = 'placement_choices' and t.municipality_id = participant.municipality_id), 0);
    ids := array(select c.activity_id from app.placement_choices c
                 where c.municipality_id = participant.municipality_id
                 order by c.title, c.activity_id limit 20 offset (chosen_page - 1) * 20);
  else
    execute $sql$
      with matching as not materialized (
        select c.activity_id, c.title from app.placement_choices c
        where c.municipality_id = $1 and ($2 is null or c.category = $2)
          and ($3 is null or c.weekdays @> array[$3::smallint]) and ($4 is null or c.words like $4))
      select (select count(*) from matching),
             array(select m.activity_id from matching m order by m.title, m.activity_id limit 20 offset $5)
    $sql$ into total, ids
    using participant.municipality_id, placement_search.category, placement_search.weekday, pattern,
          (chosen_page - 1) * 20;
  end if;
  placed := array(select pl.activity_id from app.placements pl
                  where pl.participant_id = participant.id and pl.status <> 'ended');
  return jsonb_build_object(
    'participant', jsonb_build_object('id', participant.id, 'first_name', participant.first_name,
                                      'birth_year', participant.birth_year, 'interests', participant.interests,
                                      'municipality_id', participant.municipality_id),
    'total', total,
    'page', chosen_page,
    'page_size', 20,
    'activities', array(
      select i.item || jsonb_build_object(
               'placed', r.id = any (placed),
               'matches', array(select t from unnest(participant.interests) t
                                where t = c.category::text or i.item -> 'adaptation_tags' ? t
                                   or c.words like '%' || lower(t) || '%'
                                   or app.weekdays_named(t) && c.weekdays::int[]
                                order by t))
      from unnest(ids) with ordinality r (id, n)
      -- A probe per id (offset 0): as a join, the kept plan guessed a few hundred choices per
      -- municipality once there were hundreds of municipalities, and hashed the 20 ids against
      -- every choice of the municipality (2 800 in Bergen).
      cross join lateral (select c.category, c.words, c.weekdays from app.placement_choices c
                           where c.municipality_id = participant.municipality_id and c.activity_id = r.id
                           offset 0) c
      join app.catalogue_items i on i.activity_id = r.id
      order by r.n));
end
$$;
grant execute on function api.placement_search(uuid, text, app.organisation_kind, int, int) to authenticated;

create function api.add_followup(placement_id uuid, occurred_on date, body text) returns void
language plpgsql
set search_path = ''
as $$
declare
  municipality uuid;
begin
  select p.municipality_id into municipality from app.placements p
   where p.id = add_followup.placement_id and p.municipality_id in (select app.my_municipalities());
  perform app.require_visible(municipality is not null);
  if coalesce(trim(body), '') = '' then
    perform app.refuse('text_required', 'body');
  end if;
  if occurred_on is null or occurred_on > app.today() then
    perform app.refuse('date_not_in_future', 'occurred_on');
  end if;
  insert into app.placement_followups (placement_id, municipality_id, occurred_on, body, author_id)
  values (placement_id, municipality, occurred_on, trim(body), (select auth.uid()));
end
$$;
grant execute on function api.add_followup(uuid, date, text) to authenticated;

create function api.end_placement(placement_id uuid, ended_on date, outcome app.placement_outcome,
                                  evaluation text default '') returns void
language plpgsql
set search_path = ''
as $$
declare
  placement app.placements;
begin
  select * into placement from app.placements p
   where p.id = end_placement.placement_id and p.municipality_id in (select app.my_municipalities()) for update;
  perform app.require_visible(found);
  if placement.status = 'ended' then
    perform app.refuse('placement_already_ended');
  end if;
  if outcome is null then
    perform app.refuse('outcome_required', 'outcome');
  end if;
  if ended_on is null or ended_on < placement.starts_on or ended_on > app.today() then
    perform app.refuse('end_date_invalid', 'ended_on');
  end if;
  update app.placements p
     set status = 'ended', ended_on = end_placement.ended_on, outcome = end_placement.outcome,
         evaluation = coalesce(trim(end_placement.evaluation), '')
   where p.id = placement.id;
end
$$;
grant execute on function api.end_placement(uuid, date, app.placement_outcome, text) to authenticated;

-- The caseworker marks a day ahead on which the participant will not come; the
-- facilitator's week shows it. Entering the same day twice keeps one.
create function api.add_planned_absence(placement_id uuid, on_date date) returns void
language plpgsql
set search_path = ''
as $$
declare
  placement app.placements;
begin
  select * into placement from app.placements p
   where p.id = add_planned_absence.placement_id and p.municipality_id in (select app.my_municipalities());
  perform app.require_visible(found);
  if on_date is null then
    perform app.refuse('date_required', 'on_date');
  end if;
  if on_date < app.today() then
    perform app.refuse('planned_absence_in_past', 'on_date');
  end if;
  if placement.status = 'ended' or on_date < placement.starts_on or on_date > placement.ends_on then
    perform app.refuse('planned_absence_outside_placement', 'on_date');
  end if;
  insert into app.planned_absences (placement_id, municipality_id, on_date, created_by)
  values (placement.id, placement.municipality_id, on_date, (select auth.uid()))
  on conflict do nothing;
end
$$;
grant execute on function api.add_planned_absence(uuid, date) to authenticated;

-- Taking back a day already taken back changes nothing (a double tap is not an error).
create function api.remove_planned_absence(placement_id uuid, on_date date) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  if not exists (select 1 from app.placements p
                 where p.id = remove_planned_absence.placement_id and p.municipality_id in (select app.my_municipalities())) then
    perform app.not_found();
  end if;
  delete from app.planned_absences a
   where a.placement_id = remove_planned_absence.placement_id and a.on_date = remove_planned_absence.on_date;
end
$$;
grant execute on function api.remove_planned_absence(uuid, date) to authenticated;

create or replace function api.placements(municipality_id uuid, filter text default null, page int default 1) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  chosen_page int := greatest(coalesce(page, 1), 1);
  skipped int := (greatest(coalesce(page, 1), 1) - 1) * 50;
  today date := app.today();
  total bigint;
  ids uuid[];
begin
  perform app.require_staff(municipality_id);
  if filter is null then
    total := coalesce((select t.total from app.list_totals t
                        where t.list = 'placements' and t.municipality_id = placements.municipality_id), 0);
    ids := array(select pl.id from app.placements pl
                 where pl.municipality_id = placements.municipality_id
                 order by pl.ends_on, pl.id limit 50 offset skipped);
  elsif filter = 'ending_soon' then
    total := (select count(*) from app.placements pl
              where pl.municipality_id = placements.municipality_id and pl.status <> 'ended' and pl.ends_on <= today + 30);
    ids := array(select pl.id from app.placements pl
                 where pl.municipality_id = placements.municipality_id and pl.status <> 'ended' and pl.ends_on <= today + 30
                 order by pl.ends_on, pl.id limit 50 offset skipped);
  elsif filter = 'no_attendance' then
    -- Active placements where nobody was marked present for two weeks (app.quiet_placements).
    total := app.quiet_placements(placements.municipality_id, today);
    -- Read in list order from the open placements' index (placements_open_order_idx), each
    -- checked against its kept row, so the first pages stop after 50.
    ids := array(select pl.id from app.placements pl join app.placement_items i on i.placement_id = pl.id
                 where pl.municipality_id = placements.municipality_id and pl.status <> 'ended'
                   and i.municipality_id = placements.municipality_id and i.quiet_since < today - 14
                 order by pl.ends_on, pl.id limit 50 offset skipped);
  else
    -- A filter the list does not know matches nothing.
    total := 0;
    ids := '{}';
  end if;
  return jsonb_build_object(
    'filter', filter,
    'total', total,
    'page', chosen_page,
    'page_size', 50,
    -- In the order of the ids. An array of jsonb becomes a JSON array.
    'placements', array(
      select i.item
      from unnest(ids) with ordinality r (id, n)
      join app.placement_items i on i.placement_id = r.id
      order by r.n));
end
$$;
grant execute on function api.placements(uuid, text, int) to authenticated;

-- Who facilitated the placement, from when to when (R7): each accepted naming for the days
-- it overlapped the placement, oldest first, so that a handover reads as one ending and the
-- next beginning. Definer, because caseworkers may not read organisation members' profiles;
-- it answers only to those who may read the placement.
create function app.placement_facilitators(placement uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(jsonb_agg(jsonb_build_object('display_name', pr.display_name, 'email', pr.email,
                                                 'from', held.first_day, 'to', held.last_day)
                              order by held.first_day, pr.display_name), '[]')
    from app.placements p
    join app.facilitator_namings n on n.agreement_id = p.agreement_id and n.activity_id = p.activity_id
    join app.profiles pr on pr.user_id = n.facilitator_id
    cross join lateral (
      select greatest((n.accepted_at at time zone 'Europe/Oslo')::date, p.starts_on) as first_day,
             least((n.ended_at at time zone 'Europe/Oslo')::date, p.ended_on) as last_day) held
    where p.id = placement and n.accepted_at is not null
      and (held.last_day is null or held.first_day <= held.last_day)
      and (app.is_staff(p.municipality_id) or app.is_member(p.organisation_id, 'admin')
           or app.is_placement_facilitator(p.id)));
end
$$;
grant execute on function app.placement_facilitators(uuid) to authenticated;

-- The placement page; follow-ups, the evaluation and the audit trail are for staff only.
create or replace function api.placement_page(placement_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  placement app.placements;
  is_staff boolean;
begin
  select * into placement from app.placements p where p.id = placement_page.placement_id;
  perform app.require_visible(found);
  is_staff := app.is_staff(placement.municipality_id);
  return jsonb_build_object(
    'placement', to_jsonb(placement) - 'created_by' - case when is_staff then '' else 'evaluation' end,
    'participant', app.participant_card(placement.id),
    'activity', (select jsonb_build_object('id', a.id, 'title', a.title) from app.activities a where a.id = placement.activity_id),
    'organisation', app.organisation_ref(placement.organisation_id),
    'facilitators', app.placement_facilitators(placement.id),
    'followups', case when is_staff then
                   (select coalesce(jsonb_agg(jsonb_build_object('occurred_on', f.occurred_on, 'body', f.body,
                                                                 'author', (select display_name from app.profiles where user_id = f.author_id))
                                              order by f.occurred_on desc), '[]')
                    from app.placement_followups f where f.placement_id = placement.id) end,
    'attendance', (select coalesce(jsonb_agg(jsonb_build_object('date', s.on_date, 'status', at.status, 'note', at.note)
                                             order by s.on_date desc), '[]')
                   from app.attendance at join app.sessions s on s.id = at.session_id where at.placement_id = placement.id),
    'planned_absences', case when is_staff then
                          array(select a.on_date from app.planned_absences a
                                where a.placement_id = placement.id and a.on_date >= app.today() order by a.on_date) end,
    'timeline', case when is_staff then app.audit_trail('placements', placement.id::text) end,
    'is_staff', is_staff);
end
$$;
grant execute on function api.placement_page(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- API: the facilitator's week, attendance and sessions (facilitator, organisation admin)
------------------------------------------------------------------------------------------
-- The sessions the weekly schedule gives the activities between the two dates, inside their
-- seasons. SQL without a search_path, so that it is inlined into app.ensure_sessions.
create function app.scheduled_sessions(activity_ids uuid[], from_date date, to_date date)
returns table (activity_id uuid, on_date date, starts_at time, ends_at time)
language sql stable
as $$
  select a.id, d::date, s.starts_at, s.ends_at
  from app.activities a
  join app.activity_slots s on s.activity_id = a.id
  cross join generate_series(from_date, to_date, interval '1 day') d
  where a.id = any (activity_ids)
    and extract(isodow from d)::int = s.weekday
    and (a.season_start is null or d::date >= a.season_start)
    and (a.season_end is null or d::date <= a.season_end)
$$;

-- Creates the sessions the weekly schedule gives the activities between the two dates, where
-- they are missing. PL/pgSQL, so that its statements are planned once per pooled connection
-- (a SQL function with `set search_path` is planned on every call). Once a week's sessions
-- exist, as they do for every look but the first, only the read runs: it costs less than
-- setting up an insert that finds nothing missing.
create or replace function app.ensure_sessions(activity_ids uuid[], from_date date, to_date date) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  if not exists (
    select 1 from app.scheduled_sessions(activity_ids, from_date, to_date) w
    where not exists (select 1 from app.sessions x
                      where x.activity_id = w.activity_id and x.on_date = w.on_date and x.starts_at = w.starts_at)) then
    return;
  end if;
  insert into app.sessions (activity_id, on_date, starts_at, ends_at)
  select w.activity_id, w.on_date, w.starts_at, w.ends_at from app.scheduled_sessions(activity_ids, from_date, to_date) w
  on conflict (activity_id, on_date, starts_at) do nothing;
end
$$;
grant execute on function app.ensure_sessions(uuid[], date, date) to authenticated, service_role;

-- The facilitator's week: the activities the caller may plan, and each session with the
-- caller's participants and their marks. One query over the placements the week reads
-- answers what app.may_plan_sessions would ask per activity, and each participant's card is
-- built inline (docs/performance.md).
create or replace function api.facilitator_week(week_start date default null) returns jsonb
language plpgsql security definer
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  caller uuid := app.require_user();
  today date := app.today();
  monday date := coalesce(week_start, app.today()) - (extract(isodow from coalesce(week_start, app.today()))::int - 1);
  mine uuid[];
  planned uuid[];
  activity_ids uuid[];
  plannable uuid[];
begin
  -- The placements the caller logs (R7); those they only read after a handover are not in
  -- the week.
  select coalesce(array_agg(f.placement_id), '{}'), coalesce(array_agg(distinct f.activity_id), '{}'),
         coalesce(array_agg(distinct f.activity_id) filter (where f.status = 'active'), '{}')
    into mine, activity_ids, plannable
  from app.my_facilitated_placements() f
  where f.may_log;
  -- Placements that have not started, on the sessions ahead, so that the facilitator knows
  -- who is coming: those of the activities the caller is named for now (a planned placement
  -- belongs to whoever is named when it starts), with the role accepted (R7).
  select coalesce(array_agg(p.id), '{}'), activity_ids || coalesce(array_agg(distinct p.activity_id), '{}')
    into planned, activity_ids
  from app.facilitator_namings n
  join app.placements p on p.agreement_id = n.agreement_id and p.activity_id = n.activity_id and p.status = 'planned'
  join app.memberships m on m.organisation_id = p.organisation_id and m.user_id = n.facilitator_id
                        and m.role = 'facilitator'
  where n.facilitator_id = caller and n.accepted_at is not null and n.ended_at is null;
  -- app.may_plan_sessions: the facilitator of an active placement there (above), or an admin
  -- of the activity's organisation.
  plannable := plannable || array(
    select a.id from app.activities a
    where a.id = any (activity_ids) and not a.id = any (plannable)
      and exists (select 1 from app.memberships m
                  where m.organisation_id = a.organisation_id and m.user_id = caller and m.role = 'admin'));
  perform app.ensure_sessions(activity_ids, monday, monday + 6);
  return jsonb_build_object(
    'week_start', monday,
    'today', today,
    -- Arrays of jsonb, which become JSON arrays ('[]' when empty), at less cost than
    -- jsonb_agg (docs/performance.md).
    'activities', array(select jsonb_build_object('id', a.id, 'title', a.title)
                        from app.activities a where a.id = any (plannable) order by a.title),
    'sessions', array(select jsonb_build_object(
        'id', s.id, 'activity_id', s.activity_id, 'activity', a.title, 'on_date', s.on_date,
        'starts_at', to_char(s.starts_at, 'HH24:MI'), 'ends_at', to_char(s.ends_at, 'HH24:MI'),
        'cancelled', s.cancelled, 'cancel_reason', s.cancel_reason, 'is_extra', s.is_extra,
        'may_plan', s.activity_id = any (plannable),
        'participants', array(select jsonb_build_object(
                            'placement_id', p.id,
                            'card', jsonb_build_object(
                              'first_name', pa.first_name,
                              'birth_year', pa.birth_year,
                              'note', case when pa.share_activity_note and pa.activity_note <> '' then pa.activity_note end),
                            'status', at.status, 'note', at.note,
                            'planned_absence', ab.on_date is not null,
                            -- Why the mark cannot be changed here (R4), known before anyone tries.
                            'locked', case when s.on_date > today then 'attendance_in_future'
                                           when s.on_date < today - mu.attendance_edit_window_days
                                             then 'attendance_edit_window_closed' end,
                            'window_days', mu.attendance_edit_window_days)
                         from app.placements p
                         join app.participants pa on pa.id = p.participant_id
                         join app.municipalities mu on mu.id = p.municipality_id
                         left join app.attendance at on at.placement_id = p.id and at.session_id = s.id
                         left join app.planned_absences ab on ab.placement_id = p.id and ab.on_date = s.on_date
                         where p.id = any (mine || planned) and p.activity_id = s.activity_id
                           and s.on_date between p.starts_on and coalesce(p.ended_on, p.ends_on)
                         order by p.id))
      from app.sessions s join app.activities a on a.id = s.activity_id
      where s.activity_id = any (activity_ids) and s.on_date between monday and monday + 6
      order by s.on_date, s.starts_at),
    -- Each participant's last eight sessions up to today, oldest first, so that the
    -- facilitator notices someone drifting away; a session nobody logged has no status.
    'history', coalesce((select jsonb_object_agg(p.id, array(
        select jsonb_build_object('on_date', h.on_date, 'status', h.status)
        from (select s.on_date, s.starts_at, case when s.cancelled then 'cancelled' else at.status::text end as status
              from app.sessions s
              left join app.attendance at on at.session_id = s.id and at.placement_id = p.id
              where s.activity_id = p.activity_id
                and s.on_date between p.starts_on and least(today, coalesce(p.ended_on, p.ends_on))
              order by s.on_date desc, s.starts_at desc
              limit 8) h
        order by h.on_date, h.starts_at))
      from app.placements p where p.id = any (mine)), '{}'));
end
$$;
grant execute on function api.facilitator_week(date) to authenticated;

-- Saves a session's marks. Security definer, so that the upsert does not pay for three
-- policies per mark, and for the select policy that ON CONFLICT DO UPDATE applies, which
-- builds every placement the caller may read (docs/performance.md). It asks the same
-- questions itself, for all marks in one query: R4 (what app.check_attendance refuses) and
-- who may log (app.may_log_attendance, R7), refusing the first mark that fails with the error
-- the trigger or the policy would give. The trigger remains the wall for every other writer.
create or replace function api.save_attendance(session_id uuid, marks jsonb, save_key uuid default null) returns int
language plpgsql security definer
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
  today date := app.today();
  -- The caller's own roles: a handful of rows, read once, not asked per mark.
  staff_of uuid[] := array(select st.municipality_id from app.staff st where st.user_id = caller);
  admin_of uuid[] := array(select ms.organisation_id from app.memberships ms where ms.user_id = caller and ms.role = 'admin');
  logged uuid[] := array(select f.placement_id from app.my_facilitated_placements() f where f.may_log);
  refusal text;
  window_days int;
  saved int;
begin
  if jsonb_typeof(marks) <> 'array' then
    perform app.refuse('marks_invalid', 'marks');
  end if;
  -- A save sent again with its key (a retry) answers what the first one saved. The key is
  -- taken before the marks are checked: a concurrent retry waits here for the first, and a
  -- refusal rolls the key back with the marks, so the retry is refused the same way.
  if save_key is not null then
    insert into app.attendance_saves (user_id, save_key) values (caller, save_attendance.save_key) on conflict do nothing;
    if not found then
      return (select k.marks_saved from app.attendance_saves k
              where k.user_id = caller and k.save_key = save_attendance.save_key);
    end if;
  end if;
  -- Joins, not subqueries: with a subquery per mark the planner, guessing 100 marks, reads
  -- whole tables into hash tables.
  select c.refusal, mu.attendance_edit_window_days into refusal, window_days
  from jsonb_array_elements(marks) with ordinality m (mark, n)
  left join app.placements p on p.id = (m.mark ->> 'placement_id')::uuid
  left join app.sessions s on s.id = save_attendance.session_id and s.activity_id = p.activity_id
  left join app.municipalities mu on mu.id = p.municipality_id
  cross join lateral (
    select
      case
        when s.on_date is null then 'session_not_of_placement'
        when s.on_date > today then 'attendance_in_future'
        when s.on_date < p.starts_on or s.on_date > coalesce(p.ended_on, p.ends_on) then 'attendance_outside_placement'
        when s.on_date < today - mu.attendance_edit_window_days and not p.municipality_id = any (staff_of)
          then 'attendance_edit_window_closed'
        -- app.may_log_attendance: a facilitator who logs the placement (R7), an admin of its
        -- organisation, or staff of its municipality. Unknown (null) is no.
        when not coalesce(p.municipality_id = any (staff_of)
                          or p.organisation_id = any (admin_of)
                          or p.id = any (logged), false)
          then 'not_allowed'
      end as refusal
  ) c
  where m.mark ->> 'status' is not null and c.refusal is not null
  order by m.n
  limit 1;
  if refusal = 'not_allowed' then
    -- The error row-level security gives the other writers of app.attendance.
    raise exception using errcode = '42501', message = 'new row violates row-level security policy for table "attendance"';
  elsif refusal = 'attendance_edit_window_closed' then
    perform app.refuse(refusal, 'session_id', jsonb_build_object('days', window_days));
  elsif refusal is not null then
    perform app.refuse(refusal, 'session_id');
  end if;

  insert into app.attendance (placement_id, session_id, status, note)
  select (m ->> 'placement_id')::uuid, save_attendance.session_id, (m ->> 'status')::app.attendance_status,
         nullif(trim(m ->> 'note'), '')
  from jsonb_array_elements(marks) m
  where m ->> 'status' is not null
  on conflict on constraint attendance_pkey do update
    set status = excluded.status, note = excluded.note
    where app.attendance.status is distinct from excluded.status or app.attendance.note is distinct from excluded.note;
  get diagnostics saved = row_count;
  if save_key is not null then
    update app.attendance_saves k set marks_saved = saved where k.user_id = caller and k.save_key = save_attendance.save_key;
  end if;
  return saved;
end
$$;
grant execute on function api.save_attendance(uuid, jsonb, uuid) to authenticated;

create or replace function api.add_session(activity_id uuid, on_date date, starts_at time, ends_at time) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  created uuid;
begin
  perform app.require_visible(app.may_plan_sessions(add_session.activity_id));
  if on_date is null then
    perform app.refuse('date_required', 'on_date');
  end if;
  if starts_at is null then
    perform app.refuse('time_required', 'starts_at');
  end if;
  if ends_at is null or ends_at <= starts_at then
    perform app.refuse('slot_invalid', 'ends_at');
  end if;
  insert into app.sessions (activity_id, on_date, starts_at, ends_at, is_extra, created_by)
  values (activity_id, on_date, starts_at, ends_at, true, (select auth.uid()))
  on conflict do nothing
  returning id into created;
  if created is null then
    perform app.refuse('session_exists', 'starts_at');
  end if;
  return created;
end
$$;
grant execute on function api.add_session(uuid, date, time, time) to authenticated;

-- Cancelling twice keeps the first reason; the attendance of a cancelled session stops
-- counting (app.count_cancelled_session), so none is needed.
create or replace function api.cancel_session(session_id uuid, reason text default null) returns void
language plpgsql
set search_path = ''
as $$
declare
  session app.sessions;
begin
  select * into session from app.sessions s where s.id = cancel_session.session_id;
  perform app.require_visible(found and app.may_plan_sessions(session.activity_id));
  if session.cancelled then
    perform app.refuse('session_already_cancelled');
  end if;
  if length(trim(coalesce(reason, ''))) > 500 then
    perform app.refuse('reason_too_long', 'reason');
  end if;
  update app.sessions s set cancelled = true, cancel_reason = nullif(trim(reason), '') where s.id = session.id;
end
$$;
grant execute on function api.cancel_session(uuid, text) to authenticated;

------------------------------------------------------------------------------------------
-- Daily job: planned placements start, and R10 anonymisation. The local stack runs it;
-- on a hosted project schedule it with pg_cron like the agreement lifecycle.
------------------------------------------------------------------------------------------
create function api.run_placement_lifecycle(today date default app.today())
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  started int;
  anonymised int;
begin
  with activated as (
    update app.placements set status = 'active' where status = 'planned' and starts_on <= today returning id)
  select count(*) into started from activated;

  -- R10: personal data goes a set time after the last placement ended; birth year,
  -- placements, outcomes and attendance stay, so statistics do not change.
  with due as (
    select pa.id from app.participants pa join app.municipalities m on m.id = pa.municipality_id
    where pa.anonymised_at is null
      and exists (select 1 from app.placements p where p.participant_id = pa.id)
      and not exists (select 1 from app.placements p where p.participant_id = pa.id
                        and (p.status <> 'ended' or p.ended_on > today - make_interval(months => m.retention_months)))
  ),
  cleared as (
    update app.participants pa
       set first_name = 'Anonymisert', contact_name = null, contact_phone = null, activity_note = '',
           share_activity_note = false, interests = '{}', wishes = '', anonymised_at = now()
      from due where pa.id = due.id
    returning pa.id),
  notes as (delete from app.participant_notes n using cleared where n.participant_id = cleared.id),
  followups as (delete from app.placement_followups f using app.placements p, cleared
                 where f.placement_id = p.id and p.participant_id = cleared.id),
  evaluations as (update app.placements p set evaluation = '' from cleared where p.participant_id = cleared.id),
  attendance_notes as (update app.attendance at set note = null from app.placements p, cleared
                        where at.placement_id = p.id and p.participant_id = cleared.id and at.note is not null)
  select count(*) into anonymised from cleared;

  return jsonb_build_object('started', started, 'anonymised', anonymised);
end
$$;
grant execute on function api.run_placement_lifecycle(date) to service_role;

------------------------------------------------------------------------------------------
-- Session planning (R4, R7)
------------------------------------------------------------------------------------------
-- Who may add and cancel an activity's sessions: a facilitator who logs one of its active
-- placements, or an admin of its organisation. Other members may not: a facilitator of
-- another of its activities may not even see who is placed here (R7).
create function app.may_plan_sessions(activity uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.activities a where a.id = activity and app.is_member(a.organisation_id, 'admin'))
      or exists (select 1 from app.my_facilitated_placements() f
                  where f.activity_id = activity and f.status = 'active' and f.may_log)
$$;
grant execute on function app.may_plan_sessions(uuid) to authenticated, service_role;

create policy "Sessions are added by those who may plan them" on app.sessions
  for insert to authenticated with check (app.may_plan_sessions(activity_id));

create policy "Sessions are cancelled by those who may plan them" on app.sessions
  for update to authenticated using (app.may_plan_sessions(activity_id)) with check (app.may_plan_sessions(activity_id));

------------------------------------------------------------------------------------------
-- Access-request export: only the caseworkers of the participant's municipality, and
-- every export leaves a trace (who took out whose data, when). The trail takes only
-- insert/update/delete, so an export is recorded as an insert into the pseudo-table
-- 'participant_exports', without the data itself.
------------------------------------------------------------------------------------------
create function app.record_participant_export(participant uuid, municipality uuid) returns void
language sql security definer
set search_path = ''
as $$
  insert into app.audit_events (actor_id, actor_role, table_name, record_id, action, new_row, municipality_id)
  values ((select auth.uid()), coalesce(auth.role(), current_user), 'participant_exports', participant::text, 'insert',
          jsonb_build_object('participant_id', participant), municipality)
$$;
grant execute on function app.record_participant_export(uuid, uuid) to authenticated;

------------------------------------------------------------------------------------------
-- API: an activity's coming sessions (organisation admin, facilitator)
------------------------------------------------------------------------------------------
-- Four weeks from the Monday of `from_date` (default this week), generated from the weekly
-- schedule like the facilitator's week, to cancel one or add an extra one without going
-- through the week of attendance. Only for those who may plan the activity's sessions.
create function api.activity_sessions(activity_id uuid, from_date date default null) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  monday date := coalesce(from_date, app.today()) - (extract(isodow from coalesce(from_date, app.today()))::int - 1);
  activity app.activities;
begin
  select * into activity from app.activities a where a.id = activity_sessions.activity_id;
  perform app.require_visible(found and app.may_plan_sessions(activity.id));
  perform app.ensure_sessions(array[activity.id], monday, monday + 27);
  return jsonb_build_object(
    'activity', jsonb_build_object('id', activity.id, 'title', activity.title),
    'organisation', app.organisation_ref(activity.organisation_id),
    'from', monday,
    'to', monday + 27,
    'today', app.today(),
    'sessions', (select coalesce(jsonb_agg(jsonb_build_object(
        'id', s.id, 'on_date', s.on_date, 'starts_at', to_char(s.starts_at, 'HH24:MI'),
        'ends_at', to_char(s.ends_at, 'HH24:MI'), 'cancelled', s.cancelled, 'cancel_reason', s.cancel_reason,
        'is_extra', s.is_extra) order by s.on_date, s.starts_at), '[]')
      from app.sessions s where s.activity_id = activity.id and s.on_date between monday and monday + 27));
end
$$;
grant execute on function api.activity_sessions(uuid, date) to authenticated;

------------------------------------------------------------------------------------------
-- Suggested activities: interests that name a weekday
------------------------------------------------------------------------------------------
-- The ISO weekdays an interest tag names, in bokmål ("helg" for Saturday and Sunday), so that
-- a tag such as "tirsdag" suggests activities that meet then. It is inlined where it is asked
-- per row: it names no table, sets no search_path, and its arrays are immutable constructors
-- (a text cast to int[] would be stable, which stops an immutable function's inlining).
create or replace function app.weekdays_named(tag text) returns int[]
language sql immutable
as $$
  select case lower(trim(tag))
    when 'mandag' then array[1] when 'tirsdag' then array[2] when 'onsdag' then array[3]
    when 'torsdag' then array[4] when 'fredag' then array[5] when 'lørdag' then array[6]
    when 'søndag' then array[7] when 'helg' then array[6, 7] else array[]::int[] end
$$;
grant execute on function app.weekdays_named(text) to authenticated, service_role;

------------------------------------------------------------------------------------------
-- Monthly attendance counts (app.attendance_months), kept per statement
------------------------------------------------------------------------------------------
-- A facilitator saves a whole session at once, so each statement brings the (placement,
-- month) pairs it touched up to date together, not one mark at a time (docs/performance.md).

-- Hands what a statement took away (-1) and added (+1) to app.apply_attendance_changes.
create or replace function app.count_attendance_marks() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- One aggregate pass over the transition tables keeps the arrays in step.
  if tg_op = 'INSERT' then
    perform app.apply_attendance_changes(array_agg(placement_id), array_agg(session_id), array_agg(status), array_agg(1))
    from new_rows;
  elsif tg_op = 'DELETE' then
    perform app.apply_attendance_changes(array_agg(placement_id), array_agg(session_id), array_agg(status), array_agg(-1))
    from old_rows;
  else
    perform app.apply_attendance_changes(array_agg(placement_id), array_agg(session_id), array_agg(status), array_agg(sign))
    from (select placement_id, session_id, status, -1 as sign from old_rows
          union all select placement_id, session_id, status, 1 from new_rows) changed;
  end if;
  return null;
end
$$;

select app.create_statement_triggers('app.attendance', 'count', 'app.count_attendance_marks()');

-- The placement list's order: a page is read from the index and stops after 50, without
-- sorting every placement of the municipality.
create index placements_list_order_idx on app.placements (municipality_id, ends_on, id);

-- Recounts the given (placement_ids[i], months[i]) pairs from the marks. Definer: it keeps a
-- derived table that no role writes directly.
create function app.recount_attendance_months(placement_ids uuid[], months date[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.attendance_months (placement_id, municipality_id, organisation_id, month, present, absent, last_present_on)
  select p.id, p.municipality_id, p.organisation_id, t.month, c.present, c.absent, c.last_present_on
  from (select distinct placement_id, month from unnest(placement_ids, months) as t (placement_id, month)) t
  join app.placements p on p.id = t.placement_id
  cross join lateral (
    select count(*) filter (where at.status = 'present') as present, count(*) filter (where at.status = 'absent') as absent,
           max(s.on_date) filter (where at.status = 'present') as last_present_on
    from app.attendance at join app.sessions s on s.id = at.session_id
    where at.placement_id = p.id and not s.cancelled
      and s.on_date >= t.month and s.on_date < t.month + interval '1 month'
  ) c
  on conflict (placement_id, month) do update
    set present = excluded.present, absent = excluded.absent, last_present_on = excluded.last_present_on;
end
$$;
grant execute on function app.recount_attendance_months(uuid[], date[]) to authenticated, service_role;

-- Applies marks taken away (sign -1) and added (sign +1) to their months. Definer, as the recount.
--
-- It adds what the statement added and takes away what it took away, one session lookup per
-- changed mark, where a recount reads every mark of the placement (docs/performance.md). The
-- latest present day can be kept that way unless it is the one taken away; then it is read
-- from the month's marks on the sessions of the placement's own activity, which are all of
-- the month's marks when their counts equal the kept counts (app.check_attendance refuses a
-- mark for another activity's session). Otherwise, or when the month has no row yet, the pair
-- is recounted.
--
-- The update adds to the row as it is when locked, so a concurrent save's marks are kept,
-- where two recounts from two snapshots could each miss the other's marks.
create function app.apply_attendance_changes(placement_ids uuid[], session_ids uuid[],
                                             statuses app.attendance_status[], signs int[]) returns void
language plpgsql security definer
set search_path = ''
-- Every step is an index lookup whatever the arrays hold, so the generic plan serves; a plan
-- made for the given arrays would look cheaper and be made again on every call.
set plan_cache_mode = force_generic_plan
as $$
declare
  stale_placements uuid[];
  stale_months date[];
begin
  if placement_ids is null then
    return;
  end if;
  with changes as (
    -- A mark of a cancelled session counts for nothing, but its month still gets its row.
    select c.placement_id, date_trunc('month', s.on_date)::date as month, s.on_date,
           case when not s.cancelled then c.status end as status, c.sign
    from unnest(placement_ids, session_ids, statuses, signs) as c (placement_id, session_id, status, sign)
    join app.sessions s on s.id = c.session_id
  ),
  pairs as (
    select placement_id, month,
           coalesce(sum(sign) filter (where status = 'present'), 0) as present,
           coalesce(sum(sign) filter (where status = 'absent'), 0) as absent,
           max(on_date) filter (where status = 'present' and sign > 0) as added_last,
           max(on_date) filter (where status = 'present' and sign < 0) as removed_last
    from changes group by placement_id, month
  ),
  kept as (
    update app.attendance_months am
       set present = am.present + d.present, absent = am.absent + d.absent,
           last_present_on = case when d.removed_last is null or d.removed_last < am.last_present_on
                                       or d.added_last >= d.removed_last
                                  then greatest(am.last_present_on, d.added_last)
                                  else own.last_present_on end
      from pairs d
      join app.placements p on p.id = d.placement_id
      -- When the latest present day may be the one taken away: the month's marks on the
      -- sessions of the placement's own activity (a handful, by the sessions' unique index).
      -- They are all of the month's marks when they add up to the month's counts.
      cross join lateral (
        select count(*) filter (where at.status = 'present') as present, count(*) filter (where at.status = 'absent') as absent,
               max(s.on_date) filter (where at.status = 'present') as last_present_on
        from app.sessions s
        join app.attendance at on at.placement_id = p.id and at.session_id = s.id
        where d.removed_last is not null and (d.added_last is null or d.added_last < d.removed_last)
          and s.activity_id = p.activity_id and s.on_date >= d.month and s.on_date < d.month + interval '1 month'
          and not s.cancelled
      ) own
     where am.placement_id = d.placement_id and am.month = d.month
       and (d.removed_last is null or d.removed_last < am.last_present_on or d.added_last >= d.removed_last
            or (own.present = am.present + d.present and own.absent = am.absent + d.absent))
    returning am.placement_id, am.month
  )
  select array_agg(d.placement_id), array_agg(d.month) into stale_placements, stale_months
  from pairs d
  where not exists (select 1 from kept k where k.placement_id = d.placement_id and k.month = d.month);
  if stale_placements is not null then
    perform app.recount_attendance_months(stale_placements, stale_months);
  end if;
end
$$;
grant execute on function app.apply_attendance_changes(uuid[], uuid[], app.attendance_status[], int[]) to authenticated, service_role;

------------------------------------------------------------------------------------------
-- List order and kept list rows
------------------------------------------------------------------------------------------
-- The participant list: a page in name order straight from the index, stopping after 50. The
-- id is in the index so that the many rows of one first name need no sort either.
create index participants_list_order_idx on app.participants (municipality_id, first_name, id);

-- "Ending soon" counts and pages the placements that have not ended, in list order. In an
-- index of their own, the page does not walk past every ended placement (they end first) and
-- the count does not read them (docs/performance.md).
create index placements_open_order_idx on app.placements (municipality_id, ends_on, id) where status <> 'ended';

-- Each placement's row in the caseworker's list, kept so that a page is read, not built
-- (docs/performance.md). It is rebuilt when the placement, its participant's name, its
-- activity's title or its organisation's name changes; its last attendance is set when a
-- month's latest present day changes.
create table app.placement_items (
  placement_id uuid primary key references app.placements (id) on delete cascade,
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  item jsonb not null,
  -- For an active placement, the last day the participant was there (or the start, if never):
  -- "no attendance for N days" is quiet_since < today - N, counted from an index without
  -- looking at the placements' months one by one. Null for planned and ended placements.
  quiet_since date
);

create index placement_items_quiet_idx on app.placement_items (municipality_id, quiet_since) where quiet_since is not null;

-- Rebuilds the list rows of the given placements. Definer: the items are derived, no role
-- writes them.
create or replace function app.refresh_placement_items(placement_ids uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.placement_items (placement_id, municipality_id, item)
  select pl.id, pl.municipality_id, '{}' from app.placements pl where pl.id = any (placement_ids) order by pl.id
  on conflict (placement_id) do nothing;
  perform 1 from app.placement_items i where i.placement_id = any (placement_ids) order by i.placement_id for update;
  update app.placement_items i
     set item = jsonb_build_object(
           'id', pl.id, 'status', pl.status, 'participant', pa.first_name, 'participant_id', pa.id,
           'activity', a.title, 'organisation', o.name, 'starts_on', pl.starts_on,
           'ends_on', pl.ends_on, 'outcome', pl.outcome,
           'last_attendance', l.day),
         quiet_since = case when pl.status = 'active' then greatest(pl.starts_on, l.day) end
    from app.placements pl
    join app.participants pa on pa.id = pl.participant_id
    join app.activities a on a.id = pl.activity_id
    join app.organisations o on o.id = pl.organisation_id
    cross join lateral (select app.last_present_on(pl.id) as day) l
   where pl.id = i.placement_id and i.placement_id = any (placement_ids);
end
$$;

-- Rebuilds the rows of the placements a change of a placement, participant, activity or
-- organisation touches.
create function app.refresh_placement_item() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'placements' then
    perform app.refresh_placement_items(array[new.id]);
  elsif tg_table_name = 'participants' then
    perform app.refresh_placement_items(array(select pl.id from app.placements pl where pl.participant_id = new.id));
  elsif tg_table_name = 'activities' then
    perform app.refresh_placement_items(array(select pl.id from app.placements pl where pl.activity_id = new.id));
  else
    perform app.refresh_placement_items(array(select pl.id from app.placements pl where pl.organisation_id = new.id));
  end if;
  return null;
end
$$;

create trigger placements_list_item after insert or update of status, participant_id, activity_id,
  organisation_id, starts_on, ends_on, outcome on app.placements
  for each row execute function app.refresh_placement_item();

create trigger participants_placement_items after update of first_name on app.participants
  for each row when (old.first_name is distinct from new.first_name) execute function app.refresh_placement_item();

create trigger activities_placement_items after update of title on app.activities
  for each row when (old.title is distinct from new.title) execute function app.refresh_placement_item();

create trigger organisations_placement_items after update of name on app.organisations
  for each row when (old.name is distinct from new.name) execute function app.refresh_placement_item();

-- A month's last present day lies in that month, so the latest month that has one holds the
-- latest of all: read backwards along the primary key, stopping there. PL/pgSQL, so that its
-- plan is kept per connection.
create function app.last_present_on(placement uuid) returns date
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (select am.last_present_on from app.attendance_months am
           where am.placement_id = placement and am.last_present_on is not null
           order by am.month desc limit 1);
end
$$;

-- How many of a municipality's active placements have had nobody marked present for two
-- weeks (counting from the start for a placement with no attendance yet): the placement
-- list's "no attendance" filter and the caseworker's work list count the same thing.
-- Invoker: its callers are definer functions that have checked the caller.
create function app.quiet_placements(municipality uuid, today date) returns bigint
language sql stable
as $$
  select count(*) from app.placement_items i
   where i.municipality_id = municipality and i.quiet_since is not null and i.quiet_since < today - 14
$$;

-- Sets the item's last attendance. A save that leaves it where it is writes nothing more.
-- Per row, only when a month's latest present day changed: most updates of the months
-- (counts moving) leave it, and a row trigger's condition then costs nothing, where a
-- statement trigger would collect every changed row first. As app.refresh_placement_items, the
-- item is locked first and read in a later statement, so two saves of the same placement
-- (say, in two months) cannot leave it with the latest day of the one that locked it first.
create function app.attendance_months_last_attendance() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  placement uuid;
begin
  foreach placement in array case when tg_op = 'UPDATE' and new.placement_id <> old.placement_id
                                  then array[old.placement_id, new.placement_id]
                                  else array[coalesce(new.placement_id, old.placement_id)] end loop
    perform 1 from app.placement_items i where i.placement_id = placement for update;
    update app.placement_items i
       set item = jsonb_set(i.item, '{last_attendance}', coalesce(to_jsonb(l.day), 'null')),
           quiet_since = case when i.quiet_since is not null then greatest((i.item ->> 'starts_on')::date, l.day) end
      from (select (select am.last_present_on from app.attendance_months am
                     where am.placement_id = placement and am.last_present_on is not null
                     order by am.month desc limit 1) as day) l
     where i.placement_id = placement and i.item -> 'last_attendance' is distinct from coalesce(to_jsonb(l.day), 'null');
  end loop;
  return null;
end
$$;

create trigger attendance_months_last_attendance_inserts after insert on app.attendance_months
  for each row when (new.last_present_on is not null) execute function app.attendance_months_last_attendance();

create trigger attendance_months_last_attendance_updates after update on app.attendance_months
  for each row when (new.last_present_on is distinct from old.last_present_on or new.placement_id <> old.placement_id)
  execute function app.attendance_months_last_attendance();

create trigger attendance_months_last_attendance_deletes after delete on app.attendance_months
  for each row when (old.last_present_on is not null) execute function app.attendance_months_last_attendance();

-- The list totals (app.list_totals) the participant and placement lists read without counting.
select app.create_statement_triggers('app.participants', 'count', 'app.count_list_rows(''participants'')', array['insert', 'delete']);

create trigger participants_count_moves after update of municipality_id on app.participants
  for each row when (old.municipality_id is distinct from new.municipality_id)
  execute function app.count_list_rows('participants');

select app.create_statement_triggers('app.placements', 'count', 'app.count_list_rows(''placements'')', array['insert', 'delete']);

create trigger placements_count_moves after update of municipality_id on app.placements
  for each row when (old.municipality_id is distinct from new.municipality_id)
  execute function app.count_list_rows('placements');

-- Each participant's row in the caseworker's list, kept as the placement list's
-- (app.placement_items) so that a page is read, not built (docs/performance.md). The count of
-- open placements moves by deltas.
create table app.participant_items (
  participant_id uuid primary key references app.participants (id) on delete cascade,
  item jsonb not null
);

-- The participant's own values in their list row; the row's count of open placements is kept
-- apart. SQL without a search_path, so that it is inlined where it is used.
create function app.participant_item_values(participant app.participants) returns jsonb
language sql stable
as $$
  select jsonb_build_object('id', participant.id, 'first_name', participant.first_name,
                            'birth_year', participant.birth_year, 'anonymised', participant.anonymised_at is not null)
$$;

-- Definer: the items are derived, no role writes them. Rows are locked first and built in a
-- later statement, whose snapshot sees what the transaction that held a row committed (a
-- placement's delta, say), so a rebuild cannot miss a change made meanwhile.
create function app.refresh_participant_items(participant_ids uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.participant_items (participant_id, item)
  select p.id, '{}' from app.participants p where p.id = any (participant_ids) order by p.id
  on conflict (participant_id) do nothing;
  perform 1 from app.participant_items i where i.participant_id = any (participant_ids)
    order by i.participant_id for update;
  -- The keys and values of a row of api.participants.
  update app.participant_items i
     set item = app.participant_item_values(p) || jsonb_build_object(
           'active_placements', (select count(*) from app.placements pl
                                  where pl.participant_id = p.id and pl.status <> 'ended'))
    from app.participants p
   where p.id = i.participant_id and i.participant_id = any (participant_ids);
end
$$;

-- The participant's own values are merged into the row as locked, so a concurrent count's
-- delta is kept.
create function app.participant_item_changed() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update app.participant_items i set item = i.item || app.participant_item_values(new)
   where i.participant_id = new.id;
  if not found then
    perform app.refresh_participant_items(array[new.id]);
  end if;
  return null;
end
$$;

create trigger participants_items_insert after insert on app.participants
  for each row execute function app.participant_item_changed();

create trigger participants_items_update after update of first_name, birth_year, anonymised_at on app.participants
  for each row
  when (old.first_name is distinct from new.first_name or old.birth_year is distinct from new.birth_year
        or (old.anonymised_at is null) <> (new.anonymised_at is null))
  execute function app.participant_item_changed();

-- Open placements move the count by one. The update adds to the row as locked (read committed
-- re-reads it), so two transactions placing one participant keep each other's change.
create function app.participant_item_count_placement() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.status <> 'ended' then
    update app.participant_items i
       set item = jsonb_set(i.item, '{active_placements}', to_jsonb((i.item ->> 'active_placements')::bigint - 1))
     where i.participant_id = old.participant_id;
    if not found then
      perform app.refresh_participant_items(array[old.participant_id]);
    end if;
  end if;
  if tg_op in ('UPDATE', 'INSERT') and new.status <> 'ended' then
    update app.participant_items i
       set item = jsonb_set(i.item, '{active_placements}', to_jsonb((i.item ->> 'active_placements')::bigint + 1))
     where i.participant_id = new.participant_id;
    if not found then
      perform app.refresh_participant_items(array[new.participant_id]);
    end if;
  end if;
  return null;
end
$$;

create trigger placements_participant_items_insert after insert on app.placements
  for each row when (new.status <> 'ended') execute function app.participant_item_count_placement();

create trigger placements_participant_items_delete after delete on app.placements
  for each row when (old.status <> 'ended') execute function app.participant_item_count_placement();

create trigger placements_participant_items_update after update of status, participant_id on app.placements
  for each row
  when ((old.status <> 'ended') <> (new.status <> 'ended') or old.participant_id is distinct from new.participant_id)
  execute function app.participant_item_count_placement();

------------------------------------------------------------------------------------------
-- The placement search's kept choices
------------------------------------------------------------------------------------------
-- The activities a municipality's caseworkers can place participants in: one row for each
-- activity an active agreement with the municipality covers, with what api.placement_search
-- and the suggestions sort and filter on, so that a page walks one index in title order and stops
-- (docs/decisions/007-fast-policies.md). Gathering them per call from the agreements was a
-- hash of every covered activity and a sort (~20 ms on the large municipality).
create table app.placement_choices (
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  activity_id uuid not null references app.activities (id) on delete cascade,
  title text not null,
  category app.organisation_kind not null,
  -- ISO weekdays the activity meets.
  weekdays smallint[] not null,
  -- The activity's title and its organisation's name in lower case: what the search words match.
  words text not null,
  -- What the suggestions filter and match on besides.
  age_min int,
  age_max int,
  adaptation_tags text[] not null,
  primary key (municipality_id, activity_id)
);

-- A page walks one of these in title order and stops after its 20; the filters are in them, so
-- a count reads no table. With a category, the second gives the category's page in order.
create index placement_choices_order_idx on app.placement_choices (municipality_id, title, activity_id)
  include (category, weekdays, words);

create index placement_choices_category_idx on app.placement_choices (municipality_id, category, title, activity_id)
  include (weekdays);

-- Searched words: the count reads the rows that hold the words' trigrams, not every choice.
create index placement_choices_words_idx on app.placement_choices using gin (words extensions.gin_trgm_ops);

create index placement_choices_activity_idx on app.placement_choices (activity_id);

select app.create_statement_triggers('app.placement_choices', 'count', 'app.count_list_rows(''placement_choices'')', array['insert', 'delete']);

-- Rebuilds the choices of the given activities in every municipality. Definer: the choices
-- are derived, no role writes them. A lock per activity, taken in order, makes a second
-- change of the same activity wait; the statements after it see what the first committed, so
-- an agreement ending while another starts, or a rename during either, is never lost.
create function app.refresh_placement_choices(activity_ids uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  activity uuid;
begin
  for activity in select distinct x from unnest(activity_ids) x where x is not null order by 1 loop
    perform pg_advisory_xact_lock(hashtext('placement_choices:' || activity::text));
  end loop;
  delete from app.placement_choices c
   where c.activity_id = any (activity_ids)
     and not exists (select 1 from app.agreement_activities aa
                     join app.agreements ag on ag.id = aa.agreement_id
                     where aa.activity_id = c.activity_id and ag.municipality_id = c.municipality_id
                       and ag.status = 'active');
  insert into app.placement_choices as c (municipality_id, activity_id, title, category, weekdays, words,
                                           age_min, age_max, adaptation_tags)
  select distinct on (ag.municipality_id, a.id) ag.municipality_id, a.id, a.title, a.category,
         array(select distinct s.weekday from app.activity_slots s where s.activity_id = a.id order by 1),
         lower(a.title || ' ' || o.name), a.age_min, a.age_max, a.adaptation_tags
  from app.agreement_activities aa
  join app.agreements ag on ag.id = aa.agreement_id and ag.status = 'active'
  join app.activities a on a.id = aa.activity_id
  join app.organisations o on o.id = a.organisation_id
  where aa.activity_id = any (activity_ids)
  on conflict (municipality_id, activity_id) do update
    set title = excluded.title, category = excluded.category, weekdays = excluded.weekdays, words = excluded.words,
        age_min = excluded.age_min, age_max = excluded.age_max, adaptation_tags = excluded.adaptation_tags
    where (c.title, c.category, c.weekdays, c.words, c.age_min, c.age_max, c.adaptation_tags)
          is distinct from (excluded.title, excluded.category, excluded.weekdays, excluded.words,
                            excluded.age_min, excluded.age_max, excluded.adaptation_tags);
end
$$;

-- One function for the triggers below: each names the activities its change touches.
create function app.placement_choices_changed() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'agreements' then
    perform app.refresh_placement_choices(array(select aa.activity_id from app.agreement_activities aa
                                                where aa.agreement_id = new.id));
  elsif tg_table_name = 'agreement_activities' then
    if tg_op = 'DELETE' then
      perform app.refresh_placement_choices(array[old.activity_id]);
    else
      perform app.refresh_placement_choices(array[old.activity_id, new.activity_id]);
    end if;
  elsif tg_table_name = 'activities' then
    perform app.refresh_placement_choices(array[new.id]);
  elsif tg_table_name = 'organisations' then
    perform app.refresh_placement_choices(array(select a.id from app.activities a where a.organisation_id = new.id));
  elsif tg_op = 'INSERT' then -- activity_slots
    perform app.refresh_placement_choices(array(select distinct n.activity_id from new_rows n));
  elsif tg_op = 'DELETE' then -- slots deleted with their activity go with its choices
    perform app.refresh_placement_choices(array(select distinct o.activity_id from old_rows o));
  else
    perform app.refresh_placement_choices(array(select o.activity_id from old_rows o
                                                union select n.activity_id from new_rows n));
  end if;
  return null;
end
$$;

create trigger agreements_placement_choices after update of status, municipality_id on app.agreements
  for each row
  when ((old.status = 'active') <> (new.status = 'active') or old.municipality_id <> new.municipality_id)
  execute function app.placement_choices_changed();

create trigger agreement_activities_placement_choices
  after insert or delete or update of agreement_id, activity_id on app.agreement_activities
  for each row execute function app.placement_choices_changed();

create trigger activities_placement_choices
  after update of title, category, organisation_id, age_min, age_max, adaptation_tags on app.activities
  for each row
  when (old.title is distinct from new.title or old.category is distinct from new.category
        or old.organisation_id is distinct from new.organisation_id or old.age_min is distinct from new.age_min
        or old.age_max is distinct from new.age_max or old.adaptation_tags is distinct from new.adaptation_tags)
  execute function app.placement_choices_changed();

create trigger organisations_placement_choices after update of name on app.organisations
  for each row when (old.name is distinct from new.name) execute function app.placement_choices_changed();

select app.create_statement_triggers('app.activity_slots', 'placement_choices', 'app.placement_choices_changed()');

-- supabase/schemas/35_reminders.sql

-- Reminders about sessions and attendance, and the facilitator's calendar feed.
--
-- Three reminders go by e-mail: the day before a session with placed participants, to the
-- activity's facilitators; two days after a session nobody logged, to the same people; and
-- once a week, to each organisation's admins, the sessions of the last two weeks nobody
-- logged. Each person turns each kind off on the page /varsler, or with the link in the
-- e-mail itself (RFC 8058 one-click). A reminder names the activity, the place, the time and
-- how many are expected, never a participant (R7): the e-mail leaves the portal's walls.
--
-- The calendar feed is a private address per facilitator, /kalender/<token>, that calendar
-- apps poll: their sessions for the coming eight weeks, with the same facts as the reminders
-- and never a participant (R7). Only the token's hash is stored; renewing it ends the old one.
--
-- Read after 30_placements.sql (sessions, placements, namings); 70_jobs.sql schedules the jobs.

------------------------------------------------------------------------------------------
-- Types and tables
------------------------------------------------------------------------------------------
create type app.reminder_kind as enum ('session_ahead', 'attendance_missing', 'attendance_summary');

-- The reminders a person has turned off. No row: the reminder is on.
create table app.reminder_opt_outs (
  user_id uuid not null references auth.users (id) on delete cascade,
  kind app.reminder_kind not null,
  opted_out_at timestamptz not null default now(),
  primary key (user_id, kind)
);
grant select, insert, delete on app.reminder_opt_outs to authenticated;

-- The one-click links in sent reminders: each e-mail gets its own token, and only its hash is
-- kept. Read and written only by the definer functions below (no policies).
create table app.reminder_links (
  token_hash text primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  kind app.reminder_kind not null,
  created_at timestamptz not null default now()
);

create index reminder_links_created_idx on app.reminder_links (created_at);

-- Which reminder went to whom about what (a session, or an organisation's week), so that a
-- job run twice sends each once. Written only by the jobs (no policies).
create table app.reminders_sent (
  kind app.reminder_kind not null,
  subject text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  sent_on date not null,
  primary key (kind, subject, user_id)
);

create index reminders_sent_on_idx on app.reminders_sent (sent_on);

-- A facilitator's calendar feed: the hash of the token in its address, and the language its
-- events are written in.
create table app.calendar_feeds (
  user_id uuid primary key references auth.users (id) on delete cascade,
  token_hash text not null unique,
  locale text not null default 'nb' check (locale in ('nb', 'en')),
  created_at timestamptz not null default now()
);
grant select, insert, update on app.calendar_feeds to authenticated;

------------------------------------------------------------------------------------------
-- Helpers
------------------------------------------------------------------------------------------
-- How many participants a session expects: the placements whose period covers its date,
-- less those the caseworker marked as planned absent that day. A count, never who (R7).
create function app.expected_participants(activity uuid, on_date date) returns int
language sql stable security definer
set search_path = ''
as $$
  select count(*)::int
  from app.placements p
  where p.activity_id = activity and on_date between p.starts_on and coalesce(p.ended_on, p.ends_on)
    and not exists (select 1 from app.planned_absences ab where ab.placement_id = p.id and ab.on_date = expected_participants.on_date)
$$;
grant execute on function app.expected_participants(uuid, date) to service_role;

-- The people who facilitate an activity now: named for it under an active agreement, with
-- the role accepted and the naming not ended, and still facilitator members of its club (R7).
create function app.activity_facilitators(activity uuid) returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select distinct n.facilitator_id
  from app.facilitator_namings n
  join app.agreements ag on ag.id = n.agreement_id and ag.status = 'active'
  join app.activities a on a.id = n.activity_id
  join app.memberships m on m.organisation_id = a.organisation_id and m.user_id = n.facilitator_id
                        and m.role = 'facilitator'
  where n.activity_id = activity and n.accepted_at is not null and n.ended_at is null
$$;
grant execute on function app.activity_facilitators(uuid) to service_role;

-- Queues one reminder for one person, unless they turned its kind off or it was sent already
-- (`subject` says about what). The e-mail carries a fresh one-click token of its own. Returns
-- 1 when queued, 0 when not. Definer: no app role writes the outbox or the links.
create function app.send_reminder(recipient uuid, kind app.reminder_kind, subject text, today date, payload jsonb)
returns int
language plpgsql security definer
set search_path = ''
as $$
declare
  token text;
begin
  if exists (select 1 from app.reminder_opt_outs o where o.user_id = recipient and o.kind = send_reminder.kind) then
    return 0;
  end if;
  insert into app.reminders_sent (kind, subject, user_id, sent_on) values (kind, subject, recipient, today)
  on conflict do nothing;
  if not found then
    return 0;
  end if;
  token := app.new_token();
  insert into app.reminder_links (token_hash, user_id, kind) values (app.token_hash(token), recipient, kind);
  insert into app.outbox (recipient, template, payload)
  select p.email, kind::text, payload || jsonb_build_object('unsubscribe_token', token)
  from app.profiles p where p.user_id = recipient;
  return 1;
end
$$;
grant execute on function app.send_reminder(uuid, app.reminder_kind, text, date, jsonb) to service_role;

-- What a reminder and a calendar event say about a session: the activity, its club, the place,
-- the date and times and how many are expected (R7: no participant).
create function app.session_facts(session app.sessions) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'session_id', session.id, 'activity', a.title, 'organisation', o.name, 'place', a.place,
    'on_date', session.on_date, 'starts_at', to_char(session.starts_at, 'HH24:MI'),
    'ends_at', to_char(session.ends_at, 'HH24:MI'),
    'expected', app.expected_participants(session.activity_id, session.on_date))
  from app.activities a join app.organisations o on o.id = a.organisation_id
  where a.id = session.activity_id
$$;
grant execute on function app.session_facts(app.sessions) to service_role;

-- Sessions of the activity on the given days that expected participants and have no mark at
-- all: nobody logged them.
create function app.unlogged_sessions(from_date date, to_date date) returns setof app.sessions
language sql stable security definer
set search_path = ''
as $$
  select s.*
  from app.sessions s
  where s.on_date between from_date and to_date and not s.cancelled
    and app.expected_participants(s.activity_id, s.on_date) > 0
    and not exists (select 1 from app.attendance at where at.session_id = s.id)
$$;
grant execute on function app.unlogged_sessions(date, date) to service_role;

------------------------------------------------------------------------------------------
-- Policies
------------------------------------------------------------------------------------------
create policy "People read their own reminder choices" on app.reminder_opt_outs
  for select to authenticated using (user_id = (select auth.uid()));

create policy "People turn their own reminders off" on app.reminder_opt_outs
  for insert to authenticated with check (user_id = (select auth.uid()));

create policy "People turn their own reminders on" on app.reminder_opt_outs
  for delete to authenticated using (user_id = (select auth.uid()));

create policy "Facilitators read their own calendar feed" on app.calendar_feeds
  for select to authenticated using (user_id = (select auth.uid()));

create policy "Facilitators make their own calendar feed" on app.calendar_feeds
  for insert to authenticated with check (user_id = (select auth.uid()));

create policy "Facilitators renew their own calendar feed" on app.calendar_feeds
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

------------------------------------------------------------------------------------------
-- API: the reminders and calendar page (anyone signed in)
------------------------------------------------------------------------------------------
-- The page /varsler: which reminders are on, which of them apply to the caller's roles, and
-- when their calendar address was made (the address itself is shown once, when made).
create function api.my_reminders() returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
begin
  return jsonb_build_object(
    'off', array(select o.kind from app.reminder_opt_outs o where o.user_id = caller order by o.kind),
    'facilitates', exists (select 1 from app.memberships m where m.user_id = caller and m.role = 'facilitator'),
    'administers', exists (select 1 from app.memberships m where m.user_id = caller and m.role = 'admin'),
    'calendar_since', (select f.created_at from app.calendar_feeds f where f.user_id = caller));
end
$$;
grant execute on function api.my_reminders() to authenticated;

-- Sets which reminders the caller gets: true on, false off, null as it was (a kind the page
-- did not offer, as it does not fit the person's roles today). Invoker: the policies let each
-- person change only their own choices.
create function api.set_reminders(session_ahead boolean, attendance_missing boolean, attendance_summary boolean)
returns void
language plpgsql
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
begin
  with choice (kind, wanted) as (
    values ('session_ahead'::app.reminder_kind, session_ahead), ('attendance_missing', attendance_missing),
           ('attendance_summary', attendance_summary)),
  turned_on as (
    delete from app.reminder_opt_outs o using choice c
     where o.user_id = caller and o.kind = c.kind and c.wanted)
  insert into app.reminder_opt_outs (user_id, kind)
  select caller, c.kind from choice c where not c.wanted
  on conflict do nothing;
end
$$;
grant execute on function api.set_reminders(boolean, boolean, boolean) to authenticated;

-- Makes the caller's calendar address, or a new one in place of the old, which stops working
-- at once. Returns the token, the only time it is seen: the table keeps its hash. Invoker:
-- the policies let a person write only their own feed; only facilitators have one.
create function api.renew_calendar_feed(locale text default 'nb') returns text
language plpgsql
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
  token text := app.new_token();
begin
  if not exists (select 1 from app.memberships m where m.user_id = caller and m.role = 'facilitator') then
    perform app.forbid();
  end if;
  insert into app.calendar_feeds (user_id, token_hash, locale, created_at)
  values (caller, app.token_hash(token), case when renew_calendar_feed.locale = 'en' then 'en' else 'nb' end, now())
  on conflict (user_id) do update set token_hash = excluded.token_hash, locale = excluded.locale,
                                      created_at = excluded.created_at;
  return token;
end
$$;
grant execute on function api.renew_calendar_feed(text) to authenticated;

------------------------------------------------------------------------------------------
-- API: the link in a reminder (anyone with the link, signed in or not)
------------------------------------------------------------------------------------------
-- The link a reminder's token names; an unknown token is not found. Called by the two
-- functions below, as their owner.
create function app.reminder_link_of(token text) returns app.reminder_links
language plpgsql stable security definer
set search_path = ''
as $$
declare
  link app.reminder_links;
begin
  select * into link from app.reminder_links l where l.token_hash = app.token_hash(token);
  if link.token_hash is null then
    perform app.not_found();
  end if;
  return link;
end
$$;

-- What the link turns off, and whether it is off already: the confirmation page. Definer,
-- because the links have no policies; an unknown token is not found.
create function api.reminder_link(token text) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  link app.reminder_links := app.reminder_link_of(token);
begin
  return jsonb_build_object('kind', link.kind,
    'off', exists (select 1 from app.reminder_opt_outs o where o.user_id = link.user_id and o.kind = link.kind));
end
$$;
grant execute on function api.reminder_link(text) to anon, authenticated;

-- Turns the link's kind of reminder off for the person it was sent to (RFC 8058 one-click,
-- or the confirmation page's button). Doing it twice changes nothing.
create function api.opt_out_by_link(token text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  link app.reminder_links := app.reminder_link_of(token);
begin
  insert into app.reminder_opt_outs (user_id, kind) values (link.user_id, link.kind) on conflict do nothing;
  return jsonb_build_object('kind', link.kind, 'off', true);
end
$$;
grant execute on function api.opt_out_by_link(text) to anon, authenticated;

------------------------------------------------------------------------------------------
-- API: the calendar feed (the calendar app, with the token in the address)
------------------------------------------------------------------------------------------
-- The feed's sessions: those of the activities the token's owner facilitates now, from two
-- weeks back to eight weeks ahead, cancelled ones included (the app marks them cancelled).
-- Times are instants (UTC), made from the Oslo date and time (R11). Sessions of the weeks
-- ahead are made from the weekly schedule where missing, as the week page does. Definer: the
-- caller is a calendar app with no session; the token is the key, and an unknown one gets
-- null.
create function api.calendar_feed(token text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  feed app.calendar_feeds;
  today date := app.today();
  activity_ids uuid[];
begin
  select * into feed from app.calendar_feeds f where f.token_hash = app.token_hash(token);
  if feed.user_id is null then
    return null;
  end if;
  activity_ids := array(
    select n.activity_id from app.facilitator_namings n
    where n.facilitator_id = feed.user_id and n.facilitator_id in (select app.activity_facilitators(n.activity_id)));
  perform app.ensure_sessions(activity_ids, today, today + 55);
  return jsonb_build_object(
    'locale', feed.locale,
    'sessions', array(
      select app.session_facts(s) || jsonb_build_object(
               'cancelled', s.cancelled,
               'starts', to_char((s.on_date + s.starts_at) at time zone 'Europe/Oslo' at time zone 'UTC', 'YYYYMMDD"T"HH24MISS"Z"'),
               'ends', to_char((s.on_date + s.ends_at) at time zone 'Europe/Oslo' at time zone 'UTC', 'YYYYMMDD"T"HH24MISS"Z"'))
      from app.sessions s
      where s.activity_id = any (activity_ids) and s.on_date between today - 14 and today + 55
      order by s.on_date, s.starts_at));
end
$$;
grant execute on function api.calendar_feed(text) to anon, authenticated;

------------------------------------------------------------------------------------------
-- Jobs (service role): 70_jobs.sql schedules them. `today` is a parameter so tests can move
-- the clock; a run repeated the same day (or week) sends nothing new.
------------------------------------------------------------------------------------------
-- Daily: the day-before reminder for tomorrow's sessions with participants, and the reminder
-- for sessions two to seven days old that nobody logged, to the activities' facilitators.
create function api.run_session_reminders(today date default app.today()) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  ahead int;
  missing int;
begin
  -- Tomorrow's sessions exist even if no one has opened that week yet.
  perform app.ensure_sessions(array(select distinct p.activity_id from app.placements p where p.status <> 'ended'),
                              today + 1, today + 1);

  select coalesce(sum(app.send_reminder(f, 'session_ahead', s.id::text, today, app.session_facts(s))), 0)
    into ahead
  from app.sessions s cross join lateral app.activity_facilitators(s.activity_id) f
  where s.on_date = today + 1 and not s.cancelled and app.expected_participants(s.activity_id, s.on_date) > 0;

  select coalesce(sum(app.send_reminder(f, 'attendance_missing', s.id::text, today, app.session_facts(s))), 0)
    into missing
  from app.unlogged_sessions(today - 7, today - 2) s cross join lateral app.activity_facilitators(s.activity_id) f;

  -- Links older than three months no longer turn anything off (the settings page still does);
  -- what was sent is needed only while its session can still be reminded of.
  delete from app.reminder_links l where l.created_at < now() - interval '90 days';
  delete from app.reminders_sent r where r.sent_on < today - 30;
  return jsonb_build_object('session_ahead', ahead, 'attendance_missing', missing);
end
$$;
grant execute on function api.run_session_reminders(date) to service_role;

-- Weekly: to each organisation's admins, the sessions of its activities in the last 14 days
-- (up to yesterday) that nobody logged, once per organisation and week.
create function api.run_attendance_summary(today date default app.today()) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  week_start date := today - (extract(isodow from today)::int - 1);
  sent int;
begin
  with unlogged as (
    select a.organisation_id, app.session_facts(s) as facts, s.on_date, s.starts_at
    from app.unlogged_sessions(today - 14, today - 1) s join app.activities a on a.id = s.activity_id),
  per_organisation as (
    select u.organisation_id,
           jsonb_build_object('organisation_id', u.organisation_id,
                              'organisation', (select o.name from app.organisations o where o.id = u.organisation_id),
                              'sessions', jsonb_agg(u.facts order by u.on_date, u.starts_at)) as payload
    from unlogged u group by u.organisation_id)
  select coalesce(sum(app.send_reminder(m.user_id, 'attendance_summary', po.organisation_id::text || '/' || week_start,
                                        today, po.payload)), 0)
    into sent
  from per_organisation po join app.memberships m on m.organisation_id = po.organisation_id and m.role = 'admin';
  return jsonb_build_object('attendance_summary', sent);
end
$$;
grant execute on function api.run_attendance_summary(date) to service_role;

-- supabase/schemas/40_claims.sql

-- Reimbursement claims (refusjonskrav) with receipts and messages, budgets, payment batches,
-- and the claim totals the caseworker's pages read.
--
-- Rules: R3 (a claim needs an active agreement and a placement that covers its dates, and
-- stays within the fee, the equipment cap and the compensation unless the caseworker writes
-- a reason), R5 (an approval never overspends the budget of its kind and year, also when two
-- caseworkers approve at once), R13 (a claim is paid only after one person approved it and
-- another, an anviser, authorised it, unless the municipality pays in one step), R9 (staff see only claims to their municipality), R11 (money
-- is integer øre everywhere) and R12 (a refusal names the rule and the field).
--
-- Read after 30_placements.sql (claims hang on placements and agreements), before
-- 50_prize.sql. Inside: types, tables, triggers, helpers, policies, receipt storage, the
-- limits check, the API by side (organisation, claim page, caseworker, budgets, payment), then
-- the indexes and kept totals of the caseworker's pages.

------------------------------------------------------------------------------------------
-- Types
------------------------------------------------------------------------------------------
create type app.claim_kind as enum ('kontingent', 'utstyr', 'godtgjorelse');

create type app.claim_status as enum ('draft', 'submitted', 'needs_info', 'approved', 'rejected', 'withdrawn', 'paid');

------------------------------------------------------------------------------------------
-- Tables
------------------------------------------------------------------------------------------
create table app.budgets (
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  year int not null check (year between 2000 and 2100),
  kind app.claim_kind not null,
  amount_ore bigint not null check (amount_ore >= 0),
  -- Kept by api.decide_claim under a row lock; the check is the last wall of R5.
  approved_ore bigint not null default 0 check (approved_ore >= 0),
  primary key (municipality_id, year, kind),
  constraint budget_is_never_overspent check (approved_ore <= amount_ore)
);
grant select on app.budgets to authenticated;
grant insert, update on app.budgets to authenticated;

create table app.payment_batches (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references app.municipalities (id),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- The day the bank is asked to pay: the payment file's requested execution date.
  due_on date not null default app.today(),
  paid_on date,
  payment_reference text check (length(payment_reference) <= 200)
);
grant select on app.payment_batches to authenticated;
grant insert, update on app.payment_batches to authenticated;

create sequence app.claim_number;
grant usage on sequence app.claim_number to authenticated, service_role;

create table app.claims (
  id uuid primary key default gen_random_uuid(),
  -- R-000001 …; at least six digits, and all of them past R-999999 (lpad would cut them off).
  reference text not null unique default ('R-' || regexp_replace('00000' || nextval('app.claim_number'), '^0*(\d{6,})$', '\1')),
  municipality_id uuid not null references app.municipalities (id),
  organisation_id uuid not null references app.organisations (id),
  placement_id uuid not null references app.placements (id),
  agreement_id uuid not null references app.agreements (id),
  kind app.claim_kind not null,
  status app.claim_status not null default 'draft',
  amount_ore bigint not null check (amount_ore > 0),
  -- kontingent and godtgjorelse cover a period; utstyr has a purchase date.
  period_start date,
  period_end date,
  purchase_date date,
  description text not null default '' check (length(description) <= 1000),
  -- The budget year the claim uses (R5): the year of the period start or purchase.
  budget_year int generated always as (extract(year from coalesce(period_start, purchase_date))::int) stored,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  submitted_at timestamptz,
  first_submitted_at timestamptz,
  decided_at timestamptz,
  decided_by uuid references auth.users (id) on delete set null,
  decision_reason text check (length(decision_reason) <= 2000),
  -- R3: a caseworker may approve above a limit only with a written reason.
  over_limit_reason text check (length(over_limit_reason) <= 2000),
  -- R13: the second step. The approval above is the attestation (decided_by, decided_at); an
  -- anviser's authorisation makes the claim payable. In one-step municipalities the approval
  -- sets authorised_at itself and authorised_by stays null. A column, not a status between
  -- approved and paid: 'approved' keeps meaning "counted against R3's limits and R5's budget"
  -- in check_claim, claim_totals, the budget page and the statistics, so none of them changes,
  -- and the authorisation queue reads a partial index (claims_awaiting_authorisation_idx).
  authorised_at timestamptz,
  authorised_by uuid references auth.users (id) on delete set null,
  payment_batch_id uuid references app.payment_batches (id),
  paid_on date,
  payment_reference text check (length(payment_reference) <= 200),
  version int not null default 1,
  -- The new-claim form's key: the same form posted twice (a double click) makes one claim.
  submission_key uuid constraint one_claim_per_submission unique,
  constraint claim_has_its_dates check (
    (kind = 'utstyr' and purchase_date is not null)
    or (kind <> 'utstyr' and period_start is not null and period_end is not null and period_end >= period_start)),
  constraint rejection_has_a_reason check (status <> 'rejected' or length(trim(decision_reason)) > 0),
  constraint paid_claims_have_payment check (status <> 'paid' or (paid_on is not null and payment_reference is not null)),
  constraint only_approved_claims_are_authorised check (authorised_at is null or status in ('approved', 'paid')),
  constraint paid_claims_are_authorised check (status <> 'paid' or authorised_at is not null),
  -- R13's last wall: nobody authorises a claim they approved, whatever roles they hold. Both
  -- names sit in one row, so concurrent transactions cannot both pass it.
  constraint approver_does_not_authorise check (authorised_by is null or decided_by is null or authorised_by <> decided_by)
);
grant select, insert, update on app.claims to authenticated;
grant delete on app.claims to authenticated;

create index claims_organisation_idx on app.claims (organisation_id, created_at desc);

create index claims_placement_idx on app.claims (placement_id, kind, budget_year);

create index claims_batch_idx on app.claims (payment_batch_id);

create table app.claim_receipts (
  id uuid primary key default gen_random_uuid(),
  claim_id uuid not null references app.claims (id) on delete cascade,
  -- `<organisation id>/<claim id>/<file>` in the private bucket `receipts`.
  object_path text not null unique,
  file_name text not null check (length(file_name) between 1 and 200),
  content_type text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/heic')),
  size_bytes int not null check (size_bytes between 1 and 10485760),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid references auth.users (id) on delete set null,
  uploaded_at timestamptz not null default now(),
  -- The same file twice on one claim is one receipt (a form posted twice uploads it twice).
  constraint one_copy_per_claim unique (claim_id, sha256)
);
grant select, insert, delete on app.claim_receipts to authenticated;

create index claim_receipts_claim_idx on app.claim_receipts (claim_id);

create index claim_receipts_sha_idx on app.claim_receipts (sha256);

-- The conversation of a claim: questions when more information is needed, and answers.
create table app.claim_messages (
  id uuid primary key default gen_random_uuid(),
  claim_id uuid not null references app.claims (id) on delete cascade,
  author_id uuid references auth.users (id) on delete set null,
  from_municipality boolean not null,
  body text not null check (length(trim(body)) between 1 and 2000),
  created_at timestamptz not null default now()
);
grant select, insert on app.claim_messages to authenticated;

create index claim_messages_claim_idx on app.claim_messages (claim_id, created_at);

------------------------------------------------------------------------------------------
-- Protective triggers
------------------------------------------------------------------------------------------

-- Paid claims are locked; decided claims keep their amount.
create function app.protect_claim() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.status = 'paid' then
    perform app.refuse('claim_paid_is_locked');
  end if;
  if old.status in ('approved', 'rejected', 'withdrawn') and new.status = old.status
     and (new.amount_ore, new.period_start, new.period_end, new.purchase_date, new.kind)
         is distinct from (old.amount_ore, old.period_start, old.period_end, old.purchase_date, old.kind) then
    perform app.refuse('claim_decided_is_locked');
  end if;
  -- Who approved, and an authorisation once given, stay as they are (R13); a person's name
  -- still goes to null when their account is deleted.
  if old.decided_by is not null and new.decided_by is distinct from old.decided_by and new.decided_by is not null
     or old.authorised_at is not null and new.authorised_at is distinct from old.authorised_at then
    perform app.refuse('claim_authorised_is_locked');
  end if;
  return new;
end
$$;

create trigger claims_protect before update on app.claims
  for each row execute function app.protect_claim();

-- Only drafts may be deleted; a submitted claim stays on record.
create function app.refuse_paid_claim_delete() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.status <> 'draft' then
    perform app.refuse('claim_submitted_cannot_be_deleted');
  end if;
  return old;
end
$$;

create trigger claims_no_delete before delete on app.claims
  for each row execute function app.refuse_paid_claim_delete();

create trigger claims_audit after insert or update or delete on app.claims
  for each row execute function app.record_audit_event();

create trigger claims_version before update on app.claims
  for each row execute function app.bump_version();

create trigger claim_receipts_audit after insert or delete on app.claim_receipts
  for each row execute function app.record_audit_event();

create trigger budgets_audit after insert or update on app.budgets
  for each row execute function app.record_audit_event();

------------------------------------------------------------------------------------------
-- Helpers
------------------------------------------------------------------------------------------
-- Definer, so that the receipt and message policies ask about one claim without going
-- through the claims policies.
create or replace function app.can_read_claim(claim uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (select 1 from app.claims c where c.id = claim
                   and (app.is_staff(c.municipality_id) or app.is_member(c.organisation_id, 'admin')));
end
$$;
grant execute on function app.can_read_claim(uuid) to authenticated, service_role;

create or replace function app.is_claim_organisation_admin(claim uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (select 1 from app.claims c where c.id = claim and app.is_member(c.organisation_id, 'admin'));
end
$$;
grant execute on function app.is_claim_organisation_admin(uuid) to authenticated, service_role;

-- For a change to a claim its organisation's admin is working on (`claim` as the caller read
-- it, null when there is none): to anyone else the claim is not there, and it must still be a
-- draft or waiting for the organisation's answer.
create function app.check_open_claim(claim app.claims) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if claim.id is null or not app.is_member(claim.organisation_id, 'admin') then
    perform app.not_found();
  end if;
  if claim.status not in ('draft', 'needs_info') then
    perform app.refuse('claim_not_open');
  end if;
end
$$;
grant execute on function app.check_open_claim(app.claims) to authenticated;

-- The claim a receipt object belongs to, from its path `<organisation>/<claim>/<file>`.
create function app.claim_of_object(name text) returns uuid
language sql immutable
set search_path = ''
as $$
  select case when name ~ '^[0-9a-f-]{36}/[0-9a-f-]{36}/[^/]+$' then split_part(name, '/', 2)::uuid end
$$;
grant execute on function app.claim_of_object(text) to authenticated, service_role;

------------------------------------------------------------------------------------------
-- Policies
------------------------------------------------------------------------------------------
create policy "Staff read their municipality's budgets" on app.budgets
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Municipality admins set budgets" on app.budgets
  for insert to authenticated with check (app.is_staff(municipality_id, 'admin'));

-- Any staff member passes; api.set_budget lets only admins change the amount, and approved_ore
-- moves only through api.decide_claim.
create policy "Staff update their municipality's budgets" on app.budgets
  for update to authenticated using (municipality_id in (select app.my_municipalities()))
  with check (municipality_id in (select app.my_municipalities()));

create policy "Staff handle their municipality's payment batches" on app.payment_batches
  for all to authenticated using (municipality_id in (select app.my_municipalities()))
  with check (municipality_id in (select app.my_municipalities()));

create policy "Staff read claims to their municipality" on app.claims
  for select to authenticated using (status <> 'draft' and municipality_id in (select app.my_municipalities()));

create policy "Organisation admins read their claims" on app.claims
  for select to authenticated using (organisation_id in (select app.my_organisations('admin')));

create policy "Organisation admins write claims for their placements" on app.claims
  for insert to authenticated with check (
    organisation_id in (select app.my_organisations('admin'))
    and exists (select 1 from app.placements p where p.id = placement_id and p.organisation_id = claims.organisation_id));

create policy "Organisation admins change their open claims" on app.claims
  for update to authenticated using (organisation_id in (select app.my_organisations('admin')) and status in ('draft', 'needs_info'))
  with check (organisation_id in (select app.my_organisations('admin')) and status in ('draft', 'needs_info', 'submitted', 'withdrawn'));

create policy "Organisation admins withdraw undecided claims" on app.claims
  for update to authenticated using (organisation_id in (select app.my_organisations('admin')) and status = 'submitted')
  with check (organisation_id in (select app.my_organisations('admin')) and status = 'withdrawn');

create policy "Staff decide claims to their municipality" on app.claims
  for update to authenticated using (status <> 'draft' and municipality_id in (select app.my_municipalities()))
  with check (municipality_id in (select app.my_municipalities()));

create policy "Organisation admins delete their drafts" on app.claims
  for delete to authenticated using (organisation_id in (select app.my_organisations('admin')) and status = 'draft');

-- Receipts and messages are always read for one claim at a time, so these policies ask about
-- that claim, not about the set of every readable claim.
create policy "Receipts are read with their claim" on app.claim_receipts
  for select to authenticated using (app.can_read_claim(claim_id));

create policy "Organisation admins attach receipts to open claims" on app.claim_receipts
  for insert to authenticated with check (app.is_claim_organisation_admin(claim_id));

create policy "Organisation admins remove receipts of open claims" on app.claim_receipts
  for delete to authenticated using (app.is_claim_organisation_admin(claim_id));

create policy "Messages are read with their claim" on app.claim_messages
  for select to authenticated using (app.can_read_claim(claim_id));

create policy "Both sides write messages on a claim" on app.claim_messages
  for insert to authenticated with check (app.can_read_claim(claim_id) and author_id = (select auth.uid()));

------------------------------------------------------------------------------------------
-- Storage: receipts in the private bucket `receipts`
------------------------------------------------------------------------------------------
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('receipts', 'receipts', false, 10485760, array['application/pdf', 'image/jpeg', 'image/png', 'image/heic'])
on conflict (id) do nothing;

create policy "Receipts are uploaded by the claim's organisation admins" on storage.objects
  for insert to authenticated
  with check (bucket_id = 'receipts' and app.is_claim_organisation_admin(app.claim_of_object(name))
              and split_part(name, '/', 1)::uuid = (select c.organisation_id from app.claims c
                                                     where c.id = app.claim_of_object(name)));

create policy "Receipts are read by the claim's organisation and municipality" on storage.objects
  for select to authenticated
  using (bucket_id = 'receipts' and app.can_read_claim(app.claim_of_object(name)));

create policy "Receipts are removed by the claim's organisation admins" on storage.objects
  for delete to authenticated
  using (bucket_id = 'receipts' and app.is_claim_organisation_admin(app.claim_of_object(name)));

------------------------------------------------------------------------------------------
-- Limits of a claim (R3)
------------------------------------------------------------------------------------------
-- How many fee periods (years, half-years or months) a claim period touches, a started one
-- counting whole. A pure SQL function without `set search_path` and not strict (a null
-- argument still gives null), so it is inlined into app.check_claim's expression, not
-- planned at each call.
create or replace function app.fee_periods(period app.fee_period, period_start date, period_end date) returns int
language sql immutable
as $$
  select ceil(((extract(year from period_end) - extract(year from period_start)) * 12
               + extract(month from period_end) - extract(month from period_start) + 1)
              / case period when 'year' then 12 when 'half_year' then 6 else 1 end)::int
$$;
grant execute on function app.fee_periods(app.fee_period, date, date) to authenticated, service_role;

-- R3: {"rule": null} when the claim is within every limit; otherwise which rule it breaks, the
-- field it concerns, and the limit and what is used of it. `counted` lists the statuses of
-- the participant's other claims that count against the limits.
--
-- Kontingent is claimed once per fee period: for every run of months around the claim, from
-- the first month of one claim to the last month of another, the claims that lie inside the
-- run may together take at most the fee for it (a started period counting whole, as in
-- app.fee_periods). The run where the claim goes furthest over is the one reported. Another
-- claim approved above its own limit with a written reason counts only up to that limit: the
-- exception was made for its own period, not for the periods around it.
create function app.check_claim(claim app.claims, counted app.claim_status[]) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  placement app.placements;
  agreement app.agreements;
  activity app.activities;
  claim_date date := coalesce(claim.purchase_date, claim.period_start);
  date_field text := case when claim.kind = 'utstyr' then 'purchase_date' else 'period_start' end;
  allowed bigint;
  used bigint;
  first_month int;
  last_month int;
begin
  select * into placement from app.placements where id = claim.placement_id;
  select * into agreement from app.agreements where id = claim.agreement_id;
  select * into activity from app.activities where id = placement.activity_id;
  if agreement.status <> 'active' then
    return jsonb_build_object('rule', 'no_active_agreement', 'field', date_field);
  end if;
  if claim_date < placement.starts_on or coalesce(claim.period_end, claim_date) > coalesce(placement.ended_on, placement.ends_on)
     or claim_date < agreement.valid_from or claim_date > agreement.valid_to then
    return jsonb_build_object('rule', 'claim_outside_placement', 'field', date_field,
                              'starts_on', placement.starts_on, 'ends_on', coalesce(placement.ended_on, placement.ends_on));
  end if;
  if claim.kind = 'kontingent' then
    -- Months are numbered year * 12 + month - 1.
    with periods as (
      select case activity.fee_period when 'year' then 12 when 'half_year' then 6 else 1 end as months),
    mine as (
      select extract(year from claim.period_start)::int * 12 + extract(month from claim.period_start)::int - 1 as first_month,
             extract(year from claim.period_end)::int * 12 + extract(month from claim.period_end)::int - 1 as last_month),
    others as (
      select extract(year from c.period_start)::int * 12 + extract(month from c.period_start)::int - 1 as first_month,
             extract(year from c.period_end)::int * 12 + extract(month from c.period_end)::int - 1 as last_month,
             least(c.amount_ore, activity.fee_ore * app.fee_periods(activity.fee_period, c.period_start, c.period_end)) as amount
      from app.claims c
      where c.placement_id = claim.placement_id and c.kind = 'kontingent' and c.id <> claim.id and c.status = any (counted)),
    runs as (
      select s.first_month, e.last_month from
        (select o.first_month from others o union select m.first_month from mine m) s,
        (select o.last_month from others o union select m.last_month from mine m) e, mine
      where s.first_month <= mine.first_month and e.last_month >= mine.last_month)
    select r.first_month, r.last_month, l.allowed, l.used into first_month, last_month, allowed, used
    from runs r, periods
    cross join lateral (
      select activity.fee_ore * ceil((r.last_month - r.first_month + 1)::numeric / periods.months)::bigint as allowed,
             (select coalesce(sum(o.amount), 0) from others o
               where o.first_month >= r.first_month and o.last_month <= r.last_month)::bigint as used) l
    order by l.used + claim.amount_ore - l.allowed desc, r.last_month - r.first_month
    limit 1;
    if used + claim.amount_ore > allowed then
      if used = 0 then
        return jsonb_build_object('rule', 'kontingent_above_fee', 'field', 'amount', 'limit_ore', allowed, 'used_ore', used);
      end if;
      return jsonb_build_object('rule', 'kontingent_already_claimed', 'field', 'amount', 'limit_ore', allowed,
                                'used_ore', used, 'left_ore', greatest(allowed - used, 0),
                                'from', make_date(first_month / 12, first_month % 12 + 1, 1),
                                'to', (make_date(last_month / 12, last_month % 12 + 1, 1) + interval '1 month - 1 day')::date);
    end if;
  elsif claim.kind = 'utstyr' then
    allowed := agreement.equipment_cap_ore;
    select coalesce(sum(c.amount_ore), 0) into used
      from app.claims c join app.placements p on p.id = c.placement_id
     where p.participant_id = placement.participant_id and c.agreement_id = claim.agreement_id
       and c.kind = 'utstyr' and c.budget_year = claim.budget_year and c.id <> claim.id and c.status = any (counted);
    if used + claim.amount_ore > allowed then
      return jsonb_build_object('rule', 'equipment_cap_exceeded', 'field', 'amount', 'limit_ore', allowed, 'used_ore', used);
    end if;
  else
    allowed := agreement.compensation_ore;
    select coalesce(sum(c.amount_ore), 0) into used from app.claims c
     where c.placement_id = claim.placement_id and c.kind = 'godtgjorelse' and c.id <> claim.id and c.status = any (counted);
    if used + claim.amount_ore > allowed then
      return jsonb_build_object('rule', 'compensation_exceeded', 'field', 'amount', 'limit_ore', allowed, 'used_ore', used);
    end if;
  end if;
  return jsonb_build_object('rule', null, 'limit_ore', allowed, 'used_ore', used);
end
$$;
grant execute on function app.check_claim(app.claims, app.claim_status[]) to authenticated, service_role;

-- R3 holds for claims checked at the same moment: whoever submits or approves a claim for a
-- placement first takes this lock, and the other's check, waiting for it, sees their claim.
-- The placement's row is the lock; taken without a key update, so that attendance and claims
-- written meanwhile (which only share its key) do not wait. Definer: the organisation's
-- admins may not update placements, which locking a row asks of them.
create function app.lock_placement_claims(placement uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  perform 1 from app.placements p where p.id = placement for no key update;
end
$$;
grant execute on function app.lock_placement_claims(uuid) to authenticated, service_role;

------------------------------------------------------------------------------------------
-- The organisation's side
------------------------------------------------------------------------------------------

-- What a new claim for a placement starts from: the fee, the terms, what is used this year.
create function api.claim_form(placement_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  placement app.placements;
begin
  select * into placement from app.placements p where p.id = claim_form.placement_id;
  perform app.require_visible(found and app.is_member(placement.organisation_id, 'admin'));
  return jsonb_build_object(
    'placement', jsonb_build_object('id', placement.id, 'starts_on', placement.starts_on,
                                    'ends_on', coalesce(placement.ended_on, placement.ends_on), 'status', placement.status),
    'participant', app.participant_card(placement.id),
    'activity', (select jsonb_build_object('id', a.id, 'title', a.title, 'fee_ore', a.fee_ore, 'fee_period', a.fee_period)
                  from app.activities a where a.id = placement.activity_id),
    'agreement', (select jsonb_build_object('id', ag.id, 'status', ag.status, 'covered_fees', ag.covered_fees,
                                            'equipment_cap_ore', ag.equipment_cap_ore, 'compensation_ore', ag.compensation_ore)
                   from app.agreements ag where ag.id = placement.agreement_id),
    'equipment_used_ore', (select coalesce(sum(c.amount_ore), 0) from app.claims c
                           where c.placement_id = placement.id and c.kind = 'utstyr'
                             and c.budget_year = extract(year from app.today())::int
                             and c.status in ('submitted', 'needs_info', 'approved', 'paid')));
end
$$;
grant execute on function api.claim_form(uuid) to authenticated;

-- Creates (claim_id null) or changes a draft or a claim that needs more information. A change needs
-- `base_version`, the version it was made from; a stale one is refused with what changed since.
-- A new claim posted again with the same submission key and the same fields (a double click, a
-- resent form) answers with the claim the first post made instead of making a second; the
-- same key with other fields is a new claim, made without the key.
create function api.save_claim(
  placement_id uuid,
  kind app.claim_kind,
  amount_ore bigint,
  claim_id uuid default null,
  period_start date default null,
  period_end date default null,
  purchase_date date default null,
  description text default '',
  base_version int default null,
  submission_key uuid default null
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  placement app.placements;
  stored app.claims;
  -- A claim keeps the dates of its kind only.
  claimed_start date := case when kind <> 'utstyr' then period_start end;
  claimed_end date := case when kind <> 'utstyr' then period_end end;
  claimed_purchase date := case when kind = 'utstyr' then purchase_date end;
  key_holder app.claims;
  saved uuid;
begin
  select * into placement from app.placements p where p.id = save_claim.placement_id;
  perform app.require_visible(found and app.is_member(placement.organisation_id, 'admin'));
  if amount_ore is null or amount_ore <= 0 then
    perform app.refuse('amount_invalid', 'amount');
  end if;
  if kind = 'utstyr' then
    if purchase_date is null then
      perform app.refuse('date_required', 'purchase_date');
    end if;
    if purchase_date > app.today() then
      perform app.refuse('date_not_in_future', 'purchase_date');
    end if;
    if coalesce(trim(description), '') = '' then
      perform app.refuse('description_required', 'description');
    end if;
  else
    perform app.check_period(period_start, period_end, 'period_start', 'period_end', true);
  end if;
  if claim_id is null then
    select * into key_holder from app.claims c where c.submission_key = save_claim.submission_key;
    if key_holder.placement_id = placement.id and key_holder.kind = save_claim.kind
       and key_holder.amount_ore = save_claim.amount_ore
       and key_holder.period_start is not distinct from claimed_start
       and key_holder.period_end is not distinct from claimed_end
       and key_holder.purchase_date is not distinct from claimed_purchase then
      return key_holder.id;
    end if;
    insert into app.claims (municipality_id, organisation_id, placement_id, agreement_id, kind, amount_ore, period_start,
                            period_end, purchase_date, description, created_by, submission_key)
    values (placement.municipality_id, placement.organisation_id, placement.id, placement.agreement_id, kind, amount_ore,
            claimed_start, claimed_end, claimed_purchase, coalesce(trim(description), ''), (select auth.uid()),
            case when key_holder.id is null then submission_key end)
    on conflict on constraint one_claim_per_submission do nothing
    returning id into saved;
    saved := app.submitted(saved, (select c.id from app.claims c where c.submission_key = save_claim.submission_key));
  else
    select * into stored from app.claims c
     where c.id = save_claim.claim_id and c.placement_id = save_claim.placement_id
       and c.status in ('draft', 'needs_info') for update;
    if not found then
      perform app.refuse('claim_not_open');
    end if;
    perform app.refuse_stale_version(base_version, to_jsonb(stored), jsonb_build_object(
      'kind', kind, 'amount_ore', amount_ore, 'period_start', case when kind <> 'utstyr' then period_start end,
      'period_end', case when kind <> 'utstyr' then period_end end,
      'purchase_date', case when kind = 'utstyr' then purchase_date end,
      'description', coalesce(trim(description), '')), 'claims');
    update app.claims c
       set kind = save_claim.kind, amount_ore = save_claim.amount_ore,
           period_start = claimed_start, period_end = claimed_end, purchase_date = claimed_purchase,
           description = coalesce(trim(save_claim.description), '')
     where c.id = save_claim.claim_id and c.placement_id = save_claim.placement_id and c.status in ('draft', 'needs_info')
    returning c.id into saved;
    if saved is null then
      perform app.refuse('claim_not_open');
    end if;
  end if;
  return saved;
end
$$;
grant execute on function api.save_claim(uuid, app.claim_kind, bigint, uuid, date, date, date, text, int, uuid)
  to authenticated;

-- Records a receipt uploaded to Storage. Returns the references of other claims that use an
-- identical file (same SHA-256), which both sides are shown, and whether it was attached: a
-- file the claim already has is not attached twice, and its upload is for the caller to remove.
create function api.add_receipt(claim_id uuid, object_path text, file_name text, content_type text, size_bytes int,
                                sha256 text) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  claim app.claims;
begin
  perform app.require_user();
  select * into claim from app.claims c where c.id = add_receipt.claim_id;
  perform app.check_open_claim(claim);
  if object_path is distinct from claim.organisation_id || '/' || claim.id || '/' || split_part(object_path, '/', 3) then
    perform app.refuse('receipt_path_invalid', 'receipt');
  end if;
  if content_type not in ('application/pdf', 'image/jpeg', 'image/png', 'image/heic') then
    perform app.refuse('receipt_type_invalid', 'receipt');
  end if;
  if size_bytes > 10485760 then
    perform app.refuse('receipt_too_large', 'receipt');
  end if;
  insert into app.claim_receipts (claim_id, object_path, file_name, content_type, size_bytes, sha256, uploaded_by)
  values (claim.id, object_path, file_name, content_type, size_bytes, lower(sha256), (select auth.uid()))
  on conflict on constraint one_copy_per_claim do nothing;
  return jsonb_build_object('duplicates', app.duplicate_receipts(claim.id), 'attached', found);
end
$$;
grant execute on function api.add_receipt(uuid, text, text, text, int, text) to authenticated;

-- The references of other claims (not drafts or withdrawn) with an identical receipt file.
-- Asked on every receipt upload: as PL/pgSQL its plan is kept per connection (a SQL function
-- with `set search_path` is planned on every call).
create or replace function app.duplicate_receipts(claim uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(jsonb_agg(distinct other.reference), '[]')
    from app.claim_receipts mine
    join app.claim_receipts theirs on theirs.sha256 = mine.sha256 and theirs.claim_id <> mine.claim_id
    join app.claims other on other.id = theirs.claim_id
    where mine.claim_id = claim and other.status not in ('withdrawn', 'draft'));
end
$$;
grant execute on function app.duplicate_receipts(uuid) to authenticated, service_role;

create function api.remove_receipt(receipt_id uuid) returns text
language plpgsql
set search_path = ''
as $$
declare
  removed text;
begin
  perform app.require_user();
  delete from app.claim_receipts r
   using app.claims c
   where r.id = remove_receipt.receipt_id and c.id = r.claim_id and c.status in ('draft', 'needs_info')
     and app.is_member(c.organisation_id, 'admin')
  returning r.object_path into removed;
  if removed is null then
    perform app.not_found();
  end if;
  return removed;
end
$$;
grant execute on function api.remove_receipt(uuid) to authenticated;

-- R3 at submission: says exactly which rule the claim breaks.
create function api.submit_claim(claim_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  claim app.claims;
  verdict jsonb;
begin
  perform app.require_user();
  select * into claim from app.claims c where c.id = submit_claim.claim_id for update;
  perform app.check_open_claim(claim);
  if claim.kind <> 'godtgjorelse' and not exists (select 1 from app.claim_receipts r where r.claim_id = claim.id) then
    perform app.refuse('receipt_required', 'receipt');
  end if;
  perform app.lock_placement_claims(claim.placement_id);
  -- A claim waiting for the organisation's answer (needs_info) counts: it is still being
  -- decided, and usually comes back as it was, so another claim may not take its period
  -- meanwhile. A rejected or withdrawn one no longer does.
  verdict := app.check_claim(claim, '{submitted,needs_info,approved,paid}');
  if verdict ->> 'rule' is not null then
    perform app.refuse(verdict ->> 'rule', verdict ->> 'field', verdict - 'rule' - 'field');
  end if;
  update app.claims c set status = 'submitted', submitted_at = now(),
         first_submitted_at = coalesce(c.first_submitted_at, now())
   where c.id = claim.id;
  -- Sent again after a request for more information, the claim is the club's answer.
  perform app.mail_staff(claim.municipality_id, 'caseworker',
                         case when claim.status = 'needs_info' then 'claim_answered' else 'claim_submitted' end,
                         jsonb_build_object(
    'claim_id', claim.id, 'reference', claim.reference,
    'organisation', (select name from app.organisations where id = claim.organisation_id)));
end
$$;
grant execute on function api.submit_claim(uuid) to authenticated;

create function api.withdraw_claim(claim_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  update app.claims c set status = 'withdrawn'
   where c.id = withdraw_claim.claim_id and c.status in ('submitted', 'needs_info')
     and app.is_member(c.organisation_id, 'admin');
  if not found then
    perform app.refuse('claim_not_withdrawable');
  end if;
end
$$;
grant execute on function api.withdraw_claim(uuid) to authenticated;

-- The organisation answers a request for more information and the claim goes back in the queue.
create function api.answer_claim(claim_id uuid, message text) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  if coalesce(trim(message), '') = '' then
    perform app.refuse('text_required', 'message');
  end if;
  if not exists (select 1 from app.claims c where c.id = answer_claim.claim_id and c.status = 'needs_info'
                   and app.is_member(c.organisation_id, 'admin')) then
    perform app.refuse('claim_not_open');
  end if;
  insert into app.claim_messages (claim_id, author_id, from_municipality, body)
  values (claim_id, (select auth.uid()), false, trim(message));
  perform api.submit_claim(claim_id);
end
$$;
grant execute on function api.answer_claim(uuid, text) to authenticated;

create function api.organisation_claims(organisation_id uuid, year int default null) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  chosen_year int := coalesce(year, extract(year from app.today())::int);
begin
  perform app.require_user(app.is_member(organisation_id, 'admin'));
  return jsonb_build_object(
    'organisation', app.organisation_ref(organisation_claims.organisation_id),
    'year', chosen_year,
    'claims', (select coalesce(jsonb_agg(jsonb_build_object(
                 'id', c.id, 'reference', c.reference, 'kind', c.kind, 'status', c.status, 'amount_ore', c.amount_ore,
                 'participant', app.participant_card(c.placement_id) ->> 'first_name',
                 'municipality', (select name from app.municipalities where id = c.municipality_id),
                 'created_at', c.created_at, 'submitted_at', c.submitted_at, 'decided_at', c.decided_at)
                 order by c.created_at desc), '[]')
               from app.claims c where c.organisation_id = organisation_claims.organisation_id
                 and c.budget_year = chosen_year),
    'placements', (select coalesce(jsonb_agg(jsonb_build_object(
                     'id', p.id, 'participant', app.participant_card(p.id) ->> 'first_name',
                     'activity', a.title, 'status', p.status,
                     'claimed_ore', (select coalesce(sum(c.amount_ore), 0) from app.claims c where c.placement_id = p.id
                                       and c.budget_year = chosen_year and c.status not in ('draft', 'withdrawn', 'rejected')),
                     'approved_ore', (select coalesce(sum(c.amount_ore), 0) from app.claims c where c.placement_id = p.id
                                       and c.budget_year = chosen_year and c.status in ('approved', 'paid')))
                     order by a.title, p.id), '[]')
                   from app.placements p join app.activities a on a.id = p.activity_id
                   where p.organisation_id = organisation_claims.organisation_id
                     and p.starts_on <= make_date(chosen_year, 12, 31)
                     and coalesce(p.ended_on, p.ends_on) >= make_date(chosen_year, 1, 1)));
end
$$;
grant execute on function api.organisation_claims(uuid, int) to authenticated;

------------------------------------------------------------------------------------------
-- The claim page (organisation admin, caseworker)
------------------------------------------------------------------------------------------
-- The definer part (app.claim_page_parts, below) reads the claim and what hangs on it as far
-- as the caller may see it; the messages and the status history are read here, as the caller.
create or replace function api.claim_page(claim_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  parts jsonb;
  messages jsonb;
  history jsonb;
begin
  if (select auth.uid()) is null then
    perform app.require_user();  -- refuses, with its own error
  end if;
  -- Refuses, as not found, a claim the caller may not read (the claims policies written out).
  parts := app.claim_page_parts(claim_page.claim_id);
  select coalesce(jsonb_agg(jsonb_build_object('body', m.body, 'from_municipality', m.from_municipality,
                                               'created_at', m.created_at,
                                               'author', (select display_name from app.profiles where user_id = m.author_id))
                            order by m.created_at), '[]') into messages
    from app.claim_messages m where m.claim_id = claim_page.claim_id;
  -- Each change of status, and the anviser's authorisation (R13), which leaves the status as it is.
  select coalesce(jsonb_agg(jsonb_build_object('occurred_at', e.occurred_at, 'status', e.new_row ->> 'status',
                                               'authorised', e.old_row ->> 'status' = e.new_row ->> 'status',
                                               'actor', (select display_name from app.profiles where user_id = e.actor_id))
                            order by e.id), '[]') into history
    from app.audit_events e where e.table_name = 'claims' and e.record_id = claim_page.claim_id::text
      and ((e.old_row ->> 'status') is distinct from (e.new_row ->> 'status')
           or (e.old_row ->> 'authorised_at') is null and (e.new_row ->> 'authorised_at') is not null);
  return parts || jsonb_build_object('messages', messages, 'history', history);
end
$$;
grant execute on function api.claim_page(uuid) to authenticated;
grant execute on function api.claim_page to authenticated;

-- The status history comes from the audit trail: staff of the claim's municipality and its
-- organisation's admins read the claim's events.
create policy "Staff read the history of claims to their municipality" on app.audit_events
  for select to authenticated using (table_name = 'claims' and municipality_id in (select app.my_municipalities()));

create policy "Organisation admins read the history of their claims" on app.audit_events
  for select to authenticated using (table_name = 'claims' and organisation_id is not null and organisation_id in (select app.my_organisations('admin')));

------------------------------------------------------------------------------------------
-- The caseworker's decision
------------------------------------------------------------------------------------------
-- Approves (within R3, or above a limit with a written reason, and within the budget, R5),
-- rejects with a reason, or asks for more information. Security definer, so that locking and
-- updating the claim and the budget do not carry the policies of both tables
-- (docs/performance.md); it asks itself, in the statement that locks the claim, what those
-- policies ask: a claim that is not a draft, to a municipality where the caller is staff.
-- Anyone else is told the claim does not exist and takes no lock. Caseworkers and admins
-- decide; someone who is only an anviser authorises instead (R13). An approval in a
-- municipality that pays in one step also makes the claim payable.
create or replace function api.decide_claim(claim_id uuid, decision app.claim_status, reason text default null,
                                            over_limit_reason text default null) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
  claim app.claims;
  verdict jsonb;
  budget app.budgets;
begin
  select * into claim from app.claims c
   where c.id = decide_claim.claim_id and c.status <> 'draft'
     and exists (select 1 from app.staff s where s.municipality_id = c.municipality_id and s.user_id = caller
                   and s.role in ('caseworker', 'admin'))
   for update of c;
  if not found then
    perform app.not_found();
  end if;
  if claim.status <> 'submitted' then
    perform app.refuse('claim_not_awaiting_decision');
  end if;
  if decision = 'approved' then
    perform app.lock_placement_claims(claim.placement_id);
    verdict := app.check_claim(claim, '{approved,paid}');
    if verdict ->> 'rule' is not null and coalesce(trim(over_limit_reason), '') = '' then
      perform app.refuse('over_limit_reason_required', 'over_limit_reason', verdict);
    end if;
    -- The row lock makes concurrent approvals of the same budget wait for each other, so the
    -- check below always sees the other approvals (R5).
    select * into budget from app.budgets b
     where b.municipality_id = claim.municipality_id and b.year = claim.budget_year and b.kind = claim.kind
     for update;
    if not found then
      perform app.refuse('budget_missing', null, jsonb_build_object('year', claim.budget_year, 'kind', claim.kind));
    end if;
    if budget.approved_ore + claim.amount_ore > budget.amount_ore then
      perform app.refuse('budget_exceeded', null, jsonb_build_object(
        'left_ore', budget.amount_ore - budget.approved_ore, 'amount_ore', claim.amount_ore));
    end if;
    update app.budgets b set approved_ore = b.approved_ore + claim.amount_ore
     where b.municipality_id = budget.municipality_id and b.year = budget.year and b.kind = budget.kind;
    update app.claims c set status = 'approved', decided_at = now(), decided_by = caller,
           decision_reason = nullif(trim(reason), ''), over_limit_reason = nullif(trim(decide_claim.over_limit_reason), ''),
           authorised_at = case when m.payment_steps = 1 then now() end
      from app.municipalities m
     where c.id = claim.id and m.id = c.municipality_id;
  elsif decision = 'rejected' then
    if coalesce(trim(reason), '') = '' then
      perform app.refuse('reason_required', 'reason');
    end if;
    update app.claims c set status = 'rejected', decided_at = now(), decided_by = caller, decision_reason = trim(reason)
     where c.id = claim.id;
  elsif decision = 'needs_info' then
    if coalesce(trim(reason), '') = '' then
      perform app.refuse('message_required', 'reason');
    end if;
    update app.claims c set status = 'needs_info' where c.id = claim.id;
    insert into app.claim_messages (claim_id, author_id, from_municipality, body)
    values (claim.id, caller, true, trim(reason));
  else
    perform app.refuse('decision_invalid', 'decision');
  end if;
  perform app.mail_organisation_admins(claim.organisation_id, 'claim_decided', jsonb_build_object(
    'claim_id', claim.id, 'reference', claim.reference, 'decision', decision, 'reason', nullif(trim(reason), '')));
end
$$;
grant execute on function api.decide_claim(uuid, app.claim_status, text, text) to authenticated;

------------------------------------------------------------------------------------------
-- Budgets (municipality admin)
------------------------------------------------------------------------------------------
create function api.set_budget(municipality_id uuid, year int, kind app.claim_kind, amount_ore bigint) returns void
language plpgsql
set search_path = ''
as $$
declare
  approved bigint;
begin
  perform app.require_staff(municipality_id, 'admin');
  if amount_ore is null or amount_ore < 0 then
    perform app.refuse('amount_invalid', 'amount');
  end if;
  select b.approved_ore into approved from app.budgets b
   where b.municipality_id = set_budget.municipality_id and b.year = set_budget.year and b.kind = set_budget.kind for update;
  if approved > amount_ore then
    perform app.refuse('budget_below_approved', 'amount', jsonb_build_object('approved_ore', approved));
  end if;
  insert into app.budgets (municipality_id, year, kind, amount_ore)
  values (municipality_id, year, kind, amount_ore)
  on conflict on constraint budgets_pkey do update set amount_ore = excluded.amount_ore;
end
$$;
grant execute on function api.set_budget(uuid, int, app.claim_kind, bigint) to authenticated;

-- Definer, as the claim queue: the caller must be staff of the municipality, and it reads only
-- that municipality's budgets and (non-draft) claim totals, which staff may read anyway.
create or replace function api.budget_page(municipality_id uuid, year int default null) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  chosen_year int := coalesce(year, extract(year from app.today())::int);
begin
  perform app.require_staff(municipality_id);
  return jsonb_build_object(
    'municipality', app.municipality_ref(municipality_id),
    'year', chosen_year,
    'is_admin', app.is_staff(municipality_id, 'admin'),
    'kinds', (select jsonb_agg(jsonb_build_object(
                'kind', k.kind,
                'amount_ore', coalesce(b.amount_ore, 0),
                'approved_ore', coalesce(b.approved_ore, 0),
                'paid_ore', coalesce(c.paid_ore, 0),
                'waiting_ore', coalesce(c.waiting_ore, 0),
                'left_ore', coalesce(b.amount_ore - b.approved_ore, 0)) order by k.kind)
              from unnest(enum_range(null::app.claim_kind)) as k (kind)
              left join app.budgets b on b.municipality_id = budget_page.municipality_id and b.year = chosen_year
                                     and b.kind = k.kind
              left join (select t.kind,
                                sum(t.amount_ore) filter (where t.status = 'paid') as paid_ore,
                                sum(t.amount_ore) filter (where t.status in ('submitted', 'needs_info')) as waiting_ore
                         from app.claim_totals t
                         where t.municipality_id = budget_page.municipality_id and t.budget_year = chosen_year
                           and t.status in ('paid', 'submitted', 'needs_info')
                         group by t.kind) c on c.kind = k.kind));
end
$$;
grant execute on function api.budget_page(uuid, int) to authenticated;

------------------------------------------------------------------------------------------
-- Authorisation for payment (R13)
------------------------------------------------------------------------------------------

-- How many approved claims wait for an anviser, for the caseworker's work list. Invoker: the
-- policy of the kept totals (app.payment_totals) lets staff of the municipality read them.
create function app.claims_to_authorise_count(municipality uuid) returns bigint
language plpgsql stable
set search_path = ''
as $$
begin
  return coalesce((select t.claims from app.payment_totals t
                    where t.municipality_id = municipality and t.stage = 'awaiting_authorisation'), 0);
end
$$;
grant execute on function app.claims_to_authorise_count(uuid) to authenticated, service_role;

-- The anviser's queue: approved claims waiting for authorisation, the longest-waiting first,
-- 50 a page, each with who approved it (the caller may not authorise what they approved).
-- Invoker: staff read their municipality's claims and their colleagues' names. The totals are
-- kept (app.payment_totals); the page walks claims_awaiting_authorisation_idx and stops after
-- its 50 rows, in a kept plan: a custom plan, estimated cheaper, was planned on every call
-- with all the policies' subplans.
create function api.authorisation_queue(municipality_id uuid, page int default 1) returns jsonb
language plpgsql stable
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  caller uuid := app.require_staff(municipality_id);
  chosen_page int := greatest(coalesce(page, 1), 1);
  total bigint;
  total_ore bigint;
begin
  select coalesce(sum(t.claims), 0), coalesce(sum(t.amount_ore), 0) into total, total_ore from app.payment_totals t
   where t.municipality_id = authorisation_queue.municipality_id and t.stage = 'awaiting_authorisation';
  return jsonb_build_object(
    'municipality', app.municipality_ref(authorisation_queue.municipality_id),
    'payment_steps', (select m.payment_steps from app.municipalities m where m.id = authorisation_queue.municipality_id),
    'can_authorise', app.is_staff(authorisation_queue.municipality_id, 'anviser'),
    'page', chosen_page,
    'page_size', 50,
    'total', total,
    'total_ore', total_ore,
    'claims', array(select jsonb_build_object(
                 'id', c.id, 'reference', c.reference, 'kind', c.kind, 'amount_ore', c.amount_ore,
                 'organisation', o.name, 'period_start', c.period_start, 'period_end', c.period_end,
                 'purchase_date', c.purchase_date, 'decided_at', c.decided_at,
                 'over_limit_reason', c.over_limit_reason,
                 'approved_by', (select coalesce(p.display_name, p.email) from app.profiles p where p.user_id = c.decided_by),
                 'approved_by_me', c.decided_by is not distinct from caller)
               from (select * from app.claims c
                      where c.municipality_id = authorisation_queue.municipality_id
                        and c.status = 'approved' and c.authorised_at is null
                      order by c.decided_at, c.id
                      limit 50 offset (chosen_page - 1) * 50) c
               join app.organisations o on o.id = c.organisation_id
               order by c.decided_at, c.id));
end
$$;
grant execute on function api.authorisation_queue(uuid, int) to authenticated;

-- An anviser authorises approved claims for payment, one or many at once (R13), all or none:
-- a claim that no longer waits, or that the caller approved, refuses the request and is named.
-- Definer, as api.decide_claim: it locks the claims in a statement that asks what the policies
-- ask, in id order, so that two batches never wait for each other crosswise. The lock makes an
-- authorisation wait for an approval of the same claim still in progress and then see who
-- approved it; the constraint approver_does_not_authorise stands behind it.
create function api.authorise_claims(municipality_id uuid, claim_ids uuid[]) returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller uuid := app.require_user();
  claim record;
  locked int := 0;
begin
  if not exists (select 1 from app.staff s where s.municipality_id = authorise_claims.municipality_id
                   and s.user_id = caller and s.role = 'anviser') then
    perform app.forbid();
  end if;
  if coalesce(cardinality(claim_ids), 0) = 0 then
    perform app.refuse('claims_required', 'claim_ids');
  end if;
  for claim in
    select c.id, c.reference, c.status, c.authorised_at, c.decided_by from app.claims c
     where c.id = any (claim_ids) and c.municipality_id = authorise_claims.municipality_id
     order by c.id
     for update
  loop
    if claim.status <> 'approved' or claim.authorised_at is not null then
      perform app.refuse('claim_not_awaiting_authorisation', null, jsonb_build_object('reference', claim.reference));
    end if;
    if claim.decided_by = caller then
      perform app.refuse('approver_cannot_authorise', null, jsonb_build_object('reference', claim.reference));
    end if;
    locked := locked + 1;
  end loop;
  if locked < (select count(distinct x) from unnest(claim_ids) x) then
    perform app.not_found();
  end if;
  update app.claims c set authorised_at = now(), authorised_by = caller
   where c.id = any (claim_ids) and c.municipality_id = authorise_claims.municipality_id;
  return locked;
end
$$;
grant execute on function api.authorise_claims(uuid, uuid[]) to authenticated;

------------------------------------------------------------------------------------------
-- Payment
------------------------------------------------------------------------------------------

-- Puts every payable claim (approved and authorised, R13) not yet in a batch into a new batch,
-- due on the given day (today if none), and returns the rows of its payment file.
create function api.create_payment_batch(municipality_id uuid, due_on date default null) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  batch uuid;
begin
  perform app.require_staff(municipality_id);
  if due_on < app.today() then
    perform app.refuse('date_not_in_past', 'due_on');
  end if;
  insert into app.payment_batches (municipality_id, created_by, due_on)
  values (municipality_id, (select auth.uid()), coalesce(due_on, app.today()))
  returning id into batch;
  update app.claims c set payment_batch_id = batch
   where c.municipality_id = create_payment_batch.municipality_id and c.status = 'approved'
     and c.authorised_at is not null and c.payment_batch_id is null;
  return api.payment_batch(batch);
end
$$;
grant execute on function api.create_payment_batch(uuid, date) to authenticated;

-- A batch's payment file: its claims, and the municipality that pays them from its account.
create function api.payment_batch(batch_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  batch app.payment_batches;
begin
  select * into batch from app.payment_batches b where b.id = payment_batch.batch_id;
  perform app.require_visible(found);
  return jsonb_build_object(
    'batch', to_jsonb(batch),
    'municipality', (select jsonb_build_object('id', m.id, 'name', m.name, 'payer_account', m.payer_account)
                       from app.municipalities m where m.id = batch.municipality_id),
    'rows', (select coalesce(jsonb_agg(jsonb_build_object(
               'claim_id', c.id, 'reference', c.reference, 'organisation_number', o.organisation_number,
               'organisation', o.name, 'bank_account', pr.bank_account, 'amount_ore', c.amount_ore, 'kind', c.kind,
               'period_start', c.period_start, 'period_end', c.period_end, 'purchase_date', c.purchase_date,
               'status', c.status) order by o.name, c.reference), '[]')
             from app.claims c join app.organisations o on o.id = c.organisation_id
             left join app.organisation_private pr on pr.organisation_id = o.id
             where c.payment_batch_id = batch.id));
end
$$;
grant execute on function api.payment_batch(uuid) to authenticated;

-- The payments page: approved claims ready to be paid (authorised, not in a batch), those
-- waiting for authorisation (both kept in app.payment_totals), and the batches.
create function api.payment_batches(municipality_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id);
  return jsonb_build_object(
    'payer_account', (select m.payer_account from app.municipalities m where m.id = payment_batches.municipality_id),
    'is_admin', app.is_staff(payment_batches.municipality_id, 'admin'),
    'unbatched', (select jsonb_build_object('count', coalesce(sum(t.claims), 0), 'amount_ore', coalesce(sum(t.amount_ore), 0))
                   from app.payment_totals t where t.municipality_id = payment_batches.municipality_id
                     and t.stage = 'payable'),
    'awaiting_authorisation', (select jsonb_build_object('count', coalesce(sum(t.claims), 0),
                                                         'amount_ore', coalesce(sum(t.amount_ore), 0))
                                from app.payment_totals t where t.municipality_id = payment_batches.municipality_id
                                  and t.stage = 'awaiting_authorisation'),
    'batches', (select coalesce(jsonb_agg(jsonb_build_object(
                  'id', b.id, 'created_at', b.created_at, 'due_on', b.due_on, 'paid_on', b.paid_on,
                  'payment_reference', b.payment_reference,
                  'count', (select count(*) from app.claims c where c.payment_batch_id = b.id),
                  'amount_ore', (select coalesce(sum(c.amount_ore), 0) from app.claims c where c.payment_batch_id = b.id))
                  order by b.created_at desc), '[]')
                from app.payment_batches b where b.municipality_id = payment_batches.municipality_id));
end
$$;
grant execute on function api.payment_batches(uuid) to authenticated;

-- Marks the given payable claims paid (singly, or every claim of a batch via batch_id), and
-- tells each organisation which of its claims were paid, in one e-mail. A claim still waiting
-- for authorisation is refused (R13).
create function api.mark_paid(municipality_id uuid, paid_on date, payment_reference text,
                              claim_ids uuid[] default null, batch_id uuid default null) returns int
language plpgsql
set search_path = ''
as $$
declare
  paid jsonb;
begin
  perform app.require_staff(municipality_id);
  if paid_on is null or paid_on > app.today() then
    perform app.refuse('date_not_in_future', 'paid_on');
  end if;
  if coalesce(trim(payment_reference), '') = '' then
    perform app.refuse('payment_reference_required', 'payment_reference');
  end if;
  if exists (select 1 from app.claims c where c.id = any (claim_ids) and c.municipality_id = mark_paid.municipality_id
               and c.status = 'approved' and c.authorised_at is null) then
    perform app.refuse('claim_awaiting_authorisation');
  end if;
  with marked as (
    update app.claims c set status = 'paid', paid_on = mark_paid.paid_on, payment_reference = trim(mark_paid.payment_reference)
     where c.municipality_id = mark_paid.municipality_id and c.status = 'approved' and c.authorised_at is not null
       and (c.id = any (claim_ids) or c.payment_batch_id = mark_paid.batch_id)
    returning c.id, c.reference, c.organisation_id, c.amount_ore)
  select coalesce(jsonb_agg(to_jsonb(m) order by m.reference), '[]') into paid from marked m;
  if batch_id is not null then
    update app.payment_batches b set paid_on = mark_paid.paid_on, payment_reference = trim(mark_paid.payment_reference)
     where b.id = mark_paid.batch_id and b.municipality_id = mark_paid.municipality_id;
  end if;
  perform app.mail_organisation_admins(o.organisation_id, 'claims_paid', jsonb_build_object(
            'organisation_id', o.organisation_id,
            'municipality', (select m.name from app.municipalities m where m.id = mark_paid.municipality_id),
            'claims', o.claims, 'count', jsonb_array_length(o.claims), 'amount_ore', o.amount_ore,
            'paid_on', mark_paid.paid_on, 'payment_reference', trim(mark_paid.payment_reference)))
     from (select (e ->> 'organisation_id')::uuid as organisation_id,
                  jsonb_agg(jsonb_build_object('id', e -> 'id', 'reference', e -> 'reference')) as claims,
                  sum((e ->> 'amount_ore')::bigint) as amount_ore
             from jsonb_array_elements(paid) e group by 1) o;
  return jsonb_array_length(paid);
end
$$;
grant execute on function api.mark_paid(uuid, date, text, uuid[], uuid) to authenticated;

------------------------------------------------------------------------------------------
-- Indexes of the caseworker's pages (docs/performance.md)
------------------------------------------------------------------------------------------
-- The claim queue: a page is read in queue order from the index and stops after 50, without
-- sorting every matching claim; the amount is included for the totals.
create index claims_queue_order_idx on app.claims (municipality_id, status, submitted_at, id) include (amount_ore);

-- A municipality's claims of one budget year by status (statistics, the claims export): what
-- those queries sum is included, so that they can be answered from the index alone once the
-- table is vacuumed.
create index claims_budget_idx on app.claims (municipality_id, budget_year, status) include (kind, amount_ore, organisation_id);

-- The authorisation queue and its count (R13): approved claims no anviser has acted on yet, in
-- the order they were approved.
create index claims_awaiting_authorisation_idx on app.claims (municipality_id, decided_at, id) include (amount_ore)
  where status = 'approved' and authorised_at is null;

-- The payments page and the next batch: claims ready to be paid, not yet in a batch.
create index claims_payable_idx on app.claims (municipality_id) include (amount_ore)
  where status = 'approved' and authorised_at is not null and payment_batch_id is null;

------------------------------------------------------------------------------------------
-- Claim totals per municipality, status, kind and budget year
------------------------------------------------------------------------------------------
-- The unfiltered claim queue and the budget page sum these kept figures, not the claims
-- (docs/performance.md). Statement triggers keep them in the writing transaction, so they
-- always say what the claims say.
--
-- Drafts are left out: no page of the municipality counts them, and the organisations'
-- draft saves, the most frequent claim writes, then take no lock here.
create table app.claim_totals (
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  status app.claim_status not null check (status <> 'draft'),
  kind app.claim_kind not null,
  budget_year int not null,
  claims bigint not null default 0,
  amount_ore bigint not null default 0,
  primary key (municipality_id, status, kind, budget_year)
);
-- A second wall: staff may read their municipality's figures; only the trigger writes.
grant select on app.claim_totals to authenticated;

create policy "Staff read their municipality's claim totals" on app.claim_totals
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

-- Adds what a statement changed: the new rows count, the old rows count against. Keys are
-- written in one order, so two statements never wait for each other's rows crosswise; keys
-- whose figures did not change (an edited description, a payment batch) are not touched.
create function app.count_claim_totals() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into app.claim_totals as t (municipality_id, status, kind, budget_year, claims, amount_ore)
    select municipality_id, status, kind, budget_year, count(*), sum(amount_ore)
    from new_rows where status <> 'draft'
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (municipality_id, status, kind, budget_year) do update
      set claims = t.claims + excluded.claims, amount_ore = t.amount_ore + excluded.amount_ore;
  elsif tg_op = 'DELETE' then
    insert into app.claim_totals as t (municipality_id, status, kind, budget_year, claims, amount_ore)
    select municipality_id, status, kind, budget_year, -count(*), -sum(amount_ore)
    from old_rows where status <> 'draft'
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (municipality_id, status, kind, budget_year) do update
      set claims = t.claims + excluded.claims, amount_ore = t.amount_ore + excluded.amount_ore;
  else
    insert into app.claim_totals as t (municipality_id, status, kind, budget_year, claims, amount_ore)
    select municipality_id, status, kind, budget_year, sum(n), sum(amount_ore)
    from (select municipality_id, status, kind, budget_year, 1 as n, amount_ore from new_rows where status <> 'draft'
          union all
          select municipality_id, status, kind, budget_year, -1, -amount_ore from old_rows where status <> 'draft') d
    group by 1, 2, 3, 4 having sum(n) <> 0 or sum(amount_ore) <> 0 order by 1, 2, 3, 4
    on conflict (municipality_id, status, kind, budget_year) do update
      set claims = t.claims + excluded.claims, amount_ore = t.amount_ore + excluded.amount_ore;
  end if;
  return null;
end
$$;

select app.create_statement_triggers('app.claims', 'totals', 'app.count_claim_totals()');

-- Counts the totals of the given municipalities again from their claims, for data loaded with
-- triggers off (the large seed).
create function app.recount_claim_totals(municipalities uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from app.claim_totals where municipality_id = any (municipalities);
  insert into app.claim_totals (municipality_id, status, kind, budget_year, claims, amount_ore)
  select municipality_id, status, kind, budget_year, count(*), sum(amount_ore)
  from app.claims where municipality_id = any (municipalities) and status <> 'draft'
  group by 1, 2, 3, 4;
  delete from app.payment_totals where municipality_id = any (municipalities);
  insert into app.payment_totals (municipality_id, stage, claims, amount_ore)
  select municipality_id, app.payment_stage(status, authorised_at, payment_batch_id), count(*), sum(amount_ore)
  from app.claims where municipality_id = any (municipalities)
    and app.payment_stage(status, authorised_at, payment_batch_id) is not null
  group by 1, 2;
end
$$;
grant execute on function app.recount_claim_totals(uuid[]) to service_role;

------------------------------------------------------------------------------------------
-- Payment totals per municipality and stage
------------------------------------------------------------------------------------------
-- The authorisation queue, the payments page and the work list show how many approved claims
-- wait for an anviser (R13) and how many are ready to be paid; these kept figures answer
-- them instead of counting thousands of claims per call (docs/performance.md). Kept like
-- app.claim_totals, by statement triggers in the writing transaction.
create table app.payment_totals (
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  stage text not null check (stage in ('awaiting_authorisation', 'payable')),
  claims bigint not null default 0,
  amount_ore bigint not null default 0,
  primary key (municipality_id, stage)
);
-- A second wall: staff may read their municipality's figures; only the trigger writes.
grant select on app.payment_totals to authenticated;

create policy "Staff read their municipality's payment totals" on app.payment_totals
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

-- Where an approved claim stands on its way to payment: waiting for an anviser, or authorised
-- and not yet in a payment batch (the partial indexes claims_awaiting_authorisation_idx and
-- claims_payable_idx say the same); null for every other claim. Pure, so it inlines.
create function app.payment_stage(status app.claim_status, authorised_at timestamptz, payment_batch_id uuid)
returns text
language sql immutable
as $$
  select case when status = 'approved' and authorised_at is null then 'awaiting_authorisation'
              when status = 'approved' and payment_batch_id is null then 'payable' end
$$;
grant execute on function app.payment_stage(app.claim_status, timestamptz, uuid) to authenticated, service_role;

-- Adds what a statement changed, as app.count_claim_totals does: keys in one order, unchanged
-- keys untouched (a draft saved, a decision that is not an approval). Deletes need nothing:
-- only drafts may be deleted (app.refuse_paid_claim_delete), and a draft has no stage.
create function app.count_payment_totals() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into app.payment_totals as t (municipality_id, stage, claims, amount_ore)
    select municipality_id, stage, count(*), sum(amount_ore)
    from (select municipality_id, app.payment_stage(status, authorised_at, payment_batch_id) as stage, amount_ore
            from new_rows) d
    where stage is not null
    group by 1, 2 order by 1, 2
    on conflict (municipality_id, stage) do update
      set claims = t.claims + excluded.claims, amount_ore = t.amount_ore + excluded.amount_ore;
  else
    insert into app.payment_totals as t (municipality_id, stage, claims, amount_ore)
    select municipality_id, stage, sum(n), sum(amount_ore)
    from (select municipality_id, app.payment_stage(status, authorised_at, payment_batch_id) as stage, 1 as n, amount_ore
            from new_rows
          union all
          select municipality_id, app.payment_stage(status, authorised_at, payment_batch_id), -1, -amount_ore
            from old_rows) d
    where stage is not null
    group by 1, 2 having sum(n) <> 0 or sum(amount_ore) <> 0 order by 1, 2
    on conflict (municipality_id, stage) do update
      set claims = t.claims + excluded.claims, amount_ore = t.amount_ore + excluded.amount_ore;
  end if;
  return null;
end
$$;

select app.create_statement_triggers('app.claims', 'payment_totals', 'app.count_payment_totals()', array['insert', 'update']);

------------------------------------------------------------------------------------------
-- The claim queue (caseworker)
------------------------------------------------------------------------------------------
-- Fifty claims a page, filtered by status, kind, organisation, waiting time or a search for
-- an organisation. Definer: the caller must be staff of the municipality (R9). Rows become
-- objects by to_jsonb of a row, app.today() (a SQL function, planned per call) is written
-- out, and the organisation the queue is narrowed to is read only when there is one.
-- A row is `answered` when the claim came back from the club after a request for more
-- information (sent again later than first).
create or replace function api.claim_queue(
  municipality_id uuid,
  status app.claim_status default 'submitted',
  kind app.claim_kind default null,
  organisation_id uuid default null,
  min_waiting_days int default null,
  page int default 1,
  organisation_search text default null
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  chosen_page int := greatest(coalesce(page, 1), 1);
  total numeric;
  total_ore numeric;
  today date := (now() at time zone 'Europe/Oslo')::date;  -- app.today(), written out
  waited_since timestamptz := now() - make_interval(days => claim_queue.min_waiting_days);
  searched text := nullif(btrim(claim_queue.organisation_search), '');
  -- An organisation number may be typed with spaces; a name is matched anywhere, with the
  -- search's own % and _ taken literally.
  searched_number text := case when regexp_replace(searched, '\s', '', 'g') ~ '^\d{9}$'
                               then regexp_replace(searched, '\s', '', 'g') end;
  searched_name text := '%' || replace(replace(replace(searched, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  organisations uuid[];
  claims jsonb[];
  narrowed_to jsonb;
begin
  -- The caller's staff row is read here; app.require_staff (three nested helpers, each with
  -- its own search_path) is called only to refuse, with its own errors.
  if not exists (select 1 from app.staff s
                 where s.municipality_id = claim_queue.municipality_id and s.user_id = (select auth.uid())) then
    perform app.require_staff(municipality_id);
  end if;
  if searched is not null then
    select coalesce(array_agg(o.id), '{}') into organisations
    from app.partnerships p join app.organisations o on o.id = p.organisation_id
    where p.municipality_id = claim_queue.municipality_id
      and (o.organisation_number = searched_number or o.name ilike searched_name);
  end if;
  if claim_queue.organisation_id is null and searched is null and claim_queue.min_waiting_days is null then
    select coalesce(sum(t.claims), 0), coalesce(sum(t.amount_ore), 0) into total, total_ore
    from app.claim_totals t
    where t.municipality_id = claim_queue.municipality_id
      and (claim_queue.status is null or t.status = claim_queue.status)
      and (claim_queue.kind is null or t.kind = claim_queue.kind);
  else
    execute 'select count(*), coalesce(sum(c.amount_ore), 0) from app.claims c
             where c.municipality_id = $1 and c.status <> ''draft''
               and ($2 is null or c.status = $2) and ($3 is null or c.kind = $3)
               and ($4 is null or c.organisation_id = $4) and ($5 is null or c.submitted_at <= $5)
               and ($6 is null or c.organisation_id = any($6))'
      into total, total_ore
      using claim_queue.municipality_id, claim_queue.status, claim_queue.kind, claim_queue.organisation_id, waited_since,
            organisations;
  end if;
  if claim_queue.organisation_id is null and searched is null and claim_queue.status is not null then
    select array(
             select to_jsonb(x) from (select r.id, r.reference, r.kind, r.status, r.amount_ore, o.name as organisation,
               r.organisation_id, r.submitted_at, (today - (r.submitted_at at time zone 'Europe/Oslo')::date) as waiting_days,
               r.submitted_at > r.first_submitted_at as answered
             from (select c.id, c.reference, c.kind, c.status, c.amount_ore, c.organisation_id, c.submitted_at,
                          c.first_submitted_at from app.claims c
                   where c.municipality_id = claim_queue.municipality_id and c.status = claim_queue.status and c.status <> 'draft'
                     and (claim_queue.kind is null or c.kind = claim_queue.kind)
                     and (waited_since is null or c.submitted_at <= waited_since)
                   order by c.submitted_at nulls last, c.id
                   limit 50 offset (chosen_page - 1) * 50) r
             left join lateral (select o.name from app.organisations o where o.id = r.organisation_id offset 0) o on true) x
             order by x.submitted_at nulls last, x.id) into claims;
  else
    execute 'select array(
             select to_jsonb(x) from (select r.id, r.reference, r.kind, r.status, r.amount_ore, o.name as organisation,
               r.organisation_id, r.submitted_at, ($6 - (r.submitted_at at time zone ''Europe/Oslo'')::date) as waiting_days,
               r.submitted_at > r.first_submitted_at as answered
             from (select c.id, c.reference, c.kind, c.status, c.amount_ore, c.organisation_id, c.submitted_at,
                          c.first_submitted_at from app.claims c
                   where c.municipality_id = $1 and c.status <> ''draft''
                     and ($2 is null or c.status = $2) and ($3 is null or c.kind = $3)
                     and ($4 is null or c.organisation_id = $4) and ($5 is null or c.submitted_at <= $5)
                     and ($8 is null or c.organisation_id = any($8))
                   order by c.submitted_at nulls last, c.id
                   limit 50 offset $7) r
             left join lateral (select o.name from app.organisations o where o.id = r.organisation_id offset 0) o on true) x
             order by x.submitted_at nulls last, x.id)'
      into claims
      using claim_queue.municipality_id, claim_queue.status, claim_queue.kind, claim_queue.organisation_id, waited_since,
            today, (chosen_page - 1) * 50, organisations;
  end if;
  if claim_queue.organisation_id is not null then
    -- The organisation the queue is narrowed to, named only if it works with this municipality.
    select jsonb_build_object('id', o.id, 'name', o.name) into narrowed_to
      from app.partnerships p join app.organisations o on o.id = p.organisation_id
     where p.municipality_id = claim_queue.municipality_id
       and p.organisation_id = claim_queue.organisation_id;
  end if;
  return jsonb_build_object(
    'total', total,
    'total_ore', total_ore,
    'page', chosen_page,
    'page_size', 50,
    'claims', claims,
    'organisation', narrowed_to);
end
$$;
grant execute on function api.claim_queue(uuid, app.claim_status, app.claim_kind, uuid, int, int, text) to authenticated;

------------------------------------------------------------------------------------------
-- The claim page's definer part
------------------------------------------------------------------------------------------
-- Each part of the claim page only as far as the caller may read it: the policies of each
-- table are written out against the caller's roles, read once. The participant's card and
-- the duplicate receipts are read inline, not through app.participant_card and
-- app.duplicate_receipts, each with its own search_path and role lookups; the participant
-- and the card come from the one read of the placement.
create or replace function app.claim_page_parts(claim_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  staff_of uuid[];
  admin_of uuid[];
  member_of uuid[];
  claim app.claims;
  is_staff boolean;
  roles app.staff_role[];
  steps jsonb;
  participant uuid;
  card jsonb;
  duplicates jsonb;
  organisation jsonb;
  placement jsonb;
  agreement jsonb;
  earlier_claims jsonb;
  receipts jsonb;
  budget jsonb;
begin
  -- As app.my_municipalities() and app.my_organisations() / ('admin') answer in the policies.
  select coalesce(array_agg(s.municipality_id), '{}') into staff_of from app.staff s where s.user_id = caller;
  select coalesce(array_agg(m.organisation_id), '{}'),
         coalesce(array_agg(m.organisation_id) filter (where m.role = 'admin'), '{}')
    into member_of, admin_of
    from app.memberships m where m.user_id = caller;
  -- "Organisation admins read their claims", "Staff read claims to their municipality".
  select * into claim from app.claims c where c.id = claim_page_parts.claim_id
    and (c.organisation_id = any (admin_of) or (c.status <> 'draft' and c.municipality_id = any (staff_of)));
  if not found then
    perform app.not_found();
  end if;
  is_staff := claim.municipality_id = any (staff_of);
  if is_staff then
    select array_agg(s.role) into roles from app.staff s where s.user_id = caller and s.municipality_id = claim.municipality_id;
    -- R13, for the municipality's staff: who approved (attested) and who authorised, or that
    -- the approval alone made the claim payable.
    select jsonb_build_object(
             'approved_by', (select coalesce(p.display_name, p.email) from app.profiles p where p.user_id = claim.decided_by),
             'approved_at', case when claim.status in ('approved', 'paid') then claim.decided_at end,
             'authorised_by', (select coalesce(p.display_name, p.email) from app.profiles p where p.user_id = claim.authorised_by),
             'authorised_at', claim.authorised_at,
             'one_step', claim.authorised_at is not null and claim.authorised_by is null,
             'payment_steps', m.payment_steps)
      into steps from app.municipalities m where m.id = claim.municipality_id;
  end if;
  -- Organisations: members, staff of a municipality it asked to work with, or verified somewhere.
  select jsonb_build_object('id', o.id, 'name', o.name, 'organisation_number', o.organisation_number) into organisation
    from app.organisations o where o.id = claim.organisation_id
      and (o.id = any (member_of)
           or exists (select 1 from app.partnerships pp where pp.organisation_id = o.id
                        and (pp.status = 'verified' or pp.municipality_id = any (staff_of))));
  -- Placements: staff of its municipality, admins of its organisation, its facilitator (R7);
  -- activities: staff of its municipality, members of its organisation, or public and verified.
  select jsonb_build_object('id', p.id, 'starts_on', p.starts_on, 'ends_on', coalesce(p.ended_on, p.ends_on),
                            'activity', a.title, 'fee_ore', a.fee_ore, 'fee_period', a.fee_period) into placement
    from app.placements p join app.activities a on a.id = p.activity_id
    where p.id = claim.placement_id
      and (p.municipality_id = any (staff_of) or p.organisation_id = any (admin_of)
           or p.id in (select f.placement_id from app.my_facilitated_placements() f))
      and (a.municipality_id = any (staff_of) or a.organisation_id = any (member_of)
           or (a.is_public and exists (select 1 from app.partnerships pa where pa.organisation_id = a.organisation_id
                                         and pa.status = 'verified')));
  -- Agreements: staff of its municipality, its organisation's admins once sent, facilitators named.
  select jsonb_build_object('id', ag.id, 'status', ag.status, 'covered_fees', ag.covered_fees,
                            'equipment_cap_ore', ag.equipment_cap_ore, 'compensation_ore', ag.compensation_ore) into agreement
    from app.agreements ag where ag.id = claim.agreement_id
      and (ag.municipality_id = any (staff_of) or (ag.status <> 'draft' and ag.organisation_id = any (admin_of))
           or ag.id in (select app.my_named_agreements()));
  -- The participant and their card (app.participant_card) in one read: its predicate, staff
  -- of the placement's municipality, its facilitator or its organisation's admins, is the
  -- placements policy written out above.
  select p.participant_id,
         jsonb_build_object(
           'first_name', pa.first_name,
           'birth_year', pa.birth_year,
           'note', case when pa.share_activity_note and pa.activity_note <> '' then pa.activity_note end)
    into participant, card
    from app.placements p join app.participants pa on pa.id = p.participant_id
    where p.id = claim.placement_id
      and (p.municipality_id = any (staff_of) or p.organisation_id = any (admin_of)
           or p.id in (select f.placement_id from app.my_facilitated_placements() f));
  -- As app.duplicate_receipts (security definer, no caller check of its own).
  select coalesce(jsonb_agg(distinct other.reference), '[]') into duplicates
    from app.claim_receipts mine
    join app.claim_receipts theirs on theirs.sha256 = mine.sha256 and theirs.claim_id <> mine.claim_id
    join app.claims other on other.id = theirs.claim_id
    where mine.claim_id = claim.id and other.status not in ('withdrawn', 'draft');
  select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'reference', c.reference, 'kind', c.kind,
                                               'status', c.status, 'amount_ore', c.amount_ore)
                            order by c.created_at), '[]') into earlier_claims
    from app.claims c join app.placements p on p.id = c.placement_id
    where p.participant_id = participant
      and c.budget_year = claim.budget_year and c.id <> claim.id and c.status <> 'draft'
      and (c.organisation_id = any (admin_of) or c.municipality_id = any (staff_of))
      and (p.municipality_id = any (staff_of) or p.organisation_id = any (admin_of)
           or p.id in (select f.placement_id from app.my_facilitated_placements() f));
  -- Receipts are read with their claim (app.can_read_claim), which the caller can read.
  select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'object_path', r.object_path, 'file_name', r.file_name,
                                               'content_type', r.content_type, 'size_bytes', r.size_bytes)
                            order by r.uploaded_at), '[]') into receipts
    from app.claim_receipts r where r.claim_id = claim.id;
  if is_staff then
    -- Staff read their municipality's budgets.
    select jsonb_build_object('amount_ore', b.amount_ore, 'approved_ore', b.approved_ore, 'left_ore', b.amount_ore - b.approved_ore)
      into budget
      from app.budgets b where b.municipality_id = claim.municipality_id and b.year = claim.budget_year and b.kind = claim.kind;
  end if;
  return jsonb_build_object(
    'claim', to_jsonb(claim) - 'created_by' - 'decided_by' - 'authorised_by',
    'organisation', organisation,
    'participant', card,
    'placement', placement,
    'agreement', agreement,
    'limits', app.check_claim(claim, '{approved,paid}'),
    'earlier_claims', earlier_claims,
    'receipts', receipts,
    'duplicates', duplicates,
    'budget', budget,
    'steps', steps,
    'can', jsonb_build_object(
      'edit', not is_staff and claim.status in ('draft', 'needs_info'),
      'submit', not is_staff and claim.status = 'draft',
      'answer', not is_staff and claim.status = 'needs_info',
      'withdraw', not is_staff and claim.status in ('submitted', 'needs_info'),
      'decide', is_staff and claim.status = 'submitted' and roles && '{caseworker,admin}',
      'authorise', is_staff and claim.status = 'approved' and claim.authorised_at is null and 'anviser' = any (roles)
                   and claim.decided_by is distinct from caller,
      'mark_paid', is_staff and claim.status = 'approved' and claim.authorised_at is not null));
end
$$;
grant execute on function app.claim_page_parts(uuid) to authenticated;

-- supabase/schemas/50_prize.sql

-- The yearly inclusion prize (inkluderingspris): rounds with weighted criteria, open
-- nominations, screening, a blind jury and the public roll of honour.
--
-- Rules: R8 (nominations only while the round is open, one per e-mail, organisation and
-- round; conflicted jurors cannot score; blind scoring until the announcement), R9 (staff see
-- only their own municipality's rounds) and R12 (refusals name the field).
--
-- Read after 40_claims.sql (it uses municipalities, staff, organisations, invitations, the
-- mail outbox and the audit trigger of the earlier files), before 60_insight.sql. Inside:
-- types, tables, helpers, triggers, policies, juror invitations, then the API by use case.

------------------------------------------------------------------------------------------
-- Types
------------------------------------------------------------------------------------------
create type app.round_status as enum ('draft', 'open', 'judging', 'announced');

create type app.screening_status as enum ('submitted', 'eligible', 'ineligible');

------------------------------------------------------------------------------------------
-- Tables
------------------------------------------------------------------------------------------
create table app.prize_rounds (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references app.municipalities (id),
  year int not null check (year between 2000 and 2100),
  title text not null check (length(trim(title)) between 1 and 200),
  prize_description text not null default '' check (length(prize_description) <= 2000),
  status app.round_status not null default 'draft',
  opens_at timestamptz not null,
  closes_at timestamptz not null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  announced_at timestamptz,
  unique (municipality_id, year),
  constraint window_in_order check (closes_at > opens_at)
);
grant select on app.prize_rounds to anon, authenticated;
grant insert, update on app.prize_rounds to authenticated;

create table app.prize_criteria (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  position int not null,
  title text not null check (length(trim(title)) between 1 and 200),
  description text not null default '' check (length(description) <= 1000),
  weight int not null check (weight between 1 and 10),
  unique (round_id, position)
);
grant select on app.prize_criteria to anon, authenticated;
grant insert, delete on app.prize_criteria to authenticated;

create table app.prize_jurors (
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  added_at timestamptz not null default now(),
  primary key (round_id, user_id)
);
grant insert, delete on app.prize_jurors to authenticated;
grant select on app.prize_jurors to authenticated;

create index prize_jurors_user_idx on app.prize_jurors (user_id);

create table app.nominations (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  organisation_id uuid not null references app.organisations (id),
  nominator_name text not null check (length(trim(nominator_name)) between 2 and 120),
  nominator_email text not null check (nominator_email = lower(nominator_email) and nominator_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'
                                        and length(nominator_email) <= 320),
  relation text not null default '' check (length(relation) <= 200),
  -- Reasons per criterion: {"<criterion id>": "text"}.
  reasons jsonb not null default '{}' check (app.json_texts_within(reasons, 2000)),
  nominator_user_id uuid references auth.users (id) on delete set null,
  -- Anonymous nominations count only once the nominator confirmed the e-mail address.
  confirmation_token_hash text unique,
  confirmed_at timestamptz,
  status app.screening_status not null default 'submitted',
  screening_reason text check (length(screening_reason) <= 2000),
  created_at timestamptz not null default now(),
  -- The nomination form's key, which tells the same form posted twice (a double click) from a
  -- second nomination by the same address.
  submission_key uuid,
  -- R8: the same e-mail nominates an organisation at most once per round.
  constraint one_nomination_per_email unique (round_id, organisation_id, nominator_email)
);
grant select on app.nominations to authenticated;
grant update on app.nominations to authenticated;

create index nominations_round_idx on app.nominations (round_id, organisation_id);

-- R8: a juror's declared conflict of interest with a nominee.
create table app.prize_conflicts (
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  juror_id uuid not null references auth.users (id) on delete cascade,
  organisation_id uuid not null references app.organisations (id),
  reason text not null default '' check (length(reason) <= 1000),
  declared_at timestamptz not null default now(),
  primary key (round_id, juror_id, organisation_id)
);
grant select on app.prize_conflicts to authenticated;
grant insert on app.prize_conflicts to authenticated;

-- Nominations of one organisation are judged together: scores are per nominee.
create table app.prize_scores (
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  organisation_id uuid not null references app.organisations (id),
  juror_id uuid not null references auth.users (id) on delete cascade,
  criterion_id uuid not null references app.prize_criteria (id) on delete cascade,
  score int not null check (score between 1 and 5),
  comment text not null default '' check (length(comment) <= 1000),
  scored_at timestamptz not null default now(),
  primary key (round_id, organisation_id, juror_id, criterion_id)
);
grant select on app.prize_scores to authenticated;
grant insert, update on app.prize_scores to authenticated;
grant delete on app.prize_scores to authenticated;

create table app.prize_winners (
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  organisation_id uuid not null references app.organisations (id),
  citation text not null check (length(trim(citation)) between 1 and 2000),
  primary key (round_id, organisation_id)
);
grant select on app.prize_winners to anon, authenticated;
grant insert on app.prize_winners to authenticated;

------------------------------------------------------------------------------------------
-- Helpers
------------------------------------------------------------------------------------------
-- Security definer so that policies and triggers can ask about a round without passing
-- through the policies of the tables these read.
create function app.is_round_staff(round uuid, wanted app.staff_role default null) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.prize_rounds r where r.id = round and app.is_staff(r.municipality_id, wanted))
$$;
grant execute on function app.is_round_staff(uuid, app.staff_role) to anon, authenticated, service_role;

create function app.is_juror(round uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.prize_jurors j where j.round_id = round and j.user_id = (select auth.uid()))
$$;
grant execute on function app.is_juror(uuid) to anon, authenticated, service_role;

-- R8: the caller sits, or sat, on the round's jury: a juror now, or someone who scored in it
-- (leaving the jury does not open the ranking to them). Whatever other role they hold, they
-- see no ranking and no other juror's score before the announcement. Definer, because the
-- scores' own policy asks it.
create function app.is_on_jury(round uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (select 1 from app.prize_jurors j where j.round_id = round and j.user_id = (select auth.uid()))
      or exists (select 1 from app.prize_scores s where s.round_id = round and s.juror_id = (select auth.uid()));
end
$$;
grant execute on function app.is_on_jury(uuid) to authenticated, service_role;

-- R8: a juror may not score an organisation they belong to or declared a conflict with.
create function app.juror_is_conflicted(round uuid, juror uuid, organisation uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.memberships m where m.organisation_id = organisation and m.user_id = juror)
      or exists (select 1 from app.prize_conflicts c
                  where c.round_id = round and c.juror_id = juror and c.organisation_id = organisation)
$$;
grant execute on function app.juror_is_conflicted(uuid, uuid, uuid) to anon, authenticated, service_role;

create function app.round_status(round uuid) returns app.round_status
language sql stable security definer
set search_path = ''
as $$ select status from app.prize_rounds where id = round $$;
grant execute on function app.round_status(uuid) to anon, authenticated, service_role;

------------------------------------------------------------------------------------------
-- Triggers: score checks and the audit trail
------------------------------------------------------------------------------------------
-- R8: a score is given only while the round is judging, by a juror without a conflict, to an
-- eligible nominee, whichever way it is written.
create function app.check_score() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if app.round_status(new.round_id) <> 'judging' then
    perform app.refuse('round_not_judging');
  end if;
  if app.juror_is_conflicted(new.round_id, new.juror_id, new.organisation_id) then
    perform app.refuse('juror_conflicted');
  end if;
  if not exists (select 1 from app.nominations n where n.round_id = new.round_id
                   and n.organisation_id = new.organisation_id and n.status = 'eligible') then
    perform app.refuse('nominee_not_eligible');
  end if;
  return new;
end
$$;

create trigger prize_scores_check before insert or update on app.prize_scores
  for each row execute function app.check_score();

create trigger prize_rounds_audit after insert or update on app.prize_rounds
  for each row execute function app.record_audit_event();

create trigger nominations_audit after insert or update on app.nominations
  for each row execute function app.record_audit_event('nominator_name', 'nominator_email', 'reasons');

create trigger prize_conflicts_audit after insert on app.prize_conflicts
  for each row execute function app.record_audit_event();

------------------------------------------------------------------------------------------
-- Policies
------------------------------------------------------------------------------------------
create policy "Published rounds are public" on app.prize_rounds
  for select to anon, authenticated using (status <> 'draft');

create policy "Staff read their municipality's rounds" on app.prize_rounds
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Municipality admins create rounds" on app.prize_rounds
  for insert to authenticated with check (app.is_staff(municipality_id, 'admin'));

create policy "Municipality admins run rounds" on app.prize_rounds
  for update to authenticated using (app.is_staff(municipality_id, 'admin')) with check (app.is_staff(municipality_id, 'admin'));

create policy "Criteria of published rounds are public" on app.prize_criteria
  for select to anon, authenticated using (app.round_status(round_id) <> 'draft' or app.is_round_staff(round_id));

create policy "Municipality admins set criteria" on app.prize_criteria
  for all to authenticated using (app.is_round_staff(round_id, 'admin')) with check (app.is_round_staff(round_id, 'admin'));

create policy "Jurors are read by the round's staff and the jurors themselves" on app.prize_jurors
  for select to authenticated using (app.is_round_staff(round_id) or user_id = (select auth.uid()));

create policy "Municipality admins appoint jurors" on app.prize_jurors
  for all to authenticated using (app.is_round_staff(round_id, 'admin')) with check (app.is_round_staff(round_id, 'admin'));

create policy "Staff read and screen nominations" on app.nominations
  for select to authenticated using (app.is_round_staff(round_id));

create policy "Staff screen nominations" on app.nominations
  for update to authenticated using (app.is_round_staff(round_id)) with check (app.is_round_staff(round_id));

create policy "Jurors read confirmed, eligible nominations" on app.nominations
  for select to authenticated using (status = 'eligible' and app.is_juror(round_id));

create policy "Conflicts are read by the round's staff and the juror" on app.prize_conflicts
  for select to authenticated using (app.is_round_staff(round_id) or juror_id = (select auth.uid()));

create policy "Jurors declare their own conflicts" on app.prize_conflicts
  for insert to authenticated with check (juror_id = (select auth.uid()) and app.is_juror(round_id));

-- R8: blind scoring. A juror reads their own scores; everyone's once the round is announced.
-- The round's admins follow the ranking, unless they sit on its jury themselves.
create policy "Jurors read their own scores" on app.prize_scores
  for select to authenticated using (juror_id = (select auth.uid()));

create policy "Jurors read all scores after the round" on app.prize_scores
  for select to authenticated using (app.round_status(round_id) = 'announced' and app.is_juror(round_id));

create policy "The round's admins read all scores" on app.prize_scores
  for select to authenticated using (
    app.is_round_staff(round_id, 'admin') and (app.round_status(round_id) = 'announced' or not app.is_on_jury(round_id)));

create policy "Jurors score" on app.prize_scores
  for insert to authenticated with check (juror_id = (select auth.uid()) and app.is_juror(round_id));

create policy "Jurors change their own scores" on app.prize_scores
  for update to authenticated using (juror_id = (select auth.uid())) with check (juror_id = (select auth.uid()));

create policy "Winners are public" on app.prize_winners
  for select to anon, authenticated using (app.round_status(round_id) = 'announced' or app.is_round_staff(round_id));

create policy "Municipality admins name winners" on app.prize_winners
  for insert to authenticated with check (app.is_round_staff(round_id, 'admin'));

------------------------------------------------------------------------------------------
-- Juror invitations: jurors may be invited by e-mail, like organisation members and staff.
------------------------------------------------------------------------------------------
alter table app.invitations add constraint invitations_prize_round_fkey
  foreign key (prize_round_id) references app.prize_rounds (id) on delete cascade;

create policy "Municipality admins invite jurors" on app.invitations
  for insert to authenticated with check (prize_round_id is not null and app.is_round_staff(prize_round_id, 'admin'));

create policy "Municipality admins read juror invitations" on app.invitations
  for select to authenticated using (prize_round_id is not null and app.is_round_staff(prize_round_id, 'admin'));

------------------------------------------------------------------------------------------
-- API: rounds and jurors (municipality admin)
------------------------------------------------------------------------------------------
create function api.prize_rounds(municipality_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id);
  return jsonb_build_object(
    'municipality', app.municipality_ref(prize_rounds.municipality_id),
    'is_admin', app.is_staff(municipality_id, 'admin'),
    'rounds', (select coalesce(jsonb_agg(jsonb_build_object(
                 'id', r.id, 'year', r.year, 'title', r.title, 'status', r.status, 'opens_at', r.opens_at,
                 'closes_at', r.closes_at,
                 'nominations', (select count(*) from app.nominations n where n.round_id = r.id and n.confirmed_at is not null))
                 order by r.year desc), '[]')
               from app.prize_rounds r where r.municipality_id = prize_rounds.municipality_id));
end
$$;
grant execute on function api.prize_rounds(uuid) to authenticated;

-- Creates (round_id null) or changes a round while it is a draft. `criteria` is a JSON
-- array of {title, description, weight 1–10}, in order.
create function api.save_prize_round(
  municipality_id uuid,
  year int,
  title text,
  opens_at timestamptz,
  closes_at timestamptz,
  criteria jsonb,
  prize_description text default '',
  round_id uuid default null
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  saved uuid;
begin
  perform app.require_staff(municipality_id, 'admin');
  if coalesce(trim(title), '') = '' then
    perform app.refuse('title_required', 'title');
  end if;
  perform app.check_period(opens_at, closes_at, 'opens_at', 'closes_at', false);
  if jsonb_typeof(criteria) <> 'array' or jsonb_array_length(criteria) = 0 or exists (
       select 1 from jsonb_array_elements(criteria) c
        where coalesce(trim(c ->> 'title'), '') = '' or (c ->> 'weight') !~ '^([1-9]|10)$') then
    perform app.refuse('criteria_invalid', 'criteria');
  end if;
  if round_id is null then
    if exists (select 1 from app.prize_rounds r where r.municipality_id = save_prize_round.municipality_id
                 and r.year = save_prize_round.year) then
      perform app.refuse('round_exists_for_year', 'year');
    end if;
    insert into app.prize_rounds (municipality_id, year, title, prize_description, opens_at, closes_at, created_by)
    values (municipality_id, year, trim(title), coalesce(trim(prize_description), ''), opens_at, closes_at, (select auth.uid()))
    returning id into saved;
  else
    update app.prize_rounds r
       set year = save_prize_round.year, title = trim(save_prize_round.title),
           prize_description = coalesce(trim(save_prize_round.prize_description), ''),
           opens_at = save_prize_round.opens_at, closes_at = save_prize_round.closes_at
     where r.id = save_prize_round.round_id and r.municipality_id = save_prize_round.municipality_id and r.status = 'draft'
    returning r.id into saved;
    if saved is null then
      perform app.refuse('round_not_draft');
    end if;
    delete from app.prize_criteria c where c.round_id = saved;
  end if;
  insert into app.prize_criteria (round_id, position, title, description, weight)
  select saved, c.position, trim(c.item ->> 'title'), coalesce(trim(c.item ->> 'description'), ''), (c.item ->> 'weight')::int
  from jsonb_array_elements(criteria) with ordinality as c (item, position);
  return saved;
end
$$;
grant execute on function api.save_prize_round(uuid, int, text, timestamptz, timestamptz, jsonb, text, uuid) to authenticated;

-- Opens a draft round or closes nominations by hand (the job does it on the dates).
create function api.advance_prize_round(round_id uuid) returns app.round_status
language plpgsql
set search_path = ''
as $$
declare
  round app.prize_rounds;
  next_status app.round_status;
begin
  select * into round from app.prize_rounds r where r.id = advance_prize_round.round_id for update;
  perform app.require_visible(found and app.is_staff(round.municipality_id, 'admin'));
  next_status := case round.status when 'draft' then 'open' when 'open' then 'judging' end;
  if next_status is null then
    perform app.refuse('round_cannot_advance');
  end if;
  update app.prize_rounds r set status = next_status where r.id = round.id;
  return next_status;
end
$$;
grant execute on function api.advance_prize_round(uuid) to authenticated;

-- Security definer: profiles of people outside the caller's municipality are not readable.
create function app.user_by_email(email text) returns uuid
language sql stable security definer
set search_path = ''
as $$ select user_id from app.profiles where email = lower(trim(user_by_email.email)) $$;
grant execute on function app.user_by_email(text) to authenticated;

-- Someone who already has an account and is added to a jury is told so by mail, with the
-- link to the scoring page (people without an account get the invitation instead).
create or replace function api.add_juror(round_id uuid, email text) returns text
language plpgsql
set search_path = ''
as $$
declare
  person uuid;
begin
  perform app.require_visible(app.is_round_staff(round_id, 'admin'));
  person := app.user_by_email(email);
  if person is not null then
    insert into app.prize_jurors (round_id, user_id) values (round_id, person) on conflict do nothing;
    if found then
      perform app.enqueue_mail(email, 'juror_added', jsonb_build_object(
        'round', (select r.title from app.prize_rounds r where r.id = add_juror.round_id), 'round_id', round_id));
    end if;
    return 'added';
  end if;
  perform app.create_invitation(email, null, null, null, null,
                                (select title from app.prize_rounds where id = round_id), round_id);
  return 'invited';
end
$$;
grant execute on function api.add_juror(uuid, text) to authenticated;

create function api.remove_juror(round_id uuid, user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  delete from app.prize_jurors j where j.round_id = remove_juror.round_id and j.user_id = remove_juror.user_id
     and app.is_round_staff(j.round_id, 'admin');
  if not found then
    perform app.not_found();
  end if;
end
$$;
grant execute on function api.remove_juror(uuid, uuid) to authenticated;

-- Weighted mean score per eligible nominee: sum(score × weight) / sum(weight), over all
-- jurors' scores. Ties share a rank.
create function app.prize_ranking(round uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(r order by r.rank, r.name), '[]') from (
    select o.id as organisation_id, o.name,
           round(sum(s.score * c.weight)::numeric / nullif(sum(c.weight), 0), 2) as weighted_score,
           count(distinct s.juror_id) as jurors,
           rank() over (order by round(sum(s.score * c.weight)::numeric / nullif(sum(c.weight), 0), 2) desc nulls last) as rank
    from (select distinct organisation_id from app.nominations where round_id = round and status = 'eligible') n
    join app.organisations o on o.id = n.organisation_id
    left join app.prize_scores s on s.round_id = round and s.organisation_id = n.organisation_id
    left join app.prize_criteria c on c.id = s.criterion_id
    group by o.id, o.name
  ) r
$$;
grant execute on function app.prize_ranking(uuid) to authenticated;

-- How many nominees each juror has scored, for the round's admins: progress, not scores, so an
-- admin who sits on the jury sees it too. Definer, because R8 hides the scores themselves.
create function app.jury_progress(round uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(p.juror_id, p.scored), '{}')
  from (select s.juror_id, count(distinct s.organisation_id) as scored from app.prize_scores s
         where s.round_id = round and app.is_round_staff(round, 'admin') group by s.juror_id) p
$$;
grant execute on function app.jury_progress(uuid) to authenticated;

-- The round's page for staff: the round, its criteria, the jurors and their progress, and each
-- nominee's nominations (who, relation, reasons) so caseworkers screen them together. Admins
-- also get the municipality's staff to pick jurors from, the open jury invitations and the
-- ranking, unless they sit on the round's jury and it is not announced yet (R8): then
-- `ranking_hidden` says so.
create or replace function api.prize_round_admin(round_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  round app.prize_rounds;
  progress jsonb;
  ranking_hidden boolean;
begin
  select * into round from app.prize_rounds r where r.id = prize_round_admin.round_id;
  perform app.require_visible(found and app.is_staff(round.municipality_id));
  progress := app.jury_progress(round.id);
  ranking_hidden := round.status <> 'announced' and app.is_on_jury(round.id);
  return jsonb_build_object(
    'round', to_jsonb(round) - 'created_by',
    'municipality', app.municipality_ref(round.municipality_id),
    'is_admin', app.is_staff(round.municipality_id, 'admin'),
    'criteria', (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'title', c.title, 'description', c.description,
                                                              'weight', c.weight) order by c.position), '[]')
                 from app.prize_criteria c where c.round_id = round.id),
    'jurors', (select coalesce(jsonb_agg(jsonb_build_object(
                 'user_id', j.user_id, 'display_name', p.display_name, 'email', p.email,
                 'scored', coalesce((progress ->> j.user_id::text)::int, 0),
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
    'ranking', case when app.is_staff(round.municipality_id, 'admin') and not ranking_hidden then app.prize_ranking(round.id) end,
    'ranking_hidden', app.is_staff(round.municipality_id, 'admin') and ranking_hidden,
    'winners', (select coalesce(jsonb_agg(jsonb_build_object('organisation_id', w.organisation_id, 'citation', w.citation)), '[]')
                from app.prize_winners w where w.round_id = round.id));
end
$$;
grant execute on function api.prize_round_admin(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- API: nominating (anyone)
------------------------------------------------------------------------------------------

-- The open rounds and the organisations one can nominate in each.
create function api.nomination_form(round_id uuid default null) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('rounds', coalesce(jsonb_agg(jsonb_build_object(
    'id', r.id, 'title', r.title, 'year', r.year, 'closes_at', r.closes_at, 'prize_description', r.prize_description,
    'municipality', (select name from app.municipalities where id = r.municipality_id),
    'criteria', (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'title', c.title, 'description', c.description)
                                           order by c.position), '[]') from app.prize_criteria c where c.round_id = r.id),
    'organisations', (select coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'name', o.name) order by o.name), '[]')
                      from app.partnerships p join app.organisations o on o.id = p.organisation_id
                      where p.municipality_id = r.municipality_id and p.status = 'verified'))
    order by r.closes_at), '[]'))
  from app.prize_rounds r
  where r.status = 'open' and now() between r.opens_at and r.closes_at
    and (nomination_form.round_id is null or r.id = nomination_form.round_id)
$$;
grant execute on function api.nomination_form(uuid) to anon, authenticated;

-- Definer: anonymous visitors nominate, and the nominated organisation's admins are told
-- (not by whom) once the nomination counts. R8: only while the round is open; one
-- nomination per e-mail, organisation and round. `website` is a honeypot that people
-- leave empty; a filled one is answered as if accepted and stored nowhere.
-- R8 refuses a second nomination of the organisation by the same address; the same form posted
-- twice (its submission key) answers as the first post did instead.
create function api.nominate(
  round_id uuid,
  organisation_id uuid,
  nominator_name text,
  nominator_email text,
  relation text default '',
  reasons jsonb default '{}',
  website text default null,
  submission_key uuid default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  round app.prize_rounds;
  caller uuid := (select auth.uid());
  address text := lower(trim(nominator_email));
  signed_in_with_address boolean;
  token text := app.new_token();
  nomination uuid;
  earlier app.nominations;
begin
  if coalesce(website, '') <> '' then
    return jsonb_build_object('needs_confirmation', true);
  end if;
  select * into round from app.prize_rounds r where r.id = nominate.round_id;
  if not found or round.status <> 'open' or now() not between round.opens_at and round.closes_at then
    perform app.refuse('nominations_closed');
  end if;
  if not exists (select 1 from app.partnerships p where p.organisation_id = nominate.organisation_id
                   and p.municipality_id = round.municipality_id and p.status = 'verified') then
    perform app.refuse('organisation_not_eligible', 'organisation_id');
  end if;
  if coalesce(length(trim(nominator_name)), 0) < 2 then
    perform app.refuse('name_required', 'nominator_name');
  end if;
  if address is null or address !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    perform app.refuse('email_invalid', 'nominator_email');
  end if;
  if jsonb_typeof(reasons) <> 'object' or not exists (select 1 from jsonb_each_text(reasons) r where trim(r.value) <> '') then
    perform app.refuse('reasons_required', 'reasons');
  end if;
  -- Spam brake per address: a person nominates a handful, not hundreds, in an hour.
  if (select count(*) from app.nominations n where n.nominator_email = address and n.created_at > now() - interval '1 hour') >= 10 then
    perform app.refuse('too_many_nominations');
  end if;
  signed_in_with_address := caller is not null and exists (select 1 from app.profiles where user_id = caller and email = address);
  insert into app.nominations (round_id, organisation_id, nominator_name, nominator_email, relation, reasons,
                               nominator_user_id, confirmation_token_hash, confirmed_at, submission_key)
  values (round.id, organisation_id, trim(nominator_name), address, coalesce(trim(relation), ''), reasons, caller,
          case when signed_in_with_address then null else app.token_hash(token) end,
          case when signed_in_with_address then now() end, submission_key)
  on conflict on constraint one_nomination_per_email do nothing
  returning id into nomination;
  if nomination is null then
    select * into earlier from app.nominations n
     where n.round_id = round.id and n.organisation_id = nominate.organisation_id and n.nominator_email = address;
    if earlier.submission_key = nominate.submission_key then
      return jsonb_build_object('needs_confirmation', earlier.confirmed_at is null);
    end if;
    perform app.refuse('already_nominated', 'organisation_id');
  end if;
  if signed_in_with_address then
    perform app.mail_organisation_admins(organisation_id, 'nomination_received', jsonb_build_object('round', round.title));
  else
    perform app.enqueue_mail(address, 'nomination_confirm', jsonb_build_object('token', token, 'round', round.title,
      'organisation', (select name from app.organisations where id = organisation_id)));
  end if;
  return jsonb_build_object('needs_confirmation', not signed_in_with_address);
end
$$;
grant execute on function api.nominate(uuid, uuid, text, text, text, jsonb, text, uuid) to anon, authenticated;

-- Definer: the link in the e-mail is the permission.
create function api.confirm_nomination(token text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  nomination app.nominations;
begin
  update app.nominations n set confirmed_at = now()
   where n.confirmation_token_hash = app.token_hash(token) and n.confirmed_at is null
  returning * into nomination;
  if nomination.id is null then
    if exists (select 1 from app.nominations n where n.confirmation_token_hash = app.token_hash(token)) then
      return jsonb_build_object('state', 'already_confirmed');
    end if;
    perform app.not_found();
  end if;
  perform app.mail_organisation_admins(nomination.organisation_id, 'nomination_received',
    jsonb_build_object('round', (select title from app.prize_rounds where id = nomination.round_id)));
  return jsonb_build_object('state', 'confirmed',
    'organisation', (select name from app.organisations where id = nomination.organisation_id));
end
$$;
grant execute on function api.confirm_nomination(text) to anon, authenticated;

------------------------------------------------------------------------------------------
-- API: screening (staff) and judging (jurors)
------------------------------------------------------------------------------------------

-- All nominations of one organisation in a round are screened together.
create function api.screen_nominee(round_id uuid, organisation_id uuid, eligible boolean, reason text default null)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_visible(app.is_round_staff(round_id));
  if not eligible and coalesce(trim(reason), '') = '' then
    perform app.refuse('reason_required', 'reason');
  end if;
  update app.nominations n
     set status = case when eligible then 'eligible' else 'ineligible' end::app.screening_status,
         screening_reason = nullif(trim(reason), '')
   where n.round_id = screen_nominee.round_id and n.organisation_id = screen_nominee.organisation_id
     and n.confirmed_at is not null;
  if not found then
    perform app.not_found();
  end if;
end
$$;
grant execute on function api.screen_nominee(uuid, uuid, boolean, text) to authenticated;

create function api.juror_round(round_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  round app.prize_rounds;
  caller uuid := app.require_user();
begin
  select * into round from app.prize_rounds r where r.id = juror_round.round_id;
  if not found or not app.is_juror(round.id) then
    perform app.not_found();
  end if;
  return jsonb_build_object(
    'round', jsonb_build_object('id', round.id, 'title', round.title, 'year', round.year, 'status', round.status),
    'criteria', (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'title', c.title, 'description', c.description,
                                                              'weight', c.weight) order by c.position), '[]')
                 from app.prize_criteria c where c.round_id = round.id),
    'nominees', (select coalesce(jsonb_agg(jsonb_build_object(
                   'organisation_id', o.id, 'name', o.name,
                   'conflicted', app.juror_is_conflicted(round.id, caller, o.id),
                   'member', exists (select 1 from app.memberships m where m.organisation_id = o.id and m.user_id = caller),
                   'nominations', (select jsonb_agg(jsonb_build_object('relation', n.relation, 'reasons', n.reasons))
                                   from app.nominations n where n.round_id = round.id and n.organisation_id = o.id
                                     and n.status = 'eligible'),
                   'my_scores', (select coalesce(jsonb_object_agg(s.criterion_id, jsonb_build_object('score', s.score, 'comment', s.comment)), '{}')
                                 from app.prize_scores s where s.round_id = round.id and s.organisation_id = o.id
                                   and s.juror_id = caller))
                   order by o.name), '[]')
                 from (select distinct n.organisation_id from app.nominations n
                        where n.round_id = round.id and n.status = 'eligible') e
                 join app.organisations o on o.id = e.organisation_id),
    -- R8: what the other jurors gave is shown only once the round is announced.
    'all_scores', case when round.status = 'announced' then
                    (select coalesce(jsonb_agg(jsonb_build_object('organisation_id', s.organisation_id,
                                                                  'criterion_id', s.criterion_id, 'score', s.score)), '[]')
                     from app.prize_scores s where s.round_id = round.id) end);
end
$$;
grant execute on function api.juror_round(uuid) to authenticated;

create function api.declare_conflict(round_id uuid, organisation_id uuid, reason text default '') returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_visible(app.is_juror(round_id));
  insert into app.prize_conflicts (round_id, juror_id, organisation_id, reason)
  values (round_id, (select auth.uid()), organisation_id, coalesce(trim(reason), ''))
  on conflict do nothing;
  -- Scores the juror gave this nominee before declaring the conflict do not count.
  delete from app.prize_scores s where s.round_id = declare_conflict.round_id
     and s.organisation_id = declare_conflict.organisation_id and s.juror_id = (select auth.uid());
end
$$;
grant execute on function api.declare_conflict(uuid, uuid, text) to authenticated;

-- api.declare_conflict runs as the juror, so its delete needs this policy.
create policy "Jurors withdraw their own scores" on app.prize_scores
  for delete to authenticated using (juror_id = (select auth.uid()));

-- `scores` is a JSON array of {criterion_id, score 1–5, comment}.
create function api.score_nominee(round_id uuid, organisation_id uuid, scores jsonb) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_visible(app.is_juror(round_id));
  if jsonb_typeof(scores) <> 'array' or exists (
       select 1 from jsonb_array_elements(scores) s
        where (s ->> 'score') !~ '^[1-5]$'
           or not exists (select 1 from app.prize_criteria c where c.id = (s ->> 'criterion_id')::uuid
                            and c.round_id = score_nominee.round_id)) then
    perform app.refuse('scores_invalid', 'scores');
  end if;
  insert into app.prize_scores (round_id, organisation_id, juror_id, criterion_id, score, comment)
  select round_id, organisation_id, (select auth.uid()), (s ->> 'criterion_id')::uuid, (s ->> 'score')::int,
         coalesce(trim(s ->> 'comment'), '')
  from jsonb_array_elements(scores) s
  on conflict on constraint prize_scores_pkey do update
    set score = excluded.score, comment = excluded.comment, scored_at = now();
end
$$;
grant execute on function api.score_nominee(uuid, uuid, jsonb) to authenticated;

create function api.my_jury_rounds() returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'title', r.title, 'year', r.year, 'status', r.status,
                                               'municipality', (select name from app.municipalities where id = r.municipality_id))
                            order by r.year desc), '[]')
  from app.prize_jurors j join app.prize_rounds r on r.id = j.round_id
  where j.user_id = (select auth.uid())
$$;
grant execute on function api.my_jury_rounds() to authenticated;

------------------------------------------------------------------------------------------
-- API: announcing the winners and the public roll of honour
------------------------------------------------------------------------------------------
-- Announces the winners (one or several, each with a citation) and ends the round.
create function api.announce_winners(round_id uuid, winners jsonb) returns void
language plpgsql
set search_path = ''
as $$
declare
  round app.prize_rounds;
begin
  select * into round from app.prize_rounds r where r.id = announce_winners.round_id for update;
  perform app.require_visible(found and app.is_staff(round.municipality_id, 'admin'));
  if round.status <> 'judging' then
    perform app.refuse('round_not_judging');
  end if;
  if jsonb_typeof(winners) <> 'array' or jsonb_array_length(winners) = 0 or exists (
       select 1 from jsonb_array_elements(winners) w
        where coalesce(trim(w ->> 'citation'), '') = ''
           or not exists (select 1 from app.nominations n where n.round_id = round.id and n.status = 'eligible'
                            and n.organisation_id = (w ->> 'organisation_id')::uuid)) then
    perform app.refuse('winners_invalid', 'winners');
  end if;
  insert into app.prize_winners (round_id, organisation_id, citation)
  select round.id, (w ->> 'organisation_id')::uuid, trim(w ->> 'citation') from jsonb_array_elements(winners) w;
  update app.prize_rounds r set status = 'announced', announced_at = now() where r.id = round.id;
  perform app.mail_organisation_admins((w ->> 'organisation_id')::uuid, 'prize_won',
                                       jsonb_build_object('round', round.title, 'citation', w ->> 'citation'))
  from jsonb_array_elements(winners) w;
end
$$;
grant execute on function api.announce_winners(uuid, jsonb) to authenticated;

-- The public roll of honour, newest first, optionally for one municipality.
create function api.roll_of_honour(municipality_number text default null) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'round_id', r.id, 'year', r.year, 'title', r.title, 'municipality', m.name,
    'winners', (select jsonb_agg(jsonb_build_object('organisation_id', o.id, 'name', o.name, 'citation', w.citation)
                                 order by o.name)
                from app.prize_winners w join app.organisations o on o.id = w.organisation_id where w.round_id = r.id))
    order by r.year desc, m.name), '[]')
  from app.prize_rounds r join app.municipalities m on m.id = r.municipality_id
  where r.status = 'announced'
    and (roll_of_honour.municipality_number is null or m.municipality_number = roll_of_honour.municipality_number)
$$;
grant execute on function api.roll_of_honour(text) to anon, authenticated;

------------------------------------------------------------------------------------------
-- Job: rounds open and close on their dates (scheduled in 70_jobs.sql). `at` is a parameter
-- so tests can move the clock.
------------------------------------------------------------------------------------------
create function api.run_prize_lifecycle(at timestamptz default now()) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  opened int;
  closed int;
begin
  with o as (update app.prize_rounds set status = 'open' where status = 'draft' and opens_at <= at and closes_at > at returning id)
  select count(*) into opened from o;
  with c as (update app.prize_rounds set status = 'judging' where status = 'open' and closes_at <= at returning id)
  select count(*) into closed from c;
  return jsonb_build_object('opened', opened, 'closed', closed);
end
$$;
grant execute on function api.run_prize_lifecycle(timestamptz) to service_role;

------------------------------------------------------------------------------------------
-- Profiles of jurors
------------------------------------------------------------------------------------------
-- Jurors invited from outside the municipality are not staff; this lets the round's staff see
-- their names in the juror list and progress.
create policy "The round's staff read their jurors' profiles" on app.profiles
  for select to authenticated using (
    user_id in (select j.user_id from app.prize_jurors j where app.is_round_staff(j.round_id)));

-- supabase/schemas/60_insight.sql

-- Insight for the municipality: the dashboard's figures, the yearly report, exports without
-- personal data, the organisation's view across municipalities, and the audit log.
--
-- Rules: R9 (staff see only their own municipality's figures, exports and audit log), R10
-- (figures stay correct after anonymisation) and R11 (money in øre, years by Europe/Oslo date).
--
-- Read after 50_prize.sql: it builds on the earlier files' placements, attendance, claims,
-- budgets, agreements and audit events. Inside: the year's figures and their cache, the
-- dashboard and yearly report, exports, the organisation's view, then the audit log.
--
-- Definitions (so that figures are the same in every place they appear):
-- * A placement counts in a year when its period overlaps the year (start ≤ 31.12 and
--   end ≥ 1.1, where end is the day it ended, else the end of its decision period).
-- * A participant's age band in a year is by the age they reach that year (year − birth year),
--   so someone who turns 18 during the year is 18–66 for the whole year.
-- * Attendance rate = present / (present + absent) over the year's sessions; cancelled
--   sessions and cancelled marks do not count.
-- * Outcomes are those of placements that ended during the year.
-- Participants' names never enter these figures, so anonymisation (R10) does not change them.

------------------------------------------------------------------------------------------
-- Figures: the dashboard and the yearly report
------------------------------------------------------------------------------------------
create function app.year_start(year int) returns date
language sql immutable
as $$ select make_date(year, 1, 1) $$;
grant execute on function app.year_start(int) to authenticated, service_role;

create function app.year_end(year int) returns date
language sql immutable
as $$ select make_date(year, 12, 31) $$;
grant execute on function app.year_end(int) to authenticated, service_role;

-- The figures of one municipality and year. Staff only (checked by the api functions).
-- PL/pgSQL so that each connection keeps the plan; a SQL function is planned on every call
-- (see docs/performance.md).
create function app.year_figures(municipality uuid, year int) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  return (
  with placements as (
    select p.*, pa.birth_year, a.category
    from app.placements p
    join app.participants pa on pa.id = p.participant_id
    join app.activities a on a.id = p.activity_id
    where p.municipality_id = municipality
      and p.starts_on <= app.year_end(year) and coalesce(p.ended_on, p.ends_on) >= app.year_start(year)
  ),
  marks as (
    select coalesce(sum(m.present), 0) as present, coalesce(sum(m.absent), 0) as absent
    from app.attendance_months m
    where m.municipality_id = municipality and m.month between app.year_start(year) and app.year_end(year)
  ),
  ended as (
    select outcome from placements where status = 'ended' and ended_on between app.year_start(year) and app.year_end(year)
  ),
  claims as (
    select c.kind, c.status, c.amount_ore, c.first_submitted_at, c.decided_at
    from app.claims c where c.municipality_id = municipality and c.budget_year = year and c.status <> 'draft'
  )
  select jsonb_build_object(
    'year', year,
    'participants', (select count(distinct participant_id) from placements),
    'placements', (select count(*) from placements),
    'new_placements', (select count(*) from placements where starts_on >= app.year_start(year)),
    'by_age_band', (select coalesce(jsonb_object_agg(band, n), '{}') from (
                      select app.age_band(birth_year, app.year_end(year)) as band, count(distinct participant_id) as n
                      from placements group by 1) b),
    'by_category', (select coalesce(jsonb_object_agg(category, n), '{}') from (
                      select category, count(*) as n from placements group by 1) c),
    'organisations', (select count(distinct organisation_id) from placements),
    'agreements_active', (select count(*) from app.agreements ag
                          where ag.municipality_id = municipality and ag.activated_at is not null
                            and ag.valid_from <= app.year_end(year) and ag.valid_to >= app.year_start(year)
                            and coalesce(ag.ended_at::date, ag.valid_to) >= app.year_start(year)),
    'attendance', (select jsonb_build_object('present', present, 'absent', absent,
                                             'rate', round(present::numeric / nullif(present + absent, 0), 3))
                   from marks),
    'outcomes', (select jsonb_build_object(
                   'ended', count(*),
                   'continues_as_member', count(*) filter (where outcome = 'continues_as_member'),
                   'continues_with_support', count(*) filter (where outcome = 'continues_with_support'),
                   'stopped', count(*) filter (where outcome = 'stopped'),
                   'moved', count(*) filter (where outcome = 'moved'),
                   'member_share', round(count(*) filter (where outcome = 'continues_as_member')::numeric / nullif(count(*), 0), 3))
                 from ended),
    'claims', (select coalesce(jsonb_agg(jsonb_build_object(
                 'kind', k.kind,
                 'budget_ore', coalesce((select b.amount_ore from app.budgets b where b.municipality_id = municipality
                                           and b.year = year_figures.year and b.kind = k.kind), 0),
                 'approved_ore', (select coalesce(sum(amount_ore), 0) from claims where kind = k.kind and status in ('approved', 'paid')),
                 'paid_ore', (select coalesce(sum(amount_ore), 0) from claims where kind = k.kind and status = 'paid'),
                 'count', (select count(*) from claims where kind = k.kind)) order by k.kind), '[]')
               from unnest(enum_range(null::app.claim_kind)) as k (kind)),
    'decision_days', (select jsonb_build_object(
                        'decided', count(*),
                        'average', round(avg(extract(epoch from decided_at - first_submitted_at) / 86400)::numeric, 1),
                        'median', round((percentile_cont(0.5) within group (order by extract(epoch from decided_at - first_submitted_at) / 86400))::numeric, 1))
                      from claims where decided_at is not null and first_submitted_at is not null))
  );
end
$$;
grant execute on function app.year_figures(uuid, int) to authenticated;

-- The dashboard's figures are computed at most once a minute per municipality and year:
-- they take tens of milliseconds on a large municipality, and many people open the
-- dashboard. The page shows when they were computed.
create table app.figure_cache (
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  year int not null,
  figures jsonb not null,
  computed_at timestamptz not null default now(),
  primary key (municipality_id, year)
);

-- The cached figures, computed by one caller at a time: when a busy municipality's figures
-- expire, the first caller takes an advisory lock and computes them; the others show the
-- figures they have (a minute old is fine on a dashboard, which says when they were
-- computed), or, with none yet, wait for the first and show its result. So many people
-- opening the dashboard at once neither compute the same figures in parallel nor queue on the
-- cache row (see docs/performance.md). Security definer because the cache has no policies;
-- the caller is checked by api.dashboard.
create or replace function app.cached_figures(municipality uuid, year int) returns app.figure_cache
language plpgsql security definer
set search_path = ''
as $$
declare
  cached app.figure_cache;
  lock_key int := hashtext('figure_cache:' || municipality::text);
begin
  select * into cached from app.figure_cache c where c.municipality_id = municipality and c.year = cached_figures.year;
  if found and cached.computed_at > now() - interval '1 minute' then
    return cached;
  end if;
  if found then
    if not pg_try_advisory_xact_lock(lock_key, year) then
      return cached;
    end if;
  else
    perform pg_advisory_xact_lock(lock_key, year);
    select * into cached from app.figure_cache c where c.municipality_id = municipality and c.year = cached_figures.year;
    if found and cached.computed_at > now() - interval '1 minute' then
      return cached;
    end if;
  end if;
  insert into app.figure_cache (municipality_id, year, figures, computed_at)
  values (municipality, year, app.year_figures(municipality, year), now())
  on conflict on constraint figure_cache_pkey do update set figures = excluded.figures, computed_at = excluded.computed_at
  returning * into cached;
  return cached;
end
$$;
grant execute on function app.cached_figures(uuid, int) to authenticated;

-- The dashboard: a year's figures (this year unless given) and when they were computed.
create function api.dashboard(municipality_id uuid, year int default null) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  chosen int := coalesce(year, extract(year from app.today())::int);
  cached app.figure_cache;
begin
  perform app.require_staff(municipality_id);
  cached := app.cached_figures(municipality_id, chosen);
  return jsonb_build_object(
    'municipality', app.municipality_ref(dashboard.municipality_id),
    'figures', cached.figures,
    'computed_at', cached.computed_at);
end
$$;
grant execute on function api.dashboard(uuid, int) to authenticated;

------------------------------------------------------------------------------------------
-- The caseworker's work list: what waits for the municipality today
------------------------------------------------------------------------------------------

-- The staff member's landing page after sign-in: each task with how many wait, in the order
-- of a caseworker's day, and their own e-mail settings. A task is an entry of `tasks` named by
-- `task`, so a new kind of work (authorising claims, say) is one entry more.
--
-- Every count is read from kept figures or an index, never by visiting the rows one by one:
-- pending partnerships (partnerships_queue_idx), claims waiting for a decision
-- (app.claim_totals), agreements awaiting the municipality (agreements_municipality_idx),
-- active placements without attendance for two weeks (app.placement_items.quiet_since) and
-- confirmed nominees not yet screened in the municipality's open and judging rounds.
--
-- Definer, because the placements' kept rows have no policies; it answers only staff of the
-- municipality (R9), checked first.
create function api.work_list(municipality_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  today date := (now() at time zone 'Europe/Oslo')::date;  -- app.today(), written out
  unscreened record;
begin
  if not exists (select 1 from app.staff s where s.municipality_id = work_list.municipality_id and s.user_id = caller) then
    perform app.require_staff(municipality_id);  -- refuses, with its own error
  end if;
  select count(*) as nominees, (array_agg(r.id order by r.closes_at))[1] as round_id into unscreened
    from app.prize_rounds r
    cross join lateral (select distinct n.organisation_id from app.nominations n
                         where n.round_id = r.id and n.status = 'submitted' and n.confirmed_at is not null) n
   where r.municipality_id = work_list.municipality_id and r.status in ('open', 'judging');
  return jsonb_build_object(
    'municipality', app.municipality_ref(work_list.municipality_id),
    'tasks', jsonb_build_array(
      jsonb_build_object('task', 'organisations_to_verify', 'count',
        (select count(*) from app.partnerships p
          where p.municipality_id = work_list.municipality_id and p.status = 'pending')),
      jsonb_build_object('task', 'claims_to_decide', 'count',
        (select coalesce(sum(t.claims), 0) from app.claim_totals t
          where t.municipality_id = work_list.municipality_id and t.status = 'submitted')))
    -- Approved claims waiting for the second step (R13), for those who may take it.
    || case when app.is_staff(work_list.municipality_id, 'anviser') then jsonb_build_array(
      jsonb_build_object('task', 'claims_to_authorise', 'count',
        app.claims_to_authorise_count(work_list.municipality_id))) else '[]' end
    || jsonb_build_array(
      jsonb_build_object('task', 'agreements_to_countersign', 'count',
        (select count(*) from app.agreements a
          where a.municipality_id = work_list.municipality_id and a.status = 'awaiting_municipality')),
      jsonb_build_object('task', 'placements_without_attendance', 'count',
        app.quiet_placements(work_list.municipality_id, today)),
      jsonb_build_object('task', 'nominations_to_screen', 'count', unscreened.nominees,
                         'round_id', unscreened.round_id)),
    'settings', jsonb_build_object(
      'registration_mail', coalesce((select st.registration_mail from app.staff_settings st
                                      where st.municipality_id = work_list.municipality_id and st.user_id = caller), true)));
end
$$;
grant execute on function api.work_list(uuid) to authenticated;

-- The yearly report: the year's figures beside the previous year's, from the dashboard's
-- cache (at most a minute old, like the dashboard's): computing both years took ~240 ms on a
-- large municipality. computed_at is when the older of the two was computed.
create function api.yearly_report(municipality_id uuid, year int) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  figures app.figure_cache;
  previous app.figure_cache;
begin
  perform app.require_staff(municipality_id);
  figures := app.cached_figures(municipality_id, year);
  previous := app.cached_figures(municipality_id, year - 1);
  return jsonb_build_object(
    'municipality', (select jsonb_build_object('id', m.id, 'name', m.name, 'number', m.municipality_number)
                      from app.municipalities m where m.id = yearly_report.municipality_id),
    'figures', figures.figures,
    'previous', previous.figures,
    'computed_at', least(figures.computed_at, previous.computed_at));
end
$$;
grant execute on function api.yearly_report(uuid, int) to authenticated;

------------------------------------------------------------------------------------------
-- Exports: rows for CSV, without personal data.
------------------------------------------------------------------------------------------
create function api.export_placements(municipality_id uuid, year int) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id);
  return (select coalesce(jsonb_agg(jsonb_build_object(
      'placement', p.id, 'age_band', app.age_band(pa.birth_year, app.year_end(year)), 'activity', a.title,
      'category', a.category, 'organisation', o.name, 'organisation_number', o.organisation_number,
      'starts_on', p.starts_on, 'ends_on', p.ends_on, 'ended_on', p.ended_on, 'status', p.status, 'outcome', p.outcome,
      'present', (select coalesce(sum(am.present), 0) from app.attendance_months am where am.placement_id = p.id),
      'absent', (select coalesce(sum(am.absent), 0) from app.attendance_months am where am.placement_id = p.id))
      order by p.starts_on, p.id), '[]')
    from app.placements p
    join app.participants pa on pa.id = p.participant_id
    join app.activities a on a.id = p.activity_id
    join app.organisations o on o.id = p.organisation_id
    where p.municipality_id = export_placements.municipality_id
      and p.starts_on <= app.year_end(year) and coalesce(p.ended_on, p.ends_on) >= app.year_start(year));
end
$$;
grant execute on function api.export_placements(uuid, int) to authenticated;

create function api.export_claims(municipality_id uuid, year int) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id);
  return (select coalesce(jsonb_agg(jsonb_build_object(
      'reference', c.reference, 'kind', c.kind, 'status', c.status, 'amount_ore', c.amount_ore,
      'organisation', o.name, 'organisation_number', o.organisation_number,
      'period_start', c.period_start, 'period_end', c.period_end, 'purchase_date', c.purchase_date,
      'submitted_at', c.first_submitted_at, 'decided_at', c.decided_at, 'paid_on', c.paid_on,
      'payment_reference', c.payment_reference) order by c.reference), '[]')
    from app.claims c join app.organisations o on o.id = c.organisation_id
    where c.municipality_id = export_claims.municipality_id and c.budget_year = year and c.status <> 'draft');
end
$$;
grant execute on function api.export_claims(uuid, int) to authenticated;

create function api.export_organisations(municipality_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id);
  return (select coalesce(jsonb_agg(jsonb_build_object(
      'organisation_number', o.organisation_number, 'name', o.name, 'kind', o.kind, 'status', p.status,
      'contact_email', o.contact_email, 'contact_phone', o.contact_phone, 'postal_town', o.postal_town,
      'activities', (select count(*) from app.activities a where a.organisation_id = o.id
                       and a.municipality_id = export_organisations.municipality_id),
      'active_placements', (select count(*) from app.placements pl where pl.organisation_id = o.id
                              and pl.municipality_id = export_organisations.municipality_id and pl.status = 'active'))
      order by o.name), '[]')
    from app.partnerships p join app.organisations o on o.id = p.organisation_id
    where p.municipality_id = export_organisations.municipality_id);
end
$$;
grant execute on function api.export_organisations(uuid) to authenticated;

create function api.export_attendance(municipality_id uuid, year int) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id);
  return (select coalesce(jsonb_agg(jsonb_build_object(
      'activity', r.title, 'organisation', r.organisation, 'month', r.month, 'sessions', r.sessions,
      'present', r.present, 'absent', r.absent) order by r.organisation, r.title, r.month), '[]')
    from (
      select a.title, o.name as organisation, to_char(s.on_date, 'YYYY-MM') as month,
             count(distinct s.id) as sessions,
             count(*) filter (where at.status = 'present') as present,
             count(*) filter (where at.status = 'absent') as absent
      from app.attendance at
      join app.placements p on p.id = at.placement_id
      join app.sessions s on s.id = at.session_id
      join app.activities a on a.id = p.activity_id
      join app.organisations o on o.id = p.organisation_id
      where p.municipality_id = export_attendance.municipality_id
        and s.on_date between app.year_start(year) and app.year_end(year) and not s.cancelled
      group by 1, 2, 3) r);
end
$$;
grant execute on function api.export_attendance(uuid, int) to authenticated;

------------------------------------------------------------------------------------------
-- The organisation's view, across every municipality it works with
------------------------------------------------------------------------------------------
create function api.organisation_insight(organisation_id uuid, year int default null) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  chosen int := coalesce(year, extract(year from app.today())::int);
begin
  perform app.require_user(app.is_member(organisation_id, 'admin'));
  return jsonb_build_object(
    'organisation', app.organisation_ref(organisation_insight.organisation_id),
    'year', chosen,
    'municipalities', (select coalesce(jsonb_agg(jsonb_build_object(
        'municipality', m.name,
        'placements', (select count(*) from app.placements p where p.organisation_id = organisation_insight.organisation_id
                         and p.municipality_id = m.id and p.starts_on <= app.year_end(chosen)
                         and coalesce(p.ended_on, p.ends_on) >= app.year_start(chosen)),
        'present', (select coalesce(sum(am.present), 0) from app.attendance_months am
                     where am.organisation_id = organisation_insight.organisation_id and am.municipality_id = m.id
                       and am.month between app.year_start(chosen) and app.year_end(chosen)),
        'absent', (select coalesce(sum(am.absent), 0) from app.attendance_months am
                    where am.organisation_id = organisation_insight.organisation_id and am.municipality_id = m.id
                      and am.month between app.year_start(chosen) and app.year_end(chosen)),
        'claimed_ore', (select coalesce(sum(c.amount_ore), 0) from app.claims c
                         where c.organisation_id = organisation_insight.organisation_id and c.municipality_id = m.id
                           and c.budget_year = chosen and c.status not in ('draft', 'withdrawn', 'rejected')),
        'approved_ore', (select coalesce(sum(c.amount_ore), 0) from app.claims c
                          where c.organisation_id = organisation_insight.organisation_id and c.municipality_id = m.id
                            and c.budget_year = chosen and c.status in ('approved', 'paid')))
        order by m.name), '[]')
      from app.partnerships pt join app.municipalities m on m.id = pt.municipality_id
      where pt.organisation_id = organisation_insight.organisation_id));
end
$$;
grant execute on function api.organisation_insight(uuid, int) to authenticated;

------------------------------------------------------------------------------------------
-- Audit: a searchable log for municipality admins and a timeline per object
------------------------------------------------------------------------------------------
create function api.audit_log(municipality_id uuid, table_name text default null, search text default null,
                              from_date date default null, to_date date default null, page int default 1) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id, 'admin');
  return (
    with matching as (
      select e.* from app.audit_events e
      where e.municipality_id = audit_log.municipality_id
        and (audit_log.table_name is null or e.table_name = audit_log.table_name)
        and (audit_log.from_date is null or e.occurred_at >= audit_log.from_date)
        and (audit_log.to_date is null or e.occurred_at < audit_log.to_date + 1)
        and (audit_log.search is null or e.record_id = audit_log.search
             or e.new_row::text ilike '%' || audit_log.search || '%' or e.old_row::text ilike '%' || audit_log.search || '%')
    )
    select jsonb_build_object(
      'total', (select count(*) from matching),
      'page', greatest(coalesce(page, 1), 1),
      'events', (select coalesce(jsonb_agg(jsonb_build_object(
                   'id', m.id, 'occurred_at', m.occurred_at, 'table', m.table_name, 'record_id', m.record_id,
                   'action', m.action, 'old', m.old_row, 'new', m.new_row,
                   'actor', (select display_name from app.profiles where user_id = m.actor_id)) order by m.id desc), '[]')
                 from (select * from matching order by id desc limit 50 offset (greatest(coalesce(page, 1), 1) - 1) * 50) m)));
end
$$;
grant execute on function api.audit_log(uuid, text, text, date, date, int) to authenticated;

create index audit_events_actor_idx on app.audit_events (actor_id);

-- supabase/schemas/70_jobs.sql

-- The scheduled jobs and the mail outbox's side for the mailer.
--
-- The jobs end agreements on their end date and send reminders before it, start planned
-- placements and anonymise participants after the retention period (R10), and open and close
-- prize rounds on their dates (R8), and send the session reminders and the weekly summary of
-- unlogged attendance (35_reminders.sql). Each job is an api.run_* function in its own area's file.
--
-- Read last, after 60_insight.sql, because it schedules functions of the earlier files.
--
------------------------------------------------------------------------------------------
-- Schedules: pg_cron (enable the extension on a hosted project; the local stack provides a
-- stand-in). Times are UTC, as pg_cron's.
------------------------------------------------------------------------------------------
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron') then
    create extension if not exists pg_cron;
  end if;
end
$$;

select cron.schedule('agreement-lifecycle', '15 5 * * *', 'select api.run_agreement_lifecycle()');

select cron.schedule('placement-lifecycle', '20 5 * * *', 'select api.run_placement_lifecycle()');

-- In the afternoon, Oslo time, so that the day-before reminder comes while there is time to plan.
select cron.schedule('session-reminders', '0 15 * * *', 'select api.run_session_reminders()');

-- Monday morning, Oslo time.
select cron.schedule('attendance-summary', '0 6 * * 1', 'select api.run_attendance_summary()');

select cron.schedule('prize-lifecycle', '*/5 * * * *', 'select api.run_prize_lifecycle()');

-- Windows that ended are of no use; a key seen again starts a new one in place anyway.
select cron.schedule('rate-limit-sweep', '7 * * * *', 'delete from app.rate_limit_windows where ends_at < now()');

------------------------------------------------------------------------------------------
-- Outbox
------------------------------------------------------------------------------------------
-- The mailer's side of the outbox (service role only): take a batch of due messages and
-- report how each went. A message that could not be delivered stays, with its error, and is
-- tried again later, further apart each time (1, 2, 4 … minutes, at most 6 hours apart), for
-- as long as it takes. A taken message is held for 10 minutes, so that a mailer that dies
-- mid-batch does not lose it and two app servers do not send it twice.
create function api.take_outbox(batch_size int default 20) returns jsonb
language sql
set search_path = ''
as $$
  with taken as (
    update app.outbox o
       set attempts = o.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + interval '10 minutes'
     where o.id in (select id from app.outbox
                     where sent_at is null and coalesce(next_attempt_at, created_at) <= now()
                     order by id limit batch_size for update skip locked)
    returning o.*)
  select coalesce(jsonb_agg(jsonb_build_object('id', id, 'recipient', recipient, 'template', template, 'locale', locale,
                                               'payload', payload) order by id), '[]')
  from taken
$$;
grant execute on function api.take_outbox(int) to service_role;

create function api.report_outbox(message_id bigint, error text default null) returns void
language sql
set search_path = ''
as $$
  update app.outbox
     set sent_at = case when error is null then now() end,
         last_error = left(error, 1000),
         last_attempt_at = now(),
         next_attempt_at = case when error is not null
                                then now() + least(interval '1 minute' * power(2, least(attempts, 20) - 1),
                                                   interval '6 hours') end
   where id = message_id
$$;
grant execute on function api.report_outbox(bigint, text) to service_role;

-- The addresses a municipality's admins may see undelivered mail to: its own staff and
-- jurors-to-be, the people of organisations that partner with it, and the nominators in its
-- prize rounds. Definer: it reads memberships and invitations across the RLS walls, and is
-- called only by the api functions below after they checked the caller is such an admin.
create function app.mail_recipients_of(municipality uuid) returns setof text
language sql stable security definer
set search_path = ''
as $$
  select p.email from app.staff s join app.profiles p on p.user_id = s.user_id where s.municipality_id = municipality
  union
  select p.email from app.partnerships pa
    join app.memberships m on m.organisation_id = pa.organisation_id
    join app.profiles p on p.user_id = m.user_id
   where pa.municipality_id = municipality
  union
  select i.email from app.invitations i
   where i.accepted_at is null
     and (i.municipality_id = municipality
          or i.organisation_id in (select organisation_id from app.partnerships where municipality_id = municipality)
          or i.prize_round_id in (select id from app.prize_rounds where municipality_id = municipality))
  union
  select n.nominator_email from app.nominations n
   where n.round_id in (select id from app.prize_rounds where municipality_id = municipality)
$$;

-- Outgoing e-mail that has not been delivered yet, for the municipality's admins: who it is
-- for, what kind, how many attempts and the last error. Not the content: links in it (an
-- invitation's token) are for the recipient only. Definer, because the outbox is the
-- mailer's alone (no policy lets a person read it); the caller is checked first.
create function api.undelivered_mail(municipality_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id, 'admin');
  return jsonb_build_object(
    'municipality', app.municipality_ref(undelivered_mail.municipality_id),
    'messages', (select coalesce(jsonb_agg(jsonb_build_object(
                   'id', o.id, 'created_at', o.created_at, 'recipient', o.recipient, 'template', o.template,
                   'attempts', o.attempts, 'last_attempt_at', o.last_attempt_at, 'last_error', o.last_error,
                   'next_attempt_at', coalesce(o.next_attempt_at, o.created_at)) order by o.id desc), '[]')
                 from (select * from app.outbox o
                        where o.sent_at is null
                          and o.recipient in (select app.mail_recipients_of(undelivered_mail.municipality_id))
                        order by o.id desc limit 200) o));
end
$$;
grant execute on function api.undelivered_mail(uuid) to authenticated;

-- "Try again now": makes one undelivered message (or all the admin may see) due at once.
-- Returns how many; the app then wakes its mailer.
create function api.retry_mail(municipality_id uuid, message_id bigint default null) returns int
language plpgsql security definer
set search_path = ''
as $$
declare
  due int;
begin
  perform app.require_staff(municipality_id, 'admin');
  update app.outbox o set next_attempt_at = now()
   where o.sent_at is null
     and (retry_mail.message_id is null or o.id = retry_mail.message_id)
     and o.recipient in (select app.mail_recipients_of(retry_mail.municipality_id));
  get diagnostics due = row_count;
  if retry_mail.message_id is not null and due = 0 then
    perform app.not_found();
  end if;
  return due;
end
$$;
grant execute on function api.retry_mail(uuid, bigint) to authenticated;

-- supabase/schemas/90_row_level_security.sql

-- Row-level security for every table: each table of `app` has it switched on and forced (the
-- table's owner obeys the policies too), so its policies are the only way in. One statement
-- for all of them, after every area has made its tables; tests/db/tenancy.test.ts checks that
-- no table is left without it.

do $$
declare
  tbl regclass;
begin
  for tbl in select c.oid from pg_class c where c.relnamespace = 'app'::regnamespace and c.relkind in ('r', 'p') loop
    execute format('alter table %s enable row level security, force row level security', tbl);
  end loop;
end
$$;
