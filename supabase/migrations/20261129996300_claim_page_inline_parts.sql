-- The claim page's definer part called app.participant_card and app.duplicate_receipts, each a
-- function of its own with its own search_path (and the card three more helpers for the
-- caller's roles, which the part already knows). Both are read inline; the participant and
-- the card come from the one read of the placement. The invoker page skips app.require_user
-- when there is a caller.

create or replace function app.claim_page_parts(claim_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  staff_of uuid[];
  admin_of uuid[];
  member_of uuid[];
  claim app.claims;
  is_staff boolean;
  participant uuid;
  card jsonb;
  duplicates jsonb;
  organisation jsonb;
  placement jsonb;
  agreement jsonb;
  earlier_claims jsonb;
  receipts jsonb;
  budget jsonb;
begin
  -- As app.my_municipalities() and app.my_organisations() / ('admin') answer in the policies.
  select coalesce(array_agg(s.municipality_id), '{}') into staff_of from app.staff s where s.user_id = caller;
  select coalesce(array_agg(m.organisation_id), '{}'),
         coalesce(array_agg(m.organisation_id) filter (where m.role = 'admin'), '{}')
    into member_of, admin_of
    from app.memberships m where m.user_id = caller;
  -- "Organisation admins read their claims", "Staff read claims to their municipality".
  select * into claim from app.claims c where c.id = claim_page_parts.claim_id
    and (c.organisation_id = any (admin_of) or (c.status <> 'draft' and c.municipality_id = any (staff_of)));
  if not found then
    perform app.not_found();
  end if;
  is_staff := claim.municipality_id = any (staff_of);
  -- Organisations: members, staff of a municipality it asked to work with, or verified somewhere.
  select jsonb_build_object('id', o.id, 'name', o.name, 'organisation_number', o.organisation_number) into organisation
    from app.organisations o where o.id = claim.organisation_id
      and (o.id = any (member_of)
           or exists (select 1 from app.partnerships pp where pp.organisation_id = o.id
                        and (pp.status = 'verified' or pp.municipality_id = any (staff_of))));
  -- Placements: staff of its municipality, admins of its organisation, its facilitator (R7);
  -- activities: staff of its municipality, members of its organisation, or public and verified.
  select jsonb_build_object('id', p.id, 'starts_on', p.starts_on, 'ends_on', coalesce(p.ended_on, p.ends_on),
                            'activity', a.title, 'fee_ore', a.fee_ore, 'fee_period', a.fee_period) into placement
    from app.placements p join app.activities a on a.id = p.activity_id
    where p.id = claim.placement_id
      and (p.municipality_id = any (staff_of) or p.organisation_id = any (admin_of)
           or p.id in (select app.my_facilitated_placements()))
      and (a.municipality_id = any (staff_of) or a.organisation_id = any (member_of)
           or (a.is_public and exists (select 1 from app.partnerships pa where pa.organisation_id = a.organisation_id
                                         and pa.status = 'verified')));
  -- Agreements: staff of its municipality, its organisation's admins once sent, facilitators named.
  select jsonb_build_object('id', ag.id, 'status', ag.status, 'covered_fees', ag.covered_fees,
                            'equipment_cap_ore', ag.equipment_cap_ore, 'compensation_ore', ag.compensation_ore) into agreement
    from app.agreements ag where ag.id = claim.agreement_id
      and (ag.municipality_id = any (staff_of) or (ag.status <> 'draft' and ag.organisation_id = any (admin_of))
           or ag.id in (select app.my_named_agreements()));
  -- The participant and their card (app.participant_card) in one read: its predicate, staff
  -- of the placement's municipality, its facilitator or its organisation's admins, is the
  -- placements policy written out above.
  select p.participant_id,
         jsonb_build_object(
           'first_name', pa.first_name,
           'birth_year', pa.birth_year,
           'note', case when pa.share_activity_note and pa.activity_note <> '' then pa.activity_note end)
    into participant, card
    from app.placements p join app.participants pa on pa.id = p.participant_id
    where p.id = claim.placement_id
      and (p.municipality_id = any (staff_of) or p.organisation_id = any (admin_of)
           or p.id in (select app.my_facilitated_placements()));
  -- As app.duplicate_receipts (security definer, no caller check of its own).
  select coalesce(jsonb_agg(distinct other.reference), '[]') into duplicates
    from app.claim_receipts mine
    join app.claim_receipts theirs on theirs.sha256 = mine.sha256 and theirs.claim_id <> mine.claim_id
    join app.claims other on other.id = theirs.claim_id
    where mine.claim_id = claim.id and other.status not in ('withdrawn', 'draft');
  select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'reference', c.reference, 'kind', c.kind,
                                               'status', c.status, 'amount_ore', c.amount_ore)
                            order by c.created_at), '[]') into earlier_claims
    from app.claims c join app.placements p on p.id = c.placement_id
    where p.participant_id = participant
      and c.budget_year = claim.budget_year and c.id <> claim.id and c.status <> 'draft'
      and (c.organisation_id = any (admin_of) or c.municipality_id = any (staff_of))
      and (p.municipality_id = any (staff_of) or p.organisation_id = any (admin_of)
           or p.id in (select app.my_facilitated_placements()));
  -- Receipts are read with their claim (app.can_read_claim), which the caller can read.
  select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'object_path', r.object_path, 'file_name', r.file_name,
                                               'content_type', r.content_type, 'size_bytes', r.size_bytes)
                            order by r.uploaded_at), '[]') into receipts
    from app.claim_receipts r where r.claim_id = claim.id;
  if is_staff then
    -- Staff read their municipality's budgets.
    select jsonb_build_object('amount_ore', b.amount_ore, 'approved_ore', b.approved_ore, 'left_ore', b.amount_ore - b.approved_ore)
      into budget
      from app.budgets b where b.municipality_id = claim.municipality_id and b.year = claim.budget_year and b.kind = claim.kind;
  end if;
  return jsonb_build_object(
    'claim', to_jsonb(claim) - 'created_by',
    'organisation', organisation,
    'participant', card,
    'placement', placement,
    'agreement', agreement,
    'limits', app.check_claim(claim, '{approved,paid}'),
    'earlier_claims', earlier_claims,
    'receipts', receipts,
    'duplicates', duplicates,
    'budget', budget,
    'can', jsonb_build_object(
      'edit', not is_staff and claim.status in ('draft', 'needs_info'),
      'submit', not is_staff and claim.status = 'draft',
      'answer', not is_staff and claim.status = 'needs_info',
      'withdraw', not is_staff and claim.status in ('submitted', 'needs_info'),
      'decide', is_staff and claim.status = 'submitted'));
