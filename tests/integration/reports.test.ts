// Exports built from the demo portfolio through the API, read back by readers the app did not
// write: openpyxl (types, formats, panes, filters), LibreOffice (recomputes every formula),
// poppler (PDF text, fonts, page images). Figures must equal those the API returns.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { ApiContext } from '../../electron/api/context';
import { callApi } from '../../electron/api/dispatch';
import { seedDemo } from '../../electron/db/demo';
import { formatEuros } from '../../shared/money';
import type { FundingView, PaymentsView } from '../../shared/views';
import { EURO_FORMAT } from '../../electron/reports/excel/cells';
import { heading, reportDocument } from '../../electron/reports/pdf/layout';
import { renderPdf } from '../../electron/reports/pdf/render';
import { dataTable, moneyCell, textCell } from '../../electron/reports/pdf/tables';
import { ok, T3_CONTRACT } from './helpers';
import { INJECTION, TODAY, aci as cli, asPdfText, cents, exportSession, sheet } from './reportsFixture';
import {
  cell,
  libreOfficeRecalc,
  openpyxl,
  pdfCodePoints,
  pdfFonts,
  pdfPages,
  pdfText,
  renderFirstPage,
  rowCells,
  type ProbedWorkbook,
} from './tools/readers';

const ACCENTS = 'CPTS Cœur d’Yonne – Vézelay & Saint-Père';

const { files, open, exportTo, dbArg } = exportSession();
let ctx: ApiContext;
let dir: string;
let ondaine: number;
let injected: number;
let accented: number;
let recalc: Map<string, Map<string, string[][]>>;

const csvRow = (rows: string[][], first: string): string[] => rows.find((r) => r[0] === first)!;

beforeAll(async () => {
  ({ ctx, dir } = await open());
  const ids = await seedDemo(ctx);
  ondaine = ids[2];
  // User text that a spreadsheet would run as formulas, entered through the API like any user.
  injected = (await ok(ctx, 'contract.create', { ...T3_CONTRACT, name: INJECTION, legalName: '@SUM(1+1)', communes: '-Firminy, +Unieux', cpam: '=1+1' })).id;
  accented = (await ok(ctx, 'contract.create', { ...T3_CONTRACT, name: ACCENTS, legalName: 'Association Cœur d’Yonne' })).id;
  const first = (await ok(ctx, 'funding.get', { contractId: accented })).schedule[0];
  await ok(ctx, 'payments.record', { contractId: accented, receivedOn: '2022-07-15', amountCents: first.amountCents, cpamRef: 'VIR-ÉTÉ-2022/Œ', trancheIds: [first.id], comment: '' });

  await exportTo('contract', { report: 'contract', format: 'xlsx', contractId: ondaine });
  await exportTo('injectedContract', { report: 'contract', format: 'xlsx', contractId: injected });
  await exportTo('portfolio', { report: 'portfolio', format: 'xlsx' });
  await exportTo('payments2', { report: 'payments', format: 'pdf', contractId: ondaine, year: 2 });
  await exportTo('payments3', { report: 'payments', format: 'pdf', contractId: ondaine, year: 3 });
  await exportTo('accented', { report: 'payments', format: 'pdf', contractId: accented, year: 1 });
  recalc = libreOfficeRecalc([files.contract, files.injectedContract, files.portfolio], dir);
}, 240_000);

describe('the test readers', () => {
  it('LibreOffice really recomputes formulas (a wrong cached result does not survive)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Essai');
    ws.getCell('A1').value = 1.1;
    ws.getCell('A2').value = 2.2;
    ws.getCell('A3').value = { formula: 'SUM(A1:A2)', result: 999 };
    const path = join(dir, 'recalc-check.xlsx');
    writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
    const rows = libreOfficeRecalc([path], join(dir, 'check')).get(path)!.get('Essai')!;
    expect(Number(rows[2][0])).toBeCloseTo(3.3, 9);
  }, 120_000);
});

