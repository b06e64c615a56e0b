import { Button, Checkbox, Table } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import type { Person } from "~/lib/organisations";

/**
 * People and their roles in an organisation or a municipality. Those who manage them change
 * roles or remove someone with a small form per person (intent "roles" or "remove"); the
 * database keeps the last admin.
 */
export function PeopleWithRoles<Role extends string>({
  people,
  roles,
  canManage,
  caption,
}: {
  people: (Person & { roles: Role[] })[];
  roles: readonly Role[];
  canManage: boolean;
  caption: MessageKey;
}) {
  const { t } = useT();
  const roleName = (role: Role) => t(`role.${role}` as MessageKey);
  return (
    <Table>
      <caption className="sr-only">{t(caption)}</caption>
      <Table.Head>
        <Table.Row>
          <Table.HeaderCell>{t("field.name")}</Table.HeaderCell>
          <Table.HeaderCell>{t("overview.roles")}</Table.HeaderCell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {people.map((person) => {
          const name = person.display_name ?? person.email;
          return (
            <Table.Row key={person.user_id}>
              <Table.Cell>
                {name}
                <br />
                <span className="text-sm">{person.email}</span>
              </Table.Cell>
              <Table.Cell>
                {canManage ? (
                  <Form method="post" className="flex flex-wrap items-center gap-3">
                    <input type="hidden" name="user_id" value={person.user_id} />
                    <fieldset className="flex flex-wrap gap-3">
                      <legend className="sr-only">{t("overview.rolesFor", { name })}</legend>
                      {roles.map((role) => (
                        <Checkbox
                          key={role}
                          id={`roles-${person.user_id}-${role}`}
                          name="roles"
                          value={role}
                          label={roleName(role)}
                          defaultChecked={person.roles.includes(role)}
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
                  person.roles.map(roleName).join(", ")
                )}
              </Table.Cell>
            </Table.Row>
          );
        })}
      </Table.Body>
    </Table>
  );
}
