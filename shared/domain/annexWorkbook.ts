// The yearly annex typed in an Excel workbook laid out like the annexes the CPAMs send (issue 12):
// one row per indicator — mission, action, indicator, type, unit, source, direction, payment,
// baseline, target, amount, paliers (threshold and amount) and the action's livrables. Pure: from
// the rows of the sheet (cell values and row numbers) to the actions, livrables and indicators the
// API writes, values in hundredths and money in integer cents, checked as `annex.addIndicator`
// checks them (electron/api/annex.ts). Every refusal is French and says its row and column:
// « Ligne 7 : Cible : … ». Nothing is half-read: either every row is good, or the errors come back.
import { isIsoDate, type IsoDate } from '../dates';
import { MAX_MONEY_CENTS } from '../schemas/common';
import { MAX_MEASURE_HUNDREDTHS } from '../schemas/indicators';
import { formatEuros } from '../money';
import { formatValue, type Direction, type IndicatorKind, type IndicatorPayment, type IndicatorUnit } from './indicators';
import { MISSION_CODES, MISSION_LABELS, MISSION_NUMBERS, type MissionCode } from './missions';

/** A cell as the reader gives it: text, number, boolean, date (UTC midnight) or empty. */
export type WorkbookCell = string | number | boolean | Date | null;

export interface WorkbookRow {
  /** The row number Excel shows (1-based). */
  rowNumber: number;
  /** Column A first. */
  cells: readonly WorkbookCell[];
}

/** Paliers offered by the template; a workbook may carry up to MAX_PALIERS (as `annex.addIndicator`). */
export const TEMPLATE_PALIERS = 4;
export const MAX_PALIERS = 10;
/** Plausibility bound of a workbook: rows under the header. */
export const MAX_WORKBOOK_ROWS = 2000;
/** Errors listed at most (the rest are counted). */
export const MAX_LISTED_ERRORS = 100;

export type ColumnKey =
  | 'mission'
  | 'action'
  | 'indicator'
  | 'kind'
  | 'unit'
  | 'source'
  | 'direction'
  | 'payment'
  | 'baseline'
  | 'baselineOn'
  | 'target'
  | 'amount'
  | 'livrables'
  | `palier${number}Threshold`
  | `palier${number}Amount`;

export interface AnnexColumn {
  key: ColumnKey;
  /** The template's header, also the name in the messages. */
  header: string;
  /** Other headers read as this column (normalised: lower case, no accent, no parenthesis). */
  aliases: readonly string[];
  required: boolean;
  /** Allowed values (the template's drop-down list). */
  choices?: readonly string[];
  help: string;
  width: number;
}

export const KIND_WORDS: Record<IndicatorKind, string> = { action: 'action', result: 'résultat' };
export const UNIT_WORDS: Record<IndicatorUnit, string> = { count: 'nombre', percentage: 'pourcentage', yesno: 'oui/non' };
export const SOURCE_WORDS: Record<'cpam' | 'cpts', string> = { cpam: 'CPAM', cpts: 'CPTS' };
export const DIRECTION_WORDS: Record<Direction, string> = { higher: 'hausse', lower: 'baisse' };
export const PAYMENT_WORDS: Record<IndicatorPayment, string> = { paliers: 'paliers', all_or_nothing: 'tout ou rien', linear: 'linéaire' };

function palierColumns(n: number): AnnexColumn[] {
  return [
    {
      key: `palier${n}Threshold`,
      header: `Palier ${n} seuil`,
      aliases: [`palier ${n}`, `seuil palier ${n}`, `seuil ${n}`],
      required: false,
      help: `Valeur à atteindre pour le palier ${n} (dans l’unité de l’indicateur). Paliers du moins au plus exigeant.`,
      width: 12,
    },
    {
      key: `palier${n}Amount`,
      header: `Palier ${n} montant (€)`,
      aliases: [`montant palier ${n}`, `montant ${n}`],
      required: false,
      help: `Montant versé quand le palier ${n} est atteint (le meilleur palier atteint est versé, ils ne s’additionnent pas).`,
      width: 14,
    },
  ];
}

