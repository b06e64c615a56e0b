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
