// The yearly annex of the contract: per mission, the variable envelope against the indicators'
// amounts; actions with their livrables (ticked, with evidence) and indicators (paliers, target
// and its revisions, values, evidence, earned amount and how it is computed).
import { Fragment, createContext, useContext, useState } from 'react';
import { Link } from 'react-router';
import type { ContractDetail } from '../../../shared/api';
import { compareIso, isIsoDate, minIso } from '../../../shared/dates';
import { contractYearOf } from '../../../shared/domain/contractYears';
import { PAYMENT_LABELS, UNIT_LABELS } from '../../../shared/domain/indicators';
import type { ActionRow, AnnexMission, AnnexView, IndicatorRow, LivrableRow } from '../../../shared/indicatorViews';
import { useApi, useApiMutation } from '../../api/hooks';
import { Badge, ErrorBox, HiddenHeader, Loading, Money, StatCard } from '../../components/ui';
import { date, euros } from '../../i18n/format';
import { AddActionForm, AddIndicatorForm, AddLivrableForm, RecordValueForm } from './IndicatorForms';
import { SeriesChart } from './SeriesChart';
import { AnnexWorkbookImport } from './AnnexWorkbookImport';
import { DIRECTION_LABELS, EvidenceDrop, EvidenceList, KIND_LABELS, SOURCE_LABELS, shown } from './shared';

/** One add-form open at a time in the tab. */
const OpenForm = createContext<{ open: string | null; setOpen: (k: string | null) => void }>({ open: null, setOpen: () => undefined });

interface Ctx {
  contractId: number;
  today: string;
  annex: AnnexView;
  /** The year's annual dialogue is closed: the annex no longer changes ("année arrêtée"). */
  closed: boolean;
}
const AnnexCtx = createContext<Ctx | null>(null);
const useAnnex = (): Ctx => useContext(AnnexCtx)!;

/** Default date of a new measure or livrable: today, or the year's last day for a past year. */
function defaultDate(annex: AnnexView, today: string): string {
  return compareIso(today, annex.from) < 0 ? annex.from : minIso(today, annex.to);
}

function YearPicker({ year, setYear, annex, current }: { year: number; setYear: (y: number) => void; annex?: AnnexView; current: number | null }) {
  return (
    <div className="year-nav annex-years" role="group" aria-label="Année de l’annexe">
      {[1, 2, 3, 4, 5].map((y) => {
        const has = annex?.yearsWithAnnex.includes(y);
        return (
          <button key={y} type="button" className={`button small year-button${y === year ? ' primary' : ''}`} aria-pressed={y === year} onClick={() => setYear(y)}>
            Année {y}
            {y === current && <span className="year-current"> · en cours</span>}
            {has ? (
              <>
                <span className="dot-ok" title="Annexe saisie" aria-hidden="true" />
                <span className="visually-hidden"> (annexe saisie)</span>
              </>
            ) : (
              <span className="visually-hidden"> (pas d’annexe)</span>
            )}
          </button>
        );
      })}
      {annex && (
        <span className="muted">
          Année {annex.year} : du {date(annex.from)} au {date(annex.to)}
          {annex.copiedFromYear !== null && ` · copiée de l’annexe de l’année ${annex.copiedFromYear}`}
        </span>
      )}
    </div>
  );
}

function NoAnnex({ annex }: { annex: AnnexView }) {
  const create = useApiMutation('annex.create');
  const earlier = annex.yearsWithAnnex.filter((y) => y < annex.year).sort((a, b) => b - a);
  return (
    <section className="card empty-annex" aria-labelledby="annexe-vide">
      <h2 id="annexe-vide">Pas encore d’annexe pour l’année {annex.year}</h2>
      <p className="muted">
        L’annexe de l’année fixe, par mission, les actions, leurs livrables et les indicateurs avec leurs montants. Partez de l’annexe d’une année précédente : les actions non
        atteintes y seront marquées « reportées » et les cibles révisées reprises.
      </p>
      <div className="form-actions">
        {earlier.map((y, i) => (
          <button
            key={y}
            type="button"
            className={`button${i === 0 ? ' primary' : ''}`}
            disabled={create.isPending}
            onClick={() => create.mutate({ contractId: annex.contractId, year: annex.year, copyFromYear: y })}
          >
            Copier l’annexe de l’année {y}
          </button>
        ))}
        <button
          type="button"
          className={`button${earlier.length === 0 ? ' primary' : ''}`}
          disabled={create.isPending}
          onClick={() => create.mutate({ contractId: annex.contractId, year: annex.year, copyFromYear: null })}
        >
          Créer l’annexe vide
        </button>
      </div>
      <ErrorBox error={create.error} />
    </section>
  );
}

