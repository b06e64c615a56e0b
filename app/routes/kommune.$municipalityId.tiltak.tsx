import { Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Pager } from "~/components/pager";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { pageQuery, type PlacementFilter } from "~/lib/participants";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "placements.title");

// ?vis= in Norwegian in the address, the database's filter names behind it.
const filterByWord = { "slutter-snart": "ending_soon", "uten-oppmote": "no_attendance" } as const satisfies Record<
  string,
  PlacementFilter
>;
const query = z.object({
  vis: z
    .enum(Object.keys(filterByWord) as (keyof typeof filterByWord)[])
    .optional()
    .catch(undefined),
  side: pageQuery,
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const { vis, side } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const filter = vis ? filterByWord[vis] : undefined;
  const list = await loadApi(supabase, "placements", { municipality_id: municipalityId, filter, page: side });
  return data({ list, municipalityId }, { headers });
}

const filterLinks: { vis?: keyof typeof filterByWord; label: MessageKey }[] = [
  { label: "placements.all" },
  { vis: "slutter-snart", label: "placements.endingSoon" },
  { vis: "uten-oppmote", label: "placements.noAttendance" },
];

export default function Placements() {
  const { t, date } = useT();
  const { list, municipalityId } = useLoaderData<typeof loader>();
  const current = filterLinks.find((link) => link.vis && filterByWord[link.vis] === list.filter) ?? filterLinks[0]!;
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-4">
        {t("placements.title")}
      </Heading>
      <nav aria-label={t("placements.filters")} className="mb-6 flex flex-wrap gap-x-6 gap-y-2">
        {filterLinks.map((link) => (
          <TextLink
            key={link.label}
            to={link.vis ? `?vis=${link.vis}` : "."}
            aria-current={link === current ? "page" : undefined}
            className={link === current ? "font-bold" : undefined}
          >
            {t(link.label)}
          </TextLink>
        ))}
      </nav>
      {list.placements.length === 0 ? (
        <Paragraph>{t("placements.none")}</Paragraph>
      ) : (
        <Table>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t("placements.participant")}</Table.HeaderCell>
              <Table.HeaderCell>{t("placement.activity")}</Table.HeaderCell>
              <Table.HeaderCell>{t("placement.period")}</Table.HeaderCell>
              <Table.HeaderCell>{t("placement.status")}</Table.HeaderCell>
              <Table.HeaderCell>{t("placements.lastPresent")}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {list.placements.map((placement) => (
              <Table.Row key={placement.id}>
                <Table.Cell>
                  <TextLink to={`/kommune/${municipalityId}/deltakere/${placement.participant_id}`}>
                    {placement.participant}
                  </TextLink>
                </Table.Cell>
                <Table.Cell>
                  <TextLink to={`/tiltak/${placement.id}`}>
                    {placement.activity}, {placement.organisation}
                  </TextLink>
                </Table.Cell>
                <Table.Cell>
                  {date(placement.starts_on, "short")}–{date(placement.ends_on, "short")}
                </Table.Cell>
                <Table.Cell>{t(`placement.${placement.status}`)}</Table.Cell>
                <Table.Cell>{placement.last_attendance ? date(placement.last_attendance, "short") : "–"}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      <Pager list={list} />
    </>
  );
}
