// Forms of the yearly annex: add an action, a livrable, an indicator (with its paliers), and
// record a measured value. Every message comes from the API (the same zod schemas) and lands next
// to its field; nothing is written on bad input.
import { useState } from 'react';
import {
  INDICATOR_KINDS,
  INDICATOR_PAYMENTS,
  INDICATOR_UNITS,
  PAYMENT_LABELS,
  UNIT_LABELS,
  type Direction,
  type IndicatorKind,
  type IndicatorPayment,
  type IndicatorUnit,
} from '../../../shared/domain/indicators';
import { MISSION_LABELS, type MissionCode } from '../../../shared/domain/missions';
import type { IndicatorRow } from '../../../shared/indicatorViews';
import { ApiFailure } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import { HiddenHeader } from '../../components/ui';
import { FormActions, MoneyField, SelectField, StatusMessage, TextField, YesNoOptions, useFormErrors, useFormWrite } from '../../components/form';
import { FormMessage } from '../../components/money';
import { DIRECTION_LABELS, KIND_LABELS, SOURCE_LABELS, UNIT_HINTS } from './shared';

export function AddActionForm({ contractId, year, mission, onDone }: { contractId: number; year: number; mission: MissionCode; onDone: () => void }) {
  const add = useApiMutation('annex.addAction');
  const [label, setLabel] = useState('');
  const [carriedOver, setCarriedOver] = useState(false);
  const { errors, err, submit } = useFormErrors();
  const id = `action-${mission}`;
  const onSubmit = submit(async () => {
    await add.mutateAsync({ contractId, year, mission, label, carriedOver });
    onDone();
  });
  return (
    <form className="annex-form" onSubmit={onSubmit} noValidate aria-label={`Nouvelle action : ${MISSION_LABELS[mission]}`}>
      <div className="annex-form-title">Nouvelle action — {MISSION_LABELS[mission]}</div>
      <div className="inline-fields">
        <TextField label="Intitulé de l’action" id={`${id}-label`} error={err('label')} className="input-wide" value={label} onChange={setLabel} />
        <label className="checkbox field-submit">
          <input type="checkbox" checked={carriedOver} onChange={(e) => setCarriedOver(e.target.checked)} /> Reportée de l’année précédente
        </label>
      </div>
      <FormMessage errors={errors} refused="L’action n’a pas été ajoutée" />
      <FormActions busy={add.isPending} submit="Ajouter l’action" onCancel={onDone} />
    </form>
  );
}

export function AddLivrableForm({ actionId, actionLabel, onDone }: { actionId: number; actionLabel: string; onDone: () => void }) {
  const add = useApiMutation('annex.addLivrable');
  const [label, setLabel] = useState('');
  const { errors, err, submit } = useFormErrors();
  const id = `livrable-new-${actionId}`;
  const onSubmit = submit(async () => {
    await add.mutateAsync({ actionId, label });
    onDone();
  });
  return (
    <form className="annex-form" onSubmit={onSubmit} noValidate aria-label={`Nouveau livrable : ${actionLabel}`}>
      <div className="inline-fields">
        <TextField label="Livrable attendu" id={id} error={err('label')} hint="ex. feuilles d’émargement, compte rendu, requête CPAM" className="input-wide" value={label} onChange={setLabel} />
        <div className="field field-submit">
          <FormActions busy={add.isPending} submit="Ajouter le livrable" onCancel={onDone} />
        </div>
      </div>
      <FormMessage errors={errors} refused="Le livrable n’a pas été ajouté" />
    </form>
  );
}

interface PalierState {
  label: string;
  threshold: string;
  amount: string;
}

interface IndicatorState {
  label: string;
  kind: IndicatorKind;
  unit: IndicatorUnit;
  source: 'cpam' | 'cpts';
  direction: Direction;
  payment: IndicatorPayment;
  amount: string;
  target: string;
  baseline: string;
  baselineOn: string;
  paliers: PalierState[];
}

const EMPTY_INDICATOR: IndicatorState = {
  label: '',
  kind: 'result',
  unit: 'count',
  source: 'cpam',
  direction: 'higher',
  payment: 'paliers',
  amount: '',
  target: '',
  baseline: '',
  baselineOn: '',
  paliers: [
    { label: 'socle', threshold: '', amount: '' },
    { label: 'intermédiaire', threshold: '', amount: '' },
    { label: 'objectif', threshold: '', amount: '' },
  ],
};

