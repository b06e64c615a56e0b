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

-- Kongsberg pays claims from its own account, so its payment files can be made; Asker has
-- not set one yet.
insert into app.municipalities (id, name, municipality_number, payer_account) values
  ('22222222-0000-4000-8000-000000003303', 'Kongsberg', '3303', '15032080119'),
  ('22222222-0000-4000-8000-000000003203', 'Asker', '3203', null);

insert into app.staff (municipality_id, user_id, role) values
  ('22222222-0000-4000-8000-000000003303', '11111111-0000-4000-8000-000000000001', 'admin'),
  -- Kongsberg's admin also authorises payments (R13): the caseworker approves, she authorises.
  ('22222222-0000-4000-8000-000000003303', '11111111-0000-4000-8000-000000000001', 'anviser'),
  ('22222222-0000-4000-8000-000000003303', '11111111-0000-4000-8000-000000000002', 'caseworker'),
  ('22222222-0000-4000-8000-000000003203', '11111111-0000-4000-8000-000000000003', 'admin'),
  ('22222222-0000-4000-8000-000000003203', '11111111-0000-4000-8000-000000000004', 'caseworker');

insert into app.organisations (id, organisation_number, name) values
  ('33333333-0000-4000-8000-000000000001', '912345602', 'Kongsberg Klatreklubb');

insert into app.memberships (organisation_id, user_id, role) values
  ('33333333-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000005', 'admin'),
  ('33333333-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000006', 'facilitator');
