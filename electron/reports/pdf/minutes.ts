// "Compte rendu" of a closed dialogue de gestion: who was there, what was presented and
// validated for each indicator, the decisions, the target revisions of the following year, the
// addenda, and a signature block for the CPTS, the CPAM and the ARS.
import type { Content, TableCell } from 'pdfmake/interfaces';
import { formatDateFr } from '../../../shared/dates';
import { formatEuros } from '../../../shared/money';
import { formatValue } from '../../../shared/domain/indicators';
import { MISSION_LABELS } from '../../../shared/domain/missions';
import type { ReviewIndicatorRow } from '../../../shared/indicatorViews';
import { DECISION_KIND_LABELS, REVIEW_KIND_LABELS, REVIEW_STATUS_LABELS } from '../../../shared/schemas/indicators';
import type { MinutesReportData } from '../data';
import { decisionDetails, targetRevisions } from '../dialogueFigures';
import { yearFigures } from '../figures';
import { COLORS, heading, note, reportDocument } from './layout';
import { renderPdf } from './render';
import { dataTable, dateCell, factsGrid, figureBoxes, groupedTable, moneyCell, signatureBlock, textCell, twoLineCell } from './tables';

const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);
const ORGANISATIONS = ['CPTS', 'CPAM', 'ARS'] as const;

function statusCell(row: ReviewIndicatorRow): TableCell {
  if (!row.status) return textCell('—');
  const color = row.status === 'atteint' ? COLORS.ok : row.status === 'non_atteint' ? COLORS.late : COLORS.ink;
  return textCell(REVIEW_STATUS_LABELS[row.status], { color, noWrap: true });
}

/** The indicators of each mission, in the annex's order. */
function indicatorGroups(rows: ReviewIndicatorRow[]): { title: string; rows: TableCell[][] }[] {
  const groups: { title: string; rows: TableCell[][] }[] = [];
  let mission: string | null = null;
  for (const r of rows) {
    if (r.mission !== mission) {
      mission = r.mission;
      groups.push({ title: MISSION_LABELS[r.mission], rows: [] });
    }
    groups[groups.length - 1].rows.push([
      twoLineCell(r.label, r.comment),
      textCell(r.unit === 'yesno' ? 'oui' : formatValue(r.target, r.unit), { alignment: 'right', noWrap: true }),
      textCell(formatValue(r.presented, r.unit), { alignment: 'right', noWrap: true }),
      textCell(formatValue(r.validated, r.unit), { alignment: 'right', bold: true, noWrap: true }),
      statusCell(r),
      r.earnedCents !== null ? twoLineCell(formatEuros(r.earnedCents), `sur ${formatEuros(r.maxCents)}`, { noWrap: true }, 'right') : textCell('—', { alignment: 'right' }),
    ]);
  }
  return groups;
}

