// The sheets of the contract workbook about the yearly annexes and the dialogues de gestion:
// Indicateurs (one row per indicator and year, the attainment as a formula), Dialogues de gestion
// (one row per review of the calendar, with its participants, decisions and addenda).
import { formatEuros } from '../../../shared/money';
import { compareIso, formatDateFr } from '../../../shared/dates';
import { PAYMENT_LABELS, UNIT_LABELS, type IndicatorUnit } from '../../../shared/domain/indicators';
import { REVIEW_KIND_LABELS } from '../../../shared/schemas/indicators';
import { decisionLine, indicatorLines, SLOT_STATUS_LABELS, type IndicatorLine } from '../dialogueFigures';
import { INTEGER_FORMAT, RATIO_FORMAT } from './cells';
import { frame, type ContractSheet } from './contractSheets';
import { addFramedSheet, writeTable, type CellInput, type Column, type FormulaCell } from './sheet';

/** An indicator value (hundredths) as a spreadsheet number: a count, a share (percentage), or "oui"/"non". */
export function measureCell(v: number | null, unit: IndicatorUnit): CellInput {
  if (v === null) return null;
  if (unit === 'yesno') return v >= 100 ? 'oui' : 'non';
  if (unit === 'percentage') return { number: v / 10_000, numFmt: RATIO_FORMAT };
  return { number: v / 100, numFmt: INTEGER_FORMAT };
}

const INDICATOR_COLUMNS: Column[] = [
  { header: 'Année', kind: 'integer', width: 7, align: 'center' }, // A
  { header: 'Mission', kind: 'text', width: 18, wrap: true }, // B
  { header: 'Action', kind: 'userText', width: 24, wrap: true }, // C
  { header: 'Indicateur', kind: 'userText', width: 32, wrap: true }, // D
  { header: 'Unité', kind: 'text', width: 11 }, // E
  { header: 'Rémunération', kind: 'text', width: 13, wrap: true }, // F
  { header: 'Valeur initiale', kind: 'measure', width: 10 }, // G
  { header: 'Cible', kind: 'measure', width: 10 }, // H
  { header: 'Valeur mesurée', kind: 'measure', width: 10 }, // I
  { header: 'Mesurée le', kind: 'date', width: 11 }, // J
  { header: 'Valeur validée', kind: 'measure', width: 10 }, // K
  { header: 'Atteinte', kind: 'ratio', width: 10 }, // L
  { header: 'Montant obtenu', kind: 'money', width: 14, total: true }, // M
  { header: 'Montant maximum', kind: 'money', width: 14, total: true }, // N
  { header: 'Pièces justificatives', kind: 'integer', width: 11, align: 'center' }, // O
  { header: 'Calcul du montant', kind: 'userText', width: 44, wrap: true }, // P
];

/**
 * The attainment of row `r` as a formula on the row's cells. A linear indicator: its value
 * (validated, else measured) against its target, from its baseline when it has one, capped to
 * [0, 1] (the engine's rule, shared/domain/indicators.ts linearFraction). Any other: earned ÷
 * maximum. Blank without a value.
 */
export function attainmentFormula(line: IndicatorLine, r: number): FormulaCell {
  const ind = line.indicator;
  const result = line.attainment;
  const v = `IF(ISNUMBER(K${r}),K${r},I${r})`;
  if (ind.payment === 'linear' && ind.unit !== 'yesno' && ind.target !== null) {
    const { baseline, target, direction } = ind;
    let expr: string | null = null;
    if (baseline !== null && baseline !== target) {
      const den = direction === 'higher' ? target - baseline : baseline - target;
      if (den > 0) expr = direction === 'higher' ? `(${v}-G${r})/(H${r}-G${r})` : `(G${r}-${v})/(G${r}-H${r})`;
    } else if (direction === 'higher') {
      if (target > 0) expr = `${v}/H${r}`;
    } else expr = `IF(${v}<=H${r},1,H${r}/${v})`;
    if (expr) return { formula: `IF(COUNT(I${r},K${r})=0,"",MAX(0,MIN(1,${expr})))`, result };
  }
  return { formula: `IF(OR(M${r}="",N${r}=0),"",M${r}/N${r})`, result };
}

