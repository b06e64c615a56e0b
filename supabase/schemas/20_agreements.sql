-- Cooperation agreements (samarbeidsavtaler): versioned templates, agreements rendered from
-- them, signatures by both parties (R6), named facilitators with their confidentiality
-- declaration and police-certificate check (R7, R7a), and the lifecycle job.
--
-- Rules: R6 (signed text never changes; both signatures make an agreement active), R7 (a
-- facilitator accepts and signs the confidentiality declaration), R7a (only that a police
-- certificate was shown is kept) and R11 (amounts in the text as kroner).
--
-- Read after 10_organisations.sql, whose organisations and activities agreements cover;
-- placements and claims (30, 40) require an active agreement. Within this file: types,
-- tables, protective triggers, helpers, policies, storage, the API by use case, the
-- lifecycle job, and the agreement page's definer helpers. The API functions are security
-- invoker, so the policies decide, unless their comment says otherwise.

------------------------------------------------------------------------------------------
-- Types
------------------------------------------------------------------------------------------
-- `replaced`: a newer version took its place, before anyone signed it or when the newer one
-- became active. Unlike `terminated`, no one ended the cooperation.
create type app.agreement_status as enum (
  'draft', 'awaiting_organisation', 'awaiting_municipality', 'active', 'expired', 'terminated', 'replaced');

create type app.agreement_party as enum ('organisation', 'municipality');

------------------------------------------------------------------------------------------
-- Tables: each followed by its grants (RLS decides which rows)
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
grant select on app.agreement_templates to authenticated;
grant insert on app.agreement_templates to authenticated;

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
  termination_reason text check (length(termination_reason) <= 2000),
  terminated_by uuid references auth.users (id) on delete set null,
  constraint period_in_order check (valid_to > valid_from),
  constraint sent_agreements_are_frozen check (status = 'draft' or (rendered_text is not null and text_hash is not null)),
  constraint termination_has_a_reason check (status <> 'terminated' or length(trim(termination_reason)) > 0)
);
grant select on app.agreements to authenticated;
grant insert on app.agreements to authenticated;
grant update on app.agreements to authenticated;

create index agreements_municipality_idx on app.agreements (municipality_id, status);

create index agreements_organisation_idx on app.agreements (organisation_id, status);

create table app.agreement_signatures (
  agreement_id uuid not null references app.agreements (id) on delete cascade,
  party app.agreement_party not null,
  signer_id uuid not null references auth.users (id),
  signer_name text not null check (length(trim(signer_name)) >= 2 and length(signer_name) <= 200),
  signer_role text not null check (length(trim(signer_role)) >= 2 and length(signer_role) <= 200),
  signed_at timestamptz not null default now(),
  text_hash text not null,
  primary key (agreement_id, party)
);
grant select on app.agreement_signatures to authenticated;
grant insert on app.agreement_signatures to authenticated;

-- Whether the organisation's signer holds signing authority in Enhetsregisteret's roles (daglig
-- leder, styreleder, signatur, prokura), checked by the server when the organisation signs. A
-- help to the caseworker before they countersign, never a block: `unavailable` when the
-- register could not be asked.
create table app.signer_checks (
  agreement_id uuid primary key references app.agreements (id) on delete cascade,
  signer_name text not null,
  checked_at timestamptz not null default now(),
  outcome text not null check (outcome in ('match', 'no_match', 'unavailable')),
  -- The role code (DAGL, LEDE, SIGN, PROK …) of the person the name matched.
  matched_role text,
  -- The people with signing authority: [{name, role}].
  role_holders jsonb not null default '[]'
);
grant select on app.signer_checks to authenticated;

-- The activities the agreement covers.
create table app.agreement_activities (
  agreement_id uuid not null references app.agreements (id) on delete cascade,
  activity_id uuid not null references app.activities (id),
  primary key (agreement_id, activity_id)
);
grant select on app.agreement_activities to authenticated;
grant insert, delete on app.agreement_activities to authenticated;

create index agreement_activities_activity_idx on app.agreement_activities (activity_id);

-- The facilitators (tilretteleggere) named for a covered activity (R7, R7a). An activity may
-- have several; each accepted one logs all its placements (docs/decisions/013-facilitators.md).
-- A naming counts from its acceptance until it ends: replaced in a handover, ended by the
-- organisation, or its person no longer a facilitator member. Ended namings stay, as the
-- history of who had each placement, from when to when; R7's 30 days after a handover
-- are read from it.
create table app.facilitator_namings (
  id uuid primary key default gen_random_uuid(),
  agreement_id uuid not null,
  activity_id uuid not null,
  facilitator_id uuid not null references auth.users (id),
  -- Joins the activity's facilitators on acceptance; otherwise takes over from them.
  alongside boolean not null default false,
  named_at timestamptz not null default now(),
  named_by uuid references auth.users (id) on delete set null,
  -- The named person's acceptance and signed confidentiality declaration (R7).
  accepted_at timestamptz,
  declaration_name text check (length(declaration_name) <= 200),
  declaration_hash text,
  -- R7a: only that a police certificate was shown, to whom and when; never the certificate.
  police_certificate_seen_on date,
  police_certificate_seen_by uuid references auth.users (id),
  ended_at timestamptz,
  foreign key (agreement_id, activity_id) references app.agreement_activities (agreement_id, activity_id) on delete cascade,
  constraint acceptance_is_signed check (accepted_at is null or (declaration_name is not null and declaration_hash is not null)),
  constraint ends_after_naming check (ended_at is null or ended_at >= named_at)
);
grant select on app.facilitator_namings to authenticated;

-- A person is named once at a time for an activity under an agreement.
create unique index facilitator_namings_current_idx on app.facilitator_namings (agreement_id, activity_id, facilitator_id)
  where ended_at is null;

-- A facilitator's own namings: where R7's checks start.
create index facilitator_namings_facilitator_idx on app.facilitator_namings (facilitator_id, agreement_id, activity_id);

-- Which reminders the lifecycle job has sent, so it can run any number of times a day.
create table app.agreement_reminders (
  agreement_id uuid not null references app.agreements (id) on delete cascade,
  days_before int not null,
  sent_at timestamptz not null default now(),
  primary key (agreement_id, days_before)
);

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

create trigger facilitator_namings_audit after insert or update or delete on app.facilitator_namings
  for each row execute function app.record_audit_event();

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
grant execute on function app.can_read_agreement(uuid) to authenticated, service_role;

