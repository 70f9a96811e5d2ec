import type { ContractDetail, MissionRow } from '../../../shared/api';
import { Badge } from '../../components/ui';
import { LinkedText } from '../../components/sources';
import { date } from '../../i18n/format';

function Step({ done, due, late, label }: { done: string | null; due: string | null; late: boolean; label: string }) {
  if (done) {
    return (
      <span>
        {date(done)} {late ? <Badge tone="warn">hors délai</Badge> : <Badge tone="ok">{label}</Badge>}
      </span>
    );
  }
  if (!due) return <span className="muted">au choix de la CPTS</span>;
  return late ? (
    <span className="late">
      <Badge tone="late">En retard</Badge> attendu au {date(due)}
    </span>
  ) : (
    <span>à faire avant le {date(due)}</span>
  );
}

export function MissionsPanel({ contract }: { contract: ContractDetail }) {
  return (
    <section>
      <h2>Missions et délais</h2>
      <p className="muted">Délais comptés depuis la signature : démarrage sous 6 ou 12 mois, déploiement sous 18 ou 24 mois selon la mission.</p>
      <table className="table" aria-label="Missions">
        <thead>
          <tr>
            <th>Mission</th>
            <th>Type</th>
            <th>Démarrage</th>
            <th>Déploiement</th>
          </tr>
        </thead>
        <tbody>
          {contract.missions.map((m: MissionRow) => (
            <tr key={m.code} className={m.startLate || m.deployLate ? 'row-late' : ''}>
              <td>
                <strong>{m.label}</strong>
                <div className="muted small">
                  <LinkedText text={m.deadlineNote} />
                </div>
              </td>
              <td>{m.socle ? 'Socle' : 'Optionnelle'}</td>
              <td>
                <Step done={m.startedOn} due={m.startBy} late={m.startLate} label="démarrée" />
              </td>
              <td>
                <Step done={m.deployedOn} due={m.deployBy} late={m.deployLate} label="déployée" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
