// Corrects one envelope cell (an annual amount of the contract's annex) with its reason, for all
// years or one year. Validates with the API's own schema (envelopeInputSchema) through
// react-hook-form: same French messages, server refusals on their field, focus on the first
// invalid one; after a save the form closes and the year's status message takes the focus.
import { useController, type Control } from 'react-hook-form';
import type { z } from 'zod';
import { formatEurosNumber } from '../../../shared/money';
import { envelopeInputSchema } from '../../../shared/schemas/money';
import type { EnvelopeCell } from '../../../shared/views';
import { useApiMutation } from '../../api/hooks';
import { BoundMoneyField, BoundTextField, useApiForm } from '../../components/apiForm';
import { FormMessage } from '../../components/money';

type EnvelopeInput = z.input<typeof envelopeInputSchema>;

/** « Toutes les années » (year null) or « Année N seulement », bound to the `year` field. */
function ScopeField({ control, year }: { control: Control<EnvelopeInput, unknown, z.output<typeof envelopeInputSchema>>; year: number }) {
  const { field } = useController({ control, name: 'year' });
  return (
    <fieldset className="radio-group">
      <legend className="label-like">Portée</legend>
      <label className="checkbox">
        <input type="radio" name="env-scope" checked={field.value === null} onChange={() => field.onChange(null)} /> Toutes les années
      </label>
      <label className="checkbox">
        <input type="radio" name="env-scope" checked={field.value === year} onChange={() => field.onChange(year)} /> Année {year} seulement
      </label>
    </fieldset>
  );
}

export function EnvelopeCellForm({ contractId, cell, year, onDone }: { contractId: number; cell: EnvelopeCell; year: number; onDone: (msg: string | null) => void }) {
  const save = useApiMutation('envelopes.set');
  const { control, errors, submit } = useApiForm(
    envelopeInputSchema,
    { contractId, year: null, line: cell.line, mission: cell.mission, cents: cell.cents === null ? '' : formatEurosNumber(cell.cents), reason: '' },
    ['cents', 'reason', 'year'],
  );

  const onSubmit = submit(async (values) => {
    await save.mutateAsync(values);
    const message = `${cell.label} : montant enregistré (${values.year === null ? 'toutes les années' : `année ${year} seulement`}).`;
    onDone(message);
    return message;
  });

  return (
    <form className="correction-form" onSubmit={onSubmit} noValidate aria-label={`Modifier ${cell.label}, année ${year}`}>
      <div className="correction-title">
        Modifier « {cell.label} » — montant de l’annexe du contrat
      </div>
      <div className="inline-fields">
        <BoundMoneyField control={control} name="cents" label="Montant annuel (€)" id="env-amount" />
        <BoundTextField control={control} name="reason" label="Motif" id="env-reason" hint="ex. annexe 2 du contrat, article 4" className="input-wide" />
        <ScopeField control={control} year={year} />
        <div className="field field-submit">
          <div className="form-actions tight">
            <button type="submit" className="button primary" disabled={save.isPending}>
              Enregistrer
            </button>
            <button type="button" className="button" onClick={() => onDone(null)}>
              Annuler
            </button>
          </div>
        </div>
      </div>
      <FormMessage errors={errors} refused="Le montant n’a pas été enregistré" />
    </form>
  );
}
