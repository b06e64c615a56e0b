import { Tag } from "@digdir/designsystemet-react";
import { useT } from "~/lib/i18n/react";
import { lastOsloDay, type RoundStatus } from "~/lib/prize";

const colors: Record<RoundStatus, "neutral" | "success" | "warning" | "info"> = {
  draft: "neutral",
  open: "success",
  judging: "warning",
  announced: "info",
};

/** Where a prize round is, as a coloured tag with the words in it. */
export function RoundStatusTag({ status }: { status: RoundStatus }) {
  const { t } = useT();
  return (
    <Tag data-color={colors[status]} data-size="sm">
      {t(`roundStatus.${status}`)}
    </Tag>
  );
}

/** The nomination window as the Oslo dates the admin typed (R11). */
export function RoundWindow({ round }: { round: { opens_at: string; closes_at: string } }) {
  const { date } = useT();
  return `${date(round.opens_at)} – ${date(lastOsloDay(round.closes_at))}`;
}
