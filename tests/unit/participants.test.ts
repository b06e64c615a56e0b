import { expect, test } from "vitest";
import { pageQuery } from "../../app/lib/participants";
import { tagLine } from "../../app/lib/validation";

test("interests typed with commas become tags; empty pieces are dropped", () => {
  expect(tagLine(40).parse(" klatring, Friluft ,, ")).toEqual(["klatring", "Friluft"]);
  expect(tagLine(40).parse("")).toEqual([]);
  expect(tagLine(40).parse(undefined)).toEqual([]);
});

test("a list's ?side= is a page from 1; anything else is the first page", () => {
  expect(pageQuery.parse("3")).toBe(3);
  expect([pageQuery.parse("0"), pageQuery.parse("x"), pageQuery.parse(undefined)]).toEqual([1, 1, 1]);
});
