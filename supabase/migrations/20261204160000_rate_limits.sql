-- Rate limits shared by every app server (issue 16 point 4, docs/decisions/011-many-app-servers.md).
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
alter table app.rate_limit_windows enable row level security;
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

-- Windows that ended are of no use; a key seen again starts a new one in place anyway.
select cron.schedule('rate-limit-sweep', '7 * * * *', 'delete from app.rate_limit_windows where ends_at < now()');