function Summary({ annex }: { annex: AnnexView }) {
  const withIndicators = annex.missions.filter((m) => m.actions.some((a) => a.indicators.length > 0));
  const totalEnv = annex.missions.reduce((s, m) => s + (m.code === 'crise_sanitaire' ? 0 : (m.variableEnvelopeCents ?? 0)), 0);
  const totalMax = annex.missions.reduce((s, m) => s + m.indicatorsMaxCents, 0);
  const earnedKnown = withIndicators.every((m) => m.earnedCents !== null);
  const totalEarned = withIndicators.reduce((s, m) => s + (m.earnedCents ?? 0), 0);
  const warnings = annex.missions.filter((m) => m.warning).length;
  return (
    <section className="cards money-cards" aria-label={`Synthèse de l’annexe, année ${annex.year}`}>
      <StatCard label="Part variable des missions" value={<Money cents={totalEnv} />}>
        <div className="stat-sub">hors crise sanitaire (versée si l’ARS reconnaît une crise)</div>
      </StatCard>
      <StatCard label="Somme des indicateurs" value={<Money cents={totalMax} />} tone={warnings > 0 ? 'warn' : undefined}>
        <div className="stat-sub">{warnings > 0 ? `${warnings} mission(s) dont les montants ne font pas la part variable` : 'conforme aux parts variables'}</div>
      </StatCard>
      <StatCard label="Acquis à ce jour" value={earnedKnown ? <Money cents={totalEarned} /> : <span className="pending-label">incomplet</span>}>
        <div className="stat-sub">{earnedKnown ? 'd’après les valeurs validées ou mesurées' : `au moins ${euros(totalEarned)} ; des valeurs manquent`}</div>
      </StatCard>
    </section>
  );
}

function Paliers({ row }: { row: IndicatorRow }) {
  if (row.payment !== 'paliers') {
    return (
      <>
        <div>{PAYMENT_LABELS[row.payment]}</div>
        <div className="small">
          <Money cents={row.amountCents} />
        </div>
      </>
    );
  }
  const sign = row.direction === 'higher' ? '≥' : '≤';
  return (
    <>
      <div>{PAYMENT_LABELS.paliers}</div>
      <ul className="paliers small" aria-label={`Paliers : ${row.label}`}>
        {row.paliers.map((p, i) => (
          <li key={i}>
            <span className="palier-name">{p.label}</span>
            <span className="palier-threshold">
              {sign} {shown(p.threshold, row.unit)}
            </span>
            <Money cents={p.amountCents} />
          </li>
        ))}
      </ul>
    </>
  );
}

function TargetCell({ row }: { row: IndicatorRow }) {
  return (
    <>
      <div className="strong-num">{row.unit === 'yesno' && row.target === null ? 'oui' : shown(row.target, row.unit)}</div>
      {row.targetHistory.map((h, i) => (
        <div key={i} className="target-rev small" title={h.decision}>
          révisée le {date(h.decidedOn)} : {shown(h.oldTarget, row.unit)} → {shown(h.newTarget, row.unit)}
        </div>
      ))}
    </>
  );
}

