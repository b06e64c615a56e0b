import type { ReactNode } from "react";

/**
 * A wide table that scrolls sideways on a phone. Focusable and named, so that keyboard users
 * can scroll it too (WCAG 2.1.1).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
