-- The yearly inclusion prize (inkluderingspris): rounds with weighted criteria, open
-- nominations, screening, a blind jury and the public roll of honour.
--
-- Rules: R8 (nominations only while the round is open, one per e-mail, organisation and
-- round; conflicted jurors cannot score; blind scoring until the announcement), R9 (staff see
-- only their own municipality's rounds) and R12 (refusals name the field).
--
-- Read after 40_claims.sql (it uses municipalities, staff, organisations, invitations, the
-- mail outbox and the audit trigger of the earlier files), before 60_insight.sql. Inside:
-- types, tables, helpers, triggers, policies, juror invitations, then the API by use case.

------------------------------------------------------------------------------------------
-- Types
------------------------------------------------------------------------------------------
create type app.round_status as enum ('draft', 'open', 'judging', 'announced');

create type app.screening_status as enum ('submitted', 'eligible', 'ineligible');

------------------------------------------------------------------------------------------
-- Tables
------------------------------------------------------------------------------------------
create table app.prize_rounds (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references app.municipalities (id),
  year int not null check (year between 2000 and 2100),
  title text not null check (length(trim(title)) between 1 and 200),
  prize_description text not null default '' check (length(prize_description) <= 2000),
  status app.round_status not null default 'draft',
  opens_at timestamptz not null,
  closes_at timestamptz not null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  announced_at timestamptz,
  unique (municipality_id, year),
  constraint window_in_order check (closes_at > opens_at)
);
grant select on app.prize_rounds to anon, authenticated;
grant insert, update on app.prize_rounds to authenticated;

create table app.prize_criteria (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  position int not null,
  title text not null check (length(trim(title)) between 1 and 200),
  description text not null default '' check (length(description) <= 1000),
  weight int not null check (weight between 1 and 10),
  unique (round_id, position)
);
grant select on app.prize_criteria to anon, authenticated;
grant insert, delete on app.prize_criteria to authenticated;

create table app.prize_jurors (
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  added_at timestamptz not null default now(),
  primary key (round_id, user_id)
);
grant insert, delete on app.prize_jurors to authenticated;
grant select on app.prize_jurors to authenticated;

create index prize_jurors_user_idx on app.prize_jurors (user_id);

create table app.nominations (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  organisation_id uuid not null references app.organisations (id),
  nominator_name text not null check (length(trim(nominator_name)) between 2 and 120),
  nominator_email text not null check (nominator_email = lower(nominator_email) and nominator_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'
                                        and length(nominator_email) <= 320),
  relation text not null default '' check (length(relation) <= 200),
  -- Reasons per criterion: {"<criterion id>": "text"}.
  reasons jsonb not null default '{}' check (app.json_texts_within(reasons, 2000)),
  nominator_user_id uuid references auth.users (id) on delete set null,
  -- Anonymous nominations count only once the nominator confirmed the e-mail address.
  confirmation_token_hash text unique,
  confirmed_at timestamptz,
  status app.screening_status not null default 'submitted',
  screening_reason text check (length(screening_reason) <= 2000),
  created_at timestamptz not null default now(),
  -- The nomination form's key, which tells the same form posted twice (a double click) from a
  -- second nomination by the same address.
  submission_key uuid,
  -- R8: the same e-mail nominates an organisation at most once per round.
  constraint one_nomination_per_email unique (round_id, organisation_id, nominator_email)
);
grant select on app.nominations to authenticated;
grant update on app.nominations to authenticated;

create index nominations_round_idx on app.nominations (round_id, organisation_id);

-- R8: a juror's declared conflict of interest with a nominee.
create table app.prize_conflicts (
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  juror_id uuid not null references auth.users (id) on delete cascade,
  organisation_id uuid not null references app.organisations (id),
  reason text not null default '' check (length(reason) <= 1000),
  declared_at timestamptz not null default now(),
  primary key (round_id, juror_id, organisation_id)
);
grant select on app.prize_conflicts to authenticated;
grant insert on app.prize_conflicts to authenticated;

-- Nominations of one organisation are judged together: scores are per nominee.
create table app.prize_scores (
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  organisation_id uuid not null references app.organisations (id),
  juror_id uuid not null references auth.users (id) on delete cascade,
  criterion_id uuid not null references app.prize_criteria (id) on delete cascade,
  score int not null check (score between 1 and 5),
  comment text not null default '' check (length(comment) <= 1000),
  scored_at timestamptz not null default now(),
  primary key (round_id, organisation_id, juror_id, criterion_id)
);
grant select on app.prize_scores to authenticated;
grant insert, update on app.prize_scores to authenticated;
grant delete on app.prize_scores to authenticated;

create table app.prize_winners (
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  organisation_id uuid not null references app.organisations (id),
  citation text not null check (length(trim(citation)) between 1 and 2000),
  primary key (round_id, organisation_id)
);
grant select on app.prize_winners to anon, authenticated;
grant insert on app.prize_winners to authenticated;

------------------------------------------------------------------------------------------
-- Helpers
------------------------------------------------------------------------------------------
-- Security definer so that policies and triggers can ask about a round without passing
-- through the policies of the tables these read.
create function app.is_round_staff(round uuid, wanted app.staff_role default null) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.prize_rounds r where r.id = round and app.is_staff(r.municipality_id, wanted))
$$;
grant execute on function app.is_round_staff(uuid, app.staff_role) to anon, authenticated, service_role;

