// Spending against what was granted: per contract year and line (fonctionnement, missions) the
// granted / budget / paid / spent / remaining amounts with their warnings; record a spending
// entry, set a budget, list the entries.
import { Fragment, useState } from 'react';
import type { ContractDetail } from '../../../shared/api';
import { MISSION_LABELS, type MissionCode } from '../../../shared/domain/missions';
import { SPENDING_CATEGORIES, SPENDING_CATEGORY_LABELS, type SpendingCategory } from '../../../shared/schemas/money';
import type { SpendingRow, SpendingView } from '../../../shared/views';
import { useApi, useApiMutation } from '../../api/hooks';
import { Badge, ErrorBox, Field, Loading, Money } from '../../components/ui';
import { FormActions, MissionOptions, MoneyField, SelectField, StatusMessage, TextField, YearOptions, useFormWrite } from '../../components/form';
import { FormMessage } from '../../components/money';
import { date } from '../../i18n/format';

const lineLabel = (mission: MissionCode | null) => (mission ? MISSION_LABELS[mission] : 'Fonctionnement');

function SpendingTable({ view }: { view: SpendingView }) {
  if (view.rows.length === 0) return <p className="muted">Aucune année du contrat n’a encore commencé.</p>;
  const years = [...new Set(view.rows.map((r) => r.year))];
  return (
    <table className="table compact spending-table" aria-label="Accordé, budget, versé, dépensé et reste par année">
      <thead>
        <tr>
          <th>Ligne</th>
          <th className="num">Accordé</th>
          <th className="num">Budget</th>
          <th className="num">Versé</th>
          <th className="num">Dépensé</th>
          <th className="num">Reste (accordé − dépensé)</th>
        </tr>
      </thead>
      <tbody>
        {years.map((y) => (
          <Fragment key={y}>
            <tr className="row-group">
              <th colSpan={6} scope="colgroup">
                Année {y}
              </th>
            </tr>
            {view.rows
              .filter((r) => r.year === y)
              .map((r: SpendingRow) => (
                <Fragment key={`${r.year}-${r.mission ?? ''}`}>
                  <tr className={r.warning ? 'row-warn' : ''}>
                    <th scope="row">
                      {r.label}
                      {r.warning && (
                        <>
                          {' '}
                          <Badge tone="warn">Alerte</Badge>
                        </>
                      )}
                    </th>
                    <td className="num">
                      {r.grantedCents === null ? <Badge tone="late" title="Montant refusé : enveloppe manquante">non calculé</Badge> : <Money cents={r.grantedCents} />}
                    </td>
                    <td className="num">{r.budgetCents === null ? <span className="muted">—</span> : <Money cents={r.budgetCents} />}</td>
                    <td className="num">
                      <Money cents={r.paidCents} />
                    </td>
                    <td className="num">
                      <Money cents={r.spentCents} />
                    </td>
                    <td className="num">{r.remainingCents === null ? <span className="muted">—</span> : <Money cents={r.remainingCents} strong />}</td>
                  </tr>
                  {r.warning && (
                    <tr className="row-warn-detail">
                      <td colSpan={6}>{r.warning}</td>
                    </tr>
                  )}
                </Fragment>
              ))}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

interface SpendingForm {
  spentOn: string;
  mission: string;
  category: SpendingCategory;
  amount: string;
  documentRef: string;
  comment: string;
}

function RecordSpending({ contract, today }: { contract: ContractDetail; today: string }) {
  const record = useApiMutation('spending.record');
  const empty = (): SpendingForm => ({ spentOn: today, mission: '', category: 'coordination', amount: '', documentRef: '', comment: '' });
  const [form, setForm] = useState<SpendingForm>(empty);
  const { errors, saved, err, submit } = useFormWrite();
  const set = <K extends keyof SpendingForm>(k: K, v: SpendingForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const onSubmit = submit(async () => {
    await record.mutateAsync({
      contractId: contract.id,
      spentOn: form.spentOn,
      mission: form.mission === '' ? null : (form.mission as MissionCode),
      category: form.category,
      amountCents: form.amount,
      documentRef: form.documentRef,
      comment: form.comment,
    });
    setForm(empty());
    return `Dépense enregistrée (${lineLabel(form.mission === '' ? null : (form.mission as MissionCode))}).`;
  });

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Nouvelle dépense">
      <fieldset>
        <legend>Enregistrer une dépense</legend>
        <div className="grid-3">
          <TextField label="Date de la dépense" id="sp-date" error={err('spentOn')} type="date" value={form.spentOn} onChange={(v) => set('spentOn', v)} />
          <SelectField label="Mission ou fonctionnement" id="sp-mission" error={err('mission')} value={form.mission} onChange={(v) => set('mission', v)}>
            <option value="">Fonctionnement</option>
            <MissionOptions missions={contract.missions} />
          </SelectField>
          <SelectField label="Catégorie" id="sp-category" error={err('category')} value={form.category} onChange={(v) => set('category', v as SpendingCategory)}>
            {SPENDING_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {SPENDING_CATEGORY_LABELS[c]}
              </option>
            ))}
          </SelectField>
          <MoneyField
            label="Montant de la dépense (€)"
            id="sp-amount"
            error={err('amountCents')}
            hint="ex. 2 450,00"
            value={form.amount}
            onChange={(v) => set('amount', v)}
          />
          <TextField label="Pièce justificative" id="sp-doc" error={err('documentRef')} hint="Référence de la facture, du bulletin…" value={form.documentRef} onChange={(v) => set('documentRef', v)} />
          <TextField label="Commentaire" id="sp-comment" error={err('comment')} value={form.comment} onChange={(v) => set('comment', v)} />
        </div>
        <FormMessage errors={errors} refused="La dépense n’a pas été enregistrée" />
        <StatusMessage message={saved} />
        <FormActions busy={record.isPending} submit="Enregistrer la dépense" />
      </fieldset>
    </form>
  );
}

function BudgetForm({ contract }: { contract: ContractDetail }) {
  const save = useApiMutation('budget.set');
  const [form, setForm] = useState({ year: '1', mission: '', amount: '' });
  const { errors, saved, err, submit } = useFormWrite();

  const onSubmit = submit(async () => {
    const mission = form.mission === '' ? null : (form.mission as MissionCode);
    await save.mutateAsync({ contractId: contract.id, year: Number(form.year), mission, cents: form.amount });
    setForm((f) => ({ ...f, amount: '' }));
    return `Budget enregistré : année ${form.year}, ${lineLabel(mission)}.`;
  });

  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate aria-label="Budget prévisionnel">
      <Field label="Année du budget" name="bud-year" error={err('year')}>
        <select id="bud-year" value={form.year} onChange={(e) => setForm((f) => ({ ...f, year: e.target.value }))}>
          <YearOptions />
        </select>
      </Field>
      <Field label="Ligne budgétaire" name="bud-line" error={err('mission')}>
        <select id="bud-line" value={form.mission} onChange={(e) => setForm((f) => ({ ...f, mission: e.target.value }))}>
          <option value="">Fonctionnement</option>
          <MissionOptions missions={contract.missions} />
        </select>
      </Field>
      <MoneyField label="Budget (€)" id="bud-amount" error={err('cents')} value={form.amount} onChange={(v) => setForm((f) => ({ ...f, amount: v }))} />
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

function EntryList({ view }: { view: SpendingView }) {
  if (view.entries.length === 0) return <p className="muted">Aucune dépense enregistrée.</p>;
  return (
    <table className="table compact" aria-label="Dépenses enregistrées">
      <thead>
        <tr>
          <th>Date</th>
          <th>Année</th>
          <th>Mission ou fonctionnement</th>
          <th>Catégorie</th>
          <th className="num">Montant</th>
          <th>Pièce justificative</th>
          <th>Commentaire</th>
        </tr>
      </thead>
      <tbody>
        {view.entries.map((e) => (
          <tr key={e.id}>
            <td className="nowrap">{date(e.spentOn)}</td>
            <td>{e.year ?? <span className="muted">hors contrat</span>}</td>
            <td>{lineLabel(e.mission)}</td>
            <td>{SPENDING_CATEGORY_LABELS[e.category]}</td>
            <td className="num">
              <Money cents={e.amountCents} />
            </td>
            <td>{e.documentRef}</td>
            <td className="small">{e.comment}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SpendingTab({ contract }: { contract: ContractDetail }) {
  const q = useApi('spending.get', { contractId: contract.id });
  const info = useApi('app.info', {});
  if (q.isLoading) return <Loading what="Chargement des dépenses" />;
  if (q.error || !q.data) return <ErrorBox error={q.error ?? new Error('Dépenses indisponibles.')} />;
  const view = q.data;
  return (
    <div className="spending-tab">
      {view.warnings.length > 0 && (
        <div className="warn-box" role="note" aria-label="Alertes sur les dépenses">
          <strong>
            {view.warnings.length} alerte{view.warnings.length > 1 ? 's' : ''}
          </strong>
          <ul className="plain">
            {view.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <section className="panel" aria-labelledby="suivi-titre">
        <h2 id="suivi-titre">Accordé, versé et dépensé</h2>
        <p className="muted small">
          Accordé : montant dû pour l’année (parts variables validées comprises). Versé : versements affectés aux échéances de l’année. Années
          commencées seulement.
        </p>
        <SpendingTable view={view} />
      </section>
      <section className="panel" aria-labelledby="saisie-depense-titre">
        <h2 id="saisie-depense-titre">Nouvelle dépense</h2>
        <RecordSpending contract={contract} today={info.data?.today ?? ''} key={info.data?.today ?? ''} />
      </section>
      <section className="panel" aria-labelledby="budget-titre">
        <h2 id="budget-titre">Budget prévisionnel</h2>
        <p className="muted small">Le budget d’une année et d’une ligne remplace le précédent.</p>
        <BudgetForm contract={contract} />
      </section>
      <section className="panel" aria-labelledby="depenses-titre">
        <h2 id="depenses-titre">Dépenses enregistrées</h2>
        <EntryList view={view} />
      </section>
    </div>
  );
}
