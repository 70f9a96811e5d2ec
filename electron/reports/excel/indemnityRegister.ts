// "Registre des indemnités" workbook of one civil year (issue 14), the proof of time the CPAM may
// ask for: « Synthèse PASS » (per professional: entries, hours, indemnities, remunerations, the
// total as a SUM of the professional's rows of « Saisies », the PASS, the share as a formula, the
// over-ceiling flag) and « Saisies » (every time entry, grouped by professional, in date order).
import { formatDateFr } from '../../../shared/dates';
import { INDEMNITY_KIND_LABELS } from '../../../shared/domain/indemnities';
import { FIRST_PASS_YEAR } from '../../../shared/domain/pass';
import { lineLabel } from '../../../shared/domain/spending';
import { formatEuros } from '../../../shared/money';
import type { IndemnityRegisterData } from '../indemnityRegisterData';
import { centsToEuros } from './cells';
import { addFramedSheet, newWorkbook, workbookBuffer, writeTable, type CellInput, type Column } from './sheet';

const HOURS_FORMAT = '0.00';
const ENTRIES_SHEET = 'Saisies';
const FIRST_ROW = 5;

export const overCeilingLabel = (level: 'ok' | 'warning' | 'over'): string => (level === 'over' ? 'oui' : 'non');

export async function buildIndemnityRegisterWorkbook(d: IndemnityRegisterData): Promise<Buffer> {
  const c = d.contract;
  const wb = newWorkbook({
    title: `Registre des indemnités ${d.year} — ${c.name}`,
    subject: `Indemnités et rémunérations des professionnels de santé en ${d.year} (décret n° 2022-375), face au plafond annuel de la sécurité sociale, contrat ACI n° ${c.id}, données au ${d.today}`,
    keywords: 'ACI CPTS registre indemnités rémunérations professionnels de santé PASS',
  });
  const pageHeader = `${c.name} — contrat ACI n° ${c.id}`;
  const passText = d.pass
    ? `PASS ${d.year} : ${formatEuros(d.pass.cents)}${d.pass.provisional ? ` (non publié : celui de ${d.pass.year})` : ''} — source : ${d.pass.source.text}`
    : `Pas de plafond avant ${FIRST_PASS_YEAR} (décret n° 2022-375).`;
  const subtitle = `Année civile ${d.year} — ${passText} — données au ${formatDateFr(d.today)}`;

  // Row of each professional's first and last entry on « Saisies » (entries grouped by professional).
  const ranges: { first: number; last: number }[] = [];
  let next = FIRST_ROW;
  for (const p of d.professionals) {
    ranges.push({ first: next, last: next + p.entries.length - 1 });
    next += p.entries.length;
  }

  const ws = addFramedSheet(wb, { name: 'Synthèse PASS', title: `Registre des indemnités ${d.year} — synthèse par professionnel`, subtitle, pageHeader, dataDate: d.today });
  const summaryColumns: Column[] = [
    { header: 'Professionnel', kind: 'userText', width: 28 },
    { header: 'Profession', kind: 'userText', width: 22 },
    { header: 'RPPS', kind: 'userText', width: 14 },
    { header: 'Saisies', kind: 'integer', width: 9 },
    { header: 'Heures', kind: 'measure', width: 10 },
    { header: 'Indemnités', kind: 'money', width: 15, total: true },
    { header: 'Rémunérations', kind: 'money', width: 15, total: true },
    { header: 'Total de l’année', kind: 'money', width: 16, total: true },
    { header: 'Plafond (PASS)', kind: 'money', width: 15 },
    { header: 'Part du PASS', kind: 'ratio', width: 11 },
    { header: 'Au-delà du plafond', kind: 'text', width: 11, align: 'center' },
    { header: 'Alerte', kind: 'text', width: 50, wrap: true },
  ];
  const summaryRows: CellInput[][] = d.professionals.map((p, i) => {
    const row = FIRST_ROW + i;
    const r = ranges[i];
    return [
      p.name,
      p.profession,
      p.rpps || null,
      p.entries.length,
      { number: p.hoursCenti / 100, numFmt: HOURS_FORMAT },
      p.indemniteCents,
      p.remunerationCents,
      { formula: `SUM(${ENTRIES_SHEET}!I${r.first}:I${r.last})`, result: centsToEuros(p.totalCents) },
      p.ceilingCents,
      p.ceilingCents === null ? null : { formula: `H${row}/I${row}`, result: p.totalCents / p.ceilingCents },
      overCeilingLabel(p.level),
      [p.warning, p.flaggedEntries > 0 ? `${p.flaggedEntries} saisie(s) au-delà du plafond, confirmée(s).` : null].filter(Boolean).join(' ') || null,
    ];
  });
  const t = writeTable(ws, 4, summaryColumns, summaryRows, { freeze: true, totalsLabel: `Total ${d.year}` });
  // The totals row's H is a SUM of formulas: writeTable sums numbers only, so give it its result.
  if (t.totalRow !== null && d.professionals.length > 0) {
    ws.getCell(t.totalRow, 8).value = { formula: `SUM(H${t.firstRow}:H${t.lastRow})`, result: centsToEuros(d.totals.totalCents) };
  }
  const after = (t.totalRow ?? t.lastRow) + 2;
  const notes = [
    'Indemnités et rémunérations versées aux professionnels de santé pour leur participation aux missions de la CPTS (décret n° 2022-375) : total par professionnel et par année civile, face au plafond annuel de la sécurité sociale (art. L241-3 CSS). Alerte à partir de 80 % ; une saisie au-delà du plafond n’est enregistrée qu’après confirmation explicite et reste signalée.',
    'Le total de chaque professionnel est la somme de ses lignes de la feuille « Saisies ».',
  ];
  if (d.professionals.length === 0) notes.unshift(`Aucune saisie au registre pour ${d.year}.`);
  notes.forEach((n, i) => {
    const cell = ws.getCell(after + i, 1);
    cell.value = n;
    cell.font = { italic: true, size: 9, color: { argb: 'FF5D6B7C' } };
  });

  const we = addFramedSheet(wb, { name: ENTRIES_SHEET, title: `Registre des indemnités ${d.year} — saisies de temps`, subtitle, pageHeader, dataDate: d.today });
  writeTable(
    we,
    4,
    [
      { header: 'Professionnel', kind: 'userText', width: 28 },
      { header: 'Profession', kind: 'userText', width: 22 },
      { header: 'RPPS', kind: 'userText', width: 14 },
      { header: 'Date', kind: 'date', width: 12 },
      { header: 'Mission', kind: 'text', width: 34 },
      { header: 'Heures', kind: 'measure', width: 10 },
      { header: 'Nature', kind: 'text', width: 14 },
      { header: 'Taux horaire', kind: 'money', width: 13 },
      { header: 'Montant', kind: 'money', width: 15, total: true },
      { header: 'Au-delà du PASS (confirmée)', kind: 'text', width: 14, align: 'center' },
    ],
    d.professionals.flatMap((p) =>
      p.entries.map((e): CellInput[] => [
        p.name,
        p.profession,
        p.rpps || null,
        e.workedOn,
        lineLabel(e.mission),
        { number: e.hours, numFmt: HOURS_FORMAT },
        INDEMNITY_KIND_LABELS[e.kind],
        e.rateCents,
        e.amountCents,
        e.overCeiling ? 'oui' : null,
      ]),
    ),
    { freeze: true, autoFilter: true, totalsLabel: `Total ${d.year}` },
  );
  return workbookBuffer(wb);
}
