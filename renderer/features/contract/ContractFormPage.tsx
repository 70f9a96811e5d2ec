// Create or edit a contract. The form runs the very schema the API checks, then the API checks
// again; every message lands next to its field and nothing is written on bad input.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  contractInputSchema,
  CONTRACT_STATUSES,
  CONTRACT_STATUS_LABELS,
  ALWAYS_SOCLE,
  EARLIEST_SIGNATURE,
  latestSignature,
  signatureTooLate,
  type ContractStatus,
} from '../../../shared/schemas/contract';
import { fieldErrors } from '../../../shared/api';
import { MISSION_CODES, MISSION_LABELS, type MissionCode } from '../../../shared/domain/missions';
import { compareIso, isIsoDate } from '../../../shared/dates';
import { contractEndsOn } from '../../../shared/domain/contractYears';
import { sizeBandFor } from '../../../shared/domain/sizeBand';
import { useApi, useApiMutation } from '../../api/hooks';
import { ApiFailure } from '../../api/client';
import { ErrorBox, Field, Loading, PageHeader, SizeBand } from '../../components/ui';
import { date } from '../../i18n/format';

interface MissionState {
  selected: boolean;
  startedOn: string;
  deployedOn: string;
}

interface FormState {
  name: string;
  legalName: string;
  siret: string;
  departement: string;
  communes: string;
  population: string;
  populationAsOf: string;
  cpam: string;
  ars: string;
  signedOn: string;
  startsOn: string;
  status: ContractStatus;
  missions: Record<MissionCode, MissionState>;
}

const emptyMissions = (): Record<MissionCode, MissionState> =>
  Object.fromEntries(
    MISSION_CODES.map((c) => [c, { selected: (ALWAYS_SOCLE as readonly string[]).includes(c) || c === 'crise_sanitaire', startedOn: '', deployedOn: '' }]),
  ) as Record<MissionCode, MissionState>;

const EMPTY: FormState = {
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
  missions: emptyMissions(),
};

function toInput(f: FormState) {
  return {
    name: f.name,
    legalName: f.legalName,
    siret: f.siret,
    departement: f.departement,
    communes: f.communes,
    population: f.population,
    populationAsOf: f.populationAsOf,
    cpam: f.cpam,
    ars: f.ars,
    signedOn: f.signedOn,
    startsOn: f.startsOn,
    status: f.status,
    missions: MISSION_CODES.filter((c) => f.missions[c].selected).map((c) => ({
      code: c,
      startedOn: f.missions[c].startedOn,
      deployedOn: f.missions[c].deployedOn,
    })),
  };
}

