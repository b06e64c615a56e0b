import { describe, expect, test } from "vitest";
import { errorFields, logLine, redactText } from "../../app/lib/log.server";

const at = new Date("2026-11-29T12:00:00Z");

describe("a structured log line", () => {
  test("is one JSON object with level, time, event and the fields", () => {
    const line = logLine(
      "info",
      "request",
      { request_id: "r1", route: "routes/logg-inn", status: 200, duration_ms: 12 },
      at,
    );
    expect(JSON.parse(line)).toEqual({
      level: "info",
      time: "2026-11-29T12:00:00.000Z",
      event: "request",
      request_id: "r1",
      route: "routes/logg-inn",
      status: 200,
      duration_ms: 12,
    });
    expect(line).not.toContain("\n");
  });

  test("never carries e-mail addresses, names or tokens, as fields or inside text", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlX2hlcmU";
    const line = logLine(
      "error",
      "unhandled_error",
      {
        email: "kari@example.test",
        display_name: "Kari Nordmann",
        access_token: jwt,
        password: "hemmelig",
        message: `duplicate key: Key (email)=(kari@example.test) with ${jwt} and invitation 3f9a8c7e6d5b4a39281706f5e4d3c2b1a0`,
      },
      at,
    );
    expect(line).not.toMatch(/kari|Nordmann|hemmelig|eyJ|3f9a8c7e6d5b/);
    expect(JSON.parse(line).message).toBe("duplicate key: Key (email)=([e-post]) with [token] and invitation [token]");
  });

  test("keeps ids of requests and records short of a token's length", () => {
    expect(redactText("placement 42 in route routes/tiltak.$placementId")).toBe(
      "placement 42 in route routes/tiltak.$placementId",
    );
  });

  test("an error gives its name, message and a short stack, not its data", () => {
    const error = Object.assign(new TypeError("fetch failed"), { body: { email: "kari@example.test" } });
    const fields = errorFields(error);
    expect(fields).toMatchObject({ error: "TypeError", message: "fetch failed" });
    expect(JSON.stringify(fields)).not.toContain("kari");
  });
});