create function app.is_juror(round uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.prize_jurors j where j.round_id = round and j.user_id = (select auth.uid()))
$$;
grant execute on function app.is_juror(uuid) to anon, authenticated, service_role;

-- R8: the caller sits, or sat, on the round's jury: a juror now, or someone who scored in it
-- (leaving the jury does not open the ranking to them). Whatever other role they hold, they
-- see no ranking and no other juror's score before the announcement. Definer, because the
-- scores' own policy asks it.
create function app.is_on_jury(round uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return exists (select 1 from app.prize_jurors j where j.round_id = round and j.user_id = (select auth.uid()))
      or exists (select 1 from app.prize_scores s where s.round_id = round and s.juror_id = (select auth.uid()));
end
$$;
grant execute on function app.is_on_jury(uuid) to authenticated, service_role;

-- R8: a juror may not score an organisation they belong to or declared a conflict with.
create function app.juror_is_conflicted(round uuid, juror uuid, organisation uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.memberships m where m.organisation_id = organisation and m.user_id = juror)
      or exists (select 1 from app.prize_conflicts c
                  where c.round_id = round and c.juror_id = juror and c.organisation_id = organisation)
$$;
grant execute on function app.juror_is_conflicted(uuid, uuid, uuid) to anon, authenticated, service_role;

create function app.round_status(round uuid) returns app.round_status
language sql stable security definer
set search_path = ''
as $$ select status from app.prize_rounds where id = round $$;
grant execute on function app.round_status(uuid) to anon, authenticated, service_role;

------------------------------------------------------------------------------------------
-- Triggers: score checks and the audit trail
------------------------------------------------------------------------------------------
-- R8: a score is given only while the round is judging, by a juror without a conflict, to an
-- eligible nominee, whichever way it is written.
create function app.check_score() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if app.round_status(new.round_id) <> 'judging' then
    perform app.refuse('round_not_judging');
  end if;
  if app.juror_is_conflicted(new.round_id, new.juror_id, new.organisation_id) then
    perform app.refuse('juror_conflicted');
  end if;
  if not exists (select 1 from app.nominations n where n.round_id = new.round_id
                   and n.organisation_id = new.organisation_id and n.status = 'eligible') then
    perform app.refuse('nominee_not_eligible');
  end if;
  return new;
end
$$;

create trigger prize_scores_check before insert or update on app.prize_scores
  for each row execute function app.check_score();

create trigger prize_rounds_audit after insert or update on app.prize_rounds
  for each row execute function app.record_audit_event();

create trigger nominations_audit after insert or update on app.nominations
  for each row execute function app.record_audit_event('nominator_name', 'nominator_email', 'reasons');

create trigger prize_conflicts_audit after insert on app.prize_conflicts
  for each row execute function app.record_audit_event();

------------------------------------------------------------------------------------------
-- Policies
------------------------------------------------------------------------------------------
create policy "Published rounds are public" on app.prize_rounds
  for select to anon, authenticated using (status <> 'draft');

create policy "Staff read their municipality's rounds" on app.prize_rounds
  for select to authenticated using (municipality_id in (select app.my_municipalities()));

create policy "Municipality admins create rounds" on app.prize_rounds
  for insert to authenticated with check (app.is_staff(municipality_id, 'admin'));

create policy "Municipality admins run rounds" on app.prize_rounds
  for update to authenticated using (app.is_staff(municipality_id, 'admin')) with check (app.is_staff(municipality_id, 'admin'));

create policy "Criteria of published rounds are public" on app.prize_criteria
  for select to anon, authenticated using (app.round_status(round_id) <> 'draft' or app.is_round_staff(round_id));

create policy "Municipality admins set criteria" on app.prize_criteria
  for all to authenticated using (app.is_round_staff(round_id, 'admin')) with check (app.is_round_staff(round_id, 'admin'));

create policy "Jurors are read by the round's staff and the jurors themselves" on app.prize_jurors
  for select to authenticated using (app.is_round_staff(round_id) or user_id = (select auth.uid()));

create policy "Municipality admins appoint jurors" on app.prize_jurors
  for all to authenticated using (app.is_round_staff(round_id, 'admin')) with check (app.is_round_staff(round_id, 'admin'));

create policy "Staff read and screen nominations" on app.nominations
  for select to authenticated using (app.is_round_staff(round_id));

create policy "Staff screen nominations" on app.nominations
  for update to authenticated using (app.is_round_staff(round_id)) with check (app.is_round_staff(round_id));

create policy "Jurors read confirmed, eligible nominations" on app.nominations
  for select to authenticated using (status = 'eligible' and app.is_juror(round_id));

create policy "Conflicts are read by the round's staff and the juror" on app.prize_conflicts
  for select to authenticated using (app.is_round_staff(round_id) or juror_id = (select auth.uid()));

create policy "Jurors declare their own conflicts" on app.prize_conflicts
  for insert to authenticated with check (juror_id = (select auth.uid()) and app.is_juror(round_id));

-- R8: blind scoring. A juror reads their own scores; everyone's once the round is announced.
-- The round's admins follow the ranking, unless they sit on its jury themselves.
create policy "Jurors read their own scores" on app.prize_scores
  for select to authenticated using (juror_id = (select auth.uid()));

create policy "Jurors read all scores after the round" on app.prize_scores
  for select to authenticated using (app.round_status(round_id) = 'announced' and app.is_juror(round_id));

create policy "The round's admins read all scores" on app.prize_scores
  for select to authenticated using (
    app.is_round_staff(round_id, 'admin') and (app.round_status(round_id) = 'announced' or not app.is_on_jury(round_id)));

create policy "Jurors score" on app.prize_scores
  for insert to authenticated with check (juror_id = (select auth.uid()) and app.is_juror(round_id));

create policy "Jurors change their own scores" on app.prize_scores
  for update to authenticated using (juror_id = (select auth.uid())) with check (juror_id = (select auth.uid()));

create policy "Winners are public" on app.prize_winners
  for select to anon, authenticated using (app.round_status(round_id) = 'announced' or app.is_round_staff(round_id));

create policy "Municipality admins name winners" on app.prize_winners
  for insert to authenticated with check (app.is_round_staff(round_id, 'admin'));

------------------------------------------------------------------------------------------
-- Juror invitations: jurors may be invited by e-mail, like organisation members and staff.
------------------------------------------------------------------------------------------
alter table app.invitations add constraint invitations_prize_round_fkey
  foreign key (prize_round_id) references app.prize_rounds (id) on delete cascade;

create policy "Municipality admins invite jurors" on app.invitations
  for insert to authenticated with check (prize_round_id is not null and app.is_round_staff(prize_round_id, 'admin'));

create policy "Municipality admins read juror invitations" on app.invitations
  for select to authenticated using (prize_round_id is not null and app.is_round_staff(prize_round_id, 'admin'));

------------------------------------------------------------------------------------------
-- API: rounds and jurors (municipality admin)
------------------------------------------------------------------------------------------
create function api.prize_rounds(municipality_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id);
  return jsonb_build_object(
    'municipality', app.municipality_ref(prize_rounds.municipality_id),
    'is_admin', app.is_staff(municipality_id, 'admin'),
    'rounds', (select coalesce(jsonb_agg(jsonb_build_object(
                 'id', r.id, 'year', r.year, 'title', r.title, 'status', r.status, 'opens_at', r.opens_at,
                 'closes_at', r.closes_at,
                 'nominations', (select count(*) from app.nominations n where n.round_id = r.id and n.confirmed_at is not null))
                 order by r.year desc), '[]')
               from app.prize_rounds r where r.municipality_id = prize_rounds.municipality_id));
end
$$;
grant execute on function api.prize_rounds(uuid) to authenticated;

-- Creates (round_id null) or changes a round while it is a draft. `criteria` is a JSON
-- array of {title, description, weight 1–10}, in order.
create function api.save_prize_round(
  municipality_id uuid,
  year int,
  title text,
  opens_at timestamptz,
  closes_at timestamptz,
  criteria jsonb,
  prize_description text default '',
  round_id uuid default null
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  saved uuid;
begin
  perform app.require_staff(municipality_id, 'admin');
  if coalesce(trim(title), '') = '' then
    perform app.refuse('title_required', 'title');
  end if;
  perform app.check_period(opens_at, closes_at, 'opens_at', 'closes_at', false);
  if jsonb_typeof(criteria) <> 'array' or jsonb_array_length(criteria) = 0 or exists (
       select 1 from jsonb_array_elements(criteria) c
        where coalesce(trim(c ->> 'title'), '') = '' or (c ->> 'weight') !~ '^([1-9]|10)$') then
    perform app.refuse('criteria_invalid', 'criteria');
  end if;
  if round_id is null then
    if exists (select 1 from app.prize_rounds r where r.municipality_id = save_prize_round.municipality_id
                 and r.year = save_prize_round.year) then
      perform app.refuse('round_exists_for_year', 'year');
    end if;
    insert into app.prize_rounds (municipality_id, year, title, prize_description, opens_at, closes_at, created_by)
    values (municipality_id, year, trim(title), coalesce(trim(prize_description), ''), opens_at, closes_at, (select auth.uid()))
    returning id into saved;
  else
    update app.prize_rounds r
       set year = save_prize_round.year, title = trim(save_prize_round.title),
           prize_description = coalesce(trim(save_prize_round.prize_description), ''),
           opens_at = save_prize_round.opens_at, closes_at = save_prize_round.closes_at
     where r.id = save_prize_round.round_id and r.municipality_id = save_prize_round.municipality_id and r.status = 'draft'
    returning r.id into saved;
    if saved is null then
      perform app.refuse('round_not_draft');
    end if;
    delete from app.prize_criteria c where c.round_id = saved;
  end if;
  insert into app.prize_criteria (round_id, position, title, description, weight)
  select saved, c.position, trim(c.item ->> 'title'), coalesce(trim(c.item ->> 'description'), ''), (c.item ->> 'weight')::int
  from jsonb_array_elements(criteria) with ordinality as c (item, position);
  return saved;
end
$$;
grant execute on function api.save_prize_round(uuid, int, text, timestamptz, timestamptz, jsonb, text, uuid) to authenticated;

-- Opens a draft round or closes nominations by hand (the job does it on the dates).
create function api.advance_prize_round(round_id uuid) returns app.round_status
language plpgsql
set search_path = ''
as $$
declare
  round app.prize_rounds;
  next_status app.round_status;
begin
  select * into round from app.prize_rounds r where r.id = advance_prize_round.round_id for update;
  perform app.require_visible(found and app.is_staff(round.municipality_id, 'admin'));
  next_status := case round.status when 'draft' then 'open' when 'open' then 'judging' end;
  if next_status is null then
    perform app.refuse('round_cannot_advance');
  end if;
  update app.prize_rounds r set status = next_status where r.id = round.id;
  return next_status;
end
$$;
grant execute on function api.advance_prize_round(uuid) to authenticated;

-- Security definer: profiles of people outside the caller's municipality are not readable.
create function app.user_by_email(email text) returns uuid
language sql stable security definer
set search_path = ''
as $$ select user_id from app.profiles where email = lower(trim(user_by_email.email)) $$;
grant execute on function app.user_by_email(text) to authenticated;

-- Someone who already has an account and is added to a jury is told so by mail, with the
-- link to the scoring page (people without an account get the invitation instead).
create or replace function api.add_juror(round_id uuid, email text) returns text
language plpgsql
set search_path = ''
as $$
declare
  person uuid;
begin
  perform app.require_visible(app.is_round_staff(round_id, 'admin'));
  person := app.user_by_email(email);
  if person is not null then
    insert into app.prize_jurors (round_id, user_id) values (round_id, person) on conflict do nothing;
    if found then
      perform app.enqueue_mail(email, 'juror_added', jsonb_build_object(
        'round', (select r.title from app.prize_rounds r where r.id = add_juror.round_id), 'round_id', round_id));
    end if;
    return 'added';
  end if;
  perform app.create_invitation(email, null, null, null, null,
                                (select title from app.prize_rounds where id = round_id), round_id);
  return 'invited';
end
$$;
grant execute on function api.add_juror(uuid, text) to authenticated;

create function api.remove_juror(round_id uuid, user_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  delete from app.prize_jurors j where j.round_id = remove_juror.round_id and j.user_id = remove_juror.user_id
     and app.is_round_staff(j.round_id, 'admin');
  if not found then
    perform app.not_found();
  end if;
end
$$;
grant execute on function api.remove_juror(uuid, uuid) to authenticated;

-- Weighted mean score per eligible nominee: sum(score × weight) / sum(weight), over all
-- jurors' scores. Ties share a rank.
create function app.prize_ranking(round uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(r order by r.rank, r.name), '[]') from (
    select o.id as organisation_id, o.name,
           round(sum(s.score * c.weight)::numeric / nullif(sum(c.weight), 0), 2) as weighted_score,
           count(distinct s.juror_id) as jurors,
           rank() over (order by round(sum(s.score * c.weight)::numeric / nullif(sum(c.weight), 0), 2) desc nulls last) as rank
    from (select distinct organisation_id from app.nominations where round_id = round and status = 'eligible') n
    join app.organisations o on o.id = n.organisation_id
    left join app.prize_scores s on s.round_id = round and s.organisation_id = n.organisation_id
    left join app.prize_criteria c on c.id = s.criterion_id
    group by o.id, o.name
  ) r
$$;
grant execute on function app.prize_ranking(uuid) to authenticated;

-- How many nominees each juror has scored, for the round's admins: progress, not scores, so an
-- admin who sits on the jury sees it too. Definer, because R8 hides the scores themselves.
create function app.jury_progress(round uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(p.juror_id, p.scored), '{}')
  from (select s.juror_id, count(distinct s.organisation_id) as scored from app.prize_scores s
         where s.round_id = round and app.is_round_staff(round, 'admin') group by s.juror_id) p
$$;
grant execute on function app.jury_progress(uuid) to authenticated;

-- The round's page for staff: the round, its criteria, the jurors and their progress, and each
-- nominee's nominations (who, relation, reasons) so caseworkers screen them together. Admins
-- also get the municipality's staff to pick jurors from, the open jury invitations and the
-- ranking, unless they sit on the round's jury and it is not announced yet (R8): then
-- `ranking_hidden` says so.
create or replace function api.prize_round_admin(round_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  round app.prize_rounds;
  progress jsonb;
  ranking_hidden boolean;
begin
  select * into round from app.prize_rounds r where r.id = prize_round_admin.round_id;
  perform app.require_visible(found and app.is_staff(round.municipality_id));
  progress := app.jury_progress(round.id);
  ranking_hidden := round.status <> 'announced' and app.is_on_jury(round.id);
  return jsonb_build_object(
    'round', to_jsonb(round) - 'created_by',
    'municipality', app.municipality_ref(round.municipality_id),
    'is_admin', app.is_staff(round.municipality_id, 'admin'),
    'criteria', (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'title', c.title, 'description', c.description,
                                                              'weight', c.weight) order by c.position), '[]')
                 from app.prize_criteria c where c.round_id = round.id),
    'jurors', (select coalesce(jsonb_agg(jsonb_build_object(
                 'user_id', j.user_id, 'display_name', p.display_name, 'email', p.email,
                 'scored', coalesce((progress ->> j.user_id::text)::int, 0),
                 'conflicts', (select count(*) from app.prize_conflicts c where c.round_id = round.id and c.juror_id = j.user_id))
                 order by p.display_name), '[]')
               from app.prize_jurors j join app.profiles p on p.user_id = j.user_id where j.round_id = round.id),
    'staff', case when app.is_staff(round.municipality_id, 'admin') then
               (select coalesce(jsonb_agg(distinct jsonb_build_object('user_id', p.user_id, 'display_name', p.display_name,
                                                                       'email', p.email)), '[]')
                from app.staff s join app.profiles p on p.user_id = s.user_id
                where s.municipality_id = round.municipality_id) end,
    'invitations', case when app.is_staff(round.municipality_id, 'admin') then
                     (select coalesce(jsonb_agg(jsonb_build_object('email', i.email, 'expires_at', i.expires_at)
                                                order by i.email), '[]')
                      from app.invitations i
                      where i.prize_round_id = round.id and i.accepted_at is null and i.expires_at > now()) end,
    'nominees', (select coalesce(jsonb_agg(jsonb_build_object(
                   'organisation_id', o.id, 'name', o.name, 'status', n.status, 'screening_reason', n.screening_reason,
                   'nominations', n.nominations, 'details', n.details) order by o.name), '[]')
                 from (select organisation_id, count(*) as nominations,
                              (array_agg(status order by created_at desc))[1] as status,
                              (array_agg(screening_reason order by created_at desc))[1] as screening_reason,
                              jsonb_agg(jsonb_build_object('nominator_name', nominator_name, 'relation', relation,
                                                           'reasons', reasons, 'created_at', created_at)
                                        order by created_at) as details
                       from app.nominations where nominations.round_id = round.id and confirmed_at is not null
                       group by organisation_id) n
                 join app.organisations o on o.id = n.organisation_id),
    'ranking', case when app.is_staff(round.municipality_id, 'admin') and not ranking_hidden then app.prize_ranking(round.id) end,
    'ranking_hidden', app.is_staff(round.municipality_id, 'admin') and ranking_hidden,
    'winners', (select coalesce(jsonb_agg(jsonb_build_object('organisation_id', w.organisation_id, 'citation', w.citation)), '[]')
                from app.prize_winners w where w.round_id = round.id));
end
$$;
grant execute on function api.prize_round_admin(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- API: nominating (anyone)
------------------------------------------------------------------------------------------

-- The open rounds and the organisations one can nominate in each.
create function api.nomination_form(round_id uuid default null) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('rounds', coalesce(jsonb_agg(jsonb_build_object(
    'id', r.id, 'title', r.title, 'year', r.year, 'closes_at', r.closes_at, 'prize_description', r.prize_description,
    'municipality', (select name from app.municipalities where id = r.municipality_id),
    'criteria', (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'title', c.title, 'description', c.description)
                                           order by c.position), '[]') from app.prize_criteria c where c.round_id = r.id),
    'organisations', (select coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'name', o.name) order by o.name), '[]')
                      from app.partnerships p join app.organisations o on o.id = p.organisation_id
                      where p.municipality_id = r.municipality_id and p.status = 'verified'))
    order by r.closes_at), '[]'))
  from app.prize_rounds r
  where r.status = 'open' and now() between r.opens_at and r.closes_at
    and (nomination_form.round_id is null or r.id = nomination_form.round_id)
