import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { loadCatalogue } from "./lib/i18n/catalogues";

// Remix's own entry, once the page's language has loaded (app/lib/i18n/catalogues.browser.ts).
void loadCatalogue(document.documentElement.lang).then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
