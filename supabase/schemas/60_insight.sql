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
