import { Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SubmitButton } from "~/components/forms";
import { Detail, PageSection } from "~/components/page-section";
import { Jury, type RoundPageResult } from "~/components/prize/jury-section";
import { Announce, Ranking, RankingHidden, Winners } from "~/components/prize/round-outcome";
import { RoundStatusTag, RoundWindow } from "~/components/prize/round-status";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { message, parseForm, refuseForm, type FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { deliverMailSoon } from "~/lib/mail/outbox.server";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import type { PrizeRoundAdmin } from "~/lib/prize";
import { listField, optionalText } from "~/lib/validation";

/** One prize round for its municipality: the admin runs it from here, caseworkers follow it. */
export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, data ? { name: data.round.title } : "notFound.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const page = await loadApi(supabase, "prize_round_admin", { round_id: idParam(params.roundId) });
  return data(page, { headers });
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("advance") }),
  z
    .object({ intent: z.literal("add_juror"), staff_email: optionalText, email: optionalText })
    .refine((juror) => juror.staff_email ?? juror.email, { path: ["email"], message: message("prize.jurorRequired") })
    .transform((juror) => ({ intent: juror.intent, email: (juror.staff_email ?? juror.email)! }))
    .pipe(z.object({ intent: z.literal("add_juror"), email: z.email(message("validation.emailInvalid")) })),
  z.object({ intent: z.literal("remove_juror"), user_id: z.uuid() }),
  z.object({
    intent: z.literal("announce"),
    winner: listField.pipe(z.array(z.uuid()).min(1, message("prize.winnerRequired"))),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const round_id = idParam(params.roundId);
  const formData = await readForm(request);
  const intent = String(formData.get("intent"));
  const refused = (failure: FormFailure) => data<RoundPageResult>({ intent, failure }, { status: 400, headers });
  const form = parseForm(formData, schema);
  if (!form.success) return refused(form.failure);
  const input = form.data;
  try {
    if (input.intent === "advance") {
      await callApi(supabase, "advance_prize_round", { round_id });
    } else if (input.intent === "add_juror") {
      const added = await callApi(supabase, "add_juror", { round_id, email: input.email });
      deliverMailSoon();
      const key = added === "added" ? "roundPage.jurorAdded" : "roundPage.jurorInvited";
      return data<RoundPageResult>({ intent, notice: { key, email: input.email } }, { headers });
    } else if (input.intent === "remove_juror") {
      await callApi(supabase, "remove_juror", { round_id, user_id: input.user_id });
    } else {
      const winners = input.winner.map((organisation_id) => ({
        organisation_id,
        citation: String(formData.get(`citation-${organisation_id}`) ?? "").trim(),
      }));
      const uncited = winners.find((winner) => winner.citation === "");
      if (uncited) {
        return refused(refuseForm(formData, { key: "prize.citationRequired" }, `citation-${uncited.organisation_id}`));
      }
      await callApi(supabase, "announce_winners", { round_id, winners });
      deliverMailSoon();
    }
  } catch (error) {
    return refused(refusalToForm(error, formData));
  }
  throw redirect(new URL(request.url).pathname, { headers });
}

export default function PrizeRoundPage() {
  const { t, p } = useT();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as RoundPageResult | undefined;
  const failureFor = (intent: string) => (result?.intent === intent ? result.failure : undefined);
  const { round, is_admin: isAdmin } = page;
  const eligible = page.nominees.filter((nominee) => nominee.status === "eligible");
  return (
    <>
      <Paragraph className="mb-2">
        <TextLink to={`/kommune/${round.municipality_id}/pris`}>{t("roundPage.toRounds")}</TextLink>
      </Paragraph>
      <Heading level={1} data-size="lg" className="mb-2">
        {round.title}
      </Heading>
      <div className="mb-6">
        <RoundStatusTag status={round.status} />
      </div>
      <dl className="mb-8 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
        <Detail term="prize.window">
          <RoundWindow round={round} />
        </Detail>
        {round.prize_description ? <Detail term="prize.prizeDescription">{round.prize_description}</Detail> : null}
        <Detail term="prize.criteria">
          <ul>
            {page.criteria.map((criterion) => (
              <li key={criterion.id}>
                {t("prize.criterionWeight", { title: criterion.title, weight: criterion.weight })}
              </li>
            ))}
          </ul>
        </Detail>
        <Detail term="prize.eligibility">{t("prize.eligibilityText", { municipality: page.municipality.name })}</Detail>
      </dl>

      <div className="grid gap-10">
        {isAdmin && (round.status === "draft" || round.status === "open") ? (
          <NextStep page={page} failure={failureFor("advance")} />
        ) : null}

        <PageSection heading="prize.nominations">
          <Paragraph className="mb-2">
            {p("roundPage.nominees", page.nominees.length, { eligible: eligible.length })}
          </Paragraph>
          <Paragraph>
            <TextLink to="nominasjoner">{t("roundPage.screen")}</TextLink>
          </Paragraph>
        </PageSection>

        <Jury page={page} eligible={eligible.length} result={result} />
        {page.ranking ? <Ranking ranking={page.ranking} /> : null}
        {page.ranking_hidden ? <RankingHidden /> : null}
        {isAdmin && round.status === "judging" && eligible.length > 0 ? (
          <Announce nominees={eligible} failure={failureFor("announce")} />
        ) : null}
        {page.winners.length > 0 ? <Winners page={page} /> : null}
      </div>
    </>
  );
}

function NextStep({ page, failure }: { page: PrizeRoundAdmin; failure: FormFailure | undefined }) {
  const { t } = useT();
  const { round } = page;
  return (
    <PageSection heading="roundPage.advance">
      <ErrorSummary failure={failure} labels={{}} />
      <Paragraph className="mb-3">{t("roundPage.advanceHint")}</Paragraph>
      <div className="flex flex-wrap gap-3">
        <Form method="post">
          <input type="hidden" name="intent" value="advance" />
          <SubmitButton>{t(round.status === "draft" ? "roundPage.open" : "roundPage.close")}</SubmitButton>
        </Form>
        {round.status === "draft" ? (
          <Button asChild variant="secondary">
            <Link to="rediger">{t("roundPage.edit")}</Link>
          </Button>
        ) : (
          <Button asChild variant="secondary">
            <Link to={`/inkluderingspris/${round.id}`}>{t("roundPage.publicForm")}</Link>
          </Button>
        )}
      </div>
    </PageSection>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
