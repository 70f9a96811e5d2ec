// Forms of the yearly annex: add an action, a livrable, an indicator (AddIndicatorForm.tsx, with
// its paliers), and record a measured value. Each validates with the API's own zod schema through
// react-hook-form (useApiForm): the form refuses with the API's French messages, what only the API
// can check comes back on the same field, and nothing is written on bad input.
import type { z } from 'zod';
import { UNIT_LABELS } from '../../../shared/domain/indicators';
import { MISSION_LABELS, type MissionCode } from '../../../shared/domain/missions';
import type { IndicatorRow } from '../../../shared/indicatorViews';
import { actionInputSchema, livrableInputSchema, valueInputSchema } from '../../../shared/schemas/indicators';
import { useApiMutation } from '../../api/hooks';
import { BoundCheckbox, BoundSelectField, BoundTextField, useApiForm } from '../../components/apiForm';
import { FormActions, StatusMessage, YesNoOptions } from '../../components/form';
import { FormMessage } from '../../components/money';
import { UNIT_HINTS } from './shared';

export { AddIndicatorForm } from './AddIndicatorForm';

export function AddActionForm({ contractId, year, mission, onDone }: { contractId: number; year: number; mission: MissionCode; onDone: () => void }) {
  const add = useApiMutation('annex.addAction');
  const { control, errors, submit } = useApiForm(actionInputSchema, { contractId, year, mission, label: '', carriedOver: false }, ['label', 'carriedOver']);
  const id = `action-${mission}`;
  const onSubmit = submit(async (values) => {
    await add.mutateAsync(values);
    onDone();
    return 'Action ajoutée.';
  });
  return (
    <form className="annex-form" onSubmit={onSubmit} noValidate aria-label={`Nouvelle action : ${MISSION_LABELS[mission]}`}>
      <div className="annex-form-title">Nouvelle action — {MISSION_LABELS[mission]}</div>
      <div className="inline-fields">
        <BoundTextField control={control} name="label" label="Intitulé de l’action" id={`${id}-label`} className="input-wide" />
        <BoundCheckbox control={control} name="carriedOver" label="Reportée de l’année précédente" className="checkbox field-submit" />
      </div>
      <FormMessage errors={errors} refused="L’action n’a pas été ajoutée" />
      <FormActions busy={add.isPending} submit="Ajouter l’action" onCancel={onDone} />
    </form>
  );
}

export function AddLivrableForm({ actionId, actionLabel, onDone }: { actionId: number; actionLabel: string; onDone: () => void }) {
  const add = useApiMutation('annex.addLivrable');
  const { control, errors, submit } = useApiForm(livrableInputSchema, { actionId, label: '' }, ['label']);
  const onSubmit = submit(async (values) => {
    await add.mutateAsync(values);
    onDone();
    return 'Livrable ajouté.';
  });
  return (
    <form className="annex-form" onSubmit={onSubmit} noValidate aria-label={`Nouveau livrable : ${actionLabel}`}>
      <div className="inline-fields">
        <BoundTextField
          control={control}
          name="label"
          label="Livrable attendu"
          id={`livrable-new-${actionId}`}
          hint="ex. feuilles d’émargement, compte rendu, requête CPAM"
          className="input-wide"
        />
        <div className="field field-submit">
          <FormActions busy={add.isPending} submit="Ajouter le livrable" onCancel={onDone} />
        </div>
      </div>
      <FormMessage errors={errors} refused="Le livrable n’a pas été ajouté" />
    </form>
  );
}

type ValueInput = z.input<typeof valueInputSchema>;

/** The API's schema, plus what the form knows of the indicator: « oui »/« non » only for a yes/no one (the API reads the unit itself). */
function valueSchemaFor(row: IndicatorRow) {
  return valueInputSchema.superRefine((v, ctx) => {
    if (row.unit !== 'yesno' && typeof v.value === 'object' && v.value !== null) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `Valeur mesurée : nombre attendu pour cet indicateur (${UNIT_LABELS[row.unit]}), pas oui/non.` });
    }
  });
}

export function RecordValueForm({ row, defaultDate }: { row: IndicatorRow; defaultDate: string }) {
  const record = useApiMutation('indicator.recordValue');
  const empty = (): ValueInput => ({ indicatorId: row.id, value: '', measuredOn: defaultDate, comment: '' });
  const { form, control, errors, saved, submit } = useApiForm(valueSchemaFor(row), empty(), ['value', 'measuredOn', 'comment']);
  const id = (k: string) => `value-${row.id}-${k}`;
  // The typed value: the API parses the measure itself (its parsing is not idempotent).
  const onSubmit = submit(async (_values, input) => {
    await record.mutateAsync(input);
    form.reset(empty());
    return `Valeur ${String(input.value)} enregistrée.`;
  });
  const valueField = { control, name: 'value' as const, label: 'Valeur mesurée', id: id('value'), hint: UNIT_HINTS[row.unit] };
  return (
    <form className="value-form" onSubmit={onSubmit} noValidate aria-label={`Saisir une valeur : ${row.label}`}>
      <h4>Saisir une valeur</h4>
      <div className="inline-fields">
        {row.unit === 'yesno' ? (
          <BoundSelectField {...valueField}>
            <YesNoOptions />
          </BoundSelectField>
        ) : (
          <BoundTextField {...valueField} className="input-rate" inputMode="decimal" />
        )}
        <BoundTextField control={control} name="measuredOn" label="Date de la mesure" id={id('date')} type="date" />
        <BoundTextField control={control} name="comment" label="Commentaire" id={id('comment')} placeholder="ex. requête CPAM du 15/10" />
      </div>
      <FormMessage errors={errors} refused="La valeur n’a pas été enregistrée" />
      <StatusMessage message={saved} className="ok-text small" />
      <FormActions busy={record.isPending} submit="Enregistrer la valeur" small />
    </form>
  );
}
