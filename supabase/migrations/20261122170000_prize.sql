-- The yearly inclusion prize (inkluderingspris): rounds with weighted criteria, open
-- nominations, screening, a blind jury and the public roll of honour (R8).

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

create table app.prize_criteria (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  position int not null,
  title text not null check (length(trim(title)) between 1 and 200),
  description text not null default '' check (length(description) <= 1000),
  weight int not null check (weight between 1 and 10),
  unique (round_id, position)
);

create table app.prize_jurors (
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  added_at timestamptz not null default now(),
  primary key (round_id, user_id)
);
create index prize_jurors_user_idx on app.prize_jurors (user_id);

create table app.nominations (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  organisation_id uuid not null references app.organisations (id),
  nominator_name text not null check (length(trim(nominator_name)) between 2 and 120),
  nominator_email text not null check (nominator_email = lower(nominator_email) and nominator_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  relation text not null default '' check (length(relation) <= 200),
  -- Reasons per criterion: {"<criterion id>": "text"}.
  reasons jsonb not null default '{}',
  nominator_user_id uuid references auth.users (id) on delete set null,
  -- Anonymous nominations count only once the nominator confirmed the e-mail address.
  confirmation_token_hash text unique,
  confirmed_at timestamptz,
  status app.screening_status not null default 'submitted',
  screening_reason text,
  created_at timestamptz not null default now(),
  -- R8: the same e-mail nominates an organisation at most once per round.
  constraint one_nomination_per_email unique (round_id, organisation_id, nominator_email)
);
create index nominations_round_idx on app.nominations (round_id, organisation_id);

-- R8: a juror's declared conflict of interest with a nominee.
create table app.prize_conflicts (
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  juror_id uuid not null references auth.users (id) on delete cascade,
  organisation_id uuid not null references app.organisations (id),
  reason text not null default '',
  declared_at timestamptz not null default now(),
  primary key (round_id, juror_id, organisation_id)
);

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

create table app.prize_winners (
  round_id uuid not null references app.prize_rounds (id) on delete cascade,
  organisation_id uuid not null references app.organisations (id),
  citation text not null check (length(trim(citation)) between 1 and 2000),
  primary key (round_id, organisation_id)
);

------------------------------------------------------------------------------------------
-- Grants
------------------------------------------------------------------------------------------
grant select on app.prize_rounds, app.prize_criteria, app.prize_winners to anon, authenticated;
grant insert, update on app.prize_rounds to authenticated;
grant insert, delete on app.prize_criteria, app.prize_jurors to authenticated;
grant select on app.prize_jurors, app.nominations, app.prize_conflicts, app.prize_scores to authenticated;
grant update on app.nominations to authenticated;
grant insert on app.prize_conflicts, app.prize_winners to authenticated;
grant insert, update on app.prize_scores to authenticated;
grant all on app.prize_rounds, app.prize_criteria, app.prize_jurors, app.nominations, app.prize_conflicts,
  app.prize_scores, app.prize_winners to service_role;

------------------------------------------------------------------------------------------
-- Helpers
------------------------------------------------------------------------------------------
create function app.is_round_staff(round uuid, wanted app.staff_role default null) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.prize_rounds r where r.id = round and app.is_staff(r.municipality_id, wanted))
$$;

create function app.is_juror(round uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.prize_jurors j where j.round_id = round and j.user_id = (select auth.uid()))
$$;

-- R8: a juror may not score an organisation they belong to or declared a conflict with.
create function app.juror_is_conflicted(round uuid, juror uuid, organisation uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.memberships m where m.organisation_id = organisation and m.user_id = juror)
      or exists (select 1 from app.prize_conflicts c
                  where c.round_id = round and c.juror_id = juror and c.organisation_id = organisation)
$$;

create function app.round_status(round uuid) returns app.round_status
language sql stable security definer
set search_path = ''
as $$ select status from app.prize_rounds where id = round $$;

grant execute on function app.is_round_staff(uuid, app.staff_role), app.is_juror(uuid),
  app.juror_is_conflicted(uuid, uuid, uuid), app.round_status(uuid) to anon, authenticated, service_role;

------------------------------------------------------------------------------------------
-- Protective triggers
------------------------------------------------------------------------------------------
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
-- RLS
------------------------------------------------------------------------------------------
alter table app.prize_rounds enable row level security;
alter table app.prize_rounds force row level security;
alter table app.prize_criteria enable row level security;
alter table app.prize_criteria force row level security;
alter table app.prize_jurors enable row level security;
alter table app.prize_jurors force row level security;
alter table app.nominations enable row level security;
alter table app.nominations force row level security;
alter table app.prize_conflicts enable row level security;
alter table app.prize_conflicts force row level security;
alter table app.prize_scores enable row level security;
alter table app.prize_scores force row level security;
alter table app.prize_winners enable row level security;
alter table app.prize_winners force row level security;

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
-- The round's admins follow progress and the ranking.
create policy "Jurors read their own scores" on app.prize_scores
  for select to authenticated using (juror_id = (select auth.uid()));
create policy "Jurors read all scores after the round" on app.prize_scores
  for select to authenticated using (app.round_status(round_id) = 'announced' and app.is_juror(round_id));
create policy "The round's admins read all scores" on app.prize_scores
  for select to authenticated using (app.is_round_staff(round_id, 'admin'));
create policy "Jurors score" on app.prize_scores
  for insert to authenticated with check (juror_id = (select auth.uid()) and app.is_juror(round_id));
create policy "Jurors change their own scores" on app.prize_scores
  for update to authenticated using (juror_id = (select auth.uid())) with check (juror_id = (select auth.uid()));

create policy "Winners are public" on app.prize_winners
  for select to anon, authenticated using (app.round_status(round_id) = 'announced' or app.is_round_staff(round_id));
create policy "Municipality admins name winners" on app.prize_winners
  for insert to authenticated with check (app.is_round_staff(round_id, 'admin'));