export function minutesContent(data: MinutesReportData): { title: string; content: Content[] } {
  const c = data.contract;
  const r = data.review;
  const kindLabel = REVIEW_KIND_LABELS[r.kind];
  const title = `Compte rendu — ${kindLabel.toLowerCase()}, année ${r.year}`;
  const year = yearFigures(data.funding).find((y) => y.year === r.year);
  const earned = sum(r.indicators.map((i) => i.earnedCents ?? 0));
  const max = sum(r.indicators.map((i) => i.maxCents));
  // The one figure: what the closed annual dialogue stored, the échéancier's variable part.
  const fixed = r.closedFigures;
  const revisions = targetRevisions(r, data.nextAnnex);
  const participants = [...r.participants].sort((a, b) => ORGANISATIONS.indexOf(a.organisation) - ORGANISATIONS.indexOf(b.organisation));

  const content: Content[] = [
    { text: 'Compte rendu du dialogue de gestion', style: 'title' },
    { text: `${kindLabel} de l’année ${r.year} du contrat ACI n° ${c.id}, tenu le ${formatDateFr(r.heldOn)}${r.place ? ` — ${r.place}` : ''}`, style: 'subtitle' },
    factsGrid(
      [
        ['CPTS', c.name],
        ['Caisse primaire', c.cpam],
        ['Association', `${c.legalName}${c.siret ? ` — SIRET ${c.siret}` : ''}`],
        ['Agence régionale de santé', c.ars],
        ['Année du contrat', year ? `Du ${formatDateFr(year.from)} au ${formatDateFr(year.to)} — taille ${year.sizeBand}, ${year.textVersionLabel}` : `Année ${r.year}`],
        ['Dialogue', `N° ${r.id}, clos${r.closedAt ? ` le ${formatDateFr(r.closedAt.slice(0, 10))}` : ''} (les corrections ultérieures sont des addenda datés)`],
      ],
      2,
    ),

    heading('Participants'),
    participants.length > 0
      ? dataTable(
          [
            { header: 'Organisme', width: 60 },
            { header: 'Nom', width: 150 },
            { header: 'Fonction', width: '*' },
          ],
          participants.map((p) => [textCell(p.organisation, { bold: true }), textCell(p.name), textCell(p.role || '—')]),
        )
      : { text: 'Aucun participant enregistré.', italics: true },

    ...(r.agenda ? [heading('Ordre du jour'), { text: r.agenda } as Content] : []),
    ...(r.summary ? [heading('Synthèse des échanges'), { text: r.summary } as Content] : []),

    ...(fixed
      ? [
          heading(`Part variable de l’année ${r.year} arrêtée`),
          figureBoxes([
            { label: 'Montant retenu', cents: fixed.retainedCents },
            { label: 'Maximum (au prorata)', cents: fixed.maxCents },
            { label: 'Non retenu', cents: fixed.maxCents - fixed.retainedCents },
          ]),
          { text: '', margin: [0, 6, 0, 0] } as Content,
          dataTable(
            [
              { header: 'Mission', width: '*' },
              { header: 'Selon les indicateurs', width: 84, align: 'right' },
              { header: 'Maximum (au prorata)', width: 84, align: 'right' },
              { header: 'Montant retenu', width: 84, align: 'right' },
            ],
            [
              ...fixed.missions.map((m): TableCell[] => [
                twoLineCell(m.label, m.decided ? `Montant validé par les parties${m.computedCents !== null && m.computedCents !== m.retainedCents ? ` (écart ${formatEuros(m.retainedCents - m.computedCents)})` : ''}.` : ''),
                m.computedCents === null ? textCell('—', { alignment: 'right' }) : moneyCell(m.computedCents),
                m.maxCents === null ? textCell('—', { alignment: 'right' }) : moneyCell(m.maxCents),
                moneyCell(m.retainedCents, { bold: true }),
              ]),
              [textCell('Total', { bold: true }), textCell(''), moneyCell(fixed.maxCents), moneyCell(fixed.retainedCents, { bold: true })],
            ],
          ),
          note(
            'Montant retenu : la part variable de l’année telle que l’échéancier la verse (prorata du démarrage de chaque mission compris, ou montant validé par les parties). ' +
              'Il a été enregistré à la clôture du dialogue et ne change plus ; une correction se fait par addendum daté.' +
              (fixed.fromMigration ? ' Montant enregistré lors de la mise à jour de l’application, à partir des données telles qu’elles étaient.' : ''),
          ),
        ]
      : []),

    heading('Indicateurs examinés'),
    ...(r.indicators.length > 0
      ? [
          ...(fixed
            ? []
            : [
                figureBoxes([
                  { label: 'Montant indicatif (valeurs validées)', cents: earned },
                  { label: 'Maximum des indicateurs', cents: max },
                  { label: 'Non obtenu', cents: max - earned },
                ]),
              ]),
          { text: '', margin: [0, 6, 0, 0] } as Content,
          groupedTable(
            [
              { header: 'Indicateur', width: '*' },
              { header: 'Cible', width: 40, align: 'right' },
              { header: 'Présentée', width: 56, align: 'right' },
              { header: 'Validée', width: 44, align: 'right' },
              { header: 'Statut', width: 96 },
              { header: 'Montant', width: 64, align: 'right' },
            ],
            indicatorGroups(r.indicators),
            [textCell(fixed ? 'Total des indicateurs' : 'Total'), textCell(''), textCell(''), textCell(''), textCell(''), moneyCell(earned)],
          ),
          note('Valeur présentée par la CPTS, valeur validée en séance ; montant calculé sur la valeur validée selon la règle de l’indicateur (paliers, tout ou rien, linéaire plafonné à 100 %), avant le prorata de l’année.'),
        ]
      : [{ text: `L’annexe de l’année ${r.year} ne compte aucun indicateur.`, italics: true } as Content]),

    heading('Décisions'),
    r.decisions.length > 0
      ? dataTable(
          [
            { header: 'N°', width: 18, align: 'center' },
            { header: 'Nature', width: 130 },
            { header: 'Décision', width: '*' },
          ],
          r.decisions.map((d, i) => {
            const details = decisionDetails(d, r);
            return [textCell(String(i + 1)), textCell(DECISION_KIND_LABELS[d.kind], { bold: true }), twoLineCell(d.text, details)];
          }),
        )
      : { text: 'Aucune décision enregistrée.', italics: true },

    ...(r.kind === 'annual' || revisions.length > 0
      ? [
          heading(`Révisions de cible pour l’année ${r.year + 1}`),
          revisions.length > 0
            ? dataTable(
                [
                  { header: 'Indicateur', width: '*' },
                  { header: `Cible année ${r.year}`, width: 76, align: 'right' },
                  { header: `Nouvelle cible`, width: 76, align: 'right' },
                ],
                revisions.map((x) => [textCell(x.indicatorLabel), textCell(formatValue(x.oldTarget, x.unit)), textCell(formatValue(x.newTarget, x.unit), { bold: true })]),
              )
            : ({ text: 'Aucune cible révisée.', italics: true } as Content),
        ]
      : []),

    heading('Addenda'),
    r.addenda.length > 0
      ? dataTable(
          [
            { header: 'Date', width: 54 },
            { header: 'Addendum', width: '*' },
          ],
          r.addenda.map((a) => [
            dateCell(a.addedOn),
            a.amountCents === null
              ? textCell(a.text)
              : twoLineCell(a.text, `Ajustement ${a.amountCents < 0 ? 'à reprendre' : 'à verser'} : ${formatEuros(a.amountCents)}${a.mission ? ` (${MISSION_LABELS[a.mission]})` : ''}, échéance du ${formatDateFr(a.addedOn)}.`),
          ]),
        )
      : { text: 'Aucun addendum à ce jour.', italics: true },

    note(`Compte rendu établi le ${formatDateFr(data.today)} avec l’application ACI CPTS, à partir du dialogue clos et de ses addenda.`, [0, 14, 0, 0]),
    // The signatures close the document: the heading stays with the boxes and the whole block
    // moves to the next page if it does not fit. The heading is not a page-break headline here:
    // pdfmake drops an unbreakable block whose inner headline asks for a page break.
    {
      unbreakable: true,
      stack: [{ text: 'Signatures', style: 'h2' }, { text: 'Compte rendu approuvé par les parties au contrat :', margin: [0, 0, 0, 6] }, signatureBlock(['Pour la CPTS', 'Pour la CPAM', 'Pour l’ARS'])],
    },
  ];
  return { title, content };
}

export async function buildMinutes(data: MinutesReportData): Promise<Buffer> {
  const { title, content } = minutesContent(data);
  return renderPdf(
    reportDocument(
      {
        title: `${title} — ${data.contract.name}`,
        subject: `Compte rendu du ${REVIEW_KIND_LABELS[data.review.kind].toLowerCase()} de l’année ${data.review.year} du contrat ACI n° ${data.contract.id}, tenu le ${data.review.heldOn}`,
        contractLabel: `${data.contract.name} — contrat ACI n° ${data.contract.id}`,
        dataDate: data.today,
        footerLabel: title,
        keywords: 'ACI CPTS dialogue de gestion compte rendu',
      },
      content,
    ),
  );
}
