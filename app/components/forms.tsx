import {
  Alert,
  Button,
  Checkbox,
  ErrorSummary as DsErrorSummary,
  Field,
  Fieldset,
  Heading,
  Input,
  Label,
  Paragraph,
  Select,
  Textarea,
  ValidationMessage,
  type InputProps,
  type TextareaProps,
} from "@digdir/designsystemet-react";
import { useFormAction, useNavigation } from "@remix-run/react";
import { useEffect, useRef, type ComponentProps, type ReactNode } from "react";
import type { FormFailure } from "~/lib/forms";
import { StaleChanges } from "~/components/stale-version";
import type { MessageKey, Params } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";

/**
 * Form parts that forgive (STYLE.md 6): an error summary linking to the fields, messages at
 * the fields, what was typed kept, and all of it in the server's HTML so that forms work
 * without JavaScript. A field's id is its name, which the summary links to.
 */

type Labels = {
  label: MessageKey;
  hint?: MessageKey;
  /** When the label names the thing it is about ("Citation for {name}"). */
  labelParams?: Params;
};

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
          <DsErrorSummary.Item key={error.key}>
            {t(error.key, error.params)}
            {failure.changes && <StaleChanges changes={failure.changes} labels={labels} />}
          </DsErrorSummary.Item>
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

/** Label, hint and message around one control; the control gets the ids and state to point at them. */
function FieldShell({
  name,
  id = name,
  label,
  labelParams,
  hint,
  failure,
  children,
}: Labels & {
  name: string;
  /** When several forms on a page have a field of the same name. */
  id?: string;
  failure: FormFailure | undefined;
  children: (control: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}) {
  const { t } = useT();
  const error = failure?.fieldErrors[name];
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ");
  return (
    // A plain div, not the <ds-field> element: its script would wire label and messages only
    // after JavaScript loads, and these links must be in the HTML.
    <FieldDiv className="mb-5">
      <Label htmlFor={id}>{t(label, labelParams)}</Label>
      {hint ? <Field.Description id={hintId}>{t(hint)}</Field.Description> : null}
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined })}
      {error ? <ValidationMessage id={errorId}>{t(error.key, error.params)}</ValidationMessage> : null}
    </FieldDiv>
  );
}

/**
 * Designsystemet's field as a div with its class: the markup `<Field asChild><div>` gives,
 * without a Slot merging props and refs for each field (the week has hundreds).
 */
export function FieldDiv({ className, children }: { className?: string; children: ReactNode }) {
  return <div className={className ? `ds-field ${className}` : "ds-field"}>{children}</div>;
}

/** What the person typed before a refusal, else the saved value. */
function kept(failure: FormFailure | undefined, name: string, saved: string | undefined) {
  const value = failure?.values[name];
  return failure ? (typeof value === "string" ? value : "") : saved;
}

type TextFieldProps = Labels & {
  name: string;
  /** When several forms on a page have a field of the same name. */
  id?: string;
  failure: FormFailure | undefined;
  type?: "text" | "email" | "password" | "tel" | "url" | "number" | "date" | "time" | "file";
  defaultValue?: string;
} & Omit<InputProps, "name" | "id" | "type" | "defaultValue">;

export function TextField({
  name,
  id,
  label,
  labelParams,
  hint,
  failure,
  type = "text",
  defaultValue,
  ...input
}: TextFieldProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  // The server never sends a password back; with JavaScript the old one must go as well.
  useEffect(() => {
    if (type === "password" && failure && inputRef.current) inputRef.current.value = "";
  }, [type, failure]);
  return (
    <FieldShell name={name} id={id} label={label} labelParams={labelParams} hint={hint} failure={failure}>
      {(control) => (
        <Input
          ref={inputRef}
          name={name}
          type={type}
          // A file is never sent back into the page; a password neither.
          defaultValue={type === "password" || type === "file" ? undefined : kept(failure, name, defaultValue)}
          {...control}
          {...input}
        />
      )}
    </FieldShell>
  );
}

export function TextareaField({
  name,
  id,
  label,
  labelParams,
  hint,
  failure,
  defaultValue,
  rows = 4,
  ...textarea
}: Labels & {
  name: string;
  /** When several forms on a page have a field of the same name. */
  id?: string;
  failure: FormFailure | undefined;
  defaultValue?: string;
} & Omit<TextareaProps, "name" | "id" | "defaultValue">) {
  return (
    <FieldShell name={name} id={id} label={label} labelParams={labelParams} hint={hint} failure={failure}>
      {(control) => (
        <Textarea name={name} rows={rows} defaultValue={kept(failure, name, defaultValue)} {...control} {...textarea} />
      )}
    </FieldShell>
  );
}

export type Option = { value: string; label: string };

export function SelectField({
  name,
  id,
  label,
  hint,
  failure,
  options,
  defaultValue,
  empty,
}: Labels & {
  name: string;
  /** When several forms on a page have a field of the same name. */
  id?: string;
  failure: FormFailure | undefined;
  options: Option[];
  defaultValue?: string;
  /** The text of a first, empty choice ("all", "choose"), if the field may be left empty. */
  empty?: string;
}) {
  return (
    <FieldShell name={name} id={id} label={label} hint={hint} failure={failure}>
      {(control) => (
        <Select name={name} defaultValue={kept(failure, name, defaultValue)} {...control}>
          {empty !== undefined ? <Select.Option value="">{empty}</Select.Option> : null}
          {options.map((option) => (
            <Select.Option key={option.value} value={option.value}>
              {option.label}
            </Select.Option>
          ))}
        </Select>
      )}
    </FieldShell>
  );
}