-- The policies of agreements and of the rows that hang on them ask these definer helpers,
-- so that no policy reads a table whose policy reads it back.
create function app.is_agreement_staff(agreement uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.agreements a where a.id = agreement and app.is_staff(a.municipality_id))
$$;
grant execute on function app.is_agreement_staff(uuid) to authenticated, service_role;

create function app.is_agreement_organisation_admin(agreement uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.agreements a where a.id = agreement and app.is_member(a.organisation_id, 'admin'))
$$;
grant execute on function app.is_agreement_organisation_admin(uuid) to authenticated, service_role;

-- The agreements that name the caller as a facilitator, while they are a facilitator member
-- of the agreement's organisation (R7).
create function app.my_named_agreements() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select n.agreement_id from app.facilitator_namings n
  join app.agreements a on a.id = n.agreement_id
  join app.memberships m on m.organisation_id = a.organisation_id and m.user_id = n.facilitator_id and m.role = 'facilitator'
  where n.facilitator_id = (select auth.uid()) and n.ended_at is null
$$;
grant execute on function app.my_named_agreements() to authenticated, service_role;

-- The confidentiality declaration a facilitator signs; its hash is stored with the signature.
-- One paragraph per line (a blank line between them), so that it wraps to any screen.
create function app.confidentiality_declaration() returns text
language sql immutable
set search_path = ''
as $$
  select 'Taushetserklæring for tilretteleggere

Som tilrettelegger får jeg vite opplysninger om deltakere som kommunen har plassert i aktiviteten. '
    || 'Jeg forplikter meg til å bevare taushet om det jeg får vite om deltakernes personlige forhold, og til '
    || 'ikke å bruke opplysningene til annet enn å legge til rette for deltakelsen. Taushetsplikten gjelder '
    || 'også etter at rollen er avsluttet. Jeg lagrer ikke opplysninger om deltakere utenfor Sammen.'
$$;
grant execute on function app.confidentiality_declaration() to authenticated, service_role;

-- R11: kr 1 250,00 (Norwegian grouping with a no-break space, decimal comma).
create function app.format_kroner(ore bigint) returns text
language sql immutable strict
set search_path = ''
as $$
  select 'kr ' || replace(replace(replace(to_char(ore / 100.0, 'FM999G999G999G990D00'), ',', ' '), '.', ','), ' ', ' ')
$$;
grant execute on function app.format_kroner(bigint) to authenticated, service_role;

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
grant execute on function app.render_agreement(app.agreements) to authenticated, service_role;

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

-- Drops the requests to sign or countersign an agreement that the mailer has not sent yet.
-- Definer: no app role reads the outbox; only the agreement's municipality's staff may do this.
create function app.withdraw_signing_mail(agreement uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  if not app.is_agreement_staff(agreement) then
    perform app.forbid();
  end if;
  delete from app.outbox o
   where o.sent_at is null and o.template in ('agreement_to_sign', 'agreement_to_countersign')
     and o.payload ->> 'agreement_id' = agreement::text;
end
$$;
grant execute on function app.withdraw_signing_mail(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- Policies
------------------------------------------------------------------------------------------
create policy "Staff read their municipality's templates" on app.agreement_templates
  for select to authenticated using (app.is_staff(municipality_id));

-- The agreement page names the template version an agreement was made from, to both parties.
create policy "Organisation admins read the template versions of their sent agreements" on app.agreement_templates
  for select to authenticated using (
    id in (select a.template_id from app.agreements a
            where a.status <> 'draft' and a.organisation_id in (select app.my_organisations('admin'))));

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

create policy "Staff read the signer check of their municipality's agreements" on app.signer_checks
  for select to authenticated using (app.is_agreement_staff(agreement_id));

create policy "Covered activities are read with their agreement" on app.agreement_activities
  for select to authenticated using (agreement_id in (select a.id from app.agreements a));

create policy "Staff choose the activities an agreement covers" on app.agreement_activities
  for all to authenticated
  using (app.is_agreement_staff(agreement_id)) with check (app.is_agreement_staff(agreement_id));

-- Namings are written only by the definer functions of the facilitator use cases below.
create policy "Named facilitators are read with their agreement" on app.facilitator_namings
  for select to authenticated using (agreement_id in (select a.id from app.agreements a) or facilitator_id = (select auth.uid()));

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
                            and a.status in ('active', 'expired', 'terminated', 'replaced')
                            and exists (select 1 from app.agreement_signatures s where s.agreement_id = a.id
                                          and s.party = 'municipality')));

------------------------------------------------------------------------------------------
-- Template (municipality admin)
------------------------------------------------------------------------------------------
create function api.agreement_template(municipality_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id, 'admin');
  return jsonb_build_object(
    'municipality', app.municipality_ref(agreement_template.municipality_id),
    'placeholders', jsonb_build_array('{{organisasjon}}', '{{kommune}}', '{{periode}}', '{{kontingent}}',
                                      '{{utstyrstak}}', '{{godtgjorelse}}', '{{kontakt_kommune}}',
                                      '{{kontakt_organisasjon}}'),
    'versions', (select coalesce(jsonb_agg(jsonb_build_object(
                   'id', t.id, 'version', t.version, 'body', t.body, 'created_at', t.created_at,
                   'created_by', (select display_name from app.profiles where user_id = t.created_by),
                   'agreement_count', (select count(*) from app.agreements a where a.template_id = t.id))
                   order by t.version desc), '[]')
                 from app.agreement_templates t where t.municipality_id = agreement_template.municipality_id));
end
$$;
grant execute on function api.agreement_template(uuid) to authenticated;

-- A new version; agreements already made keep the version they were made from.
create function api.save_agreement_template(municipality_id uuid, body text) returns int
language plpgsql
set search_path = ''
as $$
declare
  next_version int;
begin
  perform app.require_staff(municipality_id, 'admin');
  if coalesce(trim(body), '') = '' then
    perform app.refuse('template_body_required', 'body');
  end if;
  -- Serialises concurrent saves, which would otherwise pick the same version number.
  perform pg_advisory_xact_lock(hashtext('agreement_template:' || municipality_id::text));
  select coalesce(max(version), 0) + 1 into next_version
    from app.agreement_templates t where t.municipality_id = save_agreement_template.municipality_id;
  insert into app.agreement_templates (municipality_id, version, body, created_by)
  values (municipality_id, next_version, body, (select auth.uid()));
  return next_version;
end
$$;
grant execute on function api.save_agreement_template(uuid, text) to authenticated;

