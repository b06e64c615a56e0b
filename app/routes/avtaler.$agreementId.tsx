import { Alert, Button, Heading } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { AgreementActivities } from "~/components/agreement/activities";
import { DraftForms } from "~/components/agreement/draft-forms";
import { ReviseForm, SignForm, TerminateForm } from "~/components/agreement/party-forms";
import { SignerCheckPanel } from "~/components/agreement/signer-check";
import { AgreementStatusTag } from "~/components/agreement/status-tag";
import { AgreementText, Signatures, Timeline } from "~/components/agreement/text";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Detail } from "~/components/page-section";
import { TextLink } from "~/components/text-link";
import { failureFor, type AgreementActionResult } from "~/lib/agreement-actions";
import { termsArgs, termsFields } from "~/lib/agreement-forms";
import { storeAgreementPdf } from "~/lib/agreement-pdf.server";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { osloToday } from "~/lib/format";
import { message, parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { textLimits } from "~/lib/limits";
import { deliverMailSoon } from "~/lib/mail/outbox.server";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { checkSignerOf } from "~/lib/register.server";
import type { Supabase } from "~/lib/supabase.server";
import { limitedText, listField } from "~/lib/validation";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(
    matches,
    data ? { name: `${data.agreement.organisation.name} – ${data.agreement.municipality.name}` } : "agreement.title",
  );

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const agreement = await loadApi(supabase, "agreement_page", { agreement_id: idParam(params.agreementId) });
  return data({ agreement, today: osloToday() }, { headers });
}

// The page's forms; which one is shown depends on the caller's side and the agreement's state.
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("terms"), ...termsFields, activity_ids: listField.pipe(z.array(z.uuid())) }),
  // Sending saves what the draft's form holds first, so that ticked activities are not lost.
  z.object({ intent: z.literal("send"), ...termsFields, activity_ids: listField.pipe(z.array(z.uuid())) }),
  z.object({
    intent: z.literal("sign"),
    full_name: limitedText(textLimits.agreement_signatures.signer_name).min(2, message("full_name_required")),
    signer_role: limitedText(textLimits.agreement_signatures.signer_role).min(2, message("signer_role_required")),
    confirmed: z.literal("on", message("confirmation_required")),
    text_hash: z.string(),
  }),
  z.object({
    intent: z.literal("terminate"),
    reason: limitedText(textLimits.agreements.termination_reason).min(1, message("reason_required")),
  }),
  z.object({ intent: z.literal("revise") }),
  z.object({ intent: z.literal("check_signer") }),
  z.object({
    intent: z.literal("name"),
    activity_id: z.uuid(),
    facilitator_id: z.uuid(message("not_a_facilitator")),
    alongside: z.literal("on").optional(),
  }),
  z.object({
    intent: z.literal("police"),
    activity_id: z.uuid(),
    facilitator_id: z.uuid(),
    seen_on: z.iso.date(message("date_required")),
  }),
  z.object({ intent: z.literal("end"), activity_id: z.uuid(), facilitator_id: z.uuid() }),
]);

type Input = z.output<typeof schema>;

/** Does what the form asked; returns where to go next, or null to stay on the page. */
async function perform(supabase: Supabase, agreement_id: string, input: Input) {
  switch (input.intent) {
    case "terms":
      await saveDraft(supabase, agreement_id, input);
      return "?lagret=1";
    case "send":
      await saveDraft(supabase, agreement_id, input);
      await callApi(supabase, "send_agreement", { agreement_id });
      return null;
    case "sign": {
      const { full_name, signer_role, text_hash } = input;
      const status = await callApi(supabase, "sign_agreement", {
        agreement_id,
        full_name,
        signer_role,
        confirmed: true,
        text_hash,
      });
      if (status === "active") await storePdfOfActive(supabase, agreement_id);
      // The caseworker sees before countersigning whether the signer holds a role in the register.
      if (status === "awaiting_municipality") await checkSignerOf(agreement_id);
      return null;
    }
    case "terminate":
      await callApi(supabase, "terminate_agreement", { agreement_id, reason: input.reason });
      return null;
    case "revise":
      return `/avtaler/${await callApi(supabase, "revise_agreement", { agreement_id })}`;
    case "check_signer": {
      // Stored by the service role: only a caseworker who may countersign may ask.
      const page = await loadApi(supabase, "agreement_page", { agreement_id });
      if (!page.can.countersign) throw new Response("Not awaiting your countersignature", { status: 403 });
      await checkSignerOf(agreement_id);
      return null;
    }
    case "name":
      await callApi(supabase, "name_facilitator", {
        agreement_id,
        activity_id: input.activity_id,
        facilitator_id: input.facilitator_id,
        alongside: input.alongside === "on",
      });
      return null;
    case "police":
      await callApi(supabase, "record_police_certificate", {
        agreement_id,
        activity_id: input.activity_id,
        facilitator_id: input.facilitator_id,
        seen_on: input.seen_on,
      });
      return null;
    case "end":
      await callApi(supabase, "end_facilitator_role", {
        agreement_id,
        activity_id: input.activity_id,
        facilitator_id: input.facilitator_id,
      });
      return null;
  }
}

