import { Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { RoleList } from "~/components/role-list";
import { TextLink } from "~/components/text-link";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { useViewer } from "~/lib/use-viewer";
import type { Viewer } from "~/lib/viewer";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "home.title");

export default function Home() {
  const { t } = useT();
  const viewer = useViewer();
  return (
    <>
      <Heading level={1} data-size="xl" className="mb-4">
        {t("home.heading")}
      </Heading>
      <Paragraph variant="long" className="mb-4 max-w-prose">
        {t("home.lead")}
      </Paragraph>
      <Paragraph className="mb-4 max-w-prose">{t("home.howItWorks")}</Paragraph>
      <Paragraph className="mb-8">
        <TextLink to="/aktiviteter">{t("home.findActivity")}</TextLink>
      </Paragraph>
      {viewer ? <YourRoles viewer={viewer} /> : <GetStarted />}
    </>
  );
}

function GetStarted() {
  const { t } = useT();
  return (
    <section aria-labelledby="get-started">
      <Heading id="get-started" level={2} data-size="md" className="mb-2">
        {t("home.visitorHeading")}
      </Heading>
      <Paragraph className="mb-4">{t("home.visitorText")}</Paragraph>
      <div className="flex flex-wrap gap-3">
        <Button asChild>
          <Link to="/logg-inn">{t("layout.signIn")}</Link>
        </Button>
        <Button asChild variant="secondary">
          <Link to="/registrer">{t("layout.register")}</Link>
        </Button>
      </div>
    </section>
  );
}

function YourRoles({ viewer }: { viewer: Viewer }) {
  const { t } = useT();
  const registerLink = (
    <Paragraph className="md:col-span-2">
      <TextLink to="/organisasjoner/ny">{t("home.registerOrganisation")}</TextLink>
    </Paragraph>
  );
  if (viewer.staff.length === 0 && viewer.organisations.length === 0) {
    return (
      <>
        <Paragraph className="mb-4">{t("home.noRoles")}</Paragraph>
        {registerLink}
      </>
    );
  }
  return (
    <div className="grid gap-8 md:grid-cols-2">
      {viewer.staff.length > 0 ? (
        <section aria-labelledby="staff">
          <Heading id="staff" level={2} data-size="md" className="mb-2">
            {t("home.staffHeading")}
          </Heading>
          <RoleList viewer={viewer} show={["staff"]} />
        </section>
      ) : null}
      {viewer.organisations.length > 0 ? (
        <section aria-labelledby="organisations">
          <Heading id="organisations" level={2} data-size="md" className="mb-2">
            {t("home.organisationsHeading")}
          </Heading>
          <RoleList viewer={viewer} show={["organisations"]} />
          {viewer.organisations.some((membership) => membership.role === "facilitator") ? (
            <Paragraph className="mt-2">
              <TextLink to="/tilrettelegger">{t("nav.attendance")}</TextLink>
            </Paragraph>
          ) : null}
        </section>
      ) : null}
      {registerLink}
    </div>
  );
}
