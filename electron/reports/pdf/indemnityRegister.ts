// "Registre des indemnités" PDF of one civil year (issue 14), the proof of time the CPAM may ask
// for: the summary per professional against the PASS (share, over-ceiling flag), then each
// professional's time entries (date, mission, hours, kind, rate, amount) with their total. Same
// figures as the workbook (electron/reports/indemnityRegisterData.ts), in the shared PDF frame.
import type { Content, TableCell } from 'pdfmake/interfaces';
import { formatDateFr } from '../../../shared/dates';
import { INDEMNITY_KIND_LABELS } from '../../../shared/domain/indemnities';
import { FIRST_PASS_YEAR } from '../../../shared/domain/pass';
import { lineLabel } from '../../../shared/domain/spending';
import { formatEuros } from '../../../shared/money';
import type { IndemnityRegisterData, RegisterProfessional } from '../indemnityRegisterData';
import { COLORS, heading, note, reportDocument } from './layout';
import { renderPdf } from './render';
import { dataTable, dateCell, factsGrid, groupedTable, moneyCell, textCell } from './tables';

const money = (cents: number | null): TableCell => (cents === null ? textCell('—') : moneyCell(cents));
const pct = (share: number | null): string => (share === null ? '—' : `${(share * 100).toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);
const hours = (h: number): string => h.toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const flag = (p: RegisterProfessional): string => (p.level === 'over' ? 'au-delà' : p.level === 'warning' ? '80 % et plus' : '—');

function who(p: RegisterProfessional): string {
  return `${p.name} — ${p.profession}${p.rpps ? ` — RPPS ${p.rpps}` : ''}`;
}

export function indemnityRegisterContent(d: IndemnityRegisterData): { title: string; content: Content[] } {
  const c = d.contract;
  const title = `Registre des indemnités — ${d.year}`;
  const passText = d.pass
    ? `${formatEuros(d.pass.cents)}${d.pass.provisional ? ` (PASS ${d.year} non publié : celui de ${d.pass.year})` : ''}`
    : `aucun avant ${FIRST_PASS_YEAR}`;
  const content: Content[] = [
    { text: 'Registre des indemnités des professionnels de santé', style: 'title' },
    { text: `Année civile ${d.year} — contrat ACI n° ${c.id}`, style: 'subtitle' },
    factsGrid(
      [
        ['CPTS', c.name],
        ['Caisse primaire', c.cpam],
        ['Association', `${c.legalName}${c.siret ? ` — SIRET ${c.siret}` : ''}`],
        [`Plafond annuel (PASS ${d.year})`, passText],
      ],
      2,
    ),
    heading('Synthèse par professionnel'),
    d.professionals.length === 0
      ? { text: `Aucune saisie au registre pour ${d.year}.`, italics: true }
      : dataTable(
          [
            { header: 'Professionnel', width: '*' },
            { header: 'Saisies', width: 36, align: 'right' },
            { header: 'Heures', width: 42, align: 'right' },
            { header: 'Total', width: 66, align: 'right' },
            { header: 'PASS', width: 66, align: 'right' },
            { header: 'Part', width: 50, align: 'right' },
            { header: 'Plafond', width: 50, align: 'center' },
          ],
          d.professionals.map((p) => {
            const tone = p.level === 'over' ? { color: COLORS.late, bold: true } : {};
            return [
              {
                stack: [
                  { text: p.name, bold: true },
                  { text: `${p.profession}${p.rpps ? ` — RPPS ${p.rpps}` : ''}`, style: 'note' },
                  ...(p.warning ? [{ text: p.warning, style: 'note', color: p.level === 'over' ? COLORS.late : COLORS.muted }] : []),
                ],
              },
              textCell(String(p.entries.length)),
              textCell(hours(p.hoursCenti / 100)),
              moneyCell(p.totalCents),
              money(p.ceilingCents),
              textCell(pct(p.share), tone),
              textCell(flag(p), tone),
            ];
          }),
          [textCell(`Total ${d.year}`), textCell(String(d.totals.entries)), textCell(hours(d.totals.hoursCenti / 100)), moneyCell(d.totals.totalCents), textCell(''), textCell(''), textCell('')],
        ),
  ];
  if (d.professionals.length > 0) {
    content.push(
      heading('Saisies de temps par professionnel'),
      groupedTable(
        [
          { header: 'Date', width: 56, align: 'center' },
          { header: 'Mission', width: '*' },
          { header: 'Heures', width: 42, align: 'right' },
          { header: 'Nature', width: 70 },
          { header: 'Taux horaire', width: 60, align: 'right' },
          { header: 'Montant', width: 70, align: 'right' },
        ],
        d.professionals.map((p) => ({
          title: who(p),
          rows: [
            ...p.entries.map((e): TableCell[] => [
              dateCell(e.workedOn),
              textCell(lineLabel(e.mission)),
              textCell(hours(e.hours)),
              e.overCeiling
                ? { stack: [{ text: INDEMNITY_KIND_LABELS[e.kind] }, { text: 'au-delà du PASS, confirmée', style: 'note', color: COLORS.late }] }
                : textCell(INDEMNITY_KIND_LABELS[e.kind]),
              money(e.rateCents),
              moneyCell(e.amountCents),
            ]),
            [textCell(''), textCell(`Total ${p.name}`, { bold: true }), textCell(hours(p.hoursCenti / 100), { bold: true }), textCell(''), textCell(''), moneyCell(p.totalCents, { bold: true })],
          ],
        })),
      ),
    );
  }
  content.push(
    note(
      'Indemnités et rémunérations versées aux professionnels de santé pour leur participation aux missions de la CPTS (décret n° 2022-375), totalisées par professionnel et par année civile face au plafond annuel de la sécurité sociale (art. L241-3 CSS). ' +
        'Alerte à partir de 80 % ; une saisie au-delà du plafond n’est enregistrée qu’après confirmation explicite et reste signalée.',
      [0, 12, 0, 0],
    ),
  );
  if (d.pass) content.push(note(`Source du PASS : ${d.pass.source.text}.`));
  content.push(note(`Registre arrêté au ${formatDateFr(d.today)}.`));
  return { title, content };
}

export async function buildIndemnityRegisterPdf(d: IndemnityRegisterData): Promise<Buffer> {
  const { title, content } = indemnityRegisterContent(d);
  return renderPdf(
    reportDocument(
      {
        title: `${title} — ${d.contract.name}`,
        subject: `Indemnités et rémunérations des professionnels de santé en ${d.year}, face au PASS, contrat ACI n° ${d.contract.id}, données au ${d.today}`,
        contractLabel: `${d.contract.name} — contrat ACI n° ${d.contract.id}`,
        dataDate: d.today,
        footerLabel: title,
        keywords: 'ACI CPTS registre indemnités PASS',
      },
      content,
    ),
  );
}
