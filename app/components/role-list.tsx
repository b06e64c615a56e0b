import { List } from "@digdir/designsystemet-react";
import { useT } from "~/lib/i18n/react";
import type { Viewer } from "~/lib/viewer";
import { TextLink } from "./text-link";

/**
 * The municipalities and/or organisations the person has a role in. Organisations link to
 * their page; municipalities stay plain text until the staff pages exist (no link to a 404).
 */
export function RoleList({
  viewer,
  show = ["staff", "organisations"],
  size,
}: {
  viewer: Viewer;
  show?: ("staff" | "organisations")[];
  size?: "sm" | "md";
}) {
  const { t } = useT();
  const roles = [
    ...(show.includes("staff") ? viewer.staff : []).map((staff) => ({
      key: `m-${staff.municipality_id}-${staff.role}`,
      to: null,
      text: t("role.inMunicipality", { municipality: staff.municipality_name, role: t(`role.${staff.role}`) }),
    })),
    ...(show.includes("organisations") ? viewer.organisations : []).map((membership) => ({
      key: `o-${membership.organisation_id}-${membership.role}`,
      to: `/organisasjoner/${membership.organisation_id}`,
      text: t("role.inOrganisation", { organisation: membership.name, role: t(`role.${membership.role}`) }),
    })),
  ];
  if (roles.length === 0) return null;
  return (
    <List.Unordered data-size={size}>
      {roles.map((role) => (
        <List.Item key={role.key}>{role.to ? <TextLink to={role.to}>{role.text}</TextLink> : role.text}</List.Item>
      ))}
    </List.Unordered>
  );
}