/** The template's columns, in its order (the reader finds them by header, in any order). */
export const ANNEX_COLUMNS: readonly AnnexColumn[] = [
  {
    key: 'mission',
    header: 'Mission',
    aliases: ['mission code', 'code mission', 'missions'],
    required: true,
    choices: MISSION_CODES.map((c) => MISSION_LABELS[c]),
    help: 'Intitulé de la mission, son code (acces_soins…) ou son numéro (1 à 6). Vide : celle de la ligne précédente.',
    width: 28,
  },
  {
    key: 'action',
    header: 'Action',
    aliases: ['actions', 'intitule de l action', 'action retenue'],
    required: true,
    help: 'Intitulé de l’action ; les lignes de la même action se suivent. Vide : celle de la ligne précédente (même mission).',
    width: 36,
  },
  {
    key: 'indicator',
    header: 'Indicateur',
    aliases: ['indicateurs', 'intitule de l indicateur', 'libelle de l indicateur'],
    required: false,
    help: 'Intitulé de l’indicateur. Vide : une action sans indicateur (ses livrables seulement).',
    width: 40,
  },
  { key: 'kind', header: 'Type', aliases: ['type d indicateur', 'nature'], required: false, choices: Object.values(KIND_WORDS), help: 'action ou résultat.', width: 11 },
  { key: 'unit', header: 'Unité', aliases: ['unite de mesure'], required: false, choices: Object.values(UNIT_WORDS), help: 'nombre, pourcentage ou oui/non.', width: 13 },
  { key: 'source', header: 'Source', aliases: ['source des donnees'], required: false, choices: Object.values(SOURCE_WORDS), help: 'CPAM (données de l’Assurance maladie) ou CPTS (déclaration).', width: 9 },
  {
    key: 'direction',
    header: 'Sens',
    aliases: ['sens d evolution', 'evolution attendue'],
    required: false,
    choices: Object.values(DIRECTION_WORDS),
    help: 'hausse (plus haut est mieux) ou baisse (plus bas est mieux) ; vide pour un indicateur oui/non (oui est mieux).',
    width: 9,
  },
  {
    key: 'payment',
    header: 'Rémunération',
    aliases: ['mode de remuneration', 'type de remuneration', 'modalite de remuneration'],
    required: false,
    choices: Object.values(PAYMENT_WORDS),
    help: 'paliers (colonnes Palier), tout ou rien, ou linéaire (montant × progression vers la cible, plafonné à 100 %).',
    width: 14,
  },
  {
    key: 'baseline',
    header: 'Valeur de référence',
    aliases: ['valeur initiale', 'reference', 'valeur de depart', 'point de depart'],
    required: false,
    help: 'Valeur de départ (facultative) : 66,26 pour 66,26 % ; oui ou non pour un indicateur oui/non.',
    width: 13,
  },
  {
    key: 'baselineOn',
    header: 'Date de référence',
    aliases: ['date de la valeur de reference', 'date de la valeur initiale', 'date reference'],
    required: false,
    help: 'Date de la valeur de référence (facultative), JJ/MM/AAAA.',
    width: 13,
  },
  {
    key: 'target',
    header: 'Cible',
    aliases: ['objectif', 'valeur cible'],
    required: false,
    help: 'Obligatoire en linéaire et en tout ou rien (sauf oui/non). Par paliers : vide, ou le seuil du palier le plus exigeant.',
    width: 11,
  },
  {
    key: 'amount',
    header: 'Montant (€)',
    aliases: ['montant', 'montant maximum', 'montant total'],
    required: false,
    help: 'Montant de l’indicateur en tout ou rien et en linéaire. Par paliers : vide, ou le montant du meilleur palier.',
    width: 14,
  },
  ...Array.from({ length: TEMPLATE_PALIERS }, (_, i) => palierColumns(i + 1)).flat(),
  {
    key: 'livrables',
    header: 'Livrables',
    aliases: ['livrable', 'livrables attendus', 'pieces attendues'],
    required: false,
    help: 'Livrables de l’action, séparés par « ; » (sur une ligne de l’action ou plusieurs).',
    width: 44,
  },
];

/** Lower case, no accent, no parenthesised part, words separated by one space. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim();
}

function headerKey(text: string): ColumnKey | null {
  const n = normalise(text);
  if (n === '') return null;
  const extra = /^palier (\d+) (seuil|montant)$/.exec(n) ?? /^(?:seuil|montant) palier (\d+)$/.exec(n);
  if (extra) {
    const k = Number(extra[1]);
    if (k >= 1 && k <= MAX_PALIERS) return n.includes('seuil') ? `palier${k}Threshold` : `palier${k}Amount`;
  }
  for (const c of ANNEX_COLUMNS) if (normalise(c.header) === n || c.aliases.includes(n)) return c.key;
  return null;
}

function headerName(key: ColumnKey): string {
  const known = ANNEX_COLUMNS.find((c) => c.key === key);
  if (known) return known.header;
  const m = /^palier(\d+)(Threshold|Amount)$/.exec(key);
  return m ? (m[2] === 'Threshold' ? `Palier ${m[1]} seuil` : `Palier ${m[1]} montant (€)`) : key;
}

/** True for a row that reads as the template's header (a Mission column and an Indicateur or Action column). */
export function isHeaderRow(cells: readonly WorkbookCell[]): boolean {
  const keys = new Set(cells.map((c) => (typeof c === 'string' ? headerKey(c) : null)));
  return keys.has('mission') && (keys.has('indicator') || keys.has('action'));
}

