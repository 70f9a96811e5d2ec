// Shared pieces of the money screens: the "Comment ce montant est calculé" button and dialog,
// source tags, the tranche table, and per-field API error helpers.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { TAG_LABELS, type Tag } from '../../shared/domain/rules';
import type { ExplanationLine, Source, TrancheKind } from '../../shared/domain/fundingTypes';
import type { MoneyTotals, TrancheStatus } from '../../shared/views';
import { ApiFailure } from '../api/client';
import { trancheBalance } from '../../shared/domain/allocation';
import { date, euros } from '../i18n/format';
import { Badge, Money, StatCard } from './ui';
import { ChoiceLink, LinkedText, SourceRefs, SOURCES_PATH, isModellingChoiceName } from './sources';
import { Link } from 'react-router';

export const KIND_LABELS: Record<TrancheKind, string> = {
  fonctionnement: 'Fonctionnement',
  advance: 'Avance',
  balance: 'Solde',
  variable: 'Part variable',
  adjustment: 'Ajustement (addendum)',
};

export const EXPLAIN_NAME = 'Comment ce montant est calculé';

/** One source of a figure: its verification tag and reference numbers, or the contract's annex. */
export function SourceTag({ source }: { source: Source }) {
  if (source.origin === 'contract') {
    return (
      <span className="source">
        <Badge tone="ok" title="Montant saisi d’après l’annexe du contrat">
          Annexe du contrat
        </Badge>
      </span>
    );
  }
  // A modelling choice links to its entry on the sources page ("mc" names it when the engine says which).
  const mc = 'mc' in source && isModellingChoiceName(source.mc) ? source.mc : null;
  return (
    <span className="source">
      {source.tag === 'MC' ? (
        <ChoiceLink name={mc}>
          <TagBadge tag="MC" />
        </ChoiceLink>
      ) : (
        <TagBadge tag={source.tag} />
      )}
      <SourceRefs ids={source.sourceIds} />
    </span>
  );
}

export function TagBadge({ tag }: { tag: Tag }) {
  return (
    <span className={`badge tag tag-${tag}`} title={TAG_LABELS[tag]}>
      {tag}
    </span>
  );
}