end
$$;
revoke execute on function app.claim_page_parts(uuid) from public;
grant execute on function app.claim_page_parts(uuid) to authenticated;

create or replace function api.claim_page(claim_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  parts jsonb;
  messages jsonb;
  history jsonb;
begin
  if (select auth.uid()) is null then
    perform app.require_user();  -- refuses, with its own error
  end if;
  -- Refuses, as not found, a claim the caller may not read (the claims policies written out).
  parts := app.claim_page_parts(claim_page.claim_id);
  select coalesce(jsonb_agg(jsonb_build_object('body', m.body, 'from_municipality', m.from_municipality,
                                               'created_at', m.created_at,
                                               'author', (select display_name from app.profiles where user_id = m.author_id))
                            order by m.created_at), '[]') into messages
    from app.claim_messages m where m.claim_id = claim_page.claim_id;
  select coalesce(jsonb_agg(jsonb_build_object('occurred_at', e.occurred_at, 'status', e.new_row ->> 'status',
                                               'actor', (select display_name from app.profiles where user_id = e.actor_id))
                            order by e.id), '[]') into history
    from app.audit_events e where e.table_name = 'claims' and e.record_id = claim_page.claim_id::text
      and (e.old_row ->> 'status') is distinct from (e.new_row ->> 'status');
  return parts || jsonb_build_object('messages', messages, 'history', history);
end
$$;
