// The contract's envelopes: per contract year, the annual amounts the engine computes from
// (pre-filled from the national table of the text in force, overridden by the contract's annex),
// with their origin; each cell can be corrected with a reason, for all years or one year.
// Beside each year: the contract's own yearly maximum and the published ceilings of the rule
// tables (shared/domain/ceilings.ts, computed here from the cells of the view).
import { Fragment, useState } from 'react';
import type { ContractDetail } from '../../../shared/api';
import { crisisYearKinds, yearAmountsFromCells, yearCeilings, type CrisisYearKind, type PublishedCeiling, type YearCeilings } from '../../../shared/domain/ceilings';
import { MISSION_LABELS } from '../../../shared/domain/missions';
import { TEXT_VERSION_LABELS, isTextVersionId, type SizeBand as SizeBandId, type TextVersionId } from '../../../shared/domain/rules';
import type { EnvelopeLine } from '../../../shared/schemas/money';
import type { EnvelopeCell, EnvelopeChange, EnvelopeYear } from '../../../shared/views';
import { useApi } from '../../api/hooks';
import { Badge, ErrorBox, HiddenHeader, Loading, Money, SizeBand } from '../../components/ui';
import { FormRow, StatusMessage } from '../../components/form';
import { TagBadge } from '../../components/money';
import { date } from '../../i18n/format';
import { EnvelopeCellForm } from './EnvelopeCellForm';

const LINE_LABELS: Record<EnvelopeLine, string> = {
  fonctionnement: 'Fonctionnement',
  fixed: 'Part fixe',
  variable: 'Part variable',
  fixedLater: 'Part fixe, années suivantes (mise à jour du plan)',
};

const versionLabel = (v: string) => TEXT_VERSION_LABELS[v as TextVersionId] ?? v;

function Origin({ cell, year }: { cell: EnvelopeCell; year: EnvelopeYear }) {
  if (cell.origin === 'contract') {
    return (
      <div>
        <Badge tone="ok">Annexe du contrat</Badge>
        {cell.reason && <div className="small">Motif : {cell.reason}</div>}
      </div>
    );
  }
  if (cell.origin === 'missing') {
    return (
      <div>
        <Badge tone="late">Manquant</Badge>
        <div className="small late-text">{cell.note}</div>
      </div>
    );
  }
  return (
    <div>
      <span className="origin-table">Table {versionLabel(year.textVersion)}</span> {cell.tag && <TagBadge tag={cell.tag} />}
      {cell.sourceIds.length > 0 && <span className="muted small"> sources n° {cell.sourceIds.join(', ')}</span>}
      {cell.tag === 'U' ? (
        <div className="small warn-text">
          <Badge tone="warn">à vérifier avec l'annexe du contrat</Badge>
        </div>
      ) : (
        cell.note && <div className="muted small">{cell.note}</div>
      )}
    </div>
  );
}

const toSizeBand = (n: number): SizeBandId | null => (n === 1 || n === 2 || n === 3 || n === 4 ? n : null);

/** The year's ceilings, from the cells the view returns; null if the view names an unknown text or band. */
function ceilingsOf(y: EnvelopeYear, crisis: CrisisYearKind): YearCeilings | null {
  const band = toSizeBand(y.sizeBand);
  if (!isTextVersionId(y.textVersion) || band === null) return null;
  return yearCeilings(yearAmountsFromCells({ year: y.year, to: y.to, textVersion: y.textVersion, sizeBand: band, cells: y.cells }, crisis));
}

function CeilingSources({ c }: { c: PublishedCeiling }) {
  return (
    <>
      (<TagBadge tag={c.tag} />
      {c.sourceIds.length > 0 ? `, sources n° ${c.sourceIds.join(', ')}` : c.note ? `, ${c.note.replace(/\.$/u, '')}` : ''})
    </>
  );
}

