// Payments received: record a payment against the tranches it settles (RecordPayment.tsx),
// correct a payment by a new dated entry (CorrectPayment.tsx; the ledger is append-only), and
// follow what each tranche still owes. A confirmed payment above what its tranches owe shows as a
// trop-perçu (the API's `excessCents`, never its text).
import { Fragment, useState } from 'react';
import type { ContractDetail } from '../../../shared/api';
import type { PaymentEntry, PaymentsView } from '../../../shared/views';
import { useApi } from '../../api/hooks';
import { Badge, ErrorBox, HiddenHeader, Loading, Money, StatCard } from '../../components/ui';
import { FormRow, StatusMessage } from '../../components/form';
import { TotalsCards, TrancheTable } from '../../components/money';
import { date } from '../../i18n/format';
import { CorrectPayment } from './CorrectPayment';
import { RecordPayment } from './RecordPayment';

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
                    <CorrectPayment
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