function IndicatorDetail({ row, colSpan }: { row: IndicatorRow; colSpan: number }) {
  const { contractId, annex, today } = useAnnex();
  return (
    <tr className="row-detail" id={`indicateur-${row.id}-detail`}>
      <td colSpan={colSpan}>
        <div className="formula-line">
          <span className="label-like">Calcul</span>{' '}
          <span className="formula">{row.earned.formula}</span>{' '}
          {row.earnedFrom === 'validated' && <Badge tone="ok">d’après la valeur validée en dialogue</Badge>}
          {row.earnedFrom === 'measured' && <Badge tone="warn">d’après la dernière valeur mesurée (provisoire)</Badge>}
        </div>
        <div className="indicator-detail">
          <div>
            <RecordValueForm row={row} defaultDate={defaultDate(annex, today)} />
            <h4>Valeurs mesurées</h4>
            {row.values.length === 0 ? (
              <p className="muted small">Aucune valeur.</p>
            ) : (
              <ul className="values-list small" aria-label={`Valeurs mesurées : ${row.label}`}>
                {row.values.map((v, i) => (
                  <li key={i}>
                    <strong>{shown(v.value, row.unit)}</strong> au {date(v.measuredOn)}
                    {v.comment && <span className="muted"> — {v.comment}</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <h4>Pièces justificatives</h4>
            <EvidenceList items={row.evidence} label={row.label} />
            <EvidenceDrop contractId={contractId} target={{ indicatorId: row.id }} label={row.label} />
          </div>
          <div>
            <h4>Valeur et cible par année</h4>
            <SeriesChart label={row.label} unit={row.unit} series={row.series} baseline={row.baseline} />
            {row.targetHistory.length > 0 && (
              <>
                <h4>Historique de la cible</h4>
                <ul className="values-list small" aria-label={`Historique de la cible : ${row.label}`}>
                  {row.targetHistory.map((h, i) => (
                    <li key={i}>
                      {shown(h.oldTarget, row.unit)} → <strong>{shown(h.newTarget, row.unit)}</strong>, décidé le {date(h.decidedOn)}
                      <div className="muted">{h.decision}</div>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </div>
      </td>
    </tr>
  );
}

const COLS = 9;

function IndicatorLine({ row }: { row: IndicatorRow }) {
  const [open, setOpen] = useState(false);
  const noEvidence = row.value !== null && row.evidence.length === 0;
  return (
    <>
      <tr className={open ? 'row-open' : row.value === null && row.maxCents > 0 ? 'row-warn' : ''}>
        <th scope="row">
          <div>{row.label}</div>
          <div className="indicator-meta small">
            <Badge tone={row.kind === 'result' ? 'info' : 'neutral'}>{KIND_LABELS[row.kind]}</Badge> {UNIT_LABELS[row.unit]} · {SOURCE_LABELS[row.source]} ·{' '}
            <span title={DIRECTION_LABELS[row.direction]}>
              {row.direction === 'higher' ? '↗' : '↘'} {DIRECTION_LABELS[row.direction].toLowerCase()}
            </span>
          </div>
        </th>
        <td>
          <Paliers row={row} />
        </td>
        <td className="num">
          {shown(row.baseline, row.unit)}
          {row.baselineOn && <div className="date-line">au {date(row.baselineOn)}</div>}
        </td>
        <td className="num">
          <TargetCell row={row} />
        </td>
        <td className="num">
          {row.value ? (
            <>
              <div className="strong-num">{shown(row.value.value, row.unit)}</div>
              <div className="date-line">au {date(row.value.measuredOn)}</div>
            </>
          ) : (
            <Badge tone="warn">à saisir</Badge>
          )}
        </td>
        <td className="num">{row.validated !== null ? <Badge tone="ok">{shown(row.validated, row.unit)}</Badge> : <span className="muted">—</span>}</td>
        <td className="num earned-cell">
          {row.earned.cents !== null ? <Money cents={row.earned.cents} strong /> : <span className="muted">—</span>}
          <div className="date-line">sur {euros(row.maxCents)}</div>
        </td>
        <td className="num">
          {noEvidence ? (
            <Badge tone="warn" title="Valeur sans pièce justificative">
              0
            </Badge>
          ) : (
            <span>{row.evidence.length}</span>
          )}
        </td>
        <td className="nowrap">
          <button
            type="button"
            className={`button small details-button${open ? ' is-open' : ''}`}
            aria-expanded={open}
            aria-controls={open ? `indicateur-${row.id}-detail` : undefined}
            aria-label={`Détails de l’indicateur : ${row.label}`}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? 'Fermer ▴' : 'Détails ▾'}
          </button>
        </td>
      </tr>
      {open && <IndicatorDetail row={row} colSpan={COLS} />}
    </>
  );
}

function IndicatorsTable({ action }: { action: ActionRow }) {
  if (action.indicators.length === 0) return <p className="muted small">Aucun indicateur pour cette action.</p>;
  return (
    <table className="table compact indicators-table" aria-label={`Indicateurs : ${action.label}`}>
      <colgroup>
        <col className="col-label" />
        <col className="col-pay" />
        <col className="col-val" />
        <col className="col-target" />
        <col className="col-val" />
        <col className="col-val" />
        <col className="col-money" />
        <col className="col-ev" />
        <col className="col-act" />
      </colgroup>
      <thead>
        <tr>
          <th>Indicateur</th>
          <th>Rémunération</th>
          <th className="num">Initiale</th>
          <th className="num">Cible</th>
          <th className="num">Dernière valeur</th>
          <th className="num">Validée</th>
          <th className="num">Acquis</th>
          <th className="num" title="Pièces justificatives">
            Pièces
          </th>
          <HiddenHeader>Actions</HiddenHeader>
        </tr>
      </thead>
      <tbody>
        {action.indicators.map((row) => (
          <IndicatorLine key={row.id} row={row} />
        ))}
      </tbody>
    </table>
  );
}

function Livrable({ l }: { l: LivrableRow }) {
  const { contractId, annex, today } = useAnnex();
  const tick = useApiMutation('annex.tickLivrable');
  const [day, setDay] = useState(l.doneOn ?? defaultDate(annex, today));
  // Shown at once; the row is re-created (key) when the annex comes back with the new state.
  const [optimistic, setOptimistic] = useState<boolean | null>(null);
  const done = optimistic ?? l.doneOn !== null;
  return (
    <tr className={done ? 'is-done' : ''}>
      <th scope="row">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={done}
            disabled={tick.isPending}
            aria-label={`Livrable remis : ${l.label}`}
            onChange={(e) => {
              setOptimistic(e.target.checked);
              tick.mutate({ livrableId: l.id, doneOn: e.target.checked ? day : null }, { onError: () => setOptimistic(null) });
            }}
          />
          <span className="livrable-label">{l.label}</span>
        </label>
        {tick.error && (
          <div className="field-error" role="alert">
            {tick.error.message}
          </div>
        )}
      </th>
      <td className="nowrap">
        <input
          type="date"
          className="livrable-date"
          value={day}
          aria-label={`${done ? 'Remis le' : 'Date de remise'} : ${l.label}`}
          onChange={(e) => {
            setDay(e.target.value);
            if (done && isIsoDate(e.target.value)) tick.mutate({ livrableId: l.id, doneOn: e.target.value });
          }}
        />{' '}
        {done ? <Badge tone="ok">Remis</Badge> : <Badge>À remettre</Badge>}
      </td>
      <td>
        <EvidenceList items={l.evidence} label={l.label} />
      </td>
      <td>
        <EvidenceDrop contractId={contractId} target={{ livrableId: l.id }} label={l.label} compact />
      </td>
    </tr>
  );
}

function Action({ action }: { action: ActionRow }) {
  const { open, setOpen } = useContext(OpenForm);
  const { closed } = useAnnex();
  const livKey = `livrable-${action.id}`;
  const indKey = `indicator-${action.id}`;
  return (
    <section className="annex-action" aria-label={`Action : ${action.label}`}>
      <header className="annex-action-head">
        <h3>
          {action.label} {action.carriedOver && <Badge tone="warn" title="Action non atteinte l’année précédente, reportée">Reportée</Badge>}
        </h3>
        {!closed && (
        <div className="actions">
          <button type="button" className="button small" onClick={() => setOpen(open === livKey ? null : livKey)} aria-expanded={open === livKey}>
            Ajouter un livrable
          </button>
          <button type="button" className="button small" onClick={() => setOpen(open === indKey ? null : indKey)} aria-expanded={open === indKey}>
            Ajouter un indicateur
          </button>
        </div>
        )}
      </header>
      <div className="livrables">
        {action.livrables.length === 0 ? (
          <p className="muted small">Aucun livrable.</p>
        ) : (
          <table className="table compact livrables-table" aria-label={`Livrables : ${action.label}`}>
            <colgroup>
              <col />
              <col className="col-date" />
              <col className="col-ev" />
              <col className="col-drop" />
            </colgroup>
            <thead>
              <tr>
                <th>Livrable attendu par la CPAM</th>
                <th>Remise</th>
                <th>Pièces</th>
                <HiddenHeader>Ajouter une pièce</HiddenHeader>
              </tr>
            </thead>
            <tbody>
              {action.livrables.map((l) => (
                <Livrable key={`${l.id}-${l.doneOn ?? ''}`} l={l} />
              ))}
            </tbody>
          </table>
        )}
        {open === livKey && <AddLivrableForm actionId={action.id} actionLabel={action.label} onDone={() => setOpen(null)} />}
      </div>
      <IndicatorsTable action={action} />
      {open === indKey && <AddIndicatorForm actionId={action.id} actionLabel={action.label} onDone={() => setOpen(null)} />}
    </section>
  );
}

function Mission({ m }: { m: AnnexMission }) {
  const { contractId, annex, closed } = useAnnex();
  const { open, setOpen } = useContext(OpenForm);
  const key = `action-${m.code}`;
  const hasIndicators = m.actions.some((a) => a.indicators.length > 0);
  const crisis = m.code === 'crise_sanitaire';
  const missing = m.actions.flatMap((a) => a.indicators).filter((i) => i.value === null && i.maxCents > 0).length;
  return (
    <section className="card mission-section" aria-labelledby={`mission-${m.code}`}>
      <header className="mission-head">
        <h2 id={`mission-${m.code}`}>{m.label}</h2>
        <dl className="mission-figures">
          <div>
            <dt>Part variable</dt>
            <dd>
              <Money cents={m.variableEnvelopeCents} />
            </dd>
          </div>
          <div>
            <dt>Somme des indicateurs</dt>
            <dd className={m.warning ? 'late' : ''}>
              <Money cents={m.indicatorsMaxCents} /> {!m.warning && hasIndicators && !crisis && <span className="ok-text" aria-label="conforme">✓</span>}
            </dd>
          </div>
          <div>
            <dt>Acquis</dt>
            <dd>
              {m.earnedCents !== null ? (
                <Money cents={m.earnedCents} strong />
              ) : hasIndicators ? (
                <span className="pending-label" title="Des indicateurs payants n’ont pas de valeur">
                  {missing} valeur(s) manquante(s)
                </span>
              ) : (
                <span className="muted">—</span>
              )}
            </dd>
          </div>
        </dl>
      </header>
      {m.warning && (
        <div className="warn-box mission-warning" role="note">
          <span aria-hidden="true" className="warn-icon">
            ⚠
          </span>{' '}
          <strong>Montants à revoir :</strong> {m.warning}
        </div>
      )}
      {crisis && hasIndicators && (
        <p className="muted small">Les indicateurs de cette mission ne portent pas de montant : sa part variable n’est versée que si l’ARS reconnaît une crise sanitaire.</p>
      )}
      {m.actions.length === 0 && <p className="muted">Aucune action saisie pour cette mission.</p>}
      {m.actions.map((a) => (
        <Action key={a.id} action={a} />
      ))}
      {closed ? null : open === key ? (
        <AddActionForm contractId={contractId} year={annex.year} mission={m.code} onDone={() => setOpen(null)} />
      ) : (
        <button type="button" className="button small add-action" onClick={() => setOpen(key)}>
          Ajouter une action — {m.label}
        </button>
      )}
    </section>
  );
}

export function IndicatorsTab({ contract }: { contract: ContractDetail }) {
  const info = useApi('app.info', {});
  const today = info.data?.today ?? null;
  const current = today ? contractYearOf(contract.signedOn, today) : null;
  const [picked, setYear] = useState<number | null>(null);
  const year = picked ?? (current !== null ? current : today && compareIso(today, contract.signedOn) < 0 ? 1 : 5);
  const q = useApi('annex.get', { contractId: contract.id, year }, today !== null);
  const reviews = useApi('reviews.list', { contractId: contract.id });
  const closedReview = reviews.data?.slots.find((x) => x.year === year && x.kind === 'annual' && x.status === 'closed') ?? null;
  const [open, setOpen] = useState<string | null>(null);
  if (!today || q.isLoading) return <Loading what="Chargement de l’annexe" />;
  if (q.error || !q.data) return <ErrorBox error={q.error ?? new Error('Annexe indisponible.')} />;
  const annex = q.data;
  return (
    <div className="indicators-tab">
      <YearPicker year={year} setYear={(y) => setYear(y)} annex={annex} current={current} />
      <AnnexWorkbookImport annex={annex} />
      {!annex.exists ? (
        <NoAnnex annex={annex} />
      ) : (
        <AnnexCtx.Provider value={{ contractId: contract.id, today, annex, closed: closedReview !== null }}>
          <OpenForm.Provider value={{ open, setOpen }}>
            {closedReview && (
              <div className="info-box" role="note">
                <Badge tone="ok">Année arrêtée</Badge> Le dialogue annuel de l’année {year} est clos
                {closedReview.heldOn ? ` (tenu le ${date(closedReview.heldOn)})` : ''} : l’annexe (actions, indicateurs, paliers, montants, livrables) et la part variable de l’année ne
                changent plus. Une correction se fait par un addendum daté au{' '}
                {closedReview.reviewId !== null ? <Link to={`/contrats/${contract.id}/dialogues/${closedReview.reviewId}`}>dialogue annuel</Link> : 'dialogue annuel'}, qui peut porter un
                ajustement de montant.
              </div>
            )}
            <Summary annex={annex} />
            {annex.missions.map((m) => (
              <Fragment key={m.code}>
                <Mission m={m} />
              </Fragment>
            ))}
          </OpenForm.Provider>
        </AnnexCtx.Provider>
      )}
    </div>
  );
}
