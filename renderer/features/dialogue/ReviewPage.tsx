// One dialogue de gestion. A draft is edited (séance, participants, indicator by indicator,
// decisions), saved with 'reviews.update' and closed with 'reviews.close'; a closed review is
// read-only and corrected only by dated addenda.
import { Fragment, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ReviewExportButtons } from '../reports/ReviewExportButtons';
import { Link, useParams } from 'react-router';
import type { ContractDetail } from '../../../shared/api';
import { MISSION_LABELS, type MissionCode } from '../../../shared/domain/missions';
import { UNIT_LABELS, type IndicatorUnit } from '../../../shared/domain/indicators';
import {
  DECISION_KINDS,
  DECISION_KIND_LABELS,
  REVIEW_KIND_LABELS,
  REVIEW_STATUSES,
  REVIEW_STATUS_LABELS,
  type DecisionKind,
  type ReviewIndicatorStatus,
} from '../../../shared/schemas/indicators';
import type { DecisionRow, ReviewDetail, ReviewIndicatorRow } from '../../../shared/indicatorViews';
import { formatEurosNumber } from '../../../shared/money';
import { useApi, useApiMutation } from '../../api/hooks';
import { Badge, ErrorBox, FieldError, HiddenHeader, Loading, Money } from '../../components/ui';
import { FormActions, MoneyField, SelectField, StatusMessage, SubmitButton, TextAreaField, TextField, YesNoOptions, useFormWrite } from '../../components/form';
import { NO_ERRORS, formErrors, invalidProps, type FormErrors } from '../../components/money';
import { date, euros } from '../../i18n/format';
import { UNIT_HINTS, shown, valueToText } from '../indicators/shared';

type Organisation = 'CPTS' | 'CPAM' | 'ARS';
const ORGANISATIONS: Organisation[] = ['CPTS', 'CPAM', 'ARS'];

interface LineState {
  presented: string;
  validated: string;
  status: ReviewIndicatorStatus | '';
  comment: string;
}

interface DecisionState {
  kind: DecisionKind;
  text: string;
  indicatorId: string;
  newTarget: string;
  mission: string;
  onDate: string;
  amount: string;
}

interface DraftState {
  heldOn: string;
  place: string;
  agenda: string;
  summary: string;
  participants: { name: string; organisation: Organisation; role: string }[];
  lines: LineState[];
  decisions: DecisionState[];
}

function fromDetail(d: ReviewDetail): DraftState {
  const unitOf = (id: number | null) => d.indicators.find((i) => i.indicatorId === id)?.unit ?? 'count';
  return {
    heldOn: d.heldOn,
    place: d.place,
    agenda: d.agenda,
    summary: d.summary,
    participants: d.participants.map((p) => ({ ...p })),
    lines: d.indicators.map((i) => ({
      presented: valueToText(i.presented, i.unit),
      validated: valueToText(i.validated, i.unit),
      status: i.status ?? '',
      comment: i.comment,
    })),
    decisions: d.decisions.map((x) => ({
      kind: x.kind,
      text: x.text,
      indicatorId: x.indicatorId !== null ? String(x.indicatorId) : '',
      newTarget: valueToText(x.newTarget, unitOf(x.indicatorId)),
      mission: x.mission ?? '',
      onDate: x.onDate ?? '',
      amount: x.amountCents !== null ? formatEurosNumber(x.amountCents) : '',
    })),
  };
}

const blank = (s: string) => (s.trim() === '' ? null : s);

function toInput(reviewId: number, d: ReviewDetail, f: DraftState) {
  return {
    reviewId,
    heldOn: f.heldOn,
    place: f.place,
    agenda: f.agenda,
    summary: f.summary,
    participants: f.participants,
    indicators: d.indicators.map((row, i) => ({
      indicatorId: row.indicatorId,
      presented: blank(f.lines[i].presented),
      validated: blank(f.lines[i].validated),
      status: f.lines[i].status === '' ? null : f.lines[i].status,
      comment: f.lines[i].comment,
    })),
    decisions: f.decisions.map((x) => ({
      kind: x.kind,
      text: x.text,
      indicatorId: x.kind === 'target_revision' && x.indicatorId ? Number(x.indicatorId) : null,
      newTarget: x.kind === 'target_revision' ? blank(x.newTarget) : null,
      mission: (x.kind === 'mission_start' || x.kind === 'mission_deployment') && x.mission ? (x.mission as MissionCode) : null,
      onDate: x.kind === 'mission_start' || x.kind === 'mission_deployment' ? x.onDate : null,
      amountCents: x.kind === 'amount_validated' ? blank(x.amount) : null,
    })),
  };
}

