-- The claim page keeps its plans (issue 9, docs/decisions/007 points 4 and 8).
--
-- Two helpers it calls were SQL functions that Postgres planned on every call:
-- app.duplicate_receipts (with `set search_path`, never inlined) and app.fee_periods (the
-- same, called from app.check_claim). They now keep their plans or are inlined: most of the
-- gain, ~1 300 -> ~850 µs of Postgres CPU per call on the large seed. The page's own parts
-- are statements of their own rather than one statement of a dozen subqueries, each with the
-- policies of its tables: ~850 -> ~750 µs. Reads, policies and the answer are unchanged.

create or replace function api.claim_page(claim_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  claim app.claims;
  is_staff boolean;
  organisation jsonb;
  placement jsonb;
  agreement jsonb;
  earlier_claims jsonb;
  receipts jsonb;
  messages jsonb;
  budget jsonb;
  history jsonb;
begin
  perform app.require_user();
  select * into claim from app.claims c where c.id = claim_page.claim_id;
  if not found then
    perform app.not_found();
  end if;
  is_staff := app.is_staff(claim.municipality_id);
  select jsonb_build_object('id', o.id, 'name', o.name, 'organisation_number', o.organisation_number) into organisation
    from app.organisations o where o.id = claim.organisation_id;
  select jsonb_build_object('id', p.id, 'starts_on', p.starts_on, 'ends_on', coalesce(p.ended_on, p.ends_on),
                            'activity', a.title, 'fee_ore', a.fee_ore, 'fee_period', a.fee_period) into placement
    from app.placements p join app.activities a on a.id = p.activity_id where p.id = claim.placement_id;
  select jsonb_build_object('id', ag.id, 'status', ag.status, 'covered_fees', ag.covered_fees,
                            'equipment_cap_ore', ag.equipment_cap_ore, 'compensation_ore', ag.compensation_ore) into agreement
    from app.agreements ag where ag.id = claim.agreement_id;
  select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'reference', c.reference, 'kind', c.kind,
                                               'status', c.status, 'amount_ore', c.amount_ore)
                            order by c.created_at), '[]') into earlier_claims
    from app.claims c join app.placements p on p.id = c.placement_id
    where p.participant_id = (select participant_id from app.placements where id = claim.placement_id)
      and c.budget_year = claim.budget_year and c.id <> claim.id and c.status <> 'draft';
  select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'object_path', r.object_path, 'file_name', r.file_name,
                                               'content_type', r.content_type, 'size_bytes', r.size_bytes)
                            order by r.uploaded_at), '[]') into receipts
    from app.claim_receipts r where r.claim_id = claim.id;
  select coalesce(jsonb_agg(jsonb_build_object('body', m.body, 'from_municipality', m.from_municipality,
                                               'created_at', m.created_at,
                                               'author', (select display_name from app.profiles where user_id = m.author_id))
                            order by m.created_at), '[]') into messages
    from app.claim_messages m where m.claim_id = claim.id;
  if is_staff then
    select jsonb_build_object('amount_ore', b.amount_ore, 'approved_ore', b.approved_ore, 'left_ore', b.amount_ore - b.approved_ore)
      into budget
      from app.budgets b where b.municipality_id = claim.municipality_id and b.year = claim.budget_year and b.kind = claim.kind;
  end if;
  select coalesce(jsonb_agg(jsonb_build_object('occurred_at', e.occurred_at, 'status', e.new_row ->> 'status',
                                               'actor', (select display_name from app.profiles where user_id = e.actor_id))
                            order by e.id), '[]') into history
    from app.audit_events e where e.table_name = 'claims' and e.record_id = claim.id::text
      and (e.old_row ->> 'status') is distinct from (e.new_row ->> 'status');
  return jsonb_build_object(
    'claim', to_jsonb(claim) - 'created_by',
    'organisation', organisation,
    'participant', app.participant_card(claim.placement_id),
    'placement', placement,
    'agreement', agreement,
    'limits', app.check_claim(claim, '{approved,paid}'),
    'earlier_claims', earlier_claims,
    'receipts', receipts,
    'duplicates', app.duplicate_receipts(claim.id),
    'messages', messages,
    'budget', budget,
    'history', history,
    'can', jsonb_build_object(
      'edit', not is_staff and claim.status in ('draft', 'needs_info'),
      'submit', not is_staff and claim.status = 'draft',
      'answer', not is_staff and claim.status = 'needs_info',
      'withdraw', not is_staff and claim.status in ('submitted', 'needs_info'),
      'decide', is_staff and claim.status = 'submitted'));
end
$$;
grant execute on function api.claim_page to authenticated;

-- Asked on every claim page and receipt upload: as PL/pgSQL its plan is kept per connection
-- (a SQL function with `set search_path` is planned on every call).
create or replace function app.duplicate_receipts(claim uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(jsonb_agg(distinct other.reference), '[]')
    from app.claim_receipts mine
    join app.claim_receipts theirs on theirs.sha256 = mine.sha256 and theirs.claim_id <> mine.claim_id
    join app.claims other on other.id = theirs.claim_id
    where mine.claim_id = claim and other.status not in ('withdrawn', 'draft'));
end
$$;

-- A pure helper, so inlinable (007 point 6): no `set search_path`, not strict (a null
-- argument still gives null). It is inlined into app.check_claim's expression instead of
-- being planned at each call.
create or replace function app.fee_periods(period app.fee_period, period_start date, period_end date) returns int
language sql immutable
as $$
  select ceil(((extract(year from period_end) - extract(year from period_start)) * 12
               + extract(month from period_end) - extract(month from period_start) + 1)
              / case period when 'year' then 12 when 'half_year' then 6 else 1 end)::int
$$;
