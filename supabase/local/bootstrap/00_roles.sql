-- What every hosted Supabase project has before its first migration: the API roles, the
-- extensions schema, and the migration history table the Supabase CLI writes.
-- Not a migration: the same objects exist on a hosted project already.

do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'supabase_admin') then
    create role supabase_admin nologin superuser createdb createrole replication bypassrls;
  end if;
end
$$;

grant anon, authenticated, service_role to authenticator;

-- Hosted Supabase's statement timeouts, so that a function too slow for a hosted project is
-- cancelled here first. The API roles' own settings apply per request (PostgREST sets them
-- with the role, see rest/role-settings.ts); service_role has none and keeps authenticator's,
-- which applies from login.
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';

create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;
grant execute on all functions in schema extensions to anon, authenticated, service_role;

-- Hosted Supabase grants the API roles usage of public and lets them call its functions.
grant usage on schema public to anon, authenticated, service_role;

create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  statements text[],
  name text
);
