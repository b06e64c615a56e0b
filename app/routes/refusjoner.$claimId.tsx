import { Alert, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ClaimFields } from "~/components/claim-fields";
import { BaseVersionField } from "~/components/stale-version";
import {
  ClaimDetails,
  ClaimHistory,
  ClaimMessages,
  ClaimStatusTag,
  ClaimSteps,
  DuplicateWarning,
  EarlierClaims,
  Receipts,
} from "~/components/claim-record";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, RadioGroupField, SubmitButton, TextareaField, TextField } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import {
  claimFieldLabels,
  claimFieldLabelsFor,
  claimFieldsSchema,
  readableFailure,
  readableMessage,
  saveClaimArgs,
} from "~/lib/claim-form";
import { isMessageKey } from "~/lib/i18n";
import type { ClaimPage } from "~/lib/claims";
import { formatKroner, osloToday } from "~/lib/format";
import { message, parseForm, refuseForm, type FormFailure } from "~/lib/forms";
import { getLang } from "~/lib/i18n/lang.server";
import { useT } from "~/lib/i18n/react";
import { deliverMailSoon } from "~/lib/mail/outbox.server";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { checkReceipt, chosenFile, claimFormData, removeReceiptObject, storeReceipt } from "~/lib/receipts.server";
import type { Supabase } from "~/lib/supabase.server";
import { baseVersion } from "~/lib/stale-version";
import { useViewer } from "~/lib/use-viewer";

/** One claim, for the organisation that makes it and the caseworkers who decide it. */
export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, data ? { name: data.page.claim.reference } : "notFound.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const page = await loadApi(supabase, "claim_page", { claim_id: idParam(params.claimId) });
  return data({ page, today: osloToday() }, { headers });
}

const decisions = ["approved", "needs_info", "rejected"] as const;
const otherIntents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("withdraw") }),
  z.object({ intent: z.literal("remove_receipt"), receipt_id: z.uuid() }),
  z.object({ intent: z.literal("authorise") }),
  z.object({
    intent: z.literal("decide"),
    decision: z.enum(decisions, message("decision_required")),
    reason: z.string().trim().optional(),
    over_limit_reason: z.string().trim().optional(),
  }),
  z.object({
    intent: z.literal("paid"),
    paid_on: z.iso.date(message("date_required")),
    payment_reference: z.string().trim().min(1, message("payment_reference_required")),
  }),
]);
const editIntents = ["save", "submit", "answer"];

type Result = { intent: string; failure: FormFailure };

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const claimId = idParam(params.claimId);
  const formData = await claimFormData(request);
  const intent = String(formData.get("intent"));
  try {
    const failure = editIntents.includes(intent)
      ? await saveAndSend(supabase, claimId, intent, formData)
      : await act(supabase, claimId, formData);
    if (failure) return data<Result>({ intent, failure }, { status: 400, headers });
  } catch (error) {
    return data<Result>(
      { intent, failure: readableFailure(refusalToForm(error, formData), await getLang(request)) },
      { status: 400, headers },
    );
  }
  throw redirect(new URL(request.url).pathname, { headers });
}

/** The organisation saves its changes and a new receipt, and then submits or answers if asked to. */
async function saveAndSend(supabase: Supabase, claimId: string, intent: string, formData: FormData) {
  const form = parseForm(formData, claimFieldsSchema);
  if (!form.success) return form.failure;
  const file = chosenFile(formData);
  const receipt = file ? await checkReceipt(file) : null;
  if (receipt && "refused" in receipt) return refuseForm(formData, receipt.refused, "receipt");
  const { claim } = await callApi(supabase, "claim_page", { claim_id: claimId });
  await callApi(supabase, "save_claim", {
    claim_id: claimId,
    placement_id: claim.placement_id,
    ...saveClaimArgs(form.data),
    base_version: baseVersion(formData),
  });
  // The save made the next version: if sending is refused, the kept form goes on from there.
  formData.set("base_version", String(baseVersion(formData) + 1));
  if (receipt) await storeReceipt(supabase, claim, receipt);
  if (intent === "submit") await callApi(supabase, "submit_claim", { claim_id: claimId });
  if (intent === "answer") {
    await callApi(supabase, "answer_claim", { claim_id: claimId, message: String(formData.get("message") ?? "") });
  }
  if (intent !== "save") deliverMailSoon();
  return null;
}