export interface ImportedPalier {
  label: string;
  /** Hundredths. */
  threshold: number;
  amountCents: number;
}

export interface ImportedIndicator {
  rowNumber: number;
  label: string;
  kind: IndicatorKind;
  unit: IndicatorUnit;
  /** Hundredths. */
  baseline: number | null;
  baselineOn: IsoDate | null;
  source: 'cpam' | 'cpts';
  direction: Direction;
  payment: IndicatorPayment;
  /** The maximum it earns (paliers: the best palier's amount), as `annex.addIndicator` stores it. */
  amountCents: number;
  /** Hundredths (paliers: the most demanding threshold; yes/no tout ou rien: null means "oui"). */
  target: number | null;
  paliers: ImportedPalier[];
}

export interface ImportedAction {
  rowNumber: number;
  mission: MissionCode;
  label: string;
  livrables: string[];
  indicators: ImportedIndicator[];
}

export interface RowError {
  /** Excel row; null for the workbook as a whole. */
  row: number | null;
  column: string | null;
  /** « Ligne 7 : Cible : … ». */
  message: string;
}

export type AnnexWorkbookParse =
  | { ok: true; headerRow: number; actions: ImportedAction[]; indicatorCount: number; livrableCount: number }
  | { ok: false; errors: RowError[]; moreErrors: number };

export interface AnnexWorkbookOptions {
  /** The contract's missions: a row of another mission is refused. */
  missions: readonly MissionCode[];
}

const LABEL_MAX = 300;

function isBlank(c: WorkbookCell | undefined): boolean {
  return c === null || c === undefined || (typeof c === 'string' && c.trim() === '');
}

/** Text of a cell, whitespace collapsed; numbers written the French way. */
function textOf(c: WorkbookCell | undefined): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'string') return c.replace(/\s+/g, ' ').trim();
  if (typeof c === 'number') return String(c).replace('.', ',');
  if (typeof c === 'boolean') return c ? 'oui' : 'non';
  // A date cell the file stores out of any calendar (a damaged serial number) reads as such.
  return Number.isNaN(c.getTime()) ? 'date impossible' : c.toISOString().slice(0, 10);
}

