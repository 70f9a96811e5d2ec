// The register of indemnities and remunerations paid to health professionals (décret 2022-375,
// issue 14) as pure rules: reading the CSV register (one row per time entry), the duplicate key of
// an entry, the running totals per professional and civil year against the PASS (shared/domain/
// pass.ts), and the view per professional. The handler (electron/api/indemnities.ts) writes.
import { compareIso, formatDateFr, isIsoDate, type IsoDate } from '../dates';
import { mulDivHalfUp } from '../money';
import { MAX_MONEY_CENTS } from '../schemas/common';
import { isMissionCode, MISSION_LABELS, type MissionCode } from './missions';
import { ceilingCheck } from './pass';

export type IndemnityKind = 'indemnite' | 'remuneration';
export const INDEMNITY_KIND_LABELS: Record<IndemnityKind, string> = { indemnite: 'Indemnité', remuneration: 'Rémunération' };

export interface RegisterRow {
  line: number;
  name: string;
  profession: string;
  rpps: string;
  workedOn: IsoDate;
  mission: MissionCode | null;
  hoursCenti: number;
  kind: IndemnityKind;
  rateCents: number | null;
  amountCents: number;
}

export interface RegisterError {
  line: number;
  message: string;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase();

const COLUMN_NAMES: Record<string, readonly string[]> = {
  name: ['professionnel', 'nom', 'name', 'professional'],
  profession: ['profession'],
  rpps: ['rpps'],
  date: ['date'],
  mission: ['mission'],
  hours: ['heures', 'hours', 'duree'],
  kind: ['nature', 'kind', 'type'],
  rate: ['taux', 'rate', 'taux horaire'],
  amount: ['montant', 'amount'],
};
const REQUIRED = ['name', 'profession', 'date', 'mission', 'hours', 'kind'] as const;

/** Splits one CSV line (quotes allowed, "" inside quotes). */
function splitCsv(line: string, sep: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

/** "1 234,56" / "1234.5" -> hundredths, or null. */
function hundredths(s: string): number | null {
  const t = s.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (t === '') return null;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return Number.NaN;
  return Number(m[1]) * 100 + Number(((m[2] ?? '') + '00').slice(0, 2));
}

function dateOf(s: string): IsoDate | null {
  const t = s.trim();
  if (isIsoDate(t)) return t;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
  if (m && isIsoDate(`${m[3]}-${m[2]}-${m[1]}`)) return `${m[3]}-${m[2]}-${m[1]}`;
  return null;
}

/**
 * Reads the register: a header naming the columns (professionnel, profession, rpps facultatif,
 * date, mission, heures, nature, taux et/ou montant), separated by « ; », « , » or tabs. The first
 * fault refuses the file, with its line number (the header is line 1).
 */
export function parseRegister(text: string): RegisterRow[] | RegisterError {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\n|\r/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) return { line: 1, message: 'Ligne 1 : registre vide, en-tête attendu.' };
  const sep = lines[0].includes(';') ? ';' : lines[0].includes('\t') ? '\t' : ',';
  const header = splitCsv(lines[0], sep).map(fold);
  const col: Partial<Record<keyof typeof COLUMN_NAMES, number>> = {};
  for (const [key, names] of Object.entries(COLUMN_NAMES)) {
    const i = header.findIndex((h) => names.includes(h));
    if (i >= 0) col[key as keyof typeof COLUMN_NAMES] = i;
  }
  const missing = REQUIRED.filter((k) => col[k] === undefined);
  if (missing.length > 0) return { line: 1, message: `Ligne 1 : colonne(s) manquante(s) : ${missing.map((k) => COLUMN_NAMES[k][0]).join(', ')}.` };
  if (col.rate === undefined && col.amount === undefined) return { line: 1, message: 'Ligne 1 : colonne « taux » ou « montant » attendue.' };

  const rows: RegisterRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const n = i + 1;
    if (lines[i].trim() === '') continue;
    const f = splitCsv(lines[i], sep);
    const get = (k: keyof typeof COLUMN_NAMES) => (col[k] === undefined ? '' : (f[col[k]] ?? ''));
    const err = (m: string): RegisterError => ({ line: n, message: `Ligne ${n} : ${m}` });
    if (f.length !== header.length) return err(`${f.length} colonne(s) au lieu de ${header.length}.`);
    const name = get('name');
    if (name === '' || name.length > 200) return err('professionnel : nom obligatoire (200 caractères au plus).');
    const profession = get('profession');
    if (profession === '' || profession.length > 100) return err('profession : obligatoire (100 caractères au plus).');
    const rpps = get('rpps');
    if (rpps !== '' && !/^\d{11}$/.test(rpps)) return err(`RPPS « ${rpps} » : 11 chiffres attendus.`);
    const workedOn = dateOf(get('date'));
    if (!workedOn) return err(`date « ${get('date')} » impossible (AAAA-MM-JJ ou JJ/MM/AAAA attendu).`);
    const m = fold(get('mission'));
    const mission = m === '' || m === 'fonctionnement' ? null : isMissionCode(m) ? m : undefined;
    if (mission === undefined) return err(`mission « ${get('mission')} » inconnue (code de mission ou « fonctionnement »).`);
    const hoursCenti = hundredths(get('hours'));
    if (hoursCenti === null || Number.isNaN(hoursCenti) || hoursCenti > 100_000) return err(`heures « ${get('hours')} » : nombre d’heures attendu (ex. 2,5).`);
    const k = fold(get('kind'));
    const kind: IndemnityKind | null = k === 'indemnite' ? 'indemnite' : k === 'remuneration' ? 'remuneration' : null;
    if (!kind) return err(`nature « ${get('kind')} » : indemnite ou remuneration attendu.`);
    const rate = hundredths(get('rate'));
    if (Number.isNaN(rate)) return err(`taux « ${get('rate')} » : montant horaire attendu (ex. 90,00).`);
    const amount = hundredths(get('amount'));
    if (Number.isNaN(amount)) return err(`montant « ${get('amount')} » : montant attendu (ex. 225,00).`);
    const amountCents = entryAmountCents(hoursCenti, rate, amount);
    if (amountCents === null) return err('taux ou montant : l’un des deux est obligatoire.');
    if (amountCents <= 0) return err('montant : doit être positif.');
    if (amountCents > MAX_MONEY_CENTS) return err('montant : invraisemblable (100 000 000 € au plus).');
    rows.push({ line: n, name, profession, rpps, workedOn, mission, hoursCenti, kind, rateCents: rate, amountCents });
  }
  return rows;
}

