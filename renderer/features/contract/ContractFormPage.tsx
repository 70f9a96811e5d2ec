// Create or edit a contract. The form validates with the very schema the API checks
// (contractInputSchema, through react-hook-form, plus the latest signature date that depends on
// "today"), then the API checks again; every message lands next to its field, focus goes to the
// first invalid one, and nothing is written on bad input.
import { useEffect, useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useController, useWatch, type Control, type UseFormReturn } from 'react-hook-form';
import {
  contractInputSchema,
  CONTRACT_STATUSES,
  CONTRACT_STATUS_LABELS,
  ALWAYS_SOCLE,
  EARLIEST_SIGNATURE,
  latestSignature,
  signatureTooLate,
  type ContractData,
  type ContractInput,
} from '../../../shared/schemas/contract';
import type { ContractDetail } from '../../../shared/api';
import { compareIso, isIsoDate } from '../../../shared/dates';
import { MISSION_CODES } from '../../../shared/domain/missions';
import { contractEndsOn } from '../../../shared/domain/contractYears';
import { sizeBandFor } from '../../../shared/domain/sizeBand';
import { useApi, useApiMutation } from '../../api/hooks';
import { ApiFailure } from '../../api/client';
import { BoundSelectField, BoundTextField, messageOf, useApiForm } from '../../components/apiForm';
import { TextField } from '../../components/form';
import { FormMessage } from '../../components/money';
import { Loading, PageHeader, SizeBand } from '../../components/ui';
import { date } from '../../i18n/format';
import { ContractMissionsField } from './ContractMissionsField';

type Form = UseFormReturn<ContractInput, unknown, ContractData>;

const SHOWN = ['name', 'legalName', 'siret', 'departement', 'communes', 'population', 'populationAsOf', 'cpam', 'ars', 'signedOn', 'startsOn', 'status', 'missions'] as const;

const empty = (): ContractInput => ({
  name: '',
  legalName: '',
  siret: '',
  departement: '',
  communes: '',
  population: '',
  populationAsOf: '',
  cpam: '',
  ars: '',
  signedOn: '',
  startsOn: '',
  status: 'actif',
  missions: MISSION_CODES.filter((c) => (ALWAYS_SOCLE as readonly string[]).includes(c) || c === 'crise_sanitaire').map((code) => ({ code, startedOn: '', deployedOn: '' })),
});

function fromContract(c: ContractDetail): ContractInput {
  return {
    name: c.name,
    legalName: c.legalName,
    siret: c.siret,
    departement: c.departement,
    communes: c.communes.join(', '),
    population: String(c.population),
    populationAsOf: c.populationAsOf,
    cpam: c.cpam,
    ars: c.ars,
    signedOn: c.signedOn,
    startsOn: c.startsOn,
    status: c.status,
    missions: c.missions.map((m) => ({ code: m.code, startedOn: m.startedOn ?? '', deployedOn: m.deployedOn ?? '' })),
  };
}

/** The API's schema, plus the latest signature date, which depends on "today" (the API checks it too). */
function schemaFor(today: string | null) {
  return contractInputSchema.superRefine(
    (c, ctx) => {
      if (today !== null && typeof c.signedOn === 'string' && isIsoDate(c.signedOn) && compareIso(c.signedOn, latestSignature(today)) > 0) {
        ctx.addIssue({ code: 'custom', path: ['signedOn'], message: signatureTooLate(today) });
      }
    },
    { when: () => true },
  );
}

/** The signature date: the date of effect follows it while it was empty or equal to it. */
function SignedOnField({ form, today }: { form: Form; today: string | null }) {
  const { field, fieldState } = useController({ control: form.control, name: 'signedOn' });
  const onChange = (v: string) => {
    const { signedOn, startsOn } = form.getValues();
    field.onChange(v);
    if (startsOn === '' || startsOn === signedOn) form.setValue('startsOn', v);
  };
  return (
    <TextField
      label="Date de signature"
      id="signedOn"
      name={field.name}
      type="date"
      min={EARLIEST_SIGNATURE}
      max={today ? latestSignature(today) : undefined}
      hint={`Du ${date(EARLIEST_SIGNATURE)} (entrée en vigueur de l’ACI) au ${today ? date(latestSignature(today)) : '…'} (un an après aujourd’hui).`}
      value={typeof field.value === 'string' ? field.value : ''}
      onChange={onChange}
      onBlur={field.onBlur}
      ref={field.ref}
      error={messageOf(fieldState.error)}
    />
  );
}