function Ceilings({ year, r, crisis }: { year: number; r: YearCeilings; crisis: CrisisYearKind }) {
  const overCap = r.ceilings.some((c) => c.kind === 'cap' && c.exceeded);
  return (
    <div className={`ceilings ${overCap ? 'warn-box' : 'info-box'}`} role="group" aria-label={`Plafonds publiés, année ${year}`}>
      <p>
        <strong>
          Maximum annuel du contrat : <Money cents={r.contractMaxCents} strong />
        </strong>{' '}
        {r.missingLines > 0 && <Badge tone="late">partiel</Badge>}
        <span className="muted small">
          {' '}
          fonctionnement + parts fixes + parts variables à atteinte complète, avant prorata
          {crisis !== 'none' && (crisis === 'plan' ? ', part fixe de crise de l’année du plan' : ', part fixe de crise des années de mise à jour')}
        </span>
      </p>
      {r.ceilings.length > 0 && (
        <ul className="refusals">
          {r.ceilings.map((c) => (
            <li key={c.key}>
              Plafond publié : <Money cents={c.cents} strong /> <CeilingSources c={c} /> — {c.label}
              {c.fallback && ' (le plus élevé du texte pour cette taille)'}
              {c.comparedCents !== r.contractMaxCents && (
                <span className="muted small">
                  {' '}
                  ; comparé au maximum hors part variable de crise : <Money cents={c.comparedCents} />
                </span>
              )}{' '}
              {!c.exceeded ? (
                <Badge tone="ok">respecté</Badge>
              ) : c.kind === 'cap' ? (
                <Badge tone="late" title={c.message ?? undefined}>
                  Plafond dépassé de <Money cents={c.excessCents} />
                </Badge>
              ) : (
                <Badge tone="warn" title={c.message ?? undefined}>
                  au-delà de <Money cents={c.excessCents} /> : à vérifier
                </Badge>
              )}
              {c.kind === 'partial' && c.exceeded && (
                <div className="small muted">Ce total ne comprend pas {c.leavesOut ?? 'toutes les lignes'} : normal si l’annexe du contrat le prévoit.</div>
              )}
            </li>
          ))}
        </ul>
      )}
      {/* The messages not already on a ceiling's line: missing amounts, nothing published for the band. */}
      {r.warnings
        .filter((w) => !r.ceilings.some((c) => c.message === w))
        .map((w) => (
          <div key={w} className="small late-text">
            {w}
          </div>
        ))}
      {r.notes
        .filter((w) => !r.ceilings.some((c) => c.message === w))
        .map((w) => (
          <div key={w} className="small muted">
            {w}
          </div>
        ))}
    </div>
  );
}

