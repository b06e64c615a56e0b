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
