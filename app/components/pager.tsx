import { Paragraph } from "@digdir/designsystemet-react";
import { useSearchParams } from "@remix-run/react";
import type { Paged } from "~/lib/participants";
import { useT } from "~/lib/i18n/react";
import { TextLink } from "./text-link";

/** "Page 2 of 5" with links that keep the list's other query parameters (search, filter). */
export function Pager({ list }: { list: Paged }) {
  const { t } = useT();
  const [searchParams] = useSearchParams();
  const pages = Math.max(1, Math.ceil(list.total / list.page_size));
  const to = (page: number) => {
    const params = new URLSearchParams(searchParams);
    params.set("side", String(page));
    return `?${params}`;
  };
  return (
    <nav aria-label={t("pager.label")} className="mt-6 flex flex-wrap items-center gap-x-6 gap-y-2">
      {list.page > 1 ? <TextLink to={to(list.page - 1)}>{t("pager.previous")}</TextLink> : null}
      <Paragraph>{t("pager.position", { page: list.page, pages, total: list.total })}</Paragraph>
      {list.page < pages ? <TextLink to={to(list.page + 1)}>{t("pager.next")}</TextLink> : null}
    </nav>
  );
}
