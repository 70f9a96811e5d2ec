// Payments received: record a payment against the tranches it settles, correct a payment by a new
// dated entry (the ledger is append-only), and follow what each tranche still owes. A payment
// above what its tranches owe is refused by the API unless confirmed (`allowExcess`): the screen
// then asks, and shows the excess as a trop-perçu (the API's `excessCents`, never its text).
import { Fragment, useRef, useState } from 'react';
import type { ContractDetail } from '../../../shared/api';
import { formatEurosNumber } from '../../../shared/money';
import type { PaymentEntry, PaymentsView, PaymentTrancheStatus } from '../../../shared/views';
import { ApiFailure } from '../../api/client';
import { useApi, useApiMutation } from '../../api/hooks';
import { ConfirmDialog } from '../../components/confirm';
import { Badge, ErrorBox, FieldError, HiddenHeader, Loading, Money, StatCard } from '../../components/ui';
import { FormActions, FormRow, MoneyField, StatusMessage, TextField, useFormErrors, useFormWrite } from '../../components/form';
import { FormMessage, TotalsCards, TrancheTable } from '../../components/money';
import { date } from '../../i18n/format';

function Totals({ view }: { view: PaymentsView }) {
  const t = view.totals;
  return (
    <section className="cards money-cards" aria-label="Totaux des versements">
      <StatCard label={<>Échu au {date(view.today)}</>} value={<Money cents={t.dueToDateCents} />}>
        <div className="stat-sub">sur <Money cents={t.dueCents} /> au total</div>
      </StatCard>
      <TotalsCards totals={t} outstandingTestId="total-outstanding" />
      {view.excessCents > 0 && <StatCard label="Trop-perçu" value={<Money cents={view.excessCents} />} tone="warn" testId="total-excess" />}
    </section>
  );
}

/** The message of a refusal that a confirmed trop-perçu would lift (the API names the `allowExcess` field), or null. */
function excessRefusal(e: unknown): string | null {
  return e instanceof ApiFailure && typeof e.fields.allowExcess === 'string' ? e.fields.allowExcess : null;
}