/** What the form derives as one types: the size band from the population, the end date from the signature. */
function useDerived(control: Control<ContractInput, unknown, ContractData>) {
  const [population, signedOn] = useWatch({ control, name: ['population', 'signedOn'] });
  const pop = typeof population === 'string' ? population : '';
  const popNumber = /^\d[\d\s\u202f\u00a0]*$/.test(pop) ? Number(pop.replace(/\D/g, '')) : null;
  const endsOn = typeof signedOn === 'string' && isIsoDate(signedOn) ? contractEndsOn(signedOn) : null;
  return { popNumber, endsOn };
}

/** The API's refusal of an update names its fields under "data."; the form's fields are the contract's. */
function unwrapData(e: unknown): unknown {
  if (!(e instanceof ApiFailure)) return e;
  return new ApiFailure(e.message, Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k.replace(/^data\./, ''), v])));
}

export function ContractFormPage() {
  const { id } = useParams();
  const editing = id !== undefined;
  const contractId = Number(id);
  const existing = useApi('contract.get', { id: contractId }, editing);
  const create = useApiMutation('contract.create');
  const update = useApiMutation('contract.update');
  const navigate = useNavigate();
  const info = useApi('app.info', {});
  const today = info.data?.today ?? null;
  const schema = useMemo(() => schemaFor(today), [today]);
  const { form, control, errors, submit } = useApiForm(schema, empty(), SHOWN);
  const { popNumber, endsOn } = useDerived(control);

  useEffect(() => {
    if (existing.data) form.reset(fromContract(existing.data));
  }, [existing.data, form]);

  const onSubmit = submit(async (values) => {
    try {
      const saved = editing ? await update.mutateAsync({ id: contractId, data: values }) : await create.mutateAsync(values);
      void navigate(`/contrats/${saved.id}`);
      return `Contrat « ${saved.name} » enregistré.`;
    } catch (e) {
      throw unwrapData(e);
    }
  });

  if (editing && existing.isLoading) return <Loading />;
  const busy = create.isPending || update.isPending;
  const text = (name: Exclude<(typeof SHOWN)[number], 'missions' | 'status' | 'signedOn'>, label: string, opts: { hint?: string; placeholder?: string; type?: string } = {}) => (
    <BoundTextField control={control} name={name} label={label} id={name} hint={opts.hint} placeholder={opts.placeholder} type={opts.type ?? 'text'} />
  );

  return (
    <>
      <PageHeader
        title={editing ? `Modifier le contrat — ${existing.data?.name ?? ''}` : 'Nouveau contrat ACI'}
        subtitle="La taille de la CPTS découle de la population couverte ; le texte applicable découle de la date de signature."
      />
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Contrat">
        <fieldset>
          <legend>La CPTS</legend>
          <div className="grid-2">
            {text('name', 'Nom de la CPTS', { placeholder: 'CPTS du Pays d’Évian' })}
            {text('legalName', "Raison sociale de l'association")}
            {text('siret', 'SIRET (facultatif)', { placeholder: '14 chiffres' })}
            {text('departement', 'Département', { placeholder: '74, 2A, 971…' })}
          </div>
          {text('communes', 'Communes couvertes', { hint: 'Séparées par des virgules.' })}
          <div className="grid-3">
            {text('population', 'Population couverte', { hint: 'Nombre d’habitants (entier).' })}
            {text('populationAsOf', 'Date du chiffre de population', { type: 'date' })}
            <div className="field">
              <span className="label-like">Taille ACI</span>
              <div className="derived">{popNumber !== null ? <SizeBand band={sizeBandFor(popNumber)} /> : <span className="muted">—</span>}</div>
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend>Le contrat tripartite</legend>
          <div className="grid-2">
            {text('cpam', 'CPAM', { placeholder: 'CPAM de la Haute-Savoie' })}
            {text('ars', 'ARS', { placeholder: 'ARS Auvergne-Rhône-Alpes' })}
          </div>
          <div className="grid-4">
            <SignedOnField form={form} today={today} />
            {text('startsOn', "Date d'effet", { type: 'date' })}
            <div className="field">
              <span className="label-like" id="endsOn-label">
                Date de fin (5 ans)
              </span>
              <div className="derived" id="endsOn" aria-labelledby="endsOn-label">
                {endsOn ? date(endsOn) : <span className="muted">—</span>}
              </div>
              <div className="hint">Calculée : veille du 5e anniversaire de la signature.</div>
            </div>
            <BoundSelectField control={control} name="status" label="Statut" id="status">
              {CONTRACT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {CONTRACT_STATUS_LABELS[s]}
                </option>
              ))}
            </BoundSelectField>
          </div>
        </fieldset>
        <ContractMissionsField control={control} />
        <FormMessage errors={errors} refused="Le contrat n’a pas été enregistré" />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Enregistrement…' : 'Enregistrer le contrat'}
          </button>
          <Link className="button" to={editing ? `/contrats/${contractId}` : '/'}>
            Annuler
          </Link>
        </div>
      </form>
    </>
  );
}
