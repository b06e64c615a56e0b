import { Alert, Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SubmitButton, TextareaField } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { message, parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "template.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const template = await loadApi(supabase, "agreement_template", { municipality_id: idParam(params.municipalityId) });
  return data(template, { headers });
}

const schema = z.object({ body: z.string().trim().min(1, message("template_body_required")).max(50000) });
const labels = { body: "template.body" } as const;

/** Saves the text as a new version; agreements already made keep theirs. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const formData = await readForm(request);
  const form = parseForm(formData, schema);
  if (!form.success) return data(form.failure, { status: 400, headers });
  let version: number;
  try {
    version = await callApi(supabase, "save_agreement_template", {
      municipality_id: municipalityId,
      body: form.data.body,
    });
  } catch (error) {
    return data(refusalToForm(error, formData), { status: 400, headers });
  }
  throw redirect(`?lagret=${version}`, { headers });
}

export default function AgreementTemplate() {
  const { t, dateTime } = useT();
  const template = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [search] = useSearchParams();
  const saved = search.get("lagret");
  const latest = template.versions[0];
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-4">
        {t("template.title")}
      </Heading>
      <Paragraph className="mb-6 max-w-prose">{t("template.lead")}</Paragraph>
      {saved ? (
        <Alert data-color="success" role="status" className="mb-4 max-w-prose">
          <Paragraph>{t("template.saved", { version: saved })}</Paragraph>
        </Alert>
      ) : null}
      <div className="grid gap-10">
        <div className="max-w-prose">
          <ErrorSummary failure={failure} labels={labels} />
          <Form method="post" noValidate>
            <TextareaField
              name="body"
              label={labels.body}
              hint="template.bodyHint"
              rows={16}
              maxLength={50000}
              defaultValue={latest?.body}
              failure={failure}
            />
            <Heading level={2} data-size="xs" className="mb-2">
              {t("template.placeholders")}
            </Heading>
            <ul className="mb-6 flex flex-wrap gap-x-4 gap-y-1">
              {template.placeholders.map((placeholder) => (
                <li key={placeholder}>
                  <code>{placeholder}</code>
                </li>
              ))}
            </ul>
            <SubmitButton>{t("template.save")}</SubmitButton>
          </Form>
        </div>
        <PageSection heading="template.versions">
          {template.versions.length === 0 ? (
            <Paragraph>{t("template.none")}</Paragraph>
          ) : (
            <Table>
              <caption className="mb-2 text-left font-semibold">{t("template.versions")}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t("template.version")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("template.createdAt")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("template.createdBy")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("template.agreementCount")}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {template.versions.map((version) => (
                  <Table.Row key={version.id}>
                    <Table.Cell>{version.version}</Table.Cell>
                    <Table.Cell>{dateTime(version.created_at)}</Table.Cell>
                    <Table.Cell>{version.created_by ?? "–"}</Table.Cell>
                    <Table.Cell>{version.agreement_count}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          )}
        </PageSection>
      </div>
    </>
  );
}
