// The indicator and dialogue de gestion exports, built from the demo portfolio through the API
// and read back by readers the app did not write: openpyxl (types, formats, formulas), LibreOffice
// (recomputes the attainment formulas), poppler (PDF text, fonts, page images). Every figure must
// equal what the API returns.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiContext } from '../../electron/api/context';
import { callApi } from '../../electron/api/dispatch';
import { seedDemo } from '../../electron/db/demo';
import { EURO_FORMAT, RATIO_FORMAT } from '../../electron/reports/excel/cells';
import ExcelJS from 'exceljs';
import { indicatorsSheet } from '../../electron/reports/excel/dialogueSheets';
import type { ContractReportData } from '../../electron/reports/data';
import { earnedCents, formatValue, maxCents, type Direction, type IndicatorRule, type IndicatorUnit } from '../../shared/domain/indicators';
import type { AnnexView, IndicatorRow, ReviewDetail, ReviewsView } from '../../shared/indicatorViews';
import { formatEuros } from '../../shared/money';
import { DECISION_KIND_LABELS, REVIEW_STATUS_LABELS } from '../../shared/schemas/indicators';
import type { FundingView } from '../../shared/views';
import { ok } from './helpers';
import { INJECTION, TODAY, aci, asPdfText, cents, exportSession, sheet } from './reportsFixture';
import {
  cell,
  libreOfficeRecalc,
  openpyxl,
  pdfCodePoints,
  pdfFonts,
  pdfPages,
  pdfRawText,
  pdfText,
  renderFirstPage,
  rowCells,
  type ProbedSheet,
  type ProbedWorkbook,
} from './tools/readers';

/** An addendum with what French amounts and text carry: accents, ligatures, €, U+202F and U+00A0. */
const ADDENDUM = 'Montant de la part variable confirmé par l’ARS : 70\u202f615,96\u00a0€ — Œuvre « Cœur » ÉTÉ.';

const { files, open, exportTo, dbArg } = exportSession();
let ctx: ApiContext;
let dir: string;
let ondaine: number;
let dijon: number;
let leman: number;
let recalc: Map<string, Map<string, string[][]>>;