------------------------------------------------------------------------------------------
-- Drafting and sending (caseworker)
------------------------------------------------------------------------------------------
create function app.check_agreement_terms(valid_from date, valid_to date, equipment_cap_ore bigint,
                                          compensation_ore bigint) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  perform app.check_period(valid_from, valid_to, 'valid_from', 'valid_to', false);
  if coalesce(equipment_cap_ore, 0) < 0 then
    perform app.refuse('amount_invalid', 'equipment_cap');
  end if;
  if coalesce(compensation_ore, 0) < 0 then
    perform app.refuse('amount_invalid', 'compensation');
  end if;
end
$$;
grant execute on function app.check_agreement_terms(date, date, bigint, bigint) to authenticated;

create function api.agreement_form(municipality_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id);
  return jsonb_build_object(
    'municipality', app.municipality_ref(agreement_form.municipality_id),
    'has_template', exists (select 1 from app.agreement_templates t where t.municipality_id = agreement_form.municipality_id),
    'organisations', (select coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'name', o.name) order by o.name), '[]')
                       from app.partnerships p join app.organisations o on o.id = p.organisation_id
                       where p.municipality_id = agreement_form.municipality_id and p.status = 'verified'));
end
$$;
grant execute on function api.agreement_form(uuid) to authenticated;

