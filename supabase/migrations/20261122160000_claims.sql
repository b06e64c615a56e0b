-- Reimbursement claims (refusjonskrav) with receipts, budgets (R5) and payment batches.
-- Money is integer øre everywhere (R11).

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

create table app.payment_batches (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references app.municipalities (id),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  paid_on date,
  payment_reference text
);

create sequence app.claim_number;

create table app.claims (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique default ('R-' || lpad(nextval('app.claim_number')::text, 6, '0')),
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
  decision_reason text,
  -- R3: a caseworker may approve above a limit only with a written reason.
  over_limit_reason text,
  payment_batch_id uuid references app.payment_batches (id),
  paid_on date,
  payment_reference text,
  constraint claim_has_its_dates check (
    (kind = 'utstyr' and purchase_date is not null)
    or (kind <> 'utstyr' and period_start is not null and period_end is not null and period_end >= period_start)),
  constraint rejection_has_a_reason check (status <> 'rejected' or length(trim(decision_reason)) > 0),
  constraint paid_claims_have_payment check (status <> 'paid' or (paid_on is not null and payment_reference is not null))
);
create index claims_queue_idx on app.claims (municipality_id, status, submitted_at);
create index claims_organisation_idx on app.claims (organisation_id, created_at desc);
create index claims_placement_idx on app.claims (placement_id, kind, budget_year);
create index claims_batch_idx on app.claims (payment_batch_id);
create index claims_year_idx on app.claims (municipality_id, budget_year, kind, status);

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
  uploaded_at timestamptz not null default now()
);
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
create index claim_messages_claim_idx on app.claim_messages (claim_id, created_at);

------------------------------------------------------------------------------------------
-- Grants
------------------------------------------------------------------------------------------
grant select on app.budgets, app.payment_batches to authenticated;
grant insert, update on app.budgets, app.payment_batches to authenticated;
grant select, insert, update on app.claims to authenticated;
grant select, insert, delete on app.claim_receipts to authenticated;
grant select, insert on app.claim_messages to authenticated;
grant usage on sequence app.claim_number to authenticated, service_role;
grant all on app.budgets, app.payment_batches, app.claims, app.claim_receipts, app.claim_messages to service_role;

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
  return new;
end
$$;
create trigger claims_protect before update on app.claims
  for each row execute function app.protect_claim();

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
create trigger claim_receipts_audit after insert or delete on app.claim_receipts
  for each row execute function app.record_audit_event();
create trigger budgets_audit after insert or update on app.budgets
  for each row execute function app.record_audit_event();

------------------------------------------------------------------------------------------
-- RLS
------------------------------------------------------------------------------------------
alter table app.budgets enable row level security;
alter table app.budgets force row level security;
alter table app.payment_batches enable row level security;
alter table app.payment_batches force row level security;
alter table app.claims enable row level security;
alter table app.claims force row level security;
alter table app.claim_receipts enable row level security;
alter table app.claim_receipts force row level security;
alter table app.claim_messages enable row level security;
alter table app.claim_messages force row level security;

------------------------------------------------------------------------------------------
-- Helpers
------------------------------------------------------------------------------------------
create function app.can_read_claim(claim uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.claims c where c.id = claim
                   and (app.is_staff(c.municipality_id) or app.is_member(c.organisation_id, 'admin')))
$$;

create function app.is_claim_organisation_admin(claim uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.claims c where c.id = claim and app.is_member(c.organisation_id, 'admin'))
$$;

grant execute on function app.can_read_claim(uuid), app.is_claim_organisation_admin(uuid) to authenticated, service_role;

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
-- Caseworkers change approved_ore through decisions; admins change the amount.
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
grant delete on app.claims to authenticated;

-- Receipts and messages are always read for one claim at a time, so these policies ask about
-- that claim rather than building the set of every readable claim.
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
