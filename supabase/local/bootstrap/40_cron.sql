-- A stand-in for the pg_cron extension that hosted Supabase offers: the `cron.job` table and
-- `cron.schedule` / `cron.unschedule`. The local stack's scheduler (supabase/local/cron.ts)
-- runs the jobs; on a hosted project pg_cron does.
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