describe('Excel workbook of a contract', () => {
  let wb: ProbedWorkbook;
  let funding: FundingView;
  beforeAll(async () => {
    wb = openpyxl(files.contract);
    funding = await ok(ctx, 'funding.get', { contractId: ondaine });
  });

  it('is named after the CPTS, the content and the date of the data', () => {
    expect(files.contract.endsWith('CPTS-Ondaine-et-Haut-Forez-echeancier-2026-11-23.xlsx')).toBe(true);
  });

  it('has French sheets, document properties, A4 pages fitted to the width, frozen headers', () => {
    expect(wb.sheets.map((s) => s.name)).toEqual(['Synthèse', 'Missions', 'Échéancier', 'Budget et dépenses', 'Dépenses', 'Indicateurs', 'Dialogues de gestion']);
    expect(wb.properties.creator).toBe('ACI CPTS');
    expect(wb.properties.title).toBe('Contrat ACI — CPTS Ondaine et Haut-Forez');
    expect(wb.properties.subject).toContain('échéancier');
    expect(wb.properties.created).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    for (const s of wb.sheets) {
      expect(s).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, footerRight: 'Page &P / &N', headerRight: 'Données au 23/11/2026' });
      expect(s.header).toContain('CPTS Ondaine et Haut-Forez');
      expect(s.freeze).toMatch(/^A\d$/);
    }
    expect(sheet(wb, 'Échéancier').freeze).toBe('A4');
    expect(sheet(wb, 'Échéancier').widths.C).toBeGreaterThan(40);
  });

  it('Échéancier: one row per tranche with real dates and euro numbers equal to the API, totals as SUM formulas', () => {
    const s = sheet(wb, 'Échéancier');
    expect(rowCells(s, 3).map((c) => c.value)).toEqual(['Année', 'Échéance', 'Libellé', 'Type', 'Montant dû', 'Versé', 'Reste dû', 'Retard']);
    funding.schedule.forEach((t, i) => {
      const r = 4 + i;
      expect(cell(s, `B${r}`)).toMatchObject({ type: 'd', format: 'dd/mm/yyyy', value: `${t.dueOn}T00:00:00` });
      expect(cell(s, `C${r}`)?.value).toBe(t.label);
      for (const [col, value] of [['E', t.amountCents], ['F', t.paidCents], ['G', t.outstandingCents]] as const) {
        const c = cell(s, `${col}${r}`);
        expect(c?.type).toBe('n');
        expect(c?.format).toBe(EURO_FORMAT);
        expect(cents(c?.value)).toBe(value);
      }
    });
    const total = 4 + funding.schedule.length;
    expect(cell(s, `A${total}`)?.value).toBe('Total');
    expect(cell(s, `E${total}`)).toMatchObject({ type: 'f', value: `=SUM(E4:E${total - 1})`, format: EURO_FORMAT });
  });

  it('Échéancier totals recomputed by LibreOffice equal the API totals', () => {
    const rows = recalc.get(files.contract)!.get('Échéancier')!;
    const total = csvRow(rows, 'Total');
    expect(cents(total[4])).toBe(funding.totals.dueCents);
    expect(cents(total[5])).toBe(funding.totals.paidCents);
    expect(cents(total[6])).toBe(funding.totals.outstandingCents);
    expect(funding.totals.dueCents).toBe(funding.result.totalCents);
  });

  it('Synthèse: the contract, its size band and text, and per-year figures equal to the API', () => {
    const s = sheet(wb, 'Synthèse');
    const fact = (label: string) => cell(s, `B${s.cells.find((c) => c.col === 1 && c.value === label)!.row}`);
    expect(fact('CPTS')?.value).toBe('CPTS Ondaine et Haut-Forez');
    expect(fact('Taille')?.value).toBe('Taille 3');
    expect(fact('Texte ACI à la signature')?.value).toBe('Avenant 2');
    expect(fact('Population couverte')).toMatchObject({ type: 'n', value: 84466 });
    expect(fact('Signé le')).toMatchObject({ type: 'd', value: '2023-12-13T00:00:00', format: 'dd/mm/yyyy' });
    const header = s.cells.find((c) => c.col === 1 && c.value === 'Année')!.row;
    funding.result.years.forEach((y, i) => {
      const row = header + 1 + i;
      expect(cell(s, `A${row}`)?.value).toBe(y.year);
      expect(cell(s, `B${row}`)?.value).toBe(`${y.from}T00:00:00`);
      expect(cents(cell(s, `I${row}`)?.value)).toBe(y.totalCents);
      const paid = funding.schedule.filter((t) => t.year === y.year).reduce((a, t) => a + t.paidCents, 0);
      expect(cents(cell(s, `J${row}`)?.value)).toBe(paid);
      for (const col of 'FGHIJK') expect(cell(s, `${col}${row}`)?.format).toBe(EURO_FORMAT);
    });
    const total = csvRow(recalc.get(files.contract)!.get('Synthèse')!, 'Total du contrat');
    expect(cents(total[8])).toBe(funding.result.totalCents);
    expect(cents(total[9])).toBe(funding.totals.paidCents);
    expect(cents(total[10])).toBe(funding.totals.outstandingCents);
    // fonctionnement + part fixe + part variable = total dû
    expect(cents(total[5]) + cents(total[6]) + cents(total[7])).toBe(funding.result.totalCents);
  });

  it('Missions: status and deadlines, dates as dates', async () => {
    const contract = await ok(ctx, 'contract.get', { id: ondaine });
    const s = sheet(wb, 'Missions');
    contract.missions.forEach((m, i) => {
      expect(cell(s, `A${4 + i}`)?.value).toBe(m.label);
      if (m.startBy) expect(cell(s, `D${4 + i}`)).toMatchObject({ type: 'd', value: `${m.startBy}T00:00:00` });
      const deploy = m.deployedOn ? (m.deployLate ? 'Déployée en retard' : 'Déployée') : m.deployLate ? 'En retard' : m.deployBy ? 'À venir' : '—';
      expect(cell(s, `H${4 + i}`)?.value).toBe(deploy);
    });
    expect(contract.missions.some((m) => m.deployLate)).toBe(true);
  });
});

