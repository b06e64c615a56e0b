-- The daily jobs, scheduled with pg_cron (enable the extension on a hosted project; the
-- local stack provides a stand-in). Times are UTC, as pg_cron's.
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron') then
    create extension if not exists pg_cron;
  end if;
end
$$;

select cron.schedule('agreement-lifecycle', '15 5 * * *', 'select api.run_agreement_lifecycle()');
select cron.schedule('placement-lifecycle', '20 5 * * *', 'select api.run_placement_lifecycle()');
select cron.schedule('prize-lifecycle', '*/5 * * * *', 'select api.run_prize_lifecycle()');
