// Forms that validate with the API's own zod schema (react-hook-form, with a resolver that answers the API's messages):
// the form refuses, field by field, with the very French messages the API would answer, before
// sending anything; what only the API can check (a mission not in the contract, a closed year…)
// comes back on the same fields. Focus then goes to the first invalid field or to the message,
// or after a save to the message that says what was saved (useOutcomeFocus).
import { useState, type ComponentProps, type FormEvent, type ReactNode } from 'react';
import { get, set, useController, useForm, type Control, type DefaultValues, type FieldErrors, type FieldValues, type Path, type Resolver } from 'react-hook-form';
import { fieldErrors } from '../../shared/api';
import { z } from 'zod';
import { formErrors, type FormErrors } from './money';
import { MoneyField, SelectField, TextAreaField, TextField, useOutcomeFocus } from './form';
import { Field } from './ui';
import { invalidProps } from './money';

/** The first message of a field's errors (a nested field's, for an object or an array). */
export function messageOf(e: unknown): string | undefined {
  if (!e || typeof e !== 'object') return undefined;
  if ('message' in e && typeof e.message === 'string' && e.message !== '') return e.message;
  for (const v of Object.values(e)) {
    const m = messageOf(v);
    if (m) return m;
  }
  return undefined;
}

function flatten<I extends FieldValues>(errors: FieldErrors<I>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) {
    const m = messageOf(v);
    if (m) out[k] = m;
  }
  return out;
}

/**
 * Validates with `schema` and answers the very messages the API would, one per field path
 * (shared/api.ts `fieldErrors`: a union's own message, not one of its branches'). The list's own
 * error comes first, so "missions" and "missions.2.startedOn" both stay.
 */
function apiResolver<I extends FieldValues, O>(schema: z.ZodType<O, I>): Resolver<I, unknown, O> {
  return async (values) => {
    const parsed = await schema.safeParseAsync(values);
    if (parsed.success) return { values: parsed.data, errors: {} };
    const errors: FieldErrors<I> = {};
    const byDepth = Object.entries(fieldErrors(parsed.error)).sort(([a], [b]) => a.split('.').length - b.split('.').length);
    for (const [path, message] of byDepth) set(errors, path, { ...(get(errors, path) as object | undefined), type: 'validation', message });
    return { values: {}, errors };
  };
}

/**
 * A form of the API's input `schema`. `shown` lists the fields the form displays (the others,
 * such as contractId, come from `defaultValues`): an API refusal on a shown field appears on it,
 * any other refusal in the form's message. `submit(write)` validates with the schema, then runs
 * `write` with the parsed values and shows the message it returns.
 */
export function useApiForm<I extends FieldValues, O>(schema: z.ZodType<O, I>, defaultValues: DefaultValues<I>, shown: readonly Path<I>[]) {
  const form = useForm<I, unknown, O>({ resolver: apiResolver(schema), defaultValues, shouldFocusError: false });
  const focus = useOutcomeFocus();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const fields = flatten(form.formState.errors);
  const errors: FormErrors = {
    message: refusal ?? (Object.keys(fields).length > 0 ? Object.values(fields)[0] : null),
    fields,
  };

  /**
   * `write(values, input)`: `values` as the schema parsed them, `input` as typed — send `input`
   * when a field's parsing is not idempotent (a measure or a rate the API would scale again).
   */
  const submit = (write: (values: O, input: I) => Promise<string>) => (e: FormEvent) => {
    focus.capture(e);
    setSaved(null);
    setRefusal(null);
    let outcome: 'saved' | 'refused' = 'refused';
    const run = form.handleSubmit(
      async (values) => {
        try {
          setSaved(await write(values, form.getValues()));
          outcome = 'saved';
        } catch (error) {
          const refused = formErrors(error);
          const unshown: string[] = [];
          for (const [key, text] of Object.entries(refused.fields)) {
            // On the very sub-field the API names ("missions.2.startedOn"), under a shown field.
            if (shown.some((s) => s === key.split('.')[0])) form.setError(key as Path<I>, { type: 'server', message: text });
            else unshown.push(text);
          }
          setRefusal(unshown[0] ?? refused.message);
        }
      },
      () => undefined,
    );
    // Focus once react-hook-form has published the outcome (it sets the schema's errors after the
    // invalid callback returns).
    void run(e).then(() => focus.announce(outcome));
  };

  return { form, control: form.control, errors, saved, setSaved, submit };
}