/** oui/non typed for a number: refused before the API (which reads oui as 1). */
function localErrors(d: ReviewDetail, f: DraftState): Record<string, string> {
  const out: Record<string, string> = {};
  const word = (s: string) => /^\s*(oui|non)\s*$/i.test(s);
  d.indicators.forEach((row, i) => {
    if (row.unit === 'yesno') return;
    if (word(f.lines[i].presented)) out[`indicators.${i}.presented`] = `${row.label} — valeur présentée : nombre attendu (${UNIT_LABELS[row.unit]}), pas oui/non.`;
    if (word(f.lines[i].validated)) out[`indicators.${i}.validated`] = `${row.label} — valeur validée : nombre attendu (${UNIT_LABELS[row.unit]}), pas oui/non.`;
  });
  f.decisions.forEach((x, i) => {
    const row = d.indicators.find((r) => String(r.indicatorId) === x.indicatorId);
    if (x.kind === 'target_revision' && row && row.unit !== 'yesno' && word(x.newTarget)) out[`decisions.${i}.newTarget`] = `Nouvelle cible : nombre attendu (${UNIT_LABELS[row.unit]}), pas oui/non.`;
  });
  return out;
}

function ValueInput({ id, unit, value, onChange, label, error }: { id: string; unit: IndicatorUnit; value: string; onChange: (v: string) => void; label: string; error?: string }) {
  if (unit === 'yesno') {
    return (
      <select id={id} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} {...invalidProps(id, error)}>
        <YesNoOptions />
      </select>
    );
  }
  return <input id={id} aria-label={label} className="input-value" inputMode="decimal" value={value} onChange={(e) => onChange(e.target.value)} {...invalidProps(id, error)} />;
}

function totalEarned(rows: ReviewIndicatorRow[]): { cents: number; complete: boolean; max: number } {
  const paying = rows.filter((r) => r.maxCents > 0);
  return {
    cents: paying.reduce((s, r) => s + (r.earnedCents ?? 0), 0),
    complete: paying.every((r) => r.earnedCents !== null),
    max: paying.reduce((s, r) => s + r.maxCents, 0),
  };
}

function groupByMission(rows: ReviewIndicatorRow[]): { mission: MissionCode; items: { row: ReviewIndicatorRow; index: number }[] }[] {
  const groups: { mission: MissionCode; items: { row: ReviewIndicatorRow; index: number }[] }[] = [];
  rows.forEach((row, index) => {
    let g = groups.find((x) => x.mission === row.mission);
    if (!g) groups.push((g = { mission: row.mission, items: [] }));
    g.items.push({ row, index });
  });
  return groups;
}

const targetText = (row: ReviewIndicatorRow) => (row.unit === 'yesno' && row.target === null ? 'oui' : shown(row.target, row.unit));

/**
 * The indicators of a review under a row per mission, with the variable part they earn in the
 * footer; `line` draws the row of one indicator (to fill in on a draft, read-only once closed).
 */
