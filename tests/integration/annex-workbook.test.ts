// The yearly annex from an Excel workbook (issue 12): the template read back by openpyxl, a
// filled 19-indicator workbook (written here with exceljs, as a CPAM would) imported in one call
// and read back to the cent, a bad row refused with its number and nothing written, the closed or
// already typed year refused, and the CLI's exit codes.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { callApi } from '../../electron/api/dispatch';
import type { ApiContext } from '../../electron/api/context';
import { ANNEX_COLUMNS } from '../../shared/domain/annexWorkbook';
import type { IndicatorRow } from '../../shared/indicatorViews';
import { ok, openTemp, T3_CONTRACT, tempDir } from './helpers';
import { contentHash } from './exchangeFixture';
import { ON_POSTGRES } from './pgTest';
import { openpyxl, rowCells } from './tools/readers';

const CONTRACT = {
  ...T3_CONTRACT,
  missions: [
    ...T3_CONTRACT.missions,
    { code: 'crise_sanitaire', startedOn: '2023-01-01', deployedOn: null },
    { code: 'qualite', startedOn: '2023-01-01', deployedOn: null },
    { code: 'accompagnement', startedOn: '2023-01-01', deployedOn: null },
  ],
};

type Cells = Partial<Record<string, string | number | Date>>;

/** What the import must store for a row, written independently of the reader (cents, hundredths). */
interface Expected {
  label: string;
  kind: 'action' | 'result';
  unit: 'count' | 'percentage' | 'yesno';
  source: 'cpam' | 'cpts';
  direction: 'higher' | 'lower';
  payment: 'paliers' | 'all_or_nothing' | 'linear';
  amountCents: number;
  target: number | null;
  baseline: number | null;
  paliers: [threshold: number, amountCents: number][];
}

interface Line {
  cells: Cells;
  expected: Expected | null;
}

const paliers = (mission: string, action: string, label: string, unit: 'nombre' | 'pourcentage', sens: 'hausse' | 'baisse', baseline: number | string, steps: [string | number, string | number][], expected: Omit<Expected, 'label' | 'payment' | 'kind' | 'source'>, livrables = ''): Line => {
  const cells: Cells = { Mission: mission, Action: action, Indicateur: label, Type: 'résultat', Unité: unit, Source: 'CPAM', Sens: sens, Rémunération: 'paliers', 'Valeur de référence': baseline, Livrables: livrables };
  steps.forEach(([t, a], i) => {
    cells[`Palier ${i + 1} seuil`] = t;
    cells[`Palier ${i + 1} montant (€)`] = a;
  });
  return { cells, expected: { label, kind: 'result', source: 'cpam', payment: 'paliers', ...expected } };
};
const yesNo = (mission: string | number, action: string, label: string, amount: number | string, cents: number, livrables = ''): Line => ({
  cells: { Mission: mission, Action: action, Indicateur: label, Type: 'action', Unité: 'oui/non', Source: 'CPTS', Rémunération: 'tout ou rien', 'Montant (€)': amount, Livrables: livrables },
  expected: { label, kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: cents, target: null, baseline: null, paliers: [] },
});
const linear = (mission: string, action: string, label: string, kind: 'action' | 'result', source: 'cpam' | 'cpts', baseline: number | null, target: number, amount: number | string, cents: number, livrables = ''): Line => ({
  cells: { Mission: mission, Action: action, Indicateur: label, Type: kind === 'result' ? 'résultat' : 'action', Unité: 'nombre', Source: source.toUpperCase(), Sens: 'hausse', Rémunération: 'linéaire', ...(baseline !== null ? { 'Valeur de référence': baseline } : {}), Cible: target, 'Montant (€)': amount, Livrables: livrables },
  expected: { label, kind, unit: 'count', source, direction: 'higher', payment: 'linear', amountCents: cents, target: target * 100, baseline: baseline === null ? null : baseline * 100, paliers: [] },
});

const ACCES = 'Accès aux soins';
const MT = 'Faciliter l’accès à un médecin traitant';
const DEP = 'Dépistages organisés des cancers';

