// Closed is closed (issue 9): closing the annual dialogue stores the money it decided; the
// échéancier, the compte rendu, the workbooks and the statement read that one figure; the year's
// annex, rates and envelopes are refused; a later change is a dated addendum, its own tranche.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { callApi } from '../../electron/api/dispatch';
import { storeMissingClosedFigures } from '../../electron/api/reviews';
import type { ApiContext } from '../../electron/api/context';
import { formatEuros } from '../../shared/money';
import { ok, openTemp, T3_CONTRACT } from './helpers';
import { dropTrigger } from './pgTest';
import { openpyxl } from './tools/readers';
import { compareOneFigure } from './tools/oneFigure';

const PARTICIPANTS = [
  { name: 'Claire Martin', organisation: 'CPTS', role: 'Présidente' },
  { name: 'Paul Durand', organisation: 'CPAM', role: 'Référent CPTS' },
  { name: 'Anne Roux', organisation: 'ARS', role: 'Chargée de mission' },
];

/**
 * T3 signed 2022-07-01; prévention starts 2023-01-01 (year-1 pro rata 181/365). Year-1 annex:
 * breast screening by paliers (3 500 €) and a yes/no convention (14 000 €) = the 17 500 € envelope.
 */
async function contractWithAnnualReview(ctx: ApiContext, opts: { extraMissions?: typeof T3_CONTRACT.missions; heldOn?: string } = {}) {
  const c = await ok(ctx, 'contract.create', { ...T3_CONTRACT, missions: [...T3_CONTRACT.missions, ...(opts.extraMissions ?? [])] });
  await ok(ctx, 'annex.create', { contractId: c.id, year: 1, copyFromYear: null });
  let annex = await ok(ctx, 'annex.addAction', { contractId: c.id, year: 1, mission: 'prevention', label: 'Dépistages organisés' });
  const actionId = annex.missions.find((m) => m.code === 'prevention')!.actions[0].id;
  await ok(ctx, 'annex.addIndicator', {
    actionId,
    label: 'Dépistage du cancer du sein',
    kind: 'result',
    unit: 'percentage',
    source: 'cpam',
    direction: 'higher',
    payment: 'paliers',
    paliers: [
      { label: 'socle', threshold: '69,70', amountCents: 100_000 },
      { label: 'intermédiaire', threshold: '72,40', amountCents: 250_000 },
      { label: 'objectif', threshold: '75', amountCents: 350_000 },
    ],
  });
  annex = await ok(ctx, 'annex.addIndicator', { actionId, label: 'Convention signée', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: '14 000' });
  const [breast, convention] = annex.missions.find((m) => m.code === 'prevention')!.actions[0].indicators;
  const review = await ok(ctx, 'reviews.create', { contractId: c.id, year: 1, kind: 'annual', heldOn: opts.heldOn ?? '2023-06-10' });
  await ok(ctx, 'reviews.update', {
    reviewId: review.id,
    participants: PARTICIPANTS,
    indicators: [
      { indicatorId: breast.id, presented: '72,9', validated: '72,9', status: 'partiel' },
      { indicatorId: convention.id, presented: 'oui', validated: 'oui', status: 'atteint' },
    ],
  });
  return { c, review, breast, convention, actionId };
}

const prevention = (f: { result: { years: { year: number; missions: { code: string; variableCents: number | null; variableClosed: boolean; variableMaxCents: number | null }[] }[] } }, year: number) =>
  f.result.years.find((y) => y.year === year)!.missions.find((m) => m.code === 'prevention')!;

