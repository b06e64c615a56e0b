import { Alert, Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import { markFields } from "~/lib/attendance";
import { useT } from "~/lib/i18n/react";
import type { OutboxEntry } from "~/lib/outbox";

/**
 * What the phone keeps of the attendance saved without a connection: waiting, sent (and
 * when), or refused with the reason, so that nothing is dropped silently. Changes are read
 * out as they happen.
 */
export function OutboxPanel({
  entries,
  onSend,
  onDismiss,
}: {
  entries: OutboxEntry[];
  onSend: () => void;
  onDismiss: (key: string) => void;
}) {
  const { t } = useT();
  const anyWaiting = entries.some((entry) => entry.state === "waiting" || entry.state === "signedOut");
  return (
    <div aria-live="polite" className="mb-8">
      {entries.length > 0 ? (
        <section aria-labelledby="outbox-heading">
          <Heading id="outbox-heading" level={2} data-size="sm" className="mb-3">
            {t("outbox.heading")}
          </Heading>
          <ul className="grid gap-3">
            {entries.map((entry) => (
              <li key={entry.key}>
                <OutboxItem entry={entry} onDismiss={onDismiss} />
              </li>
            ))}
          </ul>
          {anyWaiting ? (
            <Button variant="secondary" className="mt-3" onClick={onSend}>
              {t("outbox.sendNow")}
            </Button>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function OutboxItem({ entry, onDismiss }: { entry: OutboxEntry; onDismiss: (key: string) => void }) {
  const { t, dateTime } = useT();
  const color = entry.state === "refused" ? "danger" : entry.state === "sent" ? "success" : "warning";
  return (
    <Alert data-color={color}>
      <Paragraph className="font-semibold first-letter:uppercase">{entry.label}</Paragraph>
      <Paragraph>{marksOf(entry, t)}</Paragraph>
      <Paragraph>
        {entry.state === "sent"
          ? t("outbox.sent", { time: dateTime(entry.sentAt ?? entry.queuedAt) })
          : entry.state === "refused"
            ? t("outbox.refused", {
                reason: (entry.reasons ?? []).map((reason) => t(reason.key, reason.params)).join(" "),
              })
            : entry.state === "signedOut"
              ? t("outbox.signIn")
              : t("outbox.waiting", { time: dateTime(entry.queuedAt) })}
      </Paragraph>
      {entry.state === "refused" || entry.state === "sent" ? (
        <Button variant="tertiary" data-size="sm" className="mt-2" onClick={() => onDismiss(entry.key)}>
          {t("outbox.dismiss")}
        </Button>
      ) : null}
    </Alert>
  );
}

/** "Emma: Til stede, Jonas: Borte", from the session form as it was saved. */
function marksOf(entry: OutboxEntry, t: ReturnType<typeof useT>["t"]) {
  const fields = new Map(entry.fields);
  return entry.fields
    .filter(([name]) => name === "placement")
    .flatMap(([, placement]) => {
      const status = fields.get(markFields(placement).status);
      if (status !== "present" && status !== "absent") return [];
      return [`${fields.get(`name-${placement}`) ?? "?"}: ${t(status === "present" ? "week.present" : "week.absent")}`];
    })
    .join(", ");
}
