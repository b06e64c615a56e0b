import type { ReactNode } from "react";
import { TextLink } from "./text-link";

/**
 * One big number with what it counts; the number links to the list behind it, where
 * there is one.
 */
export function KeyFigure({
  label,
  value,
  detail,
  to,
}: {
  label: string;
  value: ReactNode;
  detail?: string;
  to?: string;
}) {
  return (
    <div className="rounded border border-gray-300 p-4">
      <dt className="text-sm">{label}</dt>
      <dd className="m-0 text-3xl font-semibold">{to ? <TextLink to={to}>{value}</TextLink> : value}</dd>
      {detail ? <dd className="m-0 text-sm">{detail}</dd> : null}
    </div>
  );
}