-- Organisations in the spirit of the seed documents, with their public activities.
insert into app.organisations (id, organisation_number, name, kind, description, contact_email, postal_town) values
  ('44444444-0000-4000-8000-000000000001', '915000371', 'Kongsberg Turn', 'idrett', 'Turn og lek for alle aldre, på samme arena som de ordinære gruppene.', 'post@kongsbergturn.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000002', '915000746', 'Kongsberg Golfklubb', 'idrett', 'Golf mai–oktober, med grønt kort-kurs.', 'post@kongsberggolfklubb.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000003', '915001114', 'Kongsberg Bowlingklubb', 'idrett', 'Bowling hver fredag, med mat etterpå.', 'post@kongsbergbowlingklubb.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000004', '915001483', 'Kongsberg Mannskor', 'musikk', 'Firstemt mannskor som synger alt fra folketoner til pop.', 'post@kongsbergmannskor.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000005', '915001858', 'Jazzkoret Kongsberg', 'musikk', 'Blandakor med jazz og viser.', 'post@jazzkoretkongsberg.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000006', '915002226', 'Kongsberg Teaterlag', 'kultur', 'Amatørteater med to oppsetninger i året.', 'post@kongsbergteaterlag.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000007', '915002595', 'Kongsberg Turlag', 'friluft', 'Turer i skog og fjell rundt Kongsberg.', 'post@kongsbergturlag.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000008', '915002978', 'Kongsberg Svømmeklubb', 'idrett', 'Svømming og lek i vann.', 'post@kongsbergsvommeklubb.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000009', '915003338', 'Kongsberg Dansestudio', 'kultur', 'Hip-hop og kreativ dans.', 'post@kongsbergdansestudio.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000010', '915003702', 'Kongsberg Malerforening', 'kultur', 'Malekurs for voksne, nybegynnere velkommen.', 'post@kongsbergmalerforening.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000011', '915004075', 'Kongsberg Sjakklubb', 'annet', 'Sjakk for alle nivåer.', 'post@kongsbergsjakklubb.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000012', '915004458', 'Numedal Hundekjørerlag', 'friluft', 'Hundekjøring for store og små.', 'post@numedalhundekjorerlag.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000013', '915004814', 'Kongsberg Tennisklubb', 'idrett', 'Tennis inne og ute.', 'post@kongsbergtennisklubb.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000014', '915005187', 'Kongsberg Spinnvill', 'idrett', 'Spinning med høy musikk og godt humør.', 'post@kongsbergspinnvill.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000015', '915005551', 'Kongsberg Fotoklubb', 'kultur', 'Fototurer og bildekvelder.', 'post@kongsbergfotoklubb.no', 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000016', '915005926', 'Asker Klatreklubb', 'idrett', 'Klatring med instruktører, fra første tak til egne ruter.', 'post@askerklatreklubb.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000017', '915006299', 'Asker Golfklubb', 'idrett', 'Golf mai–oktober. Noen deltakere har vært med i Special Olympics.', 'post@askergolfklubb.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000018', '915006663', 'Asker Bowlingklubb', 'idrett', 'Bowling og sosialt samvær.', 'post@askerbowlingklubb.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000019', '915007031', 'Asker Teaterlag', 'kultur', 'Teater for ungdom og voksne.', 'post@askerteaterlag.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000020', '915007406', 'Asker Turlag', 'friluft', 'Turer hver tredje lørdag i Asker og omegn.', 'post@askerturlag.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000021', '915007775', 'Asker Musikkorps', 'musikk', 'Korps for alle aldre.', 'post@askermusikkorps.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000022', '915008143', 'Asker Evergreenkor', 'musikk', 'Synger og spiller evergreens og opptrer på sykehjem og sommerfester.', 'post@askerevergreenkor.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000023', '915008518', 'Asker Svømmeklubb', 'idrett', 'Svømmeopplæring og trening.', 'post@askersvommeklubb.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000024', '915008887', 'Asker Volleyballklubb', 'idrett', 'Volleyball for mosjonister.', 'post@askervolleyballklubb.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000025', '915009255', 'Asker Fotballklubb', 'idrett', 'Fotball for alle, også tilrettelagte lag.', 'post@askerfotballklubb.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000026', '915009638', 'Asker Kunstforening', 'kultur', 'Kurs i maling og tegning.', 'post@askerkunstforening.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000027', '915009999', 'Asker Ridesenter', 'idrett', 'Terapiridning og vanlige ridetimer.', 'post@askerridesenter.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000028', '915010369', 'Asker Sjakklubb', 'annet', 'Sjakk og hyggelig selskap.', 'post@askersjakklubb.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000029', '915010733', 'Asker Skiklubb', 'friluft', 'Langrenn om vinteren, rulleski om sommeren.', 'post@askerskiklubb.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000030', '915011101', 'Asker Matklubb', 'annet', 'Bra mat-kurs og ut og spise-grupper.', 'post@askermatklubb.no', 'Asker'),
  ('44444444-0000-4000-8000-000000000031', '915011470', 'Kongsberg Modellflyklubb', 'annet', '', null, 'Kongsberg'),
  ('44444444-0000-4000-8000-000000000032', '915011845', 'Asker Brettspillklubb', 'annet', '', null, 'Asker'),
  ('44444444-0000-4000-8000-000000000033', '915012213', 'Asker Roklubb', 'idrett', '', null, 'Asker');

insert into app.partnerships (organisation_id, municipality_id, status, decided_at) values
  ('44444444-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000002', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000003', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000004', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000005', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000006', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000007', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000008', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000009', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000010', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000011', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000012', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000013', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000014', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000015', '22222222-0000-4000-8000-000000003303', 'verified', now()),
  ('44444444-0000-4000-8000-000000000016', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000017', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000018', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000019', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000020', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000021', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000022', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000023', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000024', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000025', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000026', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000027', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000028', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000029', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000030', '22222222-0000-4000-8000-000000003203', 'verified', now()),
  ('44444444-0000-4000-8000-000000000031', '22222222-0000-4000-8000-000000003303', 'pending', null),
  ('44444444-0000-4000-8000-000000000032', '22222222-0000-4000-8000-000000003203', 'pending', null),
  ('44444444-0000-4000-8000-000000000033', '22222222-0000-4000-8000-000000003203', 'pending', null);

insert into app.activities (id, organisation_id, municipality_id, title, category, description, place, age_min, age_max, adaptation_tags, capacity, fee_ore, fee_period, is_public, season_start, season_end) values
  ('55555555-0000-4000-8000-000000000001', '44444444-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000003303', 'Turngruppe for barn med tilpasningsbehov', 'idrett', 'Turn og lek for alle aldre, på samme arena som de ordinære gruppene.', 'Turn', 6, 12, array['egen hjelper','rolig miljø']::text[], 3, 600, 'half_year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000002', '44444444-0000-4000-8000-000000000002', '22222222-0000-4000-8000-000000003303', 'Golf for alle', 'idrett', 'Golf mai–oktober, med grønt kort-kurs.', 'Golfklubb', 12, 80, array['instruktør','rullestol']::text[], 4, 250000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000003', '44444444-0000-4000-8000-000000000003', '22222222-0000-4000-8000-000000003303', 'Fredagsbowling', 'idrett', 'Bowling hver fredag, med mat etterpå.', 'Bowlingklubb', 16, 99, array['rampe','rullestol']::text[], 5, 120000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000004', '44444444-0000-4000-8000-000000000004', '22222222-0000-4000-8000-000000003303', 'Korøvelse', 'musikk', 'Firstemt mannskor som synger alt fra folketoner til pop.', 'Mannskor', 18, 99, array['hørselsslynge']::text[], 2, 150000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000005', '44444444-0000-4000-8000-000000000005', '22222222-0000-4000-8000-000000003303', 'Jazzkor', 'musikk', 'Blandakor med jazz og viser.', 'Kongsberg', 16, 99, array['rolig miljø']::text[], 3, 90000, 'half_year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000006', '44444444-0000-4000-8000-000000000006', '22222222-0000-4000-8000-000000003303', 'Teatergruppe ungdom', 'kultur', 'Amatørteater med to oppsetninger i året.', 'Teaterlag', 13, 19, array['rolig miljø','tegnspråk']::text[], 4, 80000, 'half_year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000007', '44444444-0000-4000-8000-000000000006', '22222222-0000-4000-8000-000000003303', 'Teatergruppe voksne', 'kultur', 'Amatørteater med to oppsetninger i året.', 'Teaterlag', 20, 99, '{}', 5, 80000, 'half_year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000008', '44444444-0000-4000-8000-000000000007', '22222222-0000-4000-8000-000000003303', 'Lørdagsturer', 'friluft', 'Turer i skog og fjell rundt Kongsberg.', 'Turlag', 10, 99, array['egen hjelper','transport']::text[], 2, 50000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000009', '44444444-0000-4000-8000-000000000008', '22222222-0000-4000-8000-000000003303', 'Fri lek i vann', 'idrett', 'Svømming og lek i vann.', 'Svømmeklubb', 5, 99, array['heis i bassenget','rullestol','varmt vann']::text[], 3, 100000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000010', '44444444-0000-4000-8000-000000000009', '22222222-0000-4000-8000-000000003303', 'Hip-hop og kreativ dans', 'kultur', 'Hip-hop og kreativ dans.', 'Dansestudio', 10, 25, array['rolig miljø']::text[], 4, 3500, 'month', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000011', '44444444-0000-4000-8000-000000000010', '22222222-0000-4000-8000-000000003303', 'Malekurs', 'kultur', 'Malekurs for voksne, nybegynnere velkommen.', 'Malerforening', 18, 99, array['rolig miljø','små grupper']::text[], 5, 60000, 'half_year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000012', '44444444-0000-4000-8000-000000000011', '22222222-0000-4000-8000-000000003303', 'Klubbkveld', 'annet', 'Sjakk for alle nivåer.', 'Sjakklubb', 8, 99, array['rolig miljø','rullestol']::text[], 2, 40000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000013', '44444444-0000-4000-8000-000000000012', '22222222-0000-4000-8000-000000003303', 'Hundekjøring', 'friluft', 'Hundekjøring for store og små.', 'Hundekjørerlag', 6, 99, array['egen hjelper','rullestol']::text[], 3, 70000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000014', '44444444-0000-4000-8000-000000000013', '22222222-0000-4000-8000-000000003303', 'Tennis for nybegynnere', 'idrett', 'Tennis inne og ute.', 'Tennisklubb', 10, 70, array['instruktør']::text[], 4, 180000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000015', '44444444-0000-4000-8000-000000000014', '22222222-0000-4000-8000-000000003303', 'Spinnvill spinning', 'idrett', 'Spinning med høy musikk og godt humør.', 'Spinnvill', 16, 70, array['instruktør']::text[], 5, 4000, 'month', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000016', '44444444-0000-4000-8000-000000000015', '22222222-0000-4000-8000-000000003303', 'Bildekveld', 'kultur', 'Fototurer og bildekvelder.', 'Fotoklubb', 14, 99, array['rolig miljø']::text[], 2, 30000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000017', '44444444-0000-4000-8000-000000000016', '22222222-0000-4000-8000-000000003203', 'Klatregruppe', 'idrett', 'Klatring med instruktører, fra første tak til egne ruter.', 'Klatreklubb', 8, 30, array['egen hjelper','instruktør']::text[], 3, 150000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000018', '44444444-0000-4000-8000-000000000017', '22222222-0000-4000-8000-000000003203', 'Golfgruppe', 'idrett', 'Golf mai–oktober. Noen deltakere har vært med i Special Olympics.', 'Golfklubb', 12, 99, array['instruktør']::text[], 4, 300000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000019', '44444444-0000-4000-8000-000000000018', '22222222-0000-4000-8000-000000003203', 'Bowling og mat', 'idrett', 'Bowling og sosialt samvær.', 'Bowlingklubb', 16, 99, array['rullestol']::text[], 5, 110000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000020', '44444444-0000-4000-8000-000000000019', '22222222-0000-4000-8000-000000003203', 'Ungdomsteater', 'kultur', 'Teater for ungdom og voksne.', 'Teaterlag', 13, 20, array['tegnspråk']::text[], 2, 70000, 'half_year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000021', '44444444-0000-4000-8000-000000000020', '22222222-0000-4000-8000-000000003203', 'Friluftsgruppe', 'friluft', 'Turer hver tredje lørdag i Asker og omegn.', 'Turlag', 16, 99, array['transport']::text[], 3, 45000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000022', '44444444-0000-4000-8000-000000000021', '22222222-0000-4000-8000-000000003203', 'Korpsøvelse', 'musikk', 'Korps for alle aldre.', 'Musikkorps', 10, 99, array['hørselsslynge']::text[], 4, 120000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000023', '44444444-0000-4000-8000-000000000022', '22222222-0000-4000-8000-000000003203', 'Evergreenkoret', 'musikk', 'Synger og spiller evergreens og opptrer på sykehjem og sommerfester.', 'Evergreenkor', 18, 99, array['rolig miljø','rullestol']::text[], 5, 50000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000024', '44444444-0000-4000-8000-000000000023', '22222222-0000-4000-8000-000000003203', 'Svømmegruppe', 'idrett', 'Svømmeopplæring og trening.', 'Svømmeklubb', 6, 99, array['heis i bassenget','varmt vann']::text[], 2, 95000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000025', '44444444-0000-4000-8000-000000000024', '22222222-0000-4000-8000-000000003203', 'Mosjonsvolleyball', 'idrett', 'Volleyball for mosjonister.', 'Volleyballklubb', 16, 70, '{}', 3, 130000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000026', '44444444-0000-4000-8000-000000000025', '22222222-0000-4000-8000-000000003203', 'Tilrettelagt fotball', 'idrett', 'Fotball for alle, også tilrettelagte lag.', 'Fotballklubb', 8, 40, array['egen hjelper','rolig miljø']::text[], 4, 120000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000027', '44444444-0000-4000-8000-000000000026', '22222222-0000-4000-8000-000000003203', 'Tegnekurs', 'kultur', 'Kurs i maling og tegning.', 'Kunstforening', 12, 99, array['små grupper']::text[], 5, 55000, 'half_year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000028', '44444444-0000-4000-8000-000000000027', '22222222-0000-4000-8000-000000003203', 'Ridning', 'idrett', 'Terapiridning og vanlige ridetimer.', 'Ridesenter', 6, 60, array['egen hjelper','rullestol']::text[], 2, 4500, 'month', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000029', '44444444-0000-4000-8000-000000000028', '22222222-0000-4000-8000-000000003203', 'Sjakkveld', 'annet', 'Sjakk og hyggelig selskap.', 'Sjakklubb', 8, 99, '{}', 3, 30000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000030', '44444444-0000-4000-8000-000000000029', '22222222-0000-4000-8000-000000003203', 'Langrenn for alle', 'friluft', 'Langrenn om vinteren, rulleski om sommeren.', 'Skiklubb', 8, 80, array['instruktør','transport']::text[], 4, 80000, 'year', true, '2026-08-15', '2027-06-20'),
  ('55555555-0000-4000-8000-000000000031', '44444444-0000-4000-8000-000000000030', '22222222-0000-4000-8000-000000003203', 'Bra mat-kurs', 'annet', 'Bra mat-kurs og ut og spise-grupper.', 'Matklubb', 16, 99, array['små grupper']::text[], 5, 40000, 'half_year', true, '2026-08-15', '2027-06-20');

insert into app.activity_slots (activity_id, weekday, starts_at, ends_at) values
  ('55555555-0000-4000-8000-000000000001', 2, '17:00', '18:00'),
  ('55555555-0000-4000-8000-000000000002', 4, '17:30', '19:30'),
  ('55555555-0000-4000-8000-000000000003', 5, '18:00', '20:00'),
  ('55555555-0000-4000-8000-000000000004', 1, '19:00', '21:00'),
  ('55555555-0000-4000-8000-000000000005', 3, '19:00', '21:00'),
  ('55555555-0000-4000-8000-000000000006', 2, '18:00', '20:30'),
  ('55555555-0000-4000-8000-000000000007', 4, '19:00', '21:30'),
  ('55555555-0000-4000-8000-000000000008', 6, '10:00', '14:00'),
  ('55555555-0000-4000-8000-000000000009', 7, '12:00', '13:30'),
  ('55555555-0000-4000-8000-000000000010', 3, '17:00', '18:00'),
  ('55555555-0000-4000-8000-000000000011', 2, '11:00', '13:00'),
  ('55555555-0000-4000-8000-000000000012', 4, '18:00', '21:00'),
  ('55555555-0000-4000-8000-000000000013', 6, '11:00', '14:00'),
  ('55555555-0000-4000-8000-000000000014', 1, '17:00', '18:30'),
  ('55555555-0000-4000-8000-000000000015', 3, '19:00', '20:00'),
  ('55555555-0000-4000-8000-000000000016', 1, '19:00', '21:00'),
  ('55555555-0000-4000-8000-000000000017', 2, '17:00', '19:00'),
  ('55555555-0000-4000-8000-000000000017', 4, '17:00', '19:00'),
  ('55555555-0000-4000-8000-000000000018', 3, '16:00', '18:00'),
  ('55555555-0000-4000-8000-000000000019', 5, '17:00', '19:30'),
  ('55555555-0000-4000-8000-000000000020', 1, '18:00', '20:00'),
  ('55555555-0000-4000-8000-000000000021', 6, '10:00', '15:00'),
  ('55555555-0000-4000-8000-000000000022', 2, '18:30', '20:30'),
  ('55555555-0000-4000-8000-000000000023', 4, '12:00', '14:00'),
  ('55555555-0000-4000-8000-000000000024', 2, '18:00', '19:00'),
  ('55555555-0000-4000-8000-000000000025', 3, '20:00', '21:30'),
  ('55555555-0000-4000-8000-000000000026', 1, '17:30', '18:30'),
  ('55555555-0000-4000-8000-000000000027', 5, '16:00', '18:00'),
  ('55555555-0000-4000-8000-000000000028', 7, '11:00', '12:00'),
  ('55555555-0000-4000-8000-000000000029', 2, '18:00', '21:00'),
  ('55555555-0000-4000-8000-000000000030', 6, '10:00', '12:00'),
  ('55555555-0000-4000-8000-000000000031', 3, '17:00', '19:30');

-- The demo climbing club works with Kongsberg and has a bank account and an activity, which
-- runs all year so that the demo facilitator always has sessions this week.
update app.organisations
   set kind = 'idrett', description = 'Klatring med instruktører for alle som vil prøve.',
       contact_email = 'post@klatreklubb.sammen.test', postal_address = 'Postboks 112', postal_code = '3602',
       postal_town = 'Kongsberg'
 where id = '33333333-0000-4000-8000-000000000001';
insert into app.organisation_private (organisation_id, bank_account)
values ('33333333-0000-4000-8000-000000000001', '86011117947');
insert into app.partnerships (organisation_id, municipality_id, status, decided_at) values
  ('33333333-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000003303', 'verified', now());
insert into app.activities (id, organisation_id, municipality_id, title, category, description, place, age_min,
                            age_max, adaptation_tags, capacity, fee_ore, fee_period, is_public, season_start, season_end)
values ('55555555-0000-4000-8000-000000000100', '33333333-0000-4000-8000-000000000001',
        '22222222-0000-4000-8000-000000003303', 'Klatring for alle', 'idrett',
        'Buldring og tauklatring med instruktør. Utstyr kan lånes.', 'Klatresenteret', 8, 99,
        array['egen hjelper', 'instruktør', 'rullestol'], 4, 150000, 'year', true, null, null);
insert into app.activity_slots (activity_id, weekday, starts_at, ends_at) values
  ('55555555-0000-4000-8000-000000000100', 2, '17:00', '19:00'),
  ('55555555-0000-4000-8000-000000000100', 4, '17:00', '19:00');

-- Agreement templates (version 1) for both municipalities.
insert into app.agreement_templates (municipality_id, version, body, created_by)
select m.id, 1, $template$SAMARBEIDSAVTALE – FRITID MED BISTAND

mellom {{kommune}} og {{organisasjon}}

1. Formål
Avtalen skal gjøre det mulig for personer med behov for bistand å delta i organisasjonens ordinære
aktiviteter, med en tilrettelegger fra organisasjonen og oppfølging fra kommunen.

2. Periode
Avtalen gjelder for perioden {{periode}}.

3. Organisasjonens ansvar
Organisasjonen utpeker en tilrettelegger for hver aktivitet som tar imot deltakere. Tilretteleggeren
tar imot deltakeren, legger til rette for deltakelsen og fører oppmøte i Sammen.

4. Kommunens ansvar
Kommunen kartlegger deltakerens ønsker, fatter vedtak, følger opp deltakeren og evaluerer tiltaket.

5. Økonomi
Kommunen dekker: {{kontingent}}.
Utstyr per deltaker per år: inntil {{utstyrstak}}.
Godtgjørelse til organisasjonen per tiltak: {{godtgjorelse}}.
Refusjon kreves i Sammen med kvittering.

6. Taushetsplikt
Tilretteleggeren signerer taushetserklæring før hun eller han får opplysninger om deltakere.

7. Kontaktpersoner
Kommunen: {{kontakt_kommune}}. Organisasjonen: {{kontakt_organisasjon}}.$template$,
       (select user_id from app.staff s where s.municipality_id = m.id and s.role = 'admin' limit 1)
from app.municipalities m;

-- Kongsberg and the demo climbing club have an active agreement covering "Klatring for alle",
-- signed by the club's leader and countersigned by the caseworker, with the demo facilitator
-- named and accepted. Dates are relative to today so that the demo never goes stale.
insert into app.agreements (id, municipality_id, organisation_id, template_id, valid_from, valid_to, covered_fees,
                            equipment_cap_ore, municipality_contact, organisation_contact, created_by)
select '66666666-1111-4000-8000-000000000001', t.municipality_id, '33333333-0000-4000-8000-000000000001', t.id,
       app.today() - 90, app.today() + 275, 'Årskontingent', 300000, 'Sindre Saksbehandler', 'Lena Leder',
       '11111111-0000-4000-8000-000000000002'
from app.agreement_templates t
where t.municipality_id = '22222222-0000-4000-8000-000000003303' and t.version = 1;

-- Signed the way the use cases do it: frozen text, the club first, then the municipality
-- (the triggers check each step).
update app.agreements a
   set status = 'awaiting_organisation', sent_at = now() - interval '85 days', rendered_text = app.render_agreement(a),
       text_hash = encode(extensions.digest(app.render_agreement(a), 'sha256'), 'hex')
 where a.id = '66666666-1111-4000-8000-000000000001';
insert into app.agreement_signatures (agreement_id, party, signer_id, signer_name, signer_role, signed_at, text_hash)
select id, 'organisation', '11111111-0000-4000-8000-000000000005', 'Lena Leder', 'Styreleder', now() - interval '84 days', text_hash
from app.agreements where id = '66666666-1111-4000-8000-000000000001';
update app.agreements set status = 'awaiting_municipality' where id = '66666666-1111-4000-8000-000000000001';
insert into app.agreement_signatures (agreement_id, party, signer_id, signer_name, signer_role, signed_at, text_hash)
select id, 'municipality', '11111111-0000-4000-8000-000000000002', 'Sindre Saksbehandler', 'Saksbehandler',
       now() - interval '83 days', text_hash
from app.agreements where id = '66666666-1111-4000-8000-000000000001';
update app.agreements set status = 'active', activated_at = now() - interval '83 days'
 where id = '66666666-1111-4000-8000-000000000001';

insert into app.agreement_activities (agreement_id, activity_id)
values ('66666666-1111-4000-8000-000000000001', '55555555-0000-4000-8000-000000000100');
insert into app.facilitator_namings (agreement_id, activity_id, facilitator_id, named_at, accepted_at,
                                     declaration_name, declaration_hash)
values ('66666666-1111-4000-8000-000000000001', '55555555-0000-4000-8000-000000000100',
        '11111111-0000-4000-8000-000000000006', now() - interval '83 days', now() - interval '80 days',
        'Tor Tilrettelegger', encode(extensions.digest(app.confidentiality_declaration(), 'sha256'), 'hex'));

-- Three Kongsberg participants placed in the climbing activity a few weeks ago; the
-- caseworker shares one note with the facilitator and keeps one note for the team.
insert into app.participants (id, municipality_id, first_name, birth_year, contact_name, contact_phone, activity_note,
                              share_activity_note, interests, wishes, created_by) values
  ('77777777-1111-4000-8000-000000000001', '22222222-0000-4000-8000-000000003303', 'Emma',
   extract(year from app.today())::int - 15, 'Mona (mor)', '912 34 567',
   'Liker å komme litt før de andre for å bli kjent med rommet.', true, array['klatring', 'idrett'],
   'Vil prøve noe nytt sammen med jevnaldrende.', '11111111-0000-4000-8000-000000000002'),
  ('77777777-1111-4000-8000-000000000002', '22222222-0000-4000-8000-000000003303', 'Jonas',
   extract(year from app.today())::int - 24, null, null, 'Trenger rolige instruksjoner.', false,
   array['idrett', 'instruktør'], 'Ønsker å trene fast en gang i uka.', '11111111-0000-4000-8000-000000000002'),
  ('77777777-1111-4000-8000-000000000003', '22222222-0000-4000-8000-000000003303', 'Aisha',
   extract(year from app.today())::int - 31, null, null, '', false, array['klatring', 'friluft'],
   'Vil bli sterkere og ha noe å gjøre på ettermiddagen.', '11111111-0000-4000-8000-000000000002');

insert into app.participant_notes (participant_id, municipality_id, body, author_id)
values ('77777777-1111-4000-8000-000000000002', '22222222-0000-4000-8000-000000003303',
        'Kartleggingssamtale med Jonas: klatring var førstevalget. Følges opp etter fire uker.',
        '11111111-0000-4000-8000-000000000002');

insert into app.placements (id, participant_id, municipality_id, activity_id, organisation_id, agreement_id,
                            status, starts_on, ends_on, created_by)
select p.id, p.participant_id, '22222222-0000-4000-8000-000000003303', '55555555-0000-4000-8000-000000000100',
       '33333333-0000-4000-8000-000000000001', '66666666-1111-4000-8000-000000000001',
       'active', app.today() - p.weeks_ago * 7,
       app.today() - p.weeks_ago * 7 + 364, '11111111-0000-4000-8000-000000000002'
from (values
  ('88888888-1111-4000-8000-000000000001'::uuid, '77777777-1111-4000-8000-000000000001'::uuid, 5),
  ('88888888-1111-4000-8000-000000000002'::uuid, '77777777-1111-4000-8000-000000000002'::uuid, 4),
  ('88888888-1111-4000-8000-000000000003'::uuid, '77777777-1111-4000-8000-000000000003'::uuid, 3)
) as p (id, participant_id, weeks_ago);

-- This year's budgets in both municipalities, so claims can be approved (R5) and the budget
-- page has figures.
insert into app.budgets (municipality_id, year, kind, amount_ore)
select m.id, extract(year from app.today())::int, k.kind::app.claim_kind, k.amount_ore
from app.municipalities m
cross join (values ('kontingent', 20000000), ('utstyr', 10000000), ('godtgjorelse', 5000000)) as k (kind, amount_ore);

-- The climbing club has claimed Emma's membership fee; it waits in the caseworker's queue.
insert into app.claims (municipality_id, organisation_id, placement_id, agreement_id, kind, status, amount_ore,
                        period_start, period_end, description, created_by, submitted_at, first_submitted_at)
select p.municipality_id, p.organisation_id, p.id, p.agreement_id, 'kontingent', 'submitted', 150000,
       p.starts_on, p.ends_on, 'Årskontingent for Emma', '11111111-0000-4000-8000-000000000005',
       now() - interval '3 days', now() - interval '3 days'
from app.placements p where p.id = '88888888-1111-4000-8000-000000000001';

-- Last year's inclusion prize in Kongsberg went to Kongsberg Turn: the roll of honour has a winner.
insert into app.prize_rounds (id, municipality_id, year, title, prize_description, status, opens_at, closes_at,
                              created_by, announced_at)
values ('99999999-1111-4000-8000-000000000001', '22222222-0000-4000-8000-000000003303',
        extract(year from app.today())::int - 1, 'Inkluderingsprisen ' || (extract(year from app.today())::int - 1),
        'Et diplom og 20 000 kroner til klubbens arbeid med å inkludere alle.', 'announced',
        now() - interval '400 days', now() - interval '340 days', '11111111-0000-4000-8000-000000000001',
        now() - interval '300 days');
insert into app.prize_criteria (round_id, position, title, description, weight) values
  ('99999999-1111-4000-8000-000000000001', 1, 'Åpenhet for alle', 'Aktivitetene er åpne for alle som vil være med.', 2),
  ('99999999-1111-4000-8000-000000000001', 2, 'Varig deltakelse', 'Deltakerne fortsetter som vanlige medlemmer.', 1);
insert into app.prize_winners (round_id, organisation_id, citation)
values ('99999999-1111-4000-8000-000000000001', '44444444-0000-4000-8000-000000000001',
        'Kongsberg Turn har tatt imot barn med tilpasningsbehov på de ordinære treningene, og de fleste er blitt værende.');

-- What Enhetsregisteret says about two demo clubs, as the local stack's stand-in for
-- Brønnøysundregistrene answers (supabase/local/brreg.ts): the climbing club matches what it
-- typed, and the bowling club is being wound up, which Kongsberg's caseworkers see as a
-- register change. The server's first re-check looks up the other demo clubs.
select api.record_register_snapshot('33333333-0000-4000-8000-000000000001', '{
  "outcome": "found", "name": "Kongsberg Klatreklubb", "form_code": "FLI", "form_description": "Forening/lag/innretning",
  "business_address": {"lines": ["Gamle Gomsrudveg 2"], "postal_code": "3616", "postal_town": "KONGSBERG", "municipality_number": "3303"},
  "postal_address": {"lines": ["Postboks 112"], "postal_code": "3602", "postal_town": "KONGSBERG", "municipality_number": "3303"},
  "voluntary_register": true}');
select api.record_register_snapshot('44444444-0000-4000-8000-000000000003', '{
  "outcome": "found", "name": "Kongsberg Bowlingklubb", "form_code": "FLI", "form_description": "Forening/lag/innretning",
  "business_address": {"lines": ["Bowlingsenteret, Storgata 30"], "postal_code": "3616", "postal_town": "KONGSBERG", "municipality_number": "3303"},
  "voluntary_register": true, "under_liquidation": true}');
