import { useState } from 'react';
import { Link, NavLink, Route, Routes, useParams } from 'react-router';
import { useApi, useApiMutation } from '../../api/hooks';
import { Badge, ErrorBox, Loading, PageHeader, SizeBand } from '../../components/ui';
import { ConfirmDialog } from '../../components/confirm';
import { LifecycleBadges, archivedOn } from './LifecycleBadges';
import { date, integer } from '../../i18n/format';
import { CONTRACT_STATUS_LABELS } from '../../../shared/schemas/contract';
import type { ContractDetail } from '../../../shared/api';
import { MissionsPanel } from './MissionsPanel';
import { FundingTab } from '../funding/FundingTab';
import { PaymentsTab } from '../payments/PaymentsTab';
import { SpendingTab } from '../spending/SpendingTab';
import { BooksTab } from '../books/BooksTab';
import { EnvelopesTab } from '../funding/EnvelopesTab';
import { IndicatorsTab } from '../indicators/IndicatorsTab';
import { DialoguesTab } from '../dialogue/DialoguesTab';
import { AuditTab } from '../audit/AuditTab';
import { ContractExports } from '../reports/ExportControls';
import { ExchangeActions } from '../exchange/ExchangeActions';

function Summary({ c }: { c: ContractDetail }) {
  const revised = c.populations.length > 1;
  return (
    <section className="card summary">
      <dl className="facts">
        <div>
          <dt>Association</dt>
          <dd>{c.legalName}</dd>
        </div>
        <div>
          <dt>SIRET</dt>
          <dd>{c.siret || <span className="muted">non renseigné</span>}</dd>
        </div>
        <div>
          <dt>Département</dt>
          <dd>{c.departement}</dd>
        </div>
        <div>
          <dt>Population</dt>
          <dd>
            {integer(c.population)} hab. au {date(c.populationAsOf)} <SizeBand band={c.sizeBand} />
            {revised && (
              <div className="muted small">
                Historique :{' '}
                {c.populations.map((p) => `${integer(p.population)} au ${date(p.asOf)} (taille ${p.sizeBand})`).join(' → ')}
              </div>
            )}
          </dd>
        </div>
        <div>
          <dt>Signataires</dt>
          <dd>
            {c.cpam} · {c.ars}
          </dd>
        </div>
        <div>
          <dt>Durée</dt>
          <dd>
            signé le {date(c.signedOn)}, du {date(c.startsOn)} au {date(c.endsOn)}
            <div className="muted small">Fin calculée : veille du 5e anniversaire de la signature.</div>
          </dd>
        </div>
        <div>
          <dt>Texte à la signature</dt>
          <dd>{c.textVersionLabel}</dd>
        </div>
        <div>
          <dt>Communes</dt>
          <dd>{c.communes.join(', ')}</dd>
        </div>
      </dl>
    </section>
  );
}

/** Archive (with confirmation) or restore the contract. */
function ArchiveAction({ c }: { c: ContractDetail }) {
  const archive = useApiMutation('contract.archive');
  const restore = useApiMutation('contract.restore');
  const [confirming, setConfirming] = useState(false);
  if (c.archivedAt !== null) {
    return (
      <button type="button" className="button" disabled={restore.isPending} onClick={() => restore.mutate({ id: c.id })}>
        {restore.isPending ? 'Restauration…' : 'Restaurer le contrat'}
      </button>
    );
  }
  return (
    <>
      <button type="button" className="button danger-outline" onClick={() => setConfirming(true)}>
        Archiver
      </button>
      {confirming && (
        <ConfirmDialog
          title={`Archiver le contrat de ${c.name} ?`}
          confirmLabel="Archiver le contrat"
          busyLabel="Archivage…"
          busy={archive.isPending}
          error={archive.error?.message}
          onConfirm={() => archive.mutate({ id: c.id }, { onSuccess: () => setConfirming(false) })}
          onCancel={() => {
            archive.reset();
            setConfirming(false);
          }}
        >
          <p>
            Le contrat sort de la liste du portefeuille et de ses totaux. Rien n’est effacé : versements, dialogues de gestion et pièces restent dans le
            fichier, et le contrat se restaure à tout moment (filtre « Archivés » du portefeuille).
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

export function ContractPage() {
  const id = Number(useParams().id);
  const q = useApi('contract.get', { id });
  if (q.isLoading) return <Loading />;
  if (q.error || !q.data) return <ErrorBox error={q.error ?? new Error('Contrat introuvable.')} />;
  const c = q.data;
  const late = c.missions.filter((m) => m.startLate || m.deployLate).length;
  return (
    <>
      <PageHeader
        title={c.name}
        subtitle={
          <>
            Contrat n° {c.id} · <Badge tone={c.status === 'actif' ? 'ok' : 'neutral'}>{CONTRACT_STATUS_LABELS[c.status]}</Badge>{' '}
            <LifecycleBadges lifecycle={c.lifecycle} demo={c.demo} archivedAt={c.archivedAt} />{' '}
            {late > 0 && <Badge tone="late">{late} mission(s) en retard</Badge>}
          </>
        }
        actions={
          <>
            <ContractExports contract={c} />
            <ExchangeActions contract={c} />
            <Link className="button" to={`/contrats/${c.id}/modifier`}>
              Modifier
            </Link>
            <ArchiveAction c={c} />
          </>
        }
      />
      {c.archivedAt !== null && (
        <div className="warn-box" role="status">
          Contrat archivé le {archivedOn(c.archivedAt)} : il n’apparaît plus dans le portefeuille ni dans ses totaux. « Restaurer le contrat » l’y remet.
        </div>
      )}
      <Summary c={c} />
      <nav className="tabs" aria-label="Sections du contrat">
        <NavLink to={`/contrats/${c.id}`} end>
          Missions
        </NavLink>
        <NavLink to={`/contrats/${c.id}/echeancier`}>Échéancier</NavLink>
        <NavLink to={`/contrats/${c.id}/versements`}>Versements</NavLink>
        <NavLink to={`/contrats/${c.id}/depenses`}>Dépenses</NavLink>
        <NavLink to={`/contrats/${c.id}/comptabilite`}>Comptabilité</NavLink>
        <NavLink to={`/contrats/${c.id}/enveloppes`}>Enveloppes</NavLink>
        <NavLink to={`/contrats/${c.id}/indicateurs`}>Indicateurs</NavLink>
        <NavLink to={`/contrats/${c.id}/dialogues`}>Dialogues de gestion</NavLink>
        <NavLink to={`/contrats/${c.id}/journal`}>Journal</NavLink>
      </nav>
      <Routes>
        <Route index element={<MissionsPanel contract={c} />} />
        <Route path="echeancier" element={<FundingTab contract={c} />} />
        <Route path="versements" element={<PaymentsTab contract={c} />} />
        <Route path="depenses" element={<SpendingTab contract={c} />} />
        <Route path="comptabilite/*" element={<BooksTab contract={c} />} />
        <Route path="enveloppes" element={<EnvelopesTab contract={c} />} />
        <Route path="indicateurs" element={<IndicatorsTab contract={c} />} />
        <Route path="dialogues/*" element={<DialoguesTab contract={c} />} />
        <Route path="journal" element={<AuditTab contract={c} />} />
      </Routes>
    </>
  );
}
