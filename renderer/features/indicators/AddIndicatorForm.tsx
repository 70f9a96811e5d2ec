// The form that adds an indicator (with its paliers) to an action of the yearly annex. It
// validates with the API's own schema (indicatorInputSchema) through react-hook-form, on what the
// form sends: no amount nor target for paliers, no paliers otherwise, a blank value as none.
import type { z } from 'zod';
import { useController, useWatch, type Control } from 'react-hook-form';
import { INDICATOR_KINDS, INDICATOR_PAYMENTS, INDICATOR_UNITS, PAYMENT_LABELS, UNIT_LABELS, type IndicatorUnit } from '../../../shared/domain/indicators';
import { indicatorInputSchema } from '../../../shared/schemas/indicators';
import { useApiMutation } from '../../api/hooks';
import { BoundMoneyField, BoundSelectField, BoundTextField, messageOf, sentAs, useApiForm } from '../../components/apiForm';
import { FormActions } from '../../components/form';
import { FormMessage, invalidProps } from '../../components/money';
import { FieldError, HiddenHeader } from '../../components/ui';
import { DIRECTION_LABELS, KIND_LABELS, SOURCE_LABELS, UNIT_HINTS } from './shared';

type IndicatorInput = z.input<typeof indicatorInputSchema>;
type IndicatorControl = Control<IndicatorInput, unknown, z.output<typeof indicatorInputSchema>>;
type PalierInput = NonNullable<IndicatorInput['paliers']>[number];

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** What the form sends: paliers or an amount and a target, never both; a blank value is none. */
function sent(v: IndicatorInput): IndicatorInput {
  const paliers = v.payment === 'paliers';
  return {
    ...v,
    amountCents: paliers ? 0 : v.amountCents,
    target: paliers || blank(v.target) ? null : v.target,
    baseline: blank(v.baseline) ? null : v.baseline,
    paliers: paliers ? v.paliers : [],
  };
}

const schema = sentAs(indicatorInputSchema, sent);

const empty = (actionId: number): IndicatorInput => ({
  actionId,
  label: '',
  kind: 'result',
  unit: 'count',
  source: 'cpam',
  direction: 'higher',
  payment: 'paliers',
  amountCents: '',
  target: '',
  baseline: '',
  baselineOn: '',
  paliers: [
    { label: 'socle', threshold: '', amountCents: '' },
    { label: 'intermédiaire', threshold: '', amountCents: '' },
    { label: 'objectif', threshold: '', amountCents: '' },
  ],
});

const PALIER_CELLS = [
  ['label', 'Nom du palier', ''],
  ['threshold', 'Seuil du palier', 'input-rate'],
  ['amountCents', 'Montant du palier', 'input-money'],
] as const;

