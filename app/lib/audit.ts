import { formatDate, formatDateTime, formatKroner } from "./format";
import { isMessageKey, type Lang, type MessageKey, type Params } from "./i18n";
import type { AuditEvent } from "./insight";

/** The tables whose events a municipality's log holds, as the log's filter offers them. */
export const auditTables = [
  "placements",
  "planned_absences",
  "participants",
  "claims",
  "budgets",
  "agreements",
  "agreement_templates",
  "partnerships",
  "activities",
  "staff",
  "invitations",
  "municipalities",
  "prize_rounds",
] as const;

type Translate = (key: MessageKey, params?: Params) => string;

// Bookkeeping columns that change with every write and say nothing to a reader, and hashes
// and copies of texts that only a machine compares.
const quiet = new Set([
  "updated_at",
  "personal_data_changed",
  "token_hash",
  "text_hash",
  "rendered_text",
  "budget_year",
]);

/** A change to one field: the field's name in words where the catalogue has it. */
export type FieldChange = { field: string; from: string; to: string };

/** What an update changed, field by field, in a form a person can read. */
export function fieldChanges(
  event: Pick<AuditEvent, "table" | "old" | "new">,
  t: Translate,
  lang: Lang,
): FieldChange[] {
  if (!event.old || !event.new) return [];
  const before = event.old;
  const after = event.new;
  return Object.keys(after)
    .filter((field) => !quiet.has(field) && JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({
      field: fieldLabel(field, t),
      from: readable(event.table, field, before[field], t, lang),
      to: readable(event.table, field, after[field], t, lang),
    }));
}

// Fields whose stored words the catalogue has under a prefix of its own.
const wordsOf: Record<string, string> = {
  outcome: "outcome",
  kind: "claimKind",
  category: "kind",
  fee_period: "feePeriod",
  role: "role",
  member_role: "role",
  staff_role: "role",
};

/**
 * Values as the pages show them: states and kinds in words, money in kroner (R11), dates
 * and instants in the page's language, yes or no; anything else as stored, cut short.
 */
function readable(table: string, field: string, value: unknown, t: Translate, lang: Lang): string {
  if (value === null || value === undefined || value === "") return "–";
  const key = field === "status" ? statusKey(table, value) : field in wordsOf ? `${wordsOf[field]}.${value}` : null;
  if (key && isMessageKey(key)) return t(key);
  if (typeof value === "boolean") return t(value ? "audit.yes" : "audit.no");
  if (field.endsWith("_ore") && typeof value === "number") return formatKroner(value);
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, "short", lang);
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value, lang);
  const text = typeof value === "string" ? value : Array.isArray(value) ? value.join(", ") : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function fieldLabel(field: string, t: Translate): string {
  const key = `audit.field.${field}`;
  return isMessageKey(key) ? t(key) : field;
}

function statusKey(table: string, value: unknown) {
  if (table === "placements") return `placement.${value}`;
  if (table === "claims") return `insight.claimStatus.${value}`;
  if (table === "partnerships") return `partnership.${value}`;
  if (table === "agreements") return `agreementStatus.${value}`;
  if (table === "prize_rounds") return `roundStatus.${value}`;
  if (table === "nominations") return `screeningStatus.${value}`;
  return null;
}

export function tableLabel(table: string, t: Translate): string {
  const key = `audit.table.${table}`;
  return isMessageKey(key) ? t(key) : t("audit.table.unknown", { table });
}

/** One line of an object's history: when, who, and what happened in words. */
export type TimelineEntry = { occurred_at: string; actor: string | null; what: string; details: string[] };

/** The audit events of one object as timeline entries (created, each change, deleted). */
export function auditTimeline(events: AuditEvent[], t: Translate, lang: Lang): TimelineEntry[] {
  return events.map((event) => {
    const changes = fieldChanges(event, t, lang);
    const personal = event.new?.personal_data_changed === true;
    const status = event.action === "insert" && typeof event.new?.status === "string" ? event.new : null;
    return {
      occurred_at: event.occurred_at,
      actor: event.actor,
      what: t(
        event.action === "insert" ? "audit.created" : event.action === "delete" ? "audit.deleted" : "audit.changed",
      ),
      details: [
        ...(status ? [t("timeline.status", { status: readable(event.table, "status", status.status, t, lang) })] : []),
        ...changes.map((change) => `${change.field}: ${change.from} → ${change.to}`),
        ...(personal ? [t("audit.personalDataChanged")] : []),
      ],
    };
  });
}

/** The page of an event's object, where there is one, for the log to link to. */
export function objectPath(event: Pick<AuditEvent, "table" | "record_id">, municipalityId: string): string | null {
  if (event.table === "placements") return `/tiltak/${event.record_id}`;
  if (event.table === "participants") return `/kommune/${municipalityId}/deltakere/${event.record_id}`;
  return null;
}
