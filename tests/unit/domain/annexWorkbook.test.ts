import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ANNEX_COLUMNS,
  MAX_LISTED_ERRORS,
  parseAnnexRows,
  parseMeasureCell,
  parseMoneyCell,
  refusalSummary,
  type AnnexWorkbookParse,
  type WorkbookCell,
  type WorkbookRow,
} from '../../../shared/domain/annexWorkbook';
import type { MissionCode } from '../../../shared/domain/missions';

const HEADER = ANNEX_COLUMNS.map((c) => c.header);
const MISSIONS: MissionCode[] = ['acces_soins', 'parcours', 'prevention'];

type Row = Partial<Record<string, WorkbookCell>>;

/** Rows laid out as the template: header on row 1, then one row per object (by header title). */
function sheet(rows: Row[], header: string[] = HEADER, start = 2): WorkbookRow[] {
  return [{ rowNumber: 1, cells: header }, ...rows.map((r, i) => ({ rowNumber: start + i, cells: header.map((h) => r[h] ?? null) }))];
}

const paliersRow: Row = {
  Mission: 'Accès aux soins',
  Action: 'Faciliter l’accès à un médecin traitant',
  Indicateur: 'Patients en ALD sans médecin traitant',
  Type: 'résultat',
  Unité: 'nombre',
  Source: 'CPAM',
  Sens: 'baisse',
  Rémunération: 'paliers',
  'Valeur de référence': 219,
  'Date de référence': new Date('2023-12-31T00:00:00.000Z'),
  'Palier 1 seuil': 219,
  'Palier 1 montant (€)': 3000,
  'Palier 2 seuil': 100,
  'Palier 2 montant (€)': '6 000,00 €',
  'Palier 3 seuil': 50,
  'Palier 3 montant (€)': '9000',
  Livrables: 'Requête CPAM des patients en ALD sans médecin traitant ; Liste des médecins volontaires',
};
const yesNoRow: Row = {
  Mission: 'acces_soins',
  Action: 'Faciliter l’accès à un médecin traitant',
  Indicateur: 'Partenariat signé avec la CPAM',
  Type: 'action',
  Unité: 'oui/non',
  Source: 'CPTS',
  Rémunération: 'tout ou rien',
  'Montant (€)': '5 000',
};
const linearRow: Row = {
  Mission: 3,
  Action: 'Dépistages organisés des cancers',
  Indicateur: 'Taux de dépistage du cancer du sein',
  Type: 'Résultat',
  Unité: 'pourcentage',
  Source: 'cpam',
  Sens: 'hausse',
  Rémunération: 'Linéaire',
  'Valeur de référence': '66,26 %',
  Cible: 75,
  'Montant (€)': 3500.5,
  Livrables: 'Requête CPAM des taux de dépistage',
};

function ok(p: AnnexWorkbookParse) {
  if (!p.ok) throw new Error(p.errors.map((e) => e.message).join('\n'));
  return p;
}

function messages(p: AnnexWorkbookParse): string[] {
  if (p.ok) throw new Error('accepted');
  return p.errors.map((e) => e.message);
}