describe('closing the annual dialogue freezes its year', () => {
  it('stores the variable part as the échéancier pays it (pro rata), refuses changes to the year, and takes adjustments as their own tranche', async () => {
    const { ctx, opened } = await openTemp('2023-08-01');
    const { c, review, actionId } = await contractWithAnnualReview(ctx);
    // Earned 2 500 + 14 000 = 16 500 €, prévention started 2023-01-01: × 181/365 = 8 182,19 €.
    const preview = await ok(ctx, 'reviews.closingPreview', { reviewId: review.id });
    const pv = preview.figures.missions.find((m) => m.mission === 'prevention')!;
    expect(pv.retainedCents).toBe(818_219);
    expect(pv.maxCents).toBe(867_808); // 17 500 × 181/365
    const closed = await ok(ctx, 'reviews.close', { reviewId: review.id });
    expect(closed.closedFigures!.missions.find((m) => m.mission === 'prevention')!.retainedCents).toBe(818_219);

    const before = await ok(ctx, 'funding.get', { contractId: c.id });
    expect(prevention(before, 1).variableCents).toBe(818_219);
    expect(prevention(before, 1).variableClosed).toBe(true);
    expect(before.result.years[0].closed).toBe(true);
    const tranche = before.schedule.find((t) => t.kind === 'variable' && t.mission === 'prevention' && t.year === 1)!;
    expect(tranche.amountCents).toBe(818_219);
    expect(tranche.dueOn).toBe('2023-07-01'); // dialogue held before the anniversary

    // Every change reaching year 1 is refused, names why, points to the addendum, writes nothing.
    const refusals: [string, unknown][] = [
      ['annex.addIndicator', { actionId, label: 'Nouvel indicateur', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: 50_000 }],
      ['annex.addAction', { contractId: c.id, year: 1, mission: 'parcours', label: 'Nouvelle action' }],
      ['annex.addLivrable', { actionId, label: 'Nouveau livrable' }],
      ['attainment.set', { contractId: c.id, year: 1, mission: 'parcours', ratePercent: '50' }],
      ['envelopes.set', { contractId: c.id, year: 1, line: 'variable', mission: 'prevention', cents: 2_000_000, reason: 'Avenant' }],
      ['envelopes.set', { contractId: c.id, year: null, line: 'variable', mission: 'prevention', cents: 2_000_000, reason: 'Avenant' }],
    ];
    for (const [method, input] of refusals) {
      const res = await callApi(ctx, method, input);
      expect(res.ok, method).toBe(false);
      if (!res.ok) {
        expect(res.error.code).not.toBe('INTERNAL');
        expect(res.error.message, method).toMatch(/arrêtée/);
        expect(res.error.message, method).toMatch(/addendum/);
      }
    }
    const after = await ok(ctx, 'funding.get', { contractId: c.id });
    expect(after.result).toEqual(before.result);
    // Another year stays open.
    await ok(ctx, 'envelopes.set', { contractId: c.id, year: 3, line: 'variable', mission: 'prevention', cents: 1_800_000, reason: 'Avenant année 3' });

    // A dated addendum with a negative adjustment: its own tranche, the closed figure unchanged.
    const withAddendum = await ok(ctx, 'reviews.addendum', { reviewId: review.id, addedOn: '2023-09-15', text: 'Convention signée après la date : reprise partielle.', mission: 'prevention', amountCents: '-500' });
    expect(withAddendum.addenda[0].amountCents).toBe(-50_000);
    const adjusted = await ok(ctx, 'funding.get', { contractId: c.id });
    expect(prevention(adjusted, 1).variableCents).toBe(818_219);
    const adj = adjusted.schedule.filter((t) => t.kind === 'adjustment');
    expect(adj).toHaveLength(1);
    expect(adj[0]).toMatchObject({ amountCents: -50_000, dueOn: '2023-09-15', year: 1, mission: 'prevention' });
    expect(adjusted.result.years[0].totalCents).toBe(before.result.years[0].totalCents - 50_000);
    // A recovery above what the year fixed for the mission is refused.
    const tooMuch = await callApi(ctx, 'reviews.addendum', { reviewId: review.id, addedOn: '2023-09-20', text: 'Reprise excessive', mission: 'prevention', amountCents: -1_000_000 });
    expect(tooMuch.ok).toBe(false);
    if (!tooMuch.ok) expect(tooMuch.error.fields?.amountCents).toMatch(/dépasse/);

    // The database itself refuses a rewrite of the stored figure.
    await expect(sql`UPDATE closed_mission_figure SET retained_cents = 0`.execute(opened.db)).rejects.toThrow(/ne se modifie pas/);
    await opened.close();
  });

  it('one figure: the compte rendu, the échéancier, the contract workbook and the statement agree to the cent', async () => {
    const { ctx, opened, dir } = await openTemp('2023-08-01');
    const { c, review } = await contractWithAnnualReview(ctx);
    await ok(ctx, 'reviews.close', { reviewId: review.id });
    const figures = await compareOneFigure(ctx, c.id, review.id, 1, dir);
    // Prévention earned 16 500 € of indicators × 181/365: the minutes retain what the échéancier pays.
    expect(figures.variableCents).toBe(818_219);
    await opened.close();
  });

  it('"Montant validé": the decided amount is the variable part, with no further pro rata, the computed one beside it', async () => {
    const { ctx, opened } = await openTemp('2023-08-01');
    const { c, review } = await contractWithAnnualReview(ctx);
    await ok(ctx, 'reviews.update', { reviewId: review.id, decisions: [{ kind: 'amount_validated', text: 'Montant arrêté en séance.', mission: 'prevention', amountCents: '7 000' }] });
    const preview = await ok(ctx, 'reviews.closingPreview', { reviewId: review.id });
    const pv = preview.figures.missions.find((m) => m.mission === 'prevention')!;
    expect(pv).toMatchObject({ retainedCents: 700_000, computedCents: 818_219, decided: true });
    expect(preview.open.join(' ')).toMatch(/différent du montant calculé/);
    await ok(ctx, 'reviews.close', { reviewId: review.id });
    const f = await ok(ctx, 'funding.get', { contractId: c.id });
    expect(prevention(f, 1).variableCents).toBe(700_000);
    const line = f.result.years[0].missions.find((m) => m.code === 'prevention')!.explanation.find((l) => l.amountCents === 700_000)!;
    expect(line.formula).toMatch(/Montant validé par les parties/);
    expect(line.formula).toContain(formatEuros(818_219));
    // A decided amount needs its mission and its amount.
    const second = await ok(ctx, 'reviews.create', { contractId: c.id, year: 2, kind: 'annual', heldOn: '2024-06-01' });
    const res = await callApi(ctx, 'reviews.update', { reviewId: second.id, decisions: [{ kind: 'amount_validated', text: 'Sans mission' }] });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.fields?.['decisions.0.mission']).toMatch(/choisissez la mission/);
    await opened.close();
  });

  it('a crisis recognised by the ARS at the annual review, plan carried out, pays the crisis variable envelope (pro rata)', async () => {
    const { ctx, opened } = await openTemp('2023-08-01');
    const { c, review } = await contractWithAnnualReview(ctx, { extraMissions: [{ code: 'crise_sanitaire', startedOn: '2022-07-01', deployedOn: null }] });
    const open = await ok(ctx, 'funding.get', { contractId: c.id });
    const crisis = open.result.years[0].missions.find((m) => m.code === 'crise_sanitaire')!;
    expect(crisis.variableStatus).toBe('no_crisis');
    await ok(ctx, 'reviews.update', { reviewId: review.id, decisions: [{ kind: 'crisis_recognised', text: 'Épidémie reconnue par l’ARS ; plan de crise mis en œuvre.' }] });
    await ok(ctx, 'reviews.close', { reviewId: review.id });
    const f = await ok(ctx, 'funding.get', { contractId: c.id });
    const m = f.result.years[0].missions.find((x) => x.code === 'crise_sanitaire')!;
    expect(m.variableCents).toBe(6_750_000); // 67 500 € (T3, OBS), full year
    expect(m.variableCents).toBe(m.variableMaxCents);
    expect(f.schedule.some((t) => t.kind === 'variable' && t.mission === 'crise_sanitaire' && t.amountCents === 6_750_000)).toBe(true);
    await opened.close();
  });

  it('the variable part falls due on the dialogue’s date when it is held after the anniversary', async () => {
    const { ctx, opened } = await openTemp('2023-12-01');
    const { c, review } = await contractWithAnnualReview(ctx, { heldOn: '2023-09-20' });
    const before = await ok(ctx, 'funding.get', { contractId: c.id });
    // Until the dialogue fixes it, nothing of the year-1 variable is late.
    expect(before.schedule.filter((t) => t.kind === 'variable' && t.year === 1)).toHaveLength(0);
    await ok(ctx, 'reviews.close', { reviewId: review.id });
    const f = await ok(ctx, 'funding.get', { contractId: c.id });
    const t = f.schedule.find((x) => x.kind === 'variable' && x.mission === 'prevention' && x.year === 1)!;
    expect(t.dueOn).toBe('2023-09-20');
    await opened.close();
  });

  it('reviews closed before figures were stored get theirs from the data as it stands, marked as such', async () => {
    const { ctx, opened } = await openTemp('2023-08-01');
    const { c, review } = await contractWithAnnualReview(ctx);
    await ok(ctx, 'reviews.close', { reviewId: review.id });
    // As a database written before this change: the review is closed, no figure stored.
    await dropTrigger(opened.db, 'closed_mission_figure_no_delete', 'closed_mission_figure');
    await dropTrigger(opened.db, 'closed_indicator_figure_no_delete', 'closed_indicator_figure');
    await sql`DELETE FROM closed_mission_figure`.execute(opened.db);
    await sql`DELETE FROM closed_indicator_figure`.execute(opened.db);
    expect(await storeMissingClosedFigures(opened.db)).toBe(1);
    expect(await storeMissingClosedFigures(opened.db)).toBe(0);
    const rows = await sql<{ origin: string; retained_cents: number }>`SELECT origin, retained_cents FROM closed_mission_figure WHERE mission = 'prevention'`.execute(opened.db);
    expect(rows.rows).toEqual([{ origin: 'migration', retained_cents: 818_219 }]);
    const detail = await ok(ctx, 'reviews.get', { reviewId: review.id });
    expect(detail.closedFigures!.fromMigration).toBe(true);
    const f = await ok(ctx, 'funding.get', { contractId: c.id });
    expect(f.result.years[0].missions.find((m) => m.code === 'prevention')!.explanation.some((l) => /mise à jour de l’application/.test(l.note ?? ''))).toBe(true);
    await opened.close();
  });
});

