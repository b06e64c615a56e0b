import { Link, type LinkProps } from "@remix-run/react";

/**
 * A link inside the site: Designsystemet's look (its class, as `<Link asChild>` gives it),
 * Remix's client-side navigation. No Slot: a list page has a hundred of these.
 */
export function TextLink({ className, ...props }: LinkProps) {
  return <Link className={className ? `ds-link ${className}` : "ds-link"} {...props} />;
}
