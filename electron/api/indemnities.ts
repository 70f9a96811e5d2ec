// The register of professionals' indemnities (issue 14): import of the CSV register (each time
// entry generates its spending entry, category indemnites_ps, on its mission), the view per
// professional and civil year against the PASS. An entry past the PASS is refused unless the
// call confirms it (confirmOverCeiling); it is then recorded flagged. Thin: the rules are in
// shared/domain/indemnities.ts and pass.ts; rows go through electron/db/repo/books.ts, spending
// entries through the spending repository.
import type { ApiParsed } from '../../shared/api';
import type { IndemnitiesView, IndemnityEntryResult, IndemnityImportResult, ProfessionalResult, ProfessionalYear } from '../../shared/booksViews';
import type { IsoDate } from '../../shared/dates';
import { ceilingVerdicts, entryAmountCents, indemnityComment, isRegisterError, nextRegisterKey, parseRegister, registerKeys, type RegisterRow } from '../../shared/domain/indemnities';
import type { MissionCode } from '../../shared/domain/missions';
import { ceilingCheck, PASS_TABLE } from '../../shared/domain/pass';
import { spendingRefusal } from '../../shared/domain/spending';
import { formatEuros } from '../../shared/money';
import { hoursCentiOf } from '../../shared/schemas/books';
import { indemnityEntries, insertIndemnity, insertProfessional, professionals, updateProfessional } from '../db/repo/books';
import { insertSpending } from '../db/repo/spending';
import { AppError, invalid, type ApiContext } from './context';
import { loadContract } from '../db/repo/contracts';

const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').trim().toLowerCase();

export async function indemnitiesView(ctx: ApiContext, contractId: number, year: number | null): Promise<IndemnitiesView> {
  const pros = await professionals(ctx.db, contractId);
  const proOf = new Map(pros.map((p) => [p.id, p]));
  const all = await indemnityEntries(ctx.db, contractId);
  const entries = all.filter((e) => year === null || Number(e.workedOn.slice(0, 4)) === year);
  const groups = new Map<string, ProfessionalYear>();
  for (const e of entries) {
    const p = proOf.get(e.professionalId)!;
    const y = Number(e.workedOn.slice(0, 4));
    const key = `${p.id}|${y}`;
    const g = groups.get(key) ?? {
      professionalId: p.id,
      name: p.name,
      profession: p.profession,
      rpps: p.rpps,
      year: y,
      totalCents: 0,
      indemniteCents: 0,
      remunerationCents: 0,
      hoursCenti: 0,
      ceilingCents: null,
      share: null,
      level: 'ok' as const,
      flaggedEntries: 0,
      warning: null,
    };
    g.totalCents += e.amountCents;
    if (e.kind === 'indemnite') g.indemniteCents += e.amountCents;
    else g.remunerationCents += e.amountCents;
    g.hoursCenti += e.hoursCenti;
    if (e.overCeiling) g.flaggedEntries += 1;
    groups.set(key, g);
  }
  const perProfessional = [...groups.values()]
    .map((g) => {
      const c = ceilingCheck(g.name, g.year, g.totalCents);
      return { ...g, ceilingCents: c.ceilingCents, share: c.share, level: c.level, warning: c.message };
    })
    .sort((a, b) => a.year - b.year || a.name.localeCompare(b.name, 'fr'));
  return {
    contractId,
    year,
    professionals: pros.map((p) => ({ id: p.id, name: p.name, profession: p.profession, rpps: p.rpps })),
    perProfessional,
    entries: entries.map((e) => {
      const p = proOf.get(e.professionalId)!;
      return {
        id: e.id,
        professionalId: p.id,
        name: p.name,
        profession: p.profession,
        workedOn: e.workedOn,
        mission: e.mission,
        hours: e.hoursCenti / 100,
        kind: e.kind,
        rateCents: e.rateCents,
        amountCents: e.amountCents,
        overCeiling: e.overCeiling,
        spendingId: e.spendingId,
      };
    }),
    pass: PASS_TABLE.map((p) => ({ year: p.year, cents: p.cents, source: p.source })),
    warnings: perProfessional.flatMap((p) => (p.warning ? [p.warning] : [])),
  };
}

export async function getIndemnities(ctx: ApiContext, input: ApiParsed<'indemnities.get'>): Promise<IndemnitiesView> {
  const c = await loadContract(ctx.db, input.contractId);
  return indemnitiesView(ctx, c.id, input.year ?? null);
}

type EntryToRecord = Pick<RegisterRow, 'name' | 'profession' | 'workedOn' | 'mission' | 'hoursCenti' | 'kind' | 'rateCents' | 'amountCents'>;

