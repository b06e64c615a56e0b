import {
  Button,
  ErrorSummary as DsErrorSummary,
  Field,
  Input,
  Label,
  ValidationMessage,
  type InputProps,
} from "@digdir/designsystemet-react";
import { useFormAction, useNavigation } from "@remix-run/react";
import { useEffect, useRef, type ComponentProps, type ReactNode } from "react";
import type { FormFailure } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";

/**
 * Form parts that forgive (STYLE.md 6): an error summary linking to the fields, messages at
 * the fields, what was typed kept, and all of it in the server's HTML so that forms work
 * without JavaScript. A field's id is its name, which the summary links to.
 */

type Labels = { label: MessageKey; hint?: MessageKey };

export function ErrorSummary({
  failure,
  labels,
}: {
  failure: FormFailure | undefined;
  labels: Record<string, MessageKey>;
}) {
  const { t } = useT();
  if (!failure) return null;
  const fields = Object.entries(failure.fieldErrors);
  if (fields.length === 0 && failure.formErrors.length === 0) return null;
  return (
    // The custom element moves focus here when it appears, so screen readers start at the errors.
    <DsErrorSummary tabIndex={-1} aria-labelledby="error-summary-heading" className="mb-6">
      <DsErrorSummary.Heading id="error-summary-heading">{t("form.errorSummary")}</DsErrorSummary.Heading>
      <DsErrorSummary.List>
        {failure.formErrors.map((error) => (
          <DsErrorSummary.Item key={error.key}>{t(error.key, error.params)}</DsErrorSummary.Item>
        ))}
        {fields.map(([name, error]) => (
          <DsErrorSummary.Item key={name}>
            <DsErrorSummary.Link href={`#${name}`}>
              {labels[name] ? `${t(labels[name])}: ` : ""}
              {t(error.key, error.params)}
            </DsErrorSummary.Link>
          </DsErrorSummary.Item>
        ))}
      </DsErrorSummary.List>
    </DsErrorSummary>
  );
}

type TextFieldProps = Labels & {
  name: string;
  failure: FormFailure | undefined;
  type?: "text" | "email" | "password" | "tel" | "url" | "number" | "date";
} & Omit<InputProps, "name" | "id" | "type">;

export function TextField({ name, label, hint, failure, type = "text", ...input }: TextFieldProps) {
  const { t } = useT();
  const error = failure?.fieldErrors[name];
  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ");
  const inputRef = useRef<HTMLInputElement>(null);
  // The server never sends a password back; with JavaScript the old one must go as well.
  useEffect(() => {
    if (type === "password" && failure && inputRef.current) inputRef.current.value = "";
  }, [type, failure]);
  return (
    // A plain div, not the <ds-field> element: its script would wire label and messages only
    // after JavaScript loads, and these links must be in the HTML.
    <Field asChild>
      <div className="mb-5">
        <Label htmlFor={name}>{t(label)}</Label>
        {hint ? <Field.Description id={hintId}>{t(hint)}</Field.Description> : null}
        <Input
          ref={inputRef}
          id={name}
          name={name}
          type={type}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          defaultValue={type === "password" ? undefined : failure?.values[name]}
          {...input}
        />
        {error ? <ValidationMessage id={errorId}>{t(error.key, error.params)}</ValidationMessage> : null}
      </div>
    </Field>
  );
}

/** The form's button, busy while this page's form is being sent (with JavaScript). */
export function SubmitButton({ children, ...button }: { children: ReactNode } & ComponentProps<typeof Button>) {
  const { t } = useT();
  const navigation = useNavigation();
  const action = useFormAction();
  const pending = navigation.state === "submitting" && navigation.formAction === action;
  return (
    <Button type="submit" loading={pending} {...button}>
      {pending ? t("form.pending") : children}
    </Button>
  );
}