$$;
grant execute on function api.nomination_form(uuid) to anon, authenticated;

-- Definer: anonymous visitors nominate, and the nominated organisation's admins are told
-- (not by whom) once the nomination counts. R8: only while the round is open; one
-- nomination per e-mail, organisation and round. `website` is a honeypot that people
-- leave empty; a filled one is answered as if accepted and stored nowhere.
-- R8 refuses a second nomination of the organisation by the same address; the same form posted
-- twice (its submission key) answers as the first post did instead.
create function api.nominate(
  round_id uuid,
  organisation_id uuid,
  nominator_name text,
  nominator_email text,
  relation text default '',
  reasons jsonb default '{}',
  website text default null,
  submission_key uuid default null
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  round app.prize_rounds;
  caller uuid := (select auth.uid());
  address text := lower(trim(nominator_email));
  signed_in_with_address boolean;
  token text := app.new_token();
  nomination uuid;
  earlier app.nominations;
begin
  if coalesce(website, '') <> '' then
    return jsonb_build_object('needs_confirmation', true);
  end if;
  select * into round from app.prize_rounds r where r.id = nominate.round_id;
  if not found or round.status <> 'open' or now() not between round.opens_at and round.closes_at then
    perform app.refuse('nominations_closed');
  end if;
  if not exists (select 1 from app.partnerships p where p.organisation_id = nominate.organisation_id
                   and p.municipality_id = round.municipality_id and p.status = 'verified') then
    perform app.refuse('organisation_not_eligible', 'organisation_id');
  end if;
  if coalesce(length(trim(nominator_name)), 0) < 2 then
    perform app.refuse('name_required', 'nominator_name');
  end if;
  if address is null or address !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    perform app.refuse('email_invalid', 'nominator_email');
  end if;
  if jsonb_typeof(reasons) <> 'object' or not exists (select 1 from jsonb_each_text(reasons) r where trim(r.value) <> '') then
    perform app.refuse('reasons_required', 'reasons');
  end if;
  -- Spam brake per address: a person nominates a handful, not hundreds, in an hour.
  if (select count(*) from app.nominations n where n.nominator_email = address and n.created_at > now() - interval '1 hour') >= 10 then
    perform app.refuse('too_many_nominations');
  end if;
  signed_in_with_address := caller is not null and exists (select 1 from app.profiles where user_id = caller and email = address);
  insert into app.nominations (round_id, organisation_id, nominator_name, nominator_email, relation, reasons,
                               nominator_user_id, confirmation_token_hash, confirmed_at, submission_key)
  values (round.id, organisation_id, trim(nominator_name), address, coalesce(trim(relation), ''), reasons, caller,
          case when signed_in_with_address then null else app.token_hash(token) end,
          case when signed_in_with_address then now() end, submission_key)
  on conflict on constraint one_nomination_per_email do nothing
  returning id into nomination;
  if nomination is null then
    select * into earlier from app.nominations n
     where n.round_id = round.id and n.organisation_id = nominate.organisation_id and n.nominator_email = address;
    if earlier.submission_key = nominate.submission_key then
      return jsonb_build_object('needs_confirmation', earlier.confirmed_at is null);
    end if;
    perform app.refuse('already_nominated', 'organisation_id');
  end if;
  if signed_in_with_address then
    perform app.mail_organisation_admins(organisation_id, 'nomination_received', jsonb_build_object('round', round.title));
  else
    perform app.enqueue_mail(address, 'nomination_confirm', jsonb_build_object('token', token, 'round', round.title,
      'organisation', (select name from app.organisations where id = organisation_id)));
  end if;
  return jsonb_build_object('needs_confirmation', not signed_in_with_address);
end
$$;
grant execute on function api.nominate(uuid, uuid, text, text, text, jsonb, text, uuid) to anon, authenticated;

-- Definer: the link in the e-mail is the permission.
create function api.confirm_nomination(token text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  nomination app.nominations;
begin
  update app.nominations n set confirmed_at = now()
   where n.confirmation_token_hash = app.token_hash(token) and n.confirmed_at is null
  returning * into nomination;
  if nomination.id is null then
    if exists (select 1 from app.nominations n where n.confirmation_token_hash = app.token_hash(token)) then
      return jsonb_build_object('state', 'already_confirmed');
    end if;
    perform app.not_found();
  end if;
  perform app.mail_organisation_admins(nomination.organisation_id, 'nomination_received',
    jsonb_build_object('round', (select title from app.prize_rounds where id = nomination.round_id)));
  return jsonb_build_object('state', 'confirmed',
    'organisation', (select name from app.organisations where id = nomination.organisation_id));
end
$$;
grant execute on function api.confirm_nomination(text) to anon, authenticated;

------------------------------------------------------------------------------------------
-- API: screening (staff) and judging (jurors)
------------------------------------------------------------------------------------------

-- All nominations of one organisation in a round are screened together.
create function api.screen_nominee(round_id uuid, organisation_id uuid, eligible boolean, reason text default null)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_visible(app.is_round_staff(round_id));
  if not eligible and coalesce(trim(reason), '') = '' then
    perform app.refuse('reason_required', 'reason');
  end if;
  update app.nominations n
     set status = case when eligible then 'eligible' else 'ineligible' end::app.screening_status,
         screening_reason = nullif(trim(reason), '')
   where n.round_id = screen_nominee.round_id and n.organisation_id = screen_nominee.organisation_id
     and n.confirmed_at is not null;
  if not found then
    perform app.not_found();
  end if;
end
$$;
grant execute on function api.screen_nominee(uuid, uuid, boolean, text) to authenticated;

create function api.juror_round(round_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  round app.prize_rounds;
  caller uuid := app.require_user();
begin
  select * into round from app.prize_rounds r where r.id = juror_round.round_id;
  if not found or not app.is_juror(round.id) then
    perform app.not_found();
  end if;
  return jsonb_build_object(
    'round', jsonb_build_object('id', round.id, 'title', round.title, 'year', round.year, 'status', round.status),
    'criteria', (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'title', c.title, 'description', c.description,
                                                              'weight', c.weight) order by c.position), '[]')
                 from app.prize_criteria c where c.round_id = round.id),
    'nominees', (select coalesce(jsonb_agg(jsonb_build_object(
                   'organisation_id', o.id, 'name', o.name,
                   'conflicted', app.juror_is_conflicted(round.id, caller, o.id),
                   'member', exists (select 1 from app.memberships m where m.organisation_id = o.id and m.user_id = caller),
                   'nominations', (select jsonb_agg(jsonb_build_object('relation', n.relation, 'reasons', n.reasons))
                                   from app.nominations n where n.round_id = round.id and n.organisation_id = o.id
                                     and n.status = 'eligible'),
                   'my_scores', (select coalesce(jsonb_object_agg(s.criterion_id, jsonb_build_object('score', s.score, 'comment', s.comment)), '{}')
                                 from app.prize_scores s where s.round_id = round.id and s.organisation_id = o.id
                                   and s.juror_id = caller))
                   order by o.name), '[]')
                 from (select distinct n.organisation_id from app.nominations n
                        where n.round_id = round.id and n.status = 'eligible') e
                 join app.organisations o on o.id = e.organisation_id),
    -- R8: what the other jurors gave is shown only once the round is announced.
    'all_scores', case when round.status = 'announced' then
                    (select coalesce(jsonb_agg(jsonb_build_object('organisation_id', s.organisation_id,
                                                                  'criterion_id', s.criterion_id, 'score', s.score)), '[]')
                     from app.prize_scores s where s.round_id = round.id) end);
