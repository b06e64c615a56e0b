-- Demo data for the local stack (applied after the migrations on a fresh database).
-- Every demo account has the password `Sammen-demo-2026`.

-- Demo users, inserted the way Supabase seed files do it (bcrypt through pgcrypto).
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
select '00000000-0000-0000-0000-000000000000', u.id::uuid, 'authenticated', 'authenticated', u.email,
       extensions.crypt('Sammen-demo-2026', extensions.gen_salt('bf')), now(),
       '{"provider": "email", "providers": ["email"]}',
       jsonb_build_object('display_name', u.display_name), now(), now()
from (values
  ('11111111-0000-4000-8000-000000000001', 'admin@kongsberg.sammen.test', 'Kari Kommuneadmin'),
  ('11111111-0000-4000-8000-000000000002', 'saksbehandler@kongsberg.sammen.test', 'Sindre Saksbehandler'),
  ('11111111-0000-4000-8000-000000000003', 'admin@asker.sammen.test', 'Aslak Admin'),
  ('11111111-0000-4000-8000-000000000004', 'saksbehandler@asker.sammen.test', 'Siri Saksbehandler'),
  ('11111111-0000-4000-8000-000000000005', 'leder@klatreklubb.sammen.test', 'Lena Leder'),
  ('11111111-0000-4000-8000-000000000006', 'tilrettelegger@klatreklubb.sammen.test', 'Tor Tilrettelegger')
) as u (id, email, display_name);

insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
select id::text, id, jsonb_build_object('sub', id::text, 'email', email, 'email_verified', true), 'email', now(), now()
from auth.users;

insert into app.municipalities (id, name, municipality_number) values
  ('22222222-0000-4000-8000-000000003303', 'Kongsberg', '3303'),
  ('22222222-0000-4000-8000-000000003203', 'Asker', '3203');

insert into app.staff (municipality_id, user_id, role) values
  ('22222222-0000-4000-8000-000000003303', '11111111-0000-4000-8000-000000000001', 'admin'),
  ('22222222-0000-4000-8000-000000003303', '11111111-0000-4000-8000-000000000002', 'caseworker'),
  ('22222222-0000-4000-8000-000000003203', '11111111-0000-4000-8000-000000000003', 'admin'),
  ('22222222-0000-4000-8000-000000003203', '11111111-0000-4000-8000-000000000004', 'caseworker');

insert into app.organisations (id, organisation_number, name) values
  ('33333333-0000-4000-8000-000000000001', '912345602', 'Kongsberg Klatreklubb');

insert into app.memberships (organisation_id, user_id, role) values
  ('33333333-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000005', 'admin'),
  ('33333333-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000006', 'facilitator');
