import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ClaimFields } from "~/components/claim-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SubmitButton } from "~/components/forms";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { claimFieldLabelsFor, claimFieldsSchema, readableFailure, saveClaimArgs } from "~/lib/claim-form";
import { claimKinds, currentFeePeriod, feeForPeriod, type ClaimKind } from "~/lib/claims";
import { formatKroner, osloToday } from "~/lib/format";
import { parseForm, refuseForm } from "~/lib/forms";
import { getLang } from "~/lib/i18n/lang.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { checkReceipt, chosenFile, claimFormData, storeReceipt } from "~/lib/receipts.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "newClaim.title");

function kindParam(request: Request): ClaimKind {
  const kind = new URL(request.url).searchParams.get("type");
  return claimKinds.find((candidate) => candidate === kind) ?? "kontingent";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const form = await loadApi(supabase, "claim_form", { placement_id: idParam(params.placementId) });
  const kind = kindParam(request);
  const period = currentFeePeriod(form.activity.fee_period, osloToday(), form.placement);
  const amount_ore =
    kind === "kontingent"
      ? feeForPeriod(form.activity.fee_ore, form.activity.fee_period, period.start, period.end)
      : kind === "godtgjorelse"
        ? form.agreement.compensation_ore || null
        : null;
  const defaults = {
    amount_ore,
    period_start: kind === "godtgjorelse" ? form.placement.starts_on : period.start,
    period_end: kind === "godtgjorelse" ? form.placement.ends_on : period.end,
    purchase_date: osloToday(),
    description: "",
  };
  return data({ form, kind, defaults }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const organisationId = idParam(params.id);
  const placementId = idParam(params.placementId);
  const formData = await claimFormData(request);
  const form = parseForm(formData, claimFieldsSchema);
  if (!form.success) return data(form.failure, { status: 400, headers });
  // The receipt is checked before the claim is saved, so a refused file leaves nothing behind.
  const file = chosenFile(formData);
  const receipt = file ? await checkReceipt(file) : null;
  if (receipt && "refused" in receipt)
    return data(refuseForm(formData, receipt.refused, "receipt"), { status: 400, headers });
  let claimId: string;
  try {
    claimId = await callApi(supabase, "save_claim", { placement_id: placementId, ...saveClaimArgs(form.data) });
    if (receipt) await storeReceipt(supabase, { id: claimId, organisation_id: organisationId }, receipt);
  } catch (error) {
    return data(readableFailure(refusalToForm(error, formData), await getLang(request)), { status: 400, headers });
  }
  throw redirect(`/refusjoner/${claimId}`, { headers });
}

export default function NewClaim() {
  const { t, date } = useT();
  const { form, kind, defaults } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { agreement } = form;
  return (
    <div className="max-w-xl">
      <Heading level={1} data-size="lg" className="mb-2">
        {t("newClaim.title")}
      </Heading>
      <Paragraph className="mb-4">
        {t("newClaim.for", {
          name: form.participant?.first_name ?? "–",
          activity: form.activity.title,
          from: date(form.placement.starts_on),
          to: date(form.placement.ends_on),
        })}
      </Paragraph>
      <nav aria-label={t("newClaim.kind")} className="mb-6 flex flex-wrap gap-x-6 gap-y-2">
        {claimKinds.map((option) => (
          <TextLink key={option} to={`?type=${option}`} aria-current={option === kind ? "page" : undefined}>
            {t(`claimKind.${option}`)}
          </TextLink>
        ))}
      </nav>
      <Paragraph data-size="sm" className="mb-6">
        {kind === "utstyr"
          ? t("newClaim.equipmentTerms", {
              cap: formatKroner(agreement.equipment_cap_ore),
              used: formatKroner(form.equipment_used_ore),
            })
          : kind === "godtgjorelse"
            ? t("newClaim.compensationTerms", { amount: formatKroner(agreement.compensation_ore) })
            : t("newClaim.feeTerms", { covered: agreement.covered_fees || "–" })}
      </Paragraph>
      <ErrorSummary failure={failure} labels={claimFieldLabelsFor(kind)} />
      <Form method="post" encType="multipart/form-data" noValidate>
        <ClaimFields kind={kind} defaults={defaults} fee={form.activity} failure={failure} />
        <SubmitButton>{t("newClaim.save")}</SubmitButton>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
