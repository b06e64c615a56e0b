import { Heading } from "@digdir/designsystemet-react";
import { useT } from "~/lib/i18n/react";
import { memberRoles, type OrganisationOverview } from "~/lib/organisations";
import { PeopleWithRoles } from "./people-roles";

/** The organisation's people; admins change roles or remove someone (api.set_member_roles and its trigger). */
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
      <PeopleWithRoles people={members} roles={memberRoles} canManage={isAdmin} caption="overview.members" />
    </section>
  );
}
