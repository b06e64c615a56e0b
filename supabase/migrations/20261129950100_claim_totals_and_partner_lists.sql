-- The claim queue and the budget page read kept figures (issue 9, docs/decisions/007).
--
-- On the large municipality every call of api.claim_queue built the list of its 1 000
-- partner organisations for the filter (more than half of the call) and counted the ~5 000
-- claims waiting; api.budget_page summed the ~10 000 claims of the year. Both lists change
-- seldom and the sums only when a claim does, so they are kept in tables by statement
-- triggers, in the writing transaction: always what the claims and partnerships say.

------------------------------------------------------------------------------------------
-- Claim totals per municipality, status, kind and budget year
------------------------------------------------------------------------------------------

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
alter table app.claim_totals enable row level security;
alter table app.claim_totals force row level security;
-- A second wall: staff may read their municipality's figures; only the trigger writes.
grant select on app.claim_totals to authenticated;
grant all on app.claim_totals to service_role;
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
    from new_claims where status <> 'draft'
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (municipality_id, status, kind, budget_year) do update
      set claims = t.claims + excluded.claims, amount_ore = t.amount_ore + excluded.amount_ore;
  elsif tg_op = 'DELETE' then
    insert into app.claim_totals as t (municipality_id, status, kind, budget_year, claims, amount_ore)
    select municipality_id, status, kind, budget_year, -count(*), -sum(amount_ore)
    from old_claims where status <> 'draft'
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (municipality_id, status, kind, budget_year) do update
      set claims = t.claims + excluded.claims, amount_ore = t.amount_ore + excluded.amount_ore;
  else
    insert into app.claim_totals as t (municipality_id, status, kind, budget_year, claims, amount_ore)
    select municipality_id, status, kind, budget_year, sum(n), sum(amount_ore)
    from (select municipality_id, status, kind, budget_year, 1 as n, amount_ore from new_claims where status <> 'draft'
          union all
          select municipality_id, status, kind, budget_year, -1, -amount_ore from old_claims where status <> 'draft') d
    group by 1, 2, 3, 4 having sum(n) <> 0 or sum(amount_ore) <> 0 order by 1, 2, 3, 4
    on conflict (municipality_id, status, kind, budget_year) do update
      set claims = t.claims + excluded.claims, amount_ore = t.amount_ore + excluded.amount_ore;
  end if;
  return null;
end
$$;

create trigger claims_totals_inserts after insert on app.claims
  referencing new table as new_claims
  for each statement execute function app.count_claim_totals();
create trigger claims_totals_updates after update on app.claims
  referencing old table as old_claims new table as new_claims
  for each statement execute function app.count_claim_totals();
create trigger claims_totals_deletes after delete on app.claims
  referencing old table as old_claims
  for each statement execute function app.count_claim_totals();

-- Counts the totals of the given municipalities again from their claims: for data loaded with
-- triggers off (the large seed) and for this migration.
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
end
$$;
revoke execute on function app.recount_claim_totals(uuid[]) from public;
grant execute on function app.recount_claim_totals(uuid[]) to service_role;

select app.recount_claim_totals(array_agg(id)) from app.municipalities;

------------------------------------------------------------------------------------------
-- Each municipality's partner organisations, as the claim queue's filter lists them
------------------------------------------------------------------------------------------

create table app.partner_lists (
  municipality_id uuid primary key references app.municipalities (id) on delete cascade,
  -- [{id, name}] of every organisation with a partnership (any status), by name.
  organisations jsonb not null
);
alter table app.partner_lists enable row level security;
alter table app.partner_lists force row level security;
grant select on app.partner_lists to authenticated;
grant all on app.partner_lists to service_role;
create policy "Staff read their municipality's partner list" on app.partner_lists
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

-- Builds the lists of the given municipalities again. The row is locked before the partners
-- are read, and they are read by a later statement, which in read committed sees what a
-- concurrent writer of the same list committed while this one waited: the last writer's list
-- has everyone's change.
create function app.relist_partners(municipalities uuid[]) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  chosen uuid;
begin
  for chosen in select distinct m.id from app.municipalities m where m.id = any (municipalities) order by m.id loop
    insert into app.partner_lists (municipality_id, organisations) values (chosen, '[]') on conflict do nothing;
    perform 1 from app.partner_lists l where l.municipality_id = chosen for update;
    update app.partner_lists l
       set organisations = (select coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'name', o.name) order by o.name), '[]')
                            from app.partnerships p join app.organisations o on o.id = p.organisation_id
                            where p.municipality_id = chosen)
     where l.municipality_id = chosen;
  end loop;
end
$$;
revoke execute on function app.relist_partners(uuid[]) from public;
grant execute on function app.relist_partners(uuid[]) to service_role;

-- A partnership added, removed or moved; a change of status keeps the list as it is.
create function app.relist_partners_of_partnerships() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform app.relist_partners(array_agg(municipality_id)) from new_partners;
  elsif tg_op = 'DELETE' then
    perform app.relist_partners(array_agg(municipality_id)) from old_partners;
  else
    perform app.relist_partners(array_agg(municipality_id))
    from ((select organisation_id, municipality_id from old_partners except select organisation_id, municipality_id from new_partners)
          union all
          (select organisation_id, municipality_id from new_partners except select organisation_id, municipality_id from old_partners)) moved
    having count(*) > 0;
  end if;
  return null;
end
$$;