/** Several checkboxes under one name; the first box carries the id the error summary links to. */
export function CheckboxGroup({
  name,
  legend,
  hint,
  failure,
  options,
  checked = [],
}: {
  name: string;
  legend: MessageKey;
  hint?: MessageKey;
  failure: FormFailure | undefined;
  options: Option[];
  checked?: string[];
}) {
  const { t } = useT();
  const error = failure?.fieldErrors[name];
  const typed = failure ? [failure.values[name] ?? []].flat() : checked;
  return (
    <Fieldset className="mb-5" aria-invalid={error ? true : undefined}>
      <Fieldset.Legend>{t(legend)}</Fieldset.Legend>
      {hint ? <Fieldset.Description>{t(hint)}</Fieldset.Description> : null}
      {options.map((option, index) => (
        <Checkbox
          key={option.value}
          id={index === 0 ? name : `${name}-${option.value}`}
          name={name}
          value={option.value}
          label={option.label}
          defaultChecked={typed.includes(option.value)}
        />
      ))}
      {error ? <ValidationMessage>{t(error.key, error.params)}</ValidationMessage> : null}
    </Fieldset>
  );
}

/**
 * A yes/no field; after a refused post it shows what was sent (an unticked box sends nothing)
 * and, when the box had to be ticked, why at the box.
 */
export function CheckboxField({
  name,
  id = name,
  label,
  failure,
  defaultChecked,
}: Omit<Labels, "hint"> & {
  name: string;
  /** When several forms on a page have a field of the same name. */
  id?: string;
  failure: FormFailure | undefined;
  defaultChecked?: boolean;
}) {
  const { t } = useT();
  const error = failure?.fieldErrors[name];
  return (
    <FieldDiv className="mb-5">
      <Input
        type="checkbox"
        id={id}
        name={name}
        value="on"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        defaultChecked={failure ? failure.values[name] === "on" : defaultChecked}
      />
      <Label htmlFor={id} weight="regular">
        {t(label)}
      </Label>
      {error ? <ValidationMessage id={`${id}-error`}>{t(error.key, error.params)}</ValidationMessage> : null}
    </FieldDiv>
  );
}

/** One choice among a few, as radios in a fieldset; the message sits under the legend. */
export function RadioGroupField({
  name,
  id = name,
  legend,
  legendParams,
  options,
  failure,
  defaultValue,
}: {
  name: string;
  /** When several forms on a page have a field of the same name. */
  id?: string;
  legend: MessageKey;
  legendParams?: Params;
  options: { value: string; label: MessageKey }[];
  failure: FormFailure | undefined;
  /** The saved choice, if any. */
  defaultValue?: string;
}) {
  const { t } = useT();
  const error = failure?.fieldErrors[name];
  return (
    <Fieldset className="mb-5" aria-describedby={error ? `${id}-error` : undefined}>
      <Fieldset.Legend>{t(legend, legendParams)}</Fieldset.Legend>
      {error ? <ValidationMessage id={`${id}-error`}>{t(error.key, error.params)}</ValidationMessage> : null}
      {options.map((option, index) => (
        // The first radio carries the field's id, so the error summary's link lands on the group.
        <FieldDiv key={option.value}>
          <Input
            type="radio"
            id={index === 0 ? id : `${id}-${option.value}`}
            name={name}
            value={option.value}
            aria-invalid={error ? true : undefined}
            defaultChecked={failure ? failure.values[name] === option.value : defaultValue === option.value}
          />
          <Label htmlFor={index === 0 ? id : `${id}-${option.value}`} weight="regular">
            {t(option.label)}
          </Label>
        </FieldDiv>
      ))}
    </Fieldset>
  );
}

/**
 * The outcome of one of several small forms on a page, at its top: every reason it was
 * refused (except those shown at a visible field), or nothing.
 */
export function FormAlert({
  failure,
  heading,
  shownAtFields = [],
}: {
  failure: FormFailure | undefined;
  heading: MessageKey;
  shownAtFields?: string[];
}) {
  const { t } = useT();
  if (!failure) return null;
  const atFields = Object.entries(failure.fieldErrors).filter(([field]) => !shownAtFields.includes(field));
  const messages = [...failure.formErrors, ...atFields.map(([, error]) => error)];
  return (
    <Alert data-color="danger" role="alert" className="mb-4">
      <Heading level={3} data-size="xs" className={messages.length ? "mb-2" : undefined}>
        {t(heading)}
      </Heading>
      {messages.map((error) => (
        <Paragraph key={error.key}>{t(error.key, error.params)}</Paragraph>
      ))}
    </Alert>
  );
}

/** The hidden field with the form's submission key (submissionKeyField), made by the page's loader. */
export function SubmissionKey({ value }: { value: string }) {
  return <input type="hidden" name="submission_key" value={value} />;
}

/**
 * The form's button, busy while this page's form is being sent (with JavaScript). A button
 * with a name and value (one intent among several forms on a page) is busy only for its own.
 */
export function SubmitButton({ children, ...button }: { children: ReactNode } & ComponentProps<typeof Button>) {
  const { t } = useT();
  const navigation = useNavigation();
  const action = useFormAction();
  const own =
    typeof button.name !== "string" ||
    button.value === undefined ||
    navigation.formData?.get(button.name) === String(button.value);
  const pending = navigation.state === "submitting" && navigation.formAction === action && own;
  return (
    <Button type="submit" loading={pending} {...button}>
      {pending ? t("form.pending") : children}
    </Button>
  );
}
