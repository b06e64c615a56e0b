import { Button, Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SubmitButton } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { createSupabase } from "~/lib/supabase.server";
import { useViewer } from "~/lib/use-viewer";

/** The link in an invitation e-mail: what it is for, then sign in (or up) and accept. */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invitation.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = createSupabase(request);
  const invitation = await loadApi(supabase, "invitation", { token: params.token ?? "" });
  if (!invitation) throw new Response("Not Found", { status: 404 });
  return data(invitation, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await readForm(request);
  let accepted;
  try {
    accepted = await callApi(supabase, "accept_invitation", { token: params.token ?? "" });
  } catch (error) {
    return data(refusalToForm(error, formData), { status: 400, headers });
  }
  const next = accepted.organisation_id
    ? `/organisasjoner/${accepted.organisation_id}`
    : accepted.municipality_id
      ? `/kommune/${accepted.municipality_id}/organisasjoner`
      : accepted.prize_round_id
        ? `/jury/${accepted.prize_round_id}`
        : "/";
  throw redirect(next, { headers });
}

export default function InvitationPage() {
  const { t } = useT();
  const invitation = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const viewer = useViewer();
  const target = invitation.organisation?.name ?? invitation.municipality?.name ?? invitation.prize_round?.title ?? "";
  return (
    <NarrowPage title="invitation.title">
      <Paragraph className="mb-4">
        {t("invitation.text", { role: t(`role.${invitation.role}`), target, email: invitation.email })}
      </Paragraph>
      {invitation.state !== "open" ? (
        <Paragraph>{t(invitation.state === "accepted" ? "invitation_used" : "invitation_expired")}</Paragraph>
      ) : viewer ? (
        <>
          <ErrorSummary failure={failure} labels={{}} />
          <Form method="post">
            <SubmitButton>{t("invitation.accept")}</SubmitButton>
          </Form>
        </>
      ) : (
        <SignInFirst />
      )}
    </NarrowPage>
  );
}

/** A visitor signs in, or signs up, and comes back here. */
function SignInFirst() {
  const { t } = useT();
  const back = new URLSearchParams({ redirectTo: useLocation().pathname });
  return (
    <>
      <Paragraph className="mb-4">{t("invitation.signInOrRegister")}</Paragraph>
      <div className="flex flex-wrap gap-3">
        <Button asChild>
          <Link to={`/logg-inn?${back}`}>{t("layout.signIn")}</Link>
        </Button>
        <Button asChild variant="secondary">
          <Link to={`/registrer?${back}`}>{t("invitation.createAccount")}</Link>
        </Button>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
