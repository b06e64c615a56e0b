import { Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AgreementTable } from "~/components/agreement/agreement-table";
import { TextLink } from "~/components/text-link";
import { YearPicker } from "~/components/year-picker";
import { agreementStatuses } from "~/lib/agreements";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import type { FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { recentYears } from "~/lib/insight";
import { pageTitle } from "~/lib/meta";
import { idParam, yearParam } from "~/lib/params";
import { osloToday } from "~/lib/format";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "agreements.title");

// An unknown ?status= shows them all: it is only a bookmark.
const query = z.object({ status: z.enum(agreementStatuses).optional().catch(undefined) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const { status } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await loadApi(supabase, "municipality_agreements", {
    municipality_id: idParam(params.municipalityId),
    status: status ?? null,
  });
  // A year's archive package that had nothing in it comes back here (?arkivfeil=, ?year=).
  const year = yearParam(request);
  const archiveFailure: FormFailure | null =
    new URL(request.url).searchParams.get("arkivfeil") === "no_agreements_signed_in_year"
      ? {
          values: { year: String(year) },
          fieldErrors: { year: { key: "no_agreements_signed_in_year", params: { year } } },
          formErrors: [],
        }
      : null;
  return data({ list, status: status ?? null, year, years: recentYears(osloToday()), archiveFailure }, { headers });
}

/** The caseworker's agreements with every organisation, filtered by status. */
export default function MunicipalityAgreements() {
  const { t } = useT();
  const { list, status, year, years, archiveFailure } = useLoaderData<typeof loader>();
  // "All" leaves out the versions a newer one replaced; they have a filter of their own once there are any.
  const { replaced = 0, ...listed } = list.counts;
  const total = Object.values(listed).reduce((sum, count) => sum + (count ?? 0), 0);
  const filters = [
    { status: null, label: t("agreements.all", { count: total }) },
    ...agreementStatuses
      .filter((value) => value !== "replaced" || replaced > 0)
      .map((value) => ({
        status: value,
        label: t("agreements.withStatus", { status: t(`agreementStatus.${value}`), count: list.counts[value] ?? 0 }),
      })),
  ];
  const current = filters.find((filter) => filter.status === status) ?? filters[0]!;
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-4">
        {t("agreements.title")}
      </Heading>
      <Button asChild variant="secondary" className="mb-6">
        <Link to="ny">{t("agreements.new")}</Link>
      </Button>
      <nav aria-label={t("agreements.filters")} className="mb-6 flex flex-wrap gap-x-6 gap-y-2">
        {filters.map((filter) => (
          <TextLink
            key={filter.status ?? "all"}
            to={filter.status ? `?status=${filter.status}` : "."}
            aria-current={filter === current ? "page" : undefined}
            className={filter === current ? "font-bold" : undefined}
          >
            {filter.label}
          </TextLink>
        ))}
      </nav>
      {list.agreements.length === 0 ? (
        <Paragraph>{t("agreements.none")}</Paragraph>
      ) : (
        <AgreementTable
          agreements={list.agreements}
          party="organisation"
          caption={t("agreements.caption", { filter: current.label })}
        />
      )}
      <section aria-labelledby="archive-heading" className="mt-10">
        <Heading level={2} data-size="sm" id="archive-heading" className="mb-2">
          {t("agreements.archiveHeading")}
        </Heading>
        <Paragraph className="mb-4">{t("agreements.archiveLead")}</Paragraph>
        <YearPicker
          years={years}
          year={year}
          label="agreements.archiveYear"
          submit="agreements.archiveDownload"
          action={`/kommune/${list.municipality.id}/avtaler/arkiv`}
          failure={archiveFailure ?? undefined}
        />
      </section>
    </>
  );
}
