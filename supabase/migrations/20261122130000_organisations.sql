-- Organisations: self-registration, partnership with municipalities (verification),
-- invitations of people, activities and the public catalogue.
--
-- Refusals follow one convention (docs/decisions/005-refusals.md): `app.refuse(reason, field,
-- params)` raises P0001 with the message catalogue key as message, the form field (if any) as
-- detail and JSON parameters as hint; permission refusals use 42501 and missing rows PT404.

------------------------------------------------------------------------------------------
-- Types
------------------------------------------------------------------------------------------
create type app.organisation_kind as enum ('idrett', 'kultur', 'musikk', 'friluft', 'annet');
create type app.partnership_status as enum ('pending', 'verified', 'declined', 'suspended');
create type app.fee_period as enum ('year', 'half_year', 'month');

------------------------------------------------------------------------------------------
-- Refusals
------------------------------------------------------------------------------------------
create function app.refuse(reason text, field text default null, params jsonb default null) returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'P0001', message = reason, detail = coalesce(field, ''),
    hint = coalesce(params::text, '');
end
$$;

create function app.forbid(reason text default 'not_allowed') returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = '42501', message = reason;
end
$$;

create function app.not_found(reason text default 'not_found') returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'PT404', message = reason;
end
$$;

grant execute on function app.refuse(text, text, jsonb), app.forbid(text), app.not_found(text)
  to anon, authenticated, service_role;

-- Requires a signed-in caller and returns their id.
create function app.require_user() returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
begin
  if caller is null then
    perform app.forbid('sign_in_required');
  end if;
  return caller;
end
$$;
grant execute on function app.require_user() to anon, authenticated, service_role;

