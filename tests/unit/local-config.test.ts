import path from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";

/** supabase/local/config.ts as a fresh process with these variables would read it. */
async function configWith(variables: Record<string, string | undefined>) {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  for (const [name, value] of Object.entries(variables)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  vi.resetModules();
  try {
    return await import("../../supabase/local/config");
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

afterEach(() => vi.resetModules());

describe("the local stack's settings", () => {
  test("e-mail links lead to the app's port, whatever PORT is", async () => {
    expect((await configWith({ PORT: "4567", SITE_URL: undefined })).SITE_URL).toBe("http://localhost:4567");
    expect((await configWith({ PORT: undefined, SITE_URL: undefined })).SITE_URL).toBe("http://localhost:3000");
    expect((await configWith({ PORT: "4567", SITE_URL: "https://sammen.example" })).SITE_URL).toBe(
      "https://sammen.example",
    );
  });

  test("the data folder, wherever SAMMEN_DATA_DIR puts it, is left alone by Vite's watcher", async () => {
    const { isStackData } = await configWith({ SAMMEN_DATA_DIR: "/srv/sammen-data" });
    expect(isStackData("/srv/sammen-data/db/base/1/1259")).toBe(true);
    expect(isStackData("/srv/sammen-data")).toBe(true);
    expect(isStackData("/srv/sammen-data-old/x")).toBe(false);
    expect(isStackData(path.resolve(".sammen/test/db/postmaster.pid"))).toBe(true);
    expect(isStackData(path.resolve("app/root.tsx"))).toBe(false);
    expect(isStackData(path.resolve("supabase/schemas/00_tenancy.sql"))).toBe(false);
  });

  test("vite.config.ts hands that check to the watcher", async () => {
    const { default: config } = await import("../../vite.config");
    const ignored = config.server?.watch?.ignored;
    expect(Array.isArray(ignored) && ignored.some((rule) => typeof rule === "function")).toBe(true);
    const check = (ignored as ((file: string) => boolean)[]).find((rule) => typeof rule === "function")!;
    expect(check(path.join(process.env.SAMMEN_DATA_DIR!, "mailbox.json"))).toBe(true);
    expect(check(path.resolve("app/root.tsx"))).toBe(false);
  });
});
