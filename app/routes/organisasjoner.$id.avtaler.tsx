import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AgreementTable } from "~/components/agreement/agreement-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "agreements.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const list = await loadApi(supabase, "organisation_agreements", { organisation_id: idParam(params.id) });
  return data(list, { headers });
}

/** The organisation's agreements with its municipalities, for its admins (drafts are the municipality's). */
export default function OrganisationAgreements() {
  const { t } = useT();
  const list = useLoaderData<typeof loader>();
  const heading = t("agreements.orgTitle", { organisation: list.organisation.name });
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-6">
        {heading}
      </Heading>
      {list.agreements.length === 0 ? (
        <Paragraph>{t("agreements.none")}</Paragraph>
      ) : (
        <AgreementTable agreements={list.agreements} party="municipality" caption={heading} />
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
