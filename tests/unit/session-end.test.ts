import { describe, expect, it } from "vitest";
import { isEndedSession, signInPath } from "../../app/lib/session-end.server";

describe("R14: an ended session", () => {
  it("R14: is told by PostgREST's 401 for the session check or the token, not by other refusals", () => {
    expect(isEndedSession(401, "PT401")).toBe(true); // app.check_session: signed out, idle, too old
    expect(isEndedSession(401, "PGRST301")).toBe(true); // the token cannot be read
    expect(isEndedSession(401, "PGRST303")).toBe(true); // the token has expired
    expect(isEndedSession(401, "42501")).toBe(false); // an anonymous caller without the right
    expect(isEndedSession(403, "42501")).toBe(false);
    expect(isEndedSession(400, "P0001")).toBe(false);
  });

  it("R14: leads to sign-in with the reason, and back to where the person was", () => {
    const request = new Request("http://localhost:3000/kommune/1/deltakere?side=2", { method: "POST" });
    const path = new URL(signInPath(request, true), "http://localhost:3000");
    expect(path.pathname).toBe("/logg-inn");
    expect(Object.fromEntries(path.searchParams)).toEqual({ redirectTo: "/kommune/1/deltakere?side=2", utlopt: "1" });
    expect(signInPath(new Request("http://localhost:3000/logg-inn"), true)).toBe("/logg-inn?utlopt=1");
    expect(signInPath(new Request("http://localhost:3000/nytt-passord"), false)).toBe(
      "/logg-inn?redirectTo=%2Fnytt-passord",
    );
  });
});