function IndicatorTable({ rows, editable, note, line }: { rows: ReviewIndicatorRow[]; editable: boolean; note?: ReactNode; line: (row: ReviewIndicatorRow, index: number) => ReactNode }) {
  const earned = totalEarned(rows);
  const valueHead = editable ? undefined : 'num';
  return (
    <table className="table compact review-indicators" aria-label="Indicateurs du dialogue">
      <colgroup>
        <col className="col-label" />
        <col className="col-val" />
        <col className="col-val" />
        <col className="col-input" />
        <col className="col-input" />
        <col className="col-status" />
        <col />
        <col className="col-ev" />
        <col className="col-money" />
      </colgroup>
      <thead>
        <tr>
          <th>Indicateur</th>
          <th className="num">Cible</th>
          <th className="num">Mesurée</th>
          <th className={valueHead}>Présentée</th>
          <th className={valueHead}>Validée</th>
          <th>Statut</th>
          <th>Commentaire</th>
          <th className="num">Pièces</th>
          <th className="num">Acquis</th>
        </tr>
      </thead>
      <tbody>
        {groupByMission(rows).map((g) => (
          <Fragment key={g.mission}>
            <tr className="row-group">
              <th colSpan={9} scope="colgroup">
                {MISSION_LABELS[g.mission]}
              </th>
            </tr>
            {g.items.map(({ row, index }) => line(row, index))}
          </Fragment>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={8}>
            Part variable correspondante
            {note}
          </td>
          <td className="num">
            {earned.complete ? <Money cents={earned.cents} strong /> : <span className="pending-label">au moins {euros(earned.cents)}</span>}
            <div className="date-line">sur {euros(earned.max)}</div>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** What an indicator earns, out of its maximum. */
function EarnedCell({ row }: { row: ReviewIndicatorRow }) {
  return (
    <td className="num">
      {row.earnedCents !== null ? <Money cents={row.earnedCents} /> : <span className="muted">—</span>}
      <div className="date-line">sur {euros(row.maxCents)}</div>
    </td>
  );
}

function StatusBadge({ status }: { status: ReviewIndicatorStatus | null }) {
  if (!status) return <span className="muted">—</span>;
  return <Badge tone={status === 'atteint' ? 'ok' : status === 'partiel' ? 'warn' : 'late'}>{REVIEW_STATUS_LABELS[status]}</Badge>;
}

function ConfirmClose({
  detail,
  revisions,
  pending,
  onConfirm,
  onCancel,
  busy,
}: {
  detail: ReviewDetail;
  revisions: number;
  pending: number;
  onConfirm: () => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby="confirm-close-title" onClose={onCancel}>
      <h2 id="confirm-close-title">Clore le {REVIEW_KIND_LABELS[detail.kind].toLowerCase()} de l’année {detail.year} ?</h2>
      <p>Les modifications en cours sont d’abord enregistrées. Une fois clos, le dialogue ne se modifie plus : toute correction s’ajoute en addendum daté.</p>
      {detail.kind === 'annual' && (
        <p>
          Les valeurs validées arrêtent la part variable de l’année {detail.year}
          {revisions > 0 && ` ; ${revisions} révision(s) de cible s’appliqueront à l’annexe de l’année ${detail.year + 1}`}.
        </p>
      )}
      {detail.kind === 'annual' && pending > 0 && (
        <p className="warn-box">
          {pending} indicateur(s) n’ont pas encore de valeur validée et de statut : la clôture du dialogue annuel sera refusée.
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button danger" onClick={onConfirm} disabled={busy}>
          {busy ? 'Clôture…' : 'Clore définitivement'}
        </button>
        <button type="button" className="button" onClick={() => ref.current?.close()}>
          Annuler
        </button>
      </div>
    </dialog>
  );
}

function DraftReview({ contract, detail }: { contract: ContractDetail; detail: ReviewDetail }) {
  const update = useApiMutation('reviews.update');
  const close = useApiMutation('reviews.close');
  const [f, setF] = useState<DraftState>(() => fromDetail(detail));
  const [base, setBase] = useState<DraftState>(() => fromDetail(detail));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = useState<string | null>(null);
  const [refused, setRefused] = useState('Le dialogue n’a pas été enregistré');
  const [confirming, setConfirming] = useState(false);
  const dirty = JSON.stringify(f) !== JSON.stringify(base);
  const err = (k: string) => errors.fields[k];
  const id = (k: string) => `rv-${k}`;
  const set = (k: 'heldOn' | 'place' | 'agenda' | 'summary', v: string) => setF((s) => ({ ...s, [k]: v }));
  const setLine = (i: number, patch: Partial<LineState>) => setF((s) => ({ ...s, lines: s.lines.map((l, j) => (j === i ? { ...l, ...patch } : l)) }));
  const setDecision = (i: number, patch: Partial<DecisionState>) => setF((s) => ({ ...s, decisions: s.decisions.map((l, j) => (j === i ? { ...l, ...patch } : l)) }));
  const setParticipant = (i: number, patch: Partial<DraftState['participants'][number]>) =>
    setF((s) => ({ ...s, participants: s.participants.map((l, j) => (j === i ? { ...l, ...patch } : l)) }));

  /** Saves the form; returns false (with the messages shown) when the API refuses it. */
  const save = async (): Promise<boolean> => {
    setSaved(null);
    const local = localErrors(detail, f);
    setRefused('Le dialogue n’a pas été enregistré');
    if (Object.keys(local).length > 0) {
      setErrors({ message: Object.values(local)[0], fields: local });
      return false;
    }
    try {
      const r = await update.mutateAsync(toInput(detail.id, detail, f));
      const next = fromDetail(r);
      setF(next);
      setBase(next);
      setErrors(NO_ERRORS);
      return true;
    } catch (error) {
      setErrors(formErrors(error));
      return false;
    }
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (await save()) setSaved('Dialogue enregistré.');
  };

  const onClose = async () => {
    setConfirming(false);
    if (dirty && !(await save())) return;
    try {
      await close.mutateAsync({ reviewId: detail.id });
      setErrors(NO_ERRORS);
    } catch (error) {
      setRefused('Le dialogue n’a pas été clos');
      setErrors(formErrors(error));
    }
  };

  const kinds = DECISION_KINDS.filter((k) => k !== 'target_revision' || detail.kind === 'annual');
  const pendingValidation = detail.indicators.filter((i) => i.validated === null || i.status === null).length;
  const topMessage = errors.message;

  return (
    <form className="form review-form" onSubmit={onSubmit} noValidate aria-label={`${REVIEW_KIND_LABELS[detail.kind]}, année ${detail.year}`}>
      <section className="panel" aria-labelledby="rv-seance">
        <h2 id="rv-seance">Séance</h2>
        <div className="grid-3">
          <TextField label="Date du dialogue" id={id('heldOn')} error={err('heldOn')} type="date" value={f.heldOn} onChange={(v) => set('heldOn', v)} />
          <TextField label="Lieu" id={id('place')} error={err('place')} value={f.place} onChange={(v) => set('place', v)} />
        </div>
        <TextAreaField label="Ordre du jour" id={id('agenda')} error={err('agenda')} rows={2} value={f.agenda} onChange={(v) => set('agenda', v)} />
        <TextAreaField label="Synthèse des échanges" id={id('summary')} error={err('summary')} rows={3} value={f.summary} onChange={(v) => set('summary', v)} />
      </section>

      <section className="panel" aria-labelledby="rv-participants">
        <h2 id="rv-participants">Participants</h2>
        <FieldError id={id('participants')} text={err('participants')} />
        {f.participants.length === 0 ? (
          <p className="muted">Aucun participant : ajoutez au moins les représentants de la CPTS, de la CPAM et de l’ARS.</p>
        ) : (
          <table className="table compact participants-table" aria-label="Participants">
            <thead>
              <tr>
                <th>Nom</th>
                <th>Organisation</th>
                <th>Fonction</th>
                <HiddenHeader>Retirer</HiddenHeader>
              </tr>
            </thead>
            <tbody>
              {f.participants.map((p, i) => (
                <tr key={i}>
                  <td>
                    <input aria-label={`Nom du participant ${i + 1}`} id={id(`p${i}-name`)} value={p.name} onChange={(e) => setParticipant(i, { name: e.target.value })} {...invalidProps(id(`p${i}-name`), err(`participants.${i}.name`))} />
                    <FieldError id={id(`p${i}-name`)} text={err(`participants.${i}.name`)} />
                  </td>
                  <td>
                    <select aria-label={`Organisation du participant ${i + 1}`} value={p.organisation} onChange={(e) => setParticipant(i, { organisation: e.target.value as Organisation })}>
                      {ORGANISATIONS.map((o) => (
                        <option key={o} value={o}>
                          {o}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input aria-label={`Fonction du participant ${i + 1}`} className="input-wide" value={p.role} onChange={(e) => setParticipant(i, { role: e.target.value })} />
                    <FieldError id={id(`p${i}-role`)} text={err(`participants.${i}.role`)} />
                  </td>
                  <td>
                    <button type="button" className="button small" aria-label={`Retirer le participant ${i + 1}`} onClick={() => setF((s) => ({ ...s, participants: s.participants.filter((_, j) => j !== i) }))}>
                      Retirer
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <button type="button" className="button small add-row" onClick={() => setF((s) => ({ ...s, participants: [...s.participants, { name: '', organisation: 'CPTS', role: '' }] }))}>
          Ajouter un participant
        </button>
      </section>

      <section className="panel" aria-labelledby="rv-indicateurs">
        <div className="section-head">
          <h2 id="rv-indicateurs">Indicateurs de l’année {detail.year}</h2>
          {detail.indicators.length > 0 && (
            <button
              type="button"
              className="button small"
              onClick={() => setF((s) => ({ ...s, lines: s.lines.map((l, i) => (l.presented.trim() === '' ? { ...l, presented: valueToText(detail.indicators[i].measured, detail.indicators[i].unit) } : l)) }))}
            >
              Reprendre les valeurs mesurées comme valeurs présentées
            </button>
          )}
        </div>
        <FieldError id={id('indicators')} text={err('indicators')} />
        {detail.kind === 'annual' && pendingValidation > 0 && (
          <p className="hint">
            Dialogue annuel : chaque indicateur doit avoir une valeur validée et un statut pour clore ({pendingValidation} restant{pendingValidation > 1 ? 's' : ''}).
          </p>
        )}
        {detail.indicators.length === 0 ? (
          <p className="muted">
            L’annexe de l’année {detail.year} n’a pas d’indicateur. <Link to={`/contrats/${contract.id}/indicateurs`}>Saisir l’annexe</Link>
          </p>
        ) : (
          <IndicatorTable
            rows={detail.indicators}
            editable
            note={<div className="muted small">d’après les valeurs enregistrées : validées, sinon présentées, sinon mesurées</div>}
            line={(row, i) => {
              const l = f.lines[i];
              const e = (k: string) => err(`indicators.${i}.${k}`);
              return (
                <tr key={row.indicatorId} className={detail.kind === 'annual' && (row.validated === null || row.status === null) ? 'row-pending' : ''}>
                  <th scope="row">
                    {row.label}
                    <div className="muted small">{UNIT_LABELS[row.unit]}</div>
                  </th>
                  <td className="num">{targetText(row)}</td>
                  <td className="num">{row.measured !== null ? shown(row.measured, row.unit) : <span className="warn-word">aucune</span>}</td>
                  <td>
                    <ValueInput id={id(`i${i}-presented`)} unit={row.unit} value={l.presented} onChange={(v) => setLine(i, { presented: v })} label={`Valeur présentée : ${row.label}`} error={e('presented')} />
                    <FieldError id={id(`i${i}-presented`)} text={e('presented')} />
                  </td>
                  <td>
                    <ValueInput id={id(`i${i}-validated`)} unit={row.unit} value={l.validated} onChange={(v) => setLine(i, { validated: v })} label={`Valeur validée : ${row.label}`} error={e('validated')} />
                    <FieldError id={id(`i${i}-validated`)} text={e('validated')} />
                  </td>
                  <td>
                    <select aria-label={`Statut : ${row.label}`} value={l.status} onChange={(ev) => setLine(i, { status: ev.target.value as LineState['status'] })} {...invalidProps(id(`i${i}-status`), e('status'))}>
                      <option value="">—</option>
                      {REVIEW_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {REVIEW_STATUS_LABELS[s]}
                        </option>
                      ))}
                    </select>
                    <FieldError id={id(`i${i}-status`)} text={e('status')} />
                  </td>
                  <td>
                    <input aria-label={`Commentaire : ${row.label}`} value={l.comment} onChange={(ev) => setLine(i, { comment: ev.target.value })} />
                    <FieldError id={id(`i${i}-comment`)} text={e('comment')} />
                  </td>
                  <td className="num">{row.evidenceCount === 0 ? <Badge tone="warn">0</Badge> : row.evidenceCount}</td>
                  <EarnedCell row={row} />
                </tr>
              );
            }}
          />
        )}
      </section>

      <section className="panel" aria-labelledby="rv-decisions">
        <h2 id="rv-decisions">Décisions</h2>
        {f.decisions.length === 0 && <p className="muted">Aucune décision.</p>}
        <ol className="decisions">
          {f.decisions.map((x, i) => {
            const e = (k: string) => err(`decisions.${i}.${k}`);
            const target = detail.indicators.find((r) => String(r.indicatorId) === x.indicatorId);
            return (
              <li key={i} className="decision">
                <fieldset aria-label={`Décision ${i + 1}`}>
                  <div className="decision-head">
                    <span className="decision-no">Décision {i + 1}</span>
                    <button type="button" className="button small" aria-label={`Retirer la décision ${i + 1}`} onClick={() => setF((s) => ({ ...s, decisions: s.decisions.filter((_, j) => j !== i) }))}>
                      Retirer
                    </button>
                  </div>
                  <div className="decision-grid">
                    <SelectField label="Type de décision" id={id(`d${i}-kind`)} error={e('kind')} value={x.kind} onChange={(v) => setDecision(i, { kind: v as DecisionKind })}>
                      {kinds.map((k) => (
                        <option key={k} value={k}>
                          {DECISION_KIND_LABELS[k]}
                        </option>
                      ))}
                    </SelectField>
                    {x.kind === 'target_revision' && (
                      <>
                        <SelectField label="Indicateur" id={id(`d${i}-indicator`)} error={e('indicatorId')} value={x.indicatorId} onChange={(v) => setDecision(i, { indicatorId: v })}>
                          <option value="">— choisir —</option>
                          {groupByMission(detail.indicators).map((g) => (
                            <optgroup key={g.mission} label={MISSION_LABELS[g.mission]}>
                              {g.items.map(({ row }) => (
                                <option key={row.indicatorId} value={row.indicatorId}>
                                  {row.label}
                                </option>
                              ))}
                            </optgroup>
                          ))}
                        </SelectField>
                        <TextField
                          label="Nouvelle cible"
                          id={id(`d${i}-target`)}
                          error={e('newTarget')}
                          hint={target ? `Cible actuelle : ${shown(target.target, target.unit)} · ${UNIT_HINTS[target.unit]}` : 'Choisissez d’abord l’indicateur.'}
                          className="input-value"
                          value={x.newTarget}
                          onChange={(v) => setDecision(i, { newTarget: v })}
                        />
                      </>
                    )}
                    {(x.kind === 'mission_start' || x.kind === 'mission_deployment') && (
                      <>
                        <SelectField label="Mission" id={id(`d${i}-mission`)} error={e('mission')} value={x.mission} onChange={(v) => setDecision(i, { mission: v })}>
                          <option value="">— choisir —</option>
                          {contract.missions.map((m) => (
                            <option key={m.code} value={m.code}>
                              {m.label}
                              {x.kind === 'mission_start' && m.startedOn ? ` (démarrée le ${date(m.startedOn)})` : ''}
                              {x.kind === 'mission_deployment' && m.deployedOn ? ` (déployée le ${date(m.deployedOn)})` : ''}
                            </option>
                          ))}
                        </SelectField>
                        <TextField label="Date constatée" id={id(`d${i}-date`)} error={e('onDate')} type="date" value={x.onDate} onChange={(v) => setDecision(i, { onDate: v })} />
                      </>
                    )}
                    {x.kind === 'amount_validated' && (
                      <MoneyField
                        label="Montant validé (€)"
                        id={id(`d${i}-amount`)}
                        error={e('amountCents')}
                        hint="facultatif, ex. 24 636,36"
                        value={x.amount}
                        onChange={(v) => setDecision(i, { amount: v })}
                      />
                    )}
                  </div>
                  <TextAreaField label="Texte de la décision" id={id(`d${i}-text`)} error={e('text')} rows={2} value={x.text} onChange={(v) => setDecision(i, { text: v })} />
                </fieldset>
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          className="button small add-row"
          onClick={() =>
            setF((s) => ({ ...s, decisions: [...s.decisions, { kind: detail.kind === 'annual' ? 'amount_validated' : 'other', text: '', indicatorId: '', newTarget: '', mission: '', onDate: '', amount: '' }] }))
          }
        >
          Ajouter une décision
        </button>
      </section>

      <div className="review-footer">
        {topMessage && (
          <div className="error-box form-error" role="alert">
            {refused} : {topMessage}
          </div>
        )}
        <StatusMessage message={dirty ? null : saved} className="ok-text" />
        <div className="form-actions">
          <SubmitButton busy={update.isPending} disabled={update.isPending || close.isPending}>
            Enregistrer
          </SubmitButton>
          <button type="button" className="button danger-soft" disabled={update.isPending || close.isPending} onClick={() => setConfirming(true)}>
            Clore le dialogue…
          </button>
          {dirty && <span className="muted small">Modifications non enregistrées</span>}
        </div>
      </div>
      {confirming && (
        <ConfirmClose
          detail={detail}
          revisions={f.decisions.filter((x) => x.kind === 'target_revision').length}
          pending={f.lines.filter((l) => l.validated.trim() === '' || l.status === '').length}
          busy={close.isPending} onConfirm={() => void onClose()} onCancel={() => setConfirming(false)}
        />
      )}
    </form>
  );
}

function DecisionText({ d, detail, contract }: { d: DecisionRow; detail: ReviewDetail; contract: ContractDetail }) {
  const ind = detail.indicators.find((i) => i.indicatorId === d.indicatorId);
  const mission = contract.missions.find((m) => m.code === d.mission);
  return (
    <li className="decision-read">
      <div className="decision-kind">{DECISION_KIND_LABELS[d.kind]}</div>
      <div>{d.text}</div>
      <div className="muted small">
        {d.kind === 'target_revision' && ind && (
          <>
            {ind.label} : nouvelle cible {shown(d.newTarget, ind.unit)} (année {detail.year + 1})
          </>
        )}
        {(d.kind === 'mission_start' || d.kind === 'mission_deployment') && (
          <>
            {mission?.label ?? d.mission} : {d.kind === 'mission_start' ? 'démarrage' : 'déploiement'} constaté au {date(d.onDate)}
          </>
        )}
        {d.kind === 'amount_validated' && d.amountCents !== null && <>Montant : {euros(d.amountCents)}</>}
      </div>
    </li>
  );
}

function AddendumForm({ detail, today }: { detail: ReviewDetail; today: string }) {
  const add = useApiMutation('reviews.addendum');
  const [f, setF] = useState({ addedOn: today, text: '' });
  const { errors, saved, submit } = useFormWrite();
  const err = (k: string) => errors.fields[k];
  const onSubmit = submit(async () => {
    await add.mutateAsync({ reviewId: detail.id, addedOn: f.addedOn, text: f.text });
    setF({ addedOn: today, text: '' });
    return 'Addendum ajouté.';
  });
  return (
    <form className="annex-form" onSubmit={onSubmit} noValidate aria-label="Ajouter un addendum">
      <div className="annex-form-title">Ajouter un addendum</div>
      <div className="grid-3">
        <TextField label="Date de l’addendum" id="add-date" error={err('addedOn')} type="date" value={f.addedOn} onChange={(v) => setF((s) => ({ ...s, addedOn: v }))} />
      </div>
      <TextAreaField
        label="Texte de l’addendum"
        id="add-text"
        error={err('text')}
        hint="Correction ou précision apportée après la clôture ; le texte d’origine reste inchangé."
        rows={3}
        value={f.text}
        onChange={(v) => setF((s) => ({ ...s, text: v }))}
      />
      {errors.message && !Object.values(errors.fields).includes(errors.message) && (
        <div className="error-box" role="alert">
          L’addendum n’a pas été ajouté : {errors.message}
        </div>
      )}
      <StatusMessage message={saved} className="ok-text small" />
      <FormActions busy={add.isPending} busyLabel="Ajout…" submit="Ajouter l’addendum" />
    </form>
  );
}

function ClosedReview({ contract, detail, today }: { contract: ContractDetail; detail: ReviewDetail; today: string }) {
  return (
    <div className="review-closed">
      <div className="info-box">Ce dialogue est clos : il ne se modifie plus. Une correction ou une précision s’ajoute en addendum daté, en bas de page.</div>
      <section className="panel" aria-labelledby="rv-seance">
        <h2 id="rv-seance">Séance</h2>
        <dl className="facts">
          <div>
            <dt>Date</dt>
            <dd>{date(detail.heldOn)}</dd>
          </div>
          <div>
            <dt>Lieu</dt>
            <dd>{detail.place || <span className="muted">non renseigné</span>}</dd>
          </div>
          <div className="fact-wide">
            <dt>Ordre du jour</dt>
            <dd className="pre">{detail.agenda || <span className="muted">—</span>}</dd>
          </div>
          <div className="fact-wide">
            <dt>Synthèse des échanges</dt>
            <dd className="pre">{detail.summary || <span className="muted">—</span>}</dd>
          </div>
        </dl>
      </section>
      <section className="panel" aria-labelledby="rv-participants">
        <h2 id="rv-participants">Participants</h2>
        <table className="table compact" aria-label="Participants">
          <thead>
            <tr>
              <th>Nom</th>
              <th>Organisation</th>
              <th>Fonction</th>
            </tr>
          </thead>
          <tbody>
            {detail.participants.map((p, i) => (
              <tr key={i}>
                <td>{p.name}</td>
                <td>
                  <Badge tone={p.organisation === 'CPTS' ? 'info' : 'neutral'}>{p.organisation}</Badge>
                </td>
                <td>{p.role}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="rv-indicateurs">
        <h2 id="rv-indicateurs">Indicateurs de l’année {detail.year}</h2>
        {detail.indicators.length === 0 ? (
          <p className="muted">Aucun indicateur.</p>
        ) : (
          <IndicatorTable
            rows={detail.indicators}
            editable={false}
            line={(row) => (
              <tr key={row.indicatorId}>
                <th scope="row">{row.label}</th>
                <td className="num">{targetText(row)}</td>
                <td className="num">{shown(row.measured, row.unit)}</td>
                <td className="num">{shown(row.presented, row.unit)}</td>
                <td className="num strong-num">{shown(row.validated, row.unit)}</td>
                <td>
                  <StatusBadge status={row.status} />
                </td>
                <td>{row.comment}</td>
                <td className="num">{row.evidenceCount}</td>
                <EarnedCell row={row} />
              </tr>
            )}
          />
        )}
      </section>
      <section className="panel" aria-labelledby="rv-decisions">
        <h2 id="rv-decisions">Décisions</h2>
        {detail.decisions.length === 0 ? (
          <p className="muted">Aucune décision.</p>
        ) : (
          <ol className="decisions" aria-label="Décisions">
            {detail.decisions.map((d, i) => (
              <DecisionText key={i} d={d} detail={detail} contract={contract} />
            ))}
          </ol>
        )}
      </section>
      <section className="panel" aria-labelledby="rv-addenda">
        <h2 id="rv-addenda">Addenda</h2>
        {detail.addenda.length === 0 ? (
          <p className="muted">Aucun addendum.</p>
        ) : (
          <ol className="addenda" aria-label="Addenda">
            {detail.addenda.map((a, i) => (
              <li key={i}>
                <div className="addendum-date">
                  Addendum du {date(a.addedOn)} <span className="muted small">(enregistré le {date(a.recordedAt.slice(0, 10))})</span>
                </div>
                <div className="pre">{a.text}</div>
              </li>
            ))}
          </ol>
        )}
        <AddendumForm detail={detail} today={today} />
      </section>
    </div>
  );
}

export function ReviewPage({ contract }: { contract: ContractDetail }) {
  const reviewId = Number(useParams().reviewId);
  const info = useApi('app.info', {});
  const q = useApi('reviews.get', { reviewId }, Number.isInteger(reviewId) && reviewId > 0);
  if (q.isLoading || !info.data) return <Loading what="Chargement du dialogue" />;
  if (q.error || !q.data) return <ErrorBox error={q.error ?? new Error('Dialogue introuvable.')} />;
  const d = q.data;
  if (d.contractId !== contract.id) return <ErrorBox error={new Error('Ce dialogue appartient à un autre contrat.')} />;
  return (
    <div className="review-page">
      <Link to={`/contrats/${contract.id}/dialogues`} className="back-link">
        ← Tous les dialogues
      </Link>
      <header className="review-head">
        <div>
          <h2 className="review-title">
            {REVIEW_KIND_LABELS[d.kind]} — année {d.year}{' '}
            {d.status === 'closed' ? <Badge tone="ok">Clos le {date(d.closedAt?.slice(0, 10))}</Badge> : <Badge tone="info">Brouillon</Badge>}
          </h2>
          <p className="subtitle">
            {d.cpts} · dialogue du {date(d.heldOn)}
            {d.place && ` · ${d.place}`}
          </p>
        </div>
        <ReviewExportButtons contractId={contract.id} reviewId={d.id} status={d.status} />
      </header>
      {d.status === 'closed' ? <ClosedReview contract={contract} detail={d} today={info.data.today} /> : <DraftReview key={d.id} contract={contract} detail={d} />}
    </div>
  );
}