/** Everything else: withdrawing, removing a receipt, the caseworker's decision, the authorisation and payment. */
async function act(supabase: Supabase, claimId: string, formData: FormData) {
  const form = parseForm(formData, otherIntents);
  if (!form.success) return form.failure;
  const input = form.data;
  if (input.intent === "withdraw") await callApi(supabase, "withdraw_claim", { claim_id: claimId });
  if (input.intent === "remove_receipt") {
    await removeReceiptObject(supabase, await callApi(supabase, "remove_receipt", { receipt_id: input.receipt_id }));
  }
  if (input.intent === "decide") {
    const { decision, reason, over_limit_reason } = input;
    await callApi(supabase, "decide_claim", { claim_id: claimId, decision, reason, over_limit_reason });
    deliverMailSoon();
  }
  if (input.intent === "authorise") {
    const { claim } = await callApi(supabase, "claim_page", { claim_id: claimId });
    await callApi(supabase, "authorise_claims", { municipality_id: claim.municipality_id, claim_ids: [claimId] });
  }
  if (input.intent === "paid") {
    const { claim } = await callApi(supabase, "claim_page", { claim_id: claimId });
    const { paid_on, payment_reference } = input;
    await callApi(supabase, "mark_paid", {
      municipality_id: claim.municipality_id,
      paid_on,
      payment_reference,
      claim_ids: [claimId],
    });
    deliverMailSoon();
  }
  return null;
}

const decisionLabels = {
  decision: "claim.decision",
  reason: "claim.reason",
  over_limit_reason: "claim.overLimitReason",
} as const;
const paidLabels = { paid_on: "claim.paidOnLabel", payment_reference: "claim.paymentReference" } as const;

export default function ClaimRoute() {
  const { t, lang } = useT();
  const { page, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const failureFor = (...intents: string[]) => (result && intents.includes(result.intent) ? result.failure : undefined);
  const { claim, can } = page;
  const { rule, ...limitParams } = page.limits;
  // Which R3 limit the claim goes over, counting only approved and paid claims, in the words of the refusal.
  const overLimit = isMessageKey(rule) ? readableMessage({ key: rule, params: limitParams }, lang) : null;
  const viewer = useViewer();
  const isStaff = Boolean(viewer?.staff.some((staff) => staff.municipality_id === claim.municipality_id));
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("claim.heading", { reference: claim.reference })}
      </Heading>
      <Paragraph className="mb-6">
        <ClaimStatusTag status={claim.status} />{" "}
        <TextLink
          to={
            isStaff
              ? `/kommune/${claim.municipality_id}/refusjoner`
              : `/organisasjoner/${claim.organisation_id}/refusjoner`
          }
        >
          {t(isStaff ? "claim.toQueue" : "claim.toList")}
        </TextLink>
      </Paragraph>
      <DuplicateWarning duplicates={page.duplicates} />
      {can.decide && overLimit ? (
        <Alert data-color="warning" className="mb-6">
          <Paragraph>{t(overLimit.key, overLimit.params)}</Paragraph>
        </Alert>
      ) : null}

      <div className="grid gap-10 lg:grid-cols-2">
        <div>
          <ClaimDetails page={page} />
          {page.budget ? <BudgetLeft budget={page.budget} /> : null}
          <ClaimSteps page={page} />
          <ClaimMessages messages={page.messages} />
        </div>
        <div>
          {can.edit ? <EditClaim page={page} failure={failureFor(...editIntents)} /> : null}
          {can.decide ? <Decide failure={failureFor("decide")} overLimit={Boolean(overLimit)} /> : null}
          {can.authorise ? <Authorise failure={failureFor("authorise")} /> : null}
          {can.mark_paid ? <MarkPaid failure={failureFor("paid")} today={today} /> : null}
          {can.withdraw ? (
            <Form method="post" className="mb-8">
              {failureFor("withdraw") ? <ErrorSummary failure={failureFor("withdraw")} labels={{}} /> : null}
              <SubmitButton name="intent" value="withdraw" variant="secondary">
                {t("claim.withdraw")}
              </SubmitButton>
            </Form>
          ) : null}
          {failureFor("remove_receipt") ? <ErrorSummary failure={failureFor("remove_receipt")} labels={{}} /> : null}
          <Receipts page={page} canRemove={can.edit} />
          <EarlierClaims claims={page.earlier_claims} />
          <ClaimHistory history={page.history} />
        </div>
      </div>
    </>
  );
}

