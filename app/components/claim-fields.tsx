import { Paragraph } from "@digdir/designsystemet-react";
import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { TextareaField, TextField } from "~/components/forms";
import { claimFieldLabels } from "~/lib/claim-form";
import { feePeriodsTouched, feeForPeriod, RECEIPT_MAX_BYTES, type ClaimKind } from "~/lib/claims";
import { formatDate, formatKroner, kronerDecimal } from "~/lib/format";
import type { FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { textLimits } from "~/lib/limits";
import type { FeePeriod } from "~/lib/organisations";

export type ClaimDefaults = {
  amount_ore: number | null;
  period_start: string | null;
  period_end: string | null;
  purchase_date: string | null;
  description: string;
};

type Fee = { fee_ore: number; fee_period: FeePeriod };

/**
 * A claim's own fields for its kind, and a receipt to attach. For kontingent the amount follows
 * the activity's fee for the chosen period (with JavaScript; without it the page says that it
 * does not), until the person types an amount of their own.
 */
export function ClaimFields({
  kind,
  defaults,
  fee,
  failure,
}: {
  kind: ClaimKind;
  defaults: ClaimDefaults;
  fee: Fee;
  failure: FormFailure | undefined;
}) {
  // What the fields show: what was typed before a refusal, else the saved or suggested values.
  const shown = (name: keyof ClaimDefaults, saved: string) => {
    const typed = failure?.values[name];
    return failure ? (typeof typed === "string" ? typed : "") : saved;
  };
  const amountDefault = defaults.amount_ore === null ? "" : kronerDecimal(defaults.amount_ore);
  const [period, setPeriod] = useState({
    start: shown("period_start", defaults.period_start ?? ""),
    end: shown("period_end", defaults.period_end ?? ""),
  });
  const periodFee = feeForPeriod(fee.fee_ore, fee.fee_period, period.start, period.end);
  // An amount that is not the fee of its period was typed by someone, and is theirs to change.
  const [ownAmount, setOwnAmount] = useState(() => {
    const amount = failure ? String(failure.values.amount ?? "") : amountDefault;
    return amount !== "" && (periodFee === null || amount !== kronerDecimal(periodFee));
  });

  const followFee = (event: ChangeEvent<HTMLInputElement>) => {
    const form = event.currentTarget.form;
    const field = (name: string) => form?.elements.namedItem(name) as HTMLInputElement | null;
    const chosen = { start: field("period_start")?.value ?? "", end: field("period_end")?.value ?? "" };
    setPeriod(chosen);
    const ore = feeForPeriod(fee.fee_ore, fee.fee_period, chosen.start, chosen.end);
    const amount = field("amount");
    if (kind === "kontingent" && !ownAmount && ore !== null && amount) amount.value = kronerDecimal(ore);
  };

  return (
    <>
      <input type="hidden" name="kind" value={kind} />
      {kind === "utstyr" ? (
        <>
          <TextareaField
            name="description"
            label={claimFieldLabels.description}
            hint="claim.descriptionHint"
            maxLength={textLimits.claims.description}
            rows={3}
            defaultValue={defaults.description}
            failure={failure}
          />
          <TextField
            name="purchase_date"
            type="date"
            label={claimFieldLabels.purchase_date}
            defaultValue={defaults.purchase_date ?? ""}
            failure={failure}
          />
        </>
      ) : (
        <div className="grid gap-x-4 sm:grid-cols-2">
          <TextField
            name="period_start"
            type="date"
            label={claimFieldLabels.period_start}
            defaultValue={defaults.period_start ?? ""}
            onChange={followFee}
            failure={failure}
          />
          <TextField
            name="period_end"
            type="date"
            label={claimFieldLabels.period_end}
            defaultValue={defaults.period_end ?? ""}
            onChange={followFee}
            failure={failure}
          />
        </div>
      )}
      {kind === "kontingent" ? <PeriodFee fee={fee} period={period} periodFee={periodFee} /> : null}
      <TextField
        name="amount"
        label={claimFieldLabels.amount}
        hint="claim.amountHint"
        inputMode="decimal"
        defaultValue={amountDefault}
        onInput={() => setOwnAmount(true)}
        failure={failure}
      />
      {kind !== "utstyr" ? (
        <TextareaField
          name="description"
          label="claim.note"
          maxLength={textLimits.claims.description}
          rows={2}
          defaultValue={defaults.description}
          failure={failure}
        />
      ) : null}
      <ReceiptField failure={failure} />
    </>
  );
}

/**
 * What the chosen period's kontingent is and how it is counted (a period started counts
 * whole), said again as the period changes; and, where JavaScript does not run, that the
 * amount does not follow the period.
 */
function PeriodFee({
  fee,
  period,
  periodFee,
}: {
  fee: Fee;
  period: { start: string; end: string };
  periodFee: number | null;
}) {
  const { t } = useT();
  const count = periodFee === null ? 0 : feePeriodsTouched(fee.fee_period, period.start, period.end);
  return (
    <div className="mb-4">
      <Paragraph data-size="sm" className="mb-2">
        {t(`claimFee.rule.${fee.fee_period}`, { fee: formatKroner(fee.fee_ore) })}
      </Paragraph>
      <Paragraph data-size="sm" aria-live="polite" className="mb-2 font-semibold">
        {periodFee === null
          ? t("claimFee.noPeriod")
          : t("claimFee.forPeriod", {
              from: formatDate(period.start),
              to: formatDate(period.end),
              amount: formatKroner(periodFee),
              count,
              fee: formatKroner(fee.fee_ore),
            })}
      </Paragraph>
      <noscript>
        <Paragraph data-size="sm">{t("claimFee.noScript")}</Paragraph>
      </noscript>
    </div>
  );
}

/**
 * The receipt, with its size checked as soon as it is chosen: a phone on a slow line should not
 * send 20 MB to be told no. A file over the limit stays chosen with the reason at the field, and
 * the form is not sent until it is changed, so nothing is saved without it.
 */
function ReceiptField({ failure }: { failure: FormFailure | undefined }) {
  const [tooLarge, setTooLarge] = useState(false);
  const input = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    const form = input.current?.form;
    if (!tooLarge || !form) return;
    // On the form itself, so that it runs before the router's own submit handler and stops it.
    const holdBack = (event: SubmitEvent) => {
      event.preventDefault();
      event.stopImmediatePropagation();
      input.current?.focus();
    };
    form.addEventListener("submit", holdBack);
    return () => form.removeEventListener("submit", holdBack);
  }, [tooLarge]);

  const checkSize = (event: ChangeEvent<HTMLInputElement>) => {
    input.current = event.target;
    const file = event.target.files?.[0];
    setTooLarge(Boolean(file && file.size > RECEIPT_MAX_BYTES));
  };
  const shown: FormFailure | undefined = tooLarge
    ? {
        values: failure?.values ?? {},
        formErrors: [],
        fieldErrors: { ...failure?.fieldErrors, receipt: { key: "receipt_too_large" } },
      }
    : failure;
  return (
    <TextField
      name="receipt"
      type="file"
      label={claimFieldLabels.receipt}
      hint="claim.receiptHint"
      accept="application/pdf,image/jpeg,image/png,image/heic,.heic,.pdf,.jpg,.jpeg,.png"
      onChange={checkSize}
      failure={shown}
    />
  );
}