function shownCell(c: WorkbookCell | undefined): string {
  const t = textOf(c);
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

class RowErrors {
  readonly list: RowError[] = [];
  add(row: number | null, column: string | null, text: string): void {
    const where = [row !== null ? `Ligne ${row}` : null, column].filter((x) => x !== null).join(' : ');
    this.list.push({ row, column, message: where ? `${where} : ${text}` : text });
  }
}

const MISSION_BY_WORD = new Map<string, MissionCode>();
for (const code of MISSION_CODES) {
  MISSION_BY_WORD.set(code, code);
  MISSION_BY_WORD.set(normalise(code), code);
  MISSION_BY_WORD.set(normalise(MISSION_LABELS[code]), code);
  MISSION_BY_WORD.set(String(MISSION_NUMBERS[code]), code);
  MISSION_BY_WORD.set(`mission ${MISSION_NUMBERS[code]}`, code);
}

function word<T extends string>(c: WorkbookCell | undefined, table: Record<string, T>): T | null {
  const n = normalise(textOf(c));
  return Object.hasOwn(table, n) ? table[n]! : null;
}

const KINDS: Record<string, IndicatorKind> = { action: 'action', 'indicateur d action': 'action', resultat: 'result', result: 'result', 'indicateur de resultat': 'result' };
const UNITS: Record<string, IndicatorUnit> = {
  nombre: 'count',
  nb: 'count',
  count: 'count',
  entier: 'count',
  pourcentage: 'percentage',
  '%': 'percentage',
  taux: 'percentage',
  percentage: 'percentage',
  'oui non': 'yesno',
  ouinon: 'yesno',
  binaire: 'yesno',
  yesno: 'yesno',
};
const SOURCES: Record<string, 'cpam' | 'cpts'> = { cpam: 'cpam', 'assurance maladie': 'cpam', am: 'cpam', cpts: 'cpts', declaratif: 'cpts', declaration: 'cpts' };
const DIRECTIONS: Record<string, Direction> = {
  hausse: 'higher',
  'a la hausse': 'higher',
  'plus haut': 'higher',
  'plus haut est mieux': 'higher',
  croissant: 'higher',
  augmentation: 'higher',
  higher: 'higher',
  baisse: 'lower',
  'a la baisse': 'lower',
  'plus bas': 'lower',
  'plus bas est mieux': 'lower',
  decroissant: 'lower',
  diminution: 'lower',
  lower: 'lower',
};
const PAYMENTS: Record<string, IndicatorPayment> = {
  paliers: 'paliers',
  palier: 'paliers',
  'par paliers': 'paliers',
  'tout ou rien': 'all_or_nothing',
  binaire: 'all_or_nothing',
  all_or_nothing: 'all_or_nothing',
  'all or nothing': 'all_or_nothing',
  lineaire: 'linear',
  proportionnel: 'linear',
  linear: 'linear',
};

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const good = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(message: string): Parsed<T> => ({ ok: false, message });

/**
 * Euros to integer cents: a number (2 decimals at most) or a text such as "17 500,50 €",
 * "17500.5", "1.250,00" or "€ 3 000". "1.000" alone is ambiguous (thousand or one?) and refused.
 */
export function parseMoneyCell(c: WorkbookCell | undefined): Parsed<number> {
  if (typeof c === 'number') {
    if (!Number.isFinite(c)) return bad('montant invalide.');
    const cents = Math.round(c * 100);
    if (Math.abs(c * 100 - cents) > 1e-6) return bad(`montant à 2 décimales au plus (reçu ${textOf(c)}).`);
    return moneyBounds(cents);
  }
  if (typeof c !== 'string') return bad(`montant en euros attendu (ex. 17 500,00), reçu « ${shownCell(c)} ».`);
  let t = c.replace(/[\s\u00a0\u202f'’]/g, '').replace(/€|eur(os?)?$/gi, '');
  const sample = `reçu « ${shownCell(c)} »`;
  if (t.startsWith('-')) return bad('ne peut pas être négatif.');
  const dots = (t.match(/\./g) ?? []).length;
  const commas = (t.match(/,/g) ?? []).length;
  if (dots > 0 && commas > 0) {
    // The last separator is the decimal one: "1.250,50" or "1,250.50".
    const decimal = t.lastIndexOf(',') > t.lastIndexOf('.') ? ',' : '.';
    const thousands = decimal === ',' ? '.' : ',';
    if ((decimal === ',' ? commas : dots) > 1) return bad(`montant illisible (${sample}).`);
    if (!new RegExp(`^\\d{1,3}(\\${thousands}\\d{3})*\\${decimal}\\d{1,2}$`).test(t)) return bad(`montant illisible (${sample}).`);
    t = t.split(thousands).join('').replace(decimal, '.');
  } else if (commas > 1 || dots > 1) {
    const sep = commas > 1 ? ',' : '.';
    if (!new RegExp(`^\\d{1,3}(\\${sep}\\d{3})+$`).test(t)) return bad(`montant illisible (${sample}).`);
    t = t.split(sep).join('');
  } else if (dots === 1 && /^\d{1,3}\.\d{3}$/.test(t)) {
    return bad(`« ${shownCell(c)} » est ambigu (mille ou un ?) : écrivez 1000 ou 1 000,00.`);
  } else t = t.replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(t)) return bad(`montant en euros attendu (ex. 17 500,00), ${sample}.`);
  const [ints = '0', dec = ''] = t.split('.');
  if (dec.length > 2) return bad(`montant à 2 décimales au plus (${sample}).`);
  if (ints.length > 12) return bad('montant invraisemblable (100 000 000 € au plus).');
  return moneyBounds(Number(ints) * 100 + Number(dec.padEnd(2, '0')));
}

function moneyBounds(cents: number): Parsed<number> {
  if (cents < 0) return bad('ne peut pas être négatif.');
  if (cents > MAX_MONEY_CENTS) return bad('montant invraisemblable (100 000 000 € au plus).');
  return good(cents);
}

/** A measure in hundredths, checked against the unit as `checkUnit` does (electron/api/annex.ts). */
export function parseMeasureCell(c: WorkbookCell | undefined, unit: IndicatorUnit): Parsed<number> {
  let hundredths: number;
  if (typeof c === 'boolean') hundredths = c ? 100 : 0;
  else if (typeof c === 'number') {
    if (!Number.isFinite(c)) return bad('nombre attendu.');
    hundredths = Math.round(c * 100);
    if (Math.abs(c * 100 - hundredths) > 1e-6) return bad(`2 décimales au plus (reçu ${textOf(c)}).`);
  } else if (typeof c === 'string') {
    const t = c.trim().toLowerCase().replace(/[\s\u00a0\u202f%]/g, '');
    if (t === 'oui' || t === 'non') {
      if (unit !== 'yesno') return bad(`« ${t} » ne convient qu’à un indicateur oui/non ; saisissez un nombre.`);
      hundredths = t === 'oui' ? 100 : 0;
    } else {
      const n = t.replace(',', '.');
      if (!/^-?\d+(\.\d{1,2})?$/.test(n)) return bad(`nombre (2 décimales au plus)${unit === 'yesno' ? ' ou oui/non' : ''} attendu, reçu « ${shownCell(c)} ».`);
      if (n.replace(/^-/, '').split('.')[0]!.length > 12) return bad('valeur invraisemblable (1 000 000 000 au plus).');
      const [ints = '0', dec = ''] = n.replace('-', '').split('.');
      hundredths = (Number(ints) * 100 + Number(dec.padEnd(2, '0'))) * (n.startsWith('-') ? -1 : 1);
    }
  } else return bad(`nombre attendu, reçu « ${shownCell(c)} ».`);
  if (Math.abs(hundredths) > MAX_MEASURE_HUNDREDTHS) return bad('valeur invraisemblable (1 000 000 000 au plus).');
  if (unit === 'yesno' && hundredths !== 0 && hundredths !== 100) return bad('oui ou non attendu pour cet indicateur.');
  if (hundredths < 0) return bad('ne peut pas être négatif.');
  if (unit === 'percentage' && hundredths > 10_000) return bad('un pourcentage ne dépasse pas 100 (écrivez 66,26 pour 66,26 %).');
  if (unit === 'count' && hundredths % 100 !== 0) return bad('nombre entier attendu pour cet indicateur.');
  return good(hundredths);
}

/** A date cell (a date, "31/12/2023" or "2023-12-31") as an ISO date. */
export function parseDateCell(c: WorkbookCell | undefined): Parsed<IsoDate> {
  if (c instanceof Date) {
    if (Number.isNaN(c.getTime())) return bad('date impossible.');
    const iso = c.toISOString().slice(0, 10);
    return isIsoDate(iso) ? good(iso) : bad('date impossible.');
  }
  if (typeof c === 'string') {
    const t = c.trim();
    const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
    const iso = fr ? `${fr[3]}-${fr[2]!.padStart(2, '0')}-${fr[1]!.padStart(2, '0')}` : t;
    if (isIsoDate(iso)) return good(iso);
    return bad(`date impossible (JJ/MM/AAAA attendu), reçu « ${shownCell(c)} ».`);
  }
  return bad(`date attendue (JJ/MM/AAAA), reçu « ${shownCell(c)} ».`);
}

interface Layout {
  headerRow: number;
  index: Map<ColumnKey, number>;
  paliers: number[];
}

function layoutOf(rows: readonly WorkbookRow[], errors: RowErrors): Layout | null {
  const header = rows.slice(0, 30).find((r) => isHeaderRow(r.cells));
  if (!header) {
    errors.add(null, null, 'Ligne d’en-tête introuvable : le classeur doit reprendre les titres du modèle (Mission, Action, Indicateur, Type, Unité…) sur une ligne, au-dessus des indicateurs.');
    return null;
  }
  const index = new Map<ColumnKey, number>();
  header.cells.forEach((cell, i) => {
    if (typeof cell !== 'string') return;
    const key = headerKey(cell);
    if (!key) return;
    if (index.has(key)) errors.add(header.rowNumber, headerName(key), `colonne en double (colonnes ${columnLetter(index.get(key)!)} et ${columnLetter(i)}).`);
    else index.set(key, i);
  });
  for (const key of ['mission', 'action', 'indicator', 'kind', 'unit', 'source', 'direction', 'payment', 'target', 'amount'] as const) {
    if (!index.has(key)) errors.add(header.rowNumber, headerName(key), 'colonne absente de la ligne d’en-tête (voir le modèle).');
  }
  const paliers: number[] = [];
  for (let k = 1; k <= MAX_PALIERS; k++) {
    const t = index.has(`palier${k}Threshold`);
    const a = index.has(`palier${k}Amount`);
    if (t && a) paliers.push(k);
    else if (t || a) errors.add(header.rowNumber, headerName(t ? `palier${k}Amount` : `palier${k}Threshold`), `colonne absente alors que « ${headerName(t ? `palier${k}Threshold` : `palier${k}Amount`)} » est là.`);
  }
  return { headerRow: header.rowNumber, index, paliers };
}

export function columnLetter(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function label(c: WorkbookCell | undefined, row: number, column: string, errors: RowErrors): string | null {
  if (c instanceof Date) {
    errors.add(row, column, 'texte attendu, pas une date.');
    return null;
  }
  const t = textOf(c);
  if (t.length > LABEL_MAX) {
    errors.add(row, column, `${LABEL_MAX} caractères au plus (${t.length}).`);
    return null;
  }
  return t;
}

/**
 * Reads the rows of the annex sheet (header included, in order). Empty rows are skipped
 * wherever they are; rows above the header are ignored.
 */
export function parseAnnexRows(rows: readonly WorkbookRow[], opts: AnnexWorkbookOptions): AnnexWorkbookParse {
  const errors = new RowErrors();
  const layout = layoutOf(rows, errors);
  if (!layout) return failed(errors);
  if (errors.list.length > 0) return failed(errors);
  const { index } = layout;
  const at = (r: WorkbookRow, key: ColumnKey): WorkbookCell | undefined => {
    const i = index.get(key);
    return i === undefined ? undefined : r.cells[i];
  };
  const body = rows.filter((r) => r.rowNumber > layout.headerRow && r.cells.some((c) => !isBlank(c)));
  if (body.length === 0) {
    errors.add(null, null, `Aucune ligne d’annexe sous l’en-tête (ligne ${layout.headerRow}) : remplissez une ligne par indicateur.`);
    return failed(errors);
  }
  if (body.length > MAX_WORKBOOK_ROWS) {
    errors.add(null, null, `Classeur trop long : ${body.length} lignes remplies (${MAX_WORKBOOK_ROWS} au plus).`);
    return failed(errors);
  }
  const retained = new Set(opts.missions);
  const actions = new Map<string, ImportedAction>();
  const seen = new Map<string, number>();
  let previous: { mission: MissionCode; action: string } | null = null;
  let indicatorCount = 0;
  for (const r of body) {
    const row = r.rowNumber;
    const before = errors.list.length;
    // Mission: code, label or number; empty: the previous row's.
    let mission: MissionCode | null = null;
    const missionCell = at(r, 'mission');
    if (isBlank(missionCell)) {
      if (previous) mission = previous.mission;
      else errors.add(row, 'Mission', 'obligatoire (intitulé, code ou numéro de la mission).');
    } else {
      const found = MISSION_BY_WORD.get(normalise(textOf(missionCell))) ?? MISSION_BY_WORD.get(textOf(missionCell));
      if (!found) errors.add(row, 'Mission', `« ${shownCell(missionCell)} » inconnue (attendu : ${MISSION_CODES.map((c) => MISSION_LABELS[c]).join(', ')} ; ou leur code, ou leur numéro 1 à 6).`);
      else if (!retained.has(found)) errors.add(row, 'Mission', `« ${MISSION_LABELS[found]} » n’est pas retenue au contrat (missions du contrat : ${opts.missions.map((c) => MISSION_LABELS[c]).join(', ') || 'aucune'}).`);
      else mission = found;
    }
    // Action: empty means the previous row's, within the same mission.
    let action = label(at(r, 'action'), row, 'Action', errors);
    if (action === '') {
      if (previous && mission !== null && previous.mission === mission) action = previous.action;
      else if (mission === null && !isBlank(missionCell)) action = null; // the mission's own error says it
      else {
        errors.add(row, 'Action', previous && mission !== null ? 'obligatoire (la mission change à cette ligne).' : 'obligatoire.');
        action = null;
      }
    }
    const indicatorLabel = label(at(r, 'indicator'), row, 'Indicateur', errors);
    const livrables = textOf(at(r, 'livrables'))
      .split(/[;\n]/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    for (const l of livrables) if (l.length > LABEL_MAX) errors.add(row, 'Livrables', `« ${l.slice(0, 40)}… » : ${LABEL_MAX} caractères au plus par livrable.`);

    let indicator: ImportedIndicator | null = null;
    if (indicatorLabel === '') {
      const stray = (['kind', 'unit', 'source', 'direction', 'payment', 'baseline', 'baselineOn', 'target', 'amount'] as ColumnKey[])
        .concat(layout.paliers.flatMap((k) => [`palier${k}Threshold`, `palier${k}Amount`] as ColumnKey[]))
        .filter((k) => !isBlank(at(r, k)));
      if (stray.length > 0) errors.add(row, 'Indicateur', `obligatoire : la ligne remplit ${stray.map((k) => `« ${headerName(k)} »`).join(', ')}.`);
    } else if (indicatorLabel !== null) {
      indicator = indicatorOf(r, row, indicatorLabel, mission, layout, at, errors);
    }
    if (errors.list.length > before || mission === null || action === null) continue;
    previous = { mission, action };
    const key = `${mission}|${normalise(action)}`;
    let a = actions.get(key);
    if (!a) {
      a = { rowNumber: row, mission, label: action, livrables: [], indicators: [] };
      actions.set(key, a);
    }
    for (const l of livrables) if (!a.livrables.some((x) => normalise(x) === normalise(l))) a.livrables.push(l);
    if (indicator) {
      const ik = `${key}|${normalise(indicator.label)}`;
      const first = seen.get(ik);
      if (first !== undefined) {
        errors.add(row, 'Indicateur', `« ${indicator.label} » figure déjà ligne ${first} pour la même action.`);
        continue;
      }
      seen.set(ik, row);
      a.indicators.push(indicator);
      indicatorCount++;
    }
  }
  if (errors.list.length > 0) return failed(errors);
  const list = [...actions.values()];
  return { ok: true, headerRow: layout.headerRow, actions: list, indicatorCount, livrableCount: list.reduce((s, a) => s + a.livrables.length, 0) };
}

function failed(errors: RowErrors): AnnexWorkbookParse {
  return { ok: false, errors: errors.list.slice(0, MAX_LISTED_ERRORS), moreErrors: Math.max(0, errors.list.length - MAX_LISTED_ERRORS) };
}

function choice<T extends string>(r: WorkbookRow, at: (r: WorkbookRow, k: ColumnKey) => WorkbookCell | undefined, key: ColumnKey, table: Record<string, T>, expected: string, row: number, errors: RowErrors): T | null {
  const c = at(r, key);
  if (isBlank(c)) {
    errors.add(row, headerName(key), `obligatoire (${expected}).`);
    return null;
  }
  const v = word(c, table);
  if (v === null) errors.add(row, headerName(key), `« ${shownCell(c)} » inconnu (attendu : ${expected}).`);
  return v;
}

function indicatorOf(
  r: WorkbookRow,
  row: number,
  indicatorLabel: string,
  mission: MissionCode | null,
  layout: Layout,
  at: (r: WorkbookRow, k: ColumnKey) => WorkbookCell | undefined,
  errors: RowErrors,
): ImportedIndicator | null {
  const before = errors.list.length;
  const kind = choice(r, at, 'kind', KINDS, 'action ou résultat', row, errors);
  const unit = choice(r, at, 'unit', UNITS, 'nombre, pourcentage ou oui/non', row, errors);
  const source = choice(r, at, 'source', SOURCES, 'CPAM ou CPTS', row, errors);
  // A yes/no indicator is "oui is better": its direction may stay empty.
  const direction = unit === 'yesno' && isBlank(at(r, 'direction')) ? 'higher' : choice(r, at, 'direction', DIRECTIONS, 'hausse ou baisse', row, errors);
  const payment = choice(r, at, 'payment', PAYMENTS, 'paliers, tout ou rien ou linéaire', row, errors);
  if (unit === null || direction === null || payment === null) return null;

  const measureAt = (key: ColumnKey): number | null | undefined => {
    const c = at(r, key);
    if (isBlank(c)) return null;
    const m = parseMeasureCell(c, unit);
    if (!m.ok) {
      errors.add(row, headerName(key), m.message);
      return undefined;
    }
    return m.value;
  };
  const moneyAt = (key: ColumnKey): number | null | undefined => {
    const c = at(r, key);
    if (isBlank(c)) return null;
    const m = parseMoneyCell(c);
    if (!m.ok) {
      errors.add(row, headerName(key), m.message);
      return undefined;
    }
    return m.value;
  };
  const baseline = measureAt('baseline');
  let baselineOn: IsoDate | null = null;
  const dateCell = at(r, 'baselineOn');
  if (!isBlank(dateCell)) {
    const d = parseDateCell(dateCell);
    if (d.ok) baselineOn = d.value;
    else errors.add(row, 'Date de référence', d.message);
  }
  const target = measureAt('target');
  const amount = moneyAt('amount');

  const paliers: ImportedPalier[] = [];
  const palierCells: { k: number; threshold: number | null | undefined; amount: number | null | undefined }[] = layout.paliers.map((k) => ({
    k,
    threshold: measureAt(`palier${k}Threshold`),
    amount: moneyAt(`palier${k}Amount`),
  }));
  const filled = palierCells.filter((p) => p.threshold !== null || p.amount !== null);
  if (payment !== 'paliers') {
    if (filled.length > 0) errors.add(row, `Palier ${filled[0]!.k}`, `seulement pour un indicateur payé par paliers (cet indicateur est en ${PAYMENT_WORDS[payment]}).`);
    if (amount === null && mission !== 'crise_sanitaire') errors.add(row, 'Montant (€)', `obligatoire pour un indicateur en ${PAYMENT_WORDS[payment]} (0 s’il ne porte pas de montant).`);
    if (payment === 'linear' && target === null) errors.add(row, 'Cible', 'obligatoire pour un indicateur linéaire.');
    if (payment === 'all_or_nothing' && unit !== 'yesno' && target === null) errors.add(row, 'Cible', 'obligatoire en tout ou rien (ou choisissez l’unité oui/non).');
  } else {
    if (filled.length === 0) errors.add(row, 'Palier 1 seuil', 'au moins un palier (seuil et montant) pour un indicateur payé par paliers.');
    for (const p of filled) {
      if (p.threshold === null) errors.add(row, `Palier ${p.k} seuil`, `obligatoire : le palier ${p.k} a un montant.`);
      if (p.amount === null) errors.add(row, `Palier ${p.k} montant (€)`, `obligatoire : le palier ${p.k} a un seuil.`);
      if (typeof p.threshold === 'number' && typeof p.amount === 'number') paliers.push({ label: `Palier ${p.k}`, threshold: p.threshold, amountCents: p.amount });
    }
    if (paliers.length === filled.length) {
      // In the columns' order, each palier asks more and pays at least as much.
      for (let i = 1; i < paliers.length; i++) {
        const prev = paliers[i - 1]!;
        const cur = paliers[i]!;
        const harder = direction === 'higher' ? cur.threshold > prev.threshold : cur.threshold < prev.threshold;
        if (!harder) errors.add(row, `${cur.label} seuil`, `doit être ${direction === 'higher' ? 'plus haut' : 'plus bas'} que celui du ${prev.label.toLowerCase()} (sens : ${DIRECTION_WORDS[direction]}).`);
        else if (cur.amountCents < prev.amountCents) errors.add(row, `${cur.label} montant (€)`, `inférieur à celui du ${prev.label.toLowerCase()} : un palier plus exigeant paie au moins autant.`);
      }
    }
  }
  if (errors.list.length > before || kind === null || source === null) return null;
  if (baseline === undefined || target === undefined || amount === undefined) return null;

  let amountCents = amount ?? 0;
  let finalTarget = target;
  if (payment === 'paliers') {
    const best = paliers[paliers.length - 1]!;
    const maxAmount = Math.max(...paliers.map((p) => p.amountCents));
    if (amount !== null && amount !== maxAmount) {
      errors.add(row, 'Montant (€)', `par paliers, le montant est celui du meilleur palier (${formatEuros(maxAmount)}) : laissez la cellule vide ou corrigez-la.`);
      return null;
    }
    if (target !== null && target !== best.threshold) {
      errors.add(row, 'Cible', `par paliers, la cible est le seuil du palier le plus exigeant (${formatValue(best.threshold, unit)}) : laissez la cellule vide ou corrigez-la.`);
      return null;
    }
    amountCents = maxAmount;
    finalTarget = best.threshold;
  }
  return { rowNumber: row, label: indicatorLabel, kind, unit, baseline, baselineOn, source, direction, payment, amountCents, target: finalTarget, paliers };
}

/** The refusal's one-line message: the first error and how many follow. */
export function refusalSummary(p: { errors: readonly RowError[]; moreErrors: number }): string {
  const total = p.errors.length + p.moreErrors;
  const first = p.errors[0]?.message ?? 'Classeur refusé.';
  return total > 1 ? `Annexe refusée, rien n’a été enregistré (${total} erreurs). ${first}` : `Annexe refusée, rien n’a été enregistré. ${first}`;
}