create function api.create_agreement(
  municipality_id uuid,
  organisation_id uuid,
  valid_from date,
  valid_to date,
  covered_fees text default '',
  equipment_cap_ore bigint default 0,
  compensation_ore bigint default 0,
  municipality_contact text default '',
  organisation_contact text default ''
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  template uuid;
  created uuid;
begin
  perform app.require_staff(municipality_id);
  if not exists (select 1 from app.partnerships p where p.municipality_id = create_agreement.municipality_id
                   and p.organisation_id = create_agreement.organisation_id and p.status = 'verified') then
    perform app.refuse('organisation_not_verified', 'organisation_id');
  end if;
  perform app.check_agreement_terms(valid_from, valid_to, equipment_cap_ore, compensation_ore);
  select t.id into template from app.agreement_templates t
   where t.municipality_id = create_agreement.municipality_id order by t.version desc limit 1;
  if template is null then
    perform app.refuse('template_missing');
  end if;
  insert into app.agreements (municipality_id, organisation_id, template_id, valid_from, valid_to, covered_fees,
                              equipment_cap_ore, compensation_ore, municipality_contact, organisation_contact, created_by)
  values (municipality_id, organisation_id, template, valid_from, valid_to, coalesce(trim(covered_fees), ''),
          coalesce(equipment_cap_ore, 0), coalesce(compensation_ore, 0), coalesce(trim(municipality_contact), ''),
          coalesce(trim(organisation_contact), ''), (select auth.uid()))
  returning id into created;
  return created;
end
$$;
grant execute on function api.create_agreement(uuid, uuid, date, date, text, bigint, bigint, text, text) to authenticated;

-- The draft the caller (staff of its municipality) is changing, locked for the change.
create function app.lock_draft_agreement(agreement uuid) returns app.agreements
language plpgsql
set search_path = ''
as $$
declare
  locked app.agreements;
begin
  select * into locked from app.agreements a where a.id = agreement for update;
  if not found or not app.is_staff(locked.municipality_id) then
    perform app.not_found();
  end if;
  if locked.status <> 'draft' then
    perform app.refuse('agreement_not_draft');
  end if;
  return locked;
end
$$;
grant execute on function app.lock_draft_agreement(uuid) to authenticated;

-- Changes the terms of a draft; a sent agreement needs a new version (api.revise_agreement).
create function api.update_agreement(
  agreement_id uuid,
  valid_from date,
  valid_to date,
  covered_fees text default '',
  equipment_cap_ore bigint default 0,
  compensation_ore bigint default 0,
  municipality_contact text default '',
  organisation_contact text default ''
) returns void
language plpgsql
set search_path = ''
as $$
declare
  agreement app.agreements;
begin
  agreement := app.lock_draft_agreement(update_agreement.agreement_id);
  perform app.check_agreement_terms(valid_from, valid_to, equipment_cap_ore, compensation_ore);
  update app.agreements a
     set valid_from = update_agreement.valid_from, valid_to = update_agreement.valid_to,
         covered_fees = coalesce(trim(update_agreement.covered_fees), ''),
         equipment_cap_ore = coalesce(update_agreement.equipment_cap_ore, 0),
         compensation_ore = coalesce(update_agreement.compensation_ore, 0),
         municipality_contact = coalesce(trim(update_agreement.municipality_contact), ''),
         organisation_contact = coalesce(trim(update_agreement.organisation_contact), '')
   where a.id = update_agreement.agreement_id;
end
$$;
grant execute on function api.update_agreement(uuid, date, date, text, bigint, bigint, text, text) to authenticated;

-- Chooses the organisation's activities the agreement covers (while it is a draft).
create function api.set_agreement_activities(agreement_id uuid, activity_ids uuid[]) returns void
language plpgsql
set search_path = ''
as $$
declare
  agreement app.agreements;
begin
  agreement := app.lock_draft_agreement(set_agreement_activities.agreement_id);
  if exists (select 1 from unnest(activity_ids) i
              where not exists (select 1 from app.activities a where a.id = i and a.organisation_id = agreement.organisation_id)) then
    perform app.refuse('activity_not_of_organisation', 'activity_ids');
  end if;
  delete from app.agreement_activities aa
   where aa.agreement_id = set_agreement_activities.agreement_id and aa.activity_id <> all (activity_ids);
  insert into app.agreement_activities (agreement_id, activity_id)
  select set_agreement_activities.agreement_id, i from unnest(activity_ids) i
  on conflict do nothing;
end
$$;
grant execute on function api.set_agreement_activities(uuid, uuid[]) to authenticated;

-- Freezes the rendered text (R6) and asks the organisation to sign.
create function api.send_agreement(agreement_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  agreement app.agreements;
  text_body text;
begin
  agreement := app.lock_draft_agreement(send_agreement.agreement_id);
  -- R6: what is signed names the activities it covers; an agreement of none covers nothing.
  if not exists (select 1 from app.agreement_activities aa where aa.agreement_id = agreement.id) then
    perform app.refuse('agreement_needs_activities', 'activity_ids');
  end if;
  text_body := app.render_agreement(agreement);
  update app.agreements a
     set rendered_text = text_body, text_hash = encode(extensions.digest(text_body, 'sha256'), 'hex'),
         status = 'awaiting_organisation', sent_at = now()
   where a.id = send_agreement.agreement_id;
  perform app.mail_organisation_admins(agreement.organisation_id, 'agreement_to_sign', jsonb_build_object(
    'agreement_id', agreement.id,
    'municipality', (select name from app.municipalities where id = agreement.municipality_id),
    -- The club was sent the version this one replaces and is told it need not sign that one.
    'replaces_unsigned', exists (select 1 from app.agreements r where r.id = agreement.replaces_id
                                   and r.status = 'replaced' and r.activated_at is null)));
end
$$;
grant execute on function api.send_agreement(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- Signing (R6)
------------------------------------------------------------------------------------------

-- The organisation admin signs first, then a caseworker countersigns and the agreement
-- becomes active. `text_hash` is the hash of the text the signer was shown: if the text
-- changed in between, the signature is refused.
create function api.sign_agreement(agreement_id uuid, full_name text, signer_role text, confirmed boolean,
                                   text_hash text) returns app.agreement_status
language plpgsql
set search_path = ''
as $$
declare
  agreement app.agreements;
  signing_party app.agreement_party;
  next_status app.agreement_status;
begin
  select * into agreement from app.agreements a where a.id = sign_agreement.agreement_id for update;
  perform app.require_visible(found);
  if agreement.status = 'awaiting_organisation' and app.is_member(agreement.organisation_id, 'admin') then
    signing_party := 'organisation';
    next_status := 'awaiting_municipality';
  elsif agreement.status = 'awaiting_municipality' and app.is_staff(agreement.municipality_id) then
    signing_party := 'municipality';
    next_status := 'active';
  elsif app.can_read_agreement(agreement.id) then
    perform app.refuse('agreement_not_awaiting_signature');
  else
    perform app.not_found();
  end if;
  if coalesce(length(trim(full_name)), 0) < 2 then
    perform app.refuse('full_name_required', 'full_name');
  end if;
  if coalesce(length(trim(signer_role)), 0) < 2 then
    perform app.refuse('signer_role_required', 'signer_role');
  end if;
  if confirmed is not true then
    perform app.refuse('confirmation_required', 'confirmed');
  end if;
  insert into app.agreement_signatures (agreement_id, party, signer_id, signer_name, signer_role, text_hash)
  values (agreement.id, signing_party, (select auth.uid()), trim(full_name), trim(signer_role), sign_agreement.text_hash);
  update app.agreements a
     set status = next_status, activated_at = case when next_status = 'active' then now() end
   where a.id = agreement.id;
  if next_status = 'active' then
    -- The active version this one replaces ends when the new terms take over, also when it is
    -- further back: a version that replaced an unsigned one replaces what that one would have.
    -- Its planned and active placements go on under the new version, with the facilitators it
    -- names (R7).
    with replaced as (
      update app.agreements a set status = 'replaced', ended_at = now()
       where a.status = 'active' and a.id in (
         with recursive earlier (id) as (
           select agreement.replaces_id
           union
           select r.replaces_id from app.agreements r join earlier e on r.id = e.id where r.replaces_id is not null)
         select id from earlier)
      returning a.id)
    update app.placements p set agreement_id = agreement.id
     where p.agreement_id in (select id from replaced) and p.status <> 'ended'
       and exists (select 1 from app.agreement_activities aa
                    where aa.agreement_id = agreement.id and aa.activity_id = p.activity_id);
    perform app.mail_organisation_admins(agreement.organisation_id, 'agreement_active', jsonb_build_object(
      'agreement_id', agreement.id,
      'municipality', (select name from app.municipalities where id = agreement.municipality_id)));
  else
    perform app.mail_staff(agreement.municipality_id, 'caseworker', 'agreement_to_countersign', jsonb_build_object(
      'agreement_id', agreement.id,
      'organisation', (select name from app.organisations where id = agreement.organisation_id)));
  end if;
  return next_status;
end
$$;
grant execute on function api.sign_agreement(uuid, text, text, boolean, text) to authenticated;

-- The organisation's signer and number, for the server's check of signing authority (service role).
create function api.signer_to_check(agreement_id uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('organisation_number', o.organisation_number, 'signer_name', s.signer_name)
  from app.agreement_signatures s
  join app.agreements a on a.id = s.agreement_id
  join app.organisations o on o.id = a.organisation_id
  where s.agreement_id = signer_to_check.agreement_id and s.party = 'organisation'
$$;
grant execute on function api.signer_to_check(uuid) to service_role;

-- Stores the check of the organisation's signer against the register's roles (service role);
-- a later check of the same agreement replaces it.
create function api.record_signer_check(agreement_id uuid, outcome text, matched_role text default null,
                                        role_holders jsonb default '[]') returns void
language plpgsql
set search_path = ''
as $$
declare
  signer text := (select s.signer_name from app.agreement_signatures s
                   where s.agreement_id = record_signer_check.agreement_id and s.party = 'organisation');
begin
  if signer is null then
    perform app.not_found();
  end if;
  insert into app.signer_checks as c (agreement_id, signer_name, outcome, matched_role, role_holders)
  values (record_signer_check.agreement_id, signer, record_signer_check.outcome, record_signer_check.matched_role,
          coalesce(record_signer_check.role_holders, '[]'))
  on conflict on constraint signer_checks_pkey do update
    set signer_name = excluded.signer_name, checked_at = now(), outcome = excluded.outcome,
        matched_role = excluded.matched_role, role_holders = excluded.role_holders;
end
$$;
grant execute on function api.record_signer_check(uuid, text, text, jsonb) to service_role;

-- The facilitators stay named under a new version, with their acceptance and their history.
-- Definer, as every write of app.facilitator_namings; only for the agreement's staff.
create function app.copy_facilitator_namings(from_agreement uuid, to_agreement uuid) returns void
language sql security definer
set search_path = ''
as $$
  insert into app.facilitator_namings (agreement_id, activity_id, facilitator_id, alongside, named_at, named_by,
                                       accepted_at, declaration_name, declaration_hash, police_certificate_seen_on,
                                       police_certificate_seen_by, ended_at)
  select to_agreement, n.activity_id, n.facilitator_id, n.alongside, n.named_at, n.named_by, n.accepted_at,
         n.declaration_name, n.declaration_hash, n.police_certificate_seen_on, n.police_certificate_seen_by, n.ended_at
  from app.facilitator_namings n
  where n.agreement_id = from_agreement and app.is_agreement_staff(from_agreement)
$$;
grant execute on function app.copy_facilitator_namings(uuid, uuid) to authenticated;

-- New terms after someone signed: a new draft version with the same terms to edit and send.
create function api.revise_agreement(agreement_id uuid) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  agreement app.agreements;
  revised uuid;
begin
  select * into agreement from app.agreements a where a.id = revise_agreement.agreement_id;
  if not found or not app.is_staff(agreement.municipality_id) then
    perform app.not_found();
  end if;
  if agreement.status not in ('awaiting_organisation', 'awaiting_municipality', 'active') then
    perform app.refuse('agreement_cannot_be_revised');
  end if;
  insert into app.agreements (municipality_id, organisation_id, template_id, replaces_id, valid_from, valid_to,
                              covered_fees, equipment_cap_ore, compensation_ore, municipality_contact,
                              organisation_contact, created_by)
  select a.municipality_id, a.organisation_id,
         (select t.id from app.agreement_templates t where t.municipality_id = a.municipality_id
           order by t.version desc limit 1),
         a.id, a.valid_from, a.valid_to, a.covered_fees, a.equipment_cap_ore, a.compensation_ore,
         a.municipality_contact, a.organisation_contact, (select auth.uid())
  from app.agreements a where a.id = agreement.id
  returning id into revised;
  insert into app.agreement_activities (agreement_id, activity_id)
  select revised, activity_id from app.agreement_activities aa where aa.agreement_id = agreement.id;
  perform app.copy_facilitator_namings(agreement.id, revised);
  -- An unsigned or half-signed version is replaced at once, quietly: it was never in force, so
  -- no one is told it ended, and a request to sign it that has not gone out yet is dropped. An
  -- active version runs until the new one is active.
  if agreement.status <> 'active' then
    update app.agreements a set status = 'replaced', ended_at = now() where a.id = agreement.id;
    perform app.withdraw_signing_mail(agreement.id);
  end if;
  return revised;
end
$$;
grant execute on function api.revise_agreement(uuid) to authenticated;

create function api.terminate_agreement(agreement_id uuid, reason text) returns void
language plpgsql
set search_path = ''
as $$
declare
  agreement app.agreements;
begin
  select * into agreement from app.agreements a where a.id = terminate_agreement.agreement_id for update;
  perform app.require_visible(found and (app.is_staff(agreement.municipality_id)
                                         or app.is_member(agreement.organisation_id, 'admin')));
  if agreement.status in ('expired', 'terminated', 'replaced') then
    perform app.refuse('agreement_already_ended');
  end if;
  if coalesce(trim(reason), '') = '' then
    perform app.refuse('reason_required', 'reason');
  end if;
  update app.agreements a
     set status = 'terminated', ended_at = now(), termination_reason = trim(reason), terminated_by = (select auth.uid())
   where a.id = agreement.id;
  perform app.mail_organisation_admins(agreement.organisation_id, 'agreement_terminated',
    jsonb_build_object('agreement_id', agreement.id, 'reason', trim(reason)));
  perform app.mail_staff(agreement.municipality_id, 'caseworker', 'agreement_terminated',
    jsonb_build_object('agreement_id', agreement.id, 'reason', trim(reason)));
end
$$;
grant execute on function api.terminate_agreement(uuid, text) to authenticated;

------------------------------------------------------------------------------------------
-- Facilitators (R7, R7a)
------------------------------------------------------------------------------------------
-- The agreement an admin of its organisation is acting on; anyone else is told it is not there.
create function app.agreement_for_organisation_admin(agreement uuid) returns app.agreements
language plpgsql stable
set search_path = ''
as $$
declare
  found_agreement app.agreements;
begin
  select * into found_agreement from app.agreements a where a.id = agreement;
  if not found or not app.is_member(found_agreement.organisation_id, 'admin') then
    perform app.not_found();
  end if;
  return found_agreement;
end
$$;
grant execute on function app.agreement_for_organisation_admin(uuid) to authenticated;

-- Names a facilitator member for a covered activity. By default the person takes over the
-- activity when they accept (a handover: the others' namings end then, so the participants
-- are never without one); `alongside` adds them to the activity's facilitators instead.
-- Definer, as every write of app.facilitator_namings: the organisation admin is checked here.
create function api.name_facilitator(agreement_id uuid, activity_id uuid, facilitator_id uuid,
                                     alongside boolean default false) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  agreement app.agreements;
  existing app.facilitator_namings;
begin
  agreement := app.agreement_for_organisation_admin(name_facilitator.agreement_id);
  if agreement.status in ('expired', 'terminated', 'replaced', 'draft') then
    perform app.refuse('agreement_not_open');
  end if;
  if not exists (select 1 from app.memberships m where m.organisation_id = agreement.organisation_id
                   and m.user_id = name_facilitator.facilitator_id and m.role = 'facilitator') then
    perform app.refuse('not_a_facilitator', 'facilitator_id');
  end if;
  if not exists (select 1 from app.agreement_activities aa where aa.agreement_id = name_facilitator.agreement_id
                   and aa.activity_id = name_facilitator.activity_id) then
    perform app.refuse('activity_not_covered', 'activity_id');
  end if;
  select * into existing from app.facilitator_namings n
   where n.agreement_id = name_facilitator.agreement_id and n.activity_id = name_facilitator.activity_id
     and n.facilitator_id = name_facilitator.facilitator_id and n.ended_at is null;
  if found then
    -- Named already: a handover to someone who has accepted takes effect now.
    if not coalesce(alongside, false) and existing.accepted_at is not null then
      perform app.end_other_namings(existing);
    end if;
    return;
  end if;
  -- A new handover replaces a handover still waiting for its acceptance.
  if not coalesce(alongside, false) then
    update app.facilitator_namings n set ended_at = now()
     where n.agreement_id = name_facilitator.agreement_id and n.activity_id = name_facilitator.activity_id
       and n.ended_at is null and n.accepted_at is null and not n.alongside;
  end if;
  insert into app.facilitator_namings (agreement_id, activity_id, facilitator_id, alongside, named_by)
  values (name_facilitator.agreement_id, name_facilitator.activity_id, name_facilitator.facilitator_id,
          coalesce(name_facilitator.alongside, false), (select auth.uid()));
  perform app.enqueue_mail((select email from app.profiles where user_id = name_facilitator.facilitator_id),
    'facilitator_named', jsonb_build_object('agreement_id', name_facilitator.agreement_id,
                                            'activity', (select title from app.activities where id = name_facilitator.activity_id)));
end
$$;
grant execute on function api.name_facilitator(uuid, uuid, uuid, boolean) to authenticated;

-- A handover: every other naming for the activity under the agreement ends.
create function app.end_other_namings(kept app.facilitator_namings) returns void
language sql security definer
set search_path = ''
as $$
  update app.facilitator_namings n set ended_at = now()
   where n.agreement_id = kept.agreement_id and n.activity_id = kept.activity_id and n.id <> kept.id and n.ended_at is null
$$;

-- The named facilitator accepts and signs the confidentiality declaration (R7); a handover
-- takes effect now. Definer: it ends the namings of the people handed over from.
create function api.accept_facilitator_role(agreement_id uuid, activity_id uuid, full_name text, confirmed boolean)
returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  accepted app.facilitator_namings;
begin
  perform app.require_user();
  if coalesce(length(trim(full_name)), 0) < 2 then
    perform app.refuse('full_name_required', 'full_name');
  end if;
  if confirmed is not true then
    perform app.refuse('confirmation_required', 'confirmed');
  end if;
  update app.facilitator_namings n
     set accepted_at = now(), declaration_name = trim(full_name),
         declaration_hash = encode(extensions.digest(app.confidentiality_declaration(), 'sha256'), 'hex')
   where n.agreement_id = accept_facilitator_role.agreement_id and n.activity_id = accept_facilitator_role.activity_id
     and n.facilitator_id = (select auth.uid()) and n.ended_at is null and n.accepted_at is null
  returning n.* into accepted;
  if accepted.id is null then
    perform app.not_found();
  end if;
  if not accepted.alongside then
    perform app.end_other_namings(accepted);
  end if;
end
$$;
grant execute on function api.accept_facilitator_role(uuid, uuid, text, boolean) to authenticated;

-- The organisation ends one person's naming for an activity (R7: from now on they read the
-- activity's placements for 30 days and log nothing). Definer, as app.facilitator_namings'
-- other writes.
create function api.end_facilitator_role(agreement_id uuid, activity_id uuid, facilitator_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  perform app.agreement_for_organisation_admin(end_facilitator_role.agreement_id);
  update app.facilitator_namings n set ended_at = now()
   where n.agreement_id = end_facilitator_role.agreement_id and n.activity_id = end_facilitator_role.activity_id
     and n.facilitator_id = end_facilitator_role.facilitator_id and n.ended_at is null;
  if not found then
    perform app.refuse('no_facilitator_named', 'facilitator_id');
  end if;
end
$$;
grant execute on function api.end_facilitator_role(uuid, uuid, uuid) to authenticated;

-- R7: a facilitator who is no longer a facilitator member of the organisation (the role
-- taken away, or removed from it) is no longer named for any of its activities.
create function app.end_namings_of_former_facilitator() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update app.facilitator_namings n set ended_at = now()
    from app.agreements a
   where a.id = n.agreement_id and a.organisation_id = old.organisation_id
     and n.facilitator_id = old.user_id and n.ended_at is null;
  return null;
end
$$;

create trigger memberships_end_facilitator_namings after delete on app.memberships
  for each row when (old.role = 'facilitator') execute function app.end_namings_of_former_facilitator();

create trigger memberships_end_facilitator_namings_on_change after update of role on app.memberships
  for each row when (old.role = 'facilitator' and new.role <> 'facilitator')
  execute function app.end_namings_of_former_facilitator();

-- R7a: records only that a police certificate was shown, when and to whom. Definer, as
-- app.facilitator_namings' other writes.
create function api.record_police_certificate(agreement_id uuid, activity_id uuid, facilitator_id uuid, seen_on date)
returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  perform app.agreement_for_organisation_admin(record_police_certificate.agreement_id);
  if seen_on is null or seen_on > app.today() then
    perform app.refuse('date_not_in_future', 'seen_on');
  end if;
  update app.facilitator_namings n
     set police_certificate_seen_on = seen_on, police_certificate_seen_by = (select auth.uid())
   where n.agreement_id = record_police_certificate.agreement_id
     and n.activity_id = record_police_certificate.activity_id
     and n.facilitator_id = record_police_certificate.facilitator_id and n.ended_at is null;
  if not found then
    perform app.refuse('no_facilitator_named', 'facilitator_id');
  end if;
end
$$;
grant execute on function api.record_police_certificate(uuid, uuid, uuid, date) to authenticated;

------------------------------------------------------------------------------------------
-- Pages
------------------------------------------------------------------------------------------
create function app.agreement_summary(a app.agreements) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', a.id, 'status', a.status, 'valid_from', a.valid_from, 'valid_to', a.valid_to,
    'organisation', app.organisation_ref(a.organisation_id),
    'municipality', app.municipality_ref(a.municipality_id),
    'sent_at', a.sent_at, 'activated_at', a.activated_at, 'replaces_id', a.replaces_id)
$$;
grant execute on function app.agreement_summary(app.agreements) to authenticated;

-- Without a status, every agreement but the versions a newer one replaced; those are listed
-- under their own status, and each is linked from the version that replaced it.
create function api.municipality_agreements(municipality_id uuid, status app.agreement_status default null) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id);
  return jsonb_build_object(
    'municipality', app.municipality_ref(municipality_agreements.municipality_id),
    'counts', (select coalesce(jsonb_object_agg(s.status, s.n), '{}') from (
                 select a.status, count(*) as n from app.agreements a
                 where a.municipality_id = municipality_agreements.municipality_id group by a.status) s),
    'agreements', (select coalesce(jsonb_agg(app.agreement_summary(a) order by a.created_at desc), '[]')
                    from app.agreements a
                    where a.municipality_id = municipality_agreements.municipality_id
                      and coalesce(a.status = municipality_agreements.status, a.status <> 'replaced')));
end
$$;
grant execute on function api.municipality_agreements(uuid, app.agreement_status) to authenticated;

-- The organisation's sent agreements; a version a newer one replaced is linked from that one.
create function api.organisation_agreements(organisation_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_user(app.is_member(organisation_id, 'admin'));
  return jsonb_build_object(
    'organisation', app.organisation_ref(organisation_agreements.organisation_id),
    'agreements', (select coalesce(jsonb_agg(app.agreement_summary(a) order by a.created_at desc), '[]')
                    from app.agreements a
                    where a.organisation_id = organisation_agreements.organisation_id
                      and a.status not in ('draft', 'replaced')));
end
$$;
grant execute on function api.organisation_agreements(uuid) to authenticated;

-- Both parties' signatures, in the order they were made.
create function app.agreement_signature_list(agreement uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('party', s.party, 'signer_name', s.signer_name,
                                               'signer_role', s.signer_role, 'signed_at', s.signed_at,
                                               'text_hash', s.text_hash) order by s.signed_at), '[]')
  from app.agreement_signatures s where s.agreement_id = agreement
$$;
grant execute on function app.agreement_signature_list(uuid) to authenticated;

-- Everything the agreement page shows, and what the caller may do with it.
create or replace function api.agreement_page(agreement_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  agreement app.agreements;
  is_staff boolean;
  is_org_admin boolean;
begin
  select * into agreement from app.agreements a where a.id = agreement_page.agreement_id;
  perform app.require_visible(found);
  is_staff := app.is_staff(agreement.municipality_id);
  is_org_admin := app.is_member(agreement.organisation_id, 'admin');
  if not (is_staff or is_org_admin) then
    perform app.not_found();
  end if;
  return app.agreement_summary(agreement) || jsonb_build_object(
    'terms', jsonb_build_object('covered_fees', agreement.covered_fees, 'equipment_cap_ore', agreement.equipment_cap_ore,
                                'compensation_ore', agreement.compensation_ore,
                                'municipality_contact', agreement.municipality_contact,
                                'organisation_contact', agreement.organisation_contact),
    'template_version', (select version from app.agreement_templates where id = agreement.template_id),
    'replaced_by', (select a.id from app.agreements a where a.replaces_id = agreement.id
                     order by a.created_at desc limit 1),
    'text', coalesce(agreement.rendered_text, app.render_agreement(agreement)),
    'text_hash', agreement.text_hash,
    'termination_reason', agreement.termination_reason,
    'signatures', app.agreement_signature_list(agreement.id),
    'activities', app.agreement_activity_list(agreement.id),
    'organisation_activities', case when is_staff and agreement.status = 'draft' then
                   (select coalesce(jsonb_agg(jsonb_build_object('id', act.id, 'title', act.title) order by act.title), '[]')
                    from app.activities act where act.organisation_id = agreement.organisation_id
                      and act.municipality_id = agreement.municipality_id) end,
    'facilitators', case when is_org_admin then
                   (select coalesce(jsonb_agg(jsonb_build_object('user_id', p.user_id, 'display_name', p.display_name,
                                                                 'email', p.email) order by p.display_name), '[]')
                    from app.memberships m join app.profiles p on p.user_id = m.user_id
                    where m.organisation_id = agreement.organisation_id and m.role = 'facilitator') end,
    'timeline', app.agreement_timeline(agreement.id),
    'signer_check', case when is_staff then
                   (select to_jsonb(c) - 'agreement_id' from app.signer_checks c where c.agreement_id = agreement.id) end,
    'can', jsonb_build_object(
      'edit', is_staff and agreement.status = 'draft',
      'send', is_staff and agreement.status = 'draft',
      'sign', is_org_admin and agreement.status = 'awaiting_organisation',
      'countersign', is_staff and agreement.status = 'awaiting_municipality',
      'revise', is_staff and agreement.status in ('awaiting_organisation', 'awaiting_municipality', 'active'),
      'terminate', (is_staff or is_org_admin) and agreement.status not in ('expired', 'terminated', 'replaced'),
      'name_facilitators', is_org_admin and agreement.status in ('awaiting_organisation', 'awaiting_municipality', 'active'),
      'download', agreement.status in ('active', 'expired', 'terminated', 'replaced')
                  and exists (select 1 from app.agreement_signatures s where s.agreement_id = agreement.id
                                and s.party = 'municipality'),
      'archive', is_staff and agreement.activated_at is not null));
end
$$;
grant execute on function api.agreement_page(uuid) to authenticated;

-- The named facilitator's own list: roles to accept and accepted ones.
create function api.my_facilitator_roles() returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'declaration', app.confidentiality_declaration(),
    'roles', coalesce(jsonb_agg(jsonb_build_object(
      'agreement_id', n.agreement_id, 'activity_id', n.activity_id, 'activity', act.title,
      'organisation', o.name, 'municipality', m.name, 'agreement_status', a.status,
      'accepted_at', n.accepted_at) order by n.accepted_at nulls first, act.title), '[]'))
  from app.facilitator_namings n
  join app.agreements a on a.id = n.agreement_id
  join app.activities act on act.id = n.activity_id
  join app.organisations o on o.id = a.organisation_id
  join app.municipalities m on m.id = a.municipality_id
  where n.facilitator_id = (select auth.uid()) and n.ended_at is null and a.status not in ('expired', 'terminated', 'replaced')
$$;
grant execute on function api.my_facilitator_roles() to authenticated;

------------------------------------------------------------------------------------------
-- Lifecycle job: expiry and reminders 60 and 14 days before the end. The local stack runs
-- it every minute; on a hosted project schedule it with pg_cron:
--   select cron.schedule('agreement-lifecycle', '15 6 * * *', 'select api.run_agreement_lifecycle()');
-- `today` is a parameter so tests can move the clock.
------------------------------------------------------------------------------------------
create function api.run_agreement_lifecycle(today date default app.today())
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  expired int;
  reminded int;
begin
  with ended as (
    update app.agreements a set status = 'expired', ended_at = now()
     where a.status = 'active' and a.valid_to < today
    returning a.id)
  select count(*) into expired from ended;

  -- The nearest reminder only: an agreement made 10 days before its end gets the 14-day one.
  with due as (
    select a.id as agreement_id, case when a.valid_to - today <= 14 then 14 else 60 end as days_before
    from app.agreements a
    where a.status = 'active' and a.valid_to >= today and a.valid_to - today <= 60
  ),
  recorded as (
    insert into app.agreement_reminders (agreement_id, days_before)
    select agreement_id, days_before from due on conflict do nothing
    returning agreement_id, days_before
  )
  select count(*) into reminded from (
    select app.mail_organisation_admins(a.organisation_id, 'agreement_expiring',
             jsonb_build_object('agreement_id', a.id, 'valid_to', a.valid_to, 'days_before', r.days_before)),
           app.mail_staff(a.municipality_id, 'caseworker', 'agreement_expiring',
             jsonb_build_object('agreement_id', a.id, 'valid_to', a.valid_to, 'days_before', r.days_before,
                                'organisation', (select name from app.organisations where id = a.organisation_id)))
    from recorded r join app.agreements a on a.id = r.agreement_id
  ) sent;

  return jsonb_build_object('expired', expired, 'reminders', reminded);
end
$$;
grant execute on function api.run_agreement_lifecycle(date) to service_role;

------------------------------------------------------------------------------------------
-- The agreement page's reads for both parties
------------------------------------------------------------------------------------------
-- The named facilitators of each activity and the history from the audit trail. Caseworkers may
-- not read organisation members' profiles, and the audit trail's policies show agreement
-- events only to municipality admins (signatures, which carry no municipality, to no one), so
-- api.agreement_page reads them through these definer helpers, which answer only to the
-- agreement's parties.
create function app.agreement_activity_list(agreement uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'activity_id', act.id, 'title', act.title,
           'has_minors', coalesce(act.age_min, 0) < 18,
           -- The current namings: accepted ones first, then those waiting for an answer.
           'facilitators', (select coalesce(jsonb_agg(jsonb_build_object(
                                     'user_id', p.user_id, 'display_name', p.display_name, 'email', p.email,
                                     'alongside', n.alongside, 'accepted_at', n.accepted_at,
                                     'police_certificate_seen_on', n.police_certificate_seen_on)
                                   order by n.accepted_at nulls last, p.display_name), '[]')
                            from app.facilitator_namings n join app.profiles p on p.user_id = n.facilitator_id
                            where n.agreement_id = aa.agreement_id and n.activity_id = aa.activity_id
                              and n.ended_at is null)) order by act.title), '[]')
  from app.agreement_activities aa join app.activities act on act.id = aa.activity_id
  where aa.agreement_id = agreement and app.can_read_agreement(agreement)
$$;
grant execute on function app.agreement_activity_list(uuid) to authenticated;

-- Oldest first: status changes, signatures, and what happened to each covered activity.
create function app.agreement_timeline(agreement uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'occurred_at', e.occurred_at, 'table', e.table_name, 'action', e.action,
           'status', e.new_row ->> 'status', 'party', e.new_row ->> 'party',
           'activity', (select title from app.activities
                        where id = (coalesce(e.new_row, e.old_row) ->> 'activity_id')::uuid),
           'facilitator', (select display_name from app.profiles
                           where user_id = (coalesce(e.new_row, e.old_row) ->> 'facilitator_id')::uuid),
           'change', case
             when e.table_name = 'agreement_activities' and e.action = 'insert' then 'covered'
             when e.table_name = 'agreement_activities' then 'uncovered'
             when e.table_name <> 'facilitator_namings' then null
             when e.action = 'insert' then 'named'
             when e.new_row ->> 'ended_at' is distinct from e.old_row ->> 'ended_at' then 'ended'
             when e.new_row ->> 'accepted_at' is distinct from e.old_row ->> 'accepted_at' then 'accepted'
             else 'police_certificate' end,
           'actor', (select display_name from app.profiles where user_id = e.actor_id)) order by e.id), '[]')
  from app.audit_events e
  where app.can_read_agreement(agreement)
    and ((e.table_name = 'agreements' and e.record_id = agreement::text)
         or (e.table_name in ('agreement_signatures', 'agreement_activities', 'facilitator_namings')
             and coalesce(e.new_row, e.old_row) ->> 'agreement_id' = agreement::text))