describe('annex workbook: a good file', () => {
  it('reads actions, livrables, indicators and paliers in hundredths and cents', () => {
    const p = ok(parseAnnexRows(sheet([paliersRow, yesNoRow, linearRow]), { missions: MISSIONS }));
    expect(p.headerRow).toBe(1);
    expect(p.indicatorCount).toBe(3);
    expect(p.livrableCount).toBe(3);
    expect(p.actions.map((a) => [a.mission, a.label, a.indicators.length])).toEqual([
      ['acces_soins', 'Faciliter l’accès à un médecin traitant', 2],
      ['prevention', 'Dépistages organisés des cancers', 1],
    ]);
    const [ald, partner] = p.actions[0]!.indicators;
    expect(p.actions[0]!.livrables).toEqual(['Requête CPAM des patients en ALD sans médecin traitant', 'Liste des médecins volontaires']);
    expect(ald).toEqual({
      rowNumber: 2,
      label: 'Patients en ALD sans médecin traitant',
      kind: 'result',
      unit: 'count',
      baseline: 21_900,
      baselineOn: '2023-12-31',
      source: 'cpam',
      direction: 'lower',
      payment: 'paliers',
      amountCents: 900_000,
      target: 5_000,
      paliers: [
        { label: 'Palier 1', threshold: 21_900, amountCents: 300_000 },
        { label: 'Palier 2', threshold: 10_000, amountCents: 600_000 },
        { label: 'Palier 3', threshold: 5_000, amountCents: 900_000 },
      ],
    });
    // A yes/no indicator may leave its direction empty ("oui" is better); its target stays null (oui).
    expect(partner).toMatchObject({ unit: 'yesno', direction: 'higher', payment: 'all_or_nothing', amountCents: 500_000, target: null, paliers: [] });
    const breast = p.actions[1]!.indicators[0]!;
    expect(breast).toMatchObject({ unit: 'percentage', baseline: 6_626, target: 7_500, amountCents: 350_050, payment: 'linear', direction: 'higher' });
  });

  it('takes an empty mission or action from the row above, skips empty rows anywhere, reads columns in any order', () => {
    const header = [...HEADER].reverse();
    const rows = sheet(
      [
        linearRow,
        {},
        { ...linearRow, Mission: null, Action: '  ', Indicateur: 'Taux de dépistage du cancer colorectal', 'Valeur de référence': '31,5', Cible: '40', 'Montant (€)': 3500, Livrables: 'Convention signée' },
        {},
        {},
      ],
      header,
    );
    const p = ok(parseAnnexRows(rows, { missions: MISSIONS }));
    expect(p.actions).toHaveLength(1);
    expect(p.actions[0]!.indicators.map((i) => [i.label, i.baseline, i.target])).toEqual([
      ['Taux de dépistage du cancer du sein', 6_626, 7_500],
      ['Taux de dépistage du cancer colorectal', 3_150, 4_000],
    ]);
    expect(p.actions[0]!.livrables).toEqual(['Requête CPAM des taux de dépistage', 'Convention signée']);
  });

  it('finds the header below title rows and accepts a row with an action and its livrables only', () => {
    const rows: WorkbookRow[] = [
      { rowNumber: 1, cells: ['Annexe 2024 de la CPTS du Forez'] },
      { rowNumber: 2, cells: [] },
      ...sheet([{ Mission: 'Parcours pluriprofessionnels', Action: 'Parcours diabète', Livrables: 'Parcours rédigé; Feuilles d’émargement' }], HEADER, 4).map((r, i) => ({ ...r, rowNumber: 3 + i })),
    ];
    const p = ok(parseAnnexRows(rows, { missions: MISSIONS }));
    expect(p.headerRow).toBe(3);
    expect(p.actions).toEqual([{ rowNumber: 4, mission: 'parcours', label: 'Parcours diabète', livrables: ['Parcours rédigé', 'Feuilles d’émargement'], indicators: [] }]);
  });

  it('accepts the paliers amount and target when they repeat the best palier', () => {
    const p = ok(parseAnnexRows(sheet([{ ...paliersRow, 'Montant (€)': 9000, Cible: 50 }]), { missions: MISSIONS }));
    expect(p.actions[0]!.indicators[0]).toMatchObject({ amountCents: 900_000, target: 5_000 });
  });
});

describe('annex workbook: money and measures', () => {
  it.each([
    [3000, 300_000],
    [3500.5, 350_050],
    [0.1 + 0.2, 30],
    ['17 500,50', 1_750_050],
    ['17\u202f500,50\u00a0€', 1_750_050],
    ['€ 3 000', 300_000],
    ['1.250,75', 125_075],
    ['1,250.75', 125_075],
    ['1.000.000', 100_000_000],
    ['12,5', 1_250],
    ['12.5', 1_250],
    ['0', 0],
    ['9000 EUR', 900_000],
  ])('money %j is %i cents', (cell, cents) => {
    expect(parseMoneyCell(cell)).toEqual({ ok: true, value: cents });
  });

  it.each([['1.000'], ['12,345'], ['-5'], [-5], ['abc'], [1.005], ['1,2,3'], [true], ['1e9'], [2_000_000_000]])('money %j is refused', (cell) => {
    expect(parseMoneyCell(cell).ok).toBe(false);
  });

  it('checks a measure against the unit', () => {
    expect(parseMeasureCell('66,26', 'percentage')).toEqual({ ok: true, value: 6_626 });
    expect(parseMeasureCell('oui', 'yesno')).toEqual({ ok: true, value: 100 });
    expect(parseMeasureCell(true, 'yesno')).toEqual({ ok: true, value: 100 });
    expect(parseMeasureCell(1, 'yesno')).toEqual({ ok: true, value: 100 });
    expect(parseMeasureCell('oui', 'count').ok).toBe(false);
    expect(parseMeasureCell(2, 'yesno').ok).toBe(false);
    expect(parseMeasureCell(12.5, 'count').ok).toBe(false);
    expect(parseMeasureCell(101, 'percentage').ok).toBe(false);
    expect(parseMeasureCell(-1, 'count').ok).toBe(false);
    expect(parseMeasureCell(1.234, 'percentage').ok).toBe(false);
  });
});

