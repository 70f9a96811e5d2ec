// The "Échéancier": per contract year, what the CPAM owes (fonctionnement, each mission's fixed and
// variable parts), the dated tranches with what was paid, the validated attainment rates, and a
// what-if simulation that saves nothing. Every amount comes from the API and can be explained.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { ApiInput, ContractDetail } from '../../../shared/api';
import type { ExplanationLine, FundingYear, LinePart, MissionYear } from '../../../shared/domain/fundingTypes';
import { MISSION_LABELS, type MissionCode } from '../../../shared/domain/missions';
import { TEXT_VERSION_LABELS } from '../../../shared/domain/rules';
import { compareIso } from '../../../shared/dates';
import type { FundingView, TrancheStatus } from '../../../shared/views';
import { useApi } from '../../api/hooks';
import { Badge, ErrorBox, FieldError, Loading, Money, SizeBand, StatCard } from '../../components/ui';
import { MissionOptions, SelectField, StatusMessage, TextField, YearOptions } from '../../components/form';
import { ExplainButton, ExplainedMoney, TotalsCards, TrancheTable, invalidProps } from '../../components/money';
import { date, integer } from '../../i18n/format';
import { AttainmentForm, type RateRequest } from './AttainmentForm';

/** The lines of one part of a computation (the engine tags each line: nothing is read from its French text). */
const linesOf = (lines: ExplanationLine[], part: LinePart) => lines.filter((l) => l.part === part);

function Totals({ view }: { view: FundingView }) {
  const t = view.totals;
  return (
    <section className="cards money-cards" aria-label="Totaux du contrat">
      <StatCard label="Total dû sur le contrat" value={<Money cents={t.dueCents} />}>
        <div className="stat-sub">dont échu au {date(view.today)} : <Money cents={t.dueToDateCents} /></div>
        {view.result.years.some((y) => y.refusals.length > 0) && (
          <div className="stat-sub">
            <Badge tone="late" title="Des lignes n’ont pas pu être calculées faute de montant : voir l’onglet Enveloppes.">
              partiel : {missingText(view.result.refusedLines.length)}
            </Badge>
          </div>
        )}
      </StatCard>
      <TotalsCards totals={t} />
    </section>
  );
}

/** "2 montants manquants". */
function missingText(n: number): string {
  return `${n} montant${n > 1 ? 's' : ''} manquant${n > 1 ? 's' : ''}`;
}

function VariableCell({ m, year, onEnterRate }: { m: MissionYear; year: number; onEnterRate: (year: number, mission: MissionCode) => void }) {
  const title = `Part variable — ${m.label}, année ${year}`;
  const lines = linesOf(m.explanation, 'variable');
  switch (m.variableStatus) {
    case 'validated':
      if (m.variableClosed) {
        return (
          <div>
            <ExplainedMoney cents={m.variableCents} title={title} lines={lines} />{' '}
            <Badge tone="ok" title="Fixée au dialogue annuel clos : elle ne change plus ; une correction se fait par addendum daté.">
              arrêtée
            </Badge>
          </div>
        );
      }
      return (
        <div>
          <ExplainedMoney cents={m.variableCents} title={title} lines={lines} /> <Badge tone="ok">validée</Badge>
          <button type="button" className="link-button small block-right" onClick={() => onEnterRate(year, m.code)}>
            Modifier le taux<span className="visually-hidden"> — {m.label}, année {year}</span>
          </button>
        </div>
      );
    case 'pending':
      return (
        <div className="pending">
          <span className="pending-label">en attente du dialogue de gestion</span>
          <div className="small">
            maximum <Money cents={m.variableMaxCents} /> <ExplainButton title={title} lines={lines} />
          </div>
          <button type="button" className="link-button small" onClick={() => onEnterRate(year, m.code)}>
            Saisir le taux validé<span className="visually-hidden"> — {m.label}, année {year}</span>
          </button>
        </div>
      );
    case 'no_crisis':
      return (
        <div>
          <ExplainedMoney cents={m.variableCents} title={title} lines={lines} />
          <div className="muted small">
            aucune crise reconnue par l’ARS
            {m.variableMaxCents !== null && (
              <>
                {' '}
                (maximum <Money cents={m.variableMaxCents} />)
              </>
            )}
          </div>
        </div>
      );
    case 'refused':
      return (
        <>
          <Badge tone="late">Calcul refusé</Badge> <ExplainButton title={title} lines={lines} />
        </>
      );
    default:
      return <span className="muted">—</span>;
  }
}