describe('Excel workbook of the portfolio', () => {
  let wb: ProbedWorkbook;
  let views: FundingView[];
  beforeAll(async () => {
    wb = openpyxl(files.portfolio);
    const { rows } = await ok(ctx, 'portfolio.list', {});
    views = await Promise.all(rows.map((r) => ok(ctx, 'funding.get', { contractId: r.id })));
  });

  it('one row per contract and year, filterable, header frozen, euro numbers and real dates', () => {
    const s = sheet(wb, 'Portefeuille');
    const years = views.reduce((a, v) => a + v.result.years.length, 0);
    expect(rowCells(s, 3).map((c) => c.value)).toEqual(['CPTS', 'Dépt', 'Contrat n°', 'Année', 'Du', 'Au', 'Fonctionnement', 'Part fixe', 'Part variable', 'Total dû', 'Versé', 'Reste dû', 'État de l’année']);
    expect(s.freeze).toBe('A4');
    expect(s.autoFilter).toBe(`A3:M${3 + years}`);
    expect(s).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    for (let r = 4; r < 4 + years; r++) {
      for (const col of 'EF') expect(cell(s, `${col}${r}`)).toMatchObject({ type: 'd', format: 'dd/mm/yyyy' });
      for (const col of 'HIJKL') expect(cell(s, `${col}${r}`)).toMatchObject({ type: 'n', format: EURO_FORMAT });
    }
    expect(cell(s, `J${4 + years}`)).toMatchObject({ type: 'f', value: `=SUBTOTAL(109,J4:J${3 + years})` });
    expect(wb.properties.title).toBe('Portefeuille ACI CPTS');
  });

  it('totals recomputed by LibreOffice equal the sums of the API figures', () => {
    const total = csvRow(recalc.get(files.portfolio)!.get('Portefeuille')!, 'Total (lignes affichées)');
    expect(cents(total[9])).toBe(views.reduce((a, v) => a + v.result.totalCents, 0));
    expect(cents(total[10])).toBe(views.reduce((a, v) => a + v.totals.paidCents, 0));
    expect(cents(total[11])).toBe(views.reduce((a, v) => a + v.schedule.reduce((b, t) => b + t.outstandingCents, 0), 0));
  });

  it('a CPTS named like a formula comes out as inert text', () => {
    const s = sheet(wb, 'Portefeuille');
    const hits = s.cells.filter((c) => c.col === 1 && String(c.value).includes('HYPERLINK'));
    expect(hits.length).toBe(5);
    for (const h of hits) expect(h).toMatchObject({ type: 's', value: `'${INJECTION}` });
    const rows = recalc.get(files.portfolio)!.get('Portefeuille')!;
    expect(rows.filter((r) => r[0] === `'${INJECTION}`)).toHaveLength(5);
    expect(rows.some((r) => r[0] === 'y')).toBe(false);
  });
});

