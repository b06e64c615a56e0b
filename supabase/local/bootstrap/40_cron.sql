-- pg_cron, which hosted Supabase offers. A server that preloads the real extension (Debian's
-- postgresql-15-cron with shared_preload_libraries = 'pg_cron') gets it, and pg_cron runs
-- the jobs. Anywhere else (the embedded server) a stand-in: the `cron.job` table and
-- `cron.schedule` / `cron.unschedule`, whose jobs the local stack's scheduler
-- (supabase/local/cron.ts) runs.
do $bootstrap$
declare
  available boolean := exists (select from pg_available_extensions where name = 'pg_cron');
  preloaded boolean := current_setting('shared_preload_libraries') ~ '(^|[\s,"])pg_cron($|[\s,"])';
begin
  if available and preloaded then
    create extension if not exists pg_cron;
    return;
  end if;
  if available then
    -- The jobs migration creates the extension wherever it is installed, which fails unless
    -- the server loads it; say so here rather than with pg_cron's puzzling error there.
    raise exception 'pg_cron is installed on this server but not loaded'
      using hint = format('Set shared_preload_libraries = ''pg_cron'' and cron.database_name = %L, then restart the server.',
                          current_database());
  end if;

  create schema if not exists cron;
  revoke all on schema cron from public;

  create table if not exists cron.job (
    jobid bigserial primary key,
    schedule text not null,
    command text not null,
    jobname text unique,
    active boolean not null default true
  );

  create or replace function cron.schedule(job_name text, schedule text, command text) returns bigint
  language sql
  as $$
    insert into cron.job (jobname, schedule, command) values (job_name, schedule, command)
    on conflict (jobname) do update set schedule = excluded.schedule, command = excluded.command, active = true
    returning jobid
  $$;

  create or replace function cron.unschedule(job_name text) returns boolean
  language sql
  as $$
    with removed as (delete from cron.job where jobname = job_name returning 1) select exists (select 1 from removed)
  $$;
end
$bootstrap$;
