import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { NarrowPage } from "~/components/narrow-page";
import { RoundForm } from "~/components/prize/round-form";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { lastOsloDay, osloDay } from "~/lib/prize";
import { saveRound } from "~/lib/prize-round-form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "roundForm.editTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const page = await loadApi(supabase, "prize_round_admin", { round_id: idParam(params.roundId) });
  if (!page.is_admin || page.round.status !== "draft") throw new Response(null, { status: 403 });
  return data(page, { headers });
}

export const action = ({ request, params }: ActionFunctionArgs) =>
  saveRound(request, idParam(params.municipalityId), idParam(params.roundId));

export default function EditPrizeRound() {
  const { round, criteria, municipality } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <NarrowPage title="roundForm.editTitle" lead="roundForm.lead">
      <RoundForm
        municipality={municipality.name}
        failure={failure}
        values={{
          title: round.title,
          year: String(round.year),
          opens_at: osloDay(round.opens_at),
          closes_at: lastOsloDay(round.closes_at),
          prize_description: round.prize_description,
          criteria,
        }}
      />
    </NarrowPage>
  );
}
