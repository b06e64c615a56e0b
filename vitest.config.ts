import { defineConfig } from "vitest/config";

// Tests get their own stack (ports and data folder) so they never touch `npm run dev`'s data.
// Set here, before anything imports supabase/local/config.ts, and inherited by the workers.
process.env.SAMMEN_DATA_DIR ??= `${process.cwd()}/.sammen/test`;
process.env.SAMMEN_API_PORT ??= "54421";
process.env.SAMMEN_DB_PORT ??= "54422";
process.env.SAMMEN_SMTP_PORT ??= "54425";
process.env.SAMMEN_APP_PORT ??= "3100";
// E-mail links from the stack point at the app under test.
process.env.SITE_URL ??= `http://localhost:${process.env.SAMMEN_APP_PORT}`;

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        test: {
          name: "stack",
          include: ["tests/stack/**/*.test.ts", "tests/db/**/*.test.ts"],
          globalSetup: ["tests/support/global-stack.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/support/global-stack.ts", "tests/support/global-app.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
