import { Button, Card, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ActivityFacts } from "~/components/activity-facts";
import { SelectField, TextField } from "~/components/forms";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { heldPicker, withPicker } from "~/lib/municipality-picker.server";
import { organisationKinds, weekdays } from "~/lib/organisations";
import { publicPageHeaders } from "~/lib/security-headers.server";
import { createSupabase } from "~/lib/supabase.server";

/**
 * The public catalogue. Filters live in the query string so that a search can be shared and
 * the form works without JavaScript; a value that makes no sense is ignored, not an error.
 */
const optional = <T extends z.ZodType>(field: T) => field.optional().catch(undefined);
const filters = z.object({
  kommune: optional(z.string().regex(/^\d{4}$/)),
  kategori: optional(z.enum(organisationKinds)),
  dag: optional(z.coerce.number().int().min(1).max(7)),
  alder: optional(z.coerce.number().int().min(0).max(120)),
  tilpasning: optional(z.string().trim().min(1).max(50)),
  q: optional(z.string().trim().min(1).max(100)),
  side: optional(z.coerce.number().int().min(1).max(1000)),
});

export const headers = publicPageHeaders;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "catalogue.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const filter = filters.parse(Object.fromEntries([...params].filter(([, value]) => value !== "")));
  const { supabase, headers } = createSupabase(request);
  const picker = heldPicker();
  const answer = await loadApi(supabase, "catalogue", {
    municipality_number: filter.kommune ?? null,
    category: filter.kategori ?? null,
    weekday: filter.dag ?? null,
    age: filter.alder ?? null,
    tag: filter.tilpasning ?? null,
    search: filter.q ?? null,
    page: filter.side ?? 1,
    municipalities_held: picker?.digest ?? null,
  });
  return data({ catalogue: withPicker(answer, picker), filter }, { headers });
}

export default function CataloguePage() {
  const { t, p } = useT();
  const { catalogue, filter } = useLoaderData<typeof loader>();
  const lastPage = Math.max(1, Math.ceil(catalogue.total / catalogue.page_size));
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-4">
        {t("catalogue.title")}
      </Heading>
      <Paragraph className="mb-6 max-w-prose">{t("catalogue.lead")}</Paragraph>
      <Form method="get" role="search" aria-label={t("catalogue.filters")} className="mb-8">
        <div className="grid gap-x-4 sm:grid-cols-2 lg:grid-cols-3">
          <TextField name="q" type="text" label="catalogue.search" failure={undefined} defaultValue={filter.q} />
          <SelectField
            name="kommune"
            label="catalogue.municipality"
            failure={undefined}
            empty={t("catalogue.all")}
            defaultValue={filter.kommune}
            options={catalogue.municipalities.map((m) => ({ value: m.number, label: m.name }))}
          />
          <SelectField
            name="kategori"
            label="catalogue.category"
            failure={undefined}
            empty={t("catalogue.all")}
            defaultValue={filter.kategori}
            options={organisationKinds.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
          />
          <SelectField
            name="dag"
            label="catalogue.weekday"
            failure={undefined}
            empty={t("catalogue.anyDay")}
            defaultValue={filter.dag?.toString()}
            options={weekdays.map((day) => ({ value: String(day), label: t(`weekday.${day}` as MessageKey) }))}
          />
          <TextField
            name="alder"
            type="number"
            inputMode="numeric"
            min={0}
            max={120}
            label="catalogue.age"
            failure={undefined}
            defaultValue={filter.alder?.toString()}
          />
          <SelectField
            name="tilpasning"
            label="catalogue.adaptation"
            failure={undefined}
            empty={t("catalogue.all")}
            defaultValue={filter.tilpasning}
            options={catalogue.tags.map((tag) => ({ value: tag, label: tag }))}
          />
        </div>
        <div className="flex flex-wrap items-center gap-4">
          <Button type="submit">{t("catalogue.show")}</Button>
          <TextLink to="/aktiviteter">{t("catalogue.reset")}</TextLink>
        </div>
      </Form>

      <Heading level={2} data-size="sm" className="mb-4" aria-live="polite">
        {p("catalogue.count", catalogue.total)}
      </Heading>
      <ul className="grid gap-4">
        {catalogue.items.map((item) => (
          <li key={item.id}>
            <Card data-color="neutral">
              <Heading level={3} data-size="xs" className="mb-1">
                <Link to={`/aktiviteter/${item.id}`}>{item.title}</Link>
              </Heading>
              <Paragraph data-size="sm" className="mb-2">
                {t("catalogue.byIn", { organisation: item.organisation_name, municipality: item.municipality_name })}
                {" · "}
                {t(`kind.${item.category}`)}
              </Paragraph>
              <ActivityFacts activity={item} place={item.place} />
            </Card>
          </li>
        ))}
      </ul>
      {lastPage > 1 ? <Pages page={catalogue.page} lastPage={lastPage} /> : null}
    </>
  );
}

/** Previous and next as links that keep the filters, so paging works without JavaScript. */
function Pages({ page, lastPage }: { page: number; lastPage: number }) {
  const { t } = useT();
  const [searchParams] = useSearchParams();
  const href = (side: number) => {
    const params = new URLSearchParams(searchParams);
    params.set("side", String(side));
    return `?${params}`;
  };
  return (
    <nav aria-label={t("catalogue.pages")} className="mt-6 flex items-center gap-4">
      {page > 1 ? <TextLink to={href(page - 1)}>{t("catalogue.previous")}</TextLink> : null}
      <Paragraph data-size="sm">{t("catalogue.pageOf", { page, pages: lastPage })}</Paragraph>
      {page < lastPage ? <TextLink to={href(page + 1)}>{t("catalogue.next")}</TextLink> : null}
    </nav>
  );
}
