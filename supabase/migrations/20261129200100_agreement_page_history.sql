-- The agreement page for both parties: the named facilitator of each activity and the history
-- from the audit trail. Caseworkers may not read organisation members' profiles, and the
-- audit trail's policies show agreement events only to municipality admins (signatures, which
-- carry no municipality, to no one), so the page read them through two definer helpers that
-- answer only to the agreement's parties.

create function app.agreement_activity_list(agreement uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'activity_id', act.id, 'title', act.title,
           'has_minors', coalesce(act.age_min, 0) < 18,
           'facilitator', (select jsonb_build_object('user_id', p.user_id, 'display_name', p.display_name, 'email', p.email)
                           from app.profiles p where p.user_id = aa.facilitator_id),
           'accepted_at', aa.accepted_at,
           'police_certificate_seen_on', aa.police_certificate_seen_on) order by act.title), '[]')
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
           'change', case
             when e.table_name <> 'agreement_activities' then null
             when e.action = 'insert' then 'covered'
             when e.action = 'delete' then 'uncovered'
             when e.new_row ->> 'facilitator_id' is distinct from e.old_row ->> 'facilitator_id' then 'named'
             when e.new_row ->> 'accepted_at' is distinct from e.old_row ->> 'accepted_at' then 'accepted'
             else 'police_certificate' end,
           'actor', (select display_name from app.profiles where user_id = e.actor_id)) order by e.id), '[]')
  from app.audit_events e
  where app.can_read_agreement(agreement)
    and ((e.table_name = 'agreements' and e.record_id = agreement::text)
         or (e.table_name in ('agreement_signatures', 'agreement_activities')
             and coalesce(e.new_row, e.old_row) ->> 'agreement_id' = agreement::text))
$$;
grant execute on function app.agreement_timeline(uuid) to authenticated;

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
  perform app.require_user();
  select * into agreement from app.agreements a where a.id = agreement_page.agreement_id;
  if not found then
    perform app.not_found();
  end if;
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
    'text', coalesce(agreement.rendered_text, app.render_agreement(agreement)),
    'text_hash', agreement.text_hash,
    'termination_reason', agreement.termination_reason,
    'signatures', (select coalesce(jsonb_agg(jsonb_build_object('party', s.party, 'signer_name', s.signer_name,
                                                               'signer_role', s.signer_role, 'signed_at', s.signed_at,
                                                               'text_hash', s.text_hash) order by s.signed_at), '[]')
                   from app.agreement_signatures s where s.agreement_id = agreement.id),
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
    'can', jsonb_build_object(
      'edit', is_staff and agreement.status = 'draft',
      'send', is_staff and agreement.status = 'draft',
      'sign', is_org_admin and agreement.status = 'awaiting_organisation',
      'countersign', is_staff and agreement.status = 'awaiting_municipality',
      'revise', is_staff and agreement.status in ('awaiting_organisation', 'awaiting_municipality', 'active'),
      'terminate', (is_staff or is_org_admin) and agreement.status not in ('expired', 'terminated'),
      'name_facilitators', is_org_admin and agreement.status in ('awaiting_organisation', 'awaiting_municipality', 'active'),
      'download', agreement.status in ('active', 'expired', 'terminated')
                  and exists (select 1 from app.agreement_signatures s where s.agreement_id = agreement.id
                                and s.party = 'municipality')));
end
$$;
grant execute on function api.agreement_page(uuid) to authenticated;
