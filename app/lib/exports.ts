import type { AttendanceExportRow, ClaimExportRow, OrganisationExportRow, PlacementExportRow } from "./api/insight";
import type { CsvColumn } from "./csv";
import { formatPattern, kronerDecimal } from "./format";
import { translate } from "./i18n";

/**
 * The CSV exports of the insight pages. Column names and values are in Norwegian whatever
 * the reader's language: the files go into the municipality's own reports and archives.
 */
const nb = (key: Parameters<typeof translate>[1]) => translate("nb", key);
const date = (value: string | null) => (value ? formatPattern(value, "dd.MM.yyyy") : null);
const instant = (value: string | null) => (value ? formatPattern(value, "dd.MM.yyyy HH:mm") : null);

export const placementColumns: CsvColumn<PlacementExportRow>[] = [
  { header: "Tiltak-id", value: (row) => row.placement },
  { header: "Aldersgruppe", value: (row) => row.age_band },
  { header: "Aktivitet", value: (row) => row.activity },
  { header: "Kategori", value: (row) => nb(`kind.${row.category}`) },
  { header: "Organisasjon", value: (row) => row.organisation },
  { header: "Organisasjonsnummer", value: (row) => row.organisation_number },
  { header: "Startdato", value: (row) => date(row.starts_on) },
  { header: "Vedtak til", value: (row) => date(row.ends_on) },
  { header: "Avsluttet", value: (row) => date(row.ended_on) },
  { header: "Status", value: (row) => nb(`placement.${row.status}`) },
  { header: "Utfall", value: (row) => (row.outcome ? nb(`outcomeOption.${row.outcome}`) : null) },
  { header: "Til stede", value: (row) => row.present },
  { header: "Borte", value: (row) => row.absent },
];

export const claimColumns: CsvColumn<ClaimExportRow>[] = [
  { header: "Referanse", value: (row) => row.reference },
  { header: "Type", value: (row) => nb(`insight.claimKind.${row.kind}`) },
  { header: "Status", value: (row) => nb(`insight.claimStatus.${row.status}`) },
  { header: "Beløp (kr)", value: (row) => kronerDecimal(row.amount_ore) },
  { header: "Organisasjon", value: (row) => row.organisation },
  { header: "Organisasjonsnummer", value: (row) => row.organisation_number },
  { header: "Periode fra", value: (row) => date(row.period_start) },
  { header: "Periode til", value: (row) => date(row.period_end) },
  { header: "Kjøpsdato", value: (row) => date(row.purchase_date) },
  { header: "Sendt inn", value: (row) => instant(row.submitted_at) },
  { header: "Avgjort", value: (row) => instant(row.decided_at) },
  { header: "Utbetalt", value: (row) => date(row.paid_on) },
  { header: "Betalingsreferanse", value: (row) => row.payment_reference },
];

export const organisationColumns: CsvColumn<OrganisationExportRow>[] = [
  { header: "Organisasjonsnummer", value: (row) => row.organisation_number },
  { header: "Navn", value: (row) => row.name },
  { header: "Type", value: (row) => nb(`kind.${row.kind}`) },
  { header: "Status", value: (row) => nb(`partnership.${row.status}`) },
  { header: "E-post", value: (row) => row.contact_email },
  { header: "Telefon", value: (row) => row.contact_phone },
  { header: "Poststed", value: (row) => row.postal_town },
  { header: "Aktiviteter", value: (row) => row.activities },
  { header: "Aktive tiltak", value: (row) => row.active_placements },
];

export const attendanceColumns: CsvColumn<AttendanceExportRow>[] = [
  { header: "Organisasjon", value: (row) => row.organisation },
  { header: "Aktivitet", value: (row) => row.activity },
  { header: "Måned", value: (row) => row.month },
  { header: "Økter", value: (row) => row.sessions },
  { header: "Til stede", value: (row) => row.present },
  { header: "Borte", value: (row) => row.absent },
];

/** The exports as the dashboard lists them; the path is the last part of /innsikt/eksport/…. */
export const exportDatasets = [
  { path: "tiltak", label: "insight.export.placements" },
  { path: "refusjoner", label: "insight.export.claims" },
  { path: "organisasjoner", label: "insight.export.organisations" },
  { path: "oppmote", label: "insight.export.attendance" },
] as const;
export type ExportDataset = (typeof exportDatasets)[number]["path"];
