import { Alert, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, RadioGroupField, SubmitButton, TextareaField } from "~/components/forms";
import { ReasonList } from "~/components/prize/reasons";
import { RoundStatusTag } from "~/components/prize/round-status";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { parseForm, refuseForm, type FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { scoreValues, type JurorRound } from "~/lib/prize";
import { listField, optionalText } from "~/lib/validation";

/**
 * A juror's scoring page: every eligible nominee with what the nominations say, a score
 * 1–5 per criterion, or a declared conflict of interest. R8: others' scores stay hidden
 * until the round is announced (the database sends none before).
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "jury.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  return data(await loadApi(supabase, "juror_round", { round_id: idParam(params.roundId) }), { headers });
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("score"), organisation_id: z.uuid(), criterion: listField.pipe(z.array(z.uuid())) }),
  z.object({ intent: z.literal("conflict"), organisation_id: z.uuid(), reason: optionalText }),
]);

type Result = { organisation: string; failure?: FormFailure; saved?: boolean };

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const round_id = idParam(params.roundId);
  const formData = await readForm(request);
  const organisation = String(formData.get("organisation_id"));
  const refused = (failure: FormFailure) => data<Result>({ organisation, failure }, { status: 400, headers });
  const form = parseJuryForm(formData);
  if (!form.ok) return refused(form.failure);
  try {
    if (form.intent === "conflict") {
      await callApi(supabase, "declare_conflict", {
        round_id,
        organisation_id: form.organisation_id,
        reason: form.reason,
      });
      return data<Result>({ organisation }, { headers });
    }
    await callApi(supabase, "score_nominee", { round_id, organisation_id: form.organisation_id, scores: form.scores });
  } catch (error) {
    return refused(refusalToForm(error, formData));
  }
  return data<Result>({ organisation, saved: true }, { headers });
}

/** Scores come as `score-<criterion>` and `comment-<criterion>` for the criteria the form listed. */
function parseJuryForm(formData: FormData) {
  const form = parseForm(formData, schema);
  if (!form.success) return { ok: false as const, failure: form.failure };
  if (form.data.intent === "conflict") return { ok: true as const, ...form.data };
  const scores = form.data.criterion.map((criterion_id) => ({
    criterion_id,
    score: Number(formData.get(`score-${criterion_id}`)),
    comment: String(formData.get(`comment-${criterion_id}`) ?? "").trim(),
  }));
  const missing = scores.find(({ score }) => !(Number.isInteger(score) && score >= 1 && score <= 5));
  if (missing) {
    return {
      ok: false as const,
      failure: refuseForm(formData, { key: "prize.scoreRequired" }, `score-${missing.criterion_id}`),
    };
  }
  return { ok: true as const, ...form.data, scores };
}

export default function JuryRound() {
  const { t } = useT();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const { round } = page;
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("jury.heading", { round: round.title })}
      </Heading>
      <div className="mb-4">
        <RoundStatusTag status={round.status} />
      </div>
      <Paragraph className="mb-4 max-w-prose">{t("jury.lead")}</Paragraph>
      {round.status === "open" || round.status === "draft" ? (
        <Paragraph className="mb-4">{t("jury.notJudging")}</Paragraph>
      ) : null}
      {round.status === "announced" ? <Paragraph className="mb-4">{t("jury.closed")}</Paragraph> : null}
      {page.nominees.length === 0 ? <Paragraph>{t("jury.none")}</Paragraph> : null}
      <div className="grid gap-12">
        {page.nominees.map((nominee) => (
          <Nominee
            key={nominee.organisation_id}
            page={page}
            nominee={nominee}
            result={result?.organisation === nominee.organisation_id ? result : undefined}
          />
        ))}
      </div>
    </>
  );
}

