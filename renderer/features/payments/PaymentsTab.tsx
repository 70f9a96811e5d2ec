// Payments received: record a payment against the tranches it settles, correct a payment by a new
// dated entry (the ledger is append-only), and follow what each tranche still owes.
import { Fragment, useState, type FormEvent } from 'react';
import type { ContractDetail } from '../../../shared/api';
import { formatEurosNumber } from '../../../shared/money';
import type { PaymentEntry, PaymentsView, TrancheStatus } from '../../../shared/views';
import { useApi, useApiMutation } from '../../api/hooks';
import { Badge, ErrorBox, Field, Loading, Money } from '../../components/ui';
import { FormMessage, NO_ERRORS, TrancheTable, fieldError, formErrors, invalidProps, type FormErrors } from '../../components/money';
import { date } from '../../i18n/format';

function Totals({ view }: { view: PaymentsView }) {
  const t = view.totals;
  return (
    <section className="cards money-cards" aria-label="Totaux des versements">
      <div className="card stat">
        <div className="stat-label">Échu au {date(view.today)}</div>
        <div className="stat-value">
          <Money cents={t.dueToDateCents} />
        </div>
        <div className="stat-sub">sur <Money cents={t.dueCents} /> au total</div>
      </div>
      <div className="card stat">
        <div className="stat-label">Versé</div>
        <div className="stat-value">
          <Money cents={t.paidCents} />
        </div>
      </div>
      <div className="card stat">
        <div className="stat-label">Reste à verser</div>
        <div className="stat-value" data-testid="total-outstanding">
          <Money cents={t.outstandingCents} />
        </div>
      </div>
      <div className={`card stat${t.overdueCents > 0 ? ' stat-late' : ''}`}>
        <div className="stat-label">En retard</div>
        <div className="stat-value">
          <Money cents={t.overdueCents} />
        </div>
      </div>
      <div className="card stat">
        <div className="stat-label">Dû dans les 60 jours</div>
        <div className="stat-value">
          <Money cents={t.dueNext60Cents} />
        </div>
      </div>
    </section>
  );
}

interface PaymentForm {
  receivedOn: string;
  amount: string;
  cpamRef: string;
  trancheIds: string[];
  comment: string;
}

function TrancheChoice({ t, checked, onChange }: { t: TrancheStatus; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className={`tranche-choice${t.overdue ? ' is-late' : ''}`}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="tranche-choice-date">{date(t.dueOn)}</span>
      <span className="tranche-choice-label">{t.label}</span>
      <span className="tranche-choice-amount">
        reste dû <Money cents={t.outstandingCents} />
      </span>
      {t.overdue && <Badge tone="late">En retard</Badge>}
    </label>
  );
}

