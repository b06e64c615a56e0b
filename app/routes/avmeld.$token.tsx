import { Alert, Paragraph } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { attempt, clientAddress, limits, retryAfterHeaders } from "~/lib/rate-limit.server";
import { createSupabase } from "~/lib/supabase.server";

/**
 * The way out in every reminder e-mail, without signing in. Opening the link shows what it
 * turns off and a button: mail scanners that follow links must not turn reminders off for the
 * person. A POST turns it off, whether from the button or from the mail program's own
 * unsubscribe button (RFC 8058: `List-Unsubscribe=One-Click` posted to the same address).
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "unsubscribe.title");
export const headers = retryAfterHeaders;

async function linkCall(request: Request, token: string | undefined, context: LoaderFunctionArgs["context"]) {
  const { refused } = await attempt([[limits.reminderLinkPerClient, clientAddress(context)]]);
  if (refused) throw new Response(null, refused.init);
  if (!/^[0-9a-f]{48}$/.test(token ?? "")) throw new Response(null, { status: 404 });
  return { ...createSupabase(request), token: token! };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { supabase, headers, token } = await linkCall(request, params.token, context);
  return data(await loadApi(supabase, "reminder_link", { token }), { headers });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { supabase, headers, token } = await linkCall(request, params.token, context);
  return data(await loadApi(supabase, "opt_out_by_link", { token }), { headers });
}

export default function Unsubscribe() {
  const { t } = useT();
  const link = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  return (
    <NarrowPage title="unsubscribe.title">
      <Paragraph className="mb-4">
        <strong>{t(`reminderKind.${link.kind}`)}</strong>
      </Paragraph>
      {done || link.off ? (
        <Alert data-color="success" role="status" className="mb-4">
          <Paragraph>{t(done ? "unsubscribe.done" : "unsubscribe.already")}</Paragraph>
        </Alert>
      ) : (
        <Form method="post">
          <Paragraph className="mb-4">{t("unsubscribe.question")}</Paragraph>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <SubmitButton>{t("unsubscribe.submit")}</SubmitButton>
        </Form>
      )}
      <Paragraph className="mt-6">
        <TextLink to="/varsler">{t("unsubscribe.settings")}</TextLink>
      </Paragraph>
    </NarrowPage>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
