import { Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import type { MetaFunction } from "@remix-run/node";
import type { ReactNode } from "react";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";

// Where reports about accessibility go; the operator of a deployment replaces it.
const CONTACT_EMAIL = "tilgjengelighet@sammen.no";
const COMPLAINTS_URL = "https://www.uutilsynet.no/";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "a11y.title");

export default function AccessibilityStatement() {
  const { t } = useT();
  return (
    <article className="max-w-prose">
      <Heading level={1} data-size="lg" className="mb-4">
        {t("a11y.title")}
      </Heading>
      <Paragraph className="mb-6">{t("a11y.intro")}</Paragraph>
      <Section heading="a11y.statusHeading" text="a11y.status" />
      <Section heading="a11y.knownHeading" text="a11y.known" />
      <Section heading="a11y.reportHeading" text="a11y.report">
        <Paragraph>
          {t("a11y.reportEmail")} <Link href={`mailto:${CONTACT_EMAIL}`}>{CONTACT_EMAIL}</Link>
        </Paragraph>
      </Section>
      <Section heading="a11y.complainHeading" text="a11y.complain">
        <Paragraph>
          <Link href={COMPLAINTS_URL}>{t("a11y.complainLink")}</Link>
        </Paragraph>
      </Section>
    </article>
  );
}

function Section({ heading, text, children }: { heading: MessageKey; text?: MessageKey; children?: ReactNode }) {
  const { t } = useT();
  return (
    <section className="mb-6">
      <Heading level={2} data-size="sm" className="mb-2">
        {t(heading)}
      </Heading>
      {text ? <Paragraph className="mb-2">{t(text)}</Paragraph> : null}
      {children}
    </section>
  );
}
