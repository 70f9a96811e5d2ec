// One dialogue de gestion. A draft is edited (séance, participants, indicator by indicator,
// decisions), saved with 'reviews.update' and closed with 'reviews.close'; a closed review is
// read-only and corrected only by dated addenda.
import { useState, type FormEvent } from 'react';
import { ClosedReview } from './ClosedReview';
import { ConfirmClose } from './ConfirmClose';
import { EarnedCell, IndicatorTable, groupByMission, targetText } from './reviewTable';
import { ReviewExportButtons } from '../reports/ReviewExportButtons';
import { Link, useParams } from 'react-router';
import type { ContractDetail } from '../../../shared/api';
import { MISSION_LABELS, type MissionCode } from '../../../shared/domain/missions';
import { UNIT_LABELS, suggestStatus, type IndicatorUnit } from '../../../shared/domain/indicators';
import {
  DECISION_KINDS,
  measure,
  DECISION_KIND_LABELS,
  REVIEW_KIND_LABELS,
  REVIEW_STATUSES,
  REVIEW_STATUS_LABELS,
  type DecisionKind,
  type ReviewIndicatorStatus,
} from '../../../shared/schemas/indicators';
import type { ReviewDetail } from '../../../shared/indicatorViews';
import { formatEurosNumber } from '../../../shared/money';
import { useApi, useApiMutation } from '../../api/hooks';
import { Badge, ErrorBox, FieldError, HiddenHeader, Loading } from '../../components/ui';
import { MoneyField, SelectField, StatusMessage, SubmitButton, TextAreaField, TextField, YesNoOptions, useOutcomeFocus } from '../../components/form';
import { NO_ERRORS, formErrors, invalidProps, type FormErrors } from '../../components/money';
import { date } from '../../i18n/format';
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

/** A typed value in the stored hundredths (yes/no: 100 / 0); null when empty or not a number. */
function typedValue(text: string, unit: IndicatorUnit): number | null {
  const parsed = measure('Valeur').safeParse(text);
  if (!parsed.success || parsed.data === undefined) return null;
  const m = parsed.data;
  if (typeof m !== 'number') return unit === 'yesno' ? (m.word === 'oui' ? 100 : 0) : null;
  return m;
}

/**
 * "Reprendre les valeurs présentées": every validated value still empty takes the presented one,
 * and every status still empty the one its rule suggests for that value (the parties confirm).
 */
function takePresented(d: ReviewDetail, lines: LineState[]): LineState[] {
  return lines.map((l, i) => {
    const row = d.indicators[i];
    const validated = l.validated.trim() === '' ? l.presented : l.validated;
    const suggested = l.status === '' ? suggestStatus(row.rule, typedValue(validated, row.unit)) : null;
    return { ...l, validated, status: l.status === '' ? (suggested ?? '') : l.status };
  });
}

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

  // Focus then goes to the first invalid field or the refusal, or to the saved message.
  const focus = useOutcomeFocus();
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    focus.capture(e);
    const ok = await save();
    if (ok) setSaved('Dialogue enregistré.');
    focus.announce(ok ? 'saved' : 'refused');
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
          {detail.indicators.length > 0 && (
            <button type="button" className="button small" onClick={() => setF((s) => ({ ...s, lines: takePresented(detail, s.lines) }))}>
              Reprendre les valeurs présentées comme validées (statuts suggérés)
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
          dirty={dirty}
          revisions={f.decisions.filter((x) => x.kind === 'target_revision').length}
          pending={f.lines.filter((l) => l.validated.trim() === '' || l.status === '').length}
          busy={close.isPending} onConfirm={() => void onClose()} onCancel={() => setConfirming(false)}
        />
      )}
    </form>
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