export const indicatorsSheet: ContractSheet = (wb, data) => {
  const ws = addFramedSheet(wb, frame(data, 'Indicateurs', `Indicateurs de l’annexe — ${data.contract.name}`));
  const lines = data.annexes.flatMap((a) => indicatorLines(a));
  const start = 3;
  const rows = lines.map((l, i) => {
    const ind = l.indicator;
    return [
      l.year,
      l.mission.label,
      l.action.label,
      ind.label,
      UNIT_LABELS[ind.unit],
      PAYMENT_LABELS[ind.payment],
      measureCell(ind.baseline, ind.unit),
      ind.unit === 'yesno' ? 'oui' : measureCell(ind.target, ind.unit),
      measureCell(ind.value?.value ?? null, ind.unit),
      ind.value?.measuredOn ?? null,
      measureCell(ind.validated, ind.unit),
      attainmentFormula(l, start + 1 + i),
      ind.earned.cents,
      ind.maxCents,
      l.evidenceCount,
      ind.earned.formula,
    ];
  });
  const placed = writeTable(ws, start, INDICATOR_COLUMNS, rows, lines.length > 0 ? { freeze: true, autoFilter: true, totalsLabel: 'Total (lignes affichées)', totalsFunction: 'SUBTOTAL' } : { freeze: true });
  let row = (placed.totalRow ?? placed.lastRow) + 2;
  if (placed.totalRow !== null) {
    const t = placed.totalRow;
    const earned = lines.reduce((s, l) => s + (l.indicator.earned.cents ?? 0), 0);
    const max = lines.reduce((s, l) => s + l.indicator.maxCents, 0);
    const cell = ws.getCell(`L${t}`);
    cell.value = { formula: `IF(N${t}=0,"",M${t}/N${t})`, result: max > 0 ? earned / max : '' };
    cell.numFmt = RATIO_FORMAT;
  }
  const notes = [
    ...(lines.length === 0 ? ['Aucune annexe saisie pour ce contrat.'] : []),
    'Montant obtenu : d’après la valeur validée au dialogue annuel clos de l’année, sinon d’après la dernière valeur mesurée (provisoire) ; vide sans valeur.',
    'Atteinte : formule sur la ligne. Indicateur linéaire : valeur rapportée à la cible (progression depuis la valeur initiale quand elle est connue), plafonnée à 100 % ; autres : montant obtenu ÷ montant maximum.',
    'Pièces justificatives : celles de l’indicateur et celles des livrables de son action.',
    ...data.annexes.flatMap((a) => a.missions.filter((m) => m.warning).map((m) => `Année ${a.year} — ${m.label} : ${m.warning}`)),
  ];
  for (const n of notes) {
    const c = ws.getCell(row++, 1);
    c.value = n;
    c.font = { italic: true, color: { argb: 'FF5D6B7C' } };
  }
};

const REVIEW_COLUMNS: Column[] = [
  { header: 'Année', kind: 'integer', width: 7, align: 'center' }, // A
  { header: 'Dialogue', kind: 'text', width: 14, wrap: true }, // B
  { header: 'Date', kind: 'date', width: 11 }, // C
  { header: 'Statut', kind: 'text', width: 13, wrap: true }, // D
  { header: 'Lieu', kind: 'userText', width: 20, wrap: true }, // E
  { header: 'Participants', kind: 'userText', width: 34, wrap: true }, // F
  { header: 'Ordre du jour et synthèse', kind: 'userText', width: 34, wrap: true }, // G
  { header: 'Décisions', kind: 'userText', width: 50, wrap: true }, // H
  { header: 'Part variable retenue', kind: 'money', width: 14 }, // I: stored at the closing of the annual review
  { header: 'Addenda', kind: 'userText', width: 34, wrap: true }, // J
];

export const reviewsSheet: ContractSheet = (wb, data) => {
  const ws = addFramedSheet(wb, frame(data, 'Dialogues de gestion', `Dialogues de gestion — ${data.contract.name}`));
  const rows = data.reviews.slots.map((s) => {
    const r = data.reviewDetails.find((x) => x.id === s.reviewId);
    // A slot never entered whose date has passed was held outside the app, or not at all.
    const status = s.status !== 'todo' ? SLOT_STATUS_LABELS[s.status] : compareIso(s.proposedOn, data.today) < 0 ? 'Non enregistré (date proposée)' : 'À préparer (date proposée)';
    if (!r) return [s.year, REVIEW_KIND_LABELS[s.kind], s.proposedOn, status, null, null, null, null, null, null];
    return [
      r.year,
      REVIEW_KIND_LABELS[r.kind],
      r.heldOn,
      status,
      r.place,
      r.participants.map((p) => `${p.name} (${p.organisation}${p.role ? `, ${p.role}` : ''})`).join('\n'),
      [r.agenda ? `Ordre du jour : ${r.agenda}` : '', r.summary ? `Synthèse : ${r.summary}` : ''].filter(Boolean).join('\n'),
      r.decisions.map((d) => decisionLine(d, r)).join('\n'),
      r.closedFigures ? r.closedFigures.retainedCents : null,
      r.addenda.map((a) => `${formatDateFr(a.addedOn)} : ${a.text}${a.amountCents !== null ? ` (ajustement : ${formatEuros(a.amountCents)})` : ''}`).join('\n'),
    ];
  });
  writeTable(ws, 3, REVIEW_COLUMNS, rows, { freeze: true, autoFilter: true });
};
