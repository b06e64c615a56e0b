-- A large municipality for benchmarks (npm run seed:large): 1 000 organisations, 3 000
-- activities, 10 000 participants, 12 000 placements, 1 000 000 attendance rows, 50 000
-- claims with receipt metadata and 5 years of prize rounds. Deterministic: every "random"
-- choice is a hash of the row number, so two runs give the same data whatever the plan.
-- Runs after the migrations and the demo seed; triggers (audit, R4) are off while loading.

set session_replication_role = replica;

create schema bench;
-- A number in [0, 1) from a key, the same every run.
create function bench.rand(key text) returns float8
language sql immutable
as $$ select ('x' || substr(md5(key), 1, 8))::bit(32)::bigint / 4294967296.0 $$;

insert into app.municipalities (id, name, municipality_number)
values ('66666666-0000-4000-8000-000000004601', 'Bergen', '4601');

-- Staff and the organisations' people, with the demo password.
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
select '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated', u.email,
       extensions.crypt('Sammen-demo-2026', extensions.gen_salt('bf', 4)), now(),
       '{"provider": "email", "providers": ["email"]}', jsonb_build_object('display_name', u.name), now(), now()
from (
  select '77777777-0000-4000-8000-000000000001'::uuid, 'admin@bergen.sammen.test', 'Berit Bergen-admin'
  union all select '77777777-0000-4000-8000-000000000002'::uuid, 'saksbehandler@bergen.sammen.test', 'Bjørn Saksbehandler'
  union all
  select ('88888888-0000-4000-8000-' || lpad((i * 2 - 1)::text, 12, '0'))::uuid, 'leder' || i || '@klubb.bergen.sammen.test', 'Leder ' || i
  from generate_series(1, 1000) i
  union all
  select ('88888888-0000-4000-8000-' || lpad((i * 2)::text, 12, '0'))::uuid, 'tilrettelegger' || i || '@klubb.bergen.sammen.test', 'Tilrettelegger ' || i
  from generate_series(1, 1000) i
) as u (id, email, name);

insert into app.profiles (user_id, email, display_name)
select id, email, raw_user_meta_data ->> 'display_name' from auth.users where email like '%bergen.sammen.test';

insert into app.staff (municipality_id, user_id, role) values
  ('66666666-0000-4000-8000-000000004601', '77777777-0000-4000-8000-000000000001', 'admin'),
  ('66666666-0000-4000-8000-000000004601', '77777777-0000-4000-8000-000000000002', 'caseworker');