/** The paliers, bound to `paliers`: each cell's message (the form's or the API's) under it, the cell marked invalid. */
function PaliersField({ control, idPrefix, direction }: { control: IndicatorControl; idPrefix: string; direction: string }) {
  const { field, fieldState } = useController({ control, name: 'paliers' });
  const paliers: PalierInput[] = Array.isArray(field.value) ? field.value : [];
  const error = fieldState.error as Record<string, unknown> | undefined;
  const listError = messageOf(error?.root) ?? (typeof error?.message === 'string' ? error.message : undefined);
  const set = (i: number, patch: Partial<PalierInput>) => field.onChange(paliers.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <fieldset className="paliers-editor">
      <legend className="label-like">Paliers</legend>
      <p className="hint">
        Chaque palier est atteint quand la valeur est {direction === 'higher' ? 'au moins égale' : 'au plus égale'} à son seuil ; le meilleur palier atteint est payé. La cible
        est le seuil du dernier palier.
      </p>
      {listError && (
        <div className="field-error" role="alert">
          {listError}
        </div>
      )}
      <table className="table compact paliers-table">
        <thead>
          <tr>
            <th>Palier</th>
            <th>Seuil ({direction === 'higher' ? '≥' : '≤'})</th>
            <th>Montant (€)</th>
            <HiddenHeader>Retirer</HiddenHeader>
          </tr>
        </thead>
        <tbody>
          {paliers.map((p, i) => (
            <tr key={i}>
              {PALIER_CELLS.map(([key, label, className]) => {
                const id = `${idPrefix}-palier-${i}-${key}`;
                const message = messageOf((error?.[String(i)] as Record<string, unknown> | undefined)?.[key]);
                const value = p[key];
                return (
                  <td key={key}>
                    <input
                      id={id}
                      aria-label={`${label} ${i + 1}`}
                      className={className || undefined}
                      inputMode={key === 'label' ? undefined : 'decimal'}
                      value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''}
                      onChange={(e) => set(i, { [key]: e.target.value })}
                      onBlur={field.onBlur}
                      {...invalidProps(id, message)}
                    />
                    <FieldError id={id} text={message} />
                  </td>
                );
              })}
              <td>
                <button type="button" className="button small" aria-label={`Retirer le palier ${i + 1}`} onClick={() => field.onChange(paliers.filter((_, j) => j !== i))}>
                  Retirer
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {paliers.length < 10 && (
        <button type="button" className="button small" onClick={() => field.onChange([...paliers, { label: '', threshold: '', amountCents: '' }])}>
          Ajouter un palier
        </button>
      )}
    </fieldset>
  );
}

function Options<T extends string>({ options, labels }: { options: readonly T[]; labels: Record<T, string> }) {
  return options.map((o) => (
    <option key={o} value={o}>
      {labels[o]}
    </option>
  ));
}

export function AddIndicatorForm({ actionId, actionLabel, onDone }: { actionId: number; actionLabel: string; onDone: () => void }) {
  const add = useApiMutation('annex.addIndicator');
  const { control, errors, submit } = useApiForm(schema, empty(actionId), [
    'label',
    'kind',
    'unit',
    'source',
    'direction',
    'payment',
    'amountCents',
    'target',
    'baseline',
    'baselineOn',
    'paliers',
  ]);
  const [unit, payment, direction] = useWatch({ control, name: ['unit', 'payment', 'direction'] });
  const id = (k: string) => `ind-${actionId}-${k}`;
  const paliers = payment === 'paliers';
  const needsTarget = payment === 'linear' || (payment === 'all_or_nothing' && unit !== 'yesno');
  const hint = UNIT_HINTS[unit as IndicatorUnit];

  // The typed values (a measure's parsing is not idempotent: the API parses them itself).
  const onSubmit = submit(async (_values, input) => {
    await add.mutateAsync(sent(input));
    onDone();
    return 'Indicateur ajouté.';
  });

  return (
    <form className="annex-form" onSubmit={onSubmit} noValidate aria-label={`Nouvel indicateur : ${actionLabel}`}>
      <div className="annex-form-title">Nouvel indicateur — {actionLabel}</div>
      <BoundTextField control={control} name="label" label="Intitulé de l’indicateur" id={id('label')} />
      <div className="grid-5">
        <BoundSelectField control={control} name="kind" label="Type" id={id('kind')}>
          <Options options={INDICATOR_KINDS} labels={KIND_LABELS} />
        </BoundSelectField>
        <BoundSelectField control={control} name="unit" label="Unité" id={id('unit')}>
          <Options options={INDICATOR_UNITS} labels={UNIT_LABELS} />
        </BoundSelectField>
        <BoundSelectField control={control} name="source" label="Source" id={id('source')}>
          <Options options={['cpam', 'cpts'] as const} labels={SOURCE_LABELS} />
        </BoundSelectField>
        <BoundSelectField control={control} name="direction" label="Sens" id={id('direction')}>
          <Options options={['higher', 'lower'] as const} labels={DIRECTION_LABELS} />
        </BoundSelectField>
        <BoundSelectField control={control} name="payment" label="Rémunération" id={id('payment')}>
          <Options options={INDICATOR_PAYMENTS} labels={PAYMENT_LABELS} />
        </BoundSelectField>
      </div>
      <div className="grid-4">
        <BoundTextField control={control} name="baseline" label="Valeur initiale" id={id('baseline')} hint={hint} />
        <BoundTextField control={control} name="baselineOn" label="Date de la valeur initiale" id={id('baselineOn')} type="date" />
        {!paliers && (
          <>
            <BoundMoneyField control={control} name="amountCents" label="Montant (€)" id={id('amount')} hint="ex. 5 000,00" />
            <BoundTextField control={control} name="target" label="Cible" id={id('target')} hint={needsTarget ? hint : 'facultative (oui attendu)'} />
          </>
        )}
      </div>
      {paliers && <PaliersField control={control} idPrefix={id('p')} direction={direction} />}
      <FormMessage errors={errors} refused="L’indicateur n’a pas été ajouté" />
      <FormActions busy={add.isPending} submit="Ajouter l’indicateur" onCancel={onDone} />
    </form>
  );
}
