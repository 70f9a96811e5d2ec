// The FEC (fichier des écritures comptables, art. A47 A-1 LPF) as pure rules (issue 14): decoding
// (UTF-8, else ISO-8859-15), parsing (18 columns, tab or pipe, dates AAAAMMJJ, decimal comma,
// Debit/Credit or Montant/Sens), the mapping of charge accounts to missions and categories
// (longest account prefix; a rule with a journal beats one without at the same length), the
// duplicate key of a line, the import plan (new spending entries, refunds as corrections of
// entries, lines no rule matches) and the reconciliation of receipts with recorded payments.
// No Node, no DOM: the handler (electron/api/books.ts) loads the rows and writes the plan.
import { compareIso, daysBetween, formatDateFr, isIsoDate, type IsoDate } from '../dates';
import { formatEuros } from '../money';
import type { MissionCode } from './missions';
import { hasMission, MISSION_LABELS } from './missions';
import type { SpendingCategory } from '../schemas/money';
import type { MappingRule } from '../schemas/books';

export const FEC_COLUMNS = [
  'JournalCode',
  'JournalLib',
  'EcritureNum',
  'EcritureDate',
  'CompteNum',
  'CompteLib',
  'CompAuxNum',
  'CompAuxLib',
  'PieceRef',
  'PieceDate',
  'EcritureLib',
  'Debit',
  'Credit',
  'EcritureLet',
  'DateLet',
  'ValidDate',
  'Montantdevise',
  'Idevise',
] as const;

/** The variant some packages export: Montant and Sens in place of Debit and Credit. */
export const FEC_COLUMNS_SENS = [...FEC_COLUMNS.slice(0, 11), 'Montant', 'Sens', ...FEC_COLUMNS.slice(13)] as const;

export type FecEncoding = 'utf-8' | 'iso-8859-15';
export type FecLayout = 'debit-credit' | 'montant-sens';

/** One line of the file, amounts in cents (never both debit and credit non-zero after parsing a Sens). */
export interface FecLine {
  /** Line number in the file (the header is line 1). */
  line: number;
  journal: string;
  journalLib: string;
  ecritureNum: string;
  date: IsoDate;
  account: string;
  accountLib: string;
  auxAccount: string;
  pieceRef: string;
  label: string;
  debitCents: number;
  creditCents: number;
}

export interface FecFile {
  encoding: FecEncoding;
  separator: '\t' | '|';
  layout: FecLayout;
  lines: FecLine[];
}

/** A refused file: the line (header = 1) and the French message, which names it. */
export interface FecError {
  line: number;
  message: string;
}

export function isFecError(r: FecFile | FecError): r is FecError {
  return 'message' in r;
}

const fail = (line: number, message: string): FecError => ({ line, message: `Ligne ${line} : ${message}` });

/** UTF-8 when the bytes are valid UTF-8, else ISO-8859-15; refused when neither fits (UTF-16, control bytes). */
export function decodeFec(bytes: Uint8Array): { text: string; encoding: FecEncoding } | FecError {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fail(1, 'encodage inconnu (UTF-16) : enregistrez le FEC en UTF-8 ou en ISO-8859-15.');
  }
  let text: string;
  let encoding: FecEncoding;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    encoding = 'utf-8';
  } catch {
    text = new TextDecoder('iso-8859-15').decode(bytes);
    encoding = 'iso-8859-15';
  }
  // Control characters other than tab and line breaks: a NUL (UTF-16 without BOM, a binary file) or
  // the C1 range (0x80–0x9F: Windows-1252 bytes, which ISO-8859-15 leaves as controls).
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) {
      const line = text.slice(0, i).split('\n').length;
      return fail(line, `encodage inconnu (caractère de contrôle U+${c.toString(16).toUpperCase().padStart(4, '0')}) : le FEC doit être en UTF-8 ou en ISO-8859-15.`);
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, encoding };
}

/** AAAAMMJJ -> ISO date, or null. */
export function fecDate(s: string): IsoDate | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return isIsoDate(iso) ? iso : null;
}

