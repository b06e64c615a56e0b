-- Use cases for claims, budgets and payments.

------------------------------------------------------------------------------------------
-- R3: the rules a claim must meet. Definer, because the organisation's admin must be able
-- to check a claim against the participant's other claims and the agreement, which they
-- may read only in part; it returns only the verdict.
------------------------------------------------------------------------------------------

-- How many fee periods (year, half-year, month) a claim period touches.
create function app.fee_periods(period app.fee_period, period_start date, period_end date) returns int
language sql immutable strict
set search_path = ''
as $$
  select ceil(((extract(year from period_end) - extract(year from period_start)) * 12
               + extract(month from period_end) - extract(month from period_start) + 1)
              / case period when 'year' then 12 when 'half_year' then 6 else 1 end)::int
$$;
grant execute on function app.fee_periods(app.fee_period, date, date) to authenticated, service_role;

-- {"rule": null} when the claim is within every limit; otherwise which rule it breaks, the
-- field it concerns, and the limit and what is used of it. `counted` lists the statuses of
-- the participant's other claims that count against the limits.
create function app.check_claim(claim app.claims, counted app.claim_status[]) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  placement app.placements;
  agreement app.agreements;
  activity app.activities;
  claim_date date := coalesce(claim.purchase_date, claim.period_start);
  date_field text := case when claim.kind = 'utstyr' then 'purchase_date' else 'period_start' end;
  allowed bigint;
  used bigint;
begin
  select * into placement from app.placements where id = claim.placement_id;
  select * into agreement from app.agreements where id = claim.agreement_id;
  select * into activity from app.activities where id = placement.activity_id;
  if agreement.status <> 'active' then
    return jsonb_build_object('rule', 'no_active_agreement', 'field', date_field);
  end if;
  if claim_date < placement.starts_on or coalesce(claim.period_end, claim_date) > coalesce(placement.ended_on, placement.ends_on)
     or claim_date < agreement.valid_from or claim_date > agreement.valid_to then
    return jsonb_build_object('rule', 'claim_outside_placement', 'field', date_field,
                              'starts_on', placement.starts_on, 'ends_on', coalesce(placement.ended_on, placement.ends_on));
  end if;
  if claim.kind = 'kontingent' then
    allowed := activity.fee_ore * app.fee_periods(activity.fee_period, claim.period_start, claim.period_end);
    used := 0;
    if claim.amount_ore > allowed then
      return jsonb_build_object('rule', 'kontingent_above_fee', 'field', 'amount', 'limit_ore', allowed, 'used_ore', used);
    end if;
  elsif claim.kind = 'utstyr' then
    allowed := agreement.equipment_cap_ore;
    select coalesce(sum(c.amount_ore), 0) into used
      from app.claims c join app.placements p on p.id = c.placement_id
     where p.participant_id = placement.participant_id and c.agreement_id = claim.agreement_id
       and c.kind = 'utstyr' and c.budget_year = claim.budget_year and c.id <> claim.id and c.status = any (counted);
    if used + claim.amount_ore > allowed then
      return jsonb_build_object('rule', 'equipment_cap_exceeded', 'field', 'amount', 'limit_ore', allowed, 'used_ore', used);
    end if;
  else
    allowed := agreement.compensation_ore;
    select coalesce(sum(c.amount_ore), 0) into used from app.claims c
     where c.placement_id = claim.placement_id and c.kind = 'godtgjorelse' and c.id <> claim.id and c.status = any (counted);
    if used + claim.amount_ore > allowed then
      return jsonb_build_object('rule', 'compensation_exceeded', 'field', 'amount', 'limit_ore', allowed, 'used_ore', used);
    end if;
  end if;
  return jsonb_build_object('rule', null, 'limit_ore', allowed, 'used_ore', used);
end
$$;
grant execute on function app.check_claim(app.claims, app.claim_status[]) to authenticated, service_role;

------------------------------------------------------------------------------------------
-- The organisation's side
------------------------------------------------------------------------------------------

