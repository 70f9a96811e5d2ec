// Corrects one payment by a new dated entry (the ledger is append-only): its amount in force
// becomes the amount typed (0 € cancels it). Validates with the API's own schema
// (paymentCorrectionSchema); a correction that leaves a trop-perçu is sent again only once
// confirmed (excess.tsx).
import type { ContractDetail } from '../../../shared/api';
import { formatEurosNumber } from '../../../shared/money';
import { paymentCorrectionSchema } from '../../../shared/schemas/money';
import type { PaymentEntry } from '../../../shared/views';
import { useApiMutation } from '../../api/hooks';
import { BoundMoneyField, BoundTextField, useApiForm } from '../../components/apiForm';
import { FormMessage } from '../../components/money';
import { Money } from '../../components/ui';
import { date } from '../../i18n/format';
import { useExcessConfirm } from './excess';

export function CorrectPayment({
  contract,
  payment,
  today,
  onDone,
}: {
  contract: ContractDetail;
  payment: PaymentEntry;
  today: string;
  /** Called with what was saved, or '' when the user gives up. */
  onDone: (message: string) => void;
}) {
  const correct = useApiMutation('payments.correct');
  const { control, errors, submit } = useApiForm(
    paymentCorrectionSchema,
    { contractId: contract.id, paymentId: payment.id, correctedOn: today, newAmountCents: formatEurosNumber(payment.effectiveCents), reason: '', allowExcess: false },
    ['correctedOn', 'newAmountCents', 'reason'],
  );
  const excess = useExcessConfirm(correct.isPending);

  const onSubmit = excess.guard(
    submit(async (values) => {
      const sent = await excess.attempt(async (allowExcess) => {
        await correct.mutateAsync({ ...values, allowExcess });
        return allowExcess;
      });
      if (sent === null) return ''; // nothing was recorded: the dialog asks
      const message = `Correction du versement n° ${payment.id} enregistrée${sent ? ' (dont un trop-perçu)' : ''}.`;
      onDone(message);
      return message;
    }),
  );

  return (
    <form ref={excess.formRef} className="correction-form" onSubmit={onSubmit} noValidate aria-label={`Correction du versement n° ${payment.id}`}>
      <div className="correction-title">
        Corriger le versement n° {payment.id} du {date(payment.receivedOn)} — montant en vigueur <Money cents={payment.effectiveCents} />
      </div>
      <div className="inline-fields">
        <BoundTextField control={control} name="correctedOn" label="Date de la correction" id="corr-date" type="date" />
        <BoundMoneyField control={control} name="newAmountCents" label="Montant corrigé (€)" id="corr-amount" hint="0 pour annuler le versement" />
        <BoundTextField control={control} name="reason" label="Motif de la correction" id="corr-reason" className="input-wide" />
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
      <FormMessage errors={errors} refused="La correction n’a pas été enregistrée" />
      {excess.dialog}
    </form>
  );
}
