import { Alert, Checkbox, Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, SubmitButton } from "~/components/forms";
import { Pager } from "~/components/pager";
import { ScrollRegion } from "~/components/scroll-region";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { claimPeriod, type AuthorisationQueue } from "~/lib/claims";
import { formatDateTime, formatKroner } from "~/lib/format";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { pageQuery } from "~/lib/participants";

/**
 * The anviser's queue (R13): claims a caseworker approved, waiting for a second person to
 * authorise them for payment, one at a time or all the chosen ones at once. A claim the
 * reader approved is shown, but not theirs to authorise.
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "authorisation.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const page = pageQuery.parse(new URL(request.url).searchParams.get("side") ?? undefined);
  const queue = await loadApi(supabase, "authorisation_queue", {
    municipality_id: idParam(params.municipalityId),
    page,
  });
  return data(queue, { headers });
}

const ids = z.preprocess((value) => (value === undefined ? [] : [value].flat()), z.array(z.uuid()));
// "one" is the button of a row; otherwise the chosen boxes.
const schema = z.object({ one: z.uuid().optional(), claim_id: ids });

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const formData = await readForm(request);
  const form = parseForm(formData, schema);
  if (!form.success) return data({ failure: form.failure }, { status: 400, headers });
  let authorised: number;
  try {
    authorised = await callApi(supabase, "authorise_claims", {
      municipality_id: municipalityId,
      claim_ids: form.data.one ? [form.data.one] : form.data.claim_id,
    });
  } catch (error) {
    return data({ failure: refusalToForm(error, formData) }, { status: 400, headers });
  }
  throw redirect(`${new URL(request.url).pathname}?anvist=${authorised}`, { headers });
}

export default function Authorisation() {
  const { t } = useT();
  const queue = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>()?.failure;
  const [searchParams] = useSearchParams();
  const done = Number(searchParams.get("anvist"));
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("authorisation.heading")}
      </Heading>
      <Paragraph className="mb-4 max-w-3xl">{t("authorisation.lead")}</Paragraph>
      {queue.payment_steps === 1 ? (
        <Alert data-color="info" className="mb-4">
          <Paragraph>{t("authorisation.oneStep")}</Paragraph>
        </Alert>
      ) : null}
      {!queue.can_authorise ? (
        <Alert data-color="info" className="mb-4">
          <Paragraph>{t("authorisation.notAnviser")}</Paragraph>
        </Alert>
      ) : null}
      {done > 0 && !failure ? (
        <Alert data-color="success" role="status" className="mb-4">
          <Paragraph>{t("authorisation.done", { count: done })}</Paragraph>
        </Alert>
      ) : null}
      <FormAlert failure={failure} heading="authorisation.failed" />
      <Paragraph className="mb-4">
        {t("authorisation.totals", { count: queue.total, amount: formatKroner(queue.total_ore) })}
      </Paragraph>
      {queue.claims.length === 0 ? (
        <Paragraph>{t("authorisation.none")}</Paragraph>
      ) : (
        <Form method="post">
          <QueueTable queue={queue} chosen={failure ? [failure.values.claim_id ?? []].flat() : []} />
          {queue.can_authorise ? (
            <SubmitButton className="mt-4">{t("authorisation.authoriseChosen")}</SubmitButton>
          ) : null}
        </Form>
      )}
      {queue.total > queue.page_size ? <Pager list={queue} /> : null}
    </>
  );
}

/** One row per claim; the boxes and the row buttons belong to the one form around it. */
function QueueTable({ queue, chosen }: { queue: AuthorisationQueue; chosen: string[] }) {
  const { t } = useT();
  return (
    <ScrollRegion label={t("authorisation.caption")}>
      <Table>
        <caption className="sr-only">{t("authorisation.caption")}</caption>
        <Table.Head>
          <Table.Row>
            {queue.can_authorise ? <Table.HeaderCell>{t("authorisation.choose")}</Table.HeaderCell> : null}
            <Table.HeaderCell>{t("claim.reference")}</Table.HeaderCell>
            <Table.HeaderCell>{t("claim.organisation")}</Table.HeaderCell>
            <Table.HeaderCell>{t("claim.kind")}</Table.HeaderCell>
            <Table.HeaderCell>{t("claim.period")}</Table.HeaderCell>
            <Table.HeaderCell>{t("claim.amount")}</Table.HeaderCell>
            <Table.HeaderCell>{t("authorisation.approvedBy")}</Table.HeaderCell>
            {queue.can_authorise ? <Table.HeaderCell>{t("claim.authoriseHeading")}</Table.HeaderCell> : null}
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {queue.claims.map((claim) => (
            <Table.Row key={claim.id}>
              {queue.can_authorise ? (
                <Table.Cell>
                  {claim.approved_by_me ? null : (
                    <Checkbox
                      id={`claim-${claim.id}`}
                      name="claim_id"
                      value={claim.id}
                      defaultChecked={chosen.includes(claim.id)}
                      label={
                        <span className="sr-only">{t("authorisation.chooseOne", { reference: claim.reference })}</span>
                      }
                    />
                  )}
                </Table.Cell>
              ) : null}
              <Table.Cell>
                <TextLink to={`/refusjoner/${claim.id}`}>{claim.reference}</TextLink>
              </Table.Cell>
              <Table.Cell>{claim.organisation}</Table.Cell>
              <Table.Cell>{t(`claimKind.${claim.kind}`)}</Table.Cell>
              <Table.Cell>{claimPeriod(claim)}</Table.Cell>
              <Table.Cell>{formatKroner(claim.amount_ore)}</Table.Cell>
              <Table.Cell>
                {t("claim.byAt", {
                  name: claim.approved_by ?? "–",
                  when: claim.decided_at ? formatDateTime(claim.decided_at) : "–",
                })}
              </Table.Cell>
              {queue.can_authorise ? (
                <Table.Cell>
                  {claim.approved_by_me ? (
                    t("authorisation.yours")
                  ) : (
                    <SubmitButton name="one" value={claim.id} variant="secondary" data-size="sm">
                      {t("authorisation.authoriseOne", { reference: claim.reference })}
                    </SubmitButton>
                  )}
                </Table.Cell>
              ) : null}
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </ScrollRegion>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