-- What a new claim for a placement starts from: the fee, the terms, what is used this year.
create function api.claim_form(placement_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  placement app.placements;
begin
  perform app.require_user();
  select * into placement from app.placements p where p.id = claim_form.placement_id;
  if not found or not app.is_member(placement.organisation_id, 'admin') then
    perform app.not_found();
  end if;
  return jsonb_build_object(
    'placement', jsonb_build_object('id', placement.id, 'starts_on', placement.starts_on,
                                    'ends_on', coalesce(placement.ended_on, placement.ends_on), 'status', placement.status),
    'participant', app.participant_card(placement.id),
    'activity', (select jsonb_build_object('id', a.id, 'title', a.title, 'fee_ore', a.fee_ore, 'fee_period', a.fee_period)
                  from app.activities a where a.id = placement.activity_id),
    'agreement', (select jsonb_build_object('id', ag.id, 'status', ag.status, 'covered_fees', ag.covered_fees,
                                            'equipment_cap_ore', ag.equipment_cap_ore, 'compensation_ore', ag.compensation_ore)
                   from app.agreements ag where ag.id = placement.agreement_id),
    'equipment_used_ore', (select coalesce(sum(c.amount_ore), 0) from app.claims c
                           where c.placement_id = placement.id and c.kind = 'utstyr'
                             and c.budget_year = extract(year from app.today())::int
                             and c.status in ('submitted', 'needs_info', 'approved', 'paid')));
end
$$;
grant execute on function api.claim_form(uuid) to authenticated;

-- Creates (claim_id null) or changes a draft or a claim that needs more information.
create function api.save_claim(
  placement_id uuid,
  kind app.claim_kind,
  amount_ore bigint,
  claim_id uuid default null,
  period_start date default null,
  period_end date default null,
  purchase_date date default null,
  description text default ''
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  placement app.placements;
  saved uuid;
begin
  perform app.require_user();
  select * into placement from app.placements p where p.id = save_claim.placement_id;
  if not found or not app.is_member(placement.organisation_id, 'admin') then
    perform app.not_found();
  end if;
  if amount_ore is null or amount_ore <= 0 then
    perform app.refuse('amount_invalid', 'amount');
  end if;
  if kind = 'utstyr' then
    if purchase_date is null then
      perform app.refuse('date_required', 'purchase_date');
    end if;
    if purchase_date > app.today() then
      perform app.refuse('date_not_in_future', 'purchase_date');
    end if;
    if coalesce(trim(description), '') = '' then
      perform app.refuse('description_required', 'description');
    end if;
  else
    if period_start is null then
      perform app.refuse('date_required', 'period_start');
    end if;
    if period_end is null or period_end < period_start then
      perform app.refuse('period_out_of_order', 'period_end');
    end if;
  end if;
  if claim_id is null then
    insert into app.claims (municipality_id, organisation_id, placement_id, agreement_id, kind, amount_ore, period_start,
                            period_end, purchase_date, description, created_by)
    values (placement.municipality_id, placement.organisation_id, placement.id, placement.agreement_id, kind, amount_ore,
            case when kind <> 'utstyr' then period_start end, case when kind <> 'utstyr' then period_end end,
            case when kind = 'utstyr' then purchase_date end, coalesce(trim(description), ''), (select auth.uid()))
    returning id into saved;
  else
    update app.claims c
       set kind = save_claim.kind, amount_ore = save_claim.amount_ore,
           period_start = case when save_claim.kind <> 'utstyr' then save_claim.period_start end,
           period_end = case when save_claim.kind <> 'utstyr' then save_claim.period_end end,
           purchase_date = case when save_claim.kind = 'utstyr' then save_claim.purchase_date end,
           description = coalesce(trim(save_claim.description), '')
     where c.id = save_claim.claim_id and c.placement_id = save_claim.placement_id and c.status in ('draft', 'needs_info')
    returning c.id into saved;
    if saved is null then
      perform app.refuse('claim_not_open');
    end if;
  end if;
  return saved;
end
$$;
grant execute on function api.save_claim(uuid, app.claim_kind, bigint, uuid, date, date, date, text) to authenticated;

-- Records a receipt uploaded to Storage. Returns the references of other claims that use an
-- identical file (same SHA-256), which both sides are shown.
create function api.add_receipt(claim_id uuid, object_path text, file_name text, content_type text, size_bytes int,
                                sha256 text) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  claim app.claims;
begin
  perform app.require_user();
  select * into claim from app.claims c where c.id = add_receipt.claim_id;
  if not found or not app.is_member(claim.organisation_id, 'admin') then
    perform app.not_found();
  end if;
  if claim.status not in ('draft', 'needs_info') then
    perform app.refuse('claim_not_open');
  end if;
  if object_path is distinct from claim.organisation_id || '/' || claim.id || '/' || split_part(object_path, '/', 3) then
    perform app.refuse('receipt_path_invalid', 'receipt');
  end if;
  if content_type not in ('application/pdf', 'image/jpeg', 'image/png', 'image/heic') then
    perform app.refuse('receipt_type_invalid', 'receipt');
  end if;
  if size_bytes > 10485760 then
    perform app.refuse('receipt_too_large', 'receipt');
  end if;
  insert into app.claim_receipts (claim_id, object_path, file_name, content_type, size_bytes, sha256, uploaded_by)
  values (claim.id, object_path, file_name, content_type, size_bytes, lower(sha256), (select auth.uid()));
  return jsonb_build_object('duplicates', app.duplicate_receipts(claim.id));
end
$$;

-- Other claims with a receipt identical to one of this claim's. Definer: the match must be
-- found across organisations, but only the other claim's reference is revealed.
create function app.duplicate_receipts(claim uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(distinct other.reference), '[]')
  from app.claim_receipts mine
  join app.claim_receipts theirs on theirs.sha256 = mine.sha256 and theirs.claim_id <> mine.claim_id
  join app.claims other on other.id = theirs.claim_id
  where mine.claim_id = claim and other.status not in ('withdrawn', 'draft')
$$;
grant execute on function app.duplicate_receipts(uuid) to authenticated, service_role;
grant execute on function api.add_receipt(uuid, text, text, text, int, text) to authenticated;

create function api.remove_receipt(receipt_id uuid) returns text
language plpgsql
set search_path = ''
as $$
declare
  removed text;
begin
  perform app.require_user();
  delete from app.claim_receipts r
   using app.claims c
   where r.id = remove_receipt.receipt_id and c.id = r.claim_id and c.status in ('draft', 'needs_info')
     and app.is_member(c.organisation_id, 'admin')
  returning r.object_path into removed;
  if removed is null then
    perform app.not_found();
  end if;
  return removed;
end
$$;
grant execute on function api.remove_receipt(uuid) to authenticated;

-- R3 at submission: says exactly which rule the claim breaks.
create function api.submit_claim(claim_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  claim app.claims;
  verdict jsonb;
begin
  perform app.require_user();
  select * into claim from app.claims c where c.id = submit_claim.claim_id for update;
  if not found or not app.is_member(claim.organisation_id, 'admin') then
    perform app.not_found();
  end if;
  if claim.status not in ('draft', 'needs_info') then
    perform app.refuse('claim_not_open');
  end if;
  if claim.kind <> 'godtgjorelse' and not exists (select 1 from app.claim_receipts r where r.claim_id = claim.id) then
    perform app.refuse('receipt_required', 'receipt');
  end if;
  verdict := app.check_claim(claim, '{submitted,needs_info,approved,paid}');
  if verdict ->> 'rule' is not null then
    perform app.refuse(verdict ->> 'rule', verdict ->> 'field', verdict - 'rule' - 'field');
  end if;
  update app.claims c set status = 'submitted', submitted_at = now(),
         first_submitted_at = coalesce(c.first_submitted_at, now())
   where c.id = claim.id;
  perform app.mail_staff(claim.municipality_id, 'caseworker', 'claim_submitted', jsonb_build_object(
    'claim_id', claim.id, 'reference', claim.reference,
    'organisation', (select name from app.organisations where id = claim.organisation_id)));
end
$$;
grant execute on function api.submit_claim(uuid) to authenticated;

create function api.withdraw_claim(claim_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  update app.claims c set status = 'withdrawn'
   where c.id = withdraw_claim.claim_id and c.status in ('submitted', 'needs_info')
     and app.is_member(c.organisation_id, 'admin');
  if not found then
    perform app.refuse('claim_not_withdrawable');
  end if;
end
$$;
grant execute on function api.withdraw_claim(uuid) to authenticated;

-- The organisation answers a request for more information and the claim goes back in the queue.
create function api.answer_claim(claim_id uuid, message text) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform app.require_user();
  if coalesce(trim(message), '') = '' then
    perform app.refuse('text_required', 'message');
  end if;
  if not exists (select 1 from app.claims c where c.id = answer_claim.claim_id and c.status = 'needs_info'
                   and app.is_member(c.organisation_id, 'admin')) then
    perform app.refuse('claim_not_open');
  end if;
  insert into app.claim_messages (claim_id, author_id, from_municipality, body)
  values (claim_id, (select auth.uid()), false, trim(message));
  perform api.submit_claim(claim_id);
end
$$;
grant execute on function api.answer_claim(uuid, text) to authenticated;

create function api.organisation_claims(organisation_id uuid, year int default null) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  chosen_year int := coalesce(year, extract(year from app.today())::int);
begin
  perform app.require_user();
  if not app.is_member(organisation_id, 'admin') then
    perform app.forbid();
  end if;
  return jsonb_build_object(
    'organisation', app.organisation_ref(organisation_claims.organisation_id),
    'year', chosen_year,
    'claims', (select coalesce(jsonb_agg(jsonb_build_object(
                 'id', c.id, 'reference', c.reference, 'kind', c.kind, 'status', c.status, 'amount_ore', c.amount_ore,
                 'participant', app.participant_card(c.placement_id) ->> 'first_name',
                 'municipality', (select name from app.municipalities where id = c.municipality_id),
                 'created_at', c.created_at, 'submitted_at', c.submitted_at, 'decided_at', c.decided_at)
                 order by c.created_at desc), '[]')
               from app.claims c where c.organisation_id = organisation_claims.organisation_id
                 and c.budget_year = chosen_year),
    'placements', (select coalesce(jsonb_agg(jsonb_build_object(
                     'id', p.id, 'participant', app.participant_card(p.id) ->> 'first_name',
                     'activity', a.title, 'status', p.status,
                     'claimed_ore', (select coalesce(sum(c.amount_ore), 0) from app.claims c where c.placement_id = p.id
                                       and c.budget_year = chosen_year and c.status not in ('draft', 'withdrawn', 'rejected')),
                     'approved_ore', (select coalesce(sum(c.amount_ore), 0) from app.claims c where c.placement_id = p.id
                                       and c.budget_year = chosen_year and c.status in ('approved', 'paid')))
                     order by a.title, p.id), '[]')
                   from app.placements p join app.activities a on a.id = p.activity_id
                   where p.organisation_id = organisation_claims.organisation_id
                     and p.starts_on <= make_date(chosen_year, 12, 31)
                     and coalesce(p.ended_on, p.ends_on) >= make_date(chosen_year, 1, 1)));
end
$$;
grant execute on function api.organisation_claims(uuid, int) to authenticated;

------------------------------------------------------------------------------------------
-- The municipality's side
------------------------------------------------------------------------------------------

-- The queue: filters, oldest first by default, totals, 50 per page. Definer, checking the
-- caller is staff of the municipality and reading only its claims, so that the busiest
-- caseworker page does not pay for policies row by row; plans are made for the filters
-- given (custom), as the optional ones decide which index fits.
create function api.claim_queue(
  municipality_id uuid,
  status app.claim_status default 'submitted',
  kind app.claim_kind default null,
  organisation_id uuid default null,
  min_waiting_days int default null,
  page int default 1
) returns jsonb
language plpgsql stable security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
begin
  perform app.require_staff(municipality_id);
  return (
    with matching as (
      select c.*, o.name as organisation_name from app.claims c join app.organisations o on o.id = c.organisation_id
      where c.municipality_id = claim_queue.municipality_id and c.status <> 'draft'
        and (claim_queue.status is null or c.status = claim_queue.status)
        and (claim_queue.kind is null or c.kind = claim_queue.kind)
        and (claim_queue.organisation_id is null or c.organisation_id = claim_queue.organisation_id)
        and (claim_queue.min_waiting_days is null or c.submitted_at <= now() - make_interval(days => claim_queue.min_waiting_days))
    ),
    page_rows as (
      select * from matching order by submitted_at nulls last, id
      limit 50 offset (greatest(coalesce(claim_queue.page, 1), 1) - 1) * 50
    )
    select jsonb_build_object(
      'total', (select count(*) from matching),
      'total_ore', (select coalesce(sum(amount_ore), 0) from matching),
      'page', greatest(coalesce(claim_queue.page, 1), 1),
      'page_size', 50,
      'claims', (select coalesce(jsonb_agg(jsonb_build_object(
                   'id', r.id, 'reference', r.reference, 'kind', r.kind, 'status', r.status, 'amount_ore', r.amount_ore,
                   'organisation', r.organisation_name, 'submitted_at', r.submitted_at,
                   'waiting_days', (app.today() - (r.submitted_at at time zone 'Europe/Oslo')::date))
                   order by r.submitted_at nulls last, r.id), '[]') from page_rows r),
      'organisations', (select coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'name', o.name) order by o.name), '[]')
                        from app.partnerships p join app.organisations o on o.id = p.organisation_id
                        where p.municipality_id = claim_queue.municipality_id)));
end
$$;
grant execute on function api.claim_queue(uuid, app.claim_status, app.claim_kind, uuid, int, int) to authenticated;

create function api.claim_page(claim_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  claim app.claims;
  is_staff boolean;
begin
  perform app.require_user();
  select * into claim from app.claims c where c.id = claim_page.claim_id;
  if not found then
    perform app.not_found();
  end if;
  is_staff := app.is_staff(claim.municipality_id);
  return jsonb_build_object(
    'claim', to_jsonb(claim) - 'created_by',
    'organisation', (select jsonb_build_object('id', o.id, 'name', o.name, 'organisation_number', o.organisation_number)
                      from app.organisations o where o.id = claim.organisation_id),
    'participant', app.participant_card(claim.placement_id),
    'placement', (select jsonb_build_object('id', p.id, 'starts_on', p.starts_on, 'ends_on', coalesce(p.ended_on, p.ends_on),
                                            'activity', a.title, 'fee_ore', a.fee_ore, 'fee_period', a.fee_period)
                   from app.placements p join app.activities a on a.id = p.activity_id where p.id = claim.placement_id),
    'agreement', (select jsonb_build_object('id', ag.id, 'status', ag.status, 'covered_fees', ag.covered_fees,
                                            'equipment_cap_ore', ag.equipment_cap_ore, 'compensation_ore', ag.compensation_ore)
                   from app.agreements ag where ag.id = claim.agreement_id),
    'limits', app.check_claim(claim, '{approved,paid}'),
    'earlier_claims', (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'reference', c.reference, 'kind', c.kind,
                                                                    'status', c.status, 'amount_ore', c.amount_ore)
                                                 order by c.created_at), '[]')
                       from app.claims c join app.placements p on p.id = c.placement_id
                       where p.participant_id = (select participant_id from app.placements where id = claim.placement_id)
                         and c.budget_year = claim.budget_year and c.id <> claim.id and c.status <> 'draft'),
    'receipts', (select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'object_path', r.object_path, 'file_name', r.file_name,
                                                              'content_type', r.content_type, 'size_bytes', r.size_bytes)
                                           order by r.uploaded_at), '[]')
                 from app.claim_receipts r where r.claim_id = claim.id),
    'duplicates', app.duplicate_receipts(claim.id),
    'messages', (select coalesce(jsonb_agg(jsonb_build_object('body', m.body, 'from_municipality', m.from_municipality,
                                                              'created_at', m.created_at,
                                                              'author', (select display_name from app.profiles where user_id = m.author_id))
                                           order by m.created_at), '[]')
                 from app.claim_messages m where m.claim_id = claim.id),
    'budget', case when is_staff then
                (select jsonb_build_object('amount_ore', b.amount_ore, 'approved_ore', b.approved_ore,
                                           'left_ore', b.amount_ore - b.approved_ore)
                 from app.budgets b where b.municipality_id = claim.municipality_id and b.year = claim.budget_year
                   and b.kind = claim.kind) end,
    'history', (select coalesce(jsonb_agg(jsonb_build_object('occurred_at', e.occurred_at, 'status', e.new_row ->> 'status',
                                                             'actor', (select display_name from app.profiles where user_id = e.actor_id))
                                          order by e.id), '[]')
                from app.audit_events e where e.table_name = 'claims' and e.record_id = claim.id::text
                  and (e.old_row ->> 'status') is distinct from (e.new_row ->> 'status')),
    'can', jsonb_build_object(
      'edit', not is_staff and claim.status in ('draft', 'needs_info'),
      'submit', not is_staff and claim.status = 'draft',
      'answer', not is_staff and claim.status = 'needs_info',
      'withdraw', not is_staff and claim.status in ('submitted', 'needs_info'),
      'decide', is_staff and claim.status = 'submitted'));