export function AddIndicatorForm({ actionId, actionLabel, onDone }: { actionId: number; actionLabel: string; onDone: () => void }) {
  const add = useApiMutation('annex.addIndicator');
  const [f, setF] = useState<IndicatorState>(EMPTY_INDICATOR);
  const { errors, err, submit } = useFormErrors();
  const set = <K extends keyof IndicatorState>(k: K, v: IndicatorState[K]) => setF((s) => ({ ...s, [k]: v }));
  const setPalier = (i: number, patch: Partial<PalierState>) => setF((s) => ({ ...s, paliers: s.paliers.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));
  const id = (k: string) => `ind-${actionId}-${k}`;
  const paliers = f.payment === 'paliers';
  const needsTarget = f.payment === 'linear' || (f.payment === 'all_or_nothing' && f.unit !== 'yesno');

  const onSubmit = submit(async () => {
    await add.mutateAsync({
      actionId,
      label: f.label,
      kind: f.kind,
      unit: f.unit,
      source: f.source,
      direction: f.direction,
      payment: f.payment,
      amountCents: paliers ? 0 : f.amount,
      target: paliers || f.target.trim() === '' ? null : f.target,
      baseline: f.baseline.trim() === '' ? null : f.baseline,
      baselineOn: f.baselineOn,
      paliers: paliers ? f.paliers.map((p) => ({ label: p.label, threshold: p.threshold, amountCents: p.amount })) : [],
    });
    onDone();
  });

  const select = <K extends 'kind' | 'unit' | 'source' | 'direction' | 'payment'>(k: K, label: string, options: readonly IndicatorState[K][], labels: Record<string, string>) => (
    <SelectField label={label} id={id(k)} error={err(k)} value={f[k]} onChange={(v) => set(k, v as IndicatorState[K])}>
      {options.map((o) => (
        <option key={o} value={o}>
          {labels[o]}
        </option>
      ))}
    </SelectField>
  );

  return (
    <form className="annex-form" onSubmit={onSubmit} noValidate aria-label={`Nouvel indicateur : ${actionLabel}`}>
      <div className="annex-form-title">Nouvel indicateur — {actionLabel}</div>
      <TextField label="Intitulé de l’indicateur" id={id('label')} error={err('label')} value={f.label} onChange={(v) => set('label', v)} />
      <div className="grid-5">
        {select('kind', 'Type', INDICATOR_KINDS, KIND_LABELS)}
        {select('unit', 'Unité', INDICATOR_UNITS, UNIT_LABELS)}
        {select('source', 'Source', ['cpam', 'cpts'] as const, SOURCE_LABELS)}
        {select('direction', 'Sens', ['higher', 'lower'] as const, DIRECTION_LABELS)}
        {select('payment', 'Rémunération', INDICATOR_PAYMENTS, PAYMENT_LABELS)}
      </div>
      <div className="grid-4">
        <TextField label="Valeur initiale" id={id('baseline')} error={err('baseline')} hint={UNIT_HINTS[f.unit]} value={f.baseline} onChange={(v) => set('baseline', v)} />
        <TextField label="Date de la valeur initiale" id={id('baselineOn')} error={err('baselineOn')} type="date" value={f.baselineOn} onChange={(v) => set('baselineOn', v)} />
        {!paliers && (
          <>
            <MoneyField label="Montant (€)" id={id('amount')} error={err('amountCents')} hint="ex. 5 000,00" value={f.amount} onChange={(v) => set('amount', v)} />
            <TextField label="Cible" id={id('target')} error={err('target')} hint={needsTarget ? UNIT_HINTS[f.unit] : 'facultative (oui attendu)'} value={f.target} onChange={(v) => set('target', v)} />
          </>
        )}
      </div>
      {paliers && (
        <fieldset className="paliers-editor">
          <legend className="label-like">Paliers</legend>
          <p className="hint">
            Chaque palier est atteint quand la valeur est {f.direction === 'higher' ? 'au moins égale' : 'au plus égale'} à son seuil ; le meilleur palier atteint est payé. La
            cible est le seuil du dernier palier.
          </p>
          {errors.fields['paliers'] && (
            <div className="field-error" role="alert">
              {errors.fields['paliers']}
            </div>
          )}
          <table className="table compact paliers-table">
            <thead>
              <tr>
                <th>Palier</th>
                <th>Seuil ({f.direction === 'higher' ? '≥' : '≤'})</th>
                <th>Montant (€)</th>
                <HiddenHeader>Retirer</HiddenHeader>
              </tr>
            </thead>
            <tbody>
              {f.paliers.map((p, i) => {
                const e = (k: string) => errors.fields[`paliers.${i}.${k}`];
                return (
                  <tr key={i}>
                    <td>
                      <input aria-label={`Nom du palier ${i + 1}`} value={p.label} onChange={(ev) => setPalier(i, { label: ev.target.value })} aria-invalid={e('label') ? true : undefined} />
                      {e('label') && <div className="field-error">{e('label')}</div>}
                    </td>
                    <td>
                      <input
                        aria-label={`Seuil du palier ${i + 1}`}
                        className="input-rate"
                        value={p.threshold}
                        onChange={(ev) => setPalier(i, { threshold: ev.target.value })}
                        aria-invalid={e('threshold') ? true : undefined}
                      />
                      {e('threshold') && <div className="field-error">{e('threshold')}</div>}
                    </td>
                    <td>
                      <input
                        aria-label={`Montant du palier ${i + 1}`}
                        className="input-money"
                        inputMode="decimal"
                        value={p.amount}
                        onChange={(ev) => setPalier(i, { amount: ev.target.value })}
                        aria-invalid={e('amountCents') ? true : undefined}
                      />
                      {e('amountCents') && <div className="field-error">{e('amountCents')}</div>}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button small"
                        aria-label={`Retirer le palier ${i + 1}`}
                        onClick={() => setF((s) => ({ ...s, paliers: s.paliers.filter((_, j) => j !== i) }))}
                      >
                        Retirer
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {f.paliers.length < 10 && (
            <button type="button" className="button small" onClick={() => setF((s) => ({ ...s, paliers: [...s.paliers, { label: '', threshold: '', amount: '' }] }))}>
              Ajouter un palier
            </button>
          )}
        </fieldset>
      )}
      <FormMessage errors={errors} refused="L’indicateur n’a pas été ajouté" />
      <FormActions busy={add.isPending} submit="Ajouter l’indicateur" onCancel={onDone} />
    </form>
  );
}

export function RecordValueForm({ row, defaultDate }: { row: IndicatorRow; defaultDate: string }) {
  const record = useApiMutation('indicator.recordValue');
  const empty = () => ({ value: '', measuredOn: defaultDate, comment: '' });
  const [f, setF] = useState(empty);
  const { errors, saved, err, submit } = useFormWrite();
  const id = (k: string) => `value-${row.id}-${k}`;
  const valueField = { label: 'Valeur mesurée', id: id('value'), error: err('value'), hint: UNIT_HINTS[row.unit], value: f.value, onChange: (v: string) => setF((s) => ({ ...s, value: v })) };
  const onSubmit = submit(async () => {
    // The API reads "oui" as 1: refuse it here for a number or a percentage.
    if (row.unit !== 'yesno' && /^\s*(oui|non)\s*$/i.test(f.value)) {
      const message = `Valeur mesurée : nombre attendu pour cet indicateur (${UNIT_LABELS[row.unit]}), pas oui/non.`;
      throw new ApiFailure(message, { value: message });
    }
    await record.mutateAsync({ indicatorId: row.id, value: f.value, measuredOn: f.measuredOn, comment: f.comment });
    setF(empty());
    return `Valeur ${f.value} enregistrée.`;
  });
  return (
    <form className="value-form" onSubmit={onSubmit} noValidate aria-label={`Saisir une valeur : ${row.label}`}>
      <h4>Saisir une valeur</h4>
      <div className="inline-fields">
        {row.unit === 'yesno' ? (
          <SelectField {...valueField}>
            <YesNoOptions />
          </SelectField>
        ) : (
          <TextField {...valueField} className="input-rate" inputMode="decimal" />
        )}
        <TextField label="Date de la mesure" id={id('date')} error={err('measuredOn')} type="date" value={f.measuredOn} onChange={(v) => setF((s) => ({ ...s, measuredOn: v }))} />
        <TextField label="Commentaire" id={id('comment')} error={err('comment')} placeholder="ex. requête CPAM du 15/10" value={f.comment} onChange={(v) => setF((s) => ({ ...s, comment: v }))} />
      </div>
      <FormMessage errors={errors} refused="La valeur n’a pas été enregistrée" />
      <StatusMessage message={saved} className="ok-text small" />
      <FormActions busy={record.isPending} submit="Enregistrer la valeur" small />
    </form>
  );
}
