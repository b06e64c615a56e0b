import { Button } from "@digdir/designsystemet-react";
import { useEffect, useState, type ReactNode } from "react";

/**
 * Opens the browser's print dialog. Shown only once JavaScript runs, since without it the
 * button could do nothing (the browser's own print command still works).
 */
export function PrintButton({ children }: { children: ReactNode }) {
  const [canPrint, setCanPrint] = useState(false);
  useEffect(() => setCanPrint(true), []);
  if (!canPrint) return null;
  return (
    <Button type="button" variant="secondary" onClick={() => window.print()}>
      {children}
    </Button>
  );
}
