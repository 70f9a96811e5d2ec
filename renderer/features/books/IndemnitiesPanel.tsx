// « Indemnités » : the register of health professionals' indemnities and remunerations, totals
// per professional and civil year against the PASS (warning from 80 %, entries past it flagged),
// its export per civil year (Excel, PDF), the professionals (inscribe, edit), one time entry typed
// on screen and the CSV import with its preview; an entry past the PASS needs an explicit
// confirmation.
import { useState } from 'react';
import type { ContractDetail } from '../../../shared/api';
import { useApi } from '../../api/hooks';
import { Badge, ErrorBox, Loading, Money } from '../../components/ui';
import { date } from '../../i18n/format';
import { ImportRegister } from './IndemnityImport';
import { AddIndemnityEntry } from './IndemnityEntryForm';
import { missionLabel, percent } from './labels';
import { AddProfessional, ProfessionalsList } from './ProfessionalForms';
import { RegisterExport } from './RegisterExport';

export function IndemnitiesPanel({ contract }: { contract: ContractDetail }) {
  const [year, setYear] = useState<number | undefined>(undefined);
  const q = useApi('indemnities.get', { contractId: contract.id, year });
  const all = useApi('indemnities.get', { contractId: contract.id });
  const info = useApi('app.info', {});
  if (q.isLoading || all.isLoading || info.isLoading) return <Loading what="Chargement du registre" />;
  if (q.error || !q.data || all.error || !all.data || !info.data) return <ErrorBox error={q.error ?? all.error ?? new Error('Registre indisponible.')} />;
  const v = q.data;
  const today = info.data.today;
  const years = [...new Set(v.pass.map((p) => p.year))];
  return (
    <div>
      <label className="field inline">
        <span>Année civile</span>
        <select value={year ?? ''} onChange={(e) => setYear(e.target.value === '' ? undefined : Number(e.target.value))}>
          <option value="">Toutes</option>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
      {v.warnings.length > 0 && (
        <div className="warn-box" role="note" aria-label="Alertes sur le plafond">
          <ul className="plain">
            {v.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <table className="table compact" aria-label="Indemnités par professionnel et année civile">
        <thead>
          <tr>
            <th>Année</th>
            <th>Professionnel</th>
            <th>Profession</th>
            <th className="num">Heures</th>
            <th className="num">Total</th>
            <th className="num">Plafond (PASS)</th>
            <th>Part du PASS</th>
          </tr>
        </thead>
        <tbody>
          {v.perProfessional.map((p) => (
            <tr key={`${p.professionalId}|${p.year}`}>
              <td>{p.year}</td>
              <td>{p.name}</td>
              <td>{p.profession}</td>
              <td className="num">{(p.hoursCenti / 100).toLocaleString('fr-FR')}</td>
              <td className="num">
                <Money cents={p.totalCents} />
              </td>
              <td className="num">
                <Money cents={p.ceilingCents} />
              </td>
              <td>
                <meter min={0} max={1} low={0.8} high={0.999} optimum={0} value={Math.min(p.share ?? 0, 1)} aria-label={`Part du PASS : ${percent(p.share)}`} /> {percent(p.share)}{' '}
                {p.level === 'over' && <Badge tone="late">au-delà du plafond{p.flaggedEntries > 0 ? ` (${p.flaggedEntries} saisie(s) confirmée(s))` : ''}</Badge>}
                {p.level === 'warning' && <Badge tone="warn">plus de 80 %</Badge>}
              </td>
            </tr>
          ))}
          {v.perProfessional.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                Aucune saisie au registre.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <details>
        <summary>Saisies du registre ({v.entries.length})</summary>
        <table className="table compact" aria-label="Saisies du registre">
          <thead>
            <tr>
              <th>Date</th>
              <th>Professionnel</th>
              <th>Mission</th>
              <th>Nature</th>
              <th className="num">Heures</th>
              <th className="num">Montant</th>
            </tr>
          </thead>
          <tbody>
            {v.entries.map((e) => (
              <tr key={e.id} className={e.overCeiling ? 'row-warn' : undefined}>
                <td>{date(e.workedOn)}</td>
                <td>{e.name}</td>
                <td>{missionLabel(e.mission)}</td>
                <td>
                  {e.kind === 'indemnite' ? 'Indemnité' : 'Rémunération'} {e.overCeiling && <Badge tone="late">au-delà du PASS, confirmée</Badge>}
                </td>
                <td className="num">{e.hours.toLocaleString('fr-FR')}</td>
                <td className="num">
                  <Money cents={e.amountCents} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <h3>Exporter le registre</h3>
      <RegisterExport contract={contract} view={all.data} today={today} shown={year} />
      <h3>Saisir du temps</h3>
      <AddIndemnityEntry contract={contract} view={all.data} today={today} key={all.data.professionals.map((p) => p.id).join(',')} />
      <h3>Professionnels</h3>
      <ProfessionalsList contract={contract} professionals={all.data.professionals} />
      <AddProfessional contract={contract} />
      <h3>Importer le registre</h3>
      <ImportRegister contract={contract} />
      <p className="muted small">
        Plafond annuel de la sécurité sociale (décret n° 2022-375, art. L241-3 CSS) :{' '}
        {v.pass.map((p) => `${p.year} : ${(p.cents / 100).toLocaleString('fr-FR')} € (${p.source.tag})`).join(' ; ')}.
      </p>
    </div>
  );
}
