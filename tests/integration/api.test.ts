import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { callApi } from '../../electron/api/dispatch';
import { ok, openTemp, T3_CONTRACT } from './helpers';
import { ON_POSTGRES } from './pgTest';

describe('contracts through the API', () => {
  it('creates a contract with its derived size band and text version, and lists it', async () => {
    const { ctx, opened } = await openTemp();
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    expect(c.sizeBand).toBe(3);
    expect(c.textVersion).toBe('avenant2');
    expect(c.missions.map((m) => m.code)).toEqual(['acces_soins', 'parcours', 'prevention']);
    const acces = c.missions[0];
    expect(acces.startBy).toBe('2023-01-01');
    expect(acces.deployBy).toBe('2024-01-01');
    expect(acces.deployLate).toBe(true); // not deployed, today 2026-11-23
    const list = await ok(ctx, 'portfolio.list', { search: 'FIRMINY' });
    expect(list.rows.map((r) => r.id)).toEqual([c.id]);
    expect(list.total).toBe(1);
    expect((await ok(ctx, 'portfolio.list', { search: 'introuvable' })).rows).toEqual([]);
    await opened.close();
  });

  it('keeps the population history when the population is revised, and re-bands', async () => {
    const { ctx, opened } = await openTemp();
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const u = await ok(ctx, 'contract.update', { id: c.id, data: { ...T3_CONTRACT, population: '190 000', populationAsOf: '2024-01-01' } });
    expect(u.sizeBand).toBe(4);
    expect(u.populations.map((p) => [p.population, p.asOf, p.sizeBand])).toEqual([
      [120000, '2022-01-01', 3],
      [190000, '2024-01-01', 4],
    ]);
    await opened.close();
  });

  it('refuses bad input with French messages per field and writes nothing', async () => {
    const { ctx, opened } = await openTemp();
    const res = await callApi(ctx, 'contract.create', {
      ...T3_CONTRACT,
      name: '  ',
      population: 12.5,
      missions: [{ code: 'acces_soins', startedOn: '2022-01-01', deployedOn: null }],
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('VALIDATION');
    expect(res.error.fields).toMatchObject({
      name: 'Nom de la CPTS : champ obligatoire.',
      population: 'Population couverte : nombre entier attendu.',
      'missions.0.startedOn': 'Accès aux soins : le démarrage ne peut précéder la signature.',
      missions: 'Parcours pluriprofessionnels : mission socle obligatoire.',
    });
    const count = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM contract`.execute(opened.db);
    expect(count.rows[0].n).toBe(0);
    await opened.close();
  });

  it('rejects unknown methods and reports a missing contract', async () => {
    const { ctx, opened } = await openTemp();
    expect(await callApi(ctx, 'contract.drop', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await callApi(ctx, 'contract.get', { id: 99 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'Contrat n° 99 introuvable.' } });
    await opened.close();
  });
});

describe('money through the API', () => {
  it('reproduces worked example (b) of the reference in the schedule', async () => {
    const { ctx, opened } = await openTemp('2023-02-01');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const f = await ok(ctx, 'funding.get', { contractId: c.id });
    const byDate = (d: string) => f.schedule.filter((t) => t.dueOn === d && t.year === 1).reduce((s, t) => s + t.amountCents, 0);
    expect(byDate('2022-07-01')).toBe(14_250_000);
    expect(byDate('2022-10-01')).toBe(2_524_315);
    expect(byDate('2023-01-01')).toBe(650_856);
    // Nothing paid yet: the three tranches already due are overdue.
    expect(f.totals.overdueCents).toBe(14_250_000 + 2_524_315 + 650_856);
    await opened.close();
  });

  it('records a payment, corrects it by a new entry, and never edits the ledger', async () => {
    const { ctx, opened } = await openTemp('2023-02-01');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const f = await ok(ctx, 'funding.get', { contractId: c.id });
    const first = f.schedule.filter((t) => t.dueOn === '2022-07-01');
    let v = await ok(ctx, 'payments.record', {
      contractId: c.id,
      receivedOn: '2022-07-15',
      amountCents: '142 000,00',
      cpamRef: 'VIR-2022-07-A',
      trancheIds: first.map((t) => t.id),
    });
    expect(v.payments).toHaveLength(1);
    const outstandingFirst = () => v.schedule.filter((t) => t.dueOn === '2022-07-01').reduce((s, t) => s + t.outstandingCents, 0);
    expect(outstandingFirst()).toBe(50_000);

    v = await ok(ctx, 'payments.correct', { contractId: c.id, paymentId: v.payments[0].id, correctedOn: '2022-08-01', newAmountCents: 14_250_000, reason: 'Montant mal saisi' });
    expect(v.payments).toHaveLength(2);
    expect(v.payments[0].correctedBy).toEqual([v.payments[1].id]);
    expect(v.payments[0].effectiveCents).toBe(14_250_000);
    expect(v.payments[1]).toMatchObject({ amountCents: 50_000, correctsId: v.payments[0].id });
    expect(outstandingFirst()).toBe(0);

    // A reversal (new amount 0) takes back what the payment settled.
    v = await ok(ctx, 'payments.correct', { contractId: c.id, paymentId: v.payments[0].id, correctedOn: '2022-08-02', newAmountCents: 0, reason: 'Virement rejeté' });
    expect(outstandingFirst()).toBe(14_250_000);
    expect(v.unallocatedCents).toBe(0);

    await expect(sql`UPDATE payment SET amount_cents = 1`.execute(opened.db)).rejects.toThrow(/ne se modifie pas/);
    await expect(sql`DELETE FROM payment`.execute(opened.db)).rejects.toThrow(/ne se supprime pas/);
    await opened.close();
  });

  it('refuses bad money input with a French message and writes nothing', async () => {
    const { ctx, opened } = await openTemp('2023-02-01');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const f = await ok(ctx, 'funding.get', { contractId: c.id });
    const base = { contractId: c.id, receivedOn: '2022-07-15', amountCents: 1000, cpamRef: 'R', trancheIds: [f.schedule[0].id] };
    const cases: [string, unknown, string, string][] = [
      ['payments.record', { ...base, amountCents: 0 }, 'amountCents', 'Montant du versement : ne peut pas être nul.'],
      ['payments.record', { ...base, amountCents: '-5' }, 'amountCents', 'Montant du versement : ne peut pas être négatif.'],
      ['payments.record', { ...base, receivedOn: '2022-06-30' }, 'receivedOn', 'Date du versement : antérieure au 01/07/2022, en dehors du contrat.'],
      ['payments.record', { ...base, receivedOn: '2023-03-01' }, 'receivedOn', 'Date du versement : ne peut être dans le futur.'],
      ['payments.record', { ...base, trancheIds: ['y9-nope'] }, 'trancheIds.0', 'Échéance inconnue : y9-nope.'],
      ['attainment.set', { contractId: c.id, year: 1, mission: 'parcours', ratePercent: '120' }, 'ratePercent', "Taux d'atteinte : ne peut pas dépasser 100 %."],
      ['funding.whatIf', { contractId: c.id, missionStarts: [{ code: 'parcours', startedOn: '2022-01-01' }] }, 'missionStarts.0.startedOn', 'Parcours pluriprofessionnels : le démarrage ne peut précéder la signature (01/07/2022).'],
      ['spending.record', { contractId: c.id, spentOn: '2022-09-01', mission: null, category: 'coordination', amountCents: 0, documentRef: 'F1' }, 'amountCents', 'Montant de la dépense : ne peut pas être nul.'],
    ];
    for (const [method, input, field, message] of cases) {
      const res = await callApi(ctx, method, input);
      expect(res.ok, method).toBe(false);
      if (!res.ok) expect(res.error.fields?.[field], JSON.stringify(res.error)).toBe(message);
    }
    for (const table of ['payment', 'attainment', 'spending'] as const) {
      const n = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(opened.db);
      expect(n.rows[0].n, table).toBe(0);
    }
    await opened.close();
  });

  it('computes granted / paid / spent / remaining with warnings', async () => {
    const { ctx, opened } = await openTemp('2024-01-15');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const f = await ok(ctx, 'funding.get', { contractId: c.id });
    const fonct = f.schedule.find((t) => t.kind === 'fonctionnement' && t.year === 1)!;
    await ok(ctx, 'payments.record', { contractId: c.id, receivedOn: '2022-07-20', amountCents: fonct.amountCents, cpamRef: 'F1', trancheIds: [fonct.id] });
    await ok(ctx, 'spending.record', { contractId: c.id, spentOn: '2023-03-01', mission: null, category: 'coordination', amountCents: '80 000', documentRef: 'Bulletins 2023' });
    await ok(ctx, 'spending.record', { contractId: c.id, spentOn: '2023-03-01', mission: 'parcours', category: 'indemnites_ps', amountCents: '1 000', documentRef: 'Feuilles de présence' });
    const s = await ok(ctx, 'budget.set', { contractId: c.id, year: 1, mission: null, cents: '75 000' });
    const y1f = s.rows.find((r) => r.year === 1 && r.mission === null)!;
    expect(y1f).toMatchObject({ grantedCents: 7_500_000, budgetCents: 7_500_000, paidCents: 7_500_000, spentCents: 8_000_000, remainingCents: -500_000 });
    expect(y1f.warning).toContain('supérieures à l’enveloppe');
    const y1p = s.rows.find((r) => r.year === 1 && r.mission === 'parcours')!;
    expect(y1p.spentCents).toBe(100_000);
    expect(y1p.warning).toContain('Enveloppe peu utilisée');
    expect(s.warnings.length).toBeGreaterThanOrEqual(2);
    await opened.close();
  });

  it('keeps envelope changes as history and computes from the contract’s own figure', async () => {
    const { ctx, opened } = await openTemp();
    const c = await ok(ctx, 'contract.create', { ...T3_CONTRACT, population: 30_000 });
    let f = await ok(ctx, 'funding.get', { contractId: c.id });
    const y2 = f.result.years[1];
    const parcours = y2.missions.find((m) => m.code === 'parcours')!;
    expect(parcours.fixedCents).toBeNull(); // T1 parcours has no figure in the table: refused, not 0
    expect(parcours.refusals.join(' ')).toMatch(/annexe/i);
    await ok(ctx, 'envelopes.set', { contractId: c.id, year: null, line: 'fixed', mission: 'parcours', cents: '20 000', reason: 'Annexe 2, art. 3' });
    const env = await ok(ctx, 'envelopes.set', { contractId: c.id, year: null, line: 'fixed', mission: 'parcours', cents: '22 000', reason: 'Avenant local n° 1' });
    expect(env.history.map((h) => [h.cents, h.reason])).toEqual([
      [2_200_000, 'Avenant local n° 1'],
      [2_000_000, 'Annexe 2, art. 3'],
    ]);
    const cell = env.years[1].cells.find((x) => x.line === 'fixed' && x.mission === 'parcours')!;
    expect(cell).toMatchObject({ cents: 2_200_000, origin: 'contract', reason: 'Avenant local n° 1' });
    f = await ok(ctx, 'funding.get', { contractId: c.id });
    expect(f.result.years[1].missions.find((m) => m.code === 'parcours')!.fixedCents).toBe(2_200_000);
    await opened.close();
  });
});

// The desktop backup copies the SQLite file (VACUUM INTO); the shared database's is tested in postgres-backup.test.ts.
describe.skipIf(ON_POSTGRES)('backup', () => {
  it('returns one archive of the ledger that a restore can read', async () => {
    const { ctx, opened } = await openTemp();
    await ok(ctx, 'contract.create', T3_CONTRACT);
    const b = await ok(ctx, 'backup.create', {});
    expect(b).toMatchObject({ mimeType: 'application/zip', contractCount: 1, evidenceFiles: 0 });
    expect(b.fileName).toMatch(/^aci-cpts-sauvegarde-.*\.zip$/);
    expect(b.size).toBe(Buffer.from(b.base64, 'base64').length);
    const summary = await ok(ctx, 'backup.inspect', { archiveBase64: b.base64 });
    expect(summary.contracts.map((c) => c.name)).toEqual(['CPTS Test Trois']);
    await opened.close();
  });
});