function Nominee({
  page,
  nominee,
  result,
}: {
  page: JurorRound;
  nominee: JurorRound["nominees"][number];
  result: Result | undefined;
}) {
  const { t } = useT();
  const id = nominee.organisation_id;
  const judging = page.round.status === "judging";
  const scored = Object.keys(nominee.my_scores).length > 0;
  return (
    <section aria-labelledby={`nominee-${id}`} className="max-w-2xl">
      <Heading id={`nominee-${id}`} level={2} data-size="md" className="mb-2">
        {nominee.name}
      </Heading>
      <ul className="mb-4 grid gap-3">
        {nominee.nominations.map((nomination, index) => (
          <li key={index} className="border-l-4 border-[var(--ds-color-neutral-border-subtle)] pl-3">
            {nomination.relation ? (
              <Paragraph data-size="sm" className="mb-1">
                {t("jury.relation", { relation: nomination.relation })}
              </Paragraph>
            ) : null}
            <ReasonList reasons={nomination.reasons} criteria={page.criteria} />
          </li>
        ))}
      </ul>
      {result?.saved ? (
        <Alert data-color="success" role="status" className="mb-4">
          <Paragraph>{t("jury.saved", { name: nominee.name })}</Paragraph>
        </Alert>
      ) : null}
      {nominee.member ? (
        <Paragraph>{t("jury.member", { name: nominee.name })}</Paragraph>
      ) : nominee.conflicted ? (
        <Paragraph>{t("jury.conflicted", { name: nominee.name })}</Paragraph>
      ) : (
        <>
          <Paragraph className="mb-4">{t(scored ? "jury.scored" : "jury.notScored")}</Paragraph>
          {judging ? <ScoreForm page={page} nominee={nominee} failure={result?.failure} /> : null}
          {judging ? <ConflictForm id={id} failure={result?.failure} /> : null}
        </>
      )}
      {page.all_scores ? <Averages page={page} organisationId={id} /> : null}
    </section>
  );
}

function ScoreForm({
  page,
  nominee,
  failure,
}: {
  page: JurorRound;
  nominee: JurorRound["nominees"][number];
  failure: FormFailure | undefined;
}) {
  const { t } = useT();
  const id = nominee.organisation_id;
  const scoreFields = page.criteria.flatMap((criterion) => [`score-${criterion.id}`, `comment-${criterion.id}`]);
  return (
    <Form method="post" noValidate className="mb-6">
      <FormAlert
        failure={failure?.values.intent === "score" ? failure : undefined}
        heading="jury.failed"
        shownAtFields={scoreFields}
      />
      <input type="hidden" name="intent" value="score" />
      <input type="hidden" name="organisation_id" value={id} />
      {page.criteria.map((criterion) => (
        <div key={criterion.id}>
          <input type="hidden" name="criterion" value={criterion.id} />
          <RadioGroupField
            name={`score-${criterion.id}`}
            id={`score-${id}-${criterion.id}`}
            legend="prize.criterionWeight"
            legendParams={{ title: criterion.title, weight: criterion.weight }}
            options={scoreValues.map((value) => ({ value, label: `score.${value}` }))}
            defaultValue={nominee.my_scores[criterion.id] ? String(nominee.my_scores[criterion.id]!.score) : undefined}
            failure={failure}
          />
          <TextareaField
            name={`comment-${criterion.id}`}
            id={`comment-${id}-${criterion.id}`}
            label="jury.comment"
            labelParams={{ criterion: criterion.title }}
            rows={2}
            maxLength={1000}
            defaultValue={nominee.my_scores[criterion.id]?.comment ?? ""}
            failure={failure}
          />
        </div>
      ))}
      <SubmitButton>{t("jury.save")}</SubmitButton>
    </Form>
  );
}

function ConflictForm({ id, failure }: { id: string; failure: FormFailure | undefined }) {
  const { t } = useT();
  return (
    <Form method="post" noValidate>
      <Heading level={3} data-size="xs" className="mb-2">
        {t("jury.conflictHeading")}
      </Heading>
      <FormAlert failure={failure?.values.intent === "conflict" ? failure : undefined} heading="jury.failed" />
      <input type="hidden" name="intent" value="conflict" />
      <input type="hidden" name="organisation_id" value={id} />
      <TextareaField
        name="reason"
        id={`reason-${id}`}
        label="jury.conflictReason"
        hint="jury.conflictHint"
        rows={2}
        maxLength={500}
        failure={undefined}
      />
      <SubmitButton variant="secondary">{t("jury.conflictSubmit")}</SubmitButton>
    </Form>
  );
}

/** After the announcement: the mean of every juror's scores per criterion. */
function Averages({ page, organisationId }: { page: JurorRound; organisationId: string }) {
  const { t } = useT();
  const scores = (page.all_scores ?? []).filter((score) => score.organisation_id === organisationId);
  if (scores.length === 0) return null;
  const mean = (criterionId: string) => {
    const given = scores.filter((score) => score.criterion_id === criterionId).map((score) => score.score);
    return given.length
      ? new Intl.NumberFormat("nb-NO", { maximumFractionDigits: 1 }).format(
          given.reduce((a, b) => a + b, 0) / given.length,
        )
      : "–";
  };
  return (
    <div className="mt-4">
      <Heading level={3} data-size="xs" className="mb-2">
        {t("jury.allScores")}
      </Heading>
      <ul>
        {page.criteria.map((criterion) => (
          <li key={criterion.id}>{t("jury.average", { criterion: criterion.title, average: mean(criterion.id) })}</li>
        ))}
      </ul>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
