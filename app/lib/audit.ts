import { isMessageKey, type MessageKey, type Params } from "./i18n";
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
] as const;

type Translate = (key: MessageKey, params?: Params) => string;

// Bookkeeping columns that change with every write and say nothing to a reader.
const quiet = new Set(["updated_at", "personal_data_changed"]);

/** A change to one field: the field's name in words where the catalogue has it. */
export type FieldChange = { field: string; from: string; to: string };

/** What an update changed, field by field, in a form a person can read. */
export function fieldChanges(event: Pick<AuditEvent, "table" | "old" | "new">, t: Translate): FieldChange[] {
  if (!event.old || !event.new) return [];
  const before = event.old;
  const after = event.new;
  return Object.keys(after)
    .filter((field) => !quiet.has(field) && JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({
      field: fieldLabel(field, t),
      from: readable(event.table, field, before[field], t),
      to: readable(event.table, field, after[field], t),
    }));
}

/** The known states and outcomes in words; anything else as it is stored, cut short. */
function readable(table: string, field: string, value: unknown, t: Translate): string {
  if (value === null || value === undefined || value === "") return "–";
  const key = field === "outcome" ? `outcome.${value}` : field === "status" ? statusKey(table, value) : null;
  if (key && isMessageKey(key)) return t(key);
  const text = typeof value === "string" ? value : JSON.stringify(value);
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
  return null;
}

export function tableLabel(table: string, t: Translate): string {
  const key = `audit.table.${table}`;
  return isMessageKey(key) ? t(key) : t("audit.table.other", { table });
}

/** One line of an object's history: when, who, and what happened in words. */
export type TimelineEntry = { occurred_at: string; actor: string | null; what: string; details: string[] };

/** The audit events of one object as timeline entries (created, each change, deleted). */
export function auditTimeline(events: AuditEvent[], t: Translate): TimelineEntry[] {
  return events.map((event) => {
    const changes = fieldChanges(event, t);
    const personal = event.new?.personal_data_changed === true;
    const status = event.action === "insert" && typeof event.new?.status === "string" ? event.new : null;
    return {
      occurred_at: event.occurred_at,
      actor: event.actor,
      what: t(
        event.action === "insert" ? "audit.created" : event.action === "delete" ? "audit.deleted" : "audit.changed",
      ),
      details: [
        ...(status ? [t("timeline.status", { status: readable(event.table, "status", status.status, t) })] : []),
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
