import { Fragment } from "react";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import type { Viewer } from "~/lib/viewer";
import { TextLink } from "./text-link";

type StaffRole = Viewer["staff"][number]["role"];

/** The municipality's work pages, in the order a caseworker's day goes; some only for the roles named. */
const municipalityPages: { path: string; label: MessageKey; only?: StaffRole[] }[] = [
  { path: "", label: "nav.workList" },
  { path: "deltakere", label: "nav.participants" },
  { path: "tiltak", label: "nav.placements" },
  { path: "organisasjoner", label: "nav.organisations" },
  { path: "avtaler", label: "nav.agreements" },
  { path: "avtalemal", label: "nav.agreementTemplate", only: ["admin"] },
  { path: "refusjoner", label: "nav.claims" },
  { path: "anvisning", label: "nav.authorisation", only: ["anviser"] },
  { path: "utbetalinger", label: "nav.payments" },
  { path: "budsjett", label: "nav.budget" },
  { path: "pris", label: "nav.prize" },
  { path: "innsikt", label: "nav.insight" },
  { path: "logg", label: "nav.auditLog", only: ["admin"] },
  { path: "e-post", label: "nav.outgoingMail", only: ["admin"] },
  { path: "ansatte", label: "nav.staff", only: ["admin"] },
  { path: "innstillinger", label: "nav.settings", only: ["admin"] },
];

function pagesFor(roles: StaffRole[]) {
  return municipalityPages.filter((page) => !page.only || page.only.some((role) => roles.includes(role)));
}

/** One entry per municipality: a person may be both caseworker and admin there. */
function municipalitiesOf(viewer: Viewer) {
  const byId = new Map<string, { id: string; name: string; roles: StaffRole[] }>();
  for (const staff of viewer.staff) {
    const entry = byId.get(staff.municipality_id) ?? {
      id: staff.municipality_id,
      name: staff.municipality_name,
      roles: [],
    };
    entry.roles.push(staff.role);
    byId.set(staff.municipality_id, entry);
  }
  return [...byId.values()];
}

/** The pages the person's roles lead to: attendance for facilitators, lists for staff. */
export function WorkNav({ viewer }: { viewer: Viewer }) {
  const { t } = useT();
  const facilitates = viewer.organisations.some((membership) => membership.role === "facilitator");
  // Reminders go to facilitators and organisation admins.
  const reminded = viewer.organisations.length > 0;
  const municipalities = municipalitiesOf(viewer);
  if (!reminded && municipalities.length === 0) return null;
  // Someone on the staff of several municipalities needs to know whose list a link opens.
  const label = (page: MessageKey, municipality: string) =>
    municipalities.length > 1 ? t("nav.inMunicipality", { page: t(page), municipality }) : t(page);
  return (
    <nav aria-label={t("nav.work")} className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
      {facilitates ? <TextLink to="/tilrettelegger">{t("nav.attendance")}</TextLink> : null}
      {facilitates ? <TextLink to="/tilrettelegger/roller">{t("nav.facilitatorRoles")}</TextLink> : null}
      {reminded ? <TextLink to="/varsler">{t("nav.reminders")}</TextLink> : null}
      {municipalities.map((municipality) => (
        <Fragment key={municipality.id}>
          {pagesFor(municipality.roles).map((page) => (
            <TextLink key={page.path} to={`/kommune/${municipality.id}${page.path ? `/${page.path}` : ""}`}>
              {label(page.label, municipality.name)}
            </TextLink>
          ))}
        </Fragment>
      ))}
    </nav>
  );
}
