import { Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import { FormAlert, SelectField, SubmitButton, TextField } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import { failureFor, type AgreementActionResult } from "~/lib/agreement-actions";
import type { AgreementPage } from "~/lib/agreements";
import { useT } from "~/lib/i18n/react";

type Activity = AgreementPage["activities"][number];

/**
 * The activities the agreement covers with their named facilitator (the caseworker sees the
 * contact per activity); the organisation's admins name them and record the police
 * certificate here (R7a: only the date it was shown).
 */
export function AgreementActivities({
  agreement,
  result,
  today,
}: {
  agreement: AgreementPage;
  result: AgreementActionResult | undefined;
  today: string;
}) {
  const { t, date } = useT();
  const facilitatorName = (activity: Activity) =>
    activity.facilitator
      ? (activity.facilitator.display_name ?? activity.facilitator.email)
      : t("agreement.noFacilitator");
  return (
    <PageSection heading="agreement.activities">
      {agreement.activities.length === 0 ? (
        <Paragraph>{t("agreement.noActivities")}</Paragraph>
      ) : (
        <Table className="mb-6">
          <caption className="mb-2 text-left font-semibold">{t("agreement.activitiesCaption")}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t("agreement.activity")}</Table.HeaderCell>
              <Table.HeaderCell>{t("agreement.facilitator")}</Table.HeaderCell>
              <Table.HeaderCell>{t("agreement.policeCertificate")}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {agreement.activities.map((activity) => (
              <Table.Row key={activity.activity_id}>
                <Table.Cell>{activity.title}</Table.Cell>
                <Table.Cell>
                  {facilitatorName(activity)}
                  {activity.facilitator ? (
                    <>
                      <br />
                      {activity.accepted_at
                        ? t("agreement.accepted", { date: date(activity.accepted_at) })
                        : t("agreement.notAccepted")}
                    </>
                  ) : null}
                </Table.Cell>
                <Table.Cell>
                  {activity.police_certificate_seen_on
                    ? t("agreement.policeSeen", { date: date(activity.police_certificate_seen_on) })
                    : t(activity.has_minors ? "agreement.policeNeeded" : "agreement.policeNotSeen")}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {agreement.can.name_facilitators && agreement.facilitators ? (
        <div className="grid gap-6">
          {agreement.facilitators.length === 0 ? <Paragraph>{t("agreement.noFacilitators")}</Paragraph> : null}
          {agreement.activities.map((activity) => (
            <FacilitatorForms
              key={activity.activity_id}
              activity={activity}
              facilitators={agreement.facilitators ?? []}
              result={result}
              today={today}
            />
          ))}
        </div>
      ) : null}
    </PageSection>
  );
}

function FacilitatorForms({
  activity,
  facilitators,
  result,
  today,
}: {
  activity: Activity;
  facilitators: NonNullable<AgreementPage["facilitators"]>;
  result: AgreementActionResult | undefined;
  today: string;
}) {
  const { t } = useT();
  const id = activity.activity_id;
  const nameFailure = failureFor(result, "name", id);
  const policeFailure = failureFor(result, "police", id);
  return (
    <section aria-labelledby={`activity-${id}`} className="max-w-md">
      <Heading id={`activity-${id}`} level={3} data-size="xs" className="mb-2">
        {activity.title}
      </Heading>
      {facilitators.length > 0 ? (
        <Form method="post" noValidate className="mb-4">
          <FormAlert failure={nameFailure} heading="agreement.actionFailed" shownAtFields={["facilitator_id"]} />
          <input type="hidden" name="intent" value="name" />
          <input type="hidden" name="activity_id" value={id} />
          <SelectField
            name="facilitator_id"
            id={`facilitator-${id}`}
            label="agreement.nameFacilitator"
            empty={t("agreement.chooseFacilitator")}
            defaultValue={activity.facilitator?.user_id}
            options={facilitators.map((person) => ({
              value: person.user_id,
              label: person.display_name ?? person.email,
            }))}
            failure={nameFailure}
          />
          <SubmitButton variant="secondary">{t("agreement.nameSubmit", { activity: activity.title })}</SubmitButton>
        </Form>
      ) : null}
      {activity.facilitator ? (
        <Form method="post" noValidate>
          <FormAlert failure={policeFailure} heading="agreement.actionFailed" shownAtFields={["seen_on"]} />
          <input type="hidden" name="intent" value="police" />
          <input type="hidden" name="activity_id" value={id} />
          <TextField
            name="seen_on"
            id={`seen-on-${id}`}
            type="date"
            label="agreement.policeDate"
            hint="agreement.policeHint"
            max={today}
            defaultValue={activity.police_certificate_seen_on ?? today}
            failure={policeFailure}
          />
          <SubmitButton variant="secondary">{t("agreement.policeSubmit", { activity: activity.title })}</SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
