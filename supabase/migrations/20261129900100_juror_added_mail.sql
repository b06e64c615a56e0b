-- Someone who already has an account and is added to a jury is told so by mail, with the
-- link to the scoring page (people without an account get the invitation instead).
create or replace function api.add_juror(round_id uuid, email text) returns text
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