$$;
grant execute on function app.agreement_timeline(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- The archive package: a signed agreement as the municipality's archive takes it in (the PDF
-- and a Noark 5 arkivmelding, app/lib/arkivmelding.ts). An agreement goes to the archive once
-- both parties have signed, that is once it became active (activated_at); versions that later
-- expired, ended or were replaced were signed too and stay archivable. Staff of the
-- municipality only: the archive is the municipality's. Invoker: the agreements' policies let
-- staff read their municipality's agreements, signatures and partner organisations.
------------------------------------------------------------------------------------------
-- What the PDF shows and the arkivmelding describes, for one signed agreement.
create function app.agreement_archive_entry(a app.agreements) returns jsonb
language sql stable
set search_path = ''
as $$
  select app.agreement_summary(a) || jsonb_build_object(
    'created_at', a.created_at,
    'municipality', (select jsonb_build_object('id', m.id, 'name', m.name, 'number', m.municipality_number)
                     from app.municipalities m where m.id = a.municipality_id),
    'organisation', (select jsonb_build_object('id', o.id, 'name', o.name, 'organisation_number', o.organisation_number)
                     from app.organisations o where o.id = a.organisation_id),
    'text', a.rendered_text,
    'text_hash', a.text_hash,
    'signatures', app.agreement_signature_list(a.id),
    'activities', app.agreement_activity_list(a.id))
