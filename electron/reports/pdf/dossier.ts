// "Dossier de préparation" of a dialogue de gestion (created or not yet): the contract, where its
// missions stand, the indicators of the year, the funding position, and the points to discuss.
// What a CPTS sends the CPAM and the ARS before the meeting, and what they bring to it.
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatDateFr } from '../../../shared/dates';
import { formatValue } from '../../../shared/domain/indicators';
import type { MissionRow } from '../../../shared/api';
import { formatEuros, formatInteger } from '../../../shared/money';
import { REVIEW_KIND_LABELS } from '../../../shared/schemas/indicators';
import type { DossierReportData } from '../data';
import { formatPercentBp, indicatorLines, pointsToDiscuss, shownTarget, type IndicatorLine } from '../dialogueFigures';
import { deployState, partialLabel, startState, yearFigures } from '../figures';
import { COLORS, heading, note, reportDocument } from './layout';
import { renderPdf } from './render';
import { dataTable, dateCell, factsGrid, figureBoxes, groupedTable, moneyCell, textCell, twoLineCell } from './tables';

const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);

function missionCells(m: MissionRow): TableCell[] {
  const start = startState(m);
  const deploy = deployState(m);
  const late = (isLate: boolean) => (isLate ? { color: COLORS.late, bold: true } : {});
  const when = (done: string | null, by: string | null) => (done ? `le ${formatDateFr(done)}` : by ? `au plus tard le ${formatDateFr(by)}` : 'calendrier libre (mission optionnelle)');
  return [
    twoLineCell(m.label, m.socle ? 'Mission socle' : 'Mission optionnelle'),
    twoLineCell(start, when(m.startedOn, m.startBy), late(m.startLate)),
    twoLineCell(deploy, m.deployedOn || m.deployBy || m.socle ? when(m.deployedOn, m.deployBy) : '', late(m.deployLate)),
  ];
}

/** The value the amount comes from, and under it "validée" (closed annual review), "au 13/05/2026" (measured) or "sans valeur". */
function valueCell(l: IndicatorLine): TableCell {
  const ind = l.indicator;
  if (l.basis === null) return twoLineCell('—', 'sans valeur', {}, 'right');
  const sub = ind.earnedFrom === 'validated' ? 'validée' : ind.value ? `au ${formatDateFr(ind.value.measuredOn)}` : '';
  return twoLineCell(formatValue(l.basis, ind.unit), sub, {}, 'right');
}

/** The indicators of each mission, in the annex's order. */
function indicatorGroups(lines: IndicatorLine[]): { title: string; rows: TableCell[][] }[] {
  const groups: { title: string; rows: TableCell[][] }[] = [];
  let mission: string | null = null;
  for (const l of lines) {
    if (l.mission.code !== mission) {
      mission = l.mission.code;
      groups.push({ title: l.mission.label, rows: [] });
    }
    const ind = l.indicator;
    groups[groups.length - 1].rows.push([
      twoLineCell(ind.label, l.action.label),
      textCell(shownTarget(ind), { alignment: 'right', noWrap: true }),
      valueCell(l),
      textCell(ind.earned.attainmentBp !== null ? formatPercentBp(ind.earned.attainmentBp) : '—', { alignment: 'right', noWrap: true }),
      ind.earned.cents !== null ? moneyCell(ind.earned.cents) : textCell('—', { alignment: 'right' }),
      moneyCell(ind.maxCents),
      textCell(String(l.evidenceCount), l.evidenceCount === 0 && l.basis !== null ? { alignment: 'center', color: COLORS.late, bold: true } : { alignment: 'center' }),
    ]);
  }
  return groups;
}