describe('formula injection in the contract workbook', () => {
  it('neutralises every user text, and the only formulas are the totals (no annex: no attainment formula)', () => {
    const wb = openpyxl(files.injectedContract);
    const s = sheet(wb, 'Synthèse');
    const fact = (label: string) => cell(s, `B${s.cells.find((c) => c.col === 1 && c.value === label)!.row}`)?.value;
    expect(fact('CPTS')).toBe(`'${INJECTION}`);
    expect(fact('Association')).toBe("'@SUM(1+1)");
    expect(fact('Communes')).toBe("'-Firminy, +Unieux");
    expect(fact('CPAM')).toBe("'=1+1");
    const formulas = wb.sheets.flatMap((x) => x.cells.filter((c) => c.type === 'f').map((c) => String(c.value)));
    expect(formulas.length).toBeGreaterThan(0);
    for (const f of formulas) expect(f).toMatch(/^=SUM\([A-Z]+\d+:[A-Z]+\d+\)$/);
    const csv = recalc.get(files.injectedContract)!.get('Synthèse')!;
    expect(csvRow(csv, 'CPTS')[1]).toBe(`'${INJECTION}`);
    expect(csvRow(csv, 'CPAM')[1]).toBe("'=1+1");
  });
});

describe('PDF état des versements', () => {
  let payments: PaymentsView;
  beforeAll(async () => {
    payments = await ok(ctx, 'payments.list', { contractId: ondaine });
  });

  it('is named after the CPTS, the year and the date', () => {
    expect(files.payments2.endsWith('CPTS-Ondaine-et-Haut-Forez-versements-annee-2-2026-11-23.pdf')).toBe(true);
  });

  it('embeds DejaVu Sans and maps €, U+202F and U+00A0 to real glyphs', () => {
    const fonts = pdfFonts(files.payments2);
    expect(fonts).toMatch(/DejaVuSans\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).toMatch(/DejaVuSans-Bold\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).not.toMatch(/Helvetica|Roboto/);
    expect(pdfCodePoints(files.payments2)).toEqual(expect.arrayContaining(['202f', '00a0', '20ac', '00e9', '00c9', '2019']));
  });

  it('has the contract and the date of the data on every page, and "Page x / y"', () => {
    for (const file of [files.payments2, files.payments3, files.accented]) {
      const pages = pdfPages(file);
      expect(pages).toBeGreaterThanOrEqual(1);
      for (let p = 1; p <= pages; p++) {
        const text = pdfText(file, p);
        expect(text).toContain('Données au 23/11/2026');
        expect(text).toContain(`Page ${p} / ${pages}`);
        expect(text).toMatch(/contrat ACI n° \d+/);
      }
    }
  });

  it('shows each tranche of the year and each payment allocated to it, with the API amounts', () => {
    const text = pdfText(files.payments2);
    expect(text).toContain('État des versements');
    expect(text).toContain('Année 2 du contrat ACI n° 3 : du 13/12/2024 au 12/12/2025');
    const year = payments.schedule.filter((t) => t.year === 2);
    expect(year.length).toBeGreaterThan(5);
    for (const t of year) expect(text).toContain(asPdfText(formatEuros(t.amountCents)));
    const due = year.reduce((a, t) => a + t.amountCents, 0);
    const paid = year.reduce((a, t) => a + t.paidCents, 0);
    const allocated = payments.payments.flatMap((p) => p.allocations).filter((a) => year.some((t) => t.id === a.trancheId));
    expect(allocated.reduce((a, x) => a + x.amountCents, 0)).toBe(paid);
    expect(text).toMatch(new RegExp(`Total de l’année 2\\s+${asPdfText(formatEuros(due))}\\s+${asPdfText(formatEuros(paid))}`));
    expect(text).toMatch(new RegExp(`Total versé au titre de l’année 2\\s+${asPdfText(formatEuros(paid))}`));
    for (const p of payments.payments.filter((x) => x.allocations.some((a) => year.some((t) => t.id === a.trancheId)))) {
      expect(text).toContain(p.cpamRef);
    }
    expect(text).toContain('Part fixe — Réponse aux crises sanitaires graves : solde');
  });

  it('keeps the year’s outstanding amounts and what is still to come', () => {
    const text = pdfText(files.payments3);
    const year = payments.schedule.filter((t) => t.year === 3);
    const outstanding = year.reduce((a, t) => a + t.outstandingCents, 0);
    expect(outstanding).toBeGreaterThan(0);
    expect(text).toContain(asPdfText(formatEuros(outstanding)));
  });

  it('keeps accents, ligatures, apostrophes and dashes of user text', () => {
    const text = pdfText(files.accented);
    expect(text).toContain(ACCENTS);
    expect(text).toContain('Association Cœur d’Yonne');
    expect(text).toContain('VIR-ÉTÉ-2022/Œ');
    expect(text).toContain('Échéances de l’année 1');
  });

  it('renders page 1 as an image (looked at by a person when the layout changes)', () => {
    for (const name of ['payments2', 'payments3', 'accented']) {
      const png = renderFirstPage(files[name], join(dir, `${name}-page1`));
      expect(existsSync(png)).toBe(true);
      expect(statSync(png).size).toBeGreaterThan(10_000);
    }
  });
});