-- 1 000 organisations with valid organisation numbers (R1): candidates whose check digit
-- would be 10 are skipped.
insert into app.organisations (id, organisation_number, name, kind, description, contact_email, postal_town)
select ('99999999-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, number,
       (array['Idrettslag', 'Kor', 'Korps', 'Turlag', 'Teaterlag', 'Sjakklubb', 'Bowlingklubb', 'Klatreklubb'])[1 + n % 8]
         || ' ' || n,
       (array['idrett', 'musikk', 'musikk', 'friluft', 'kultur', 'annet', 'idrett', 'idrett'])[1 + n % 8]::app.organisation_kind,
       'Frivillig organisasjon i Bergen.', 'post' || n || '@klubb.bergen.sammen.test', 'Bergen'
from (
  select row_number() over (order by candidate) as n, number
  from (
    select candidate, candidate::text || check_digit::text as number
    from (select 930000000 / 10 + i * 7 as candidate from generate_series(1, 1300) i) c,
         lateral (select case 11 - s % 11 when 11 then 0 else 11 - s % 11 end as check_digit
                  from (select sum(substr(candidate::text, k, 1)::int * (array[3, 2, 7, 6, 5, 4, 3, 2])[k]) as s
                        from generate_series(1, 8) k) sums) d
    where check_digit < 10
  ) valid
) numbered
where n <= 1000;

insert into app.organisation_private (organisation_id, bank_account)
select id, null from app.organisations where id::text like '99999999-%';

insert into app.partnerships (organisation_id, municipality_id, status, decided_at)
select id, '66666666-0000-4000-8000-000000004601',
       case when bench.rand(id::text || 'p') < 0.95 then 'verified' else 'pending' end::app.partnership_status, now()
from app.organisations where id::text like '99999999-%';

insert into app.memberships (organisation_id, user_id, role)
select ('99999999-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid,
       ('88888888-0000-4000-8000-' || lpad((i * 2 - 1)::text, 12, '0'))::uuid, 'admin'::app.member_role
from generate_series(1, 1000) i
union all
select ('99999999-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid,
       ('88888888-0000-4000-8000-' || lpad((i * 2)::text, 12, '0'))::uuid, 'facilitator'::app.member_role
from generate_series(1, 1000) i;

-- 3 000 activities, three per organisation, two weekly slots each.
insert into app.activities (id, organisation_id, municipality_id, title, category, description, place, age_min, age_max,
                            adaptation_tags, capacity, fee_ore, fee_period, is_public)
select ('aaaaaaaa-0000-4000-8000-' || lpad(((o - 1) * 3 + k)::text, 12, '0'))::uuid,
       ('99999999-0000-4000-8000-' || lpad(o::text, 12, '0'))::uuid,
       '66666666-0000-4000-8000-000000004601',
       (array['Trening', 'Øving', 'Tur', 'Kurs', 'Klubbkveld'])[1 + (o + k) % 5] || ' ' || o || '-' || k,
       (array['idrett', 'musikk', 'friluft', 'kultur', 'annet'])[1 + (o * 3 + k) % 5]::app.organisation_kind,
       'Aktivitet med tilrettelegging.', 'Bergen', (array[6, 12, 16, 18])[1 + (o + k) % 4], 99,
       case (o + k) % 4 when 0 then array['rullestol'] when 1 then array['rolig miljø']
                        when 2 then array['rolig miljø', 'tegnspråk'] else array['egen hjelper'] end,
       4, 50000 + ((o * 7 + k) % 20) * 10000, 'year', bench.rand(o::text || '-' || k) < 0.9
from generate_series(1, 1000) o, generate_series(1, 3) k;

insert into app.activity_slots (activity_id, weekday, starts_at, ends_at)
select a.id, d.weekday, d.starts_at, d.starts_at + interval '90 minutes'
from app.activities a
cross join lateral (values (1 + (abs(hashtext(a.id::text)) % 5), time '17:00'),
                           (1 + ((abs(hashtext(a.id::text)) + 2) % 7), time '18:30')) as d (weekday, starts_at)
where a.municipality_id = '66666666-0000-4000-8000-000000004601'
on conflict do nothing;

-- One active agreement per verified organisation, covering its activities, facilitator named
-- and accepted.
insert into app.agreement_templates (municipality_id, version, body)
values ('66666666-0000-4000-8000-000000004601', 1,
        'Samarbeidsavtale mellom {{kommune}} og {{organisasjon}} for perioden {{periode}}.');

insert into app.agreements (id, municipality_id, organisation_id, template_id, status, valid_from, valid_to,
                            covered_fees, equipment_cap_ore, compensation_ore, rendered_text, text_hash, sent_at, activated_at)
select ('bbbbbbbb-0000-4000-8000-' || substr(p.organisation_id::text, 25))::uuid, p.municipality_id, p.organisation_id, t.id,
       'active', app.today() - 800, app.today() + 400, 'Årskontingent', 300000, 100000,
       'Samarbeidsavtale', encode(extensions.digest('Samarbeidsavtale', 'sha256'), 'hex'), now(), now()
from app.partnerships p, app.agreement_templates t
where p.municipality_id = '66666666-0000-4000-8000-000000004601' and p.status = 'verified'
  and t.municipality_id = p.municipality_id;

insert into app.agreement_signatures (agreement_id, party, signer_id, signer_name, signer_role, text_hash)
select ag.id, party, case party when 'organisation' then m.user_id else '77777777-0000-4000-8000-000000000002'::uuid end,
       'Signatar', 'Leder', ag.text_hash
from app.agreements ag
join app.memberships m on m.organisation_id = ag.organisation_id and m.role = 'admin'
cross join unnest(array['organisation', 'municipality']::app.agreement_party[]) party
where ag.municipality_id = '66666666-0000-4000-8000-000000004601';

insert into app.agreement_activities (agreement_id, activity_id)
select ag.id, a.id
from app.agreements ag
join app.activities a on a.organisation_id = ag.organisation_id
where ag.municipality_id = '66666666-0000-4000-8000-000000004601';

-- The club's facilitator, named and accepted before the first placement started.
insert into app.facilitator_namings (agreement_id, activity_id, facilitator_id, named_at, accepted_at,
                                     declaration_name, declaration_hash)
select aa.agreement_id, aa.activity_id, m.user_id, now() - interval '800 days', now() - interval '800 days',
       'Tilrettelegger', 'hash'
from app.agreement_activities aa
join app.agreements ag on ag.id = aa.agreement_id
join app.memberships m on m.organisation_id = ag.organisation_id and m.role = 'facilitator'
where ag.municipality_id = '66666666-0000-4000-8000-000000004601';

-- 10 000 participants, ages spread over every band.
insert into app.participants (id, municipality_id, first_name, birth_year, interests, share_activity_note, activity_note)
select ('cccccccc-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, '66666666-0000-4000-8000-000000004601',
       (array['Ada', 'Bo', 'Cecilie', 'Didrik', 'Eva', 'Frode', 'Guri', 'Hassan', 'Ida', 'Jonas'])[1 + i % 10],
       1935 + (i * 37) % 85, array[(array['idrett', 'musikk', 'friluft', 'kultur'])[1 + i % 4]], true, 'Liker rolige omgivelser'
from generate_series(1, 10000) i;

create table bench.covered as
select row_number() over (order by aa.activity_id) as k, aa.*
from app.agreement_activities aa join app.agreements ag on ag.id = aa.agreement_id
where ag.municipality_id = '66666666-0000-4000-8000-000000004601';

-- 12 000 placements in covered activities: each participant once, 2 000 twice. Decision
-- periods of a year starting within the last two years.
insert into app.placements (id, participant_id, municipality_id, activity_id, organisation_id, agreement_id,
                            status, starts_on, ends_on, ended_on, outcome)
select ('dddddddd-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid,
       ('cccccccc-0000-4000-8000-' || lpad((1 + (n - 1) % 10000)::text, 12, '0'))::uuid,
       '66666666-0000-4000-8000-000000004601', aa.activity_id, ag.organisation_id, ag.id,
       case when start_on + 364 < app.today() then 'ended' else 'active' end::app.placement_status,
       start_on, start_on + 364,
       case when start_on + 364 < app.today() then start_on + 364 end,
       case when start_on + 364 < app.today() then
         (array['continues_as_member', 'continues_as_member', 'continues_as_member', 'continues_with_support', 'stopped', 'moved'])
           [1 + floor(bench.rand(n::text || 'o') * 6)::int]::app.placement_outcome end
from (
  select n, app.today() - 760 + floor(bench.rand(n::text || 's') * 700)::int as start_on,
         1 + floor(bench.rand(n::text || 'a') * (select count(*) from bench.covered))::int as pick
  from generate_series(1, 12000) n
) p
join bench.covered aa on aa.k = p.pick
join app.agreements ag on ag.id = aa.agreement_id;

-- Sessions from the weekly slots, for the period the placements cover, up to today.
insert into app.sessions (activity_id, on_date, starts_at, ends_at)
select s.activity_id, d::date, s.starts_at, s.ends_at
from app.activity_slots s
join app.activities a on a.id = s.activity_id and a.municipality_id = '66666666-0000-4000-8000-000000004601'
cross join generate_series(app.today() - 800, app.today(), interval '1 day') d
where extract(isodow from d)::int = s.weekday
  and exists (select 1 from app.placements p where p.activity_id = s.activity_id);

-- 1 000 000 attendance marks: every session of each placement's period, up to the limit.
insert into app.attendance (placement_id, session_id, status, recorded_by, recorded_at)
select p.id, s.id,
       case when bench.rand(p.id::text || s.id::text) < 0.82 then 'present' else 'absent' end::app.attendance_status,
       n.facilitator_id, s.on_date + time '20:00'
from app.placements p
join app.facilitator_namings n on n.agreement_id = p.agreement_id and n.activity_id = p.activity_id
join app.sessions s on s.activity_id = p.activity_id and s.on_date between p.starts_on and coalesce(p.ended_on, p.ends_on)
where p.municipality_id = '66666666-0000-4000-8000-000000004601'
limit 1000000;

insert into app.attendance_months (placement_id, municipality_id, organisation_id, month, present, absent, last_present_on)
select p.id, p.municipality_id, p.organisation_id, date_trunc('month', s.on_date)::date,
       count(*) filter (where at.status = 'present'), count(*) filter (where at.status = 'absent'),
       max(s.on_date) filter (where at.status = 'present')
from app.attendance at join app.sessions s on s.id = at.session_id join app.placements p on p.id = at.placement_id
where not s.cancelled
group by 1, 2, 3, 4;

-- Budgets for three years.
insert into app.budgets (municipality_id, year, kind, amount_ore)
select '66666666-0000-4000-8000-000000004601', y, k, 5000000000
from generate_series(extract(year from app.today())::int - 2, extract(year from app.today())::int) y,
     unnest(enum_range(null::app.claim_kind)) k;

-- 50 000 claims, about four per placement, in every state.
insert into app.claims (id, municipality_id, organisation_id, placement_id, agreement_id, kind, status, amount_ore,
                        period_start, period_end, purchase_date, description, submitted_at, first_submitted_at,
                        decided_at, decision_reason, authorised_at, paid_on, payment_reference)
select ('eeeeeeee-0000-4000-8000-' || lpad(c.n::text, 12, '0'))::uuid, p.municipality_id, p.organisation_id, p.id,
       p.agreement_id, c.kind, c.status, c.amount,
       case when c.kind <> 'utstyr' then p.starts_on end, case when c.kind <> 'utstyr' then p.starts_on + 180 end,
       case when c.kind = 'utstyr' then p.starts_on + 20 end, 'Utstyr', t.submitted, t.submitted,
       case when c.status in ('approved', 'rejected', 'paid') then t.submitted + interval '6 days' end,
       case when c.status = 'rejected' then 'Ikke dekket' end,
       -- Paid claims were authorised (R13); half the approved ones wait for an anviser.
       case when c.status = 'paid' or c.status = 'approved' and c.n % 2 = 0 then t.submitted + interval '8 days' end,
       case when c.status = 'paid' then (t.submitted + interval '20 days')::date end,
       case when c.status = 'paid' then 'BET-' || c.n end
from (
  select n, 1 + (n - 1) % 12000 as placement_number,
         (array['kontingent', 'kontingent', 'utstyr', 'godtgjorelse'])[1 + n % 4]::app.claim_kind as kind,
         (array['submitted', 'approved', 'approved', 'paid', 'paid', 'paid', 'rejected', 'needs_info', 'draft', 'withdrawn'])
           [1 + floor(bench.rand(n::text || 'st') * 10)::int]::app.claim_status as status,
         20000 + floor(bench.rand(n::text || 'am') * 80000)::bigint as amount
  from generate_series(1, 50000) n
) c
join app.placements p on p.id = ('dddddddd-0000-4000-8000-' || lpad(c.placement_number::text, 12, '0'))::uuid
cross join lateral (select (p.starts_on + 25)::timestamptz + (c.n % 1000) * interval '1 minute' as submitted) t;

update app.claims set submitted_at = null, first_submitted_at = null where status = 'draft' and id::text like 'eeeeeeee-%';

insert into app.claim_receipts (claim_id, object_path, file_name, content_type, size_bytes, sha256)
select c.id, c.organisation_id || '/' || c.id || '/kvittering.pdf', 'kvittering.pdf', 'application/pdf', 120000,
       encode(extensions.digest(c.id::text, 'sha256'), 'hex')
from app.claims c where c.id::text like 'eeeeeeee-%';

-- The budgets' approved totals follow the claims.
update app.budgets b set amount_ore = greatest(b.amount_ore, t.approved), approved_ore = t.approved
from (select budget_year, kind, sum(amount_ore) as approved from app.claims
      where municipality_id = '66666666-0000-4000-8000-000000004601' and status in ('approved', 'paid')
      group by 1, 2) t
where b.municipality_id = '66666666-0000-4000-8000-000000004601' and b.year = t.budget_year and b.kind = t.kind;

-- Five years of prize rounds, announced, with nominations, scores and a winner.
insert into app.prize_rounds (id, municipality_id, year, title, status, opens_at, closes_at, announced_at)
select ('ffffffff-0000-4000-8000-' || lpad(y::text, 12, '0'))::uuid, '66666666-0000-4000-8000-000000004601', y,
       'Inkluderingsprisen ' || y, 'announced', make_date(y, 3, 1), make_date(y, 4, 1), make_date(y, 6, 1)
from generate_series(extract(year from app.today())::int - 5, extract(year from app.today())::int - 1) y;

insert into app.prize_criteria (round_id, position, title, weight)
select r.id, c.position, c.title, c.weight
from app.prize_rounds r
cross join (values (1, 'Åpenhet for alle', 2), (2, 'Varig deltakelse', 1)) as c (position, title, weight)
where r.municipality_id = '66666666-0000-4000-8000-000000004601';

insert into app.prize_jurors (round_id, user_id)
select id, '77777777-0000-4000-8000-000000000001' from app.prize_rounds where municipality_id = '66666666-0000-4000-8000-000000004601';

insert into app.nominations (round_id, organisation_id, nominator_name, nominator_email, relation, reasons, status, confirmed_at)
select r.id, ('99999999-0000-4000-8000-' || lpad((1 + (r.year * 31 + i * 17) % 950)::text, 12, '0'))::uuid,
       'Nominator ' || i, 'nominator' || i || '-' || r.year || '@example.test', 'Forelder', '{"åpenhet": "Alle er velkomne"}',
       'eligible', now()
from app.prize_rounds r, generate_series(1, 40) i
where r.municipality_id = '66666666-0000-4000-8000-000000004601'
on conflict do nothing;

insert into app.prize_scores (round_id, organisation_id, juror_id, criterion_id, score)
select n.round_id, n.organisation_id, '77777777-0000-4000-8000-000000000001', c.id,
       1 + floor(bench.rand(n.organisation_id::text || c.id::text) * 5)::int
from (select distinct round_id, organisation_id from app.nominations) n
join app.prize_criteria c on c.round_id = n.round_id
join app.prize_rounds r on r.id = n.round_id and r.municipality_id = '66666666-0000-4000-8000-000000004601';

insert into app.prize_winners (round_id, organisation_id, citation)
select distinct on (n.round_id) n.round_id, n.organisation_id, 'For å ha åpnet dørene for alle.'
from app.nominations n join app.prize_rounds r on r.id = n.round_id
where r.municipality_id = '66666666-0000-4000-8000-000000004601'
order by n.round_id, n.organisation_id;

-- Kept figures that the triggers (off while loading) would have written.
select app.recount_claim_totals(array['66666666-0000-4000-8000-000000004601']::uuid[]);
-- The lists' kept totals, which their triggers keep from here on (they are off while loading).
insert into app.list_totals (list, municipality_id, total)
select 'participants', municipality_id, count(*) from app.participants group by municipality_id
union all
select 'placements', municipality_id, count(*) from app.placements group by municipality_id
on conflict (list, municipality_id) do update set total = excluded.total;

drop schema bench cascade;
set session_replication_role = origin;

-- What the triggers keep, rebuilt for the rows loaded without them.
delete from app.catalogue_tags;
insert into app.catalogue_tags (tag, activities)
select t, count(*) from app.activities a, unnest(a.adaptation_tags) t where a.is_public group by t;
select app.recount_catalogue(array_agg(id)) from app.municipalities;
select app.refresh_catalogue_items(array_agg(id)) from app.activities;
select app.refresh_placement_items(array_agg(id)) from app.placements;
select app.refresh_participant_items(array_agg(id)) from app.participants;
select app.refresh_placement_choices(array_agg(id)) from app.activities;
analyze;
