import { describe, expect, it } from "vitest";
import { heldPicker, withPicker } from "../../app/lib/municipality-picker.server";
import type { CatalogueAnswer } from "../../app/lib/organisations";

const answer = (municipalities: CatalogueAnswer["municipalities"], digest: string): CatalogueAnswer => ({
  total: 0,
  page: 1,
  page_size: 20,
  items: [],
  tags: [],
  municipalities,
  municipalities_digest: digest,
});
const bergen = [{ number: "4601", name: "Bergen" }];
const bergenAndOslo = [...bergen, { number: "0301", name: "Oslo" }];

describe("the catalogue's municipality picker", () => {
  it("is kept from an answer that carries it and named in the next call", () => {
    expect(withPicker(answer(bergen, "d1"), heldPicker()).municipalities).toEqual(bergen);
    expect(heldPicker()).toEqual({ digest: "d1", municipalities: bergen });
  });

  it("fills an answer that left it out with the copy the call named", () => {
    const named = heldPicker();
    expect(withPicker(answer(null, "d1"), named).municipalities).toEqual(bergen);
  });

  it("replaces the copy when the list changed", () => {
    expect(withPicker(answer(bergenAndOslo, "d2"), heldPicker()).municipalities).toEqual(bergenAndOslo);
    expect(heldPicker()?.digest).toBe("d2");
  });

  it("uses the copy the call named, not one another request kept meanwhile", () => {
    const named = heldPicker();
    withPicker(answer(bergen, "d3"), named);
    expect(withPicker(answer(null, "d2"), named).municipalities).toEqual(bergenAndOslo);
  });

  it("refuses an answer without the list when the call named none", () => {
    expect(() => withPicker(answer(null, "d1"), undefined)).toThrow();
  });
});
