import { Alert, Button, Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import type { FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import type { PrizeRoundAdmin } from "~/lib/prize";

/** What the round page's action answers: a refusal for one of its forms, or that a juror was added or invited. */
export type RoundPageResult = {
  intent: string;
  failure?: FormFailure;
  notice?: { key: "roundPage.jurorAdded" | "roundPage.jurorInvited"; email: string };
};

const jurorLabels = { staff_email: "roundPage.fromStaff", email: "roundPage.jurorEmail" } as const;

/** The jury's progress (who has scored how many nominees), and for admins: appoint and remove jurors. */
export function Jury({
  page,
  eligible,
  result,
}: {
  page: PrizeRoundAdmin;
  eligible: number;
  result: RoundPageResult | undefined;
}) {
  const { t, date } = useT();
  const canChange = page.is_admin && page.round.status !== "announced";
  const failure = result?.intent === "add_juror" || result?.intent === "remove_juror" ? result.failure : undefined;
  return (
    <PageSection heading="roundPage.jury">
      {page.jurors.length === 0 ? (
        <Paragraph className="mb-4">{t("roundPage.noJurors")}</Paragraph>
      ) : (
        <div className="mb-6 overflow-x-auto">
          <Table>
            <caption className="mb-2 text-left font-semibold">{t("roundPage.progressCaption")}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("roundPage.juror")}</Table.HeaderCell>
                <Table.HeaderCell>{t("roundPage.scored")}</Table.HeaderCell>
                <Table.HeaderCell>{t("roundPage.conflicts")}</Table.HeaderCell>
                {canChange ? <Table.HeaderCell>{t("roundPage.change")}</Table.HeaderCell> : null}
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {page.jurors.map((juror) => (
                <Table.Row key={juror.user_id}>
                  <Table.Cell>{juror.display_name ?? juror.email}</Table.Cell>
                  <Table.Cell>{t("roundPage.scoredOf", { scored: juror.scored, total: eligible })}</Table.Cell>
                  <Table.Cell>{juror.conflicts}</Table.Cell>
                  {canChange ? (
                    <Table.Cell>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove_juror" />
                        <input type="hidden" name="user_id" value={juror.user_id} />
                        <Button type="submit" variant="tertiary" data-size="sm">
                          {t("roundPage.remove", { name: juror.display_name ?? juror.email })}
                        </Button>
                      </Form>
                    </Table.Cell>
                  ) : null}
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      {page.invitations?.length ? (
        <ul className="mb-6 grid gap-1">
          {page.invitations.map((invitation) => (
            <li key={invitation.email}>
              {t("roundPage.invitedJuror", { email: invitation.email, expires: date(invitation.expires_at) })}
            </li>
          ))}
        </ul>
      ) : null}
      {canChange ? (
        <div className="max-w-md">
          <Heading level={3} data-size="xs" className="mb-2">
            {t("roundPage.addJuror")}
          </Heading>
          {result?.notice ? (
            <Alert data-color="success" role="status" className="mb-4">
              <Paragraph>{t(result.notice.key, { email: result.notice.email })}</Paragraph>
            </Alert>
          ) : null}
          <ErrorSummary failure={failure} labels={jurorLabels} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="add_juror" />
            <SelectField
              name="staff_email"
              label={jurorLabels.staff_email}
              failure={failure}
              empty={t("roundPage.chooseStaff")}
              options={(page.staff ?? []).map((person) => ({
                value: person.email,
                label: person.display_name ? `${person.display_name} (${person.email})` : person.email,
              }))}
            />
            <TextField
              name="email"
              type="email"
              label={jurorLabels.email}
              hint="roundPage.jurorEmailHint"
              failure={failure}
            />
            <SubmitButton variant="secondary">{t("roundPage.addJurorSubmit")}</SubmitButton>
          </Form>
        </div>
      ) : null}
    </PageSection>
  );
}