describe('PDF infrastructure (shared by the état des versements, the dossier de préparation and the compte rendu)', () => {
  it('repeats a long table’s header on every page, under the contract header, with "Page x / y"', async () => {
    const rows = Array.from({ length: 140 }, (_, i) => [textCell(`Ligne ${i + 1} — « donnée » n° ${i + 1}`), moneyCell(123_456_789 + i)]);
    const pdf = await renderPdf(
      reportDocument({ title: 'Essai', subject: 'Essai', contractLabel: 'CPTS Essai — contrat ACI n° 9', dataDate: TODAY, footerLabel: 'Document d’essai' }, [
        heading('Un long tableau'),
        dataTable([{ header: 'Libellé de colonne', width: '*' }, { header: 'Montant', width: 90, align: 'right' }], rows),
      ]),
    );
    const path = join(dir, 'infra.pdf');
    writeFileSync(path, pdf);
    const pages = pdfPages(path);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let p = 1; p <= pages; p++) {
      const text = pdfText(path, p);
      expect(text).toContain('CPTS Essai — contrat ACI n° 9');
      expect(text).toContain('Données au 23/11/2026');
      expect(text).toContain(`Page ${p} / ${pages}`);
      expect(text).toContain('Libellé de colonne');
    }
    expect(pdfText(path)).toContain(asPdfText(formatEuros(123_456_789)));
  });
});

describe('reports.export refusals', () => {
  it('refuses bad combinations in French', async () => {
    const refused = async (input: unknown) => {
      const r = await callApi(ctx, 'reports.export', input);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.error.message;
    };
    expect(await refused({ report: 'portfolio', format: 'pdf' })).toContain('pas de version PDF');
    expect(await refused({ report: 'payments', format: 'pdf', contractId: ondaine })).toContain('indiquez l’année');
    expect(await refused({ report: 'contract', format: 'xlsx', contractId: 999 })).toBe('Contrat n° 999 introuvable.');
  });
});

describe('CLI export', () => {
  const aci = (args: string[]) => cli(['export', '--db', dbArg(), ...args]);

  it('writes the contract workbook into a folder under its own name, and a PDF where asked', () => {
    const xlsx = aci(['--contract', String(ondaine), '--report', 'contract', '--format', 'xlsx', '--out', dir]);
    expect(xlsx.code, xlsx.stderr).toBe(0);
    expect(xlsx.stdout).toContain('CPTS-Ondaine-et-Haut-Forez-echeancier-2026-11-23.xlsx');
    const out = join(dir, 'cli-etat.pdf');
    const pdf = aci(['--contract', String(ondaine), '--report', 'payments', '--format', 'pdf', '--year', '2', '--out', out]);
    expect(pdf.code, pdf.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const portfolio = aci(['--portfolio', '--report', 'portfolio', '--format', 'xlsx', '--out', join(dir, 'p.xlsx')]);
    expect(portfolio.code, portfolio.stderr).toBe(0);
  }, 90_000);

  it('refuses bad combinations with a French message and exit code 2', () => {
    const cases: [string[], string][] = [
      [['--portfolio', '--report', 'payments', '--format', 'pdf', '--out', 'x.pdf'], 'porte sur un contrat'],
      [['--portfolio', '--report', 'portfolio', '--format', 'pdf', '--out', 'x.pdf'], 'pas de version PDF'],
      [['--contract', '3', '--report', 'payments', '--format', 'pdf', '--year', '2'], 'Option --out obligatoire'],
      [['--contract', '3', '--report', 'payments', '--format', 'pdf', '--out', 'x.pdf'], 'indiquez l’année'],
      [['--contract', '3', '--portfolio', '--report', 'contract', '--format', 'xlsx', '--out', 'x.xlsx'], 's’excluent'],
      [['--contract', '3', '--report', 'contract', '--format', 'xlsx', '--out', 'x.pdf'], 'accordez-les'],
      [['--contract', '3', '--report', 'bilan', '--format', 'pdf', '--out', 'x.pdf'], 'Rapport inconnu'],
    ];
    for (const [args, message] of cases) {
      const r = aci(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
    }
  }, 120_000);
});