describe('annex workbook: each kind of bad cell is refused with its row and column', () => {
  const refuse = (row: Row, missions: MissionCode[] = MISSIONS) => messages(parseAnnexRows(sheet([paliersRow, row]), { missions }));

  it.each<[string, Row, string]>([
    ['unknown mission', { ...yesNoRow, Mission: 'Télémédecine' }, 'Ligne 3 : Mission : « Télémédecine » inconnue'],
    ['mission not in the contract', { ...yesNoRow, Mission: 'Qualité et pertinence des soins' }, 'Ligne 3 : Mission : « Qualité et pertinence des soins » n’est pas retenue au contrat'],
    ['kind', { ...yesNoRow, Type: 'processus' }, 'Ligne 3 : Type : « processus » inconnu (attendu : action ou résultat).'],
    ['missing unit', { ...yesNoRow, Unité: null }, 'Ligne 3 : Unité : obligatoire'],
    ['source', { ...yesNoRow, Source: 'ARS' }, 'Ligne 3 : Source : « ARS » inconnu'],
    ['direction of a count', { ...linearRow, Mission: 'acces_soins', Unité: 'nombre', 'Valeur de référence': 8, Sens: null }, 'Ligne 3 : Sens : obligatoire'],
    ['payment', { ...yesNoRow, Rémunération: 'forfait' }, 'Ligne 3 : Rémunération : « forfait » inconnu'],
    ['money', { ...yesNoRow, 'Montant (€)': 'cinq mille' }, 'Ligne 3 : Montant (€) : montant en euros attendu'],
    ['negative money', { ...yesNoRow, 'Montant (€)': -50 }, 'Ligne 3 : Montant (€) : ne peut pas être négatif.'],
    ['missing amount', { ...yesNoRow, 'Montant (€)': null }, 'Ligne 3 : Montant (€) : obligatoire pour un indicateur en tout ou rien'],
    ['percentage above 100', { ...linearRow, Cible: 120 }, 'Ligne 3 : Cible : un pourcentage ne dépasse pas 100'],
    ['linear without target', { ...linearRow, Cible: null }, 'Ligne 3 : Cible : obligatoire pour un indicateur linéaire.'],
    ['count with decimals', { ...linearRow, Unité: 'nombre', 'Valeur de référence': 8.5 }, 'Ligne 3 : Valeur de référence : nombre entier attendu'],
    ['date', { ...linearRow, 'Date de référence': '31/02/2023' }, 'Ligne 3 : Date de référence : date impossible'],
    ['paliers on a linear indicator', { ...linearRow, 'Palier 1 seuil': 70, 'Palier 1 montant (€)': 1000 }, 'Ligne 3 : Palier 1 : seulement pour un indicateur payé par paliers'],
    ['paliers without any', { ...paliersRow, Indicateur: 'Autre', 'Palier 1 seuil': null, 'Palier 1 montant (€)': null, 'Palier 2 seuil': null, 'Palier 2 montant (€)': null, 'Palier 3 seuil': null, 'Palier 3 montant (€)': null }, 'Ligne 3 : Palier 1 seuil : au moins un palier'],
    ['palier without amount', { ...paliersRow, Indicateur: 'Autre', 'Palier 3 montant (€)': null }, 'Ligne 3 : Palier 3 montant (€) : obligatoire : le palier 3 a un seuil.'],
    ['paliers in the wrong order', { ...paliersRow, Indicateur: 'Autre', 'Palier 2 seuil': 300 }, 'Ligne 3 : Palier 2 seuil : doit être plus bas que celui du palier 1 (sens : baisse).'],
    ['a harder palier paying less', { ...paliersRow, Indicateur: 'Autre', 'Palier 3 montant (€)': 5000 }, 'Ligne 3 : Palier 3 montant (€) : inférieur à celui du palier 2'],
    ['paliers amount that is not the best palier', { ...paliersRow, Indicateur: 'Autre', 'Montant (€)': 12_000 }, 'Ligne 3 : Montant (€) : par paliers, le montant est celui du meilleur palier (9'],
    ['indicator columns without an indicator', { ...yesNoRow, Indicateur: null }, 'Ligne 3 : Indicateur : obligatoire : la ligne remplit « Type », « Unité »'],
    ['duplicate indicator', { ...paliersRow, Mission: null, Action: null }, 'Ligne 3 : Indicateur : « Patients en ALD sans médecin traitant » figure déjà ligne 2 pour la même action.'],
    ['too long a label', { ...yesNoRow, Indicateur: 'x'.repeat(301) }, 'Ligne 3 : Indicateur : 300 caractères au plus (301).'],
    ['a yes/no value on a count', { ...linearRow, Unité: 'nombre', Cible: 'oui' }, 'Ligne 3 : Cible : « oui » ne convient qu’à un indicateur oui/non'],
  ])('%s', (_name, row, expected) => {
    const all = refuse(row);
    expect(all.some((m) => m.startsWith(expected)), all.join('\n')).toBe(true);
    // Only row 3 is at fault: the good row 2 is never blamed.
    expect(all.every((m) => m.startsWith('Ligne 3 : '))).toBe(true);
  });

  it('an action missing when the mission changes', () => {
    const all = messages(parseAnnexRows(sheet([paliersRow, { ...linearRow, Action: null }]), { missions: MISSIONS }));
    expect(all).toEqual(['Ligne 3 : Action : obligatoire (la mission change à cette ligne).']);
  });

  it('lists every bad row, not only the first', () => {
    const p = parseAnnexRows(sheet([{ ...yesNoRow, Type: 'x' }, paliersRow, { ...linearRow, Cible: 'beaucoup' }]), { missions: MISSIONS });
    const all = messages(p);
    expect(all.map((m) => m.split(' : ')[0])).toEqual(['Ligne 2', 'Ligne 4']);
    expect(refusalSummary(p as Extract<AnnexWorkbookParse, { ok: false }>)).toBe('Annexe refusée, rien n’a été enregistré (2 erreurs). Ligne 2 : Type : « x » inconnu (attendu : action ou résultat).');
  });

  it('caps the listed errors and counts the rest', () => {
    const rows = Array.from({ length: MAX_LISTED_ERRORS + 20 }, () => ({ ...yesNoRow, Type: 'x' }));
    const p = parseAnnexRows(sheet(rows), { missions: MISSIONS });
    if (p.ok) throw new Error('accepted');
    expect(p.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(p.moreErrors).toBe(20);
  });

  it('refuses a sheet without the header, without rows, or with a header missing a column', () => {
    expect(messages(parseAnnexRows([{ rowNumber: 1, cells: ['Nom', 'Prénom'] }], { missions: MISSIONS }))[0]).toMatch(/^Ligne d’en-tête introuvable/);
    expect(messages(parseAnnexRows(sheet([]), { missions: MISSIONS }))).toEqual(['Aucune ligne d’annexe sous l’en-tête (ligne 1) : remplissez une ligne par indicateur.']);
    const noUnit = HEADER.filter((h) => h !== 'Unité');
    expect(messages(parseAnnexRows(sheet([paliersRow], noUnit), { missions: MISSIONS }))).toEqual(['Ligne 1 : Unité : colonne absente de la ligne d’en-tête (voir le modèle).']);
  });
});

describe('annex workbook: any sheet', () => {
  const cell = fc.oneof(
    fc.constant(null),
    fc.string({ maxLength: 12 }),
    fc.double({ noNaN: false }),
    fc.integer({ min: -1_000, max: 1_000_000 }),
    fc.boolean(),
    fc.date({ noInvalidDate: false }),
    fc.constantFrom('oui', 'non', 'paliers', 'linéaire', 'tout ou rien', 'baisse', 'hausse', 'CPAM', 'CPTS', 'nombre', 'pourcentage', 'oui/non', 'action', 'résultat', 'Prévention', '3 000,00 €', '66,26 %', '1.000'),
  );
  it('a date cell with no date in it (a damaged serial number) is refused with its row, wherever it stands', () => {
    // The counterexample the property below found: an invalid Date read where text is expected.
    const invalid = new Date(NaN);
    const inBody = parseAnnexRows([{ rowNumber: 1, cells: HEADER }, { rowNumber: 2, cells: [invalid] }], { missions: MISSIONS });
    expect(inBody.ok).toBe(false);
    if (!inBody.ok) expect(inBody.errors.every((e) => e.row === 2)).toBe(true);
    const asHeader = parseAnnexRows([{ rowNumber: 1, cells: [invalid] }], { missions: MISSIONS });
    expect(asHeader.ok).toBe(false);
    if (!asHeader.ok) expect(asHeader.errors.length).toBeGreaterThan(0);
  });
  it('never throws: either actions, or errors naming a row of the sheet (or the workbook)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: HEADER.length + 2 }), { maxLength: 12 }), fc.boolean(), (body, shuffle) => {
        const header = shuffle ? [...HEADER].reverse() : HEADER;
        const rows: WorkbookRow[] = [{ rowNumber: 1, cells: header }, ...body.map((cells, i) => ({ rowNumber: i + 2, cells }))];
        const p = parseAnnexRows(rows, { missions: MISSIONS });
        if (p.ok) {
          for (const a of p.actions) for (const i of a.indicators) {
            expect(Number.isSafeInteger(i.amountCents) && i.amountCents >= 0).toBe(true);
            for (const x of i.paliers) expect(Number.isSafeInteger(x.amountCents) && Number.isSafeInteger(x.threshold)).toBe(true);
          }
        } else {
          expect(p.errors.length).toBeGreaterThan(0);
          for (const e of p.errors) {
            if (e.row === null) expect(e.message).not.toMatch(/^Ligne \d/);
            else expect(e.message.startsWith(`Ligne ${e.row} : `)).toBe(true);
            if (e.row !== null) expect(rows.some((r) => r.rowNumber === e.row)).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