/** An entry's amount: the amount given, else hours × hourly rate rounded half up to the cent; null without either. */
export function entryAmountCents(hoursCenti: number, rateCents: number | null, amountCents: number | null): number | null {
  if (amountCents !== null) return amountCents;
  if (rateCents !== null) return mulDivHalfUp(rateCents, hoursCenti, 100);
  return null;
}

export function isRegisterError(r: RegisterRow[] | RegisterError): r is RegisterError {
  return !Array.isArray(r);
}

/** Duplicate keys: professional, date, mission, kind, hours, amount and rank among identical rows. */
export function registerKeys(rows: readonly Pick<RegisterRow, 'name' | 'workedOn' | 'mission' | 'kind' | 'hoursCenti' | 'amountCents'>[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const base = [fold(r.name), r.workedOn, r.mission ?? '', r.kind, r.hoursCenti, r.amountCents].join('|');
    const rank = (seen.get(base) ?? 0) + 1;
    seen.set(base, rank);
    return `${base}|${rank}`;
  });
}

/** The duplicate key of one entry typed on screen, after the keys already recorded (its rank follows theirs). */
export function nextRegisterKey(existingKeys: Iterable<string>, row: Pick<RegisterRow, 'name' | 'workedOn' | 'mission' | 'kind' | 'hoursCenti' | 'amountCents'>): string {
  const base = registerKeys([row])[0].replace(/\|1$/, '');
  let rank = 0;
  for (const k of existingKeys) if (k.startsWith(`${base}|`) && /^\d+$/.test(k.slice(base.length + 1))) rank = Math.max(rank, Number(k.slice(base.length + 1)));
  return `${base}|${rank + 1}`;
}

export interface CeilingVerdict {
  line: number;
  name: string;
  year: number;
  totalCents: number;
  ceilingCents: number | null;
  level: 'ok' | 'warning' | 'over';
  message: string | null;
}

/**
 * Running totals per professional and civil year, from what is already recorded, in date order
 * of the new rows: each new row's verdict against the PASS once it is added.
 */
export function ceilingVerdicts(existing: readonly { name: string; workedOn: IsoDate; amountCents: number }[], rows: readonly RegisterRow[]): CeilingVerdict[] {
  const totals = new Map<string, number>();
  const keyOf = (name: string, date: IsoDate) => `${fold(name)}|${date.slice(0, 4)}`;
  for (const e of existing) totals.set(keyOf(e.name, e.workedOn), (totals.get(keyOf(e.name, e.workedOn)) ?? 0) + e.amountCents);
  const ordered = [...rows].sort((a, b) => compareIso(a.workedOn, b.workedOn) || a.line - b.line);
  const byLine = new Map<number, CeilingVerdict>();
  for (const r of ordered) {
    const key = keyOf(r.name, r.workedOn);
    const total = (totals.get(key) ?? 0) + r.amountCents;
    totals.set(key, total);
    const year = Number(r.workedOn.slice(0, 4));
    const check = ceilingCheck(r.name, year, total);
    byLine.set(r.line, { line: r.line, name: r.name, year, totalCents: total, ceilingCents: check.ceilingCents, level: check.level, message: check.message });
  }
  return rows.map((r) => byLine.get(r.line)!);
}

/** The comment of the spending entry an indemnity generates. */
export function indemnityComment(r: Pick<RegisterRow, 'name' | 'profession' | 'kind' | 'hoursCenti' | 'workedOn' | 'mission'>): string {
  const hours = (r.hoursCenti / 100).toLocaleString('fr-FR');
  return `${INDEMNITY_KIND_LABELS[r.kind]} ${r.name} (${r.profession}), ${hours} h le ${formatDateFr(r.workedOn)} — ${r.mission ? MISSION_LABELS[r.mission] : 'Fonctionnement'}`;
}