$$;
grant execute on function app.agreement_archive_entry(app.agreements) to authenticated;

-- One agreement's archive package; an agreement not yet signed by both is refused.
create function api.agreement_archive(agreement_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  agreement app.agreements;
begin
  perform app.require_user();
  select * into agreement from app.agreements a where a.id = agreement_archive.agreement_id;
  if not found or not app.is_staff(agreement.municipality_id) then
    perform app.not_found();
  end if;
  if agreement.activated_at is null then
    perform app.refuse('agreement_not_signed_for_archive');
  end if;
  return app.agreement_archive_entry(agreement);
end
$$;
grant execute on function api.agreement_archive(uuid) to authenticated;

-- The archive packages of every agreement the municipality countersigned in the year (Oslo
-- time), oldest first; a year without any is refused, so nobody downloads an empty package.
create function api.agreement_archive_year(municipality_id uuid, year int) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  entries jsonb;
begin
  perform app.require_staff(municipality_id);
  select coalesce(jsonb_agg(app.agreement_archive_entry(a) order by a.activated_at), '[]') into entries
    from app.agreements a
   where a.municipality_id = agreement_archive_year.municipality_id
     and a.activated_at >= make_timestamptz(year, 1, 1, 0, 0, 0, 'Europe/Oslo')
     and a.activated_at < make_timestamptz(year + 1, 1, 1, 0, 0, 0, 'Europe/Oslo');
  if jsonb_array_length(entries) = 0 then
    perform app.refuse('no_agreements_signed_in_year', 'year', jsonb_build_object('year', year));
  end if;
  return jsonb_build_object('municipality', app.municipality_ref(municipality_id), 'year', year,
                            'agreements', entries);
end
$$;
grant execute on function api.agreement_archive_year(uuid, int) to authenticated;