describe('payment rules and partial totals', () => {
  it('fonctionnement of years 2–5 waits for the first mission to start: no tranche, a warning', async () => {
    const { ctx, opened } = await openTemp('2024-08-01');
    const c = await ok(ctx, 'contract.create', { ...T3_CONTRACT, missions: T3_CONTRACT.missions.map((m) => ({ ...m, startedOn: null })) });
    const f = await ok(ctx, 'funding.get', { contractId: c.id });
    expect(f.schedule.filter((t) => t.mission === null && t.year > 1)).toHaveLength(0);
    expect(f.result.years[1].fonctionnementPending).toBe(true);
    expect(f.result.years[1].fonctionnementCents).toBe(0);
    expect(f.result.warnings.join(' ')).toMatch(/Fonctionnement de l’année 2 en attente/);
    // Year 1 is paid at signature whatever the missions (reference §6.1).
    expect(f.schedule.find((t) => t.id === 'y1-fonctionnement')?.amountCents).toBe(7_500_000);
    // A mission starting in year 2 moves the year-2 advance to its start.
    const started = await ok(ctx, 'contract.update', { id: c.id, data: { ...T3_CONTRACT, missions: T3_CONTRACT.missions.map((m, i) => ({ ...m, startedOn: i === 0 ? '2023-09-15' : null })) } });
    expect(started.id).toBe(c.id);
    const g = await ok(ctx, 'funding.get', { contractId: c.id });
    const adv = g.schedule.find((t) => t.mission === null && t.year === 2 && t.kind === 'advance')!;
    expect(adv.dueOn).toBe('2023-09-15');
    await opened.close();
  });

  it('a refused line is never silently zero: the year and the contract say "partial" and list it', async () => {
    const { ctx, opened, dir } = await openTemp('2023-08-01');
    // Taille 1 (population < 40 000): most mission lines have no national figure.
    const c = await ok(ctx, 'contract.create', { ...T3_CONTRACT, population: 30_000 });
    const f = await ok(ctx, 'funding.get', { contractId: c.id });
    expect(f.result.complete).toBe(false);
    expect(f.result.years[0].complete).toBe(false);
    expect(f.result.refusedLines.length).toBeGreaterThan(0);
    expect(f.result.refusedLines[0].year).toBe(1);
    const file = await ok(ctx, 'reports.export', { report: 'contract', format: 'xlsx', contractId: c.id });
    const path = join(dir, file.fileName);
    writeFileSync(path, Buffer.from(file.base64, 'base64'));
    const wb = openpyxl(path);
    const texts = wb.sheets.find((s) => s.name === 'Synthèse')!.cells.filter((x) => typeof x.value === 'string').map((x) => String(x.value));
    expect(texts.some((t) => /Total du contrat \(partiel : \d+ montants? manquants?\)/.test(t))).toBe(true);
    expect(texts.some((t) => /Total partiel : \d+ montants? manquants?/.test(t))).toBe(true);
    await opened.close();
  });

  it('refuses implausible amounts and values with a French message on the field, never an internal error', async () => {
    const { ctx, opened } = await openTemp('2023-08-01');
    const { c, breast } = await contractWithAnnualReview(ctx);
    const cases: [string, unknown, string][] = [
      ['envelopes.set', { contractId: c.id, year: 2, line: 'variable', mission: 'prevention', cents: 999_999_999_999_999, reason: 'x' }, 'cents'],
      ['indicator.recordValue', { indicatorId: breast.id, value: '2000000000', measuredOn: '2023-05-01' }, 'value'],
    ];
    for (const [method, input, field] of cases) {
      const res = await callApi(ctx, method, input);
      expect(res.ok).toBe(false);
      if (!res.ok) {
        expect(res.error.code).toBe('VALIDATION');
        expect(res.error.fields?.[field], JSON.stringify(res.error)).toMatch(/invraisemblable/);
      }
    }
    await opened.close();
  });
});

