import { Button, Paragraph, SkipLink } from "@digdir/designsystemet-react";
import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { languageNames } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import type { Viewer } from "~/lib/viewer";
import { RoleList } from "./role-list";
import { TextLink } from "./text-link";
import { WorkNav } from "./work-nav";

/** The frame of every page: skip link, header, main, footer. Phone first: one column that widens. */
export function PageLayout({ viewer, children }: { viewer: Viewer | null; children: ReactNode }) {
  const { t } = useT();
  return (
    <>
      <SkipLink href="#main">{t("layout.skipLink")}</SkipLink>
      <header className="border-b border-[var(--ds-color-neutral-border-subtle)] bg-[var(--ds-color-neutral-background-tinted)]">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-4 px-4 py-4">
          <Link to="/" className="text-xl font-bold text-[var(--ds-color-neutral-text-default)] no-underline">
            {t("site.name")}
            <span className="ml-2 text-base font-normal">{t("site.tagline")}</span>
          </Link>
          <div className="flex flex-wrap items-center gap-3">
            <MainNav signedIn={viewer !== null} />
            <LanguageSwitch />
            {viewer ? <SignOutButton /> : null}
          </div>
        </div>
        {viewer ? <WhoYouAre viewer={viewer} /> : null}
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 focus:outline-none">
        {children}
      </main>
      <footer className="border-t border-[var(--ds-color-neutral-border-subtle)]">
        <div className="mx-auto max-w-5xl px-4 py-6">
          <Paragraph data-size="sm" className="mb-2">
            {t("layout.footerAbout")}
          </Paragraph>
          <TextLink to="/tilgjengelighet">{t("layout.accessibility")}</TextLink>
        </div>
      </footer>
    </>
  );
}

function WhoYouAre({ viewer }: { viewer: Viewer }) {
  const { t } = useT();
  return (
    <div className="mx-auto max-w-5xl px-4 pb-4">
      <Paragraph data-size="sm">
        {t("layout.signedInAs", { name: viewer.user.display_name ?? viewer.user.email })}
      </Paragraph>
      <RoleList viewer={viewer} size="sm" />
      <WorkNav viewer={viewer} />
    </div>
  );
}

function MainNav({ signedIn }: { signedIn: boolean }) {
  const { t } = useT();
  return (
    <nav aria-label={t("layout.mainNav")} className="flex flex-wrap gap-3">
      <TextLink to="/aktiviteter">{t("layout.catalogue")}</TextLink>
      <TextLink to="/inkluderingspris">{t("layout.prize")}</TextLink>
      {signedIn ? (
        <TextLink to="/mine-organisasjoner">{t("layout.myOrganisations")}</TextLink>
      ) : (
        <>
          <TextLink to="/logg-inn">{t("layout.signIn")}</TextLink>
          <TextLink to="/registrer">{t("layout.register")}</TextLink>
        </>
      )}
    </nav>
  );
}

function SignOutButton() {
  const { t } = useT();
  return (
    <Form method="post" action="/logg-ut">
      <Button type="submit" variant="secondary" data-size="sm">
        {t("layout.signOut")}
      </Button>
    </Form>
  );
}

/**
 * A form, so that it works without JavaScript; it comes back to the page it was sent from. A
 * page load with JavaScript too: the browser holds only the page's language (entry.client.tsx).
 */
function LanguageSwitch() {
  const { lang } = useT();
  const location = useLocation();
  const other = lang === "nb" ? "en" : "nb";
  return (
    <Form method="post" action="/sprak" reloadDocument>
      <input type="hidden" name="lang" value={other} />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <Button type="submit" variant="tertiary" data-size="sm" lang={other}>
        {languageNames[other]}
      </Button>
    </Form>
  );
}
