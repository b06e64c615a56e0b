-- Use cases for the inclusion prize.

------------------------------------------------------------------------------------------
-- Jurors may be invited by e-mail, like organisation members and staff.
------------------------------------------------------------------------------------------
alter table app.invitations add constraint invitations_prize_round_fkey
  foreign key (prize_round_id) references app.prize_rounds (id) on delete cascade;
create policy "Municipality admins invite jurors" on app.invitations
  for insert to authenticated with check (prize_round_id is not null and app.is_round_staff(prize_round_id, 'admin'));
create policy "Municipality admins read juror invitations" on app.invitations
  for select to authenticated using (prize_round_id is not null and app.is_round_staff(prize_round_id, 'admin'));

------------------------------------------------------------------------------------------
-- Rounds (municipality admin)
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
  if opens_at is null then
    perform app.refuse('date_required', 'opens_at');
  end if;
  if closes_at is null or closes_at <= opens_at then
    perform app.refuse('period_out_of_order', 'closes_at');
  end if;
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
  perform app.require_user();
  select * into round from app.prize_rounds r where r.id = advance_prize_round.round_id for update;
  if not found or not app.is_staff(round.municipality_id, 'admin') then
    perform app.not_found();
  end if;
  next_status := case round.status when 'draft' then 'open' when 'open' then 'judging' end;
  if next_status is null then
    perform app.refuse('round_cannot_advance');
  end if;
  update app.prize_rounds r set status = next_status where r.id = round.id;
  return next_status;
end
$$;
grant execute on function api.advance_prize_round(uuid) to authenticated;

create function app.user_by_email(email text) returns uuid
language sql stable security definer
set search_path = ''
as $$ select user_id from app.profiles where email = lower(trim(user_by_email.email)) $$;
grant execute on function app.user_by_email(text) to authenticated;

-- Appoints a juror by e-mail: a person with an account at once, anyone else by invitation.
create function api.add_juror(round_id uuid, email text) returns text
language plpgsql
set search_path = ''
as $$
declare
  person uuid;
begin
  perform app.require_user();
  if not app.is_round_staff(round_id, 'admin') then
    perform app.not_found();
  end if;
  -- Profiles of people outside the municipality are not readable; a definer looks them up.
  person := app.user_by_email(email);
  if person is not null then
    insert into app.prize_jurors (round_id, user_id) values (round_id, person) on conflict do nothing;
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

create function api.prize_round_admin(round_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  round app.prize_rounds;
begin
  perform app.require_user();
  select * into round from app.prize_rounds r where r.id = prize_round_admin.round_id;
  if not found or not app.is_staff(round.municipality_id) then
    perform app.not_found();
  end if;
  return jsonb_build_object(
    'round', to_jsonb(round) - 'created_by',
    'is_admin', app.is_staff(round.municipality_id, 'admin'),
    'criteria', (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'title', c.title, 'description', c.description,
                                                              'weight', c.weight) order by c.position), '[]')
                 from app.prize_criteria c where c.round_id = round.id),
    'jurors', (select coalesce(jsonb_agg(jsonb_build_object(
                 'user_id', j.user_id, 'display_name', p.display_name, 'email', p.email,
                 'scored', (select count(distinct s.organisation_id) from app.prize_scores s
                             where s.round_id = round.id and s.juror_id = j.user_id),
                 'conflicts', (select count(*) from app.prize_conflicts c where c.round_id = round.id and c.juror_id = j.user_id))
                 order by p.display_name), '[]')
               from app.prize_jurors j join app.profiles p on p.user_id = j.user_id where j.round_id = round.id),
    'nominees', (select coalesce(jsonb_agg(jsonb_build_object(
                   'organisation_id', o.id, 'name', o.name, 'status', n.status, 'screening_reason', n.screening_reason,
                   'nominations', n.nominations) order by o.name), '[]')
                 from (select organisation_id, count(*) as nominations,
                              (array_agg(status order by created_at desc))[1] as status,
                              (array_agg(screening_reason order by created_at desc))[1] as screening_reason,
                              jsonb_agg(jsonb_build_object('nominator_name', nominator_name, 'relation', relation,
                                                           'reasons', reasons, 'created_at', created_at)) as details
                       from app.nominations where nominations.round_id = round.id and confirmed_at is not null
                       group by organisation_id) n
                 join app.organisations o on o.id = n.organisation_id),
    'ranking', case when app.is_staff(round.municipality_id, 'admin') then app.prize_ranking(round.id) end,
    'winners', (select coalesce(jsonb_agg(jsonb_build_object('organisation_id', w.organisation_id, 'citation', w.citation)), '[]')
                from app.prize_winners w where w.round_id = round.id));
end
$$;
grant execute on function api.prize_round_admin(uuid) to authenticated;

------------------------------------------------------------------------------------------
-- Nominating (anyone)
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
create function api.nominate(
  round_id uuid,
  organisation_id uuid,
  nominator_name text,
  nominator_email text,
  relation text default '',
  reasons jsonb default '{}',
  website text default null
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
                               nominator_user_id, confirmation_token_hash, confirmed_at)
  values (round.id, organisation_id, trim(nominator_name), address, coalesce(trim(relation), ''), reasons, caller,
          case when signed_in_with_address then null else app.token_hash(token) end,
          case when signed_in_with_address then now() end)
  on conflict on constraint one_nomination_per_email do nothing
  returning id into nomination;
  if nomination is null then
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
grant execute on function api.nominate(uuid, uuid, text, text, text, jsonb, text) to anon, authenticated;

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
-- Screening (staff) and judging (jurors)
------------------------------------------------------------------------------------------

-- All nominations of one organisation in a round are screened together.
create function api.screen_nominee(round_id uuid, organisation_id uuid, eligible boolean, reason text default null)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  if not app.is_round_staff(round_id) then
    perform app.not_found();
  end if;
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
    -- R8: what the other jurors gave is shown only after the round left judging.
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
  perform app.require_user();
  if not app.is_juror(round_id) then
    perform app.not_found();
  end if;
  insert into app.prize_conflicts (round_id, juror_id, organisation_id, reason)
  values (round_id, (select auth.uid()), organisation_id, coalesce(trim(reason), ''))
  on conflict do nothing;
  -- Scores given before the conflict was declared no longer count.
  delete from app.prize_scores s where s.round_id = declare_conflict.round_id
     and s.organisation_id = declare_conflict.organisation_id and s.juror_id = (select auth.uid());
end
$$;
grant delete on app.prize_scores to authenticated;
create policy "Jurors withdraw their own scores" on app.prize_scores
  for delete to authenticated using (juror_id = (select auth.uid()));
grant execute on function api.declare_conflict(uuid, uuid, text) to authenticated;

-- `scores` is a JSON array of {criterion_id, score 1–5, comment}.
create function api.score_nominee(round_id uuid, organisation_id uuid, scores jsonb) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  if not app.is_juror(round_id) then
    perform app.not_found();
  end if;
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

-- Announces the winners (one or several, each with a citation) and ends the round.
create function api.announce_winners(round_id uuid, winners jsonb) returns void
language plpgsql
set search_path = ''
as $$
declare
  round app.prize_rounds;
begin
  perform app.require_user();
  select * into round from app.prize_rounds r where r.id = announce_winners.round_id for update;
  if not found or not app.is_staff(round.municipality_id, 'admin') then
    perform app.not_found();
  end if;
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

-- Job: rounds open and close on their dates. Run by the local stack; pg_cron on a hosted project.
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
