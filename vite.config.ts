import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import remixConfig from "./remix.config.js";
import { isStackData } from "./supabase/local/config";

export default defineConfig({
  plugins: [tailwindcss(), remix(remixConfig)],
  // Bundled for the browser at start-up: found only on the first page view, it would make
  // Vite reload mid-hydration and load React Router twice.
  optimizeDeps: { include: ["@digdir/designsystemet-react"] },
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  // The local stack's data changes all the time; a change there never reloads a page.
  server: { watch: { ignored: [isStackData] } },
});