------------------------------------------------------------------------------------------
-- Tables
------------------------------------------------------------------------------------------
alter table app.organisations
  add column kind app.organisation_kind not null default 'annet',
  add column description text not null default '' check (length(description) <= 2000),
  add column contact_email text check (contact_email is null or contact_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  add column contact_phone text check (contact_phone is null or contact_phone ~ '^\+?[0-9 ]{8,15}$'),
  add column postal_address text not null default '',
  add column postal_code text check (postal_code is null or postal_code ~ '^\d{4}$'),
  add column postal_town text not null default '',
  add column created_by uuid references auth.users (id) on delete set null,
  add column updated_at timestamptz not null default now();

-- What only the organisation and its partner municipalities may read.
create table app.organisation_private (
  organisation_id uuid primary key references app.organisations (id) on delete cascade,
  bank_account text constraint bank_account_is_valid
    check (bank_account is null or app.is_valid_bank_account(bank_account)),
  updated_at timestamptz not null default now()
);

-- An organisation's standing with each municipality it wants to work with.
create table app.partnerships (
  organisation_id uuid not null references app.organisations (id) on delete cascade,
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  status app.partnership_status not null default 'pending',
  status_reason text,
  requested_at timestamptz not null default now(),
  decided_at timestamptz,
  decided_by uuid references auth.users (id) on delete set null,
  primary key (organisation_id, municipality_id),
  constraint a_refusal_has_a_reason check (status in ('pending', 'verified') or length(trim(status_reason)) > 0)
);
create index partnerships_queue_idx on app.partnerships (municipality_id, status, requested_at);

-- An invitation by e-mail into an organisation or a municipality's staff.
create table app.invitations (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  organisation_id uuid references app.organisations (id) on delete cascade,
  member_role app.member_role,
  municipality_id uuid references app.municipalities (id) on delete cascade,
  staff_role app.staff_role,
  -- A jury invitation (the prize migration adds the reference to app.prize_rounds).
  prize_round_id uuid,
  -- Only the SHA-256 of the link's token is kept, so a database reader cannot accept it.
  token_hash text not null unique,
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '14 days',
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  constraint invitation_has_one_target check (num_nonnulls(organisation_id, municipality_id, prize_round_id) = 1),
  constraint invitation_has_its_role check ((organisation_id is null) = (member_role is null)
                                            and (municipality_id is null) = (staff_role is null))
);
create index invitations_organisation_idx on app.invitations (organisation_id) where accepted_at is null;
create index invitations_municipality_idx on app.invitations (municipality_id) where accepted_at is null;

create table app.activities (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references app.organisations (id) on delete cascade,
  -- Where it takes place, which is what the catalogue filters on.
  municipality_id uuid not null references app.municipalities (id),
  title text not null check (length(trim(title)) between 1 and 120),
  category app.organisation_kind not null,
  description text not null default '' check (length(description) <= 4000),
  place text not null default '' check (length(place) <= 200),
  season_start date,
  season_end date,
  age_min int check (age_min between 0 and 120),
  age_max int check (age_max between 0 and 120),
  adaptations text not null default '' check (length(adaptations) <= 2000),
  adaptation_tags text[] not null default '{}',
  capacity int not null default 0 check (capacity between 0 and 1000),
  fee_ore bigint not null default 0 check (fee_ore >= 0),
  fee_period app.fee_period not null default 'year',
  is_public boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint season_in_order check (season_end is null or season_start is null or season_end >= season_start),
  constraint ages_in_order check (age_max is null or age_min is null or age_max >= age_min)
);
create index activities_organisation_idx on app.activities (organisation_id);
create index activities_catalogue_idx on app.activities (municipality_id, category) where is_public;
create index activities_tags_idx on app.activities using gin (adaptation_tags) where is_public;

create table app.activity_slots (
  activity_id uuid not null references app.activities (id) on delete cascade,
  weekday smallint not null check (weekday between 1 and 7), -- ISO: 1 = Monday
  starts_at time not null,
  ends_at time not null,
  primary key (activity_id, weekday, starts_at),
  constraint slot_in_order check (ends_at > starts_at)
);
create index activity_slots_weekday_idx on app.activity_slots (weekday, activity_id);

------------------------------------------------------------------------------------------
-- Grants
------------------------------------------------------------------------------------------
grant select on app.partnerships, app.activities, app.activity_slots to anon, authenticated;
grant select on app.organisation_private, app.invitations to authenticated;
grant insert, update on app.activities to authenticated;
grant insert, delete on app.activity_slots to authenticated;
grant update on app.organisations, app.organisation_private to authenticated;
grant update on app.partnerships to authenticated;
grant update (role) on app.memberships to authenticated;
grant all on app.organisation_private, app.partnerships, app.invitations, app.activities, app.activity_slots
  to service_role;

------------------------------------------------------------------------------------------
-- Protective triggers
------------------------------------------------------------------------------------------

-- An organisation always keeps at least one admin (the last admin cannot leave).
create function app.keep_an_admin() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.role = 'admin'
     and (tg_op = 'DELETE' or new.role <> 'admin')
     and exists (select 1 from app.organisations where id = old.organisation_id)
     and not exists (select 1 from app.memberships
                      where organisation_id = old.organisation_id and role = 'admin'
                        and user_id <> old.user_id) then
    perform app.refuse('last_admin_cannot_leave');
  end if;
  return coalesce(new, old);
end
$$;
create trigger memberships_keep_an_admin before update or delete on app.memberships
  for each row execute function app.keep_an_admin();

create function app.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
create trigger organisations_touch before update on app.organisations
  for each row execute function app.touch_updated_at();
create trigger activities_touch before update on app.activities
  for each row execute function app.touch_updated_at();

create trigger partnerships_audit after insert or update or delete on app.partnerships
  for each row execute function app.record_audit_event();
create trigger organisation_private_audit after insert or update or delete on app.organisation_private
  for each row execute function app.record_audit_event();
create trigger invitations_audit after insert or update or delete on app.invitations
  for each row execute function app.record_audit_event();
create trigger activities_audit after insert or update or delete on app.activities
  for each row execute function app.record_audit_event();

------------------------------------------------------------------------------------------
-- RLS
------------------------------------------------------------------------------------------
alter table app.organisation_private enable row level security;
alter table app.organisation_private force row level security;
alter table app.partnerships enable row level security;
alter table app.partnerships force row level security;
alter table app.invitations enable row level security;
alter table app.invitations force row level security;
alter table app.activities enable row level security;
alter table app.activities force row level security;
alter table app.activity_slots enable row level security;
alter table app.activity_slots force row level security;

------------------------------------------------------------------------------------------
-- Helpers
------------------------------------------------------------------------------------------

-- Verified with at least one municipality: what makes an organisation publicly visible.
create function app.is_publicly_visible(organisation uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.partnerships where organisation_id = organisation and status = 'verified')
$$;

-- Organisations verified with at least one municipality (the public ones).
create function app.visible_organisations() returns setof uuid
language sql stable security definer
set search_path = ''
as $$ select distinct organisation_id from app.partnerships where status = 'verified' $$;

-- Organisations that asked to work with a municipality where the caller works.
create function app.partner_organisations() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select distinct organisation_id from app.partnerships
  where municipality_id in (select municipality_id from app.staff where user_id = (select auth.uid()))
$$;

grant execute on function app.is_publicly_visible(uuid), app.visible_organisations(), app.partner_organisations()
  to anon, authenticated, service_role;

------------------------------------------------------------------------------------------
-- Policies
------------------------------------------------------------------------------------------
drop policy "Organisations' names are public" on app.organisations;
create policy "Verified organisations' profiles are public" on app.organisations
  for select to anon, authenticated using (id in (select app.visible_organisations()));
create policy "Members read their own organisation" on app.organisations
  for select to authenticated using (id in (select app.my_organisations()));
create policy "Staff read organisations that asked to work with their municipality" on app.organisations
  for select to authenticated using (id in (select app.partner_organisations()));
create policy "Organisation admins update their organisation" on app.organisations
  for update to authenticated using (id in (select app.my_organisations('admin'))) with check (id in (select app.my_organisations('admin')));

create policy "Admins and partner staff read the bank account" on app.organisation_private
  for select to authenticated using (organisation_id in (select app.my_organisations('admin')) or organisation_id in (select app.partner_organisations()));
create policy "Organisation admins update the bank account" on app.organisation_private
  for update to authenticated using (organisation_id in (select app.my_organisations('admin')))
  with check (organisation_id in (select app.my_organisations('admin')));

create policy "Verified partnerships are public" on app.partnerships
  for select to anon, authenticated using (status = 'verified');
create policy "Members read all their organisation's partnerships" on app.partnerships
  for select to authenticated using (organisation_id in (select app.my_organisations()));
create policy "Staff read the partnerships with their municipality" on app.partnerships
  for select to authenticated using (municipality_id in (select app.my_municipalities()));
create policy "Caseworkers decide partnerships with their municipality" on app.partnerships
  for update to authenticated using (municipality_id in (select app.my_municipalities()))
  with check (municipality_id in (select app.my_municipalities()));

create policy "Organisation admins read their organisation's invitations" on app.invitations
  for select to authenticated using (organisation_id is not null and organisation_id in (select app.my_organisations('admin')));
create policy "Municipality admins read their municipality's invitations" on app.invitations
  for select to authenticated using (municipality_id in (select app.my_municipalities('admin')));

create policy "Public activities of visible organisations are public" on app.activities
  for select to anon, authenticated using (is_public and organisation_id in (select app.visible_organisations()));
create policy "Members read their organisation's activities" on app.activities
  for select to authenticated using (organisation_id in (select app.my_organisations()));
create policy "Staff read activities in their municipality" on app.activities
  for select to authenticated using (municipality_id in (select app.my_municipalities()));
create policy "Organisation admins add activities" on app.activities
  for insert to authenticated with check (organisation_id in (select app.my_organisations('admin')));
create policy "Organisation admins change activities" on app.activities
  for update to authenticated using (organisation_id in (select app.my_organisations('admin')))
  with check (organisation_id in (select app.my_organisations('admin')));

create policy "Slots are visible with their activity" on app.activity_slots
  for select to anon, authenticated using (activity_id in (select a.id from app.activities a));
create policy "Organisation admins plan slots" on app.activity_slots
  for insert to authenticated with check (
    activity_id in (select a.id from app.activities a where a.organisation_id in (select app.my_organisations('admin'))));
create policy "Organisation admins remove slots" on app.activity_slots
  for delete to authenticated using (
    activity_id in (select a.id from app.activities a where a.organisation_id in (select app.my_organisations('admin'))));

create policy "Organisation admins change members' roles" on app.memberships
  for update to authenticated using (organisation_id in (select app.my_organisations('admin')))
  with check (organisation_id in (select app.my_organisations('admin')));
