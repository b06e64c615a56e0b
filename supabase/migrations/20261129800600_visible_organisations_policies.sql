-- "Verified with at least one municipality" asked about the rows being read (issue 9).
--
-- The two public policies built the set of every verified organisation (a thousand on the
-- large municipality) for each query that read one organisation or its activities: the club
-- overview, a claim, the layout of every member's page. Asked as a semi-join, Postgres probes
-- the partnership of the row it reads, and still hashes the partnerships when it scans many.
-- Verified partnerships are readable by everyone ("Verified partnerships are public"), so
-- the policies' own reads see exactly what app.visible_organisations() saw.

alter policy "Verified organisations' profiles are public" on app.organisations
  using (exists (select 1 from app.partnerships p where p.organisation_id = organisations.id and p.status = 'verified'));

alter policy "Public activities of visible organisations are public" on app.activities
  using (is_public and exists (select 1 from app.partnerships p
                               where p.organisation_id = activities.organisation_id and p.status = 'verified'));
