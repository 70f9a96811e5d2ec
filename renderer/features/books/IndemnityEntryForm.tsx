// One time entry of the register typed on screen: professional, date, mission, hours, nature,
// hourly rate or amount. As it is typed, the form says where the professional's civil year would
// stand against the PASS (shared/domain/pass.ts, the API's own rule): a warning from 80 %, and
// past the ceiling a confirmation box the API requires (confirmOverCeiling) before it records the
// entry, flagged.
import { useController, useWatch, type Control } from 'react-hook-form';
import type { z } from 'zod';
import type { ContractDetail } from '../../../shared/api';
import type { IndemnitiesView } from '../../../shared/booksViews';
import { entryAmountCents, INDEMNITY_KIND_LABELS } from '../../../shared/domain/indemnities';
import { ceilingCheck, type CeilingCheck } from '../../../shared/domain/pass';
import { formatEuros } from '../../../shared/money';
import { hoursCentiOf, indemnityEntrySchema, INDEMNITY_KINDS } from '../../../shared/schemas/books';
import { useApiMutation } from '../../api/hooks';
import { BoundMoneyField, BoundSelectField, BoundTextField, emptyAsNull, useApiForm } from '../../components/apiForm';
import { FormActions, MissionOptions, StatusMessage } from '../../components/form';
import { FormMessage } from '../../components/money';
import { date } from '../../i18n/format';
import { percent } from './labels';

type EntryInput = z.input<typeof indemnityEntrySchema>;
type EntryOutput = z.output<typeof indemnityEntrySchema>;

interface Projection {
  name: string;
  year: number;
  amountCents: number;
  totalCents: number;
  check: CeilingCheck;
}

/** Where the professional's civil year would stand with the entry being typed; null while it is incomplete. */
export function projectEntry(view: IndemnitiesView, values: Partial<EntryInput>): Projection | null {
  const parsed = indemnityEntrySchema.safeParse({ ...values, confirmOverCeiling: false });
  if (!parsed.success) return null;
  const e = parsed.data;
  const pro = view.professionals.find((p) => p.id === e.professionalId);
  const amountCents = entryAmountCents(hoursCentiOf(e.hours), e.rateCents, e.amountCents);
  if (!pro || amountCents === null) return null;
  const year = Number(e.workedOn.slice(0, 4));
  const already = view.perProfessional.find((p) => p.professionalId === pro.id && p.year === year)?.totalCents ?? 0;
  const totalCents = already + amountCents;
  return { name: pro.name, year, amountCents, totalCents, check: ceilingCheck(pro.name, year, totalCents) };
}

function ConfirmOverCeiling({ control }: { control: Control<EntryInput, unknown, EntryOutput> }) {
  const { field } = useController({ control, name: 'confirmOverCeiling' });
  return (
    <label className="checkbox">
      <input type="checkbox" name={field.name} checked={field.value === true} onChange={(e) => field.onChange(e.target.checked)} ref={field.ref} /> Je confirme cette saisie au-delà du
      plafond annuel de la sécurité sociale (elle restera signalée).
    </label>
  );
}

function CeilingProjection({ control, view }: { control: Control<EntryInput, unknown, EntryOutput>; view: IndemnitiesView }) {
  const values = useWatch({ control }) as Partial<EntryInput>;
  const p = projectEntry(view, values);
  if (!p) return null;
  const share = p.check.share === null ? '' : ` (${percent(p.check.share)} du PASS)`;
  return (
    <div aria-live="polite">
      <p className="muted" data-testid="indemnity-projection">
        Montant de la saisie : {formatEuros(p.amountCents)} ; total {p.year} de {p.name} avec elle : {formatEuros(p.totalCents)}
        {share}.
      </p>
      {p.check.message && (
        <div className={p.check.level === 'over' ? 'error-box' : 'warn-box'} role="note" aria-label="Plafond annuel de la sécurité sociale">
          {p.check.message}
        </div>
      )}
      {p.check.level === 'over' && <ConfirmOverCeiling control={control} />}
    </div>
  );
}

export function AddIndemnityEntry({ contract, view, today }: { contract: ContractDetail; view: IndemnitiesView; today: string }) {
  const add = useApiMutation('indemnities.addEntry');
  const empty = (professionalId?: number): EntryInput => ({
    contractId: contract.id,
    professionalId: professionalId ?? view.professionals[0]?.id ?? 0,
    workedOn: today,
    mission: null,
    hours: '',
    kind: 'indemnite',
    rateCents: '',
    amountCents: '',
    confirmOverCeiling: false,
  });
  const { form, control, errors, saved, submit } = useApiForm(indemnityEntrySchema, empty(), ['professionalId', 'workedOn', 'mission', 'hours', 'kind', 'rateCents', 'amountCents']);

  const onSubmit = submit(async (values) => {
    const r = await add.mutateAsync(values);
    form.reset(empty(values.professionalId));
    const pro = view.professionals.find((p) => p.id === values.professionalId)?.name ?? '';
    const what = `${INDEMNITY_KIND_LABELS[values.kind]} de ${formatEuros(r.amountCents)} enregistrée pour ${pro} le ${date(values.workedOn)}`;
    return r.warning ? `${what}. Attention : ${r.warning}` : `${what}.`;
  });

  if (view.professionals.length === 0) return <p className="muted">Inscrivez d’abord un professionnel pour saisir son temps.</p>;
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Nouvelle saisie de temps">
      <fieldset>
        <legend>Saisir du temps</legend>
        <div className="grid-3">
          <BoundSelectField control={control} name="professionalId" label="Professionnel" id="ind-pro" parse={Number}>
            {view.professionals.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.profession})
              </option>
            ))}
          </BoundSelectField>
          <BoundTextField control={control} name="workedOn" label="Date" id="ind-date" type="date" />
          <BoundSelectField control={control} name="mission" label="Mission ou fonctionnement" id="ind-mission" parse={emptyAsNull}>
            <option value="">Fonctionnement</option>
            <MissionOptions missions={contract.missions} />
          </BoundSelectField>
          <BoundTextField control={control} name="hours" label="Heures" id="ind-hours" inputMode="decimal" hint="ex. 2,5" />
          <BoundSelectField control={control} name="kind" label="Nature" id="ind-kind">
            {INDEMNITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {INDEMNITY_KIND_LABELS[k]}
              </option>
            ))}
          </BoundSelectField>
          <BoundMoneyField control={control} name="rateCents" label="Taux horaire (€)" id="ind-rate" hint="ou le montant" />
          <BoundMoneyField control={control} name="amountCents" label="Montant (€)" id="ind-amount" hint="sinon heures × taux" />
        </div>
        <CeilingProjection control={control} view={view} />
        <FormMessage errors={errors} refused="La saisie n’a pas été enregistrée" />
        <StatusMessage message={saved} />
        <FormActions busy={add.isPending} submit="Enregistrer la saisie" />
      </fieldset>
    </form>
  );
}
