import { z } from "zod";
import { osloToday } from "./format";

/** A route's id parameter; anything that is not an id is a page that does not exist. */
export function idParam(value: string | undefined): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new Response(null, { status: 404 });
  return parsed.data;
}

/**
 * The year a page shows, from ?year= in the address; anything else is this year (in Oslo).
 * The earliest year is when Sammen could first hold data, so that a typo does not ask the
 * database about year 20.
 */
export function yearParam(request: Request, today = osloToday()): number {
  const current = Number(today.slice(0, 4));
  const year = z.coerce
    .number()
    .int()
    .min(2020)
    .max(current + 1)
    .catch(current);
  return year.parse(new URL(request.url).searchParams.get("year") ?? undefined);
}