export function dossierContent(data: DossierReportData): { title: string; content: Content[] } {
  const c = data.contract;
  const { slot, review, annex } = data;
  const kindLabel = REVIEW_KIND_LABELS[slot.kind];
  const title = `Dossier de préparation — ${kindLabel.toLowerCase()}, année ${slot.year}`;
  const figures = yearFigures(data.funding);
  const year = figures.find((y) => y.year === slot.year);
  const lines = indicatorLines(annex);
  const maxTotal = sum(lines.map((l) => l.indicator.maxCents));
  const earnedTotal = sum(lines.map((l) => l.indicator.earned.cents ?? 0));
  const missingValues = lines.filter((l) => l.indicator.earned.cents === null && l.indicator.maxCents > 0).length;
  const t = data.funding.totals;
  // A year whose annual dialogue is closed shows the variable part it fixed (the échéancier's).
  const fundingYear = data.funding.result.years.find((y) => y.year === slot.year);
  const closedYear = fundingYear?.closed === true;
  const fixedVariable = sum((fundingYear?.missions ?? []).map((m) => m.variableCents ?? 0));
  const fixedMax = sum((fundingYear?.missions ?? []).map((m) => m.variableMaxCents ?? 0));
  const contractPartial = data.funding.result.complete ? '' : ` (${partialLabel(data.funding.result.refusedLines.length)})`;

  const when = review ? `${formatDateFr(review.heldOn)}${review.place ? ` — ${review.place}` : ''}` : `Proposé le ${formatDateFr(slot.proposedOn)}`;
  const state = review ? (review.status === 'closed' ? `Clos (dialogue n° ${review.id})` : `En préparation (brouillon n° ${review.id})`) : 'Pas encore programmé dans l’application';
  const facts: [string, string][] = [
    ['CPTS', c.name],
    ['Caisse primaire', c.cpam],
    ['Association', `${c.legalName}${c.siret ? ` — SIRET ${c.siret}` : ''}`],
    ['Agence régionale de santé', c.ars],
    ['Dialogue', when],
    ['État du dialogue', state],
    ['Contrat', `Signé le ${formatDateFr(c.signedOn)}, du ${formatDateFr(c.startsOn)} au ${formatDateFr(c.endsOn)} (${c.textVersionLabel})`],
    ['Année du contrat', year ? `Taille ${year.sizeBand} (${formatInteger(year.population)} habitants), ${year.textVersionLabel}` : '—'],
  ];
  if (review && review.participants.length > 0) {
    facts.push(['Participants prévus', review.participants.map((p) => `${p.name} (${p.organisation}${p.role ? `, ${p.role}` : ''})`).join(' ; ')]);
  }
  if (review?.agenda) facts.push(['Ordre du jour', review.agenda]);

  const points = pointsToDiscuss(data);
  const overdueTranches = data.funding.schedule.filter((x) => x.overdue);

  const content: Content[] = [
    { text: 'Dossier de préparation du dialogue de gestion', style: 'title' },
    { text: `${kindLabel} de l’année ${slot.year} du contrat ACI n° ${c.id}${year ? ` : du ${formatDateFr(year.from)} au ${formatDateFr(year.to)}` : ''}`, style: 'subtitle' },
    factsGrid(facts, 2),
    { text: '', margin: [0, 6, 0, 0] },
    ...(lines.length > 0
      ? [
          closedYear
            ? figureBoxes([
                { label: 'Part variable arrêtée', cents: fixedVariable },
                { label: 'Maximum (au prorata)', cents: fixedMax },
                { label: 'Reste dû du contrat', cents: t.outstandingCents },
                { label: 'dont échu non versé', cents: t.overdueCents, tone: 'late' },
              ])
            : figureBoxes([
                { label: `Part variable, année ${slot.year}`, cents: maxTotal },
                { label: 'Obtenue à ce jour', cents: earnedTotal },
                { label: 'Reste dû du contrat', cents: t.outstandingCents },
                { label: 'dont échu non versé', cents: t.overdueCents, tone: 'late' },
              ]),
          note(
            closedYear
              ? `Année arrêtée : la part variable est celle que le dialogue annuel clos a fixée (prorata compris), telle que l’échéancier la verse.`
              : `Part variable : montant maximum des indicateurs de l’annexe de l’année ${slot.year} ; obtenue : d’après les valeurs validées ou mesurées au ${formatDateFr(data.today)}` +
                  (missingValues > 0 ? ` (${missingValues} indicateur(s) sans valeur : c’est un minimum).` : '.'),
          ),
        ]
      : [
          figureBoxes([
            { label: `Droits de l’année ${slot.year}${year && !year.complete ? ` (${partialLabel(year.missingCount)})` : ''}`, cents: year?.dueCents ?? 0 },
            { label: `Reste dû de l’année ${slot.year}`, cents: year?.outstandingCents ?? 0 },
            { label: 'Reste dû du contrat', cents: t.outstandingCents },
            { label: 'dont échu non versé', cents: t.overdueCents, tone: 'late' },
          ]),
          note(`Sans indicateurs dans l’annexe de l’année ${slot.year}, la part variable de l’année ne peut pas encore être évaluée.`),
        ]),

    heading('Missions : démarrage et déploiement'),
    dataTable(
      [
        { header: 'Mission', width: '*' },
        { header: 'Démarrage', width: 150 },
        { header: 'Déploiement', width: 150 },
      ],
      c.missions.map(missionCells),
    ),
    note('Délais de l’ACI comptés à partir de la signature du contrat ; une mission en retard met en jeu le versement de sa part fixe.'),

    heading(`Indicateurs de l’année ${slot.year}`),
    ...(annex.exists && lines.length > 0
      ? [
          groupedTable(
            [
              { header: 'Indicateur (action)', width: '*' },
              { header: 'Cible', width: 42, align: 'right' },
              { header: 'Valeur', width: 58, align: 'right' },
              { header: 'Atteinte', width: 44, align: 'right' },
              { header: 'Obtenu', width: 62, align: 'right' },
              { header: 'Maximum', width: 62, align: 'right' },
              { header: 'Pièces', width: 32, align: 'center' },
            ],
            indicatorGroups(lines),
            [textCell(`Total de l’année ${slot.year}`), textCell(''), textCell(''), textCell(''), moneyCell(earnedTotal), moneyCell(maxTotal), textCell('')],
          ),
          note(
            'Valeur : validée au dialogue annuel clos de l’année, sinon dernière valeur mesurée (provisoire). Atteinte et montant selon la règle de l’indicateur ' +
              '(paliers, tout ou rien, linéaire plafonné à 100 %). Pièces : justificatifs de l’indicateur et des livrables de son action.',
          ),
        ]
      : [{ text: `Annexe de l’année ${slot.year} non saisie : missions, actions et indicateurs à définir avec la CPAM.`, italics: true }]),

    heading('Situation financière du contrat'),
    figureBoxes([
      { label: `Droits du contrat${contractPartial}`, cents: t.dueCents },
      { label: `Échu au ${formatDateFr(data.today)}`, cents: t.dueToDateCents },
      { label: 'Versé', cents: t.paidCents },
      { label: 'Échu non versé', cents: t.overdueCents, tone: 'late' },
    ]),
    { text: '', margin: [0, 6, 0, 0] },
    dataTable(
      [
        { header: 'Année', width: 40, align: 'center' },
        { header: 'Période', width: '*' },
        { header: 'Dû', width: 78, align: 'right' },
        { header: 'Versé', width: 78, align: 'right' },
        { header: 'Reste dû', width: 78, align: 'right' },
      ],
      figures.map((y) => [
        textCell(String(y.year), y.year === slot.year ? { bold: true } : {}),
        textCell(`du ${formatDateFr(y.from)} au ${formatDateFr(y.to)}`, y.year === slot.year ? { bold: true } : {}),
        moneyCell(y.dueCents),
        moneyCell(y.paidCents),
        moneyCell(y.outstandingCents),
      ]),
      [textCell(''), textCell(`Total du contrat${contractPartial}`), moneyCell(t.dueCents), moneyCell(t.paidCents), moneyCell(t.outstandingCents)],
    ),
    ...(overdueTranches.length > 0
      ? [
          // The title stays with its table (kept on one page when short).
          {
            unbreakable: overdueTranches.length <= 12,
            stack: [
              { text: 'Échéances en retard', bold: true, margin: [0, 10, 0, 4] },
              dataTable(
                [
                  { header: 'Échéance', width: 54 },
                  { header: 'Libellé', width: '*' },
                  { header: 'Reste dû', width: 78, align: 'right' },
                ],
                overdueTranches.map((x) => [dateCell(x.dueOn, { color: COLORS.late }), textCell(x.label), moneyCell(x.outstandingCents, { color: COLORS.late, bold: true })]),
                [textCell(''), textCell('Total échu non versé'), moneyCell(t.overdueCents)],
              ),
            ],
          } as Content,
        ]
      : []),
    note(`Dû dans les 60 jours : ${formatEuros(t.dueNext60Cents)}. Montants calculés selon l’ACI et l’annexe du contrat ; versements tels qu’enregistrés au ${formatDateFr(data.today)}.`),

    heading('Points à aborder'),
    ...points.flatMap((g): Content[] => [
      { text: g.title, bold: true, margin: [0, 6, 0, 3] },
      g.items.length > 0 ? { ul: g.items, margin: [6, 0, 0, 0] } : { text: 'Rien à signaler.', style: 'note' },
    ]),
    note(`Dossier établi le ${formatDateFr(data.today)} avec l’application ACI CPTS, à partir des données saisies à cette date.`, [0, 16, 0, 0]),
  ];
  return { title, content };
}

/** The dossier's pdfmake document definition (the benchmark renders it with pdfmake alone). */
export function dossierDocument(data: DossierReportData): TDocumentDefinitions {
  const { title, content } = dossierContent(data);
  return reportDocument(
    {
      title: `${title} — ${data.contract.name}`,
      subject: `Préparation du ${REVIEW_KIND_LABELS[data.slot.kind].toLowerCase()} de l’année ${data.slot.year} du contrat ACI n° ${data.contract.id}, données au ${data.today}`,
      contractLabel: `${data.contract.name} — contrat ACI n° ${data.contract.id}`,
      dataDate: data.today,
      footerLabel: title,
      keywords: 'ACI CPTS dialogue de gestion dossier de préparation',
    },
    content,
  );
}

export async function buildDossier(data: DossierReportData): Promise<Buffer> {
  return renderPdf(dossierDocument(data));
}