/** A LibreOffice CSV number: it keeps the percent sign of a percentage cell ("58.8235294117647%"). */
const num = (x: string): number => (x.endsWith('%') ? Number(x.slice(0, -1)) / 100 : Number(x));
const flat = (s: string): string => asPdfText(s).replace(/\s+/g, ' ');
const esc = (s: string): string => asPdfText(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The cells of a table row as pdftotext -layout lays them out: separated by spaces. */
const rowRegex = (cells: string[]): RegExp => new RegExp(cells.map((c) => esc(c).replace(/ /g, '\\s*')).join('\\s+'));
const indicators = (annex: AnnexView): IndicatorRow[] => annex.missions.flatMap((m) => m.actions.flatMap((a) => a.indicators));
const pct = (bp: number): string => `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(bp / 100)} %`;

async function contractNamed(name: string): Promise<number> {
  return (await ok(ctx, 'portfolio.list', {})).rows.find((r) => r.cpts === name)!.id;
}

beforeAll(async () => {
  ({ ctx, dir } = await open());
  await seedDemo(ctx);
  ondaine = await contractNamed('CPTS Ondaine et Haut-Forez');
  dijon = await contractNamed('CPTS Grand Dijon Centre');
  leman = await contractNamed('CPTS Rives du Léman');

  // Ondaine: an addendum to its closed annual review.
  const closed = (await ok(ctx, 'reviews.list', { contractId: ondaine })).slots.find((s) => s.status === 'closed')!;
  await ok(ctx, 'reviews.addendum', { reviewId: closed.reviewId, addedOn: TODAY, text: ADDENDUM });

  // Rives du Léman: user text a spreadsheet would run, typed through the API like any user's.
  const lemanSlots = (await ok(ctx, 'reviews.list', { contractId: leman })).slots;
  const draft = lemanSlots.find((s) => s.status === 'draft')!;
  const closedLeman = lemanSlots.find((s) => s.status === 'closed')!;
  await ok(ctx, 'reviews.update', {
    reviewId: draft.reviewId,
    place: '-Salle 2',
    participants: [
      { name: INJECTION, organisation: 'CPTS', role: '+Présidente' },
      { name: 'Sophie Bernard', organisation: 'CPAM', role: '' },
    ],
    decisions: [{ kind: 'other', text: '=1+1' }],
  });
  await ok(ctx, 'reviews.addendum', { reviewId: closedLeman.reviewId, addedOn: TODAY, text: '@SUM(1+1)' });
  const annex = await ok(ctx, 'annex.addAction', { contractId: leman, year: draft.year, mission: 'acces_soins', label: INJECTION });
  const action = annex.missions.flatMap((m) => m.actions).find((a) => a.label === INJECTION)!;
  await ok(ctx, 'annex.addIndicator', { actionId: action.id, label: '+SUM(1)', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: 0 });

  await exportTo('workbook', { report: 'contract', format: 'xlsx', contractId: ondaine });
  await exportTo('lemanWorkbook', { report: 'contract', format: 'xlsx', contractId: leman });
  await exportTo('dossierTodo', { report: 'dossier', format: 'pdf', contractId: ondaine, year: 3, kind: 'annual' });
  await exportTo('dossierDraft', { report: 'dossier', format: 'pdf', contractId: dijon, year: 2, kind: 'intermediate' });
  await exportTo('dossierLeman', { report: 'dossier', format: 'pdf', contractId: leman, year: draft.year, kind: draft.kind });
  await exportTo('minutes', { report: 'minutes', format: 'pdf', contractId: ondaine, reviewId: closed.reviewId });
  await exportTo('minutesLeman', { report: 'minutes', format: 'pdf', contractId: leman, reviewId: closedLeman.reviewId });
  recalc = libreOfficeRecalc([files.workbook, files.lemanWorkbook], dir);
}, 240_000);

describe('contract workbook: Indicateurs', () => {
  let wb: ProbedWorkbook;
  let s: ProbedSheet;
  let annexes: AnnexView[];
  let rows: IndicatorRow[];
  beforeAll(async () => {
    wb = openpyxl(files.workbook);
    s = sheet(wb, 'Indicateurs');
    const first = await ok(ctx, 'annex.get', { contractId: ondaine, year: 1 });
    annexes = await Promise.all(first.yearsWithAnnex.map((year) => ok(ctx, 'annex.get', { contractId: ondaine, year })));
    rows = annexes.flatMap(indicators);
  });

  it('follows the sheets of the contract, with the same page setup, frozen header and filter', () => {
    expect(wb.sheets.map((x) => x.name)).toEqual(['Synthèse', 'Missions', 'Échéancier', 'Budget et dépenses', 'Dépenses', 'Indicateurs', 'Dialogues de gestion']);
    for (const name of ['Indicateurs', 'Dialogues de gestion']) {
      expect(sheet(wb, name)).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, freeze: 'A4', footerRight: 'Page &P / &N', headerRight: 'Données au 23/11/2026' });
      expect(sheet(wb, name).header).toContain('CPTS Ondaine et Haut-Forez');
    }
    expect(rowCells(s, 3).map((c) => c.value)).toEqual([
      'Année', 'Mission', 'Action', 'Indicateur', 'Unité', 'Rémunération', 'Valeur initiale', 'Cible', 'Valeur mesurée', 'Mesurée le', 'Valeur validée', 'Atteinte',
      'Montant obtenu', 'Montant maximum', 'Pièces justificatives', 'Calcul du montant',
    ]);
    expect(annexes.map((a) => a.year)).toEqual([2, 3]);
    expect(s.autoFilter).toBe(`A3:P${3 + rows.length}`);
  });

  it('one row per indicator and year: values in their unit, dates as dates, amounts as euros equal to the API', () => {
    rows.forEach((ind, i) => {
      const r = 4 + i;
      expect(cell(s, `D${r}`)?.value).toBe(ind.label);
      const value = cell(s, `I${r}`);
      if (ind.value === null) expect(value).toBeUndefined();
      else if (ind.unit === 'yesno') expect(value?.value).toBe(ind.value.value >= 100 ? 'oui' : 'non');
      else if (ind.unit === 'percentage') expect(value).toMatchObject({ type: 'n', format: RATIO_FORMAT, value: ind.value.value / 10_000 });
      else expect(value).toMatchObject({ type: 'n', format: '#,##0', value: ind.value.value / 100 });
      if (ind.value) expect(cell(s, `J${r}`)).toMatchObject({ type: 'd', format: 'dd/mm/yyyy', value: `${ind.value.measuredOn}T00:00:00` });
      if (ind.unit !== 'yesno' && ind.target !== null) expect(Number(cell(s, `H${r}`)?.value)).toBeCloseTo(ind.target / (ind.unit === 'percentage' ? 10_000 : 100), 10);
      if (ind.earned.cents === null) expect(cell(s, `M${r}`)).toBeUndefined();
      else expect(cell(s, `M${r}`)).toMatchObject({ type: 'n', format: EURO_FORMAT });
      expect(cents(cell(s, `M${r}`)?.value ?? 0)).toBe(ind.earned.cents ?? 0);
      expect(cell(s, `N${r}`)).toMatchObject({ type: 'n', format: EURO_FORMAT });
      expect(cents(cell(s, `N${r}`)?.value)).toBe(ind.maxCents);
      expect(cell(s, `P${r}`)?.value).toBe(ind.earned.formula);
    });
    const percent = rows.findIndex((x) => x.unit === 'percentage' && x.value !== null);
    expect(cell(s, `I${4 + percent}`)?.format).toBe('0.00%');
  });

  it('counts the evidence files as the review does (the indicator’s and its action’s livrables’)', async () => {
    const review = (await ok(ctx, 'reviews.list', { contractId: ondaine })).slots.find((x) => x.status === 'closed')!;
    const detail = await ok(ctx, 'reviews.get', { reviewId: review.reviewId });
    const year = rows.filter((_, i) => cell(s, `A${4 + i}`)?.value === detail.year);
    expect(year.length).toBe(detail.indicators.length);
    for (const line of detail.indicators) {
      const i = rows.findIndex((x) => x.id === line.indicatorId);
      expect(cell(s, `O${4 + i}`)?.value, line.label).toBe(line.evidenceCount);
    }
  });

  it('writes the attainment as a formula: value against target for linear indicators (capped), earned ÷ maximum otherwise', () => {
    rows.forEach((ind, i) => {
      const r = 4 + i;
      const f = cell(s, `L${r}`)!;
      expect(f.type).toBe('f');
      expect(f.format).toBe(RATIO_FORMAT);
      if (ind.payment === 'linear') {
        expect(f.value).toContain('MIN(1,');
        expect(f.value).toContain(`H${r}`);
        expect(f.value).toMatch(new RegExp(`IF\\(ISNUMBER\\(K${r}\\),K${r},I${r}\\)`));
        if (ind.baseline !== null) expect(f.value).toContain(`G${r}`);
      } else {
        expect(f.value).toBe(`=IF(OR(M${r}="",N${r}=0),"",M${r}/N${r})`);
      }
    });
    expect(rows.some((x) => x.payment === 'linear' && x.baseline !== null)).toBe(true);
    expect(rows.some((x) => x.payment === 'linear' && x.baseline === null)).toBe(true);
  });

  it('attainment recomputed by LibreOffice matches the API’s earned amounts and attainment', async () => {
    const csv = recalc.get(files.workbook)!.get('Indicateurs')!;
    const first = await ok(ctx, 'annex.get', { contractId: leman, year: 1 });
    const lemanRows = (await Promise.all(first.yearsWithAnnex.map((year) => ok(ctx, 'annex.get', { contractId: leman, year })))).flatMap(indicators);
    expect(lemanRows.some((x) => x.payment === 'linear' && x.direction === 'lower' && x.baseline !== null && x.earned.cents !== null)).toBe(true);
    const lemanCsv = recalc.get(files.lemanWorkbook)!.get('Indicateurs')!;
    const check = (ind: IndicatorRow, line: string[]) => {
      expect(line[3].replace(/^'/, '')).toBe(ind.label);
      const attainment = line[11];
      if (ind.earned.cents === null || ind.maxCents === 0) {
        expect(attainment, ind.label).toBe('');
        return;
      }
      const a = num(attainment);
      // earned = maximum × attainment, rounded once to the cent
      expect(Math.abs(a * ind.maxCents - ind.earned.cents), ind.label).toBeLessThanOrEqual(0.5 + 1e-6);
      // the API's attainment, floored to the basis point
      expect(Math.floor(a * 10_000 + 1e-6), ind.label).toBe(ind.earned.attainmentBp);
    };
    rows.forEach((ind, i) => check(ind, csv[3 + i]));
    lemanRows.forEach((ind, i) => check(ind, lemanCsv[3 + i]));
    const total = csv.find((r) => r[0] === 'Total (lignes affichées)')!;
    const earned = rows.reduce((x, r) => x + (r.earned.cents ?? 0), 0);
    const max = rows.reduce((x, r) => x + r.maxCents, 0);
    expect(cents(total[12])).toBe(earned);
    expect(cents(total[13])).toBe(max);
    expect(num(total[11])).toBeCloseTo(earned / max, 9);
  });
});

describe('attainment formulas on cases the demo lacks', () => {
  it('agree with the engine, recomputed by LibreOffice: either direction, with or without baseline, below, between, beyond', async () => {
    const cases: { unit: IndicatorUnit; direction: Direction; baseline: number | null; target: number; value: number; validated?: number }[] = [];
    for (const unit of ['count', 'percentage'] as const) {
      for (const [direction, baseline, target] of [['higher', null, 4000], ['higher', 1000, 4000], ['lower', null, 1000], ['lower', 5000, 1000], ['higher', 4000, 4000], ['higher', null, 0], ['lower', null, 0]] as const) {
        for (const value of [0, 500, 1000, 2500, 4000, 6000]) cases.push({ unit, direction, baseline, target, value });
      }
    }
    cases.push({ unit: 'count', direction: 'higher', baseline: 1000, target: 4000, value: 1500, validated: 3000 });
    const inds: IndicatorRow[] = cases.map((k, i) => {
      const rule: IndicatorRule = { label: `Cas ${i}`, unit: k.unit, direction: k.direction, payment: 'linear', amountCents: 1_234_567, target: k.target, baseline: k.baseline, paliers: [] };
      const basis = k.validated ?? k.value;
      return {
        id: i + 1, label: rule.label, kind: 'result', unit: k.unit, baseline: k.baseline, baselineOn: null, source: 'cpts', direction: k.direction, payment: 'linear',
        amountCents: rule.amountCents, maxCents: maxCents(rule), target: k.target, paliers: [],
        value: { value: k.value, measuredOn: '2026-01-31', comment: '', recordedAt: '' }, values: [], validated: k.validated ?? null,
        earned: earnedCents(rule, basis), earnedFrom: k.validated !== undefined ? 'validated' : 'measured', targetHistory: [], evidence: [], series: [],
      };
    });
    const annex: AnnexView = {
      contractId: 1, year: 1, from: '2026-01-01', to: '2026-12-31', exists: true, copiedFromYear: null, yearsWithAnnex: [1],
      missions: [{ code: 'prevention', label: 'Prévention', variableEnvelopeCents: null, indicatorsMaxCents: 0, earnedCents: null, warning: null, actions: [{ id: 1, label: 'Action', carriedOver: false, livrables: [], indicators: inds }] }],
    };
    const wb = new ExcelJS.Workbook();
    indicatorsSheet(wb, { today: TODAY, contract: { id: 1, name: 'CPTS Essai' }, annexes: [annex] } as unknown as ContractReportData);
    const path = join(dir, 'attainment-cases.xlsx');
    writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
    const rows = libreOfficeRecalc([path], join(dir, 'cases')).get(path)!.get('Indicateurs')!;
    inds.forEach((ind, i) => {
      const a = num(rows[3 + i][11]);
      const what = JSON.stringify(cases[i]);
      expect(Number.isFinite(a), what).toBe(true);
      expect(Math.abs(a * ind.maxCents - ind.earned.cents!), what).toBeLessThanOrEqual(0.5 + 1e-6);
      expect(Math.floor(a * 10_000 + 1e-6), what).toBe(ind.earned.attainmentBp);
    });
  }, 120_000);
});

describe('contract workbook: Dialogues de gestion', () => {
  let s: ProbedSheet;
  let view: ReviewsView;
  let closed: ReviewDetail;
  beforeAll(async () => {
    s = sheet(openpyxl(files.workbook), 'Dialogues de gestion');
    view = await ok(ctx, 'reviews.list', { contractId: ondaine });
    closed = await ok(ctx, 'reviews.get', { reviewId: view.slots.find((x) => x.status === 'closed')!.reviewId });
  });

  it('one row per review of the calendar: year, kind, date, status', () => {
    expect(rowCells(s, 3).map((c) => c.value)).toEqual(['Année', 'Dialogue', 'Date', 'Statut', 'Lieu', 'Participants', 'Ordre du jour et synthèse', 'Décisions', 'Part variable retenue', 'Addenda']);
    view.slots.forEach((slot, i) => {
      const r = 4 + i;
      expect(cell(s, `A${r}`)?.value).toBe(slot.year);
      expect(cell(s, `B${r}`)?.value).toBe(slot.kind === 'annual' ? 'Dialogue annuel' : 'Dialogue intermédiaire');
      expect(cell(s, `C${r}`)).toMatchObject({ type: 'd', format: 'dd/mm/yyyy', value: `${slot.heldOn ?? slot.proposedOn}T00:00:00` });
      const status = String(cell(s, `D${r}`)?.value);
      if (slot.status === 'closed') expect(status).toBe('Clos');
      if (slot.status === 'draft') expect(status).toBe('Brouillon');
      if (slot.status === 'todo') expect(status).toMatch(/\(date proposée\)$/);
    });
  });

  it('the closed review: place, participants, decisions with the target revision, addenda', () => {
    const r = 4 + view.slots.findIndex((x) => x.reviewId === closed.id);
    expect(cell(s, `E${r}`)?.value).toBe(closed.place);
    const participants = String(cell(s, `F${r}`)?.value).split('\n');
    expect(participants).toHaveLength(closed.participants.length);
    closed.participants.forEach((p, i) => expect(participants[i]).toBe(`${p.name} (${p.organisation}, ${p.role})`));
    const decisions = String(cell(s, `H${r}`)?.value).split('\n');
    expect(decisions).toHaveLength(closed.decisions.length);
    closed.decisions.forEach((d, i) => expect(decisions[i].startsWith(`${DECISION_KIND_LABELS[d.kind]} : ${d.text}`)).toBe(true));
    expect(decisions[0]).toContain('« Médecins participant au SAS » : cible 25 → 30');
    expect(cell(s, `J${r}`)?.value).toBe(`23/11/2026 : ${ADDENDUM}`);
  });
});

describe('formula injection in the indicator and dialogue sheets', () => {
  it('participants, places and annex labels typed as formulas stay inert text; the only formulas are the app’s', () => {
    const wb = openpyxl(files.lemanWorkbook);
    const reviews = sheet(wb, 'Dialogues de gestion');
    const draft = reviews.cells.find((c) => c.col === 4 && c.value === 'Brouillon')!.row;
    expect(cell(reviews, `E${draft}`)).toMatchObject({ type: 's', value: "'-Salle 2" });
    expect(cell(reviews, `F${draft}`)).toMatchObject({ type: 's', value: `'${INJECTION} (CPTS, +Présidente)\nSophie Bernard (CPAM)` });
    expect(cell(reviews, `H${draft}`)?.value).toBe('Autre décision : =1+1');
    const closed = reviews.cells.find((c) => c.col === 4 && c.value === 'Clos')!.row;
    expect(String(cell(reviews, `J${closed}`)?.value)).toBe('23/11/2026 : @SUM(1+1)');

    const inds = sheet(wb, 'Indicateurs');
    const injected = inds.cells.find((c) => c.col === 3 && String(c.value).includes('HYPERLINK'))!;
    expect(injected).toMatchObject({ type: 's', value: `'${INJECTION}` });
    expect(cell(inds, `D${injected.row}`)).toMatchObject({ type: 's', value: "'+SUM(1)" });

    const formulas = wb.sheets.flatMap((x) => x.cells.filter((c) => c.type === 'f').map((c) => String(c.value)));
    for (const f of formulas) {
      expect(f).toMatch(/^=(SUM|SUBTOTAL|IF)\(/);
      expect(f).not.toMatch(/HYPERLINK|\+SUM\(1\)|1\+1/);
    }
    // LibreOffice reads them as text, not as formulas.
    const csv = recalc.get(files.lemanWorkbook)!;
    expect(csv.get('Dialogues de gestion')!.some((r) => r[5]?.startsWith(`'${INJECTION}`))).toBe(true);
    expect(csv.get('Indicateurs')!.some((r) => r[2] === `'${INJECTION}` && r[3] === "'+SUM(1)")).toBe(true);
    for (const rows of csv.values()) expect(rows.some((r) => r.includes('y'))).toBe(false);
  });
});

function checkFrame(file: string, footer: string): void {
  const pages = pdfPages(file);
  expect(pages).toBeGreaterThanOrEqual(2);
  for (let p = 1; p <= pages; p++) {
    const text = pdfText(file, p);
    expect(text).toContain('Données au 23/11/2026');
    expect(text).toMatch(/CPTS .+ — contrat ACI n° \d+/);
    expect(text).toContain(`Page ${p} / ${pages}`);
    expect(text).toContain(footer);
  }
  const fonts = pdfFonts(file);
  expect(fonts).toMatch(/DejaVuSans\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  expect(fonts).not.toMatch(/Helvetica|Roboto/);
}

describe('PDF dossier de préparation', () => {
  let funding: FundingView;
  let annex: AnnexView;
  let view: ReviewsView;
  beforeAll(async () => {
    funding = await ok(ctx, 'funding.get', { contractId: ondaine });
    annex = await ok(ctx, 'annex.get', { contractId: ondaine, year: 3 });
    view = await ok(ctx, 'reviews.list', { contractId: ondaine });
  });

  it('is named after the CPTS, the contract year, S1 (intermediate) or S2 (annual) and the date of the data', () => {
    expect(files.dossierTodo.endsWith('CPTS-Ondaine-et-Haut-Forez-dialogue-annee-3-S2-2026-11-23.pdf')).toBe(true);
    expect(files.dossierDraft.endsWith('CPTS-Grand-Dijon-Centre-dialogue-annee-2-S1-2026-11-23.pdf')).toBe(true);
  });

  it('has the contract, the date of the data, its name and "Page x / y" on every page, in DejaVu Sans', () => {
    checkFrame(files.dossierTodo, 'Dossier de préparation — dialogue annuel, année 3');
    checkFrame(files.dossierDraft, 'Dossier de préparation — dialogue intermédiaire, année 2');
    expect(pdfCodePoints(files.dossierTodo)).toEqual(expect.arrayContaining(['202f', '00a0', '20ac', '00e9', '00c9', '2019', '2264']));
  });

  it('prepares a review not created yet: the contract, the proposed date, the missions and their deadlines', async () => {
    const text = pdfText(files.dossierTodo);
    const slot = view.slots.find((x) => x.year === 3 && x.kind === 'annual')!;
    expect(slot.status).toBe('todo');
    expect(text).toContain('Dossier de préparation du dialogue de gestion');
    expect(text).toContain('Dialogue annuel de l’année 3 du contrat ACI n° 3 : du 13/12/2025 au 12/12/2026');
    expect(text).toContain(`Proposé le 12/11/2026`);
    expect(text).toContain('Pas encore programmé dans l’application');
    const contract = await ok(ctx, 'contract.get', { id: ondaine });
    for (const m of contract.missions) expect(flat(text)).toContain(m.label.split(' ')[0]);
    const late = contract.missions.filter((m) => m.deployLate && !m.deployedOn);
    expect(late.length).toBeGreaterThan(0);
    for (const m of late) expect(text).toMatch(rowRegex([m.label, 'Démarrée', 'En retard']));
    for (const m of late) expect(text).toContain(`au plus tard le ${m.deployBy!.split('-').reverse().join('/')}`);
  });

  it('shows each indicator of the year with its target, value, attainment, amounts and evidence count as the API has them', async () => {
    const text = pdfText(files.dossierTodo);
    const draft = await ok(ctx, 'reviews.get', { reviewId: view.slots.find((x) => x.year === 3 && x.status === 'draft')!.reviewId });
    for (const ind of indicators(annex)) {
      const basis = ind.validated ?? ind.value?.value ?? null;
      const target = ind.unit === 'yesno' ? 'oui' : `${ind.direction === 'lower' ? '≤ ' : ''}${formatValue(ind.target, ind.unit)}`;
      const evidence = draft.indicators.find((x) => x.indicatorId === ind.id)!.evidenceCount;
      const cells =
        basis === null
          ? [target, '—', '—', '—', formatEuros(ind.maxCents), String(evidence)]
          : [target, formatValue(basis, ind.unit), pct(ind.earned.attainmentBp!), formatEuros(ind.earned.cents!), formatEuros(ind.maxCents), String(evidence)];
      expect(text, ind.label).toMatch(rowRegex(cells));
    }
    const earned = indicators(annex).reduce((s, i) => s + (i.earned.cents ?? 0), 0);
    const max = indicators(annex).reduce((s, i) => s + i.maxCents, 0);
    expect(text).toMatch(rowRegex(['Total de l’année 3', formatEuros(earned), formatEuros(max)]));
  });

  it('gives the funding position of the contract: due, paid, outstanding, overdue', () => {
    const text = pdfText(files.dossierTodo);
    const t = funding.totals;
    expect(text).toMatch(rowRegex([formatEuros(t.dueCents), formatEuros(t.dueToDateCents), formatEuros(t.paidCents), formatEuros(t.overdueCents)]));
    expect(text).toMatch(rowRegex(['Total du contrat', formatEuros(t.dueCents), formatEuros(t.paidCents), formatEuros(t.outstandingCents)]));
    for (const y of funding.result.years) expect(text).toContain(asPdfText(formatEuros(y.totalCents)));
  });

  it('lists the points to discuss: what readiness finds missing, indicators not reached, late missions', () => {
    const text = flat(pdfRawText(files.dossierTodo));
    expect(view.next).toMatchObject({ year: 3, kind: 'annual' });
    expect(view.readiness.missing.length).toBeGreaterThan(3);
    for (const m of view.readiness.missing) expect(text).toContain(flat(m));
    const notReached = indicators(annex).filter((i) => i.earned.cents !== null && i.earned.cents < i.maxCents);
    expect(notReached.length).toBeGreaterThan(0);
    for (const i of notReached) expect(text).toContain(flat(`${i.label} (`));
    expect(text).toContain('Versements en retard Rien à signaler.');
  });

  it('a draft review with late payments: its participants and agenda, each overdue tranche, the overdue total', async () => {
    const text = pdfText(files.dossierDraft);
    const raw = flat(pdfRawText(files.dossierDraft));
    const f = await ok(ctx, 'funding.get', { contractId: dijon });
    const slot = (await ok(ctx, 'reviews.list', { contractId: dijon })).slots.find((x) => x.year === 2 && x.kind === 'intermediate')!;
    const review = await ok(ctx, 'reviews.get', { reviewId: slot.reviewId });
    expect(text).toContain(`En préparation (brouillon n° ${review.id})`);
    for (const p of review.participants) expect(raw).toContain(flat(`${p.name} (${p.organisation}, ${p.role})`));
    expect(raw).toContain(flat(review.agenda));
    const overdue = f.schedule.filter((t) => t.overdue);
    expect(overdue.length).toBeGreaterThan(0);
    expect(f.totals.overdueCents).toBe(overdue.reduce((s, t) => s + t.outstandingCents, 0));
    for (const t of overdue) expect(raw).toContain(flat(`${t.label} ${formatEuros(t.outstandingCents)}`));
    expect(text).toMatch(rowRegex(['Total échu non versé', formatEuros(f.totals.overdueCents)]));
    expect(raw).toContain(flat(`${overdue.length} échéance(s) échue(s) non versée(s), ${formatEuros(f.totals.overdueCents)} au total`));
  });

  it('prints user text as typed (a participant named like a formula)', () => {
    expect(flat(pdfRawText(files.dossierLeman))).toContain(flat(`${INJECTION} (CPTS, +Présidente)`));
  });
});

describe('PDF compte rendu', () => {
  let review: ReviewDetail;
  let next: AnnexView;
  beforeAll(async () => {
    const slot = (await ok(ctx, 'reviews.list', { contractId: ondaine })).slots.find((x) => x.status === 'closed')!;
    review = await ok(ctx, 'reviews.get', { reviewId: slot.reviewId });
    next = await ok(ctx, 'annex.get', { contractId: ondaine, year: review.year + 1 });
  });

  it('is named after the CPTS, the year and kind of the review, and the date of the data', () => {
    expect(files.minutes.endsWith('CPTS-Ondaine-et-Haut-Forez-compte-rendu-annee-2-S2-2026-11-23.pdf')).toBe(true);
  });

  it('has the contract, the date of the data, its name and "Page x / y" on every page; accents, € and U+202F survive', () => {
    checkFrame(files.minutes, 'Compte rendu — dialogue annuel, année 2');
    expect(pdfCodePoints(files.minutes)).toEqual(expect.arrayContaining(['202f', '00a0', '20ac', '00e9', '00c9', '0152', '2019', '2192']));
    const raw = flat(pdfRawText(files.minutes));
    expect(raw).toContain(flat(ADDENDUM));
  });

  it('the review, its participants, and each indicator presented, validated, with its status and amount', () => {
    const text = pdfText(files.minutes);
    const raw = flat(pdfRawText(files.minutes));
    expect(text).toContain('Compte rendu du dialogue de gestion');
    expect(raw).toContain(flat(`Dialogue annuel de l’année 2 du contrat ACI n° 3, tenu le 22/11/2025 — ${review.place}`));
    for (const p of review.participants) expect(text).toMatch(rowRegex([p.organisation, p.name, p.role]));
    expect(review.indicators.length).toBeGreaterThan(10);
    for (const i of review.indicators) {
      const target = i.unit === 'yesno' ? 'oui' : formatValue(i.target, i.unit);
      expect(text, i.label).toMatch(rowRegex([target, formatValue(i.presented, i.unit), formatValue(i.validated, i.unit), REVIEW_STATUS_LABELS[i.status!], formatEuros(i.earnedCents!)]));
    }
    const earned = review.indicators.reduce((s, i) => s + (i.earnedCents ?? 0), 0);
    expect(text).toMatch(rowRegex(['Total des indicateurs', formatEuros(earned)]));
    // The one retained figure is the échéancier's variable part of the year (stored at closing).
    expect(text).toMatch(rowRegex(['Total', formatEuros(review.closedFigures!.maxCents), formatEuros(review.closedFigures!.retainedCents)]));
  });

  it('the decisions, the target revisions old → new as recorded in the next year’s annex, the addenda', () => {
    const text = pdfText(files.minutes);
    const raw = flat(pdfRawText(files.minutes));
    review.decisions.forEach((d, i) => expect(raw).toContain(flat(`${i + 1} ${DECISION_KIND_LABELS[d.kind]} ${d.text}`)));
    const revised = indicators(next).filter((i) => i.targetHistory.some((h) => h.reviewId === review.id));
    expect(revised.length).toBe(1);
    for (const i of revised) {
      const h = i.targetHistory.find((x) => x.reviewId === review.id)!;
      expect(text).toMatch(rowRegex([i.label, formatValue(h.oldTarget, i.unit), formatValue(h.newTarget, i.unit)]));
    }
    expect(text).toContain('Révisions de cible pour l’année 3');
    expect(text).toMatch(rowRegex(['23/11/2026', ADDENDUM.slice(0, 30)]));
  });

  it('ends with a signature block for the CPTS, the CPAM and the ARS', () => {
    const last = pdfText(files.minutes, pdfPages(files.minutes));
    expect(last).toContain('Signatures');
    expect(last).toMatch(rowRegex(['Pour la CPTS', 'Pour la CPAM', 'Pour l’ARS']));
    expect(last.match(/Nom et qualité du signataire/g)).toHaveLength(3);
    expect(last).toMatch(rowRegex(['Date', 'Date', 'Date']));
    expect(last).toMatch(rowRegex(['Signature', 'Signature', 'Signature']));
  });

  it('prints an addendum typed like a formula as it was typed', () => {
    expect(flat(pdfRawText(files.minutesLeman))).toContain('@SUM(1+1)');
  });

  it('page 1 of each new PDF renders as an image (looked at by a person when the layout changes)', () => {
    for (const name of ['dossierTodo', 'dossierDraft', 'minutes']) {
      const png = renderFirstPage(files[name], join(dir, `${name}-page1`));
      expect(existsSync(png)).toBe(true);
      expect(statSync(png).size).toBeGreaterThan(10_000);
    }
  });
});

describe('reports.export refusals for the dialogue reports', () => {
  const refused = async (input: unknown) => {
    const r = await callApi(ctx, 'reports.export', input);
    expect(r.ok).toBe(false);
    return r.ok ? { code: '', message: '' } : r.error;
  };

  it('refuses the compte rendu of a draft review, of another contract’s review, of an unknown review', async () => {
    const draft = (await ok(ctx, 'reviews.list', { contractId: ondaine })).slots.find((x) => x.status === 'draft')!;
    const e = await refused({ report: 'minutes', format: 'pdf', contractId: ondaine, reviewId: draft.reviewId });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe(
      `Compte rendu impossible : le dialogue intermédiaire de l’année 3 (n° ${draft.reviewId}) est encore en brouillon. Clôturez-le d’abord ; en attendant, exportez son dossier de préparation.`,
    );
    const other = (await ok(ctx, 'reviews.list', { contractId: dijon })).slots.find((x) => x.status === 'closed')!;
    expect((await refused({ report: 'minutes', format: 'pdf', contractId: ondaine, reviewId: other.reviewId })).message).toContain('relève du contrat n°');
    expect(await refused({ report: 'minutes', format: 'pdf', contractId: ondaine, reviewId: 999 })).toMatchObject({ code: 'NOT_FOUND', message: 'Dialogue n° 999 introuvable.' });
  });

  it('refuses incomplete or contradictory requests in French', async () => {
    expect((await refused({ report: 'dossier', format: 'pdf', contractId: ondaine, year: 3 })).message).toBe('Dossier de préparation : indiquez le type de dialogue (intermédiaire ou annuel).');
    expect((await refused({ report: 'dossier', format: 'xlsx', contractId: ondaine, year: 3, kind: 'annual' })).message).toContain('pas de version Excel');
    expect((await refused({ report: 'minutes', format: 'pdf', contractId: ondaine })).message).toBe('Compte rendu de dialogue : indiquez le dialogue de gestion (son numéro).');
    expect((await refused({ report: 'contract', format: 'xlsx', contractId: 999 })).message).toBe('Contrat n° 999 introuvable.');
    expect((await refused({ report: 'dossier', format: 'pdf', contractId: 999, year: 1, kind: 'annual' })).message).toBe('Contrat n° 999 introuvable.');
  });
});

describe('CLI export of the dialogue reports', () => {
  const db = dbArg;

  it('writes the dossier (--year, --kind) and the compte rendu (--review, as listed by `reviews`)', () => {
    const list = aci(['reviews', '--db', db(), '--contract', String(ondaine)]);
    expect(list.code, list.stderr).toBe(0);
    const closedId = /annuel\s+\d\d\/\d\d\/\d{4}\s+clos \(n° (\d+)\)/.exec(list.stdout)?.[1];
    expect(closedId).toBeDefined();
    const dossier = aci(['export', '--db', db(), '--contract', String(ondaine), '--report', 'dossier', '--format', 'pdf', '--year', '3', '--kind', 'intermédiaire', '--out', dir]);
    expect(dossier.code, dossier.stderr).toBe(0);
    expect(dossier.stdout).toContain('CPTS-Ondaine-et-Haut-Forez-dialogue-annee-3-S1-2026-11-23.pdf');
    const out = join(dir, 'cr.pdf');
    const minutes = aci(['export', '--db', db(), '--contract', String(ondaine), '--report', 'minutes', '--format', 'pdf', '--review', closedId!, '--out', out]);
    expect(minutes.code, minutes.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  }, 90_000);

  it('refuses missing or misplaced options with a French message', async () => {
    const draft = (await ok(ctx, 'reviews.list', { contractId: ondaine })).slots.find((x) => x.status === 'draft')!;
    const cases: [string[], number, string][] = [
      [['--report', 'dossier', '--format', 'pdf', '--year', '3', '--out', 'x.pdf'], 2, 'ajoutez --year <1 à 5> et --kind intermediaire|annuel'],
      [['--report', 'dossier', '--format', 'pdf', '--year', '3', '--kind', 'mensuel', '--out', 'x.pdf'], 2, '« mensuel » inconnu'],
      [['--report', 'dossier', '--format', 'pdf', '--year', '3', '--kind', 'annuel', '--review', '5', '--out', 'x.pdf'], 2, '--review ne s’emploie qu’avec --report minutes'],
      [['--report', 'minutes', '--format', 'pdf', '--out', 'x.pdf'], 2, 'ajoutez --review <numéro>'],
      [['--report', 'minutes', '--format', 'pdf', '--review', String(draft.reviewId), '--out', 'x.pdf'], 1, 'encore en brouillon'],
    ];
    for (const [args, code, message] of cases) {
      const r = aci(['export', '--db', db(), '--contract', String(ondaine), ...args]);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
  }, 90_000);
});
