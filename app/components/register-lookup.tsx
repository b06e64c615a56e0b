import { Alert, Button, Paragraph } from "@digdir/designsystemet-react";
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, type MouseEvent, type RefObject } from "react";
import { formatDate } from "~/lib/format";
import { useT } from "~/lib/i18n/react";
import { addressLine, organisationNumberDigits, type RegisterEntity, type RegistrationLookup } from "~/lib/register";

type Translator = ReturnType<typeof useT>;

/**
 * The registration form's lookup in Enhetsregisteret. Without JavaScript the button posts the
 * form (intent "lookup") and the page comes back with the register's values filled in. With
 * it, leaving the number field or pressing the button asks the lookup route, and the answer
 * fills in the fields that are empty or still hold an earlier lookup's values (the button
 * fills them all). A lookup that fails says so, and the form works as before.
 */
export function useRegisterLookup(form: RefObject<HTMLFormElement | null>, posted: RegistrationLookup | undefined) {
  const fetcher = useFetcher<RegistrationLookup>();
  const filled = useRef(new Map<string, string>());
  const lastNumber = useRef(posted?.number ?? null);
  const replaceTyped = useRef(false);

  useEffect(() => {
    const answer = fetcher.data;
    if (!answer || !form.current) return;
    for (const [name, value] of Object.entries(answer.values)) {
      const input = form.current.elements.namedItem(name);
      if (!(input instanceof HTMLInputElement)) continue;
      if (replaceTyped.current || input.value === "" || input.value === filled.current.get(name)) {
        input.value = value;
        filled.current.set(name, value);
      }
    }
  }, [fetcher.data, form]);

  const lookUp = (typed: string, explicit: boolean) => {
    const number = organisationNumberDigits(typed);
    if (!number) return false;
    if (explicit || number !== lastNumber.current) {
      lastNumber.current = number;
      replaceTyped.current = explicit;
      fetcher.load(`/organisasjoner/ny/oppslag?${new URLSearchParams({ nummer: number })}`);
    }
    return true;
  };

  return {
    result: fetcher.data ?? posted,
    looking: fetcher.state === "loading",
    onNumberBlur: (event: { currentTarget: HTMLInputElement }) => void lookUp(event.currentTarget.value, false),
    // An invalid number goes to the server as a post, which says what is wrong at the field.
    onLookup: (event: MouseEvent<HTMLButtonElement>) => {
      const input = form.current?.elements.namedItem("organisation_number");
      if (input instanceof HTMLInputElement && lookUp(input.value, true)) event.preventDefault();
    },
  };
}

/** The button and, in a live region, what the register said. */
export function RegisterLookup({
  result,
  looking,
  onLookup,
}: {
  result: RegistrationLookup | undefined;
  looking: boolean;
  onLookup: (event: MouseEvent<HTMLButtonElement>) => void;
}) {
  const { t } = useT();
  return (
    <div className="mb-6">
      <Button type="submit" name="intent" value="lookup" variant="secondary" onClick={onLookup}>
        {t("brreg.lookup")}
      </Button>
      <div role="status" className="mt-3">
        {looking ? <Paragraph>{t("brreg.looking")}</Paragraph> : result ? <Answer result={result} /> : null}
      </div>
    </div>
  );
}

function Answer({ result }: { result: RegistrationLookup }) {
  const translator = useT();
  const { t } = translator;
  const { lookup } = result;
  if (lookup.outcome === "unavailable" || lookup.outcome === "not_found") {
    return (
      <Alert data-color={lookup.outcome === "unavailable" ? "info" : "warning"}>
        <Paragraph>{t(lookup.outcome === "unavailable" ? "brreg.unavailable" : "brreg.notFound")}</Paragraph>
      </Alert>
    );
  }
  const { entity } = lookup;
  const name = entity.name ?? t("brreg.unknownEntity");
  const flags = registerFlags(entity, translator);
  return (
    <Alert data-color={lookup.outcome === "deleted" || flags ? "warning" : "success"}>
      <Paragraph className="mb-2">
        {lookup.outcome === "deleted" ? t("brreg.deleted", { name }) : t("brreg.found", { name })}
      </Paragraph>
      {lookup.outcome === "found" && flags ? (
        <Paragraph className="mb-2">{t("brreg.flagged", { flags })}</Paragraph>
      ) : null}
      <RegisterFacts entity={entity} />
    </Alert>
  );
}

/** The register's form, addresses and Frivillighetsregisteret, as a definition list. */
function RegisterFacts({ entity }: { entity: RegisterEntity }) {
  const { t } = useT();
  const facts: [string, string][] = [
    [t("brreg.form"), [entity.form_description, entity.form_code && `(${entity.form_code})`].filter(Boolean).join(" ")],
    [t("brreg.businessAddress"), addressLine(entity.business_address)],
    [t("brreg.postalAddress"), addressLine(entity.postal_address)],
    [t("brreg.voluntary"), t(entity.voluntary_register ? "brreg.voluntaryYes" : "brreg.voluntaryNo")],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
      {facts
        .filter(([, value]) => value)
        .map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="font-semibold">{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

/** What the register flags about the entity ("konkurs og under avvikling"), or "" when nothing. */
export function registerFlags(entity: RegisterEntity, { t, lang }: Translator): string {
  const flags = [
    entity.bankrupt && t("brreg.flag.bankrupt"),
    entity.under_liquidation && t("brreg.flag.liquidation"),
    entity.forced_liquidation && t("brreg.flag.forcedLiquidation"),
    entity.deleted_on && t("brreg.flag.deleted", { date: formatDate(entity.deleted_on, "long", lang) }),
  ].filter((flag): flag is string => Boolean(flag));
  return new Intl.ListFormat(lang === "nb" ? "nb-NO" : "en-GB", { type: "conjunction" }).format(flags);
}
