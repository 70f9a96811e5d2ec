// The validated attainment rate of a mission for a year. Validates with the API's own schema
// (attainmentInputSchema) through react-hook-form: same French messages, server refusals on their
// field, focus on the first invalid one or on the saved message. A cell of the échéancier can ask
// for a rate (`request`): the form takes its year and mission and puts the focus on the rate.
import { useEffect } from 'react';
import type { ContractDetail } from '../../../shared/api';
import { MISSION_CODES, MISSION_LABELS, type MissionCode } from '../../../shared/domain/missions';
import { attainmentInputSchema } from '../../../shared/schemas/money';
import { useApiMutation } from '../../api/hooks';
import { BoundSelectField, BoundTextField, useApiForm } from '../../components/apiForm';
import { MissionOptions, StatusMessage, SubmitButton, YearOptions } from '../../components/form';
import { FormMessage } from '../../components/money';

/** A request to enter the rate of `mission` for `year`; `n` tells two identical requests apart. */
export interface RateRequest {
  year: number;
  mission: MissionCode;
  n: number;
}

export function AttainmentForm({ contract, request }: { contract: ContractDetail; request: RateRequest | null }) {
  const save = useApiMutation('attainment.set');
  const { form, control, errors, saved, submit } = useApiForm(
    attainmentInputSchema,
    { contractId: contract.id, year: 1, mission: contract.missions[0]?.code ?? MISSION_CODES[0], ratePercent: '', comment: '' },
    ['year', 'mission', 'ratePercent', 'comment'],
  );

  useEffect(() => {
    if (!request) return;
    form.setValue('year', request.year);
    form.setValue('mission', request.mission);
    document.getElementById('att-rate')?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    document.getElementById('att-rate')?.focus({ preventScroll: true });
  }, [request, form]);

  // The typed rate: the API scales it itself (its parsing is not idempotent).
  const onSubmit = submit(async (values, input) => {
    await save.mutateAsync(input);
    form.reset({ ...input, ratePercent: '', comment: '' });
    return `Taux de ${String(input.ratePercent)} % enregistré pour « ${MISSION_LABELS[values.mission]} », année ${values.year}.`;
  });

  return (
    <section aria-labelledby="taux-titre" className="panel">
      <h2 id="taux-titre">Taux d’atteinte validés</h2>
      <p className="muted">
        Le taux validé en dialogue de gestion fixe la part variable d’une mission pour une année. Un nouveau taux remplace le précédent ;
        l’échéancier est recalculé.
      </p>
      <form className="inline-form" onSubmit={onSubmit} noValidate aria-label="Taux d’atteinte validé">
        <BoundSelectField control={control} name="year" label="Année" id="att-year" parse={Number}>
          <YearOptions />
        </BoundSelectField>
        <BoundSelectField control={control} name="mission" label="Mission" id="att-mission">
          <MissionOptions missions={contract.missions} />
        </BoundSelectField>
        <BoundTextField control={control} name="ratePercent" label="Taux d'atteinte validé (%)" id="att-rate" inputMode="decimal" placeholder="ex. 75" className="input-rate" />
        <BoundTextField control={control} name="comment" label="Commentaire" id="att-comment" className="input-wide" placeholder="ex. compte rendu du dialogue du 12/06" />
        <div className="field field-submit">
          <SubmitButton busy={save.isPending}>Enregistrer le taux</SubmitButton>
        </div>
        <div className="form-wide">
          <FormMessage errors={errors} refused="Le taux n’a pas été enregistré" />
          <StatusMessage message={saved} />
        </div>
      </form>
    </section>
  );
}