/** Writes one time entry and the spending entry it generates (category indemnites_ps, on its mission). */
async function recordEntry(
  ctx: ApiContext,
  contractId: number,
  professionalId: number,
  r: EntryToRecord,
  o: { documentRef: string; overCeiling: boolean; key: string },
): Promise<{ entryId: number; spendingId: number }> {
  const spendingId = await insertSpending(ctx.db, {
    contractId,
    spentOn: r.workedOn,
    mission: r.mission,
    category: 'indemnites_ps',
    amountCents: r.amountCents,
    documentRef: o.documentRef.slice(0, 200),
    comment: indemnityComment(r).slice(0, 500),
  });
  const entryId = await insertIndemnity(ctx.db, {
    contractId,
    professionalId,
    workedOn: r.workedOn,
    mission: r.mission,
    hoursCenti: r.hoursCenti,
    kind: r.kind,
    rateCents: r.rateCents,
    amountCents: r.amountCents,
    overCeiling: o.overCeiling,
    key: o.key,
    spendingId,
  });
  return { entryId, spendingId };
}

async function runImport(ctx: ApiContext, input: ApiParsed<'indemnities.import'>, dryRun: boolean): Promise<IndemnityImportResult> {
  const c = await loadContract(ctx.db, input.contractId);
  const rows = parseRegister(input.csv);
  if (isRegisterError(rows)) throw invalid('csv', `Registre ${input.fileName} refusé. ${rows.message}`);
  for (const r of rows) {
    const refusal = spendingRefusal(c, { spentOn: r.workedOn, mission: r.mission }, ctx.today());
    if (refusal) throw invalid('csv', `Registre ${input.fileName} refusé. Ligne ${r.line} : ${refusal.message.replace('Date de la dépense', 'date')}`);
  }
  const pros = await professionals(ctx.db, c.id);
  const proByName = new Map(pros.map((p) => [fold(p.name), p]));
  for (const r of rows) {
    const p = proByName.get(fold(r.name));
    if (p && fold(p.profession) !== fold(r.profession)) {
      throw invalid('csv', `Registre ${input.fileName} refusé. Ligne ${r.line} : ${r.name} est inscrit(e) comme ${p.profession}, pas ${r.profession}.`);
    }
  }
  const existing = await indemnityEntries(ctx.db, c.id);
  const known = new Set(existing.map((e) => e.key));
  const keys = registerKeys(rows);
  const fresh = rows.filter((_, i) => !known.has(keys[i]));
  const nameOfPro = new Map(pros.map((p) => [p.id, p.name]));
  const verdicts = ceilingVerdicts(
    existing.map((e) => ({ name: nameOfPro.get(e.professionalId) ?? '', workedOn: e.workedOn, amountCents: e.amountCents })),
    fresh,
  );
  const over = verdicts.filter((v) => v.level === 'over');
  if (over.length > 0 && !input.confirmOverCeiling && !dryRun) {
    const lines = over.map((v) => `ligne ${v.line} (${v.name}, ${v.year} : ${formatEuros(v.totalCents)} pour un plafond de ${formatEuros(v.ceilingCents ?? 0)})`);
    throw new AppError(
      'VALIDATION',
      `Registre ${input.fileName} : ${over.length} saisie(s) dépasse(nt) le plafond annuel de la sécurité sociale (PASS) : ${lines.join(' ; ')}. ` +
        'Rien n’a été enregistré ; confirmez explicitement le dépassement pour les enregistrer (elles resteront signalées).',
      { confirmOverCeiling: 'Dépassement du plafond : confirmation nécessaire.' },
    );
  }
  let professionalsAdded = 0;
  if (!dryRun) {
    for (const [i, r] of fresh.entries()) {
      let p = proByName.get(fold(r.name));
      if (!p) {
        const id = await insertProfessional(ctx.db, { contractId: c.id, name: r.name, profession: r.profession, rpps: r.rpps });
        p = { id, name: r.name, profession: r.profession, rpps: r.rpps };
        proByName.set(fold(r.name), p);
        professionalsAdded++;
      }
      await recordEntry(ctx, c.id, p.id, r, {
        documentRef: `Registre des indemnités (${input.fileName}, ligne ${r.line})`,
        overCeiling: verdicts[i].level === 'over',
        key: keys[rows.indexOf(r)],
      });
    }
  }
  return {
    imported: fresh.length,
    duplicatesSkipped: rows.length - fresh.length,
    professionalsAdded,
    overCeiling: over.map((v) => ({ line: v.line, name: v.name, year: v.year, totalCents: v.totalCents, ceilingCents: v.ceilingCents ?? 0 })),
    warnings: verdicts.filter((v) => v.message !== null).map((v) => `Ligne ${v.line} : ${v.message}`),
    view: await indemnitiesView(ctx, c.id, null),
  };
}

