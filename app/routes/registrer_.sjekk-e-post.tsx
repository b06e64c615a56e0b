import { Paragraph } from "@digdir/designsystemet-react";
import type { MetaFunction } from "@remix-run/node";
import { NarrowPage } from "~/components/narrow-page";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "register.checkEmailTitle");

export default function CheckEmail() {
  const { t } = useT();
  return (
    <NarrowPage title="register.checkEmailTitle">
      <Paragraph className="mb-4">{t("register.checkEmailText")}</Paragraph>
      <Paragraph>{t("register.checkEmailSpam")}</Paragraph>
    </NarrowPage>
  );
}
