// Form pieces shared by the screens: the state of a form that writes through the API (its
// refusal, what it saved); a labelled input, select or textarea inside the `Field` frame (label,
// hint, error) and tied to its error message; the submit button that says it is saving; the table
// row that holds a form; a status message; the options of a contract year, a mission or a yes/no.
import { useState, type ComponentProps, type FormEvent, type ReactNode } from 'react';
import { Field } from './ui';
import { NO_ERRORS, fieldError, formErrors, invalidProps, type FormErrors } from './money';

/**
 * A form that writes through the API: the refusal's messages (`err` gives a field's).
 * `submit(write)` is its onSubmit: it runs `write` and, when the API refuses, shows why, field by field.
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const submit = (write: () => Promise<void>) => async (e: FormEvent) => {
    e.preventDefault();
    try {
      await write();
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  return { errors, setErrors, err: (k: string) => fieldError(errors, k), submit };
}

/**
 * A form that writes through the API and then says what it saved. `submit(write)` clears the
 * saved message, runs `write` and shows the message it returns, or the refusal.
 */
export function useFormWrite() {
  const form = useFormErrors();
  const [saved, setSaved] = useState<string | null>(null);
  const submit = (write: () => Promise<string>) =>
    form.submit(async () => {
      setSaved(null);
      const message = await write();
      form.setErrors(NO_ERRORS);
      setSaved(message);
    });
  return { ...form, saved, submit };
}

/** What every field takes: its label, the id of its control (the label's target), its message or hint. */
interface FieldFrame {
  label: string;
  id: string;
  error?: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
}

type Own = 'id' | 'value' | 'onChange' | 'children';

/** A labelled input; any other input attribute (type, className, placeholder, ref…) passes through. */
export function TextField({ label, id, error, hint, value, onChange, ...input }: FieldFrame & Omit<ComponentProps<'input'>, Own>) {
  return (
    <Field label={label} name={id} error={error} hint={hint}>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} {...input} {...invalidProps(id, error)} />
    </Field>
  );
}

/** An amount in euros, typed as a French decimal (« 17 500,00 »). */
export function MoneyField(props: FieldFrame & Omit<ComponentProps<'input'>, Own | 'inputMode' | 'className'>) {
  return <TextField inputMode="decimal" className="input-money" {...props} />;
}

export function TextAreaField({ label, id, error, hint, value, onChange, ...textarea }: FieldFrame & Omit<ComponentProps<'textarea'>, Own>) {
  return (
    <Field label={label} name={id} error={error} hint={hint}>
      <textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} {...textarea} {...invalidProps(id, error)} />
    </Field>
  );
}

/** A select; its options are the children. */
export function SelectField({ label, id, error, hint, value, onChange, children }: FieldFrame & { children: ReactNode }) {
  return (
    <Field label={label} name={id} error={error} hint={hint}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} {...invalidProps(id, error)}>
        {children}
      </select>
    </Field>
  );
}

/** The submit button of a form: disabled while it is sent (or when told), and saying so. */
export function SubmitButton({
  busy,
  busyLabel = 'Enregistrement…',
  disabled = busy,
  small = false,
  children,
}: {
  busy: boolean;
  busyLabel?: string;
  disabled?: boolean;
  small?: boolean;
  children: ReactNode;
}) {
  return (
    <button type="submit" className={`button primary${small ? ' small' : ''}`} disabled={disabled}>
      {busy ? busyLabel : children}
    </button>
  );
}

/** The actions row of a form: its submit button and, when the form can be left, « Annuler ». */
export function FormActions({ busy, submit, busyLabel, small, onCancel }: { busy: boolean; submit: string; busyLabel?: string; small?: boolean; onCancel?: () => void }) {
  return (
    <div className="form-actions">
      <SubmitButton busy={busy} busyLabel={busyLabel} small={small}>
        {submit}
      </SubmitButton>
      {onCancel && (
        <button type="button" className="button" onClick={onCancel}>
          Annuler
        </button>
      )}
    </div>
  );
}

/** A table row under the row it edits, holding its form across all `cols` columns. */
export function FormRow({ cols, children }: { cols: number; children: ReactNode }) {
  return (
    <tr className="row-form">
      <td colSpan={cols}>{children}</td>
    </tr>
  );
}

/** A message announced as a status (what a form just saved, a note); nothing when there is none. */
export function StatusMessage({ message, className = 'info-box' }: { message: string | null; className?: string }) {
  if (!message) return null;
  return (
    <div className={className} role="status">
      {message}
    </div>
  );
}

const CONTRACT_YEARS = [1, 2, 3, 4, 5] as const;

/** « Année 1 » to « Année 5 ». */
export function YearOptions() {
  return CONTRACT_YEARS.map((y) => (
    <option key={y} value={y}>
      Année {y}
    </option>
  ));
}

/** One option per mission of the contract, by its label. */
export function MissionOptions({ missions }: { missions: { code: string; label: string }[] }) {
  return missions.map((m) => (
    <option key={m.code} value={m.code}>
      {m.label}
    </option>
  ));
}

/** The choices of a yes/no value: none yet, « oui », « non ». */
export function YesNoOptions() {
  return (
    <>
      <option value="">—</option>
      <option value="oui">oui</option>
      <option value="non">non</option>
    </>
  );
}
