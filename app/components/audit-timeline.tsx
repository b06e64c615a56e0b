import { Paragraph } from "@digdir/designsystemet-react";
import type { TimelineEntry } from "~/lib/audit";
import { useT } from "~/lib/i18n/react";
import { PageSection } from "./page-section";

/**
 * One object's history from the audit trail, oldest first: when, who and what. Pages map
 * their own events to entries (auditTimeline() does it for raw audit events), so the same
 * component serves agreements, placements, claims and participants.
 */
export function AuditTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, dateTime } = useT();
  return (
    <PageSection heading="timeline.heading">
      {entries.length === 0 ? (
        <Paragraph>{t("timeline.none")}</Paragraph>
      ) : (
        <ol className="grid gap-4 border-l-2 border-gray-400 pl-4">
          {entries.map((entry, index) => (
            <li key={index}>
              <Paragraph data-size="sm">
                <time dateTime={entry.occurred_at}>{dateTime(entry.occurred_at)}</time>,{" "}
                {entry.actor ?? t("audit.system")}
              </Paragraph>
              <Paragraph className="font-semibold">{entry.what}</Paragraph>
              {entry.details.length > 0 ? (
                <ul className="text-sm">
                  {entry.details.map((detail) => (
                    <li key={detail}>{detail}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </PageSection>
  );
}
