import type { Catalogue, CatalogueAnswer } from "./organisations";

/**
 * The catalogue's municipality picker, kept per server process. It lists every municipality
 * (357 for all of Norway) and changes a few times a year, so the catalogue is asked with the
 * digest of the copy held here and writes the list out only when it differs.
 */
let held: { digest: string; municipalities: Catalogue["municipalities"] } | undefined;

/** The copy to name in the next catalogue call; hand it back to `withPicker` with the answer. */
export const heldPicker = () => held;

/**
 * The answer with its picker: the one it carries (kept for later calls), or the copy the call
 * named, which the database has just confirmed is current.
 */
export function withPicker(answer: CatalogueAnswer, named: ReturnType<typeof heldPicker>): Catalogue {
  if (answer.municipalities === null) {
    if (named?.digest !== answer.municipalities_digest)
      throw new Error("the catalogue left out a picker it was not told of");
    return { ...answer, municipalities: named.municipalities };
  }
  held = { digest: answer.municipalities_digest, municipalities: answer.municipalities };
  return { ...answer, municipalities: answer.municipalities };
}