create trigger partnerships_list_inserts after insert on app.partnerships
  referencing new table as new_partners
  for each statement execute function app.relist_partners_of_partnerships();
create trigger partnerships_list_updates after update on app.partnerships
  referencing old table as old_partners new table as new_partners
  for each statement execute function app.relist_partners_of_partnerships();
create trigger partnerships_list_deletes after delete on app.partnerships
  referencing old table as old_partners
  for each statement execute function app.relist_partners_of_partnerships();

-- A renamed organisation moves in the lists of its municipalities.
create function app.relist_partners_of_organisations() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform app.relist_partners(array_agg(p.municipality_id))
  from new_organisations n
  join old_organisations o on o.id = n.id
  join app.partnerships p on p.organisation_id = n.id
  where n.name is distinct from o.name
  having count(*) > 0;
  return null;
end
$$;

create trigger organisations_list_updates after update on app.organisations
  referencing old table as old_organisations new table as new_organisations
  for each statement execute function app.relist_partners_of_organisations();

select app.relist_partners(array_agg(distinct municipality_id)) from app.partnerships;

------------------------------------------------------------------------------------------
-- The pages
------------------------------------------------------------------------------------------

-- The totals come from app.claim_totals unless the filter is one it does not keep (an
-- organisation, a waiting time); the organisations from app.partner_lists. The usual page
-- (one status, any organisation) is one query whose plan the connection keeps: it walks
-- claims_queue_order_idx whatever the values. The other filters decide the index, so their
-- queries are planned for the values given, each call (as force_custom_plan did before).
create or replace function api.claim_queue(
  municipality_id uuid,
  status app.claim_status default 'submitted',
  kind app.claim_kind default null,
  organisation_id uuid default null,
  min_waiting_days int default null,
  page int default 1
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  chosen_page int := greatest(coalesce(page, 1), 1);
  total numeric;
  total_ore numeric;
  today date := app.today();
  waited_since timestamptz := now() - make_interval(days => claim_queue.min_waiting_days);
  claims jsonb;
begin
  perform app.require_staff(municipality_id);
  if claim_queue.organisation_id is null and claim_queue.min_waiting_days is null then
    select coalesce(sum(t.claims), 0), coalesce(sum(t.amount_ore), 0) into total, total_ore
    from app.claim_totals t
    where t.municipality_id = claim_queue.municipality_id
      and (claim_queue.status is null or t.status = claim_queue.status)
      and (claim_queue.kind is null or t.kind = claim_queue.kind);
  else
    execute 'select count(*), coalesce(sum(c.amount_ore), 0) from app.claims c
             where c.municipality_id = $1 and c.status <> ''draft''
               and ($2 is null or c.status = $2) and ($3 is null or c.kind = $3)
               and ($4 is null or c.organisation_id = $4) and ($5 is null or c.submitted_at <= $5)'
      into total, total_ore
      using claim_queue.municipality_id, claim_queue.status, claim_queue.kind, claim_queue.organisation_id, waited_since;
  end if;
  if claim_queue.organisation_id is null and claim_queue.status is not null then
    select coalesce(jsonb_agg(jsonb_build_object(
             'id', r.id, 'reference', r.reference, 'kind', r.kind, 'status', r.status, 'amount_ore', r.amount_ore,
             'organisation', (select o.name from app.organisations o where o.id = r.organisation_id), 'submitted_at', r.submitted_at,
             'waiting_days', (today - (r.submitted_at at time zone 'Europe/Oslo')::date))
             order by r.submitted_at nulls last, r.id), '[]') into claims
    from (select c.id, c.reference, c.kind, c.status, c.amount_ore, c.organisation_id, c.submitted_at from app.claims c
          where c.municipality_id = claim_queue.municipality_id and c.status = claim_queue.status and c.status <> 'draft'
            and (claim_queue.kind is null or c.kind = claim_queue.kind)
            and (waited_since is null or c.submitted_at <= waited_since)
          order by c.submitted_at nulls last, c.id
          limit 50 offset (chosen_page - 1) * 50) r;
  else
    execute 'select coalesce(jsonb_agg(jsonb_build_object(
             ''id'', r.id, ''reference'', r.reference, ''kind'', r.kind, ''status'', r.status, ''amount_ore'', r.amount_ore,
             ''organisation'', (select o.name from app.organisations o where o.id = r.organisation_id), ''submitted_at'', r.submitted_at,
             ''waiting_days'', ($6 - (r.submitted_at at time zone ''Europe/Oslo'')::date))
             order by r.submitted_at nulls last, r.id), ''[]'')
    from (select c.id, c.reference, c.kind, c.status, c.amount_ore, c.organisation_id, c.submitted_at from app.claims c
          where c.municipality_id = $1 and c.status <> ''draft''
            and ($2 is null or c.status = $2) and ($3 is null or c.kind = $3)
            and ($4 is null or c.organisation_id = $4) and ($5 is null or c.submitted_at <= $5)
          order by c.submitted_at nulls last, c.id
          limit 50 offset $7) r'
      into claims
      using claim_queue.municipality_id, claim_queue.status, claim_queue.kind, claim_queue.organisation_id, waited_since,
            today, (chosen_page - 1) * 50;
  end if;
  return jsonb_build_object(
    'total', total,
    'total_ore', total_ore,
    'page', chosen_page,
    'page_size', 50,
    'claims', claims,
    'organisations', coalesce((select l.organisations from app.partner_lists l
                               where l.municipality_id = claim_queue.municipality_id), '[]'));
end
$$;

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