/** The 19 indicators of a taille 3 annex (the demo's), as a CPAM would type them: empty mission/action cells repeat the row above, money in every form. */
const ANNEX_19: Line[] = [
  paliers(ACCES, MT, 'Patients en ALD sans médecin traitant', 'nombre', 'baisse', 219, [[219, 3000], [100, '6 000,00 €'], [50, '9000']], { unit: 'count', direction: 'lower', amountCents: 900_000, target: 5_000, baseline: 21_900, paliers: [[21_900, 300_000], [10_000, 600_000], [5_000, 900_000]] }, 'Requête CPAM des patients en ALD sans médecin traitant; Liste des médecins volontaires'),
  paliers('', '', 'Patients de 70 ans et plus sans médecin traitant', 'nombre', 'baisse', '410', [[400, '3 000 €'], [300, 6000], [200, 9000]], { unit: 'count', direction: 'lower', amountCents: 900_000, target: 20_000, baseline: 41_000, paliers: [[40_000, 300_000], [30_000, 600_000], [20_000, 900_000]] }),
  yesNo('', '', 'Partenariat signé avec la CPAM', '5 000,00', 500_000),
  linear('acces_soins', 'Participation au SAS', 'Médecins participant au SAS', 'result', 'cpam', 8, 25, 12000, 1_200_000, 'Tableau des médecins inscrits au SAS ; Bilan trimestriel des demandes honorées'),
  yesNo('Parcours pluriprofessionnels', 'Parcours diabète', 'Parcours diabète rédigé et diffusé', 15000, 1_500_000, 'Parcours rédigé et diffusé; Feuilles d’émargement des réunions'),
  linear('', '', 'Professionnels utilisant les parcours', 'result', 'cpts', 5, 40, '15 000', 1_500_000),
  yesNo(2, 'Parcours insuffisance cardiaque', 'Parcours insuffisance cardiaque rédigé', '15.000,00', 1_500_000, 'Parcours rédigé; Compte rendu de la revue annuelle'),
  paliers('Prévention', DEP, 'Taux de dépistage du cancer du sein', 'pourcentage', 'hausse', '66,26', [['69,70', 1000], [72.4, 2500], [75, 3500]], { unit: 'percentage', direction: 'higher', amountCents: 350_000, target: 7_500, baseline: 6_626, paliers: [[6_970, 100_000], [7_240, 250_000], [7_500, 350_000]] }, 'Requête CPAM des taux de dépistage; Convention CPAM dépistage colorectal signée'),
  paliers('', '', 'Taux de dépistage du cancer du col de l’utérus', 'pourcentage', 'hausse', '58,10 %', [[60, 1000], [63, 2500], [66, 3500]], { unit: 'percentage', direction: 'higher', amountCents: 350_000, target: 6_600, baseline: 5_810, paliers: [[6_000, 100_000], [6_300, 250_000], [6_600, 350_000]] }),
  paliers('', '', 'Taux de dépistage du cancer colorectal', 'pourcentage', 'hausse', 31.5, [[34, 1000], [37, 2500], [40, 3500]], { unit: 'percentage', direction: 'higher', amountCents: 350_000, target: 4_000, baseline: 3_150, paliers: [[3_400, 100_000], [3_700, 250_000], [4_000, 350_000]] }),
  yesNo('', '', 'Convention CPAM dépistage colorectal signée', 500, 50_000),
  yesNo('', '', 'Action « Juin vert » organisée', '1 000', 100_000),
  linear('prevention', 'Programme de prévention en milieu scolaire', 'Thèmes d’intervention réalisés (sur 5)', 'action', 'cpts', null, 5, 4500, 450_000, 'Programme des interventions; Attestations des établissements'),
  linear('', '', 'Réunions d’information des parents (sur 2)', 'action', 'cpts', null, 2, 1000, 100_000),
  {
    cells: { Mission: 'crise_sanitaire', Action: 'Plan de réponse aux situations sanitaires exceptionnelles', Indicateur: 'Plan rédigé et mis à jour', Type: 'action', Unité: 'oui/non', Source: 'CPTS', Rémunération: 'tout ou rien', Livrables: 'Plan sur le modèle national; Désignation du référent SSE' },
    expected: { label: 'Plan rédigé et mis à jour', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: 0, target: null, baseline: null, paliers: [] },
  },
  linear('Qualité et pertinence des soins', 'Réunions pluriprofessionnelles de qualité', 'Réunions pluriprofessionnelles avec compte rendu', 'action', 'cpts', null, 6, 10000, 1_000_000, 'Comptes rendus des réunions'),
  yesNo('', '', 'Revue de pertinence des prescriptions réalisée', 5000, 500_000),
  linear('accompagnement', 'Accueil des stagiaires et aide à l’installation', 'Stagiaires accueillis', 'result', 'cpts', null, 8, 6000, 600_000, 'Conventions de stage; Liste des professionnels accompagnés'),
  linear('', '', 'Professionnels aidés à s’installer', 'result', 'cpts', null, 3, 4000, 400_000),
];