end
$$;
grant execute on function api.juror_round(uuid) to authenticated;

create function api.declare_conflict(round_id uuid, organisation_id uuid, reason text default '') returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_visible(app.is_juror(round_id));
  insert into app.prize_conflicts (round_id, juror_id, organisation_id, reason)
  values (round_id, (select auth.uid()), organisation_id, coalesce(trim(reason), ''))
  on conflict do nothing;
  -- Scores the juror gave this nominee before declaring the conflict do not count.
  delete from app.prize_scores s where s.round_id = declare_conflict.round_id
     and s.organisation_id = declare_conflict.organisation_id and s.juror_id = (select auth.uid());
end
$$;
grant execute on function api.declare_conflict(uuid, uuid, text) to authenticated;

-- api.declare_conflict runs as the juror, so its delete needs this policy.
create policy "Jurors withdraw their own scores" on app.prize_scores
  for delete to authenticated using (juror_id = (select auth.uid()));

-- `scores` is a JSON array of {criterion_id, score 1–5, comment}.
create function api.score_nominee(round_id uuid, organisation_id uuid, scores jsonb) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_visible(app.is_juror(round_id));
  if jsonb_typeof(scores) <> 'array' or exists (
       select 1 from jsonb_array_elements(scores) s
        where (s ->> 'score') !~ '^[1-5]$'
           or not exists (select 1 from app.prize_criteria c where c.id = (s ->> 'criterion_id')::uuid
                            and c.round_id = score_nominee.round_id)) then
    perform app.refuse('scores_invalid', 'scores');
  end if;
  insert into app.prize_scores (round_id, organisation_id, juror_id, criterion_id, score, comment)
  select round_id, organisation_id, (select auth.uid()), (s ->> 'criterion_id')::uuid, (s ->> 'score')::int,
         coalesce(trim(s ->> 'comment'), '')
  from jsonb_array_elements(scores) s
  on conflict on constraint prize_scores_pkey do update
    set score = excluded.score, comment = excluded.comment, scored_at = now();