function ExplainDialog({ title, lines, onClose }: { title: string; lines: ExplanationLine[]; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const tags = [...new Set(lines.flatMap((l) => l.sources.filter((s) => s.origin === 'table').map((s) => s.tag)))];
  const hasContract = lines.some((l) => l.sources.some((s) => s.origin === 'contract'));
  return (
    <dialog
      ref={ref}
      className="explain-dialog"
      aria-labelledby={headingId}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) e.currentTarget.close();
      }}
    >
      <div className="dialog-head">
        <div>
          <h2 id={headingId}>{EXPLAIN_NAME}</h2>
          <p className="subtitle">{title}</p>
        </div>
        <button type="button" className="button small" onClick={() => ref.current?.close()}>
          Fermer
        </button>
      </div>
      {lines.length === 0 ? (
        <p className="muted">Aucun détail de calcul pour ce montant.</p>
      ) : (
        <ol className="explain-lines" aria-label="Lignes du calcul">
          {lines.map((l, i) => (
            <li key={i}>
              <div className="explain-head">
                <span className="explain-label">{l.label}</span>
                <span className="explain-amount">
                  {l.amountCents !== null ? (
                    <Money cents={l.amountCents} strong />
                  ) : l.state === 'refused' ? (
                    <Badge tone="late">refusé</Badge>
                  ) : l.state === 'pending' ? (
                    <Badge tone="warn">en attente</Badge>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </span>
              </div>
              <div className="formula">{l.formula}</div>
              {l.note && (
                <div className="explain-note">
                  <LinkedText text={l.note} />
                </div>
              )}
              <div className="explain-sources">
                <span className="muted small">Sources : </span>
                {l.sources.length === 0 ? (
                  <span className="muted small">aucune (calcul de l’application)</span>
                ) : (
                  l.sources.map((s, j) => <SourceTag key={j} source={s} />)
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      {(tags.length > 0 || hasContract) && (
        <dl className="tag-legend">
          {tags.map((t) => (
            <div key={t}>
              <dt>
                <TagBadge tag={t} />
              </dt>
              <dd>{TAG_LABELS[t]}</dd>
            </div>
          ))}
          {hasContract && (
            <div>
              <dt>
                <Badge tone="ok">Annexe du contrat</Badge>
              </dt>
              <dd>montant saisi d’après l’annexe signée du contrat</dd>
            </div>
          )}
        </dl>
      )}
      <p className="muted small">
        Les numéros de sources et les choix de modélisation renvoient à la page{' '}
        <Link to={SOURCES_PATH}>Sources et choix de modélisation</Link>.
      </p>
    </dialog>
  );
}

/** Small button next to an amount; opens the dialog listing how the amount is computed. */
export function ExplainButton({ title, lines }: { title: string; lines: ExplanationLine[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="explain-btn"
        aria-label={`${EXPLAIN_NAME} : ${title}`}
        title={`${EXPLAIN_NAME} : ${title}`}
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">?</span>
      </button>
      {open && createPortal(<ExplainDialog title={title} lines={lines} onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}

/** An amount with its explanation button. */
export function ExplainedMoney({ cents, title, lines, strong }: { cents: number | null; title: string; lines: ExplanationLine[]; strong?: boolean }) {
  return (
    <span className="explained">
      <Money cents={cents} strong={strong} />
      <ExplainButton title={title} lines={lines} />
    </span>
  );
}

export function TrancheState({ t, today }: { t: TrancheStatus; today: string }) {
  if (t.overdue) return <Badge tone="late">En retard</Badge>;
  const { excessCents } = trancheBalance(t.amountCents, t.paidCents);
  if (excessCents > 0) return <Badge tone="warn">Trop-perçu : {euros(excessCents)}</Badge>;
  if (t.amountCents < 0) return <Badge tone="info">{t.outstandingCents < 0 ? 'Reprise à retenir' : 'Reprise retenue'}</Badge>;
  if (t.outstandingCents <= 0 && t.amountCents > 0) return <Badge tone="ok">Soldée</Badge>;
  if (t.paidCents > 0) return <Badge tone="warn">Partiellement versée</Badge>;
  if (t.dueOn <= today) return <Badge tone="info">Échue</Badge>;
  return <Badge>À venir</Badge>;
}

/** The cards of a contract's totals that follow its first: paid, outstanding, overdue, due within 60 days. */
export function TotalsCards({ totals, outstandingTestId }: { totals: MoneyTotals; outstandingTestId?: string }) {
  return (
    <>
      <StatCard label="Versé" value={<Money cents={totals.paidCents} />} />
      <StatCard label="Reste à verser" value={<Money cents={totals.outstandingCents} />} testId={outstandingTestId} />
      <StatCard label="En retard" value={<Money cents={totals.overdueCents} />} tone={totals.overdueCents > 0 ? 'late' : undefined} />
      <StatCard label="Dû dans les 60 jours" value={<Money cents={totals.dueNext60Cents} />} />
    </>
  );
}

/** The schedule: due date, label, kind, amount due, paid, outstanding; overdue rows stand out. */
export function TrancheTable({
  tranches,
  today,
  label,
  showYear = false,
  explain = true,
  empty = 'Aucune échéance.',
}: {
  tranches: TrancheStatus[];
  today: string;
  label: string;
  showYear?: boolean;
  explain?: boolean;
  empty?: ReactNode;
}) {
  if (tranches.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="table compact tranche-table" aria-label={label}>
      <colgroup>
        <col className="col-date" />
        {showYear && <col className="col-year" />}
        <col />
        <col className="col-kind" />
        <col className="col-money" />
        <col className="col-money" />
        <col className="col-money" />
        <col className="col-state" />
      </colgroup>
      <thead>
        <tr>
          <th>Échéance</th>
          {showYear && <th>Année</th>}
          <th>Libellé</th>
          <th>Nature</th>
          <th className="num">Montant dû</th>
          <th className="num">Versé</th>
          <th className="num">Reste dû</th>
          <th>État</th>
        </tr>
      </thead>
      <tbody>
        {tranches.map((t) => (
          <tr key={t.id} className={t.overdue ? 'row-late' : t.outstandingCents <= 0 ? 'row-settled' : ''}>
            <td className="nowrap">{date(t.dueOn)}</td>
            {showYear && <td>{t.year}</td>}
            <td>{t.label}</td>
            <td>{KIND_LABELS[t.kind]}</td>
            <td className="num">
              {explain ? <ExplainedMoney cents={t.amountCents} title={t.label} lines={t.explanation} /> : <Money cents={t.amountCents} />}
            </td>
            <td className="num">
              <Money cents={t.paidCents} />
            </td>
            <td className="num">
              <Money cents={t.outstandingCents} strong={t.outstandingCents > 0} />
            </td>
            <td>
              <TrancheState t={t} today={today} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Per-field messages of a failed write, and the overall message. */
export interface FormErrors {
  message: string | null;
  fields: Record<string, string>;
}

export const NO_ERRORS: FormErrors = { message: null, fields: {} };

export function formErrors(err: unknown): FormErrors {
  if (err instanceof ApiFailure) return { message: err.message, fields: err.fields };
  return { message: err instanceof Error ? err.message : String(err), fields: {} };
}

/** The message of a field, or of one of its sub-paths ("trancheIds" covers "trancheIds.0"). */
export function fieldError(errors: FormErrors, name: string): string | undefined {
  if (errors.fields[name]) return errors.fields[name];
  const key = Object.keys(errors.fields).find((k) => k.startsWith(`${name}.`));
  return key ? errors.fields[key] : undefined;
}

/** Props that tie an input to its error message (aria-invalid + aria-describedby). */
export function invalidProps(id: string, error: string | undefined) {
  return error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {};
}

/** The overall message of a refused write ("Le versement n’a pas été enregistré : …"). */
export function FormMessage({ errors, refused }: { errors: FormErrors; refused: string }) {
  if (!errors.message) return null;
  const shownOnField = Object.values(errors.fields).includes(errors.message);
  return (
    <div className="error-box form-error" role="alert">
      {refused} : {shownOnField ? 'corrigez les champs signalés.' : errors.message}
    </div>
  );
}
