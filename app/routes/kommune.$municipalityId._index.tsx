import { Alert, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxField, ErrorSummary, SubmitButton } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { useViewer } from "~/lib/use-viewer";
import { taskLink } from "~/lib/work-list";

/**
 * Where staff land after sign-in: what waits for the municipality today, each kind of work
 * with its count and a link to the list that shows it, and the person's own e-mail settings.
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "workList.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const workList = await loadApi(supabase, "work_list", { municipality_id: idParam(params.municipalityId) });
  return data(workList, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await readForm(request);
  try {
    await callApi(supabase, "set_staff_settings", {
      municipality_id: idParam(params.municipalityId),
      // An unticked box sends nothing.
      registration_mail: formData.get("registration_mail") === "on",
    });
  } catch (error) {
    return data({ saved: false as const, failure: refusalToForm(error, formData) }, { status: 400, headers });
  }
  return data({ saved: true as const, failure: undefined }, { headers });
}

export default function WorkListPage() {
  const { t, p } = useT();
  const { municipality, tasks, settings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // The registration e-mail goes to caseworkers, so only they are offered to turn it off.
  const isCaseworker = Boolean(
    useViewer()?.staff.some((staff) => staff.municipality_id === municipality.id && staff.role === "caseworker"),
  );
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("workList.heading", { municipality: municipality.name })}
      </Heading>
      <Paragraph className="mb-6">{t("workList.lead")}</Paragraph>
      <ul className="mb-10 grid gap-3 sm:grid-cols-2">
        {tasks.map((task) => {
          const { message, to } = taskLink(municipality.id, task);
          return (
            <li key={task.task} className="rounded border border-gray-300 p-4">
              <TextLink to={to} className={task.count > 0 ? "font-semibold" : undefined}>
                {p(message, task.count)}
              </TextLink>
            </li>
          );
        })}
      </ul>
      {isCaseworker ? (
        <PageSection heading="workList.settings">
          {result?.saved ? (
            <Alert data-color="success" role="status" className="mb-4 max-w-md">
              <Paragraph>{t("workList.settingsSaved")}</Paragraph>
            </Alert>
          ) : null}
          <ErrorSummary failure={result?.failure} labels={{ registration_mail: "workList.registrationMail" }} />
          <Form method="post" className="max-w-md">
            <CheckboxField
              name="registration_mail"
              label="workList.registrationMail"
              failure={result?.failure}
              defaultChecked={settings.registration_mail}
            />
            <SubmitButton variant="secondary">{t("workList.saveSettings")}</SubmitButton>
          </Form>
        </PageSection>
      ) : null}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