/** Asks before a payment (or a correction) is sent again with `allowExcess`: a trop-perçu is never recorded by mistake. */
function ExcessConfirm({ message, busy, onConfirm, onCancel }: { message: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  return (
    <ConfirmDialog
      title="Enregistrer un trop-perçu ?"
      confirmLabel="Enregistrer avec le trop-perçu"
      busyLabel="Enregistrement…"
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>{message}</p>
      <p className="muted small">
        Le montant au-delà de ce qui reste dû sera affecté à la dernière échéance concernée et affiché comme trop-perçu ; il pourra être repris par une
        correction du versement.
      </p>
    </ConfirmDialog>
  );
}

/** What a tranche's line says next to its checkbox: still owed, trop-perçu, or a recovery to withhold. */
function TrancheBalance({ t }: { t: PaymentTrancheStatus }) {
  if (t.excessCents > 0) {
    return (
      <>
        trop-perçu <Money cents={t.excessCents} />
      </>
    );
  }
  if (t.amountCents < 0 && t.outstandingCents < 0) {
    return (
      <>
        reprise à retenir <Money cents={-t.outstandingCents} />
      </>
    );
  }
  return (
    <>
      reste dû <Money cents={t.outstandingCents} />
    </>
  );
}

/** Tranches a payment may still settle: owed, or a recovery still to withhold. */
function isOpen(t: PaymentTrancheStatus): boolean {
  return t.outstandingCents > 0 || (t.amountCents < 0 && t.outstandingCents < 0);
}

interface PaymentForm {
  receivedOn: string;
  amount: string;
  cpamRef: string;
  trancheIds: string[];
  comment: string;
}

function TrancheChoice({ t, checked, onChange }: { t: PaymentTrancheStatus; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className={`tranche-choice${t.overdue ? ' is-late' : ''}`}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="tranche-choice-date">{date(t.dueOn)}</span>
      <span className="tranche-choice-label">{t.label}</span>
      <span className="tranche-choice-amount">
        <TrancheBalance t={t} />
      </span>
      {t.overdue && <Badge tone="late">En retard</Badge>}
    </label>
  );
}

function RecordPayment({ contract, view }: { contract: ContractDetail; view: PaymentsView }) {
  const record = useApiMutation('payments.record');
  const empty = (): PaymentForm => ({ receivedOn: view.today, amount: '', cpamRef: '', trancheIds: [], comment: '' });
  const [form, setForm] = useState<PaymentForm>(empty);
  const { errors, saved, err, submit } = useFormWrite();
  const [showSettled, setShowSettled] = useState(false);
  // The API's message when the payment exceeds what its tranches owe: asked before sending it again with allowExcess.
  const [excess, setExcess] = useState<string | null>(null);
  const set = <K extends keyof PaymentForm>(k: K, v: PaymentForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const open = view.schedule.filter(isOpen);
  const settled = view.schedule.filter((t) => !isOpen(t));
  // A set, so a tranche can never be sent twice.
  const toggle = (id: string, on: boolean) =>
    setForm((f) => ({ ...f, trancheIds: on ? [...new Set([...f.trancheIds, id])] : f.trancheIds.filter((x) => x !== id) }));

  const send = async (allowExcess: boolean): Promise<string> => {
    const before = new Set(view.payments.map((p) => p.id));
    const res = await record.mutateAsync({
      contractId: contract.id,
      receivedOn: form.receivedOn,
      amountCents: form.amount,
      cpamRef: form.cpamRef,
      trancheIds: form.trancheIds,
      comment: form.comment,
      allowExcess,
    });
    const created = res.payments.find((p) => !before.has(p.id));
    setForm(empty());
    setExcess(null);
    const excessNote = allowExcess && res.excessCents > view.excessCents ? ' (dont un trop-perçu)' : '';
    return created ? `Versement n° ${created.id} enregistré${excessNote}.` : `Versement enregistré${excessNote}.`;
  };

  // Set by the confirmation dialog just before it submits the form again.
  const confirmed = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const onSubmit = submit(async () => {
    const allowExcess = confirmed.current;
    confirmed.current = false;
    if (allowExcess) setExcess(null);
    try {
      return await send(allowExcess);
    } catch (e) {
      const message = allowExcess ? null : excessRefusal(e);
      if (message === null) throw e;
      setExcess(message); // nothing was recorded: the dialog asks
      return '';
    }
  });
  const confirmExcess = () => {
    confirmed.current = true;
    formRef.current?.requestSubmit();
  };

  return (
    <section className="panel" aria-labelledby="versement-titre">
      <h2 id="versement-titre">Enregistrer un versement</h2>
      <form ref={formRef} className="form" onSubmit={onSubmit} noValidate aria-label="Nouveau versement">
        <fieldset>
          <legend>Versement reçu de la CPAM</legend>
          <div className="grid-3">
            <TextField label="Date du versement" id="pay-date" error={err('receivedOn')} type="date" value={form.receivedOn} onChange={(v) => set('receivedOn', v)} />
            <MoneyField
              label="Montant du versement (€)"
              id="pay-amount"
              error={err('amountCents')}
              hint="ex. 17 500,00"
              value={form.amount}
              onChange={(v) => set('amount', v)}
            />
            <TextField label="Référence CPAM" id="pay-ref" error={err('cpamRef')} hint="Référence de l’avis de paiement" value={form.cpamRef} onChange={(v) => set('cpamRef', v)} />
          </div>
          <div className={`field${err('trancheIds') ? ' has-error' : ''}`}>
            <div role="group" aria-labelledby="pay-tranches-label" aria-describedby={err('trancheIds') ? 'pay-tranches-error' : undefined}>
              <div id="pay-tranches-label" className="label-like">
                Échéances réglées par ce versement
              </div>
              <div className="hint">
                Le montant est affecté aux échéances cochées, dans l’ordre de leurs dates, à hauteur de ce qu’elles doivent encore ; une reprise
                cochée (montant négatif) est retenue sur ce versement.
              </div>
              {open.length === 0 ? (
                <p className="muted">Toutes les échéances sont soldées.</p>
              ) : (
                <div className="tranche-choices">
                  {open.map((t) => (
                    <TrancheChoice key={t.id} t={t} checked={form.trancheIds.includes(t.id)} onChange={(on) => toggle(t.id, on)} />
                  ))}
                </div>
              )}
              {settled.length > 0 && (
                <>
                  <button type="button" className="link-button small" onClick={() => setShowSettled((s) => !s)} aria-expanded={showSettled}>
                    {showSettled ? 'Masquer' : 'Afficher'} les échéances soldées ({settled.length})
                  </button>
                  {showSettled && (
                    <div className="tranche-choices">
                      {settled.map((t) => (
                        <TrancheChoice key={t.id} t={t} checked={form.trancheIds.includes(t.id)} onChange={(on) => toggle(t.id, on)} />
                      ))}
                    </div>
                  )}
                </>
              )}
            </div>
            <FieldError id="pay-tranches" text={err('trancheIds')} />
          </div>
          <TextField label="Commentaire" id="pay-comment" error={err('comment')} value={form.comment} onChange={(v) => set('comment', v)} />
        </fieldset>
        <FormMessage errors={errors} refused="Le versement n’a pas été enregistré" />
        <StatusMessage message={saved} />
        <FormActions busy={record.isPending} submit="Enregistrer le versement" />
        {excess !== null && <ExcessConfirm message={excess} busy={record.isPending} onConfirm={confirmExcess} onCancel={() => setExcess(null)} />}
      </form>
    </section>
  );
}

function CorrectionForm({ contract, payment, today, onDone }: { contract: ContractDetail; payment: PaymentEntry; today: string; onDone: (msg: string) => void }) {
  const correct = useApiMutation('payments.correct');
  const [form, setForm] = useState({ correctedOn: today, amount: formatEurosNumber(payment.effectiveCents), reason: '' });
  const { errors, err, submit } = useFormErrors();
  const [excess, setExcess] = useState<string | null>(null);
  const confirmed = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);

  const onSubmit = submit(async () => {
    const allowExcess = confirmed.current;
    confirmed.current = false;
    if (allowExcess) setExcess(null);
    try {
      await correct.mutateAsync({
        contractId: contract.id,
        paymentId: payment.id,
        correctedOn: form.correctedOn,
        newAmountCents: form.amount,
        reason: form.reason,
        allowExcess,
      });
    } catch (e) {
      const message = allowExcess ? null : excessRefusal(e);
      if (message === null) throw e;
      setExcess(message);
      return;
    }
    onDone(`Correction du versement n° ${payment.id} enregistrée${allowExcess ? ' (dont un trop-perçu)' : ''}.`);
  });
  const confirmExcess = () => {
    confirmed.current = true;
    formRef.current?.requestSubmit();
  };

  return (
    <form ref={formRef} className="correction-form" onSubmit={onSubmit} noValidate aria-label={`Correction du versement n° ${payment.id}`}>
      <div className="correction-title">
        Corriger le versement n° {payment.id} du {date(payment.receivedOn)} — montant en vigueur <Money cents={payment.effectiveCents} />
      </div>
      <div className="inline-fields">
        <TextField label="Date de la correction" id="corr-date" error={err('correctedOn')} type="date" value={form.correctedOn} onChange={(v) => setForm((f) => ({ ...f, correctedOn: v }))} />
        <MoneyField
          label="Montant corrigé (€)"
          id="corr-amount"
          error={err('newAmountCents')}
          hint="0 pour annuler le versement"
          value={form.amount}
          onChange={(v) => setForm((f) => ({ ...f, amount: v }))}
        />
        <TextField label="Motif de la correction" id="corr-reason" error={err('reason')} className="input-wide" value={form.reason} onChange={(v) => setForm((f) => ({ ...f, reason: v }))} />
        <div className="field field-submit">
          <div className="form-actions tight">
            <button type="submit" className="button primary" disabled={correct.isPending}>
              Enregistrer la correction
            </button>
            <button type="button" className="button" onClick={() => onDone('')}>
              Annuler
            </button>
          </div>
        </div>
      </div>
      <FieldError text={err('paymentId')} />
      <FormMessage errors={errors} refused="La correction n’a pas été enregistrée" />
      {excess !== null && <ExcessConfirm message={excess} busy={correct.isPending} onConfirm={confirmExcess} onCancel={() => setExcess(null)} />}
    </form>
  );
}

function Allocations({ p }: { p: PaymentEntry }) {
  if (p.allocations.length === 0) return <span className="muted">non affecté</span>;
  const list = (
    <ul className="plain allocations">
      {p.allocations.map((a, i) => (
        <li key={i}>
          <span>{a.label}</span>
          <Money cents={a.amountCents} />
        </li>
      ))}
    </ul>
  );
  if (p.allocations.length <= 3) return list;
  return (
    <details className="allocations-more">
      <summary>{p.allocations.length} échéances réglées</summary>
      {list}
    </details>
  );
}

function PaymentList({ contract, view }: { contract: ContractDetail; view: PaymentsView }) {
  const [correcting, setCorrecting] = useState<number | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  if (view.payments.length === 0) return <p className="muted">Aucun versement enregistré pour ce contrat.</p>;
  return (
    <>
      <StatusMessage message={saved} />
      <table className="table compact payments-table" aria-label="Versements reçus">
        <colgroup>
          <col className="col-no" />
          <col className="col-date" />
          <col className="col-money" />
          <col className="col-ref" />
          <col />
          <col className="col-comment" />
          <col className="col-action" />
        </colgroup>
        <thead>
          <tr>
            <th>N°</th>
            <th>Date</th>
            <th className="num">Montant</th>
            <th>Référence CPAM</th>
            <th>Échéances réglées</th>
            <th>Commentaire</th>
            <HiddenHeader>Actions</HiddenHeader>
          </tr>
        </thead>
        <tbody>
          {view.payments.map((p) => {
            const isCorrection = p.correctsId !== null;
            const corrected = p.correctedBy.length > 0;
            return (
              <Fragment key={p.id}>
                <tr className={isCorrection ? 'row-correction' : corrected ? 'row-corrected' : ''}>
                  <td>{p.id}</td>
                  <td className="nowrap">{date(p.receivedOn)}</td>
                  <td className="num">
                    <Money cents={p.amountCents} strong={!isCorrection} />
                    {corrected && (
                      <div className="small">
                        <Badge tone="warn">corrigé</Badge> en vigueur : <Money cents={p.effectiveCents} strong />
                      </div>
                    )}
                  </td>
                  <td>
                    {p.cpamRef}
                    {isCorrection && (
                      <div>
                        <Badge tone="info">Correction du versement n° {p.correctsId}</Badge>
                      </div>
                    )}
                  </td>
                  <td>
                    <Allocations p={p} />
                  </td>
                  <td className="small">{p.comment}</td>
                  <td>
                    {!isCorrection && correcting !== p.id && (
                      <button
                        type="button"
                        className="button small"
                        aria-label={`Corriger le versement n° ${p.id}`}
                        onClick={() => {
                          setSaved(null);
                          setCorrecting(p.id);
                        }}
                      >
                        Corriger
                      </button>
                    )}
                  </td>
                </tr>
                {correcting === p.id && (
                  <FormRow cols={7}>
                    <CorrectionForm
                      contract={contract}
                      payment={p}
                      today={view.today}
                      onDone={(msg) => {
                        setCorrecting(null);
                        setSaved(msg || null);
                      }}
                    />
                  </FormRow>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

export function PaymentsTab({ contract }: { contract: ContractDetail }) {
  const q = useApi('payments.list', { contractId: contract.id });
  const [filter, setFilter] = useState<'all' | 'open' | 'late'>('all');
  if (q.isLoading) return <Loading what="Chargement des versements" />;
  if (q.error || !q.data) return <ErrorBox error={q.error ?? new Error('Versements indisponibles.')} />;
  const view = q.data;
  const schedule = view.schedule.filter((t) => (filter === 'all' ? true : filter === 'open' ? t.outstandingCents > 0 : t.overdue));
  return (
    <div className="payments-tab">
      <Totals view={view} />
      {view.excessCents > 0 && (
        <div className="warn-box" role="note" aria-label="Trop-perçus">
          Trop-perçu : <Money cents={view.excessCents} strong /> versés au-delà du montant des échéances
          <ul className="plain">
            {view.schedule
              .filter((t) => t.excessCents > 0)
              .map((t) => (
                <li key={t.id}>
                  {t.label} ({date(t.dueOn)}) : trop-perçu <Money cents={t.excessCents} />
                </li>
              ))}
          </ul>
        </div>
      )}
      {view.unallocatedCents > 0 && (
        <div className="warn-box" role="note">
          Non affecté : <Money cents={view.unallocatedCents} strong /> reçus ne règlent aucune échéance connue (échéance qui n’existe plus après un
          recalcul, ou ancien versement supérieur à ses échéances).
        </div>
      )}
      <RecordPayment contract={contract} view={view} />
      <section className="panel" aria-labelledby="versements-titre">
        <h2 id="versements-titre">Versements reçus</h2>
        <p className="muted small">Un versement n’est jamais modifié : une correction est une nouvelle ligne datée qui ajuste le versement d’origine.</p>
        <PaymentList contract={contract} view={view} />
      </section>
      <section className="panel" aria-labelledby="echeances-titre">
        <div className="section-head">
          <h2 id="echeances-titre">Échéancier et restes dus</h2>
          <div className="field inline">
            <label htmlFor="schedule-filter">Afficher</label>
            <select id="schedule-filter" value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)}>
              <option value="all">Toutes les échéances</option>
              <option value="open">Échéances restant dues</option>
              <option value="late">Échéances en retard</option>
            </select>
          </div>
        </div>
        <TrancheTable tranches={schedule} today={view.today} label="Échéancier des versements" showYear explain={false} empty="Aucune échéance pour ce filtre." />
      </section>
    </div>
  );
}
