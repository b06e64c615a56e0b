-- Cooperation agreements (samarbeidsavtaler): versioned templates, agreements rendered from
-- them, signatures by both parties (R6), named facilitators with their confidentiality
-- declaration and police-certificate check (R7, R7a), and the lifecycle job.

------------------------------------------------------------------------------------------
-- Types
------------------------------------------------------------------------------------------
create type app.agreement_status as enum (
  'draft', 'awaiting_organisation', 'awaiting_municipality', 'active', 'expired', 'terminated');
create type app.agreement_party as enum ('organisation', 'municipality');

------------------------------------------------------------------------------------------
-- Tables
------------------------------------------------------------------------------------------

-- Each save is a new version; agreements point at the version they were made from.
create table app.agreement_templates (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references app.municipalities (id) on delete cascade,
  version int not null check (version > 0),
  body text not null check (length(trim(body)) > 0 and length(body) <= 50000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (municipality_id, version)
);

create table app.agreements (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references app.municipalities (id),
  organisation_id uuid not null references app.organisations (id),
  template_id uuid not null references app.agreement_templates (id),
  -- A new version of changed terms points at the agreement it replaces.
  replaces_id uuid references app.agreements (id),
  status app.agreement_status not null default 'draft',
  valid_from date not null,
  valid_to date not null,
  covered_fees text not null default '' check (length(covered_fees) <= 500),
  equipment_cap_ore bigint not null default 0 check (equipment_cap_ore >= 0),
  compensation_ore bigint not null default 0 check (compensation_ore >= 0),
  municipality_contact text not null default '' check (length(municipality_contact) <= 200),
  organisation_contact text not null default '' check (length(organisation_contact) <= 200),
  -- Frozen when sent: what both parties read and sign (R6).
  rendered_text text,
  text_hash text,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  activated_at timestamptz,
  ended_at timestamptz,
  termination_reason text,
  terminated_by uuid references auth.users (id) on delete set null,
  constraint period_in_order check (valid_to > valid_from),
  constraint sent_agreements_are_frozen check (status = 'draft' or (rendered_text is not null and text_hash is not null)),
  constraint termination_has_a_reason check (status <> 'terminated' or length(trim(termination_reason)) > 0)
);
create index agreements_municipality_idx on app.agreements (municipality_id, status);
create index agreements_organisation_idx on app.agreements (organisation_id, status);

create table app.agreement_signatures (
  agreement_id uuid not null references app.agreements (id) on delete cascade,
  party app.agreement_party not null,
  signer_id uuid not null references auth.users (id),
  signer_name text not null check (length(trim(signer_name)) >= 2),
  signer_role text not null check (length(trim(signer_role)) >= 2),
  signed_at timestamptz not null default now(),
  text_hash text not null,
  primary key (agreement_id, party)
);

-- The facilitator (tilrettelegger) named for each activity the agreement covers.
create table app.agreement_activities (
  agreement_id uuid not null references app.agreements (id) on delete cascade,
  activity_id uuid not null references app.activities (id),
  facilitator_id uuid references auth.users (id),
  named_at timestamptz,
  -- The named person's acceptance and signed confidentiality declaration (R7).
  accepted_at timestamptz,
  declaration_name text,
  declaration_hash text,
  -- R7a: only that a police certificate was shown, to whom and when; never the certificate.
  police_certificate_seen_on date,
  police_certificate_seen_by uuid references auth.users (id),
  primary key (agreement_id, activity_id),
  constraint acceptance_is_signed check (accepted_at is null or (declaration_name is not null and declaration_hash is not null))
);
create index agreement_activities_facilitator_idx on app.agreement_activities (facilitator_id);
create index agreement_activities_activity_idx on app.agreement_activities (activity_id);

-- Which reminders the lifecycle job has sent, so it can run any number of times a day.
create table app.agreement_reminders (
  agreement_id uuid not null references app.agreements (id) on delete cascade,
  days_before int not null,
  sent_at timestamptz not null default now(),
  primary key (agreement_id, days_before)
);

------------------------------------------------------------------------------------------
-- Grants
------------------------------------------------------------------------------------------
grant select on app.agreement_templates, app.agreements, app.agreement_signatures, app.agreement_activities
  to authenticated;
grant insert on app.agreement_templates, app.agreements, app.agreement_signatures to authenticated;
grant update on app.agreements, app.agreement_activities to authenticated;
grant insert, delete on app.agreement_activities to authenticated;
grant all on app.agreement_templates, app.agreements, app.agreement_signatures, app.agreement_activities,
  app.agreement_reminders to service_role;

------------------------------------------------------------------------------------------
-- Protective triggers
------------------------------------------------------------------------------------------
create function app.refuse_template_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform app.refuse('template_versions_are_immutable');
  return null;
end
$$;
create trigger agreement_templates_immutable before update or delete on app.agreement_templates
  for each row execute function app.refuse_template_change();

-- R6: once anyone has signed, the text and terms are fixed; a change needs a new version.
create function app.freeze_signed_agreement() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if exists (select 1 from app.agreement_signatures where agreement_id = old.id)
     and (new.rendered_text is distinct from old.rendered_text or new.text_hash is distinct from old.text_hash
          or new.valid_from <> old.valid_from or new.valid_to <> old.valid_to
          or new.covered_fees <> old.covered_fees or new.equipment_cap_ore <> old.equipment_cap_ore
          or new.compensation_ore <> old.compensation_ore or new.template_id <> old.template_id
          or new.organisation_id <> old.organisation_id or new.municipality_id <> old.municipality_id) then
    perform app.refuse('agreement_signed_text_is_fixed');
  end if;
  -- R6: active only with both signatures.
  if new.status = 'active' and old.status <> 'active'
     and (select count(*) from app.agreement_signatures where agreement_id = new.id) < 2 then
    perform app.refuse('agreement_needs_both_signatures');
  end if;
  return new;
end
$$;
create trigger agreements_freeze_signed before update on app.agreements
  for each row execute function app.freeze_signed_agreement();

-- A signature is of the exact frozen text, in the order the parties sign.
create function app.check_signature() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  agreement app.agreements;
begin
  select * into agreement from app.agreements where id = new.agreement_id for update;
  if new.text_hash is distinct from agreement.text_hash then
    perform app.refuse('agreement_text_changed');
  end if;
  if (new.party = 'organisation' and agreement.status <> 'awaiting_organisation')
     or (new.party = 'municipality' and agreement.status <> 'awaiting_municipality') then
    perform app.refuse('agreement_not_awaiting_signature');
  end if;
  return new;
end
$$;
create trigger agreement_signatures_check before insert on app.agreement_signatures
  for each row execute function app.check_signature();

create function app.refuse_signature_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform app.refuse('signatures_are_immutable');
  return null;
end
$$;
create trigger agreement_signatures_immutable before update or delete on app.agreement_signatures
  for each row execute function app.refuse_signature_change();

create trigger agreement_templates_audit after insert on app.agreement_templates
  for each row execute function app.record_audit_event();
create trigger agreements_audit after insert or update or delete on app.agreements
  for each row execute function app.record_audit_event();
create trigger agreement_signatures_audit after insert on app.agreement_signatures
  for each row execute function app.record_audit_event();
create trigger agreement_activities_audit after insert or update or delete on app.agreement_activities
  for each row execute function app.record_audit_event();

------------------------------------------------------------------------------------------
-- RLS
------------------------------------------------------------------------------------------
alter table app.agreement_templates enable row level security;
alter table app.agreement_templates force row level security;
alter table app.agreements enable row level security;
alter table app.agreements force row level security;
alter table app.agreement_signatures enable row level security;
alter table app.agreement_signatures force row level security;
alter table app.agreement_activities enable row level security;
alter table app.agreement_activities force row level security;
alter table app.agreement_reminders enable row level security;
alter table app.agreement_reminders force row level security;

------------------------------------------------------------------------------------------
-- Helpers
------------------------------------------------------------------------------------------

-- Who may see an agreement: its municipality's staff and its organisation's admins.
create function app.can_read_agreement(agreement uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from app.agreements a
    where a.id = agreement
      and (app.is_staff(a.municipality_id) or app.is_member(a.organisation_id, 'admin'))
  )
$$;
-- The policies of agreements and of the rows that hang on them ask these definer helpers,
-- so that no policy reads a table whose policy reads it back.
create function app.is_agreement_staff(agreement uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.agreements a where a.id = agreement and app.is_staff(a.municipality_id))
$$;

create function app.is_agreement_organisation_admin(agreement uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.agreements a where a.id = agreement and app.is_member(a.organisation_id, 'admin'))
$$;

-- The agreements that name the caller as a facilitator.
create function app.my_named_agreements() returns setof uuid
language sql stable security definer
set search_path = ''
as $$ select agreement_id from app.agreement_activities where facilitator_id = (select auth.uid()) $$;

grant execute on function app.can_read_agreement(uuid), app.is_agreement_staff(uuid),
  app.is_agreement_organisation_admin(uuid), app.my_named_agreements() to authenticated, service_role;

-- The confidentiality declaration a facilitator signs; its hash is stored with the signature.
create function app.confidentiality_declaration() returns text
language sql immutable
set search_path = ''
as $$
  select 'Taushetserklæring for tilretteleggere

Som tilrettelegger får jeg vite opplysninger om deltakere som kommunen har plassert i aktiviteten.
Jeg forplikter meg til å bevare taushet om det jeg får vite om deltakernes personlige forhold, og til
ikke å bruke opplysningene til annet enn å legge til rette for deltakelsen. Taushetsplikten gjelder
også etter at rollen er avsluttet. Jeg lagrer ikke opplysninger om deltakere utenfor Sammen.'
$$;
grant execute on function app.confidentiality_declaration() to authenticated, service_role;

-- R11: kr 1 250,00 (Norwegian grouping with a no-break space, decimal comma).
create function app.format_kroner(ore bigint) returns text
language sql immutable strict
set search_path = ''
as $$
  select 'kr ' || replace(replace(replace(to_char(ore / 100.0, 'FM999G999G999G990D00'), ',', ' '), '.', ','), ' ', ' ')
$$;

-- Fills the template's placeholders with the agreement's parties and terms.
create function app.render_agreement(agreement app.agreements) returns text
language sql stable
set search_path = ''
as $$
  select replace(replace(replace(replace(replace(replace(replace(replace(t.body,
    '{{organisasjon}}', o.name || ' (org.nr. ' || o.organisation_number || ')'),
    '{{kommune}}', m.name || ' kommune'),
    '{{periode}}', to_char(agreement.valid_from, 'DD.MM.YYYY') || '–' || to_char(agreement.valid_to, 'DD.MM.YYYY')),
    '{{kontingent}}', coalesce(nullif(agreement.covered_fees, ''), 'Ingen')),
    '{{utstyrstak}}', app.format_kroner(agreement.equipment_cap_ore)),
    '{{godtgjorelse}}', app.format_kroner(agreement.compensation_ore)),
    '{{kontakt_kommune}}', coalesce(nullif(agreement.municipality_contact, ''), '–')),
    '{{kontakt_organisasjon}}', coalesce(nullif(agreement.organisation_contact, ''), '–'))
  from app.agreement_templates t, app.organisations o, app.municipalities m
  where t.id = agreement.template_id and o.id = agreement.organisation_id and m.id = agreement.municipality_id
$$;

grant execute on function app.render_agreement(app.agreements), app.format_kroner(bigint) to authenticated, service_role;

create function app.mail_staff(municipality uuid, wanted app.staff_role, template text, payload jsonb) returns void
language sql security definer
set search_path = ''
as $$
  insert into app.outbox (recipient, template, payload)
  select p.email, template, payload
  from app.staff s join app.profiles p on p.user_id = s.user_id
  where s.municipality_id = municipality and s.role = wanted
$$;
grant execute on function app.mail_staff(uuid, app.staff_role, text, jsonb) to authenticated, service_role;

------------------------------------------------------------------------------------------
-- Policies
------------------------------------------------------------------------------------------
create policy "Staff read their municipality's templates" on app.agreement_templates
  for select to authenticated using (app.is_staff(municipality_id));
create policy "Municipality admins add template versions" on app.agreement_templates
  for insert to authenticated with check (app.is_staff(municipality_id, 'admin'));

create policy "Staff read their municipality's agreements" on app.agreements
  for select to authenticated using (municipality_id in (select app.my_municipalities()));
create policy "Organisation admins read their agreements once sent" on app.agreements
  for select to authenticated using (status <> 'draft' and organisation_id in (select app.my_organisations('admin')));
create policy "Facilitators read the agreements that name them" on app.agreements
  for select to authenticated using (id in (select app.my_named_agreements()));
create policy "Caseworkers create agreements with verified partners" on app.agreements
  for insert to authenticated with check (
    municipality_id in (select app.my_municipalities())
    and exists (select 1 from app.partnerships p where p.organisation_id = agreements.organisation_id
                  and p.municipality_id = agreements.municipality_id and p.status = 'verified'));
create policy "Staff update their municipality's agreements" on app.agreements
  for update to authenticated using (municipality_id in (select app.my_municipalities()))
  with check (municipality_id in (select app.my_municipalities()));
create policy "Organisation admins update their sent agreements" on app.agreements
  for update to authenticated using (status <> 'draft' and organisation_id in (select app.my_organisations('admin')))
  with check (organisation_id in (select app.my_organisations('admin')));

create policy "Signatures are read with their agreement" on app.agreement_signatures
  for select to authenticated using (agreement_id in (select a.id from app.agreements a));
create policy "Organisation admins sign for their organisation" on app.agreement_signatures
  for insert to authenticated with check (
    party = 'organisation' and signer_id = (select auth.uid()) and app.is_agreement_organisation_admin(agreement_id));
create policy "Staff sign for their municipality" on app.agreement_signatures
  for insert to authenticated with check (
    party = 'municipality' and signer_id = (select auth.uid()) and app.is_agreement_staff(agreement_id));

create policy "Named facilitators are read with their agreement" on app.agreement_activities
  for select to authenticated using (agreement_id in (select a.id from app.agreements a) or facilitator_id = (select auth.uid()));
create policy "Organisation admins name facilitators" on app.agreement_activities
  for update to authenticated
  using (app.is_agreement_organisation_admin(agreement_id)) with check (app.is_agreement_organisation_admin(agreement_id));
create policy "Staff choose the activities an agreement covers" on app.agreement_activities
  for all to authenticated
  using (app.is_agreement_staff(agreement_id)) with check (app.is_agreement_staff(agreement_id));
create policy "Named facilitators accept their role" on app.agreement_activities
  for update to authenticated using (facilitator_id = (select auth.uid()))
  with check (facilitator_id = (select auth.uid()));

------------------------------------------------------------------------------------------
-- Storage: signed agreement PDFs, `<agreement id>.pdf` in the private bucket `agreements`.
------------------------------------------------------------------------------------------
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('agreements', 'agreements', false, 5242880, array['application/pdf'])
on conflict (id) do nothing;

create function app.agreement_of_object(name text) returns uuid
language sql immutable
set search_path = ''
as $$
  select case when name ~ '^[0-9a-f-]{36}\.pdf$' then substr(name, 1, 36)::uuid end
$$;
grant execute on function app.agreement_of_object(text) to authenticated, service_role;

create policy "Agreement PDFs are read by the agreement's parties" on storage.objects
  for select to authenticated
  using (bucket_id = 'agreements' and app.can_read_agreement(app.agreement_of_object(name)));
create policy "Agreement PDFs of active agreements are stored by the parties" on storage.objects
  for insert to authenticated
  with check (bucket_id = 'agreements' and app.can_read_agreement(app.agreement_of_object(name))
              and exists (select 1 from app.agreements a where a.id = app.agreement_of_object(name)
                            and a.status in ('active', 'expired', 'terminated')
                            and exists (select 1 from app.agreement_signatures s where s.agreement_id = a.id
                                          and s.party = 'municipality')));
