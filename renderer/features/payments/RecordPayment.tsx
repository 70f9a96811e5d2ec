// The form that records a payment received from the CPAM against the tranches it settles. It
// validates with the API's own schema (paymentInputSchema) through react-hook-form: the form and
// the API refuse the same input with the same French message, on the same field. A payment above
// what its tranches owe is sent again only once the user confirmed the trop-perçu (excess.tsx).
import { useState } from 'react';
import { useController, type Control } from 'react-hook-form';
import type { z } from 'zod';
import type { ContractDetail } from '../../../shared/api';
import { paymentInputSchema } from '../../../shared/schemas/money';
import type { PaymentsView, PaymentTrancheStatus } from '../../../shared/views';
import { useApiMutation } from '../../api/hooks';
import { BoundMoneyField, BoundTextField, messageOf, useApiForm } from '../../components/apiForm';
import { FormActions, StatusMessage } from '../../components/form';
import { FormMessage } from '../../components/money';
import { Badge, FieldError, Money } from '../../components/ui';
import { date } from '../../i18n/format';
import { useExcessConfirm } from './excess';

type PaymentInput = z.input<typeof paymentInputSchema>;

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

const TRANCHES_ID = 'pay-tranches';

function TrancheChoice({ t, checked, error, onChange }: { t: PaymentTrancheStatus; checked: boolean; error: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className={`tranche-choice${t.overdue ? ' is-late' : ''}`}>
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        {...(error ? { 'aria-invalid': true, 'aria-describedby': `${TRANCHES_ID}-error` } : {})}
      />
      <span className="tranche-choice-date">{date(t.dueOn)}</span>
      <span className="tranche-choice-label">{t.label}</span>
      <span className="tranche-choice-amount">
        <TrancheBalance t={t} />
      </span>
      {t.overdue && <Badge tone="late">En retard</Badge>}
    </label>
  );
}

/**
 * The tranches the payment settles, bound to `trancheIds`: one checkbox per tranche, the settled
 * ones on demand. When the choice is refused, every checkbox is marked invalid and described by
 * the message, so focus lands on the first one.
 */
function TrancheChoices({ control, schedule }: { control: Control<PaymentInput, unknown, z.output<typeof paymentInputSchema>>; schedule: PaymentTrancheStatus[] }) {
  const { field, fieldState } = useController({ control, name: 'trancheIds' });
  const [showSettled, setShowSettled] = useState(false);
  const chosen: string[] = Array.isArray(field.value) ? field.value : [];
  const error = messageOf(fieldState.error);
  // A set, so a tranche can never be sent twice.
  const toggle = (id: string, on: boolean) => field.onChange(on ? [...new Set([...chosen, id])] : chosen.filter((x) => x !== id));
  const open = schedule.filter(isOpen);
  const settled = schedule.filter((t) => !isOpen(t));
  const choice = (t: PaymentTrancheStatus) => <TrancheChoice key={t.id} t={t} checked={chosen.includes(t.id)} error={!!error} onChange={(on) => toggle(t.id, on)} />;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <div role="group" aria-labelledby={`${TRANCHES_ID}-label`} aria-describedby={error ? `${TRANCHES_ID}-error` : undefined}>
        <div id={`${TRANCHES_ID}-label`} className="label-like">
          Échéances réglées par ce versement
        </div>
        <div className="hint">
          Le montant est affecté aux échéances cochées, dans l’ordre de leurs dates, à hauteur de ce qu’elles doivent encore ; une reprise cochée
          (montant négatif) est retenue sur ce versement.
        </div>
        {open.length === 0 ? <p className="muted">Toutes les échéances sont soldées.</p> : <div className="tranche-choices">{open.map(choice)}</div>}
        {settled.length > 0 && (
          <>
            <button type="button" className="link-button small" onClick={() => setShowSettled((s) => !s)} aria-expanded={showSettled}>
              {showSettled ? 'Masquer' : 'Afficher'} les échéances soldées ({settled.length})
            </button>
            {showSettled && <div className="tranche-choices">{settled.map(choice)}</div>}
          </>
        )}
      </div>
      <FieldError id={TRANCHES_ID} text={error} />
    </div>
  );
}

export function RecordPayment({ contract, view }: { contract: ContractDetail; view: PaymentsView }) {
  const record = useApiMutation('payments.record');
  const empty = (): PaymentInput => ({ contractId: contract.id, receivedOn: view.today, amountCents: '', cpamRef: '', trancheIds: [], comment: '', allowExcess: false });
  const { form, control, errors, saved, submit } = useApiForm(paymentInputSchema, empty(), ['receivedOn', 'amountCents', 'cpamRef', 'trancheIds', 'comment']);
  const excess = useExcessConfirm(record.isPending);

  const onSubmit = excess.guard(
    submit(async (values) => {
      const before = new Set(view.payments.map((p) => p.id));
      const sent = await excess.attempt(async (allowExcess) => ({ allowExcess, res: await record.mutateAsync({ ...values, allowExcess }) }));
      if (sent === null) return ''; // nothing was recorded: the dialog asks
      const { allowExcess, res } = sent;
      const created = res.payments.find((p) => !before.has(p.id));
      form.reset(empty());
      const excessNote = allowExcess && res.excessCents > view.excessCents ? ' (dont un trop-perçu)' : '';
      return created ? `Versement n° ${created.id} enregistré${excessNote}.` : `Versement enregistré${excessNote}.`;
    }),
  );

  return (
    <section className="panel" aria-labelledby="versement-titre">
      <h2 id="versement-titre">Enregistrer un versement</h2>
      <form ref={excess.formRef} className="form" onSubmit={onSubmit} noValidate aria-label="Nouveau versement">
        <fieldset>
          <legend>Versement reçu de la CPAM</legend>
          <div className="grid-3">
            <BoundTextField control={control} name="receivedOn" label="Date du versement" id="pay-date" type="date" />
            <BoundMoneyField control={control} name="amountCents" label="Montant du versement (€)" id="pay-amount" hint="ex. 17 500,00" />
            <BoundTextField control={control} name="cpamRef" label="Référence CPAM" id="pay-ref" hint="Référence de l’avis de paiement" />
          </div>
          <TrancheChoices control={control} schedule={view.schedule} />
          <BoundTextField control={control} name="comment" label="Commentaire" id="pay-comment" />
        </fieldset>
        <FormMessage errors={errors} refused="Le versement n’a pas été enregistré" />
        <StatusMessage message={saved} />
        <FormActions busy={record.isPending} submit="Enregistrer le versement" />
        {excess.dialog}
      </form>
    </section>
  );
}
