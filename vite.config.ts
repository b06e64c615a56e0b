import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { build, defineConfig, type Plugin } from "vite";
import remixConfig from "./remix.config.js";
import { isStackData } from "./supabase/local/config";

export default defineConfig({
  plugins: [
    tailwindcss(),
    remix(remixConfig),
    serviceWorker(),
    browserCatalogues(),
    designsystemetElementsByComponent(),
    brotliFiles(),
  ],
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

/**
 * Designsystemet's custom elements, each loaded by the component that renders it. Its React
 * components import all of designsystemet-web for its side effects: every element, with the
 * suggestion's combobox, the tabs and floating-ui for tooltips and popovers, ~29 kB of the
 * week's JavaScript although the portal uses none of those (docs/performance.md, "The
 * phone"). In the browser build each component's import becomes the elements it needs plus
 * the behaviours every page may rely on (fields, fieldsets, read-only inputs, error
 * summaries, details, dialogs, invokers, click delegation, focus groups, toggle groups).
 */
function designsystemetElementsByComponent(): Plugin {
  const everyPage = [
    "ds-error-summary",
    "ds-field",
    "fieldset",
    "readonly",
    "details",
    "dialog",
    "invokers",
    "clickdelegatefor",
    "focusgroup",
    "toggle-group",
  ];
  const ownElements: Record<string, string[]> = {
    breadcrumbs: ["ds-breadcrumbs"],
    pagination: ["ds-pagination"],
    popover: ["popover"],
    suggestion: ["ds-suggestion"],
    tabs: ["ds-tabs"],
    tooltip: ["tooltip"],
  };
  const prefix = "\0designsystemet-web:";
  return {
    name: "sammen-designsystemet-elements",
    enforce: "pre",
    resolveId(source, importer, options) {
      if (options?.ssr || source !== "@digdir/designsystemet-web" || !importer) return null;
      const component = /\/designsystemet-react\/dist\/esm\/components\/([^/]+)\//.exec(importer)?.[1];
      return component ? `${prefix}${component}` : null;
    },
    load(id) {
      if (!id.startsWith(prefix)) return null;
      const component = id.slice(prefix.length);
      return [...everyPage, ...(ownElements[component] ?? [])]
        .map((entry) => `import "@digdir/designsystemet-web/${entry}";`)
        .join("\n");
    },
  };
}

/**
 * Every built script and stylesheet also as `<file>.br`, at Brotli's best quality, which
 * costs a second at build time and too much per request: server/static-files.js sends it to
 * browsers that accept Brotli, ~13 % fewer bytes than the server compressing on the fly.
 */
function brotliFiles(): Plugin {
  const compress = promisify(zlib.brotliCompress);
  return {
    name: "sammen-brotli-files",
    apply: "build",
    async writeBundle(options, bundle) {
      if (this.environment.name !== "client") return;
      const files = Object.keys(bundle).filter((file) => /\.(js|css)$/.test(file));
      await Promise.all(
        files.map(async (file) => {
          const target = path.join(options.dir!, file);
          const source = await fs.readFile(target);
          const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY };
          await fs.writeFile(`${target}.br`, await compress(source, { params }));
        }),
      );
    },
  };
}
