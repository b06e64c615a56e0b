import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { NarrowPage } from "~/components/narrow-page";
import { RoundForm } from "~/components/prize/round-form";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { osloToday } from "~/lib/format";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { saveRound } from "~/lib/prize-round-form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "roundForm.newTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const { municipality, is_admin } = await loadApi(supabase, "prize_rounds", {
    municipality_id: idParam(params.municipalityId),
  });
  if (!is_admin) throw new Response(null, { status: 403 });
  return data({ municipality, today: osloToday() }, { headers });
}

export const action = ({ request, params }: ActionFunctionArgs) =>
  saveRound(request, idParam(params.municipalityId), null);

export default function NewPrizeRound() {
  const { municipality, today } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <NarrowPage title="roundForm.newTitle" lead="roundForm.lead">
      <RoundForm
        municipality={municipality.name}
        failure={failure}
        values={{
          title: "",
          year: today.slice(0, 4),
          opens_at: today,
          closes_at: "",
          prize_description: "",
          criteria: [],
        }}
      />
    </NarrowPage>
  );
}