async function saveDraft(
  supabase: Supabase,
  agreement_id: string,
  input: Extract<Input, { intent: "terms" | "send" }>,
) {
  await callApi(supabase, "update_agreement", { agreement_id, ...termsArgs(input) });
  await callApi(supabase, "set_agreement_activities", { agreement_id, activity_ids: input.activity_ids });
}

/**
 * The signed PDF is stored when the agreement becomes active. The signatures stand even if
 * this fails; the first download stores it then.
 */
async function storePdfOfActive(supabase: Supabase, agreement_id: string) {
  try {
    await storeAgreementPdf(supabase, await callApi(supabase, "agreement_page", { agreement_id }));
  } catch (error) {
    console.error("Storing the agreement PDF failed; the first download will", error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const agreementId = idParam(params.agreementId);
  const formData = await readForm(request);
  const answer = (failure: AgreementActionResult["failure"]) =>
    data<AgreementActionResult>(
      {
        intent: String(formData.get("intent")),
        formKey: String(formData.get("form_key") ?? formData.get("activity_id") ?? ""),
        failure,
      },
      { status: 400, headers },
    );
  const form = parseForm(formData, schema);
  if (!form.success) return answer(form.failure);
  let next: string | null;
  try {
    next = await perform(supabase, agreementId, form.data);
  } catch (error) {
    return answer(refusalToForm(error, formData));
  }
  // Sending, signing, terminating and naming queue e-mail to the other side.
  deliverMailSoon();
  const path = new URL(request.url).pathname;
  throw redirect(next?.startsWith("/") ? next : `${path}${next ?? ""}`, { headers });
}

export default function Agreement() {
  const { t, date } = useT();
  const { agreement, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-4">
        {t("agreement.heading", {
          municipality: agreement.municipality.name,
          organisation: agreement.organisation.name,
        })}
      </Heading>
      <dl className="mb-6 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
        <Detail term="agreement.status">
          <AgreementStatusTag status={agreement.status} />
        </Detail>
        <Detail term="agreement.period">
          {date(agreement.valid_from)} – {date(agreement.valid_to)}
        </Detail>
        <Detail term="agreement.templateVersion">
          {t("agreement.templateVersionValue", { version: agreement.template_version })}
        </Detail>
        {agreement.replaces_id ? (
          <Detail term="agreement.replaces">
            <TextLink to={`/avtaler/${agreement.replaces_id}`}>{t("agreement.replacesLink")}</TextLink>
          </Detail>
        ) : null}
        {agreement.replaced_by ? (
          <Detail term="agreement.replacedBy">
            <TextLink to={`/avtaler/${agreement.replaced_by}`}>{t("agreement.replacedByLink")}</TextLink>
          </Detail>
        ) : null}
        {agreement.termination_reason ? (
          <Detail term="agreement.terminationReason">{agreement.termination_reason}</Detail>
        ) : null}
      </dl>
      {search.get("arkivfeil") === "agreement_not_signed_for_archive" ? (
        <Alert data-color="warning" className="mb-6">
          {t("agreement_not_signed_for_archive")}
        </Alert>
      ) : null}
      <div className="mb-8 flex flex-wrap gap-3">
        {agreement.can.download ? (
          <Button asChild variant="secondary">
            {/* A document, not a page: the browser follows the redirect to the signed link. */}
            <a href={`/avtaler/${agreement.id}/pdf`} download>
              {t("agreement.download")}
            </a>
          </Button>
        ) : null}
        {agreement.can.archive ? (
          <Button asChild variant="secondary">
            <a href={`/avtaler/${agreement.id}/arkiv`} download>
              {t("agreement.archive")}
            </a>
          </Button>
        ) : null}
      </div>
      <div className="grid gap-10">
        <AgreementText agreement={agreement} />
        {agreement.can.edit ? (
          <DraftForms
            agreement={agreement}
            failure={failureFor(result, "terms") ?? failureFor(result, "send")}
            saved={search.has("lagret")}
          />
        ) : null}
        {agreement.status !== "draft" ? <Signatures signatures={agreement.signatures} /> : null}
        {agreement.can.countersign ? <SignerCheckPanel check={agreement.signer_check} /> : null}
        {agreement.can.sign || agreement.can.countersign ? (
          <SignForm agreement={agreement} failure={failureFor(result, "sign")} />
        ) : null}
        <AgreementActivities agreement={agreement} result={result} today={today} />
        {agreement.can.revise ? (
          <ReviseForm signed={agreement.signatures.length > 0} failure={failureFor(result, "revise")} />
        ) : null}
        {agreement.can.terminate && agreement.status !== "draft" ? (
          <TerminateForm failure={failureFor(result, "terminate")} />
        ) : null}
        <Timeline events={agreement.timeline} />
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