end
$$;
grant execute on function api.claim_page(uuid) to authenticated;

-- Claims can be read by the audit trail's readers as well.
create policy "Staff read the history of claims to their municipality" on app.audit_events
  for select to authenticated using (table_name = 'claims' and municipality_id in (select app.my_municipalities()));
create policy "Organisation admins read the history of their claims" on app.audit_events
  for select to authenticated using (table_name = 'claims' and organisation_id is not null and organisation_id in (select app.my_organisations('admin')));

-- A decision: approve (R5: within the budget of its kind and year, also under concurrency;
-- R3: above a limit only with a written reason), reject with a reason, or ask for more
-- information with a message.
create function api.decide_claim(claim_id uuid, decision app.claim_status, reason text default null,
                                 over_limit_reason text default null) returns void
language plpgsql
set search_path = ''
as $$
declare
  claim app.claims;
  verdict jsonb;
  budget app.budgets;
begin
  perform app.require_user();
  select * into claim from app.claims c where c.id = decide_claim.claim_id for update;
  if not found or not app.is_staff(claim.municipality_id) then
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
    update app.claims c set status = 'approved', decided_at = now(), decided_by = (select auth.uid()),
           decision_reason = nullif(trim(reason), ''), over_limit_reason = nullif(trim(decide_claim.over_limit_reason), '')
     where c.id = claim.id;
  elsif decision = 'rejected' then
    if coalesce(trim(reason), '') = '' then
      perform app.refuse('reason_required', 'reason');
    end if;
    update app.claims c set status = 'rejected', decided_at = now(), decided_by = (select auth.uid()), decision_reason = trim(reason)
     where c.id = claim.id;
  elsif decision = 'needs_info' then
    if coalesce(trim(reason), '') = '' then
      perform app.refuse('message_required', 'reason');
    end if;
    update app.claims c set status = 'needs_info' where c.id = claim.id;
    insert into app.claim_messages (claim_id, author_id, from_municipality, body)
    values (claim.id, (select auth.uid()), true, trim(reason));
  else
    perform app.refuse('decision_invalid', 'decision');
  end if;
  perform app.mail_organisation_admins(claim.organisation_id, 'claim_decided', jsonb_build_object(
    'claim_id', claim.id, 'reference', claim.reference, 'decision', decision, 'reason', nullif(trim(reason), '')));
