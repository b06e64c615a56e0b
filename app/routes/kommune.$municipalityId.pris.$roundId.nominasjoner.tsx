import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, RadioGroupField, SubmitButton, TextareaField } from "~/components/forms";
import { ReasonList } from "~/components/prize/reasons";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { message, parseForm, type FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import type { PrizeRoundAdmin } from "~/lib/prize";
import { optionalText } from "~/lib/validation";

/** Caseworkers screen the confirmed nominations, all of one organisation together. */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "screening.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const page = await loadApi(supabase, "prize_round_admin", { round_id: idParam(params.roundId) });
  return data(page, { headers });
}

const schema = z.object({
  organisation_id: z.uuid(),
  decision: z.enum(["eligible", "ineligible"], message("prize.decisionRequired")),
  reason: optionalText,
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await readForm(request);
  const organisation = String(formData.get("organisation_id"));
  const form = parseForm(formData, schema);
  if (!form.success) return data({ organisation, failure: form.failure }, { status: 400, headers });
  const { organisation_id, decision, reason } = form.data;
  try {
    await callApi(supabase, "screen_nominee", {
      round_id: idParam(params.roundId),
      organisation_id,
      eligible: decision === "eligible",
      reason: reason ?? null,
    });
  } catch (error) {
    return data({ organisation, failure: refusalToForm(error, formData) }, { status: 400, headers });
  }
  throw redirect(new URL(request.url).pathname, { headers });
}

export default function Screening() {
  const { t } = useT();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { organisation: string; failure: FormFailure } | undefined;
  return (
    <>
      <Paragraph className="mb-2">
        <TextLink to={`/kommune/${page.round.municipality_id}/pris/${page.round.id}`}>{page.round.title}</TextLink>
      </Paragraph>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("screening.heading", { round: page.round.title })}
      </Heading>
      <Paragraph className="mb-8 max-w-prose">{t("screening.lead")}</Paragraph>
      {page.nominees.length === 0 ? <Paragraph>{t("screening.none")}</Paragraph> : null}
      <div className="grid gap-10">
        {page.nominees.map((nominee) => (
          <Nominee
            key={nominee.organisation_id}
            nominee={nominee}
            criteria={page.criteria}
            failure={result?.organisation === nominee.organisation_id ? result.failure : undefined}
          />
        ))}
      </div>
    </>
  );
}

function Nominee({
  nominee,
  criteria,
  failure,
}: {
  nominee: PrizeRoundAdmin["nominees"][number];
  criteria: PrizeRoundAdmin["criteria"];
  failure: FormFailure | undefined;
}) {
  const { t, date } = useT();
  const id = nominee.organisation_id;
  return (
    <section aria-labelledby={`nominee-${id}`} className="max-w-2xl">
      <Heading id={`nominee-${id}`} level={2} data-size="md" className="mb-1">
        {nominee.name}
      </Heading>
      <Paragraph className="mb-4">
        {t(`screeningStatus.${nominee.status}`)}
        {nominee.screening_reason ? ` – ${nominee.screening_reason}` : ""}.{" "}
        {t("screening.count", { count: nominee.nominations })}
      </Paragraph>
      <ol className="mb-6 grid gap-4">
        {nominee.details.map((nomination, index) => (
          <li key={index} className="border-l-4 border-[var(--ds-color-neutral-border-subtle)] pl-3">
            <Paragraph data-size="sm" className="mb-1">
              {nomination.relation
                ? t("screening.byWithRelation", { name: nomination.nominator_name, relation: nomination.relation })
                : t("screening.by", { name: nomination.nominator_name })}
              , {date(nomination.created_at)}
            </Paragraph>
            <ReasonList reasons={nomination.reasons} criteria={criteria} />
          </li>
        ))}
      </ol>
      <Form method="post" noValidate>
        <FormAlert failure={failure} heading="screening.failed" shownAtFields={["decision", "reason"]} />
        <input type="hidden" name="organisation_id" value={id} />
        <RadioGroupField
          name="decision"
          id={`decision-${id}`}
          legend="screening.decision"
          legendParams={{ name: nominee.name }}
          options={[
            { value: "eligible", label: "screening.eligible" },
            { value: "ineligible", label: "screening.ineligible" },
          ]}
          defaultValue={nominee.status === "submitted" ? undefined : nominee.status}
          failure={failure}
        />
        <TextareaField
          name="reason"
          id={`reason-${id}`}
          label="screening.reason"
          hint="screening.reasonHint"
          rows={2}
          maxLength={1000}
          defaultValue={nominee.screening_reason ?? ""}
          failure={failure}
        />
        <SubmitButton variant="secondary">{t("screening.save")}</SubmitButton>
      </Form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
