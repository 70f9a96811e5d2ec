// The treasurer's books (issue 14): FEC preview and import into spending, the mapping rules of a
// contract, the reconciliation of receipts with payments. Thin: parsing, mapping and planning are
// in shared/domain/fec.ts; rows are read and written through electron/db/repo/books.ts, and
// spending entries and their corrections through the spending repository (the ledger's own way:
// a refund is a correction of an earlier entry).
import { createHash } from 'node:crypto';
import type { ApiParsed } from '../../shared/api';
import type { BooksView, FecImportResult } from '../../shared/booksViews';
import { isFecError, parseFec, planImport, reconcile, type ImportTotal } from '../../shared/domain/fec';
import type { MappingRule } from '../../shared/schemas/books';
import {
  currentRules,
  entriesForRefunds,
  fecImports,
  insertFecImport,
  insertFecLine,
  insertRules,
  knownFecKeys,
  linkFecCorrection,
  paymentsForMatch,
  storedFecLines,
} from '../db/repo/books';
import { insertSpending, insertSpendingCorrection } from '../db/repo/spending';
import { missionRefusal } from '../../shared/domain/spending';
import { forecast, type Forecast } from '../../shared/domain/forecast';
import { compareIso } from '../../shared/dates';
import { invalid, type ApiContext } from './context';
import { loadContract } from '../db/repo/contracts';
import { fundingView } from './funding';
import { getSpending } from './spending';

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

async function runImport(ctx: ApiContext, input: ApiParsed<'books.importFec'>, dryRun: boolean): Promise<FecImportResult> {
  const c = await loadContract(ctx.db, input.contractId);
  const bytes = Buffer.from(input.file.contentBase64, 'base64');
  const file = parseFec(bytes);
  if (isFecError(file)) throw invalid('file', `Fichier FEC ${input.file.fileName} refusé. ${file.message}`);
  const saved = await currentRules(ctx.db, c.id);
  const rules: MappingRule[] = input.rules ?? saved?.rules ?? [];
  for (const [i, r] of rules.entries()) {
    const refusal = missionRefusal(c, r.mission);
    if (refusal) throw invalid(`rules.${i}.mission`, `Règle ${i + 1} (compte ${r.account}) : ${refusal.message}`);
  }
  const plan = planImport({
    file,
    rules,
    contract: c,
    today: ctx.today(),
    knownKeys: await knownFecKeys(ctx.db, c.id),
    entries: await entriesForRefunds(ctx.db, c.id),
    payments: await paymentsForMatch(ctx.db, c.id),
  });
  const imported = plan.charges.length + plan.refunds.length;
  let importId: number | null = null;
  if (!dryRun) {
    if (input.rules && JSON.stringify(input.rules) !== JSON.stringify(saved?.rules ?? null)) await insertRules(ctx.db, c.id, input.rules);
    importId = await insertFecImport(ctx.db, {
      contractId: c.id,
      fileName: input.file.fileName,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      encoding: file.encoding,
      layout: file.layout,
      lineCount: file.lines.length,
      importedCount: imported,
      duplicatesSkipped: plan.duplicatesSkipped,
      unmatchedCount: plan.unmatched.length,
      period: plan.period,
    });
    const base = (l: (typeof plan.charges)[number]['line']) => ({
      importId: importId!,
      contractId: c.id,
      lineNo: l.line,
      journal: l.journal,
      ecritureNum: l.ecritureNum,
      date: l.date,
      account: l.account,
      label: l.label,
    });
    const chargeIds: number[] = [];
    for (const ch of plan.charges) {
      const l = ch.line;
      const spendingId = await insertSpending(ctx.db, {
        contractId: c.id,
        spentOn: l.date,
        mission: ch.mission,
        category: ch.category,
        amountCents: ch.amountCents,
        documentRef: clip(l.pieceRef || `FEC ${l.journal} ${l.ecritureNum}`, 200),
        comment: clip(`FEC ${input.file.fileName}, ${l.journal} n° ${l.ecritureNum}, compte ${l.account} : ${l.label}`, 500),
      });
      chargeIds.push(spendingId);
      await insertFecLine(ctx.db, { ...base(l), key: ch.key, kind: 'charge', amountCents: ch.amountCents, mission: ch.mission, category: ch.category, spendingId });
    }
    for (const rf of plan.refunds) {
      const l = rf.line;
      const lineId = await insertFecLine(ctx.db, { ...base(l), key: rf.key, kind: 'refund', amountCents: rf.amountCents, mission: rf.mission, category: rf.category, spendingId: null });
      for (const k of rf.corrections) {
        const spendingId = 'entryId' in k.target ? k.target.entryId : chargeIds[k.target.chargeIndex];
        const correctionId = await insertSpendingCorrection(ctx.db, {
          contractId: c.id,
          spendingId,
          correctedOn: l.date,
          deltaCents: k.deltaCents,
          reason: clip(`Avoir (FEC ${input.file.fileName}, ${l.journal} n° ${l.ecritureNum}, compte ${l.account}) : ${l.label || 'sans libellé'}`, 500),
        });
        await linkFecCorrection(ctx.db, lineId, correctionId);
      }
    }
    for (const r of plan.receipts) {
      await insertFecLine(ctx.db, { ...base(r.line), key: r.key, kind: 'receipt', amountCents: r.amountCents, mission: null, category: null, spendingId: null });
    }
  }
  return {
    dryRun,
    fileName: input.file.fileName,
    encoding: file.encoding,
    layout: file.layout,
    lineCount: file.lines.length,
    period: plan.period,
    totals: plan.totals,
    imported,
    receiptsRecorded: plan.receipts.length,
    duplicatesSkipped: plan.duplicatesSkipped,
    unmatched: plan.unmatched,
    reconciliation: plan.reconciliation,
    paymentsWithoutReceipt: plan.paymentsWithoutReceipt,
    rules,
    importId,
  };
}

