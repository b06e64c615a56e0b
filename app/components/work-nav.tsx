import { Fragment } from "react";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import type { Viewer } from "~/lib/viewer";
import { TextLink } from "./text-link";

type StaffRole = Viewer["staff"][number]["role"];

/** The municipality's work pages, in the order a caseworker's day goes; `admin` pages only for admins. */
const municipalityPages: { path: string; label: MessageKey; adminOnly?: boolean }[] = [
  { path: "deltakere", label: "nav.participants" },
  { path: "tiltak", label: "nav.placements" },
  { path: "pris", label: "nav.prize" },
];

function pagesFor(role: StaffRole) {
  return municipalityPages.filter((page) => !page.adminOnly || role === "admin");
}

/** The pages the person's roles lead to: attendance for facilitators, lists for staff. */
export function WorkNav({ viewer }: { viewer: Viewer }) {
  const { t } = useT();
  const facilitates = viewer.organisations.some((membership) => membership.role === "facilitator");
  if (!facilitates && viewer.staff.length === 0) return null;
  // Someone on the staff of several municipalities needs to know whose list a link opens.
  const label = (page: MessageKey, municipality: string) =>
    viewer.staff.length > 1 ? t("nav.inMunicipality", { page: t(page), municipality }) : t(page);
  return (
    <nav aria-label={t("nav.work")} className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
      {facilitates ? <TextLink to="/tilrettelegger">{t("nav.attendance")}</TextLink> : null}
      {viewer.staff.map((staff) => (
        <Fragment key={staff.municipality_id}>
          {pagesFor(staff.role).map((page) => (
            <TextLink key={page.path} to={`/kommune/${staff.municipality_id}/${page.path}`}>
              {label(page.label, staff.municipality_name)}
            </TextLink>
          ))}
        </Fragment>
      ))}
    </nav>
  );
}