end
$$;
grant execute on function api.score_nominee(uuid, uuid, jsonb) to authenticated;

create function api.my_jury_rounds() returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'title', r.title, 'year', r.year, 'status', r.status,
                                               'municipality', (select name from app.municipalities where id = r.municipality_id))
                            order by r.year desc), '[]')
  from app.prize_jurors j join app.prize_rounds r on r.id = j.round_id
  where j.user_id = (select auth.uid())
$$;
grant execute on function api.my_jury_rounds() to authenticated;

------------------------------------------------------------------------------------------
-- API: announcing the winners and the public roll of honour
------------------------------------------------------------------------------------------
-- Announces the winners (one or several, each with a citation) and ends the round.
create function api.announce_winners(round_id uuid, winners jsonb) returns void
language plpgsql
set search_path = ''
as $$
declare
  round app.prize_rounds;
begin
  select * into round from app.prize_rounds r where r.id = announce_winners.round_id for update;
  perform app.require_visible(found and app.is_staff(round.municipality_id, 'admin'));
  if round.status <> 'judging' then
    perform app.refuse('round_not_judging');
  end if;
  if jsonb_typeof(winners) <> 'array' or jsonb_array_length(winners) = 0 or exists (
       select 1 from jsonb_array_elements(winners) w
        where coalesce(trim(w ->> 'citation'), '') = ''
           or not exists (select 1 from app.nominations n where n.round_id = round.id and n.status = 'eligible'
                            and n.organisation_id = (w ->> 'organisation_id')::uuid)) then
    perform app.refuse('winners_invalid', 'winners');
  end if;
  insert into app.prize_winners (round_id, organisation_id, citation)
  select round.id, (w ->> 'organisation_id')::uuid, trim(w ->> 'citation') from jsonb_array_elements(winners) w;
  update app.prize_rounds r set status = 'announced', announced_at = now() where r.id = round.id;
  perform app.mail_organisation_admins((w ->> 'organisation_id')::uuid, 'prize_won',
                                       jsonb_build_object('round', round.title, 'citation', w ->> 'citation'))
  from jsonb_array_elements(winners) w;