function RecordPayment({ contract, view }: { contract: ContractDetail; view: PaymentsView }) {
  const record = useApiMutation('payments.record');
  const empty = (): PaymentForm => ({ receivedOn: view.today, amount: '', cpamRef: '', trancheIds: [], comment: '' });
  const [form, setForm] = useState<PaymentForm>(empty);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = useState<string | null>(null);
  const [showSettled, setShowSettled] = useState(false);
  const err = (k: string) => fieldError(errors, k);

  const open = view.schedule.filter((t) => t.outstandingCents > 0);
  const settled = view.schedule.filter((t) => t.outstandingCents <= 0);
  const toggle = (id: string, on: boolean) =>
    setForm((f) => ({ ...f, trancheIds: on ? [...f.trancheIds, id] : f.trancheIds.filter((x) => x !== id) }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    try {
      const before = new Set(view.payments.map((p) => p.id));
      const res = await record.mutateAsync({
        contractId: contract.id,
        receivedOn: form.receivedOn,
        amountCents: form.amount,
        cpamRef: form.cpamRef,
        trancheIds: form.trancheIds,
        comment: form.comment,
      });
      const created = res.payments.find((p) => !before.has(p.id));
      setErrors(NO_ERRORS);
      setSaved(created ? `Versement n° ${created.id} enregistré.` : 'Versement enregistré.');
      setForm(empty());
    } catch (error) {
      setErrors(formErrors(error));
    }
  };

  return (
    <section className="panel" aria-labelledby="versement-titre">
      <h2 id="versement-titre">Enregistrer un versement</h2>
      <form className="form" onSubmit={submit} noValidate aria-label="Nouveau versement">
        <fieldset>
          <legend>Versement reçu de la CPAM</legend>
          <div className="grid-3">
            <Field label="Date du versement" name="pay-date" error={err('receivedOn')}>
              <input
                id="pay-date"
                type="date"
                value={form.receivedOn}
                onChange={(e) => setForm((f) => ({ ...f, receivedOn: e.target.value }))}
                {...invalidProps('pay-date', err('receivedOn'))}
              />
            </Field>
            <Field label="Montant du versement (€)" name="pay-amount" error={err('amountCents')} hint="ex. 17 500,00">
              <input
                id="pay-amount"
                inputMode="decimal"
                className="input-money"
                value={form.amount}
                onChange={(e) => setForm((f) => ({ ...f, amount: e.target.value }))}
                {...invalidProps('pay-amount', err('amountCents'))}
              />
            </Field>
            <Field label="Référence CPAM" name="pay-ref" error={err('cpamRef')} hint="Référence de l’avis de paiement">
              <input
                id="pay-ref"
                value={form.cpamRef}
                onChange={(e) => setForm((f) => ({ ...f, cpamRef: e.target.value }))}
                {...invalidProps('pay-ref', err('cpamRef'))}
              />
            </Field>
          </div>
          <div className={`field${err('trancheIds') ? ' has-error' : ''}`}>
            <div role="group" aria-labelledby="pay-tranches-label" aria-describedby={err('trancheIds') ? 'pay-tranches-error' : undefined}>
              <div id="pay-tranches-label" className="label-like">
                Échéances réglées par ce versement
              </div>
              <div className="hint">Le montant est affecté aux échéances cochées, dans l’ordre de leurs dates, à hauteur de ce qu’elles doivent encore.</div>
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
            {err('trancheIds') && (
              <div className="field-error" id="pay-tranches-error" role="alert">
                {err('trancheIds')}
              </div>
            )}
          </div>
          <Field label="Commentaire" name="pay-comment" error={err('comment')}>
            <input
              id="pay-comment"
              value={form.comment}
              onChange={(e) => setForm((f) => ({ ...f, comment: e.target.value }))}
              {...invalidProps('pay-comment', err('comment'))}
            />
          </Field>
        </fieldset>
        <FormMessage errors={errors} refused="Le versement n’a pas été enregistré" />
        {saved && (
          <div className="info-box" role="status">
            {saved}
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={record.isPending}>
            {record.isPending ? 'Enregistrement…' : 'Enregistrer le versement'}
          </button>
        </div>
      </form>
    </section>
  );
}

function CorrectionForm({ contract, payment, today, onDone }: { contract: ContractDetail; payment: PaymentEntry; today: string; onDone: (msg: string) => void }) {
  const correct = useApiMutation('payments.correct');
  const [form, setForm] = useState({ correctedOn: today, amount: formatEurosNumber(payment.effectiveCents), reason: '' });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const err = (k: string) => fieldError(errors, k);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await correct.mutateAsync({
        contractId: contract.id,
        paymentId: payment.id,
        correctedOn: form.correctedOn,
        newAmountCents: form.amount,
        reason: form.reason,
      });
      onDone(`Correction du versement n° ${payment.id} enregistrée.`);
    } catch (error) {
      setErrors(formErrors(error));
    }
  };

  return (
    <form className="correction-form" onSubmit={submit} noValidate aria-label={`Correction du versement n° ${payment.id}`}>
      <div className="correction-title">
        Corriger le versement n° {payment.id} du {date(payment.receivedOn)} — montant en vigueur <Money cents={payment.effectiveCents} />
      </div>
      <div className="inline-fields">
        <Field label="Date de la correction" name="corr-date" error={err('correctedOn')}>
          <input
            id="corr-date"
            type="date"
            value={form.correctedOn}
            onChange={(e) => setForm((f) => ({ ...f, correctedOn: e.target.value }))}
            {...invalidProps('corr-date', err('correctedOn'))}
          />
        </Field>
        <Field label="Montant corrigé (€)" name="corr-amount" error={err('newAmountCents')} hint="0 pour annuler le versement">
          <input
            id="corr-amount"
            inputMode="decimal"
            className="input-money"
            value={form.amount}
            onChange={(e) => setForm((f) => ({ ...f, amount: e.target.value }))}
            {...invalidProps('corr-amount', err('newAmountCents'))}
          />
        </Field>
        <Field label="Motif de la correction" name="corr-reason" error={err('reason')}>
          <input
            id="corr-reason"
            className="input-wide"
            value={form.reason}
            onChange={(e) => setForm((f) => ({ ...f, reason: e.target.value }))}
            {...invalidProps('corr-reason', err('reason'))}
          />
        </Field>
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
      {err('paymentId') && (
        <div className="field-error" role="alert">
          {err('paymentId')}
        </div>
      )}
      <FormMessage errors={errors} refused="La correction n’a pas été enregistrée" />
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
      {saved && (
        <div className="info-box" role="status">
          {saved}
        </div>
      )}
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
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
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
                  <tr className="row-form">
                    <td colSpan={7}>
                      <CorrectionForm
                        contract={contract}
                        payment={p}
                        today={view.today}
                        onDone={(msg) => {
                          setCorrecting(null);
                          setSaved(msg || null);
                        }}
                      />
                    </td>
                  </tr>
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
      {view.unallocatedCents > 0 && (
        <div className="warn-box" role="note">
          Non affecté : <Money cents={view.unallocatedCents} strong /> reçus ne règlent aucune échéance connue (trop-perçu, ou échéance qui n’existe
          plus après un recalcul).
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