end
$$;
grant execute on function api.decide_claim(uuid, app.claim_status, text, text) to authenticated;

------------------------------------------------------------------------------------------
-- Budgets (municipality admin)
------------------------------------------------------------------------------------------
create function api.set_budget(municipality_id uuid, year int, kind app.claim_kind, amount_ore bigint) returns void
language plpgsql
set search_path = ''
as $$
declare
  approved bigint;
begin
  perform app.require_staff(municipality_id, 'admin');
  if amount_ore is null or amount_ore < 0 then
    perform app.refuse('amount_invalid', 'amount');
  end if;
  select b.approved_ore into approved from app.budgets b
   where b.municipality_id = set_budget.municipality_id and b.year = set_budget.year and b.kind = set_budget.kind for update;
  if approved > amount_ore then
    perform app.refuse('budget_below_approved', 'amount', jsonb_build_object('approved_ore', approved));
  end if;
  insert into app.budgets (municipality_id, year, kind, amount_ore)
  values (municipality_id, year, kind, amount_ore)
  on conflict on constraint budgets_pkey do update set amount_ore = excluded.amount_ore;
end
$$;
grant execute on function api.set_budget(uuid, int, app.claim_kind, bigint) to authenticated;

create function api.budget_page(municipality_id uuid, year int default null) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  chosen_year int := coalesce(year, extract(year from app.today())::int);
begin
  perform app.require_staff(municipality_id);
  return jsonb_build_object(
    'municipality', app.municipality_ref(municipality_id),
    'year', chosen_year,
    'is_admin', app.is_staff(municipality_id, 'admin'),
    'kinds', (select jsonb_agg(jsonb_build_object(
                'kind', k.kind,
                'amount_ore', coalesce(b.amount_ore, 0),
                'approved_ore', coalesce(b.approved_ore, 0),
                'paid_ore', coalesce(c.paid_ore, 0),
                'waiting_ore', coalesce(c.waiting_ore, 0),
                'left_ore', coalesce(b.amount_ore - b.approved_ore, 0)) order by k.kind)
              from unnest(enum_range(null::app.claim_kind)) as k (kind)
              left join app.budgets b on b.municipality_id = budget_page.municipality_id and b.year = chosen_year
                                     and b.kind = k.kind
              -- One pass over the year's claims for every kind's totals.
              left join (select cl.kind,
                                sum(cl.amount_ore) filter (where cl.status = 'paid') as paid_ore,
                                sum(cl.amount_ore) filter (where cl.status in ('submitted', 'needs_info')) as waiting_ore
                         from app.claims cl
                         where cl.municipality_id = budget_page.municipality_id and cl.budget_year = chosen_year
                           and cl.status in ('paid', 'submitted', 'needs_info')
                         group by cl.kind) c on c.kind = k.kind));
