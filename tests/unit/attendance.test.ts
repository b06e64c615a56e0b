import { describe, expect, test } from "vitest";
import { ageIn, hasMarks, marksFromForm, shiftDate } from "../../app/lib/attendance";

const nora = "9cd531d9-af65-40d3-b5a6-eed4e4cedaf4";
const per = "26bfc10e-9746-42eb-8c0d-2f6905037c73";

function form(entries: [string, string][]) {
  const formData = new FormData();
  for (const [name, value] of entries) formData.append(name, value);
  return formData;
}

describe("marksFromForm (a session form's marks for api.save_attendance)", () => {
  test("reads each person's status and note; a person left unmarked goes as null", () => {
    const marks = marksFromForm(
      form([
        ["session_id", "x"],
        ["placement", nora],
        [`status-${nora}`, "present"],
        [`note-${nora}`, "  Fin dag "],
        ["placement", per],
        [`note-${per}`, ""],
      ]),
    );
    expect(marks).toEqual([
      { placement_id: nora, status: "present", note: "Fin dag" },
      { placement_id: per, status: null, note: null },
    ]);
  });

  test("refuses a form that names no one or a placement that is not an id", () => {
    expect(marksFromForm(form([["session_id", "x"]]))).toBeNull();
    expect(marksFromForm(form([["placement", "'; drop table"]]))).toBeNull();
  });

  test("treats a status the page never offers as unmarked", () => {
    expect(
      marksFromForm(
        form([
          ["placement", nora],
          [`status-${nora}`, "cancelled"],
        ]),
      )?.[0]?.status,
    ).toBeNull();
  });
});

describe("ageIn (what the activity sees: the age, from the birth year alone)", () => {
  test.each([
    [2011, 15],
    [2008, 18],
    [1946, 80],
  ])("born %i is %i in 2026", (birthYear, age) => {
    expect(ageIn(birthYear, "2026-11-23")).toBe(age);
  });
});

describe("hasMarks (a save with nobody marked is not a save)", () => {
  const placement = "7e9f4c1a-3b2d-4e5f-8a6b-9c0d1e2f3a4b";
  test("nobody marked, only a note", () => {
    expect(hasMarks([{ placement_id: placement, status: null, note: "Kom sent" }])).toBe(false);
  });
  test("one marked", () => {
    expect(
      hasMarks([
        { placement_id: placement, status: null, note: null },
        { placement_id: placement, status: "absent", note: null },
      ]),
    ).toBe(true);
  });
});

test("shiftDate moves calendar dates across months and years", () => {
  expect(shiftDate("2026-12-28", 7)).toBe("2027-01-04");
  expect(shiftDate("2026-03-02", -7)).toBe("2026-02-23");
});
