import { Paragraph, ValidationMessage } from "@digdir/designsystemet-react";
import { useState, type ChangeEvent } from "react";
import { TextareaField, TextField } from "~/components/forms";
import { claimFieldLabels } from "~/lib/claim-form";
import { feeForPeriod, RECEIPT_MAX_BYTES, type ClaimKind } from "~/lib/claims";
import { formatKroner, kronerDecimal } from "~/lib/format";
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

/**
 * A claim's own fields for its kind, and a receipt to attach. For kontingent the amount
 * follows the activity's fee for the chosen period (with JavaScript; without it the server
 * prefilled the current period), so nothing is retyped.
 */
export function ClaimFields({
  kind,
  defaults,
  fee,
  failure,
}: {
  kind: ClaimKind;
  defaults: ClaimDefaults;
  fee: { fee_ore: number; fee_period: FeePeriod };
  failure: FormFailure | undefined;
}) {
  const { t } = useT();
  const [tooLarge, setTooLarge] = useState(false);

  const followFee = (event: ChangeEvent<HTMLInputElement>) => {
    const form = event.currentTarget.form;
    if (kind !== "kontingent" || !form) return;
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
    const ore = feeForPeriod(
      fee.fee_ore,
      fee.fee_period,
      field("period_start")?.value ?? "",
      field("period_end")?.value ?? "",
    );
    const amount = field("amount");
    if (ore !== null && amount) amount.value = kronerDecimal(ore);
  };
  // The limit is checked before anything is sent: a phone on a slow line should not send 20 MB to be told no.
  const checkSize = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    const over = Boolean(file && file.size > RECEIPT_MAX_BYTES);
    setTooLarge(over);
    if (over) event.target.value = "";
  };
  const amountDefault = defaults.amount_ore === null ? "" : kronerDecimal(defaults.amount_ore);

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
      {kind === "kontingent" ? (
        <Paragraph data-size="sm" className="mb-2">
          {t("claim.feeIs", { fee: t(`fee.${fee.fee_period}`, { amount: formatKroner(fee.fee_ore) }) })}
        </Paragraph>
      ) : null}
      <TextField
        name="amount"
        label={claimFieldLabels.amount}
        hint="claim.amountHint"
        inputMode="decimal"
        defaultValue={amountDefault}
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
      <TextField
        name="receipt"
        type="file"
        label={claimFieldLabels.receipt}
        hint="claim.receiptHint"
        accept="application/pdf,image/jpeg,image/png,image/heic,.heic,.pdf,.jpg,.jpeg,.png"
        onChange={checkSize}
        failure={failure}
      />
      {tooLarge ? (
        <ValidationMessage role="alert" className="-mt-3 mb-5">
          {t("receipt_too_large")}
        </ValidationMessage>
      ) : null}
    </>
  );
}