export const previewIndemnities = (ctx: ApiContext, input: ApiParsed<'indemnities.preview'>) => runImport(ctx, input, true);
export const importIndemnities = (ctx: ApiContext, input: ApiParsed<'indemnities.import'>) => runImport(ctx, input, false);

export async function addProfessional(ctx: ApiContext, input: ApiParsed<'indemnities.addProfessional'>): Promise<ProfessionalResult> {
  const c = await loadContract(ctx.db, input.contractId);
  const pros = await professionals(ctx.db, c.id);
  const same = pros.find((p) => fold(p.name) === fold(input.name));
  if (same) throw invalid('name', `Nom du professionnel : ${same.name} est déjà inscrit(e) au registre (${same.profession}).`);
  const professionalId = await insertProfessional(ctx.db, { contractId: c.id, name: input.name, profession: input.profession, rpps: input.rpps });
  return { professionalId, view: await indemnitiesView(ctx, c.id, null) };
}

export async function editProfessional(ctx: ApiContext, input: ApiParsed<'indemnities.updateProfessional'>): Promise<ProfessionalResult> {
  const c = await loadContract(ctx.db, input.contractId);
  const p = (await professionals(ctx.db, c.id)).find((x) => x.id === input.professionalId);
  if (!p) throw invalid('professionalId', `Professionnel n° ${input.professionalId} : inconnu au registre de ce contrat.`);
  await updateProfessional(ctx.db, { id: p.id, profession: input.profession, rpps: input.rpps });
  return { professionalId: p.id, view: await indemnitiesView(ctx, c.id, null) };
}

/**
 * One time entry typed on screen: the register's rules (mission of the contract, date within it
 * and not in the future, the PASS: warning from 80 %, past it only with confirmOverCeiling, then
 * flagged); it generates its spending entry like an imported row.
 */
export async function addIndemnityEntry(ctx: ApiContext, input: ApiParsed<'indemnities.addEntry'>): Promise<IndemnityEntryResult> {
  const c = await loadContract(ctx.db, input.contractId);
  const pros = await professionals(ctx.db, c.id);
  const p = pros.find((x) => x.id === input.professionalId);
  if (!p) throw invalid('professionalId', `Professionnel n° ${input.professionalId} : inconnu au registre de ce contrat.`);
  const workedOn = input.workedOn as IsoDate;
  const mission: MissionCode | null = input.mission;
  const refusal = spendingRefusal(c, { spentOn: workedOn, mission }, ctx.today());
  if (refusal) {
    const field = refusal.field === 'spentOn' ? 'workedOn' : refusal.field;
    throw invalid(field, refusal.message.replace('Date de la dépense', 'Date'));
  }
  const hoursCenti = hoursCentiOf(input.hours);
  const amountCents = entryAmountCents(hoursCenti, input.rateCents, input.amountCents);
  if (amountCents === null) throw invalid('amountCents', 'Montant : indiquez le montant ou le taux horaire.');
  if (amountCents <= 0) throw invalid('amountCents', 'Montant : doit être positif (heures × taux arrondi au centime).');
  const row: RegisterRow = {
    line: 1,
    name: p.name,
    profession: p.profession,
    rpps: p.rpps,
    workedOn,
    mission,
    hoursCenti,
    kind: input.kind,
    rateCents: input.rateCents,
    amountCents,
  };
  const existing = await indemnityEntries(ctx.db, c.id);
  const nameOfPro = new Map(pros.map((x) => [x.id, x.name]));
  const [verdict] = ceilingVerdicts(
    existing.map((e) => ({ name: nameOfPro.get(e.professionalId) ?? '', workedOn: e.workedOn, amountCents: e.amountCents })),
    [row],
  );
  if (verdict.level === 'over' && !input.confirmOverCeiling) {
    const message =
      `${p.name}, ${verdict.year} : avec cette saisie, ${formatEuros(verdict.totalCents)} pour un plafond annuel de la sécurité sociale de ${formatEuros(verdict.ceilingCents ?? 0)}. ` +
      'Rien n’a été enregistré ; confirmez explicitement le dépassement pour l’enregistrer (elle restera signalée).';
    throw new AppError('VALIDATION', message, { confirmOverCeiling: message });
  }
  const { entryId, spendingId } = await recordEntry(ctx, c.id, p.id, row, {
    documentRef: `Registre des indemnités (saisie du ${ctx.today()})`,
    overCeiling: verdict.level === 'over',
    key: nextRegisterKey(
      existing.map((e) => e.key),
      row,
    ),
  });
  return { entryId, spendingId, amountCents, level: verdict.level, warning: verdict.message, view: await indemnitiesView(ctx, c.id, null) };
}