function BudgetLeft({ budget }: { budget: NonNullable<ClaimPage["budget"]> }) {
  const { t } = useT();
  return (
    <Paragraph className="mb-8">
      {t("claim.budgetLeft", {
        left: formatKroner(budget.left_ore),
        amount: formatKroner(budget.amount_ore),
      })}
    </Paragraph>
  );
}

/** The organisation changes a draft or a claim the municipality asked about, and sends it. */
function EditClaim({ page, failure }: { page: ClaimPage; failure: FormFailure | undefined }) {
  const { t } = useT();
  const { claim, can } = page;
  return (
    <PageSection heading={can.answer ? "claim.answerHeading" : "claim.editHeading"}>
      <ErrorSummary failure={failure} labels={claimFieldLabelsFor(claim.kind)} />
      {/* Keyed by what a save changes, so that a sent file is not still chosen (and sent twice). */}
      <Form
        key={`${claim.status}-${page.receipts.length}-${page.history.length}`}
        method="post"
        encType="multipart/form-data"
        noValidate
        className="mb-8"
      >
        <BaseVersionField failure={failure} version={claim.version} />
        <ClaimFields kind={claim.kind} defaults={claim} fee={page.placement} failure={failure} />
        {can.answer ? (
          <TextareaField name="message" label={claimFieldLabels.message} maxLength={2000} failure={failure} />
        ) : null}
        <div className="flex flex-wrap gap-4">
          {can.answer ? (
            <SubmitButton name="intent" value="answer">
              {t("claim.sendAnswer")}
            </SubmitButton>
          ) : (
            <SubmitButton name="intent" value="submit">
              {t("claim.submit")}
            </SubmitButton>
          )}
          <SubmitButton name="intent" value="save" variant="secondary">
            {t("claim.saveDraft")}
          </SubmitButton>
        </div>
      </Form>
    </PageSection>
  );
}

function Decide({ failure, overLimit }: { failure: FormFailure | undefined; overLimit: boolean }) {
  const { t } = useT();
  return (
    <PageSection heading="claim.decideHeading">
      <ErrorSummary failure={failure} labels={decisionLabels} />
      <Form method="post" noValidate className="mb-8">
        <RadioGroupField
          name="decision"
          legend={decisionLabels.decision}
          options={decisions.map((decision) => ({ value: decision, label: `claimDecision.${decision}` }))}
          failure={failure}
        />
        <TextareaField
          name="reason"
          label={decisionLabels.reason}
          hint="claim.reasonHint"
          maxLength={2000}
          failure={failure}
        />
        {overLimit || failure?.fieldErrors.over_limit_reason ? (
          <TextareaField
            name="over_limit_reason"
            label={decisionLabels.over_limit_reason}
            hint="claim.overLimitHint"
            maxLength={2000}
            failure={failure}
          />
        ) : null}
        <SubmitButton name="intent" value="decide">
          {t("claim.decide")}
        </SubmitButton>
      </Form>
    </PageSection>
  );
}

/** R13: the anviser's second step, for a claim someone else approved. */
function Authorise({ failure }: { failure: FormFailure | undefined }) {
  const { t } = useT();
  return (
    <PageSection heading="claim.authoriseHeading">
      <ErrorSummary failure={failure} labels={{}} />
      <Paragraph className="mb-4">{t("claim.authoriseLead")}</Paragraph>
      <Form method="post" className="mb-8">
        <SubmitButton name="intent" value="authorise">
          {t("claim.authorise")}
        </SubmitButton>
      </Form>
    </PageSection>
  );
}

function MarkPaid({ failure, today }: { failure: FormFailure | undefined; today: string }) {
  const { t } = useT();
  return (
    <PageSection heading="claim.markPaidHeading">
      <ErrorSummary failure={failure} labels={paidLabels} />
      <Form method="post" noValidate className="mb-8">
        <TextField name="paid_on" type="date" label={paidLabels.paid_on} defaultValue={today} failure={failure} />
        <TextField name="payment_reference" label={paidLabels.payment_reference} failure={failure} />
        <SubmitButton name="intent" value="paid">
          {t("claim.markPaid")}
        </SubmitButton>
      </Form>
    </PageSection>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
