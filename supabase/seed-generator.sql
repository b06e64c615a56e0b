-- The benchmark data generator behind `npm run seed:large` and `npm run seed:national`: one
-- body that builds a municipality of any size, run once for the large municipality and 357
-- times for all of Norway. Runs after the migrations and the demo seed, as a superuser.
--
--   select bench.begin_load();                 -- triggers and attendance's indexes off
--   call bench.seed_municipality(...);         -- once per municipality, each its own statement
--   select bench.finish_load();                -- kept totals rebuilt, indexes back
--   select bench.rebuild_items(id);            -- once per municipality, each its own statement
--   drop schema bench cascade;
--   vacuum analyze;
--
-- scripts/seed-data.ts runs it so.
--
-- Municipality number `m` goes into the second group of every id the generator makes
-- ('99999999-0000-4000-8000-000000000001' is organisation 1 of municipality 0, the large
-- seed's Bergen), so every municipality's rows are its own and the bench can name them.
-- Deterministic: every "random" choice is a hash of the row number, so two runs give the
-- same data whatever the plan.

create schema bench;

-- A number in [0, 1) from a key, the same every run.
create function bench.rand(key text) returns float8
language sql immutable
as $$ select ('x' || substr(md5(key), 1, 8))::bit(32)::bigint / 4294967296.0 $$;

-- The id of row `n` of a kind (its first group, e.g. '99999999' for organisations) in municipality `m`.
create function bench.id(kind text, m int, n bigint) returns uuid
language sql immutable
as $$ select (kind || '-' || lpad(m::text, 4, '0') || '-4000-8000-' || lpad(n::text, 12, '0'))::uuid $$;

-- Attendance's secondary indexes, dropped while loading and built once at the end.
create table bench.dropped_indexes (definition text not null);

create function bench.begin_load() returns void
language plpgsql
as $$
declare
  index record;
begin
  perform set_config('session_replication_role', 'replica', false);
  for index in
    select i.indexrelid::regclass as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    where i.indrelid = 'app.attendance'::regclass
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
  loop
    insert into bench.dropped_indexes values (index.definition);
    execute format('drop index %s', index.name);
  end loop;
end
$$;

-- One municipality with `organisations` clubs (three activities each, two weekly slots per
-- activity, one active agreement per verified club with its facilitator named), staff (an
-- admin and a caseworker), `participants` participants, `placements` placements over the last
-- two years, up to `attendance` attendance marks, `claims` claims in every state with receipt
-- metadata, budgets for three years and five years of prize rounds. Its people sign in as
-- admin@<slug>.sammen.test, saksbehandler@<slug>.sammen.test, leder<n>@klubb.<slug>.sammen.test
-- and tilrettelegger<n>@klubb.<slug>.sammen.test with the demo password.
create procedure bench.seed_municipality(m int, name text, number text, slug text, organisations int,
                                         participants int, placements int, attendance int, claims int)
language plpgsql
as $$
declare
  municipality uuid := bench.id('66666666', m, number::bigint);
  admin uuid := bench.id('77777777', m, 1);
  caseworker uuid := bench.id('77777777', m, 2);
  password text := extensions.crypt('Sammen-demo-2026', extensions.gen_salt('bf', 4));
  this_year int := extract(year from app.today())::int;
begin
  insert into app.municipalities (id, name, municipality_number) values (municipality, name, number);

  -- Staff and the organisations' people.
  insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                          raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
  select '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated', u.email, password, now(),
         '{"provider": "email", "providers": ["email"]}', jsonb_build_object('display_name', u.name), now(), now()
  from (
    select admin, 'admin@' || slug || '.sammen.test', 'Admin ' || name
    union all select caseworker, 'saksbehandler@' || slug || '.sammen.test', 'Saksbehandler ' || name
    union all
    select bench.id('88888888', m, i * 2 - 1), 'leder' || i || '@klubb.' || slug || '.sammen.test', 'Leder ' || i
    from generate_series(1, organisations) i
    union all
    select bench.id('88888888', m, i * 2), 'tilrettelegger' || i || '@klubb.' || slug || '.sammen.test', 'Tilrettelegger ' || i
    from generate_series(1, organisations) i
  ) as u (id, email, name);

  insert into app.profiles (user_id, email, display_name)
  select u.id, u.email, u.raw_user_meta_data ->> 'display_name' from auth.users u
  where u.id in (admin, caseworker)
     or u.id between bench.id('88888888', m, 1) and bench.id('88888888', m, organisations * 2);

  insert into app.staff (municipality_id, user_id, role) values (municipality, admin, 'admin'), (municipality, caseworker, 'caseworker');

  -- Organisations with valid organisation numbers (R1): candidates whose check digit would
  -- be 10 are skipped. Each municipality draws from its own block of 1 300 candidates.
  insert into app.organisations (id, organisation_number, name, kind, description, contact_email, postal_town)
  select bench.id('99999999', m, n), o.number,
         (array['Idrettslag', 'Kor', 'Korps', 'Turlag', 'Teaterlag', 'Sjakklubb', 'Bowlingklubb', 'Klatreklubb'])[1 + n % 8]
           || ' ' || n,
         (array['idrett', 'musikk', 'musikk', 'friluft', 'kultur', 'annet', 'idrett', 'idrett'])[1 + n % 8]::app.organisation_kind,
         'Frivillig organisasjon i ' || name || '.', 'post' || n || '@klubb.' || slug || '.sammen.test', name
  from (
    select row_number() over (order by candidate) as n, valid.number
    from (
      select candidate, candidate::text || check_digit::text as number
      from (select 930000000 / 10 + (m * 1300 + i) * 7 as candidate from generate_series(1, 1300) i) c,
           lateral (select case 11 - s % 11 when 11 then 0 else 11 - s % 11 end as check_digit
                    from (select sum(substr(candidate::text, k, 1)::int * (array[3, 2, 7, 6, 5, 4, 3, 2])[k]) as s
                          from generate_series(1, 8) k) sums) d
      where check_digit < 10
    ) valid
  ) o
  where n <= organisations;

  insert into app.organisation_private (organisation_id, bank_account)
  select bench.id('99999999', m, i), null from generate_series(1, organisations) i;

  insert into app.partnerships (organisation_id, municipality_id, status, decided_at)
  select o, municipality,
         case when bench.rand(o::text || 'p') < 0.95 then 'verified' else 'pending' end::app.partnership_status, now()
  from generate_series(1, organisations) i, bench.id('99999999', m, i) o;

  insert into app.memberships (organisation_id, user_id, role)
  select bench.id('99999999', m, i), bench.id('88888888', m, i * 2 - 1), 'admin'::app.member_role
  from generate_series(1, organisations) i
  union all
  select bench.id('99999999', m, i), bench.id('88888888', m, i * 2), 'facilitator'::app.member_role
  from generate_series(1, organisations) i;

  -- Three activities per organisation, two weekly slots each.
  insert into app.activities (id, organisation_id, municipality_id, title, category, description, place, age_min, age_max,
                              adaptation_tags, capacity, fee_ore, fee_period, is_public)
  select bench.id('aaaaaaaa', m, (o - 1) * 3 + k), bench.id('99999999', m, o), municipality,
         (array['Trening', 'Øving', 'Tur', 'Kurs', 'Klubbkveld'])[1 + (o + k) % 5] || ' ' || o || '-' || k,
         (array['idrett', 'musikk', 'friluft', 'kultur', 'annet'])[1 + (o * 3 + k) % 5]::app.organisation_kind,
         'Aktivitet med tilrettelegging.', name, (array[6, 12, 16, 18])[1 + (o + k) % 4], 99,
         case (o + k) % 4 when 0 then array['rullestol'] when 1 then array['rolig miljø']
                          when 2 then array['rolig miljø', 'tegnspråk'] else array['egen hjelper'] end,
         4, 50000 + ((o * 7 + k) % 20) * 10000, 'year', bench.rand(o::text || '-' || k) < 0.9
  from generate_series(1, organisations) o, generate_series(1, 3) k;

  insert into app.activity_slots (activity_id, weekday, starts_at, ends_at)
  select a.id, d.weekday, d.starts_at, d.starts_at + interval '90 minutes'
  from app.activities a
  cross join lateral (values (1 + (abs(hashtext(a.id::text)) % 5), time '17:00'),
                             (1 + ((abs(hashtext(a.id::text)) + 2) % 7), time '18:30')) as d (weekday, starts_at)
  where a.municipality_id = municipality
  on conflict do nothing;

  insert into app.agreement_templates (municipality_id, version, body)
  values (municipality, 1, 'Samarbeidsavtale mellom {{kommune}} og {{organisasjon}} for perioden {{periode}}.');

  insert into app.agreements (id, municipality_id, organisation_id, template_id, status, valid_from, valid_to,
                              covered_fees, equipment_cap_ore, compensation_ore, rendered_text, text_hash, sent_at, activated_at)
  select ('bbbbbbbb-' || substr(p.organisation_id::text, 10))::uuid, p.municipality_id, p.organisation_id, t.id,
         'active', app.today() - 800, app.today() + 400, 'Årskontingent', 300000, 100000,
         'Samarbeidsavtale', encode(extensions.digest('Samarbeidsavtale', 'sha256'), 'hex'), now(), now()
  from app.partnerships p, app.agreement_templates t
  where p.municipality_id = municipality and p.status = 'verified' and t.municipality_id = p.municipality_id;

  insert into app.agreement_signatures (agreement_id, party, signer_id, signer_name, signer_role, text_hash)
  select ag.id, party, case party when 'organisation' then ms.user_id else caseworker end, 'Signatar', 'Leder', ag.text_hash
  from app.agreements ag
  join app.memberships ms on ms.organisation_id = ag.organisation_id and ms.role = 'admin'
  cross join unnest(array['organisation', 'municipality']::app.agreement_party[]) party
  where ag.municipality_id = municipality;

  insert into app.agreement_activities (agreement_id, activity_id)
  select ag.id, a.id
  from app.agreements ag
  join app.activities a on a.organisation_id = ag.organisation_id
  where ag.municipality_id = municipality;

  -- The club's facilitator, named and accepted before the first placement started.
  insert into app.facilitator_namings (agreement_id, activity_id, facilitator_id, named_at, accepted_at,
                                       declaration_name, declaration_hash)
  select aa.agreement_id, aa.activity_id, ms.user_id, now() - interval '800 days', now() - interval '800 days',
         'Tilrettelegger', 'hash'
  from app.agreement_activities aa
  join app.agreements ag on ag.id = aa.agreement_id
  join app.memberships ms on ms.organisation_id = ag.organisation_id and ms.role = 'facilitator'
  where ag.municipality_id = municipality;

  -- Participants, ages spread over every band.
  insert into app.participants (id, municipality_id, first_name, birth_year, interests, share_activity_note, activity_note)
  select bench.id('cccccccc', m, i), municipality,
         (array['Ada', 'Bo', 'Cecilie', 'Didrik', 'Eva', 'Frode', 'Guri', 'Hassan', 'Ida', 'Jonas'])[1 + i % 10],
         1935 + (i * 37) % 85, array[(array['idrett', 'musikk', 'friluft', 'kultur'])[1 + i % 4]], true, 'Liker rolige omgivelser'
  from generate_series(1, participants) i;

  -- Placements in covered activities, every participant at least once. Decision periods of a
  -- year starting within the last two years.
  with covered as materialized (
    select row_number() over (order by aa.activity_id) as k, aa.activity_id, ag.id as agreement_id, ag.organisation_id
    from app.agreement_activities aa join app.agreements ag on ag.id = aa.agreement_id
    where ag.municipality_id = municipality
  )
  insert into app.placements (id, participant_id, municipality_id, activity_id, organisation_id, agreement_id,
                              status, starts_on, ends_on, ended_on, outcome)
  select bench.id('dddddddd', m, n), bench.id('cccccccc', m, 1 + (n - 1) % seed_municipality.participants),
         municipality, aa.activity_id, aa.organisation_id, aa.agreement_id,
         case when start_on + 364 < app.today() then 'ended' else 'active' end::app.placement_status,
         start_on, start_on + 364,
         case when start_on + 364 < app.today() then start_on + 364 end,
         case when start_on + 364 < app.today() then
           (array['continues_as_member', 'continues_as_member', 'continues_as_member', 'continues_with_support', 'stopped', 'moved'])
             [1 + floor(bench.rand(n::text || 'o') * 6)::int]::app.placement_outcome end
  from (
    select n, app.today() - 760 + floor(bench.rand(n::text || 's') * 700)::int as start_on,
           1 + floor(bench.rand(n::text || 'a') * (select count(*) from covered))::int as pick
    from generate_series(1, seed_municipality.placements) n
  ) p
  join covered aa on aa.k = p.pick;

  -- Sessions from the weekly slots, for the period the placements cover, up to today.
  insert into app.sessions (activity_id, on_date, starts_at, ends_at)
  select s.activity_id, d::date, s.starts_at, s.ends_at
  from app.activity_slots s
  join app.activities a on a.id = s.activity_id and a.municipality_id = municipality
  cross join generate_series(app.today() - 800, app.today(), interval '1 day') d
  where extract(isodow from d)::int = s.weekday
    and exists (select 1 from app.placements p where p.activity_id = s.activity_id);

  -- Attendance marks: every session of each placement's period, up to the limit.
  insert into app.attendance (placement_id, session_id, status, recorded_by, recorded_at)
  select p.id, s.id,
         case when bench.rand(p.id::text || s.id::text) < 0.82 then 'present' else 'absent' end::app.attendance_status,
         n.facilitator_id, s.on_date + time '20:00'
  from app.placements p
  join app.facilitator_namings n on n.agreement_id = p.agreement_id and n.activity_id = p.activity_id
  join app.sessions s on s.activity_id = p.activity_id and s.on_date between p.starts_on and coalesce(p.ended_on, p.ends_on)
  where p.municipality_id = municipality
  limit seed_municipality.attendance;

  insert into app.attendance_months (placement_id, municipality_id, organisation_id, month, present, absent, last_present_on)
  select p.id, p.municipality_id, p.organisation_id, date_trunc('month', s.on_date)::date,
         count(*) filter (where at.status = 'present'), count(*) filter (where at.status = 'absent'),
         max(s.on_date) filter (where at.status = 'present')
  from app.placements p join app.attendance at on at.placement_id = p.id join app.sessions s on s.id = at.session_id
  where p.municipality_id = municipality and not s.cancelled
  group by 1, 2, 3, 4;

  -- Budgets for three years.
  insert into app.budgets (municipality_id, year, kind, amount_ore)
  select municipality, y, k, 5000000000
  from generate_series(this_year - 2, this_year) y, unnest(enum_range(null::app.claim_kind)) k;

  -- Claims, several per placement, in every state.
  insert into app.claims (id, municipality_id, organisation_id, placement_id, agreement_id, kind, status, amount_ore,
                          period_start, period_end, purchase_date, description, submitted_at, first_submitted_at,
                          decided_at, decision_reason, authorised_at, paid_on, payment_reference)
  select bench.id('eeeeeeee', m, c.n), p.municipality_id, p.organisation_id, p.id,
         p.agreement_id, c.kind, c.status, c.amount,
         case when c.kind <> 'utstyr' then p.starts_on end, case when c.kind <> 'utstyr' then p.starts_on + 180 end,
         case when c.kind = 'utstyr' then p.starts_on + 20 end, 'Utstyr',
         case when c.status <> 'draft' then t.submitted end, case when c.status <> 'draft' then t.submitted end,
         case when c.status in ('approved', 'rejected', 'paid') then t.submitted + interval '6 days' end,
         case when c.status = 'rejected' then 'Ikke dekket' end,
         -- Paid claims were authorised (R13); half the approved ones wait for an anviser.
         case when c.status = 'paid' or c.status = 'approved' and c.n % 2 = 0 then t.submitted + interval '8 days' end,
         case when c.status = 'paid' then (t.submitted + interval '20 days')::date end,
         case when c.status = 'paid' then 'BET-' || case when m > 0 then m || '-' else '' end || c.n end
  from (
    select n, 1 + (n - 1) % seed_municipality.placements as placement_number,
           (array['kontingent', 'kontingent', 'utstyr', 'godtgjorelse'])[1 + n % 4]::app.claim_kind as kind,
           (array['submitted', 'approved', 'approved', 'paid', 'paid', 'paid', 'rejected', 'needs_info', 'draft', 'withdrawn'])
             [1 + floor(bench.rand(n::text || 'st') * 10)::int]::app.claim_status as status,
           20000 + floor(bench.rand(n::text || 'am') * 80000)::bigint as amount
    from generate_series(1, seed_municipality.claims) n
  ) c
  join app.placements p on p.id = bench.id('dddddddd', m, c.placement_number)
  cross join lateral (select (p.starts_on + 25)::timestamptz + (c.n % 1000) * interval '1 minute' as submitted) t;

  insert into app.claim_receipts (claim_id, object_path, file_name, content_type, size_bytes, sha256)
  select c.id, c.organisation_id || '/' || c.id || '/kvittering.pdf', 'kvittering.pdf', 'application/pdf', 120000,
         encode(extensions.digest(c.id::text, 'sha256'), 'hex')
  from app.claims c where c.municipality_id = municipality;

  -- The budgets' approved totals follow the claims.
  update app.budgets b set amount_ore = greatest(b.amount_ore, t.approved), approved_ore = t.approved
  from (select budget_year, kind, sum(amount_ore) as approved from app.claims
        where municipality_id = municipality and status in ('approved', 'paid')
        group by 1, 2) t
  where b.municipality_id = municipality and b.year = t.budget_year and b.kind = t.kind;

  -- Five years of prize rounds, announced, with nominations, scores and a winner.
  insert into app.prize_rounds (id, municipality_id, year, title, status, opens_at, closes_at, announced_at)
  select bench.id('ffffffff', m, y), municipality, y,
         'Inkluderingsprisen ' || y, 'announced', make_date(y, 3, 1), make_date(y, 4, 1), make_date(y, 6, 1)
  from generate_series(this_year - 5, this_year - 1) y;

  insert into app.prize_criteria (round_id, position, title, weight)
  select r.id, c.position, c.title, c.weight
  from app.prize_rounds r
  cross join (values (1, 'Åpenhet for alle', 2), (2, 'Varig deltakelse', 1)) as c (position, title, weight)
  where r.municipality_id = municipality;

  insert into app.prize_jurors (round_id, user_id)
  select id, admin from app.prize_rounds where municipality_id = municipality;

  -- Nominees among the first 95 % of the clubs (almost all of them verified partners).
  insert into app.nominations (round_id, organisation_id, nominator_name, nominator_email, relation, reasons, status, confirmed_at)
  select r.id, bench.id('99999999', m, 1 + (r.year * 31 + i * 17) % greatest(1, organisations * 95 / 100)),
         'Nominator ' || i, 'nominator' || i || '-' || r.year || '@example.test', 'Forelder', '{"åpenhet": "Alle er velkomne"}',
         'eligible', now()
  from app.prize_rounds r, generate_series(1, 40) i
  where r.municipality_id = municipality
  on conflict do nothing;

  insert into app.prize_scores (round_id, organisation_id, juror_id, criterion_id, score)
  select n.round_id, n.organisation_id, admin, c.id, 1 + floor(bench.rand(n.organisation_id::text || c.id::text) * 5)::int
  from (select distinct n.round_id, n.organisation_id
        from app.nominations n join app.prize_rounds r on r.id = n.round_id
        where r.municipality_id = municipality) n
  join app.prize_criteria c on c.round_id = n.round_id;

  insert into app.prize_winners (round_id, organisation_id, citation)
  select distinct on (n.round_id) n.round_id, n.organisation_id, 'For å ha åpnet dørene for alle.'
  from app.nominations n join app.prize_rounds r on r.id = n.round_id
  where r.municipality_id = municipality
  order by n.round_id, n.organisation_id;
end
$$;

-- What the triggers (off while loading) would have kept, rebuilt for every row, and
-- attendance's indexes built again.
create function bench.finish_load() returns void
language plpgsql
as $$
declare
  definition text;
begin
  perform app.recount_claim_totals(array_agg(id)) from app.municipalities;
  insert into app.list_totals (list, municipality_id, total)
  select 'participants', municipality_id, count(*) from app.participants group by municipality_id
  union all
  select 'placements', municipality_id, count(*) from app.placements group by municipality_id
  on conflict (list, municipality_id) do update set total = excluded.total;
  perform set_config('session_replication_role', 'origin', false);
  update app.municipalities set name = name where false;  -- the municipality list's statement trigger

  delete from app.catalogue_tags;
  insert into app.catalogue_tags (tag, activities)
  select t, count(*) from app.activities a, unnest(a.adaptation_tags) t where a.is_public group by t;
  perform app.recount_catalogue(array_agg(id)) from app.municipalities;
  for definition in select d.definition from bench.dropped_indexes d loop
    execute definition;
  end loop;
end
$$;

-- The kept rows of one municipality's activities, placements and participants, rebuilt after
-- finish_load, each municipality in a transaction of its own: the rebuilds lock every row
-- they build, and all of Norway's at once would not fit in the lock table.
create function bench.rebuild_items(municipality uuid) returns void
language plpgsql
as $$
begin
  perform app.refresh_catalogue_items(array_agg(id)) from app.activities where municipality_id = municipality;
  perform app.refresh_placement_items(array_agg(id)) from app.placements where municipality_id = municipality;
  perform app.refresh_participant_items(array_agg(id)) from app.participants where municipality_id = municipality;
  perform app.refresh_placement_choices(array_agg(id)) from app.activities where municipality_id = municipality;
end
$$;
