import { Alert, Button, Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { TextField } from "~/components/forms";
import { Pager } from "~/components/pager";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { pageQuery } from "~/lib/participants";
import { idParam } from "~/lib/params";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "participants.title");

const query = z.object({ sok: z.string().trim().optional(), side: pageQuery });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const { sok, side } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await loadApi(supabase, "participants", {
    municipality_id: municipalityId,
    search: sok || undefined,
    page: side,
  });
  return data({ list, search: sok ?? "" }, { headers });
}

export default function Participants() {
  const { t } = useT();
  const { list, search } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("participants.heading", { municipality: list.municipality.name })}
      </Heading>
      {searchParams.has("slettet") ? (
        <Alert data-color="success" role="status" className="mb-4">
          <Paragraph>{t("mistake.deleted")}</Paragraph>
        </Alert>
      ) : null}
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <Form method="get" role="search" className="flex flex-wrap items-end gap-3">
          <TextField name="sok" label="participants.search" failure={undefined} defaultValue={search} />
          <Button type="submit" variant="secondary" className="mb-5">
            {t("participants.searchSubmit")}
          </Button>
        </Form>
        <Button asChild className="mb-5">
          <Link to="ny">{t("participants.new")}</Link>
        </Button>
      </div>
      {list.participants.length === 0 ? (
        <Paragraph>{t(search ? "participants.noneFound" : "participants.none")}</Paragraph>
      ) : (
        <Table>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t("participant.firstName")}</Table.HeaderCell>
              <Table.HeaderCell>{t("participant.birthYear")}</Table.HeaderCell>
              <Table.HeaderCell>{t("participants.activePlacements")}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {list.participants.map((participant) => (
              <Table.Row key={participant.id}>
                <Table.Cell>
                  <TextLink to={participant.id}>
                    {participant.anonymised ? t("participant.anonymised") : participant.first_name}
                  </TextLink>
                </Table.Cell>
                <Table.Cell>{participant.birth_year}</Table.Cell>
                <Table.Cell>{participant.active_placements}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      <Pager list={list} />
    </>
  );
}