export const previewFec = (ctx: ApiContext, input: ApiParsed<'books.previewFec'>) => runImport(ctx, input, true);
export const importFec = (ctx: ApiContext, input: ApiParsed<'books.importFec'>) => runImport(ctx, input, false);

async function booksView(ctx: ApiContext, contractId: number): Promise<BooksView> {
  const saved = await currentRules(ctx.db, contractId);
  const lines = await storedFecLines(ctx.db, contractId);
  const receipts = lines.filter((l) => l.kind === 'receipt');
  const dates = receipts.map((r) => r.date).sort();
  const { reconciliation, paymentsWithoutReceipt } = reconcile(
    receipts.map((r) => ({ line: r.line, date: r.date, amountCents: r.amountCents, account: r.account, label: r.label })),
    await paymentsForMatch(ctx.db, contractId),
    dates.length > 0 ? { from: dates[0], to: dates[dates.length - 1] } : null,
  );
  const totals = new Map<string, ImportTotal>();
  for (const l of lines) {
    if (l.kind === 'receipt' || l.category === null) continue;
    const key = `${l.mission ?? ''}|${l.category}`;
    const t = totals.get(key) ?? { mission: l.mission, category: l.category, cents: 0, lines: 0 };
    t.cents += l.amountCents;
    t.lines += 1;
    totals.set(key, t);
  }
  return {
    contractId,
    rules: saved?.rules ?? [],
    rulesRecordedAt: saved?.recordedAt ?? null,
    imports: (await fecImports(ctx.db, contractId)).map((i) => ({
      id: i.id,
      fileName: i.fileName,
      encoding: i.encoding,
      layout: i.layout,
      lineCount: i.lineCount,
      importedCount: i.importedCount,
      duplicatesSkipped: i.duplicatesSkipped,
      unmatchedCount: i.unmatchedCount,
      periodFrom: i.periodFrom,
      periodTo: i.periodTo,
      importedAt: i.importedAt,
    })),
    reconciliation,
    paymentsWithoutReceipt,
    importedTotals: [...totals.values()],
  };
}

export async function getBooks(ctx: ApiContext, input: { contractId: number }): Promise<BooksView> {
  const c = await loadContract(ctx.db, input.contractId);
  return booksView(ctx, c.id);
}

export async function setMappingRules(ctx: ApiContext, input: ApiParsed<'books.setRules'>): Promise<BooksView> {
  const c = await loadContract(ctx.db, input.contractId);
  for (const [i, r] of input.rules.entries()) {
    const refusal = missionRefusal(c, r.mission);
    if (refusal) throw invalid(`rules.${i}.mission`, `Règle ${i + 1} (compte ${r.account}) : ${refusal.message}`);
  }
  await insertRules(ctx.db, c.id, input.rules);
  return booksView(ctx, c.id);
}

/** The 12-month treasury forecast (shared/domain/forecast.ts) from the échéancier, the budgets and the spending. */
export async function getForecast(ctx: ApiContext, input: { contractId: number }): Promise<Forecast> {
  const c = await loadContract(ctx.db, input.contractId);
  const today = ctx.today();
  const funding = await fundingView(ctx, c);
  const spending = await getSpending(ctx, { contractId: c.id });
  const paid = (await paymentsForMatch(ctx.db, c.id)).filter((p) => compareIso(p.receivedOn, today) <= 0).reduce((s, p) => s + p.amountCents, 0);
  const spent = spending.entries.filter((e) => compareIso(e.spentOn, today) <= 0).reduce((s, e) => s + e.effectiveCents, 0);
  const years = funding.result.years.map((y) => {
    const rows = spending.rows.filter((r) => r.year === y.year);
    const budgets = rows.filter((r) => r.budgetCents !== null);
    return {
      year: y.year,
      from: y.from,
      to: y.to,
      budgetCents: budgets.length === 0 ? null : budgets.reduce((s, r) => s + (r.budgetCents ?? 0), 0),
      spentCents: rows.reduce((s, r) => s + r.spentCents, 0),
    };
  });
  return forecast({
    today,
    openingCents: paid - spent,
    tranches: funding.schedule.map((t) => ({ dueOn: t.dueOn, kind: t.kind, outstandingCents: t.outstandingCents })),
    years,
    spending: spending.entries.map((e) => ({ spentOn: e.spentOn, cents: e.effectiveCents })),
  });
}
