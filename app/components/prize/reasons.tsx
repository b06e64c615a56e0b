import type { Criterion, Reasons } from "~/lib/prize";

/** A nomination's reasons under the titles of the criteria they answer. */
export function ReasonList({ reasons, criteria }: { reasons: Reasons; criteria: Pick<Criterion, "id" | "title">[] }) {
  const answered = criteria.filter((criterion) => reasons[criterion.id]?.trim());
  return (
    <dl className="grid gap-1">
      {answered.map((criterion) => (
        <div key={criterion.id}>
          <dt className="font-semibold">{criterion.title}</dt>
          <dd className="whitespace-pre-line">{reasons[criterion.id]}</dd>
        </div>
      ))}
    </dl>
  );
}
