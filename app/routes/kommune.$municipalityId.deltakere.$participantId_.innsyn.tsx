import { Heading, Link, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Detail, PageSection } from "~/components/page-section";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import type { ParticipantExport } from "~/lib/sessions";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accessExport.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const held = await loadApi(supabase, "participant_export", { participant_id: idParam(params.participantId) });
  if (held.participant.municipality_id !== idParam(params.municipalityId)) throw new Response(null, { status: 404 });
  headers.set("Cache-Control", "no-store");
  return data(held, { headers });
}

/** The access-request export in words, for the caseworker to read through or print. */
export default function AccessExport() {
  const { t, dateTime } = useT();
  const held = useLoaderData<typeof loader>();
  const { participant } = held;
  const dash = (value: string | null | undefined) => value || "–";
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("accessExport.heading", { name: participant.first_name })}
      </Heading>
      <Paragraph className="mb-2">
        {t("accessExport.lead", { municipality: held.municipality.name, at: dateTime(held.exported_at) })}
      </Paragraph>
      <Paragraph className="mb-8">
        <Link href={`/kommune/${participant.municipality_id}/deltakere/${participant.id}/innsyn.json`} download>
          {t("accessExport.download")}
        </Link>
      </Paragraph>
      <div className="grid gap-10">
        <PageSection heading="participant.details">
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
            <Detail term="participant.firstName">{participant.first_name}</Detail>
            <Detail term="participant.birthYear">{participant.birth_year}</Detail>
            <Detail term="participant.contactName">{dash(participant.contact_name)}</Detail>
            <Detail term="participant.contactPhone">{dash(participant.contact_phone)}</Detail>
            <Detail term="participant.activityNote">
              {dash(participant.activity_note)}{" "}
              {t(participant.share_activity_note ? "participant.noteShared" : "participant.noteNotShared")}
            </Detail>
            <Detail term="participant.interests">{dash(participant.interests.join(", "))}</Detail>
            <Detail term="participant.wishes">{dash(participant.wishes)}</Detail>
            <Detail term="accessExport.registered">{dateTime(participant.created_at)}</Detail>
            <Detail term="accessExport.anonymised">
              {participant.anonymised_at ? dateTime(participant.anonymised_at) : t("accessExport.no")}
            </Detail>
          </dl>
        </PageSection>

        <PageSection heading="participant.notes">
          {held.notes.length === 0 ? <Paragraph>{t("accessExport.none")}</Paragraph> : null}
          {held.notes.map((note) => (
            <div key={note.id} className="mb-4">
              <Paragraph data-size="sm">{dateTime(note.created_at)}</Paragraph>
              <Paragraph className="whitespace-pre-line">{note.body}</Paragraph>
            </div>
          ))}
        </PageSection>

        <PageSection heading="participant.placements">
          {held.placements.length === 0 ? <Paragraph>{t("participant.noPlacements")}</Paragraph> : null}
          {held.placements.map((placement) => (
            <HeldPlacement key={placement.id} placement={placement} />
          ))}
        </PageSection>
      </div>
      <Paragraph className="mt-10">
        <TextLink to={`/kommune/${participant.municipality_id}/deltakere/${participant.id}`}>
          {t("accessExport.back")}
        </TextLink>
      </Paragraph>
    </>
  );
}

function HeldPlacement({ placement }: { placement: ParticipantExport["placements"][number] }) {
  const { t, date } = useT();
  return (
    <section className="mb-8">
      <Heading level={3} data-size="sm" className="mb-2">
        {placement.activity}, {placement.organisation}
      </Heading>
      <Paragraph className="mb-2">
        {date(placement.starts_on, "short")}–{date(placement.ended_on ?? placement.ends_on, "short")},{" "}
        {t(`placement.${placement.status}`)}
        {placement.outcome ? `: ${t(`outcome.${placement.outcome}`)}` : ""}
      </Paragraph>
      {placement.evaluation ? <Paragraph className="mb-2 whitespace-pre-line">{placement.evaluation}</Paragraph> : null}
      {placement.followups.map((followup) => (
        <Paragraph key={followup.id} className="mb-2 whitespace-pre-line">
          {date(followup.occurred_on, "short")}: {followup.body}
        </Paragraph>
      ))}
      {placement.attendance.length > 0 ? (
        <Table data-size="sm">
          <caption className="text-left">{t("accessExport.attendance", { activity: placement.activity })}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t("accessExport.date")}</Table.HeaderCell>
              <Table.HeaderCell>{t("placement.status")}</Table.HeaderCell>
              <Table.HeaderCell>{t("accessExport.note")}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {placement.attendance.map((mark) => (
              <Table.Row key={mark.date}>
                <Table.Cell>{date(mark.date, "short")}</Table.Cell>
                <Table.Cell>{t(`attendance.${mark.status}`)}</Table.Cell>
                <Table.Cell>{mark.note ?? "–"}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      ) : null}
    </section>
  );
}
