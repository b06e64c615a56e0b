import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { MessageKey, Params } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import { TextLink } from "./text-link";

type ErrorPage = { title: MessageKey; text: MessageKey; params?: Params };

// Refused input (R12) says what was wrong with it; readForm sends the form's limit with a 413.
const pages: Record<number, ErrorPage> = {
  400: { title: "input.badRequestTitle", text: "input.badRequestText" },
  403: { title: "error.forbiddenTitle", text: "error.forbiddenText" },
  404: { title: "notFound.title", text: "notFound.text" },
  405: { title: "input.methodTitle", text: "input.methodText" },
  413: { title: "input.tooLargeTitle", text: "input.tooLargeText" },
  415: { title: "input.unsupportedTitle", text: "input.unsupportedText" },
};

/** What to say about an error: a refusal in plain words, anything else as our fault. */
export function errorPage(error: unknown): ErrorPage {
  const page = isRouteErrorResponse(error) ? pages[error.status] : undefined;
  if (!page) return { title: "error.title", text: "error.text" };
  const megabytes = (error as { data?: { megabytes?: unknown } }).data?.megabytes;
  return typeof megabytes === "number" ? { ...page, params: { megabytes } } : page;
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
      <Paragraph className="mb-4">{t(page.text, page.params)}</Paragraph>
      <Paragraph>
        <TextLink to="/">{t("error.toHome")}</TextLink>
      </Paragraph>
    </>
  );
}
