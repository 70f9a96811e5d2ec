// The spending entries as a ledger: each entry with its amount in force, its supporting files and,
// under it, its dated corrections (amount before → after, reason, files). « Corriger » opens the
// correction form under the entry; nothing is ever edited in place.
import { Fragment, useState } from 'react';
import type { ContractDetail } from '../../../shared/api';
import { lineLabel } from '../../../shared/domain/spending';
import { SPENDING_CATEGORY_LABELS } from '../../../shared/schemas/money';
import type { SpendingEntry, SpendingView } from '../../../shared/views';
import { FormRow, StatusMessage } from '../../components/form';
import { Badge, HiddenHeader, Money } from '../../components/ui';
import { date } from '../../i18n/format';
import { EvidenceList } from '../indicators/shared';
import { CorrectSpending } from './SpendingForms';

const COLS = 8;

function Files({ entry, files, label }: { entry: SpendingEntry; files: SpendingEntry['attachments']; label: string }) {
  if (files.length === 0) return null;
  return <EvidenceList items={files} label={`${label} n° ${entry.id}`} />;
}

function Corrections({ entry }: { entry: SpendingEntry }) {
  return entry.corrections.map((k) => (
    <tr key={`c${k.id}`} className="row-correction">
      <td className="nowrap">{date(k.correctedOn)}</td>
      <td colSpan={3}>
        <Badge tone="info">{k.afterCents === 0 ? 'Annulation' : 'Correction'}</Badge> de la dépense n° {entry.id} : <Money cents={k.beforeCents} /> → <Money cents={k.afterCents} />
      </td>
      <td className="num">
        <Money cents={k.deltaCents} />
      </td>
      <td>
        <Files entry={entry} files={k.attachments} label="Correction de la dépense" />
      </td>
      <td className="small">{k.reason}</td>
      <td />
    </tr>
  ));
}

export function SpendingEntries({ contract, view, today }: { contract: ContractDetail; view: SpendingView; today: string }) {
  const [correcting, setCorrecting] = useState<number | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  if (view.entries.length === 0) return <p className="muted">Aucune dépense enregistrée.</p>;
  return (
    <>
      <StatusMessage message={saved} />
      <table className="table compact" aria-label="Dépenses enregistrées">
        <thead>
          <tr>
            <th>Date</th>
            <th>Année</th>
            <th>Mission ou fonctionnement</th>
            <th>Catégorie</th>
            <th className="num">Montant</th>
            <th>Pièce justificative</th>
            <th>Commentaire ou motif</th>
            <HiddenHeader>Actions</HiddenHeader>
          </tr>
        </thead>
        <tbody>
          {view.entries.map((e) => {
            const corrected = e.corrections.length > 0;
            return (
              <Fragment key={e.id}>
                <tr className={corrected ? 'row-corrected' : ''}>
                  <td className="nowrap">{date(e.spentOn)}</td>
                  <td>{e.year ?? <span className="muted">hors contrat</span>}</td>
                  <td>{lineLabel(e.mission)}</td>
                  <td>{SPENDING_CATEGORY_LABELS[e.category]}</td>
                  <td className="num">
                    <Money cents={e.amountCents} strong={!corrected} />
                    {corrected && (
                      <div className="small">
                        {e.cancelled ? (
                          <Badge tone="warn">annulée</Badge>
                        ) : (
                          <>
                            <Badge tone="warn">corrigée</Badge> en vigueur : <Money cents={e.effectiveCents} strong />
                          </>
                        )}
                      </div>
                    )}
                  </td>
                  <td>
                    {e.documentRef}
                    <Files entry={e} files={e.attachments} label="Dépense" />
                  </td>
                  <td className="small">{e.comment}</td>
                  <td>
                    {correcting !== e.id && (
                      <button
                        type="button"
                        className="button small"
                        aria-label={`Corriger la dépense n° ${e.id} du ${date(e.spentOn)}`}
                        onClick={() => {
                          setSaved(null);
                          setCorrecting(e.id);
                        }}
                      >
                        Corriger
                      </button>
                    )}
                  </td>
                </tr>
                <Corrections entry={e} />
                {correcting === e.id && (
                  <FormRow cols={COLS}>
                    <CorrectSpending
                      contract={contract}
                      entry={e}
                      today={today}
                      onDone={(message) => {
                        setCorrecting(null);
                        setSaved(message || null);
                      }}
                    />
                  </FormRow>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      <p className="muted small">Une dépense n’est jamais modifiée ni supprimée : une correction est une nouvelle ligne datée (0 € annule la dépense).</p>
    </>
  );
}