const HEADERS = ANNEX_COLUMNS.map((c) => c.header);

/** A workbook as a CPAM sends it: a title row, the header on row 3, then the lines (and two empty rows at the end). */
async function workbook(lines: Line[], edit?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Annexe');
  ws.getCell('A1').value = 'Annexe 2023 — CPTS Test Trois';
  ws.getRow(3).values = HEADERS;
  lines.forEach((l, i) => {
    ws.getRow(4 + i).values = HEADERS.map((h) => l.cells[h] ?? null);
  });
  ws.getRow(4 + lines.length + 1).getCell(1).value = '   ';
  edit?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function file(bytes: Buffer, fileName = 'annexe-2023.xlsx') {
  return { fileName, base64: bytes.toString('base64') };
}

async function setup(ctx: ApiContext) {
  return ok(ctx, 'contract.create', CONTRACT);
}

function shape(i: IndicatorRow) {
  return {
    label: i.label,
    kind: i.kind,
    unit: i.unit,
    source: i.source,
    direction: i.direction,
    payment: i.payment,
    amountCents: i.amountCents,
    target: i.target,
    baseline: i.baseline,
    paliers: [...i.paliers].sort((a, b) => (i.direction === 'higher' ? a.threshold - b.threshold : b.threshold - a.threshold)).map((p) => [p.threshold, p.amountCents]),
  };
}

describe('annex workbook template', () => {
  it('has the header row and the mode d’emploi, as openpyxl reads it', async () => {
    const { ctx, dir } = await openTemp();
    const t = await ok(ctx, 'annex.template', {});
    expect(t.fileName).toBe('modele-annexe-aci.xlsx');
    const path = join(dir, t.fileName);
    writeFileSync(path, Buffer.from(t.base64, 'base64'));
    const probed = openpyxl(path);
    expect(probed.sheets.map((s) => s.name)).toEqual(['Annexe', 'Mode d’emploi']);
    const annex = probed.sheets[0]!;
    expect(rowCells(annex, 1).map((c) => c.value)).toEqual(HEADERS);
    expect(HEADERS.slice(0, 12)).toEqual(['Mission', 'Action', 'Indicateur', 'Type', 'Unité', 'Source', 'Sens', 'Rémunération', 'Valeur de référence', 'Date de référence', 'Cible', 'Montant (€)']);
    expect(annex.freeze).toBe('D2');
    // Drop-down lists on the closed choices, for the template's 300 rows.
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(Buffer.from(t.base64, 'base64') as unknown as ExcelJS.Buffer);
    const ws = back.getWorksheet('Annexe')!;
    expect(ws.getCell('D2').dataValidation).toMatchObject({ type: 'list', formulae: ['"action,résultat"'] });
    expect(ws.getCell('H301').dataValidation).toMatchObject({ type: 'list', formulae: ['"paliers,tout ou rien,linéaire"'] });
    expect(ws.getCell('A50').dataValidation?.formulae[0]).toContain('Accès aux soins');
    const help = probed.sheets[1]!;
    const texts = help.cells.map((c) => String(c.value));
    for (const code of CONTRACT.missions.map((m) => m.code)) expect(texts).toContain(code);
    expect(texts).toContain('Taux de dépistage du cancer du sein');
    // The empty template itself is refused honestly: no row to import.
    const c = await setup(ctx);
    const r = await callApi(ctx, 'annex.importWorkbook', { contractId: c.id, year: 2, file: { fileName: t.fileName, base64: t.base64 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('Aucune ligne d’annexe sous l’en-tête (ligne 1)');
  });
});

describe('annex workbook import', () => {
  it('imports a 19-indicator annex in one call; annex.get gives the same indicators and paliers to the cent', async () => {
    const { ctx } = await openTemp();
    const c = await setup(ctx);
    const started = performance.now();
    const res = await ok(ctx, 'annex.importWorkbook', { contractId: c.id, year: 2, file: file(await workbook(ANNEX_19)) });
    const ms = performance.now() - started;
    expect(res).toMatchObject({ actions: 9, indicators: 19, livrables: 17, sheet: 'Annexe' });
    expect(ms).toBeLessThan(5_000);
    const annex = await ok(ctx, 'annex.get', { contractId: c.id, year: 2 });
    expect(annex.exists).toBe(true);
    const got = annex.missions.flatMap((m) => m.actions.flatMap((a) => a.indicators.map(shape)));
    expect(got).toEqual(ANNEX_19.map((l) => l.expected));
    const acces = annex.missions.find((m) => m.code === 'acces_soins')!;
    expect(acces.actions.map((a) => [a.label, a.livrables.map((l) => l.label)])).toEqual([
      [MT, ['Requête CPAM des patients en ALD sans médecin traitant', 'Liste des médecins volontaires']],
      ['Participation au SAS', ['Tableau des médecins inscrits au SAS', 'Bilan trimestriel des demandes honorées']],
    ]);
    // The sums the annex screen checks against the variable envelopes: 9 000 + 9 000 + 5 000 + 12 000 €.
    expect(acces.indicatorsMaxCents).toBe(3_500_000);
    expect(annex.missions.find((m) => m.code === 'prevention')!.indicatorsMaxCents).toBe(350_000 * 3 + 50_000 + 100_000 + 450_000 + 100_000);
    // One entry in the contract's journal, the file's content left out.
    const journal = await ok(ctx, 'audit.list', { contractId: c.id });
    const entry = journal.entries.find((e) => e.method === 'annex.importWorkbook')!;
    expect(entry.summary).toBe('Annexe importée d’un classeur Excel : année 2');
    expect(entry.after).not.toContain('UEsDB'); // no zip bytes (base64 of "PK\x03\x04")
    // The year now has its annex: a second import is refused, nothing added.
    const again = await callApi(ctx, 'annex.importWorkbook', { contractId: c.id, year: 2, file: file(await workbook(ANNEX_19)) });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('CONFLICT');
      expect(again.error.message).toContain('L’annexe de l’année 2 est déjà saisie (9 action(s), 19 indicateur(s))');
    }
    expect((await ok(ctx, 'annex.get', { contractId: c.id, year: 2 })).missions.flatMap((m) => m.actions).length).toBe(9);
  });

  it('fills an annex created empty', async () => {
    const { ctx } = await openTemp();
    const c = await setup(ctx);
    await ok(ctx, 'annex.create', { contractId: c.id, year: 3, copyFromYear: null });
    const res = await ok(ctx, 'annex.importWorkbook', { contractId: c.id, year: 3, file: file(await workbook(ANNEX_19.slice(0, 4))) });
    expect(res.indicators).toBe(4);
    expect(res.annex.missions.find((m) => m.code === 'acces_soins')!.actions).toHaveLength(2);
  });

  it('refuses a bad row with its number, lists every bad row, and writes nothing', async () => {
    const { ctx, opened } = await openTemp();
    const c = await setup(ctx);
    const before = ON_POSTGRES ? null : contentHash(opened.sqlite);
    const lines = ANNEX_19.map((l) => ({ ...l, cells: { ...l.cells } }));
    lines[3]!.cells['Montant (€)'] = 'douze mille'; // row 7 (header on row 3)
    lines[9]!.cells['Palier 2 seuil'] = 30; // row 13: below palier 1 (34) while higher is better
    lines[18]!.cells.Mission = 'Télémédecine'; // row 22
    const r = await callApi(ctx, 'annex.importWorkbook', { contractId: c.id, year: 2, file: file(await workbook(lines)) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toMatch(/^Annexe refusée, rien n’a été enregistré \(3 erreurs\)\. Ligne 7 : Montant \(€\) : montant en euros attendu/);
    const listed = Object.values(r.error.fields ?? {});
    expect(listed.map((m) => m.split(' : ').slice(0, 2).join(' : '))).toEqual(['Ligne 7 : Montant (€)', 'Ligne 13 : Palier 2 seuil', 'Ligne 22 : Mission']);
    expect(listed[2]).toContain('« Télémédecine » inconnue');
    const annex = await ok(ctx, 'annex.get', { contractId: c.id, year: 2 });
    expect(annex.exists).toBe(false);
    expect((await ok(ctx, 'audit.list', { contractId: c.id })).entries.some((e) => e.method === 'annex.importWorkbook')).toBe(false);
    if (before !== null) expect(contentHash(opened.sqlite)).toBe(before);
  });

  it('refuses a mission the contract does not have, a file that is no workbook, and a closed year', async () => {
    const { ctx } = await openTemp();
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const r = await callApi(ctx, 'annex.importWorkbook', { contractId: c.id, year: 2, file: file(await workbook(ANNEX_19.slice(15, 16))) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('Ligne 4 : Mission : « Qualité et pertinence des soins » n’est pas retenue au contrat');

    const junk = await callApi(ctx, 'annex.importWorkbook', { contractId: c.id, year: 2, file: file(Buffer.from('Mission;Action\nPrévention;x\n'), 'annexe.csv') });
    expect(junk.ok).toBe(false);
    if (!junk.ok) expect(junk.error.message).toBe('annexe.csv : Fichier illisible : un classeur Excel .xlsx est attendu (le modèle de l’application, ou l’annexe de la CPAM enregistrée en .xlsx).');
    const xls = await callApi(ctx, 'annex.importWorkbook', { contractId: c.id, year: 2, file: file(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'annexe.xls') });
    if (!xls.ok) expect(xls.error.message).toContain('format .xls (Excel 97-2003)');
    expect(xls.ok).toBe(false);
    const big = await callApi(ctx, 'annex.importWorkbook', { contractId: c.id, year: 2, file: { fileName: 'x.xlsx', base64: 'A'.repeat(8 * 1024 * 1024) } });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.error.message).toBe('Fichier trop volumineux pour une annexe (5 Mo au plus).');

    // Year 1 closed by its annual dialogue: the import is refused like any change to its annex.
    await ok(ctx, 'annex.create', { contractId: c.id, year: 1, copyFromYear: null });
    const withAction = await ok(ctx, 'annex.addAction', { contractId: c.id, year: 1, mission: 'prevention', label: 'Dépistages organisés' });
    const actionId = withAction.missions.find((m) => m.code === 'prevention')!.actions[0]!.id;
    const withIndicator = await ok(ctx, 'annex.addIndicator', { actionId, label: 'Convention signée', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: '17 500' });
    const indicatorId = withIndicator.missions.find((m) => m.code === 'prevention')!.actions[0]!.indicators[0]!.id;
    const review = await ok(ctx, 'reviews.create', { contractId: c.id, year: 1, kind: 'annual', heldOn: '2023-06-10' });
    await ok(ctx, 'reviews.update', { reviewId: review.id, participants: [{ name: 'Claire Martin', organisation: 'CPTS', role: '' }, { name: 'Paul Durand', organisation: 'CPAM', role: '' }], indicators: [{ indicatorId, presented: 'oui', validated: 'oui', status: 'atteint' }] });
    await ok(ctx, 'reviews.close', { reviewId: review.id });
    const closed = await callApi(ctx, 'annex.importWorkbook', { contractId: c.id, year: 1, file: file(await workbook(ANNEX_19.slice(0, 3))) });
    expect(closed.ok).toBe(false);
    if (!closed.ok) {
      expect(closed.error.code).toBe('CONFLICT');
      expect(closed.error.message).toMatch(/^Année 1 arrêtée/);
    }
  });

  it('reads merged mission cells and a percentage-formatted cell as the CPAM sheets carry them', async () => {
    const { ctx } = await openTemp();
    const c = await setup(ctx);
    const lines = ANNEX_19.slice(7, 10).map((l) => ({ ...l, cells: { ...l.cells } }));
    const bytes = await workbook(lines, (ws) => {
      ws.mergeCells('A4:A6');
      ws.mergeCells('B4:B6');
      const base = ws.getCell(4, HEADERS.indexOf('Valeur de référence') + 1);
      base.value = 0.6626;
      base.numFmt = '0.00%';
    });
    const res = await ok(ctx, 'annex.importWorkbook', { contractId: c.id, year: 2, file: file(bytes) });
    const got = res.annex.missions.flatMap((m) => m.actions.flatMap((a) => a.indicators.map(shape)));
    expect(got).toEqual(lines.map((l) => l.expected));
  });
});

describe('annex workbook CLI', () => {
  function aci(args: string[]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, ACI_TODAY: '2026-11-23' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('writes the template, imports a workbook (exit 0) and refuses a bad one (exit 2, nothing written)', async () => {
    const dir = tempDir();
    const db = join(dir, 'cpam.sqlite');
    expect(aci(['init', '--db', db]).code).toBe(0);
    const t = aci(['annex', 'template', '--out', join(dir, 'modele.xlsx')]);
    expect(t.code, t.stderr).toBe(0);
    expect(rowCells(openpyxl(join(dir, 'modele.xlsx')).sheets[0]!, 1).map((x) => x.value)).toEqual(HEADERS);

    // A contract in the CLI's database, through the API the CLI uses.
    const { openDatabase } = await import('../../electron/db/connection');
    const { makeContext } = await import('../../electron/runtime');
    const o = await openDatabase(db);
    const c = await ok(makeContext(o, dir, 'cli'), 'contract.create', CONTRACT);
    await o.close();

    const bad = ANNEX_19.map((l) => ({ ...l, cells: { ...l.cells } }));
    bad[0]!.cells.Unité = 'kilos';
    writeFileSync(join(dir, 'bad.xlsx'), await workbook(bad));
    const before = readFileSync(db);
    const refused = aci(['annex', 'import', '--db', db, '--contract', String(c.id), '--year', '2', '--file', join(dir, 'bad.xlsx')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Ligne 4 : Unité : « kilos » inconnu (attendu : nombre, pourcentage ou oui/non).');
    expect(readFileSync(db).equals(before)).toBe(true);

    expect(aci(['annex', 'import', '--db', db, '--contract', String(c.id), '--year', '9', '--file', join(dir, 'bad.xlsx')]).code).toBe(2);
    expect(aci(['annex', 'import', '--db', db, '--contract', String(c.id), '--year', '2', '--file', join(dir, 'absent.xlsx')]).code).toBe(2);

    writeFileSync(join(dir, 'good.xlsx'), await workbook(ANNEX_19));
    const done = aci(['annex', 'import', '--db', db, '--contract', String(c.id), '--year', '2', '--file', join(dir, 'good.xlsx'), '--json']);
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ actions: 9, indicators: 19, livrables: 17 });
    const twice = aci(['annex', 'import', '--db', db, '--contract', String(c.id), '--year', '2', '--file', join(dir, 'good.xlsx')]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('déjà saisie');
  }, 240_000);
});
