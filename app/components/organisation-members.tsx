import { Button, Checkbox, Heading, Table } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import { useT } from "~/lib/i18n/react";
import { memberRoles, type OrganisationOverview } from "~/lib/organisations";

/**
 * The organisation's people. Admins change roles or remove someone with a small form per
 * person; the database keeps the last admin (api.set_member_roles and its trigger).
 */
export function OrganisationMembers({
  members,
  isAdmin,
}: {
  members: OrganisationOverview["members"];
  isAdmin: boolean;
}) {
  const { t } = useT();
  return (
    <section aria-labelledby="members" className="mb-8">
      <Heading id="members" level={2} data-size="sm" className="mb-2">
        {t("overview.members")}
      </Heading>
      <Table>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{t("field.name")}</Table.HeaderCell>
            <Table.HeaderCell>{t("overview.roles")}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {members.map((member) => {
            const name = member.display_name ?? member.email;
            return (
              <Table.Row key={member.user_id}>
                <Table.Cell>
                  {name}
                  <br />
                  <span className="text-sm">{member.email}</span>
                </Table.Cell>
                <Table.Cell>
                  {isAdmin ? (
                    <Form method="post" className="flex flex-wrap items-center gap-3">
                      <input type="hidden" name="user_id" value={member.user_id} />
                      <fieldset className="flex flex-wrap gap-3">
                        <legend className="sr-only">{t("overview.rolesFor", { name })}</legend>
                        {memberRoles.map((role) => (
                          <Checkbox
                            key={role}
                            id={`roles-${member.user_id}-${role}`}
                            name="roles"
                            value={role}
                            label={t(`role.${role}`)}
                            defaultChecked={member.roles.includes(role)}
                          />
                        ))}
                      </fieldset>
                      <Button type="submit" name="intent" value="roles" variant="secondary" data-size="sm">
                        {t("overview.saveRoles")}
                      </Button>
                      <Button type="submit" name="intent" value="remove" variant="tertiary" data-size="sm">
                        {t("overview.remove", { name })}
                      </Button>
                    </Form>
                  ) : (
                    member.roles.map((role) => t(`role.${role}`)).join(", ")
                  )}
                </Table.Cell>
              </Table.Row>
            );
          })}
        </Table.Body>
      </Table>
    </section>
  );
}