/** "1 234,56", "1234.5", "-12,00", "" (0) -> cents; null when not an amount. */
export function fecAmount(s: string): number | null {
  const t = s.replace(/[\s\u00a0\u202f]/g, '');
  if (t === '') return 0;
  const m = /^([+-]?)(\d+)(?:[.,](\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const cents = Number(m[2]) * 100 + Number(((m[3] ?? '') + '00').slice(0, 2));
  if (!Number.isSafeInteger(cents)) return null;
  return m[1] === '-' ? -cents : cents;
}

const norm = (s: string) => s.trim().toLowerCase();

/**
 * Parses a FEC: the header names the 18 columns in their order (either layout); every line has 18
 * fields; dates are AAAAMMJJ; amounts have a decimal comma (or point); every entry (JournalCode +
 * EcritureNum) balances. The first fault refuses the whole file, with its line number.
 */
export function parseFec(bytes: Uint8Array): FecFile | FecError {
  const decoded = decodeFec(bytes);
  if ('message' in decoded) return decoded;
  const rows = decoded.text.split(/\r\n|\n|\r/);
  while (rows.length > 0 && rows[rows.length - 1].trim() === '') rows.pop();
  if (rows.length === 0) return fail(1, 'fichier vide : l’en-tête des 18 colonnes du FEC est attendu.');
  const header = rows[0];
  const separator: '\t' | '|' = header.includes('\t') ? '\t' : '|';
  const names = header.split(separator).map(norm);
  if (names.length !== 18) {
    return fail(1, `${names.length} colonne(s) dans l’en-tête au lieu des 18 du FEC (séparateur tabulation ou barre verticale « | »).`);
  }
  let layout: FecLayout;
  if (names.every((n, i) => n === norm(FEC_COLUMNS[i]))) layout = 'debit-credit';
  else if (names.every((n, i) => n === norm(FEC_COLUMNS_SENS[i]))) layout = 'montant-sens';
  else {
    const i = names.findIndex((n, k) => n !== norm(FEC_COLUMNS[k]) && n !== norm(FEC_COLUMNS_SENS[k]));
    return fail(1, `colonne ${i + 1} « ${header.split(separator)[i]?.trim() ?? ''} » au lieu de « ${FEC_COLUMNS[i]} » : en-tête du FEC non reconnu.`);
  }

  const lines: FecLine[] = [];
  for (let r = 1; r < rows.length; r++) {
    const n = r + 1;
    const raw = rows[r];
    if (raw.trim() === '') return fail(n, 'ligne vide au milieu du fichier.');
    const f = raw.split(separator);
    if (f.length !== 18) return fail(n, `${f.length} colonne(s) au lieu de 18.`);
    const [journal, journalLib, ecritureNum, ecritureDate, account, accountLib, auxAccount, , pieceRef, pieceDate, label] = f.map((s) => s.trim());
    if (journal === '') return fail(n, 'JournalCode vide.');
    if (ecritureNum === '') return fail(n, 'EcritureNum vide.');
    if (account === '') return fail(n, 'CompteNum vide.');
    const date = fecDate(ecritureDate);
    if (!date) return fail(n, `EcritureDate « ${ecritureDate} » n’est pas une date AAAAMMJJ.`);
    for (const [name, value] of [
      ['PieceDate', pieceDate],
      ['DateLet', f[14].trim()],
      ['ValidDate', f[15].trim()],
    ] as const) {
      if (value !== '' && !fecDate(value)) return fail(n, `${name} « ${value} » n’est pas une date AAAAMMJJ.`);
    }
    let debitCents: number;
    let creditCents: number;
    if (layout === 'debit-credit') {
      const d = fecAmount(f[11]);
      const c = fecAmount(f[12]);
      if (d === null) return fail(n, `Debit « ${f[11].trim()} » n’est pas un montant (ex. 1234,56).`);
      if (c === null) return fail(n, `Credit « ${f[12].trim()} » n’est pas un montant (ex. 1234,56).`);
      // A negative debit is a credit (and the other way round): some packages export them so.
      debitCents = Math.max(d, 0) + Math.max(-c, 0);
      creditCents = Math.max(c, 0) + Math.max(-d, 0);
    } else {
      const a = fecAmount(f[11]);
      if (a === null) return fail(n, `Montant « ${f[11].trim()} » n’est pas un montant (ex. 1234,56).`);
      const sens = f[12].trim().toUpperCase();
      const debit = sens === 'D' || sens === '+1' || sens === '1';
      const credit = sens === 'C' || sens === '-1';
      if (!debit && !credit) return fail(n, `Sens « ${f[12].trim()} » : D ou C (ou +1 / -1) attendu.`);
      const signed = debit ? a : -a;
      debitCents = Math.max(signed, 0);
      creditCents = Math.max(-signed, 0);
    }
    lines.push({ line: n, journal, journalLib, ecritureNum, date, account, accountLib, auxAccount, pieceRef, label, debitCents, creditCents });
  }

  // Every entry balances (debit = credit), in the order its first line appears.
  const entries = new Map<string, { first: number; debit: number; credit: number; journal: string; num: string }>();
  for (const l of lines) {
    const key = `${l.journal}\u0000${l.ecritureNum}`;
    const e = entries.get(key) ?? { first: l.line, debit: 0, credit: 0, journal: l.journal, num: l.ecritureNum };
    e.debit += l.debitCents;
    e.credit += l.creditCents;
    entries.set(key, e);
  }
  for (const e of entries.values()) {
    if (e.debit !== e.credit) {
      return fail(e.first, `écriture ${e.journal} n° ${e.num} déséquilibrée : débit ${formatEuros(e.debit)}, crédit ${formatEuros(e.credit)}.`);
    }
  }
  return { encoding: decoded.encoding, separator, layout, lines };
}

// --- Mapping -------------------------------------------------------------------------------

/** The rule for an account in a journal: the longest matching prefix; at equal length, a rule naming the journal. */
export function matchRule(rules: readonly MappingRule[], account: string, journal: string): MappingRule | null {
  let best: MappingRule | null = null;
  for (const r of rules) {
    if (!account.startsWith(r.account)) continue;
    if (r.journal != null && r.journal !== journal) continue;
    if (
      best === null ||
      r.account.length > best.account.length ||
      (r.account.length === best.account.length && r.journal != null && best.journal == null)
    ) {
      best = r;
    }
  }
  return best;
}

export type LineKind = 'charge' | 'receipt' | 'other';

/** Class 6: charges; 73 (concours publics) and 74 (subventions): receipts of the contract. */
export function lineKind(account: string): LineKind {
  if (account.startsWith('6')) return 'charge';
  if (account.startsWith('73') || account.startsWith('74')) return 'receipt';
  return 'other';
}

/**
 * Duplicate key of every line: JournalCode, EcritureNum, CompteNum, signed amount (debit − credit)
 * and the rank of the line among identical ones of the same entry (1, 2, …). The same line in a
 * file that overlaps an earlier one gets the same key.
 */
export function duplicateKeys(lines: readonly FecLine[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((l) => {
    const base = [l.journal, l.ecritureNum, l.account, String(l.debitCents - l.creditCents)].join('|');
    const rank = (seen.get(base) ?? 0) + 1;
    seen.set(base, rank);
    return `${base}|${rank}`;
  });
}

// --- Import plan ---------------------------------------------------------------------------

export type UnmatchedReason = 'no_rule' | 'outside_contract' | 'mission_not_in_contract' | 'refund_without_entry';

export const UNMATCHED_LABELS: Record<UnmatchedReason, string> = {
  no_rule: 'aucune règle ne couvre ce compte',
  outside_contract: 'date en dehors du contrat (ou dans le futur)',
  mission_not_in_contract: 'mission non retenue au contrat',
  refund_without_entry: 'avoir sans dépense à corriger (même mission et catégorie, antérieure)',
};

export interface UnmatchedLine {
  line: number;
  journal: string;
  ecritureNum: string;
  date: IsoDate;
  account: string;
  label: string;
  /** Signed: a charge is positive, a refund negative. */
  amountCents: number;
  reason: UnmatchedReason;
  /** French explanation. */
  message: string;
}

/** A spending entry already in the books, with its amount in force (what a refund may lower). */
export interface ExistingEntry {
  id: number;
  spentOn: IsoDate;
  mission: MissionCode | null;
  category: SpendingCategory;
  effectiveCents: number;
  /** The FEC account it was imported from, if any. */
  account: string | null;
}

export interface PlannedCharge {
  key: string;
  line: FecLine;
  mission: MissionCode | null;
  category: SpendingCategory;
  amountCents: number;
}

/** A refund, applied as corrections of earlier entries (existing ids, or the index of a planned charge). */
export interface PlannedRefund {
  key: string;
  line: FecLine;
  mission: MissionCode | null;
  category: SpendingCategory;
  amountCents: number;
  corrections: { target: { entryId: number } | { chargeIndex: number }; deltaCents: number }[];
}

export interface PlannedReceipt {
  key: string;
  line: FecLine;
  amountCents: number;
}

export interface PaymentForMatch {
  id: number;
  receivedOn: IsoDate;
  /** The payment with its corrections. */
  amountCents: number;
}

export interface ReconciliationLine {
  line: number | null;
  date: IsoDate;
  amountCents: number;
  paymentId: number | null;
  account: string;
  label: string;
  /** Days between the receipt and the payment's date, when matched. */
  gapDays: number | null;
}

export interface ImportTotal {
  mission: MissionCode | null;
  category: SpendingCategory;
  cents: number;
  lines: number;
}

export interface FecPlan {
  charges: PlannedCharge[];
  refunds: PlannedRefund[];
  receipts: PlannedReceipt[];
  /** What the import adds, per mission and category (charges minus refunds). */
  totals: ImportTotal[];
  duplicatesSkipped: number;
  unmatched: UnmatchedLine[];
  reconciliation: ReconciliationLine[];
  /** Recorded payments no receipt of the file matches (within the file's period). */
  paymentsWithoutReceipt: PaymentForMatch[];
  /** First and last date of the file's lines. */
  period: { from: IsoDate; to: IsoDate } | null;
}

export interface PlanInput {
  file: FecFile;
  rules: readonly MappingRule[];
  contract: { signedOn: IsoDate; endsOn: IsoDate; missions: readonly { code: MissionCode }[] };
  today: IsoDate;
  /** Keys of the lines already imported into this contract. */
  knownKeys: ReadonlySet<string>;
  entries: readonly ExistingEntry[];
  payments: readonly PaymentForMatch[];
}

/** A receipt matches a payment of the same amount within this many days. */
export const RECONCILIATION_WINDOW_DAYS = 31;

/**
 * What an import writes: charges of class 6 that a rule maps become spending entries; credits on
 * charge accounts (refunds) lower earlier entries of the same mission and category (as
 * corrections, the ledger's way); lines already imported (same key) are skipped; the rest of the
 * charge lines are listed as unmatched. Receipts on 73/74 accounts are matched with payments.
 */
export function planImport(input: PlanInput): FecPlan {
  const { file, rules, contract, today } = input;
  const keys = duplicateKeys(file.lines);
  const charges: PlannedCharge[] = [];
  const refundLines: { key: string; line: FecLine; mission: MissionCode | null; category: SpendingCategory; amountCents: number }[] = [];
  const receipts: PlannedReceipt[] = [];
  const allReceipts: PlannedReceipt[] = [];
  const unmatched: UnmatchedLine[] = [];
  let duplicatesSkipped = 0;

  const unmatch = (l: FecLine, amountCents: number, reason: UnmatchedReason, detail = '') =>
    unmatched.push({
      line: l.line,
      journal: l.journal,
      ecritureNum: l.ecritureNum,
      date: l.date,
      account: l.account,
      label: l.label,
      amountCents,
      reason,
      message: `Ligne ${l.line} (${l.journal} n° ${l.ecritureNum}, compte ${l.account}, ${formatEuros(amountCents)}) : ${UNMATCHED_LABELS[reason]}${detail}.`,
    });

  file.lines.forEach((l, i) => {
    const key = keys[i];
    const kind = lineKind(l.account);
    if (kind === 'other') return;
    if (kind === 'receipt') {
      const amountCents = l.creditCents - l.debitCents;
      if (amountCents === 0) return;
      const r = { key, line: l, amountCents };
      allReceipts.push(r);
      if (input.knownKeys.has(key)) duplicatesSkipped++;
      else receipts.push(r);
      return;
    }
    const amountCents = l.debitCents - l.creditCents;
    if (amountCents === 0) return;
    if (input.knownKeys.has(key)) {
      duplicatesSkipped++;
      return;
    }
    const rule = matchRule(rules, l.account, l.journal);
    if (!rule) return unmatch(l, amountCents, 'no_rule');
    if (rule.mission !== null && !hasMission(contract, rule.mission)) {
      return unmatch(l, amountCents, 'mission_not_in_contract', ` (${MISSION_LABELS[rule.mission]})`);
    }
    if (compareIso(l.date, contract.signedOn) < 0 || compareIso(l.date, contract.endsOn) > 0 || compareIso(l.date, today) > 0) {
      return unmatch(l, amountCents, 'outside_contract', ` (${formatDateFr(l.date)} ; contrat du ${formatDateFr(contract.signedOn)} au ${formatDateFr(contract.endsOn)})`);
    }
    if (amountCents > 0) charges.push({ key, line: l, mission: rule.mission, category: rule.category, amountCents });
    else refundLines.push({ key, line: l, mission: rule.mission, category: rule.category, amountCents });
  });

  // Refunds, in date order, lower what is left of earlier entries of their mission and category:
  // the same account first, then the latest. A refund that cannot be absorbed whole is listed.
  const pool: { target: { entryId: number } | { chargeIndex: number }; spentOn: IsoDate; mission: MissionCode | null; category: SpendingCategory; account: string | null; left: number; order: number }[] = [
    ...input.entries.map((e) => ({ target: { entryId: e.id }, spentOn: e.spentOn, mission: e.mission, category: e.category, account: e.account, left: e.effectiveCents, order: e.id })),
    ...charges.map((c, i) => ({ target: { chargeIndex: i }, spentOn: c.line.date, mission: c.mission, category: c.category, account: c.line.account, left: c.amountCents, order: Number.MAX_SAFE_INTEGER - charges.length + i })),
  ];
  const refunds: PlannedRefund[] = [];
  for (const r of [...refundLines].sort((a, b) => compareIso(a.line.date, b.line.date) || a.line.line - b.line.line)) {
    const candidates = pool
      .filter((p) => p.mission === r.mission && p.category === r.category && p.left > 0 && compareIso(p.spentOn, r.line.date) <= 0)
      .sort((a, b) => Number(b.account === r.line.account) - Number(a.account === r.line.account) || compareIso(b.spentOn, a.spentOn) || b.order - a.order);
    const available = candidates.reduce((s, p) => s + p.left, 0);
    let due = -r.amountCents;
    if (available < due) {
      unmatch(r.line, r.amountCents, 'refund_without_entry', ` (${formatEuros(available)} disponibles)`);
      continue;
    }
    const corrections: PlannedRefund['corrections'] = [];
    for (const p of candidates) {
      if (due === 0) break;
      const take = Math.min(p.left, due);
      p.left -= take;
      due -= take;
      corrections.push({ target: p.target, deltaCents: -take });
    }
    refunds.push({ ...r, corrections });
  }

  const totalsMap = new Map<string, ImportTotal>();
  for (const x of [...charges, ...refunds]) {
    const k = `${x.mission ?? ''}|${x.category}`;
    const t = totalsMap.get(k) ?? { mission: x.mission, category: x.category, cents: 0, lines: 0 };
    t.cents += x.amountCents;
    t.lines += 1;
    totalsMap.set(k, t);
  }
  const totals = [...totalsMap.values()].sort((a, b) => (a.mission ?? '').localeCompare(b.mission ?? '') || a.category.localeCompare(b.category));

  const dates = file.lines.map((l) => l.date).sort(compareIso);
  const period = dates.length > 0 ? { from: dates[0], to: dates[dates.length - 1] } : null;
  const { reconciliation, paymentsWithoutReceipt } = reconcile(allReceipts.map((r) => ({ line: r.line.line, date: r.line.date, amountCents: r.amountCents, account: r.line.account, label: r.line.label })), input.payments, period);
  return { charges, refunds, receipts, totals, duplicatesSkipped, unmatched: unmatched.sort((a, b) => a.line - b.line), reconciliation, paymentsWithoutReceipt, period };
}

/**
 * Receipts against recorded payments: each receipt takes the payment of the same amount nearest
 * in date (within RECONCILIATION_WINDOW_DAYS), each payment once. Receipts left without a payment,
 * and payments of the period left without a receipt, are the differences.
 */
export function reconcile(
  receipts: readonly { line: number | null; date: IsoDate; amountCents: number; account: string; label: string }[],
  payments: readonly PaymentForMatch[],
  period: { from: IsoDate; to: IsoDate } | null,
): { reconciliation: ReconciliationLine[]; paymentsWithoutReceipt: PaymentForMatch[] } {
  const used = new Set<number>();
  const ordered = [...receipts].sort((a, b) => compareIso(a.date, b.date) || (a.line ?? 0) - (b.line ?? 0));
  const reconciliation = ordered.map((r) => {
    let best: PaymentForMatch | null = null;
    let bestGap = Infinity;
    for (const p of payments) {
      if (used.has(p.id) || p.amountCents !== r.amountCents) continue;
      const gap = Math.abs(daysBetween(p.receivedOn, r.date));
      if (gap <= RECONCILIATION_WINDOW_DAYS && (gap < bestGap || (gap === bestGap && best !== null && p.id < best.id))) {
        best = p;
        bestGap = gap;
      }
    }
    if (best) used.add(best.id);
    return { line: r.line, date: r.date, amountCents: r.amountCents, paymentId: best?.id ?? null, account: r.account, label: r.label, gapDays: best ? bestGap : null };
  });
  const paymentsWithoutReceipt = payments.filter(
    (p) => !used.has(p.id) && p.amountCents !== 0 && (period === null || (compareIso(p.receivedOn, period.from) >= 0 && compareIso(p.receivedOn, period.to) <= 0)),
  );
  return { reconciliation, paymentsWithoutReceipt };
}
