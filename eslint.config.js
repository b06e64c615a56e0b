import { builtinModules } from "node:module";
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import { createNodeResolver, flatConfigs as importX } from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * Lint for the app, its tests, its scripts and the local stack. Formatting is Prettier's job,
 * so nothing here is about layout. Rules are not type-checked (`tsc --noEmit` runs just
 * before lint in `npm test`), which keeps a full run to seconds on two cores.
 */

// Every module in app/ may reach the browser bundle except these two kinds: modules that say
// in their name that they are server-only, and route modules (root included), whose loaders and
// actions Remix strips from the browser build together with the imports only they use.
const serverOnly = ["app/**/*.server.{ts,tsx}", "app/**/.server/**"];
const routeModules = ["app/routes/**", "app/root.tsx"];

const nodeMessage = "Node's own modules belong in a *.server module (the browser has none of them).";
// Both spellings: `node:crypto` and the bare `crypto`.
const noNodeBuiltins = {
  paths: builtinModules.map((name) => ({ name, message: nodeMessage })),
  patterns: [{ regex: "^node:", message: nodeMessage }],
};

// Type imports are erased before bundling, so they are allowed everywhere.
const clientBoundary = {
  paths: [
    ...noNodeBuiltins.paths,
    ...["@supabase/supabase-js", "@supabase/ssr", "pg", "nodemailer", "smtp-server", "mailparser", "express"].map(
      (name) => ({
        name,
        allowTypeImports: true,
        message: "Server-only package: reach it through a *.server module (the browser never talks to Supabase).",
      }),
    ),
  ],
  patterns: [
    ...noNodeBuiltins.patterns,
    {
      regex: "\\.server(/|\\.tsx?$|$)",
      allowTypeImports: true,
      message:
        "A component or shared module may run in the browser, so it cannot import a *.server module. Move the server part into a *.server module, or pass the value in from a loader or action.",
    },
  ],
};

// What only the local stand-in stack (supabase/local/) serves, and hosted Supabase does not:
// its mailbox (HTTP path and schema), its stand-in for Brønnøysundregistrene (whose address the
// app takes only from BRREG_URL) and its fixed default ports. Written as a string in app/, any
// of these works in development and tests and fails in production. Slashes are written as
// \x2F because the selector syntax ends a regular expression at the first slash.
const standInOnly = "\\x2Fmailbox\\b|local_mailbox|\\x2Fbrreg\\b|:5432[12]\\b";
const standInMessage =
  "Only the local stand-in stack (supabase/local/) serves this; hosted Supabase does not, so it would fail in production.";

export default defineConfig([
  globalIgnores(["build/", "public/build/", ".sammen/", ".cache/", "node_modules/", "patches/"]),

  js.configs.recommended,
  tseslint.configs.recommended,
  importX.recommended,
  importX.typescript,
  jsxA11y.flatConfigs.recommended,

  {
    name: "sammen/base",
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node },
    },
    plugins: { "react-hooks": reactHooks },
    settings: {
      // The built-in resolver with the tsconfig, so `~/…` paths and `.ts` files resolve
      // without the separate TypeScript resolver package.
      "import-x/resolver-next": [
        createNodeResolver({
          extensions: [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".json", ".node"],
          tsconfig: { configFile: "./tsconfig.json" },
        }),
      ],
    },
    rules: {
      // The two classic hook rules; the v7 React Compiler rules do not apply (no compiler here).
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",

      "import-x/no-duplicates": "error",
      "import-x/no-self-import": "error",
      "import-x/first": "error",
      // tsc already reports these, with types; the import plugin's copies only cost time.
      "import-x/namespace": "off",
      "import-x/default": "off",
      "import-x/no-named-as-default-member": "off",

      // A scrolling region must take focus so that keyboard users can scroll it (WCAG 2.1.1,
      // axe's scrollable-region-focusable), so `role="region"` joins the rule's default `tabpanel`.
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"] }],

      // `_name` marks a parameter a signature needs but the body does not.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },

  {
    name: "sammen/app",
    files: ["app/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // Issue 15 point 4: the stand-in must never leak into the product, neither as an import
      // (resolved path, so relative and aliased spellings are both caught)…
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./app",
              from: "./supabase/local",
              message: "app/ must not depend on the local stand-in stack; it does not exist in production.",
            },
          ],
        },
      ],
      // …nor as a call to something only the stand-in serves.
      "no-restricted-syntax": [
        "error",
        { selector: `Literal[value=/${standInOnly}/]`, message: standInMessage },
        { selector: `TemplateElement[value.raw=/${standInOnly}/]`, message: standInMessage },
        {
          // The body-size limit and the refusals of malformed forms live in readForm (R12).
          selector: "CallExpression[callee.property.name='formData'][callee.object.name='request']",
          message: "Read a posted form with readForm(request) from ~/lib/form-body.server: it limits the body's size.",
        },
      ],
    },
  },

  {
    // Routes and root may import *.server modules (their loaders and actions are stripped from
    // the browser bundle), but Node's own modules go through a *.server module all the same, so
    // that a route never depends on that stripping for a Node-only import.
    name: "sammen/app-routes",
    files: routeModules,
    rules: { "@typescript-eslint/no-restricted-imports": ["error", noNodeBuiltins] },
  },

  {
    // Everything else in app/ that is not *.server: components, hooks and shared lib modules.
    // These can reach the browser, so the .server boundary is enforced here. It cannot be
    // checked perfectly (a shared module used only by loaders would be safe), so the rule is
    // the naming convention: server-only code lives in a *.server module.
    name: "sammen/app-client-boundary",
    files: ["app/**/*.{ts,tsx}"],
    ignores: [...serverOnly, ...routeModules],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", clientBoundary] },
  },

  {
    // Test helpers and scripts use the stand-in on purpose.
    name: "sammen/tests",
    files: ["tests/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
]);
