// Form pieces shared by the screens: where focus goes after a form's write (useOutcomeFocus; the
// forms themselves validate with the API's schemas, apiForm.tsx); a labelled input, select or textarea inside
// the `Field` frame (label, hint, error) and tied to its error message; the submit button that
// says it is saving; the table row that holds a form; a status message; the options of a contract
// year, a mission or a yes/no.
import { useEffect, useRef, useState, type ComponentProps, type FormEvent, type ReactNode } from 'react';
import { Field } from './ui';
import { invalidProps } from './money';

/** What just happened to a form's write: saved, or refused (by the API or by the form's own check). */
export type FormOutcome = 'saved' | 'refused';

const FOCUSABLE = 'input, select, textarea, button, a[href], [tabindex]';

/** Focuses `el`, making a message focusable by script only (tabindex -1) when it is not already. */
function focusElement(el: HTMLElement): void {
  if (!el.matches(FOCUSABLE)) el.setAttribute('tabindex', '-1');
  el.focus();
}

/**
 * Where focus goes after a write, so that screen readers and keyboard users are told what
 * happened: after a refusal, the first invalid field (its error message is its description), or
 * else the refusal's message; after a save, the message that says what was saved. `scope` is the
 * form; when the form closed on saving, the nearest part of the page still shown (`ancestors`,
 * innermost first) that holds a status message. Returns the element focused, if any.
 */
export function focusFormOutcome(scope: HTMLElement | null, outcome: FormOutcome, ancestors: readonly HTMLElement[] = []): HTMLElement | null {
  const within = (root: HTMLElement): HTMLElement | null =>
    outcome === 'refused'
      ? (root.querySelector<HTMLElement>('[aria-invalid="true"]') ?? root.querySelector<HTMLElement>('[role="alert"]'))
      : root.querySelector<HTMLElement>('[role="status"]');
  let target = scope?.isConnected ? within(scope) : null;
  if (!target && !scope?.isConnected) {
    for (const a of ancestors) {
      target = a.isConnected ? within(a) : null;
      if (target) break;
    }
  }
  if (target) focusElement(target);
  return target;
}

/** focusFormOutcome now, or in the next frames (up to 5) while the page has not drawn the outcome yet. Returns a cancel function. */
export function focusSoon(scope: HTMLElement | null, outcome: FormOutcome, ancestors: readonly HTMLElement[]): () => void {
  let frames = 0;
  let handle = 0;
  const attempt = () => {
    if (focusFormOutcome(scope, outcome, ancestors) || ++frames > 5) return;
    handle = requestAnimationFrame(attempt);
  };
  attempt();
  return () => cancelAnimationFrame(handle);
}

/**
 * Focus after a write, for any form: `capture(event)` remembers the form being submitted (call it
 * in onSubmit), `announce(outcome)` moves focus once the page shows the outcome (after React has
 * rendered the message or the invalid fields).
 */
export function useOutcomeFocus() {
  const form = useRef<{ scope: HTMLElement | null; ancestors: HTMLElement[] }>({ scope: null, ancestors: [] });
  const [request, setRequest] = useState<{ outcome: FormOutcome; n: number } | null>(null);
  useEffect(() => {
    if (request) return focusSoon(form.current.scope, request.outcome, form.current.ancestors);
  }, [request]);
  return {
    capture(e: FormEvent) {
      const scope = e.currentTarget instanceof HTMLElement ? e.currentTarget : null;
      const ancestors: HTMLElement[] = [];
      for (let n = scope?.parentElement ?? null; n && n !== document.body; n = n.parentElement) ancestors.push(n);
      form.current = { scope, ancestors };
    },
    announce(outcome: FormOutcome) {
      setRequest((r) => ({ outcome, n: (r?.n ?? 0) + 1 }));
      // A form that closes on saving is gone before its effect runs: once the page no longer
      // shows it (within a few frames), the status message nearest to where it was takes the focus.
      const { scope, ancestors } = form.current;
      let frames = 0;
      const watch = () => {
        if (!scope) return;
        if (!scope.isConnected) focusSoon(scope, outcome, ancestors);
        else if (++frames <= 10) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    },
  };
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

/**
 * A message announced as a status (what a form just saved, a note); nothing when there is none.
 * Focusable by script (a form moves focus to it after a save).
 */
export function StatusMessage({ message, className = 'info-box' }: { message: string | null; className?: string }) {
  if (!message) return null;
  return (
    <div className={className} role="status" tabIndex={-1}>
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
