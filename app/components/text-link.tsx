import { Link as DsLink } from "@digdir/designsystemet-react";
import { Link, type LinkProps } from "@remix-run/react";

/** A link inside the site: Designsystemet's look, Remix's client-side navigation. */
export function TextLink(props: LinkProps) {
  return (
    <DsLink asChild>
      <Link {...props} />
    </DsLink>
  );
}
