import { describe, expect, test } from "vitest";
import { idParam, yearParam } from "../../app/lib/params";

const request = (query: string) => new Request(`http://localhost/side${query}`);

describe("a page's year in the address", () => {
  test.each([
    ["?year=2025", 2025],
    ["?year=2027", 2027],
    ["", 2026],
    ["?year=20", 2026],
    ["?year=2028", 2026],
    ["?year=tjue", 2026],
  ])("%j on 2026-11-29 is %i", (query, year) => {
    expect(yearParam(request(query), "2026-11-29")).toBe(year);
  });
});

describe("a route's id", () => {
  test("is a uuid, or the page does not exist", () => {
    expect(idParam("6f1d3c2a-9b1e-4c55-8a3e-2f0b6d7c8e91")).toBe("6f1d3c2a-9b1e-4c55-8a3e-2f0b6d7c8e91");
    expect(() => idParam("ny")).toThrow(Response);
  });
});
