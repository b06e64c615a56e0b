import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { build, defineConfig, type Plugin } from "vite";
import remixConfig from "./remix.config.js";
import { isStackData } from "./supabase/local/config";

export default defineConfig({
  plugins: [tailwindcss(), remix(remixConfig), serviceWorker(), browserCatalogues()],
  // Bundled for the browser at start-up: found only on the first page view, it would make
  // Vite reload mid-hydration and load React Router twice.
  optimizeDeps: { include: ["@digdir/designsystemet-react"] },
  build: {
    rollupOptions: {
      // Designsystemet's React package has no module-level side effects but does not say so
      // (no "sideEffects" in its package.json), and its components import its own index: left
      // alone, every page ships every component (docs/performance.md, "The phone").
      treeshake: { moduleSideEffects: (id) => !id.includes("/node_modules/@digdir/designsystemet-react/") },
    },
  },
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  // The local stack's data changes all the time; a change there never reloads a page.
  server: { watch: { ignored: [isStackData] } },
});

/**
 * The facilitator's service worker (app/service-worker.ts), built on its own into /sw.js: a
 * service worker is one classic script at the root of its scope, not a module of the app.
 */
function serviceWorker(): Plugin {
  const entry = fileURLToPath(new URL("./app/service-worker.ts", import.meta.url));
  const compile = async () => {
    const output = await build({
      configFile: false,
      logLevel: "warn",
      publicDir: false,
      build: {
        write: false,
        minify: true,
        target: "es2020",
        lib: { entry, formats: ["iife"], name: "sammenServiceWorker", fileName: () => "sw.js" },
      },
    });
    const [result] = Array.isArray(output) ? output : [output];
    if (!result || !("output" in result)) throw new Error("The service worker did not build");
    return result.output[0].code;
  };
  return {
    name: "sammen-service-worker",
    configureServer(server) {
      server.middlewares.use("/sw.js", (_request, response, next) => {
        compile().then((code) => {
          response.setHeader("Content-Type", "text/javascript");
          response.end(code);
        }, next);
      });
    },
    async generateBundle() {
      if (this.environment.name !== "client") return;
      this.emitFile({ type: "asset", fileName: "sw.js", source: await compile() });
    },
  };
}

/**
 * The browser's messages: app/lib/i18n/catalogues.browser.ts, the page's language loaded on
 * its own, where the server, the tests and the scripts read catalogues.ts with every language.
 */
function browserCatalogues(): Plugin {
  const server = fileURLToPath(new URL("./app/lib/i18n/catalogues.ts", import.meta.url));
  const browser = fileURLToPath(new URL("./app/lib/i18n/catalogues.browser.ts", import.meta.url));
  return {
    name: "sammen-browser-catalogues",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (options?.ssr || !source.endsWith("catalogues")) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === server ? browser : null;
    },
  };
}