/**
 * The API's `schema`, read after `adjust` has turned the form's values into what the form sends
 * (a field the form hides for this choice, a blank that means « none »): the form refuses exactly
 * what the API would refuse for the same request. Send `adjust(input)` too.
 */
export function sentAs<I extends FieldValues, O>(schema: z.ZodType<O, I>, adjust: (input: I) => I): z.ZodType<O, I> {
  return z.preprocess((v) => adjust(v as I), schema) as unknown as z.ZodType<O, I>;
}

interface Bound<I extends FieldValues, O> {
  control: Control<I, unknown, O>;
  name: Path<I>;
  label: string;
  id: string;
  hint?: string;
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

type InputRest = Omit<ComponentProps<'input'>, 'id' | 'value' | 'onChange' | 'children' | 'name' | 'ref' | 'onBlur'>;

/** A labelled input bound to a field of an API form. */
export function BoundTextField<I extends FieldValues, O>({ control, name, ...rest }: Bound<I, O> & InputRest) {
  const { field, fieldState } = useController({ control, name });
  return <TextField {...rest} name={field.name} value={text(field.value)} onChange={field.onChange} onBlur={field.onBlur} ref={field.ref} error={messageOf(fieldState.error)} />;
}

/** An amount in euros typed as a French decimal, bound to a field of an API form (the schema reads « 2 450,00 »). */
export function BoundMoneyField<I extends FieldValues, O>({ control, name, ...rest }: Bound<I, O> & Omit<InputRest, 'inputMode' | 'className'>) {
  const { field, fieldState } = useController({ control, name });
  return <MoneyField {...rest} name={field.name} value={text(field.value)} onChange={field.onChange} onBlur={field.onBlur} ref={field.ref} error={messageOf(fieldState.error)} />;
}

export function BoundTextAreaField<I extends FieldValues, O>({ control, name, ...rest }: Bound<I, O> & Omit<ComponentProps<'textarea'>, 'id' | 'value' | 'onChange' | 'children' | 'name' | 'ref' | 'onBlur'>) {
  const { field, fieldState } = useController({ control, name });
  return <TextAreaField {...rest} name={field.name} value={text(field.value)} onChange={field.onChange} onBlur={field.onBlur} ref={field.ref} error={messageOf(fieldState.error)} />;
}

/**
 * A select bound to a field of an API form; `parse` turns the option's text into the schema's
 * value (a year number; '' into null for « Fonctionnement »).
 */
export function BoundSelectField<I extends FieldValues, O>({ control, name, label, id, hint, parse, children }: Bound<I, O> & { parse?: (v: string) => unknown; children: ReactNode }) {
  const { field, fieldState } = useController({ control, name });
  return (
    <SelectField label={label} id={id} hint={hint} error={messageOf(fieldState.error)} value={text(field.value)} onChange={(v) => field.onChange(parse ? parse(v) : v)}>
      {children}
    </SelectField>
  );
}

/** A checkbox bound to a boolean field of an API form, its label after it. */
export function BoundCheckbox<I extends FieldValues, O>({ control, name, label, className = 'checkbox' }: { control: Control<I, unknown, O>; name: Path<I>; label: string; className?: string }) {
  const { field } = useController({ control, name });
  return (
    <label className={className}>
      <input type="checkbox" name={field.name} checked={field.value === true} onChange={(e) => field.onChange(e.target.checked)} onBlur={field.onBlur} ref={field.ref} /> {label}
    </label>
  );
}

/** '' (the « Fonctionnement » option) as null, any other option as it is. */
export const emptyAsNull = (v: string): string | null => (v === '' ? null : v);

/**
 * A labelled file input (one file), for a supporting file sent with a write. The chosen file is
 * the parent's state; changing `resetKey` empties the input (after a save).
 */
export function FileField({
  label,
  id,
  hint,
  error,
  onChange,
  resetKey,
}: {
  label: string;
  id: string;
  hint?: string;
  error?: string;
  onChange: (file: File | null) => void;
  resetKey: number;
}) {
  return (
    <Field label={label} name={id} error={error} hint={hint}>
      <input key={resetKey} id={id} type="file" onChange={(e) => onChange(e.target.files?.[0] ?? null)} {...invalidProps(id, error)} />
    </Field>
  );
}
