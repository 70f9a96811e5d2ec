// The spending forms: record an entry (with its supporting file), set a budget, correct an entry.
// Each validates with the API's own schema (shared/schemas/money.ts) through react-hook-form, so
// the form and the API refuse the same input with the same French message.
import { useState } from 'react';
import type { z } from 'zod';
import type { ContractDetail } from '../../../shared/api';
import { lineLabel } from '../../../shared/domain/spending';
import { formatEurosNumber } from '../../../shared/money';
import {
  SPENDING_CATEGORIES,
  SPENDING_CATEGORY_LABELS,
  budgetInputSchema,
  spendingCorrectionSchema,
  spendingInputSchema,
  type AttachmentInput,
} from '../../../shared/schemas/money';
import { MAX_EVIDENCE_BYTES } from '../../../shared/schemas/indicators';
import type { SpendingEntry } from '../../../shared/views';
import { ApiFailure } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import { BoundMoneyField, BoundSelectField, BoundTextField, FileField, emptyAsNull, useApiForm } from '../../components/apiForm';
import { FormActions, MissionOptions, StatusMessage, YearOptions } from '../../components/form';
import { FormMessage } from '../../components/money';
import { Money } from '../../components/ui';
import { date } from '../../i18n/format';
import { readBase64 } from '../../components/files';

const FILE_HINT = 'Facultatif : PDF, image, document… 20 Mo au plus';

/** The chosen file as the API's attachment, or null; refused on the form's file field when too large. */
async function attachmentOf(file: File | null): Promise<AttachmentInput | null> {
  if (!file) return null;
  if (file.size > MAX_EVIDENCE_BYTES) {
    const message = `Fichier joint : « ${file.name} » est trop volumineux (20 Mo au plus).`;
    throw new ApiFailure(message, { attachment: message });
  }
  return { fileName: file.name, contentBase64: await readBase64(file) };
}

const attached = (file: File | null) => (file ? `, pièce « ${file.name} » jointe` : '');

type SpendingInput = z.input<typeof spendingInputSchema>;

export function RecordSpending({ contract, today }: { contract: ContractDetail; today: string }) {
  const record = useApiMutation('spending.record');
  const empty = (): SpendingInput => ({
    contractId: contract.id,
    spentOn: today,
    mission: null,
    category: 'coordination',
    amountCents: '',
    documentRef: '',
    comment: '',
    attachment: null,
  });
  const { form, control, errors, saved, submit } = useApiForm(spendingInputSchema, empty(), ['spentOn', 'mission', 'category', 'amountCents', 'documentRef', 'comment', 'attachment']);
  const [file, setFile] = useState<File | null>(null);
  const [fileKey, setFileKey] = useState(0);

  const onSubmit = submit(async (values) => {
    await record.mutateAsync({ ...values, attachment: await attachmentOf(file) });
    form.reset(empty());
    setFile(null);
    setFileKey((k) => k + 1);
    return `Dépense enregistrée (${lineLabel(values.mission)}${attached(file)}).`;
  });

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Nouvelle dépense">
      <fieldset>
        <legend>Enregistrer une dépense</legend>
        <div className="grid-3">
          <BoundTextField control={control} name="spentOn" label="Date de la dépense" id="sp-date" type="date" />
          <BoundSelectField control={control} name="mission" label="Mission ou fonctionnement" id="sp-mission" parse={emptyAsNull}>
            <option value="">Fonctionnement</option>
            <MissionOptions missions={contract.missions} />
          </BoundSelectField>
          <BoundSelectField control={control} name="category" label="Catégorie" id="sp-category">
            {SPENDING_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {SPENDING_CATEGORY_LABELS[c]}
              </option>
            ))}
          </BoundSelectField>
          <BoundMoneyField control={control} name="amountCents" label="Montant de la dépense (€)" id="sp-amount" hint="ex. 2 450,00" />
          <BoundTextField control={control} name="documentRef" label="Pièce justificative" id="sp-doc" hint="Référence de la facture, du bulletin…" />
          <BoundTextField control={control} name="comment" label="Commentaire" id="sp-comment" />
          <FileField label="Fichier de la pièce" id="sp-file" hint={FILE_HINT} error={errors.fields.attachment} onChange={setFile} resetKey={fileKey} />
        </div>
        <FormMessage errors={errors} refused="La dépense n’a pas été enregistrée" />
        <StatusMessage message={saved} />
        <FormActions busy={record.isPending} submit="Enregistrer la dépense" />
      </fieldset>
    </form>
  );
}

