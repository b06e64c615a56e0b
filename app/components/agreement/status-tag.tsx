import { Tag } from "@digdir/designsystemet-react";
import type { AgreementStatus } from "~/lib/agreements";
import { useT } from "~/lib/i18n/react";

const colors: Record<AgreementStatus, "warning" | "success" | "danger" | "neutral" | "info"> = {
  draft: "neutral",
  awaiting_organisation: "warning",
  awaiting_municipality: "warning",
  active: "success",
  expired: "neutral",
  terminated: "danger",
  replaced: "neutral",
};

/** Where an agreement stands, as a coloured tag with the words in it. */
export function AgreementStatusTag({ status }: { status: AgreementStatus }) {
  const { t } = useT();
  return (
    <Tag data-color={colors[status]} data-size="sm">
      {t(`agreementStatus.${status}`)}
    </Tag>
  );
}