end
$$;
grant execute on function api.budget_page(uuid, int) to authenticated;

------------------------------------------------------------------------------------------
-- Payment
------------------------------------------------------------------------------------------

-- Puts every approved, unpaid claim not yet in a batch into a new batch and returns the rows
-- of its payment file.
create function api.create_payment_batch(municipality_id uuid) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  batch uuid;
begin
  perform app.require_staff(municipality_id);
  insert into app.payment_batches (municipality_id, created_by) values (municipality_id, (select auth.uid()))
  returning id into batch;
  update app.claims c set payment_batch_id = batch
   where c.municipality_id = create_payment_batch.municipality_id and c.status = 'approved' and c.payment_batch_id is null;
  return api.payment_batch(batch);
end
$$;

create function api.payment_batch(batch_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  batch app.payment_batches;
begin
  perform app.require_user();
  select * into batch from app.payment_batches b where b.id = payment_batch.batch_id;
  if not found then
    perform app.not_found();
  end if;
  return jsonb_build_object(
    'batch', to_jsonb(batch),
    'rows', (select coalesce(jsonb_agg(jsonb_build_object(
               'claim_id', c.id, 'reference', c.reference, 'organisation_number', o.organisation_number,
               'organisation', o.name, 'bank_account', pr.bank_account, 'amount_ore', c.amount_ore, 'kind', c.kind,
               'period_start', c.period_start, 'period_end', c.period_end, 'purchase_date', c.purchase_date,
               'status', c.status) order by o.name, c.reference), '[]')
             from app.claims c join app.organisations o on o.id = c.organisation_id
             left join app.organisation_private pr on pr.organisation_id = o.id
             where c.payment_batch_id = batch.id));
end
$$;
grant execute on function api.create_payment_batch(uuid), api.payment_batch(uuid) to authenticated;

create function api.payment_batches(municipality_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform app.require_staff(municipality_id);
  return jsonb_build_object(
    'unbatched', (select jsonb_build_object('count', count(*), 'amount_ore', coalesce(sum(c.amount_ore), 0))
                   from app.claims c where c.municipality_id = payment_batches.municipality_id
                     and c.status = 'approved' and c.payment_batch_id is null),
    'batches', (select coalesce(jsonb_agg(jsonb_build_object(
                  'id', b.id, 'created_at', b.created_at, 'paid_on', b.paid_on, 'payment_reference', b.payment_reference,
                  'count', (select count(*) from app.claims c where c.payment_batch_id = b.id),
                  'amount_ore', (select coalesce(sum(c.amount_ore), 0) from app.claims c where c.payment_batch_id = b.id))
                  order by b.created_at desc), '[]')
                from app.payment_batches b where b.municipality_id = payment_batches.municipality_id));
end
$$;
grant execute on function api.payment_batches(uuid) to authenticated;

-- Marks the given approved claims paid (singly, or every claim of a batch via batch_id).
create function api.mark_paid(municipality_id uuid, paid_on date, payment_reference text,
                              claim_ids uuid[] default null, batch_id uuid default null) returns int
language plpgsql
set search_path = ''
as $$
declare
  marked int;
begin
  perform app.require_staff(municipality_id);
  if paid_on is null or paid_on > app.today() then
    perform app.refuse('date_not_in_future', 'paid_on');
  end if;
  if coalesce(trim(payment_reference), '') = '' then
    perform app.refuse('payment_reference_required', 'payment_reference');
  end if;
  update app.claims c set status = 'paid', paid_on = mark_paid.paid_on, payment_reference = trim(mark_paid.payment_reference)
   where c.municipality_id = mark_paid.municipality_id and c.status = 'approved'
     and (c.id = any (claim_ids) or c.payment_batch_id = mark_paid.batch_id);
  get diagnostics marked = row_count;
  if batch_id is not null then
    update app.payment_batches b set paid_on = mark_paid.paid_on, payment_reference = trim(mark_paid.payment_reference)
     where b.id = mark_paid.batch_id and b.municipality_id = mark_paid.municipality_id;
  end if;
  return marked;
end
$$;
grant execute on function api.mark_paid(uuid, date, text, uuid[], uuid) to authenticated;
