import { Heading } from "@digdir/designsystemet-react";
import type { ReactNode } from "react";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";

/** A titled part of a record page (details, notes, placements…). */
export function PageSection({ heading, children }: { heading: MessageKey; children: ReactNode }) {
  const { t } = useT();
  return (
    <section>
      <Heading level={2} data-size="md" className="mb-3">
        {t(heading)}
      </Heading>
      {children}
    </section>
  );
}

/** One term and its value in a record's <dl className="grid grid-cols-[auto_1fr]">. */
export function Detail({ term, children }: { term: MessageKey; children: ReactNode }) {
  const { t } = useT();
  return (
    <>
      <dt className="font-semibold">{t(term)}</dt>
      <dd>{children}</dd>
    </>
  );
}
