import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { callApi } from '../../electron/api/dispatch';
import { ok, openTemp, T3_CONTRACT } from './helpers';
import { ON_POSTGRES } from './pgTest';
import type { ApiContext } from '../../electron/api/context';

/** A T3 contract whose year-1 annex has a paliers indicator (prévention) and a yes/no one. */
async function contractWithAnnex(ctx: ApiContext) {
  const c = await ok(ctx, 'contract.create', T3_CONTRACT);
  await ok(ctx, 'annex.create', { contractId: c.id, year: 1, copyFromYear: null });
  let annex = await ok(ctx, 'annex.addAction', { contractId: c.id, year: 1, mission: 'prevention', label: 'Dépistages organisés' });
  const actionId = annex.missions.find((m) => m.code === 'prevention')!.actions[0].id;
  await ok(ctx, 'annex.addLivrable', { actionId, label: 'Requête CPAM des taux' });
  await ok(ctx, 'annex.addIndicator', {
    actionId,
    label: 'Dépistage du cancer du sein',
    kind: 'result',
    unit: 'percentage',
    baseline: '66,26',
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
  return { c, annex, actionId, breast, convention };
}

describe('yearly annex', () => {
  it('says when the indicators do not add up to the mission’s variable envelope, and computes earned amounts', async () => {
    const { ctx, opened } = await openTemp('2023-06-01');
    const { c, annex, breast } = await contractWithAnnex(ctx);
    const prev = annex.missions.find((m) => m.code === 'prevention')!;
    expect(prev.variableEnvelopeCents).toBe(1_750_000);
    expect(prev.indicatorsMaxCents).toBe(1_750_000);
    expect(prev.warning).toBeNull();
    expect(breast.maxCents).toBe(350_000);
    const after = await ok(ctx, 'indicator.recordValue', { indicatorId: breast.id, value: '72,9', measuredOn: '2023-05-01', comment: 'Requête CPAM' });
    const row = after.missions.find((m) => m.code === 'prevention')!.actions[0].indicators[0];
    expect(row.value?.value).toBe(7290);
    expect(row.earned.cents).toBe(250_000);
    expect(row.earnedFrom).toBe('measured');
    await ok(ctx, 'annex.addIndicator', { actionId: row.id === breast.id ? after.missions.find((m) => m.code === 'prevention')!.actions[0].id : 0, label: 'En trop', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: 50_000 });
    const unbalanced = await ok(ctx, 'annex.get', { contractId: c.id, year: 1 });
    expect(unbalanced.missions.find((m) => m.code === 'prevention')!.warning).toContain('ne font pas la part variable');
    await opened.close();
  });

  it('refuses a value of the wrong unit, a negative target, and writes nothing', async () => {
    const { ctx, opened } = await openTemp('2023-06-01');
    const { breast, convention, actionId } = await contractWithAnnex(ctx);
    const cases: [string, unknown, string, string][] = [
      ['indicator.recordValue', { indicatorId: convention.id, value: '3', measuredOn: '2023-05-01' }, 'value', 'Valeur mesurée : oui ou non attendu pour cet indicateur.'],
      ['indicator.recordValue', { indicatorId: breast.id, value: '104', measuredOn: '2023-05-01' }, 'value', 'Valeur mesurée : un pourcentage ne dépasse pas 100.'],
      ['indicator.recordValue', { indicatorId: breast.id, value: 'abc', measuredOn: '2023-05-01' }, 'value', 'Valeur mesurée : nombre (2 décimales au plus) ou oui/non attendu.'],
      ['indicator.recordValue', { indicatorId: breast.id, value: 'oui', measuredOn: '2023-05-01' }, 'value', 'Valeur mesurée : « oui » ne convient qu’à un indicateur oui/non ; saisissez un nombre.'],
      ['indicator.recordValue', { indicatorId: breast.id, value: '70', measuredOn: '2023-07-01' }, 'measuredOn', 'Date de la mesure : ne peut être dans le futur.'],
      ['annex.addIndicator', { actionId, label: 'Cible négative', kind: 'result', unit: 'count', source: 'cpts', direction: 'higher', payment: 'linear', amountCents: 100, target: '-4' }, 'target', 'Cible : ne peut pas être négatif.'],
    ];
    for (const [method, input, field, message] of cases) {
      const res = await callApi(ctx, method, input);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.fields?.[field], JSON.stringify(res.error)).toBe(message);
    }
    const n = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM indicator_value`.execute(opened.db);
    expect(n.rows[0].n).toBe(0);
    const m = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM indicator`.execute(opened.db);
    expect(m.rows[0].n).toBe(2);
    await opened.close();
  });

  it('keeps evidence files in the data folder under their hash, openable after the original is gone', async () => {
    const { ctx, opened, dir } = await openTemp('2023-06-01');
    const { c, breast, annex } = await contractWithAnnex(ctx);
    const content = Buffer.from('Feuille d’émargement — réunion du 12 mai');
    const ev = await ok(ctx, 'evidence.add', { contractId: c.id, indicatorId: breast.id, livrableId: null, fileName: '../../émargement mai.pdf', contentBase64: content.toString('base64') });
    expect(ev).toMatchObject({ fileName: 'émargement mai.pdf', size: content.length, sha256: createHash('sha256').update(content).digest('hex') });
    // On SQLite the file sits in the data folder; in team mode (PostgreSQL) it lives in the database
    // (tests/integration/postgres-evidence.test.ts), and evidence.get below reads it back on both.
    if (!ON_POSTGRES) {
      const stored = join(dir, 'pieces', ev.sha256.slice(0, 2), `${ev.sha256}.pdf`);
      expect(existsSync(stored)).toBe(true);
      expect(readFileSync(stored)).toEqual(content);
    }
    const back = await ok(ctx, 'evidence.get', { id: ev.id });
    expect(Buffer.from(back.base64, 'base64')).toEqual(content);
    expect(back.mimeType).toBe('application/pdf');
    const livrableId = annex.missions.find((m) => m.code === 'prevention')!.actions[0].livrables[0].id;
    const wrong = await callApi(ctx, 'evidence.add', { contractId: c.id + 1, livrableId, indicatorId: null, fileName: 'x.txt', contentBase64: 'eA==' });
    expect(wrong.ok).toBe(false);
    await opened.close();
  });
});

describe('dialogue de gestion', () => {
  it('proposes two reviews per contract year from the anniversary and lists what is missing', async () => {
    const { ctx, opened } = await openTemp('2023-06-01');
    const { c } = await contractWithAnnex(ctx);
    const v = await ok(ctx, 'reviews.list', { contractId: c.id });
    expect(v.slots).toHaveLength(10);
    expect(v.slots.slice(0, 2).map((s) => [s.kind, s.proposedOn])).toEqual([
      ['intermediate', '2023-01-01'],
      ['annual', '2023-05-31'],
    ]);
    expect(v.next).toMatchObject({ year: 1, kind: 'annual', status: 'todo' }); // the intermediate one was missed five months ago
    expect(v.readiness.ready).toBe(false);
    expect(v.readiness.missing.join('\n')).toContain('Indicateur sans valeur : Dépistage du cancer du sein');
    await opened.close();
  });

  it('closes an annual review only with every indicator validated; then it is read-only and corrections are addenda', async () => {
    const { ctx, opened } = await openTemp('2023-06-20');
    const { c, breast, convention } = await contractWithAnnex(ctx);
    const r = await ok(ctx, 'reviews.create', { contractId: c.id, year: 1, kind: 'annual', heldOn: '2023-06-15', place: 'CPAM de la Loire' });
    await ok(ctx, 'reviews.update', {
      reviewId: r.id,
      participants: [
        { name: 'Claire Martin', organisation: 'CPTS', role: 'Présidente' },
        { name: 'Sophie Bernard', organisation: 'CPAM', role: 'Référente' },
      ],
      indicators: [{ indicatorId: breast.id, presented: '73', validated: '72,5', status: 'partiel' }],
    });
    const refused = await callApi(ctx, 'reviews.close', { reviewId: r.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!refused.ok) expect(refused.error.message).toContain('1 indicateur(s) sans valeur validée');
    expect((await ok(ctx, 'reviews.get', { reviewId: r.id })).status).toBe('draft');

    const negative = await callApi(ctx, 'reviews.update', { reviewId: r.id, decisions: [{ kind: 'target_revision', text: 'Cible', indicatorId: breast.id, newTarget: '-1' }] });
    expect(negative.ok).toBe(false);
    if (!negative.ok) expect(negative.error.fields?.['decisions.0.newTarget']).toBe('Nouvelle cible : ne peut pas être négative.');

    await ok(ctx, 'reviews.update', {
      reviewId: r.id,
      indicators: [{ indicatorId: convention.id, presented: 'oui', validated: 'oui', status: 'atteint' }],
      decisions: [
        { kind: 'target_revision', text: 'Objectif porté à 76 % pour l’année 2', indicatorId: breast.id, newTarget: '76' },
        { kind: 'mission_deployment', text: 'Déploiement de la prévention constaté', mission: 'prevention', onDate: '2023-06-01' },
        { kind: 'crisis_recognised', text: 'Épidémie de bronchiolite reconnue par l’ARS' },
      ],
    });
    const closed = await ok(ctx, 'reviews.close', { reviewId: r.id });
    expect(closed.status).toBe('closed');

    // The validated values fix year 1's variable part of the mission: 2 500 + 14 000, prorated 181/365.
    const f = await ok(ctx, 'funding.get', { contractId: c.id });
    const prev = f.result.years[0].missions.find((m) => m.code === 'prevention')!;
    expect(prev.variableCents).toBe(Math.floor((1_650_000 * 181) / 365 + 0.5));
    // A crisis recognised in year 1 would pay the crisis mission's variable, were it in the contract.
    const { opened: o2, ctx: ctx2 } = await openTemp('2023-06-20');
    const withCrisis = await ok(ctx2, 'contract.create', { ...T3_CONTRACT, missions: [...T3_CONTRACT.missions, { code: 'crise_sanitaire', startedOn: '2022-07-01', deployedOn: null }] });
    await ok(ctx2, 'attainment.set', { contractId: withCrisis.id, year: 1, mission: 'crise_sanitaire', ratePercent: '100', comment: 'Plan mis en œuvre' });
    const before = (await ok(ctx2, 'funding.get', { contractId: withCrisis.id })).result.years[0].missions.find((m) => m.code === 'crise_sanitaire')!;
    expect(before.variableCents).toBe(0);
    const rc = await ok(ctx2, 'reviews.create', { contractId: withCrisis.id, year: 1, kind: 'intermediate', heldOn: '2023-01-10' });
    await ok(ctx2, 'reviews.update', { reviewId: rc.id, participants: [{ name: 'ARS', organisation: 'ARS', role: '' }], decisions: [{ kind: 'crisis_recognised', text: 'Crise reconnue' }] });
    await ok(ctx2, 'reviews.close', { reviewId: rc.id });
    const after = (await ok(ctx2, 'funding.get', { contractId: withCrisis.id })).result.years[0].missions.find((m) => m.code === 'crise_sanitaire')!;
    expect(after.variableCents).toBe(6_750_000);
    await o2.close();
    // The deployment was acknowledged on the contract.
    expect((await ok(ctx, 'contract.get', { id: c.id })).missions.find((m) => m.code === 'prevention')!.deployedOn).toBe('2023-06-01');

    // Next year's annex was created as a copy, with the revised target and its history.
    const y2 = await ok(ctx, 'annex.get', { contractId: c.id, year: 2 });
    expect(y2.copiedFromYear).toBe(1);
    const action2 = y2.missions.find((m) => m.code === 'prevention')!.actions[0];
    expect(action2.carriedOver).toBe(true); // the breast screening objective was not reached
    const breast2 = action2.indicators.find((i) => i.label === breast.label)!;
    expect(breast2.target).toBe(7600);
    expect(breast2.targetHistory).toEqual([{ oldTarget: 7500, newTarget: 7600, decidedOn: '2023-06-15', decision: 'Objectif porté à 76 % pour l’année 2', reviewId: r.id }]);
    expect(breast2.series.map((p) => [p.year, p.value, p.target])).toEqual([
      [1, null, 7500],
      [2, null, 7600],
    ]);

    // Read-only once closed, through the API and in SQLite itself.
    const edit = await callApi(ctx, 'reviews.update', { reviewId: r.id, place: 'Ailleurs' });
    expect(edit).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await callApi(ctx, 'reviews.close', { reviewId: r.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await expect(sql`UPDATE review SET place = 'x' WHERE id = ${r.id}`.execute(opened.db)).rejects.toThrow(/Dialogue clos/);
    await expect(sql`DELETE FROM review_participant WHERE review_id = ${r.id}`.execute(opened.db)).rejects.toThrow(/Dialogue clos/);
    await expect(sql`UPDATE review_indicator SET validated = 0 WHERE review_id = ${r.id}`.execute(opened.db)).rejects.toThrow(/Dialogue clos/);

    const early = await callApi(ctx, 'reviews.addendum', { reviewId: r.id, addedOn: '2023-06-01', text: 'x' });
    expect(early.ok).toBe(false);
    const withAddendum = await ok(ctx, 'reviews.addendum', { reviewId: r.id, addedOn: '2023-06-20', text: 'Valeur du dépistage du sein corrigée par la CPAM : 72,6 %.' });
    expect(withAddendum.addenda).toEqual([expect.objectContaining({ addedOn: '2023-06-20', text: 'Valeur du dépistage du sein corrigée par la CPAM : 72,6 %.' })]);
    expect(withAddendum.indicators.find((i) => i.indicatorId === breast.id)!.validated).toBe(7250);
    await opened.close();
  });

  it('refuses a review outside its contract year, a second one of the same kind, and target revisions at an intermediate review', async () => {
    const { ctx, opened } = await openTemp('2023-06-20');
    const { c, breast } = await contractWithAnnex(ctx);
    const out = await callApi(ctx, 'reviews.create', { contractId: c.id, year: 1, kind: 'intermediate', heldOn: '2022-01-01' });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.fields?.heldOn).toContain("en dehors de l'année 1");
    const r = await ok(ctx, 'reviews.create', { contractId: c.id, year: 1, kind: 'intermediate', heldOn: '2023-01-10' });
    expect(await callApi(ctx, 'reviews.create', { contractId: c.id, year: 1, kind: 'intermediate', heldOn: '2023-01-12' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const rev = await callApi(ctx, 'reviews.update', { reviewId: r.id, decisions: [{ kind: 'target_revision', text: 'x', indicatorId: breast.id, newTarget: 80 }] });
    expect(rev.ok).toBe(false);
    expect(await callApi(ctx, 'reviews.close', { reviewId: r.id })).toMatchObject({ ok: false, error: { fields: { participants: expect.stringContaining('participants') } } });
    await ok(ctx, 'reviews.update', { reviewId: r.id, participants: [{ name: 'A', organisation: 'CPAM', role: '' }] });
    expect((await ok(ctx, 'reviews.close', { reviewId: r.id })).status).toBe('closed'); // an intermediate review needs no validated values
    await opened.close();
  });
});
