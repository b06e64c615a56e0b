import { Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import { CheckboxField, FormAlert, SelectField, SubmitButton, TextField } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import { failureFor, type AgreementActionResult } from "~/lib/agreement-actions";
import type { AgreementPage, NamedFacilitator } from "~/lib/agreements";
import { useT } from "~/lib/i18n/react";

type Activity = AgreementPage["activities"][number];

const personName = (person: NamedFacilitator) => person.display_name ?? person.email;

/**
 * The activities the agreement covers with their named facilitators (the caseworker sees the
 * contacts per activity); the organisation's admins name them, hand an activity over, end a
 * naming and record the police certificate here (R7a: only the date it was shown).
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
              <Table.HeaderCell>{t("agreement.facilitators")}</Table.HeaderCell>
              <Table.HeaderCell>{t("agreement.policeCertificate")}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {agreement.activities.map((activity) => (
              <Table.Row key={activity.activity_id}>
                <Table.Cell>{activity.title}</Table.Cell>
                <Table.Cell>
                  {activity.facilitators.length === 0 ? t("agreement.noFacilitator") : null}
                  <ul>
                    {activity.facilitators.map((person) => (
                      <li key={person.user_id}>
                        {personName(person)}
                        <br />
                        {person.accepted_at
                          ? t("agreement.accepted", { date: date(person.accepted_at) })
                          : t(person.alongside ? "agreement.notAccepted" : "agreement.notAcceptedTakesOver")}
                      </li>
                    ))}
                  </ul>
                </Table.Cell>
                <Table.Cell>
                  {activity.facilitators.length === 0
                    ? t(activity.has_minors ? "agreement.policeNeeded" : "agreement.policeNotSeen")
                    : null}
                  <ul>
                    {activity.facilitators.map((person) => (
                      <li key={person.user_id}>
                        {t("agreement.policeOf", {
                          name: personName(person),
                          status: person.police_certificate_seen_on
                            ? t("agreement.policeSeen", { date: date(person.police_certificate_seen_on) })
                            : t(activity.has_minors ? "agreement.policeNeeded" : "agreement.policeNotSeen"),
                        })}
                      </li>
                    ))}
                  </ul>
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

/** Naming someone for the activity, and for each named person the police certificate and the end of the role. */
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
            hint={activity.facilitators.length > 0 ? "agreement.nameHandoverHint" : undefined}
            empty={t("agreement.chooseFacilitator")}
            options={facilitators.map((person) => ({
              value: person.user_id,
              label: person.display_name ?? person.email,
            }))}
            failure={nameFailure}
          />
          {activity.facilitators.length > 0 ? (
            <CheckboxField
              name="alongside"
              id={`alongside-${id}`}
              label="agreement.nameAlongside"
              failure={nameFailure}
            />
          ) : null}
          <SubmitButton variant="secondary">{t("agreement.nameSubmit", { activity: activity.title })}</SubmitButton>
        </Form>
      ) : null}
      {activity.facilitators.map((person) => (
        <NamedFacilitatorForms key={person.user_id} activity={activity} person={person} result={result} today={today} />
      ))}
    </section>
  );
}

function NamedFacilitatorForms({
  activity,
  person,
  result,
  today,
}: {
  activity: Activity;
  person: NamedFacilitator;
  result: AgreementActionResult | undefined;
  today: string;
}) {
  const { t } = useT();
  const key = `${activity.activity_id}-${person.user_id}`;
  const policeFailure = failureFor(result, "police", key);
  const endFailure = failureFor(result, "end", key);
  const hidden = (intent: string) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="form_key" value={key} />
      <input type="hidden" name="activity_id" value={activity.activity_id} />
      <input type="hidden" name="facilitator_id" value={person.user_id} />
    </>
  );
  return (
    <div className="mb-4 border-t pt-4">
      <Form method="post" noValidate>
        <FormAlert failure={policeFailure} heading="agreement.actionFailed" shownAtFields={["seen_on"]} />
        {hidden("police")}
        <TextField
          name="seen_on"
          id={`seen-on-${key}`}
          type="date"
          label="agreement.policeDateOf"
          labelParams={{ name: personName(person) }}
          hint="agreement.policeHint"
          max={today}
          defaultValue={person.police_certificate_seen_on ?? today}
          failure={policeFailure}
        />
        <SubmitButton variant="secondary">{t("agreement.policeSubmit", { name: personName(person) })}</SubmitButton>
      </Form>
      <Form method="post" noValidate className="mt-2">
        <FormAlert failure={endFailure} heading="agreement.actionFailed" />
        {hidden("end")}
        <SubmitButton variant="tertiary">
          {t("agreement.endSubmit", { name: personName(person), activity: activity.title })}
        </SubmitButton>
      </Form>
    </div>
  );
}
