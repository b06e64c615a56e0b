import { Tag } from "@digdir/designsystemet-react";
import { useT } from "~/lib/i18n/react";
import type { PartnershipStatus } from "~/lib/organisations";

const colors: Record<PartnershipStatus, "warning" | "success" | "danger" | "neutral"> = {
  pending: "warning",
  verified: "success",
  declined: "danger",
  suspended: "neutral",
};

/** An organisation's standing with one municipality, as a coloured tag with the words in it. */
export function PartnershipTag({ status }: { status: PartnershipStatus }) {
  const { t } = useT();
  return (
    <Tag data-color={colors[status]} data-size="sm">
      {t(`partnership.${status}`)}
    </Tag>
  );
}
