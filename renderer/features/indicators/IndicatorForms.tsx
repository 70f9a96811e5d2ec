// Forms of the yearly annex: add an action, a livrable, an indicator (with its paliers), and
// record a measured value. Every message comes from the API (the same zod schemas) and lands next
// to its field; nothing is written on bad input.
import { useState, type FormEvent } from 'react';
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
import { useApiMutation } from '../../api/hooks';
import { Field } from '../../components/ui';
import { FormMessage, NO_ERRORS, fieldError, formErrors, invalidProps, type FormErrors } from '../../components/money';
import { DIRECTION_LABELS, KIND_LABELS, SOURCE_LABELS, UNIT_HINTS } from './shared';

function Actions({ busy, submit, onCancel }: { busy: boolean; submit: string; onCancel?: () => void }) {
  return (
    <div className="form-actions">
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Enregistrement…' : submit}
      </button>
      {onCancel && (
        <button type="button" className="button" onClick={onCancel}>
          Annuler
        </button>
      )}
    </div>
  );
}

export function AddActionForm({ contractId, year, mission, onDone }: { contractId: number; year: number; mission: MissionCode; onDone: () => void }) {
  const add = useApiMutation('annex.addAction');
  const [label, setLabel] = useState('');
  const [carriedOver, setCarriedOver] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const err = (k: string) => fieldError(errors, k);
  const id = `action-${mission}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await add.mutateAsync({ contractId, year, mission, label, carriedOver });
      onDone();
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  return (
    <form className="annex-form" onSubmit={submit} noValidate aria-label={`Nouvelle action : ${MISSION_LABELS[mission]}`}>
      <div className="annex-form-title">Nouvelle action — {MISSION_LABELS[mission]}</div>
      <div className="inline-fields">
        <Field label="Intitulé de l’action" name={`${id}-label`} error={err('label')}>
          <input id={`${id}-label`} className="input-wide" value={label} onChange={(e) => setLabel(e.target.value)} {...invalidProps(`${id}-label`, err('label'))} />
        </Field>
        <label className="checkbox field-submit">
          <input type="checkbox" checked={carriedOver} onChange={(e) => setCarriedOver(e.target.checked)} /> Reportée de l’année précédente
        </label>
      </div>
      <FormMessage errors={errors} refused="L’action n’a pas été ajoutée" />
      <Actions busy={add.isPending} submit="Ajouter l’action" onCancel={onDone} />
    </form>
  );
}

export function AddLivrableForm({ actionId, actionLabel, onDone }: { actionId: number; actionLabel: string; onDone: () => void }) {
  const add = useApiMutation('annex.addLivrable');
  const [label, setLabel] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const id = `livrable-new-${actionId}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await add.mutateAsync({ actionId, label });
      onDone();
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  return (
    <form className="annex-form" onSubmit={submit} noValidate aria-label={`Nouveau livrable : ${actionLabel}`}>
      <div className="inline-fields">
        <Field label="Livrable attendu" name={id} error={fieldError(errors, 'label')} hint="ex. feuilles d’émargement, compte rendu, requête CPAM">
          <input id={id} className="input-wide" value={label} onChange={(e) => setLabel(e.target.value)} {...invalidProps(id, fieldError(errors, 'label'))} />
        </Field>
        <div className="field field-submit">
          <Actions busy={add.isPending} submit="Ajouter le livrable" onCancel={onDone} />
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
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const err = (k: string) => fieldError(errors, k);
  const set = <K extends keyof IndicatorState>(k: K, v: IndicatorState[K]) => setF((s) => ({ ...s, [k]: v }));
  const setPalier = (i: number, patch: Partial<PalierState>) => setF((s) => ({ ...s, paliers: s.paliers.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));
  const id = (k: string) => `ind-${actionId}-${k}`;
  const paliers = f.payment === 'paliers';
  const needsTarget = f.payment === 'linear' || (f.payment === 'all_or_nothing' && f.unit !== 'yesno');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
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
    } catch (error) {
      setErrors(formErrors(error));
    }
  };

  const select = <K extends 'kind' | 'unit' | 'source' | 'direction' | 'payment'>(k: K, label: string, options: readonly IndicatorState[K][], labels: Record<string, string>) => (
    <Field label={label} name={id(k)} error={err(k)}>
      <select id={id(k)} value={f[k]} onChange={(e) => set(k, e.target.value as IndicatorState[K])} {...invalidProps(id(k), err(k))}>
        {options.map((o) => (
          <option key={o} value={o}>
            {labels[o]}
          </option>
        ))}
      </select>
    </Field>
  );

  return (
    <form className="annex-form" onSubmit={submit} noValidate aria-label={`Nouvel indicateur : ${actionLabel}`}>
      <div className="annex-form-title">Nouvel indicateur — {actionLabel}</div>
      <Field label="Intitulé de l’indicateur" name={id('label')} error={err('label')}>
        <input id={id('label')} value={f.label} onChange={(e) => set('label', e.target.value)} {...invalidProps(id('label'), err('label'))} />
      </Field>
      <div className="grid-5">
        {select('kind', 'Type', INDICATOR_KINDS, KIND_LABELS)}
        {select('unit', 'Unité', INDICATOR_UNITS, UNIT_LABELS)}
        {select('source', 'Source', ['cpam', 'cpts'] as const, SOURCE_LABELS)}
        {select('direction', 'Sens', ['higher', 'lower'] as const, DIRECTION_LABELS)}
        {select('payment', 'Rémunération', INDICATOR_PAYMENTS, PAYMENT_LABELS)}
      </div>
      <div className="grid-4">
        <Field label="Valeur initiale" name={id('baseline')} error={err('baseline')} hint={UNIT_HINTS[f.unit]}>
          <input id={id('baseline')} value={f.baseline} onChange={(e) => set('baseline', e.target.value)} {...invalidProps(id('baseline'), err('baseline'))} />
        </Field>
        <Field label="Date de la valeur initiale" name={id('baselineOn')} error={err('baselineOn')}>
          <input id={id('baselineOn')} type="date" value={f.baselineOn} onChange={(e) => set('baselineOn', e.target.value)} {...invalidProps(id('baselineOn'), err('baselineOn'))} />
        </Field>
        {!paliers && (
          <>
            <Field label="Montant (€)" name={id('amount')} error={err('amountCents')} hint="ex. 5 000,00">
              <input id={id('amount')} inputMode="decimal" className="input-money" value={f.amount} onChange={(e) => set('amount', e.target.value)} {...invalidProps(id('amount'), err('amountCents'))} />
            </Field>
            <Field label="Cible" name={id('target')} error={err('target')} hint={needsTarget ? UNIT_HINTS[f.unit] : 'facultative (oui attendu)'}>
              <input id={id('target')} value={f.target} onChange={(e) => set('target', e.target.value)} {...invalidProps(id('target'), err('target'))} />
            </Field>
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
                <th>
                  <span className="visually-hidden">Retirer</span>
                </th>
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
      <Actions busy={add.isPending} submit="Ajouter l’indicateur" onCancel={onDone} />
    </form>
  );
}

export function RecordValueForm({ row, defaultDate }: { row: IndicatorRow; defaultDate: string }) {
  const record = useApiMutation('indicator.recordValue');
  const empty = () => ({ value: '', measuredOn: defaultDate, comment: '' });
  const [f, setF] = useState(empty);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = useState<string | null>(null);
  const err = (k: string) => fieldError(errors, k);
  const id = (k: string) => `value-${row.id}-${k}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    // The API reads "oui" as 1: refuse it here for a number or a percentage.
    if (row.unit !== 'yesno' && /^\s*(oui|non)\s*$/i.test(f.value)) {
      const message = `Valeur mesurée : nombre attendu pour cet indicateur (${UNIT_LABELS[row.unit]}), pas oui/non.`;
      setErrors({ message, fields: { value: message } });
      return;
    }
    try {
      await record.mutateAsync({ indicatorId: row.id, value: f.value, measuredOn: f.measuredOn, comment: f.comment });
      setErrors(NO_ERRORS);
      setSaved(`Valeur ${f.value} enregistrée.`);
      setF(empty());
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  return (
    <form className="value-form" onSubmit={submit} noValidate aria-label={`Saisir une valeur : ${row.label}`}>
      <h4>Saisir une valeur</h4>
      <div className="inline-fields">
        <Field label="Valeur mesurée" name={id('value')} error={err('value')} hint={UNIT_HINTS[row.unit]}>
          {row.unit === 'yesno' ? (
            <select id={id('value')} value={f.value} onChange={(e) => setF((s) => ({ ...s, value: e.target.value }))} {...invalidProps(id('value'), err('value'))}>
              <option value="">—</option>
              <option value="oui">oui</option>
              <option value="non">non</option>
            </select>
          ) : (
            <input
              id={id('value')}
              className="input-rate"
              inputMode="decimal"
              value={f.value}
              onChange={(e) => setF((s) => ({ ...s, value: e.target.value }))}
              {...invalidProps(id('value'), err('value'))}
            />
          )}
        </Field>
        <Field label="Date de la mesure" name={id('date')} error={err('measuredOn')}>
          <input id={id('date')} type="date" value={f.measuredOn} onChange={(e) => setF((s) => ({ ...s, measuredOn: e.target.value }))} {...invalidProps(id('date'), err('measuredOn'))} />
        </Field>
        <Field label="Commentaire" name={id('comment')} error={err('comment')}>
          <input id={id('comment')} value={f.comment} placeholder="ex. requête CPAM du 15/10" onChange={(e) => setF((s) => ({ ...s, comment: e.target.value }))} {...invalidProps(id('comment'), err('comment'))} />
        </Field>
      </div>
      <FormMessage errors={errors} refused="La valeur n’a pas été enregistrée" />
      {saved && (
        <div className="ok-text small" role="status">
          {saved}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary small" disabled={record.isPending}>
          {record.isPending ? 'Enregistrement…' : 'Enregistrer la valeur'}
        </button>
      </div>
    </form>
  );
}
