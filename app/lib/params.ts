import { z } from "zod";

/** A route's id parameter; anything that is not an id is a page that does not exist. */
export function idParam(value: string | undefined): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new Response(null, { status: 404 });
  return parsed.data;
}
