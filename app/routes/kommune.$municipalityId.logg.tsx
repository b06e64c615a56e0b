import { Button, Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SelectField, TextField } from "~/components/forms";
import { Pager } from "~/components/pager";
import { ScrollRegion } from "~/components/scroll-region";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { auditTables, fieldChanges, objectPath, tableLabel, type FieldChange } from "~/lib/audit";
import { requireUser } from "~/lib/auth.server";
import { useT } from "~/lib/i18n/react";
import { auditPageSize, type AuditEvent } from "~/lib/insight";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { pageQuery } from "~/lib/participants";
import { useViewer } from "~/lib/use-viewer";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit.title");

// The search in the address, in Norwegian; a value that does not parse is no filter.
const optionalDate = z.iso.date().optional().catch(undefined);
const query = z.object({
  hva: z.enum(auditTables).optional().catch(undefined),
  sok: z.string().trim().max(200).optional().catch(undefined),
  fra: optionalDate,
  til: optionalDate,
  side: pageQuery,
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const search = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const log = await loadApi(supabase, "audit_log", {
    municipality_id: municipalityId,
    table_name: search.hva,
    search: search.sok || undefined,
    from_date: search.fra,
    to_date: search.til,
    page: search.side,
  });
  return data({ log, search, municipalityId }, { headers });
}

/** The municipality's audit trail for its admins: searchable, newest first, read-only. */
export default function AuditLog() {
  const { t, dateTime, lang } = useT();
  const { log, search, municipalityId } = useLoaderData<typeof loader>();
  const municipality = useViewer()?.staff.find((staff) => staff.municipality_id === municipalityId);
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {municipality ? t("audit.heading", { municipality: municipality.municipality_name }) : t("audit.title")}
      </Heading>
      <Paragraph className="mb-6">{t("audit.lead")}</Paragraph>
      <Form method="get" role="search" className="mb-6 grid gap-x-4 sm:grid-cols-2 lg:grid-cols-4">
        <TextField
          name="sok"
          label="audit.search"
          hint="audit.searchHint"
          failure={undefined}
          defaultValue={search.sok}
        />
        <SelectField
          name="hva"
          label="audit.table"
          failure={undefined}
          empty={t("audit.allTables")}
          options={auditTables.map((table) => ({ value: table, label: tableLabel(table, t) }))}
          defaultValue={search.hva}
        />
        <TextField name="fra" type="date" label="audit.from" failure={undefined} defaultValue={search.fra} />
        <TextField name="til" type="date" label="audit.to" failure={undefined} defaultValue={search.til} />
        <div>
          <Button type="submit" variant="secondary">
            {t("audit.submit")}
          </Button>
        </div>
      </Form>
      {log.events.length === 0 ? (
        <Paragraph>{t("audit.none")}</Paragraph>
      ) : (
        <ScrollRegion label={t("audit.caption")}>
          <Table data-size="sm">
            <caption className="mb-2 text-left font-semibold">{t("audit.caption")}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("audit.when")}</Table.HeaderCell>
                <Table.HeaderCell>{t("audit.who")}</Table.HeaderCell>
                <Table.HeaderCell>{t("audit.what")}</Table.HeaderCell>
                <Table.HeaderCell>{t("audit.changes")}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {log.events.map((event) => (
                <Table.Row key={event.id}>
                  <Table.Cell className="whitespace-nowrap">{dateTime(event.occurred_at)}</Table.Cell>
                  <Table.Cell>{event.actor ?? t("audit.system")}</Table.Cell>
                  <Table.Cell>
                    {tableLabel(event.table, t)} {t(`audit.action.${event.action}`)}
                    <ObjectId event={event} municipalityId={municipalityId} />
                  </Table.Cell>
                  <Table.Cell>
                    <Changes changes={fieldChanges(event, t, lang)} />
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </ScrollRegion>
      )}
      <Pager list={{ total: log.total, page: log.page, page_size: auditPageSize }} />
    </>
  );
}

function Changes({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return <>–</>;
  return (
    <ul>
      {changes.map((change) => (
        <li key={change.field}>
          {change.field}: {change.from} → {change.to}
        </li>
      ))}
    </ul>
  );
}

function ObjectId({ event, municipalityId }: { event: AuditEvent; municipalityId: string }) {
  const path = objectPath(event, municipalityId);
  return (
    <span className="block text-xs break-all">
      {path ? <TextLink to={path}>{event.record_id}</TextLink> : event.record_id}
    </span>
  );
}