function YearTable({
  contractId,
  y,
  crisis,
  editing,
  setEditing,
  saved,
  setSaved,
}: {
  contractId: number;
  y: EnvelopeYear;
  crisis: CrisisYearKind;
  editing: string | null;
  setEditing: (k: string | null) => void;
  saved: string | null;
  setSaved: (msg: string | null) => void;
}) {
  const missing = y.cells.filter((c) => c.origin === 'missing').length;
  const unverified = y.cells.filter((c) => c.origin === 'table' && c.tag === 'U').length;
  const keyOf = (c: EnvelopeCell) => `${y.year}|${c.line}|${c.mission ?? ''}`;
  const ceilings = ceilingsOf(y, crisis);
  const overCap = ceilings?.ceilings.some((c) => c.kind === 'cap' && c.exceeded) ?? false;
  return (
    <section className="year-section card" aria-labelledby={`env-annee-${y.year}`}>
      <header className="year-head">
        <h2 id={`env-annee-${y.year}`}>
          Année {y.year}{' '}
          <span className="year-dates">
            du {date(y.from)} au {date(y.to)}
          </span>
        </h2>
        <div className="year-facts">
          <Badge>Texte : {versionLabel(y.textVersion)}</Badge>
          <SizeBand band={y.sizeBand} />
          {missing > 0 && <Badge tone="late">{missing} montant{missing > 1 ? 's' : ''} manquant{missing > 1 ? 's' : ''}</Badge>}
          {unverified > 0 && <Badge tone="warn">{unverified} à vérifier</Badge>}
          {overCap && <Badge tone="late">Plafond publié dépassé</Badge>}
        </div>
      </header>
      <StatusMessage message={saved} />
      <table className="table compact envelopes-table" aria-label={`Enveloppes, année ${y.year}`}>
        <colgroup>
          <col className="col-line" />
          <col className="col-money" />
          <col />
          <col className="col-action" />
        </colgroup>
        <thead>
          <tr>
            <th>Ligne</th>
            <th className="num">Montant annuel</th>
            <th>Origine</th>
            <HiddenHeader>Actions</HiddenHeader>
          </tr>
        </thead>
        <tbody>
          {y.cells.map((c) => {
            const k = keyOf(c);
            return (
              <Fragment key={k}>
                <tr className={c.origin === 'missing' ? 'row-missing' : c.tag === 'U' && c.origin === 'table' ? 'row-warn' : ''}>
                  <th scope="row">{c.label}</th>
                  <td className="num">{c.cents === null ? <span className="muted">—</span> : <Money cents={c.cents} strong />}</td>
                  <td>
                    <Origin cell={c} year={y} />
                  </td>
                  <td>
                    {editing !== k && (
                      <button
                        type="button"
                        className="button small"
                        aria-label={`${c.origin === 'missing' ? 'Saisir' : 'Modifier'} ${c.label}, année ${y.year}`}
                        onClick={() => {
                          setSaved(null);
                          setEditing(k);
                        }}
                      >
                        {c.origin === 'missing' ? 'Saisir' : 'Modifier'}
                      </button>
                    )}
                  </td>
                </tr>
                {editing === k && (
                  <FormRow cols={4}>
                    <EnvelopeCellForm
                      contractId={contractId}
                      cell={c}
                      year={y.year}
                      onDone={(msg) => {
                        setEditing(null);
                        setSaved(msg);
                      }}
                    />
                  </FormRow>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {ceilings && <Ceilings year={y.year} r={ceilings} crisis={crisis} />}
    </section>
  );
}

function History({ history }: { history: EnvelopeChange[] }) {
  if (history.length === 0) return <p className="muted">Aucune modification : tous les montants viennent de la table nationale.</p>;
  return (
    <table className="table compact" aria-label="Historique des modifications d’enveloppes">
      <thead>
        <tr>
          <th>Enregistré le</th>
          <th>Portée</th>
          <th>Ligne</th>
          <th className="num">Montant annuel</th>
          <th>Motif</th>
        </tr>
      </thead>
      <tbody>
        {history.map((h, i) => (
          <tr key={i}>
            <td className="nowrap">
              {date(h.recordedAt.slice(0, 10))} <span className="muted small">{h.recordedAt.slice(11, 16)}</span>
            </td>
            <td>{h.year === null ? 'Toutes les années' : `Année ${h.year} seulement`}</td>
            <td>
              {LINE_LABELS[h.line]}
              {h.mission && ` — ${MISSION_LABELS[h.mission]}`}
            </td>
            <td className="num">
              <Money cents={h.cents} />
            </td>
            <td>{h.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function EnvelopesTab({ contract }: { contract: ContractDetail }) {
  const q = useApi('envelopes.get', { contractId: contract.id });
  // One edit form at a time, so its fields keep unique labels.
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ year: number; message: string } | null>(null);
  if (q.isLoading) return <Loading what="Chargement des enveloppes" />;
  if (q.error || !q.data) return <ErrorBox error={q.error ?? new Error('Enveloppes indisponibles.')} />;
  const view = q.data;
  const missing = view.years.reduce((n, y) => n + y.cells.filter((c) => c.origin === 'missing').length, 0);
  const crisisKinds = crisisYearKinds(
    view.years.map((y) => ({ year: y.year, to: y.to, providesCrisis: y.cells.some((c) => c.mission === 'crise_sanitaire') })),
    contract.missions.find((m) => m.code === 'crise_sanitaire')?.startedOn ?? null,
    contract.signedOn,
  );
  return (
    <div className="envelopes-tab">
      <div className="info-box">
        Montants annuels à taux plein avant prorata. Ils viennent de la table nationale du texte applicable à chaque année ; saisissez ceux de l’annexe
        signée du contrat quand elle diffère ou quand la table n’en donne pas. Chaque modification garde son motif. Sous chaque année, le
        maximum annuel du contrat est comparé aux plafonds publiés du texte applicable.
      </div>
      {missing > 0 && (
        <div className="warn-box" role="note">
          {missing} montant{missing > 1 ? 's' : ''} manquant{missing > 1 ? 's' : ''} : les lignes concernées ne sont pas calculées dans l’échéancier tant
          que le montant de l’annexe n’est pas saisi.
        </div>
      )}
      {view.years.map((y) => (
        <YearTable
          key={y.year}
          contractId={contract.id}
          y={y}
          crisis={crisisKinds.get(y.year) ?? 'none'}
          editing={editing}
          setEditing={setEditing}
          saved={saved?.year === y.year ? saved.message : null}
          setSaved={(message) => setSaved(message ? { year: y.year, message } : null)}
        />
      ))}
      <section className="panel" aria-labelledby="env-historique">
        <h2 id="env-historique">Historique des modifications</h2>
        <History history={view.history} />
      </section>
    </div>
  );
}
