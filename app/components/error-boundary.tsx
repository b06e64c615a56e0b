import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import { TextLink } from "./text-link";

const pages: Record<number, { title: MessageKey; text: MessageKey }> = {
  403: { title: "error.forbiddenTitle", text: "error.forbiddenText" },
  404: { title: "notFound.title", text: "notFound.text" },
};

/** What to say about an error: a 404 or 403 in plain words, anything else as our fault. */
export function errorPage(error: unknown): { title: MessageKey; text: MessageKey } {
  return (isRouteErrorResponse(error) && pages[error.status]) || { title: "error.title", text: "error.text" };
}

/** What a page says when it cannot be shown. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useT();
  const page = errorPage(error);
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-4">
        {t(page.title)}
      </Heading>
      <Paragraph className="mb-4">{t(page.text)}</Paragraph>
      <Paragraph>
        <TextLink to="/">{t("error.toHome")}</TextLink>
      </Paragraph>
    </>
  );
}