end
$$;
grant execute on function api.announce_winners(uuid, jsonb) to authenticated;

-- The public roll of honour, newest first, optionally for one municipality.
create function api.roll_of_honour(municipality_number text default null) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'round_id', r.id, 'year', r.year, 'title', r.title, 'municipality', m.name,
    'winners', (select jsonb_agg(jsonb_build_object('organisation_id', o.id, 'name', o.name, 'citation', w.citation)
                                 order by o.name)
                from app.prize_winners w join app.organisations o on o.id = w.organisation_id where w.round_id = r.id))
    order by r.year desc, m.name), '[]')
  from app.prize_rounds r join app.municipalities m on m.id = r.municipality_id
  where r.status = 'announced'
    and (roll_of_honour.municipality_number is null or m.municipality_number = roll_of_honour.municipality_number)
$$;
grant execute on function api.roll_of_honour(text) to anon, authenticated;

------------------------------------------------------------------------------------------
-- Job: rounds open and close on their dates (scheduled in 70_jobs.sql). `at` is a parameter
-- so tests can move the clock.
------------------------------------------------------------------------------------------
create function api.run_prize_lifecycle(at timestamptz default now()) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  opened int;
  closed int;
begin
  with o as (update app.prize_rounds set status = 'open' where status = 'draft' and opens_at <= at and closes_at > at returning id)
  select count(*) into opened from o;
  with c as (update app.prize_rounds set status = 'judging' where status = 'open' and closes_at <= at returning id)
  select count(*) into closed from c;
  return jsonb_build_object('opened', opened, 'closed', closed);
end
$$;
grant execute on function api.run_prize_lifecycle(timestamptz) to service_role;

------------------------------------------------------------------------------------------
-- Profiles of jurors
------------------------------------------------------------------------------------------
-- Jurors invited from outside the municipality are not staff; this lets the round's staff see
-- their names in the juror list and progress.
create policy "The round's staff read their jurors' profiles" on app.profiles
  for select to authenticated using (
    user_id in (select j.user_id from app.prize_jurors j where app.is_round_staff(j.round_id)));