function MissionRows({ m, year, onEnterRate }: { m: MissionYear; year: number; onEnterRate: (year: number, mission: MissionCode) => void }) {
  const full = m.prorata.num === m.prorata.den;
  const refused = m.refusals.length > 0;
  const funded = m.state === 'funded';
  return (
    <>
      <tr className={refused ? 'row-refused' : funded ? '' : 'row-muted'}>
        <th scope="row">
          {m.label}
          {m.code === 'crise_sanitaire' && funded && (
            <div className="muted small">{m.crisisPlanYear ? 'année d’écriture du plan' : 'mise à jour du plan'}</div>
          )}
        </th>
        <td>
          {m.startedOn ? date(m.startedOn) : <span className="muted">non démarrée</span>}
          {funded && !full && (
            <div className="muted small">
              prorata {m.prorata.num}/{m.prorata.den} jours
            </div>
          )}
        </td>
        {funded ? (
          <>
            <td className="num">
              {m.fixedCents === null ? (
                <>
                  <Badge tone="late">Calcul refusé</Badge>{' '}
                  <ExplainButton title={`Part fixe — ${m.label}, année ${year}`} lines={linesOf(m.explanation, 'fixed')} />
                </>
              ) : (
                <ExplainedMoney cents={m.fixedCents} title={`Part fixe — ${m.label}, année ${year}`} lines={linesOf(m.explanation, 'fixed')} />
              )}
            </td>
            <td className="num">
              <VariableCell m={m} year={year} onEnterRate={onEnterRate} />
            </td>
          </>
        ) : (
          <td colSpan={2} className="muted small">
            {m.state === 'not_in_text' ? <Badge>Non prévue par le texte</Badge> : <Badge>Non démarrée</Badge>} {m.explanation[0]?.formula}
          </td>
        )}
        <td className="num">
          {refused && m.fixedCents === null && m.variableCents === null ? (
            <Badge tone="late">Calcul refusé</Badge>
          ) : (
            <ExplainedMoney cents={m.totalCents} title={`Total — ${m.label}, année ${year}`} lines={m.explanation} strong={funded} />
          )}
          {refused && m.fixedCents !== null && <div className="late small">incomplet</div>}
          {m.variableStatus === 'pending' && <div className="muted small">hors part variable en attente</div>}
        </td>
      </tr>
      {refused && (
        <tr className="row-refusal">
          <td colSpan={5}>
            <ul className="refusals">
              {m.refusals.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  );
}

function Entitlements({ y, contractId, onEnterRate }: { y: FundingYear; contractId: number; onEnterRate: (year: number, mission: MissionCode) => void }) {
  const fLines = linesOf(y.explanation, 'fonctionnement');
  const fRefusals = y.refusals.filter((r) => r.part === 'fonctionnement');
  const totalLine = linesOf(y.explanation, 'total');
  const contextLines = y.explanation.filter((l) => l.part !== 'total');
  const allLines = [...contextLines, ...y.missions.flatMap((m) => m.explanation), ...totalLine];
  const pending = y.missions.some((m) => m.variableStatus === 'pending');
  return (
    <>
      <table className="table compact entitlements" aria-label={`Montants dus, année ${y.year}`}>
        <colgroup>
          <col className="col-line" />
          <col className="col-start" />
          <col className="col-fixed" />
          <col />
          <col className="col-total" />
        </colgroup>
        <thead>
          <tr>
            <th>Ligne</th>
            <th>Démarrage</th>
            <th className="num">Part fixe</th>
            <th className="num">Part variable</th>
            <th className="num">Total</th>
          </tr>
        </thead>
        <tbody>
          <tr className={y.fonctionnementCents === null ? 'row-refused' : ''}>
            <th scope="row">Fonctionnement</th>
            <td className="muted">—</td>
            <td className="num muted">—</td>
            <td className="num muted">—</td>
            <td className="num">
              {y.fonctionnementPending ? (
                <>
                  <span className="pending-label">en attente du démarrage d’une mission</span> <ExplainButton title={`Fonctionnement, année ${y.year}`} lines={fLines} />
                </>
              ) : y.fonctionnementCents === null ? (
                <>
                  <Badge tone="late">Calcul refusé</Badge> <ExplainButton title={`Fonctionnement, année ${y.year}`} lines={fLines} />
                </>
              ) : (
                <ExplainedMoney cents={y.fonctionnementCents} title={`Fonctionnement, année ${y.year}`} lines={fLines} strong />
              )}
            </td>
          </tr>
          {fRefusals.length > 0 && (
            <tr className="row-refusal">
              <td colSpan={5}>
                <ul className="refusals">
                  {fRefusals.map((r, i) => (
                    <li key={i}>
                      {r.line} : {r.message}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          )}
          {y.missions.map((m) => (
            <MissionRows key={m.code} m={m} year={y.year} onEnterRate={onEnterRate} />
          ))}
          {y.adjustmentsCents !== 0 && (
            <tr>
              <th scope="row">Ajustements par addendum</th>
              <td className="muted">—</td>
              <td className="num muted">—</td>
              <td className="num muted">—</td>
              <td className="num">
                <Money cents={y.adjustmentsCents} strong />
                <div className="muted small">échéances à part, voir ci-dessous</div>
              </td>
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={4}>
              Total de l’année {y.year}
              {y.refusals.length > 0 && (
                <>
                  {' '}
                  <Badge tone="late">partiel : {missingText(y.refusals.length)}</Badge>
                </>
              )}
              {pending && <span className="muted small"> — parts variables en attente non comprises</span>}
            </td>
            <td className="num">
              <ExplainedMoney cents={y.totalCents} title={`Total, année ${y.year}`} lines={allLines} strong />
            </td>
          </tr>
        </tfoot>
      </table>
      {y.refusals.length > 0 && (
        <p className="small late-text">
          Ces lignes ne sont pas calculées tant que le montant de l’annexe du contrat n’est pas saisi :{' '}
          <Link to={`/contrats/${contractId}/enveloppes`}>saisir les montants dans l’onglet Enveloppes</Link>.
        </p>
      )}
    </>
  );
}

function YearSection({
  y,
  previous,
  view,
  onEnterRate,
}: {
  y: FundingYear;
  previous: FundingYear | undefined;
  view: FundingView;
  onEnterRate: (year: number, mission: MissionCode) => void;
}) {
  const current = compareIso(y.from, view.today) <= 0 && compareIso(view.today, y.to) <= 0;
  const tranches: TrancheStatus[] = view.schedule.filter((t) => t.year === y.year);
  return (
    <section className="year-section card" id={`echeancier-annee-${y.year}`} aria-labelledby={`echeancier-annee-${y.year}-titre`}>
      <header className="year-head">
        <h2 id={`echeancier-annee-${y.year}-titre`}>
          Année {y.year}{' '}
          <span className="year-dates">
            du {date(y.from)} au {date(y.to)} · {y.days} jours
          </span>
        </h2>
        <div className="year-facts">
          {current && <Badge tone="info">Année en cours</Badge>}
          {y.closed && (
            <Badge tone="ok" title="Le dialogue annuel de cette année est clos : sa part variable est enregistrée et ne change plus ; une correction se fait par addendum daté.">
              Année arrêtée
            </Badge>
          )}
          <Badge>Texte : {TEXT_VERSION_LABELS[y.textVersion]}</Badge>
          <SizeBand band={y.sizeBand} />
          <span className="muted small">{integer(y.population)} hab.</span>
          {y.sizeBandChanged && (
            <Badge tone="warn" title="La population retenue pour cette année change la taille de la CPTS.">
              Taille modifiée{previous ? ` (taille ${previous.sizeBand} → ${y.sizeBand})` : ''}
            </Badge>
          )}
        </div>
      </header>
      <h3>Montants dus pour l’année</h3>
      <Entitlements y={y} contractId={view.contractId} onEnterRate={onEnterRate} />
      <h3>Échéances de l’année {y.year}</h3>
      <TrancheTable tranches={tranches} today={view.today} label={`Échéances, année ${y.year}`} empty="Aucune échéance pour cette année." />
    </section>
  );
}

interface SimRate {
  year: number;
  mission: MissionCode;
  rate: string;
}

function signed(cents: number) {
  return cents > 0 ? (
    <span className="delta-up">
      +<Money cents={cents} />
    </span>
  ) : cents < 0 ? (
    <Money cents={cents} />
  ) : (
    <span className="muted">
      <Money cents={0} />
    </span>
  );
}

function WhatIfPanel({ contract, current }: { contract: ContractDetail; current: FundingView }) {
  const [rates, setRates] = useState<SimRate[]>([]);
  const [draft, setDraft] = useState<{ year: string; mission: MissionCode | ''; rate: string }>({
    year: '1',
    mission: contract.missions[0]?.code ?? '',
    rate: '',
  });
  const initialStarts = () => Object.fromEntries(contract.missions.map((m) => [m.code, m.startedOn ?? ''])) as Record<string, string>;
  const [starts, setStarts] = useState<Record<string, string>>(initialStarts);
  const [submitted, setSubmitted] = useState<ApiInput<'funding.whatIf'> | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const sim = useApi('funding.whatIf', submitted ?? { contractId: contract.id }, submitted !== null);

  const withDraft = (list: SimRate[]): SimRate[] => {
    if (draft.rate.trim() === '' || draft.mission === '') return list;
    const entry: SimRate = { year: Number(draft.year), mission: draft.mission, rate: draft.rate };
    return [...list.filter((r) => !(r.year === entry.year && r.mission === entry.mission)), entry];
  };

  const addRate = () => {
    setRates(withDraft(rates));
    setDraft((d) => ({ ...d, rate: '' }));
  };

  const run = (e: FormEvent) => {
    e.preventDefault();
    const list = withDraft(rates);
    setRates(list);
    setDraft((d) => ({ ...d, rate: '' }));
    const missionStarts = contract.missions
      .filter((m) => (starts[m.code] ?? '') !== (m.startedOn ?? ''))
      .map((m) => ({ code: m.code, startedOn: starts[m.code] === '' ? null : starts[m.code] }));
    if (list.length === 0 && missionStarts.length === 0) {
      setNote('Modifiez un taux d’atteinte ou une date de démarrage, puis lancez la simulation.');
      setSubmitted(null);
      return;
    }
    setNote(null);
    setSubmitted({
      contractId: contract.id,
      attainment: list.map((r) => ({ year: r.year, mission: r.mission, ratePercent: r.rate })),
      missionStarts,
    });
  };

  const reset = () => {
    setRates([]);
    setStarts(initialStarts());
    setSubmitted(null);
    setNote(null);
  };

  // Errors of the simulation, mapped back to the inputs that caused them.
  const fields = sim.error?.fields ?? {};
  const rateError = (i: number) => fields[`attainment.${i}.ratePercent`] ?? fields[`attainment.${i}.mission`] ?? fields[`attainment.${i}.year`];
  const startError = (code: MissionCode) => {
    const i = (submitted?.missionStarts ?? []).findIndex((m) => m.code === code);
    return i < 0 ? undefined : (fields[`missionStarts.${i}.startedOn`] ?? fields[`missionStarts.${i}.code`]);
  };

  let comparison: { id: string; dueOn: string; label: string; before: number | null; after: number | null; delta: number }[] = [];
  if (sim.data) {
    const before = new Map(current.schedule.map((t) => [t.id, t]));
    const after = new Map(sim.data.schedule.map((t) => [t.id, t]));
    const ids = [...new Set([...before.keys(), ...after.keys()])];
    comparison = ids
      .map((id) => {
        const b = before.get(id);
        const a = after.get(id);
        const t = (a ?? b)!;
        // Integer cents: the difference of two amounts the API returned.
        return { id, dueOn: t.dueOn, label: t.label, before: b?.amountCents ?? null, after: a?.amountCents ?? null, delta: (a?.amountCents ?? 0) - (b?.amountCents ?? 0) };
      })
      .sort((x, y) => compareIso(x.dueOn, y.dueOn) || x.id.localeCompare(y.id));
  }
  const changed = comparison.filter((r) => r.delta !== 0 || r.before === null || r.after === null);
  const shown = showAll ? comparison : changed;

  return (
    <section className="panel simulation" aria-labelledby="simulation-titre">
      <h2 id="simulation-titre">Simulation — rien n'est enregistré</h2>
      <p className="muted">
        Essayez un autre taux d’atteinte ou une autre date de démarrage de mission et comparez, échéance par échéance, le montant actuel et le
        montant simulé. Les données du contrat ne sont pas modifiées.
      </p>
      <form onSubmit={run} noValidate aria-label="Simulation">
        <div className="sim-grid">
          <fieldset className="sim-box">
            <legend>Taux d’atteinte simulés</legend>
            <div className="inline-fields">
              <SelectField label="Année simulée" id="sim-year" value={draft.year} onChange={(v) => setDraft((d) => ({ ...d, year: v }))}>
                <YearOptions />
              </SelectField>
              <SelectField label="Mission simulée" id="sim-mission" value={draft.mission} onChange={(v) => setDraft((d) => ({ ...d, mission: v as MissionCode }))}>
                <MissionOptions missions={contract.missions} />
              </SelectField>
              <TextField
                label="Taux simulé (%)"
                id="sim-rate"
                className="input-rate"
                inputMode="decimal"
                placeholder="ex. 80"
                value={draft.rate}
                onChange={(v) => setDraft((d) => ({ ...d, rate: v }))}
              />
              <div className="field field-submit">
                <button type="button" className="button" onClick={addRate} disabled={draft.rate.trim() === ''}>
                  Ajouter
                </button>
              </div>
            </div>
            {rates.length > 0 ? (
              <ul className="sim-list" aria-label="Taux simulés">
                {rates.map((r, i) => (
                  <li key={`${r.year}-${r.mission}`}>
                    Année {r.year} — {MISSION_LABELS[r.mission]} : <strong>{r.rate} %</strong>{' '}
                    <button
                      type="button"
                      className="link-button small"
                      onClick={() => setRates(rates.filter((_, j) => j !== i))}
                      aria-label={`Retirer le taux simulé année ${r.year}, ${MISSION_LABELS[r.mission]}`}
                    >
                      retirer
                    </button>
                    <FieldError text={rateError(i)} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted small">Aucun taux simulé : les taux validés enregistrés s’appliquent.</p>
            )}
          </fieldset>
          <fieldset className="sim-box">
            <legend>Dates de démarrage simulées</legend>
            <table className="table compact">
              <tbody>
                {contract.missions.map((m) => {
                  const changedStart = (starts[m.code] ?? '') !== (m.startedOn ?? '');
                  const error = startError(m.code);
                  return (
                    <tr key={m.code} className={changedStart ? 'row-changed' : ''}>
                      <th scope="row">
                        <label htmlFor={`sim-start-${m.code}`}>Démarrage simulé — {m.label}</label>
                        <div className="muted small">actuel : {m.startedOn ? date(m.startedOn) : 'non démarrée'}</div>
                      </th>
                      <td>
                        <input
                          id={`sim-start-${m.code}`}
                          type="date"
                          value={starts[m.code] ?? ''}
                          onChange={(e) => setStarts((s) => ({ ...s, [m.code]: e.target.value }))}
                          {...invalidProps(`sim-start-${m.code}`, error)}
                        />
                        <FieldError id={`sim-start-${m.code}`} text={error} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </fieldset>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary">
            Lancer la simulation
          </button>
          <button type="button" className="button" onClick={reset}>
            Réinitialiser
          </button>
        </div>
      </form>
      <StatusMessage message={note} />
      {sim.error && (
        <div className="error-box" role="alert">
          Simulation impossible : {sim.error.message}
        </div>
      )}
      {sim.isFetching && !sim.data && <Loading what="Simulation" />}
      {sim.data && !sim.error && (
        <div className="sim-result" aria-live="polite">
          <h3>Résultat de la simulation (non enregistré)</h3>
          <div className="sim-summary">
            <div>
              <div className="stat-label">Total du contrat, actuel</div>
              <Money cents={current.result.totalCents} strong />
            </div>
            <div>
              <div className="stat-label">Total du contrat, simulé</div>
              <Money cents={sim.data.result.totalCents} strong />
            </div>
            <div>
              <div className="stat-label">Différence</div>
              <strong>{signed(sim.data.result.totalCents - current.result.totalCents)}</strong>
            </div>
          </div>
          {sim.data.result.warnings.length > 0 && (
            <div className="warn-box">
              {sim.data.result.warnings.map((w, i) => (
                <div key={i}>{w}</div>
              ))}
            </div>
          )}
          <label className="checkbox small">
            <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Afficher toutes les échéances (
            {changed.length} modifiée{changed.length > 1 ? 's' : ''} sur {comparison.length})
          </label>
          {shown.length === 0 ? (
            <p className="muted">Aucune échéance ne change avec ces hypothèses.</p>
          ) : (
            <table className="table compact" aria-label="Comparaison des échéances (simulation)">
              <thead>
                <tr>
                  <th>Échéance</th>
                  <th>Libellé</th>
                  <th className="num">Montant actuel</th>
                  <th className="num">Montant simulé</th>
                  <th className="num">Différence</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.id} className={r.delta !== 0 ? 'row-changed' : ''}>
                    <td className="nowrap">{date(r.dueOn)}</td>
                    <td>
                      {r.label}
                      {r.before === null && <Badge tone="info">nouvelle</Badge>}
                      {r.after === null && <Badge tone="warn">supprimée</Badge>}
                    </td>
                    <td className="num">{r.before === null ? <span className="muted">—</span> : <Money cents={r.before} />}</td>
                    <td className="num">{r.after === null ? <span className="muted">—</span> : <Money cents={r.after} />}</td>
                    <td className="num">{signed(r.delta)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}

export function FundingTab({ contract }: { contract: ContractDetail }) {
  const q = useApi('funding.get', { contractId: contract.id });
  const [rateRequest, setRateRequest] = useState<RateRequest | null>(null);

  if (q.isLoading) return <Loading what="Calcul de l’échéancier" />;
  if (q.error || !q.data) return <ErrorBox error={q.error ?? new Error('Échéancier indisponible.')} />;
  const view = q.data;

  const onEnterRate = (year: number, mission: MissionCode) => setRateRequest((r) => ({ year, mission, n: (r?.n ?? 0) + 1 }));

  return (
    <div className="funding-tab">
      <Totals view={view} />
      {view.result.warnings.length > 0 && (
        <div className="warn-box" role="note">
          <strong>À vérifier</strong>
          <ul className="plain">
            {view.result.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <nav className="year-nav" aria-label="Années du contrat">
        {view.result.years.map((y) => (
          <button
            key={y.year}
            type="button"
            className="button small"
            onClick={() => document.getElementById(`echeancier-annee-${y.year}`)?.scrollIntoView({ behavior: 'smooth' })}
          >
            Année {y.year}
            {y.refusals.length > 0 && <span className="dot-late" aria-label="calcul incomplet" />}
          </button>
        ))}
        <span className="muted small">
          Contrat du {date(view.result.signedOn)} au {date(view.result.endsOn)} · total <Money cents={view.result.totalCents} />
        </span>
      </nav>
      {view.result.years.map((y, i) => (
        <YearSection key={y.year} y={y} previous={view.result.years[i - 1]} view={view} onEnterRate={onEnterRate} />
      ))}
      <AttainmentForm contract={contract} request={rateRequest} />
      <WhatIfPanel contract={contract} current={view} />
    </div>
  );
}
