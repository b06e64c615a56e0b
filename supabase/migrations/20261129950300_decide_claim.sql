-- A claim decision without row-level security in the way (issue 9, docs/decisions/007).
--
-- api.decide_claim locks the claim and the budget and updates both, and each of those four
-- statements carried the policies of its table (for the locks and updates, the update
-- policies as well: seven subplans asking for the caller's municipalities and
-- organisations). It is now security definer and asks itself, in the statement that locks
-- the claim, what the policies asked: a claim that is not a draft, to a municipality where
-- the caller is staff. Anyone else is told the claim does not exist, as before, and takes no
-- lock. R5's row lock on the budget is unchanged.
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
     and exists (select 1 from app.staff s where s.municipality_id = c.municipality_id and s.user_id = caller)
   for update of c;
  if not found then
    perform app.not_found();
  end if;
  if claim.status <> 'submitted' then
    perform app.refuse('claim_not_awaiting_decision');
  end if;
  if decision = 'approved' then
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
           decision_reason = nullif(trim(reason), ''), over_limit_reason = nullif(trim(decide_claim.over_limit_reason), '')
     where c.id = claim.id;
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

-- Every decision, verification and invitation queues mail through these: as PL/pgSQL they
-- keep their plans per connection (a SQL function with `set search_path` is planned on
-- every call). Bodies unchanged.
create or replace function app.enqueue_mail(recipient text, template text, payload jsonb) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.outbox (recipient, template, payload) values (lower(recipient), template, payload);
end
$$;

create or replace function app.mail_organisation_admins(organisation uuid, template text, payload jsonb) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into app.outbox (recipient, template, payload)
  select p.email, template, payload
  from app.memberships m join app.profiles p on p.user_id = m.user_id
  where m.organisation_id = organisation and m.role = 'admin';
end
$$;
