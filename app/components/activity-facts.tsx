import { Tag } from "@digdir/designsystemet-react";
import { formatKroner } from "~/lib/format";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import type { Activity } from "~/lib/organisations";

type Facts = Pick<Activity, "slots" | "age_min" | "age_max" | "fee_ore" | "fee_period" | "adaptation_tags">;

/** When, for whom and for what fee, as a description list: the same facts in the catalogue and on the activity page. */
export function ActivityFacts({ activity, place }: { activity: Facts; place?: string }) {
  const { t } = useT();
  const rows: [MessageKey, string][] = [
    ...(place ? [["activity.place", place] as [MessageKey, string]] : []),
    [
      "activity.when",
      activity.slots
        .map((slot) =>
          t("activity.slot", {
            day: t(`weekday.${slot.weekday}` as MessageKey),
            from: slot.starts_at,
            to: slot.ends_at,
          }),
        )
        .join(", ") || t("activity.noSlots"),
    ],
    ["activity.age", ageRange(activity, t)],
    [
      "activity.fee",
      activity.fee_ore > 0
        ? t(`fee.${activity.fee_period}`, { amount: formatKroner(activity.fee_ore) })
        : t("activity.free"),
    ],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-semibold">{t(label)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      {activity.adaptation_tags.length > 0 ? (
        <div className="contents">
          <dt className="font-semibold">{t("activity.adaptations")}</dt>
          <dd className="flex flex-wrap gap-2">
            {activity.adaptation_tags.map((tag) => (
              <Tag key={tag} data-size="sm">
                {tag}
              </Tag>
            ))}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

function ageRange(
  { age_min, age_max }: Pick<Facts, "age_min" | "age_max">,
  t: (key: MessageKey, params?: Record<string, number>) => string,
) {
  if (age_min !== null && age_max !== null) return t("activity.ageRange", { min: age_min, max: age_max });
  if (age_min !== null) return t("activity.ageFrom", { min: age_min });
  if (age_max !== null) return t("activity.ageTo", { max: age_max });
  return t("activity.allAges");
}