export function BudgetForm({ contract }: { contract: ContractDetail }) {
  const save = useApiMutation('budget.set');
  const { form, control, errors, saved, submit } = useApiForm(budgetInputSchema, { contractId: contract.id, year: 1, mission: null, cents: '' }, ['year', 'mission', 'cents']);

  const onSubmit = submit(async (values) => {
    await save.mutateAsync(values);
    form.reset({ contractId: contract.id, year: values.year, mission: values.mission, cents: '' });
    return `Budget enregistré : année ${values.year}, ${lineLabel(values.mission)}.`;
  });

  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate aria-label="Budget prévisionnel">
      <BoundSelectField control={control} name="year" label="Année du budget" id="bud-year" parse={Number}>
        <YearOptions />
      </BoundSelectField>
      <BoundSelectField control={control} name="mission" label="Ligne budgétaire" id="bud-line" parse={emptyAsNull}>
        <option value="">Fonctionnement</option>
        <MissionOptions missions={contract.missions} />
      </BoundSelectField>
      <BoundMoneyField control={control} name="cents" label="Budget (€)" id="bud-amount" />
      <div className="field field-submit">
        <button type="submit" className="button primary" disabled={save.isPending}>
          Enregistrer le budget
        </button>
      </div>
      <div className="form-wide">
        <FormMessage errors={errors} refused="Le budget n’a pas été enregistré" />
        <StatusMessage message={saved} />
      </div>
    </form>
  );
}

/** Corrects one entry: its amount in force becomes the amount typed (0 € cancels it); the entry is kept. */
export function CorrectSpending({
  contract,
  entry,
  today,
  onDone,
}: {
  contract: ContractDetail;
  entry: SpendingEntry;
  today: string;
  /** Called with what was saved, or '' when the user gives up. */
  onDone: (message: string) => void;
}) {
  const correct = useApiMutation('spending.correct');
  const { control, errors, submit } = useApiForm(
    spendingCorrectionSchema,
    { contractId: contract.id, spendingId: entry.id, correctedOn: today, newAmountCents: formatEurosNumber(entry.effectiveCents), reason: '', attachment: null },
    ['correctedOn', 'newAmountCents', 'reason', 'attachment'],
  );
  const [file, setFile] = useState<File | null>(null);
  const id = (k: string) => `sp-corr-${entry.id}-${k}`;

  const onSubmit = submit(async (values) => {
    await correct.mutateAsync({ ...values, attachment: await attachmentOf(file) });
    const what = values.newAmountCents === 0 ? 'annulée' : 'corrigée';
    const message = `Dépense n° ${entry.id} du ${date(entry.spentOn)} ${what}${attached(file)}.`;
    onDone(message);
    return message;
  });

  return (
    <form className="correction-form" onSubmit={onSubmit} noValidate aria-label={`Correction de la dépense n° ${entry.id}`}>
      <div className="correction-title">
        Corriger la dépense n° {entry.id} du {date(entry.spentOn)} ({entry.documentRef}) — montant en vigueur <Money cents={entry.effectiveCents} />
      </div>
      <div className="inline-fields">
        <BoundTextField control={control} name="correctedOn" label="Date de la correction" id={id('date')} type="date" />
        <BoundMoneyField control={control} name="newAmountCents" label="Montant corrigé (€)" id={id('amount')} hint="0 pour annuler la dépense" />
        <BoundTextField control={control} name="reason" label="Motif de la correction" id={id('reason')} className="input-wide" />
        <FileField label="Fichier justificatif (avoir…)" id={id('file')} hint={FILE_HINT} error={errors.fields.attachment} onChange={setFile} resetKey={0} />
      </div>
      <FormMessage errors={errors} refused="La correction n’a pas été enregistrée" />
      <FormActions busy={correct.isPending} submit="Enregistrer la correction" small onCancel={() => onDone('')} />
    </form>
  );
}
