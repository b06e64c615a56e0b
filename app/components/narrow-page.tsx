import { Heading, Paragraph } from "@digdir/designsystemet-react";
import type { ReactNode } from "react";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";

/** A page with one task (sign in, a form, a message): a heading, a lead and a narrow column. */
export function NarrowPage({ title, lead, children }: { title: MessageKey; lead?: MessageKey; children?: ReactNode }) {
  const { t } = useT();
  return (
    <div className="max-w-md">
      <Heading level={1} data-size="lg" className="mb-4">
        {t(title)}
      </Heading>
      {lead ? <Paragraph className="mb-6">{t(lead)}</Paragraph> : null}
      {children}
    </div>
  );
}