/** Maps "missions.<index>.<field>" errors back to the mission code for display. */
function missionErrorKey(key: string, input: ReturnType<typeof toInput>): string {
  const m = /^missions\.(\d+)\.(\w+)$/.exec(key);
  if (!m) return key;
  const code = input.missions[Number(m[1])]?.code;
  return code ? `mission.${code}.${m[2]}` : key;
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
  const [form, setForm] = useState<FormState>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<Error | null>(null);

  useEffect(() => {
    const c = existing.data;
    if (!c) return;
    const missions = emptyMissions();
    for (const code of MISSION_CODES) missions[code].selected = false;
    for (const m of c.missions) missions[m.code] = { selected: true, startedOn: m.startedOn ?? '', deployedOn: m.deployedOn ?? '' };
    setForm({
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
      missions,
    });
  }, [existing.data]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setMission = (code: MissionCode, patch: Partial<MissionState>) =>
    setForm((f) => ({ ...f, missions: { ...f.missions, [code]: { ...f.missions[code], ...patch } } }));

  const onSignedOn = (v: string) =>
    setForm((f) => ({
      ...f,
      signedOn: v,
      startsOn: f.startsOn === '' || f.startsOn === f.signedOn ? v : f.startsOn,
    }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const input = toInput(form);
    const parsed = contractInputSchema.safeParse(input);
    // The latest signature date depends on "today" (the API checks it too).
    const tooLate = today !== null && isIsoDate(form.signedOn) && compareIso(form.signedOn, latestSignature(today)) > 0;
    if (!parsed.success || tooLate) {
      const fe = parsed.success ? {} : fieldErrors(parsed.error);
      if (tooLate && today !== null && !fe.signedOn) fe.signedOn = signatureTooLate(today);
      setErrors(Object.fromEntries(Object.entries(fe).map(([k, v]) => [missionErrorKey(k, input), v])));
      return;
    }
    setErrors({});
    try {
      const saved = editing ? await update.mutateAsync({ id: contractId, data: input }) : await create.mutateAsync(input);
      navigate(`/contrats/${saved.id}`);
    } catch (err) {
      if (err instanceof ApiFailure) {
        setErrors(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [missionErrorKey(k.replace(/^data\./, ''), input), v])));
      }
      setFormError(err instanceof Error ? err : new Error(String(err)));
    }
  };

  if (editing && existing.isLoading) return <Loading />;
  const popNumber = /^\d[\d\s\u202f\u00a0]*$/.test(form.population) ? Number(form.population.replace(/\D/g, '')) : null;
  const err = (k: string) => errors[k];
  const endsOn = isIsoDate(form.signedOn) ? contractEndsOn(form.signedOn) : null;
  const text = (key: keyof FormState, label: string, opts: { hint?: string; placeholder?: string; type?: string; min?: string; max?: string } = {}) => (
    <Field label={label} name={key} error={err(key)} hint={opts.hint}>
      <input
        id={key}
        name={key}
        type={opts.type ?? 'text'}
        value={form[key] as string}
        placeholder={opts.placeholder}
        min={opts.min}
        max={opts.max}
        aria-invalid={err(key) ? true : undefined}
        aria-describedby={err(key) ? `${key}-error` : undefined}
        onChange={(e) => (key === 'signedOn' ? onSignedOn(e.target.value) : set(key, e.target.value as never))}
      />
    </Field>
  );
  const busy = create.isPending || update.isPending;

  return (
    <>
      <PageHeader
        title={editing ? `Modifier le contrat — ${existing.data?.name ?? ''}` : 'Nouveau contrat ACI'}
        subtitle="La taille de la CPTS découle de la population couverte ; le texte applicable découle de la date de signature."
      />
      <form className="form" onSubmit={submit} noValidate aria-label="Contrat">
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
            {text('signedOn', 'Date de signature', {
              type: 'date',
              min: EARLIEST_SIGNATURE,
              max: today ? latestSignature(today) : undefined,
              hint: `Du ${date(EARLIEST_SIGNATURE)} (entrée en vigueur de l’ACI) au ${today ? date(latestSignature(today)) : '…'} (un an après aujourd’hui).`,
            })}
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
            <Field label="Statut" name="status" error={err('status')}>
              <select id="status" value={form.status} onChange={(e) => set('status', e.target.value as ContractStatus)}>
                {CONTRACT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {CONTRACT_STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>Missions retenues</legend>
          {err('missions') && (
            <div className="field-error" role="alert">
              {err('missions')}
            </div>
          )}
          <table className="table compact">
            <thead>
              <tr>
                <th>Mission</th>
                <th>Démarrage effectif</th>
                <th>Déploiement effectif</th>
              </tr>
            </thead>
            <tbody>
              {MISSION_CODES.map((code) => {
                const m = form.missions[code];
                const locked = (ALWAYS_SOCLE as readonly string[]).includes(code);
                return (
                  <tr key={code}>
                    <td>
                      <label className="checkbox">
                        <input
                          type="checkbox"
                          checked={m.selected}
                          disabled={locked}
                          onChange={(e) => setMission(code, { selected: e.target.checked })}
                        />
                        {MISSION_LABELS[code]} {locked && <span className="muted small">(socle)</span>}
                      </label>
                    </td>
                    {(['startedOn', 'deployedOn'] as const).map((f) => (
                      <td key={f}>
                        <input
                          type="date"
                          aria-label={`${f === 'startedOn' ? 'Démarrage' : 'Déploiement'} — ${MISSION_LABELS[code]}`}
                          value={m[f]}
                          disabled={!m.selected}
                          onChange={(e) => setMission(code, { [f]: e.target.value })}
                        />
                        {err(`mission.${code}.${f}`) && (
                          <div className="field-error" role="alert">
                            {err(`mission.${code}.${f}`)}
                          </div>
                        )}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </fieldset>
        <ErrorBox error={formError} />
        {Object.keys(errors).length > 0 && !formError && (
          <div className="error-box" role="alert">
            Le contrat n’a pas été enregistré : corrigez les champs signalés.
          </div>
        )}
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
