// FEC import into spending (issue 14): every layout to the cent, idempotent re-import and
// overlapping periods, refunds, malformed files refused with nothing written, the CLI's JSON.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi } from '../../electron/api/dispatch';
import type { ApiContext } from '../../electron/api/context';
import { handToCli, ok, openTemp, T3_CONTRACT } from './helpers';
import { encodeLatin9, fecBytes, fecText, SAMPLE_LINES, SAMPLE_RULES, type FixtureOptions } from '../fixtures/fec';

const file = (bytes: Uint8Array, fileName = 'FEC.txt') => ({ fileName, contentBase64: Buffer.from(bytes).toString('base64') });

async function setup() {
  const t = await openTemp('2026-11-23');
  const c = await ok(t.ctx, 'contract.create', T3_CONTRACT);
  return { ...t, contractId: c.id };
}

async function counts(ctx: ApiContext): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['spending', 'spending_correction', 'fec_line', 'fec_import', 'book_mapping'] as const) {
    const r = await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(r.n);
  }
  return out;
}

/** Spent per line of contract year 1 (2022-07-01 – 2023-06-30), from the spending view. */
async function spentYear1(ctx: ApiContext, contractId: number): Promise<Record<string, number>> {
  const v = await ok(ctx, 'spending.get', { contractId });
  return Object.fromEntries(v.rows.filter((r) => r.year === 1).map((r) => [r.mission ?? 'fonctionnement', r.spentCents]));
}

describe('FEC import', () => {
  const variants: FixtureOptions[] = [
    { separator: '\t', encoding: 'utf-8' },
    { separator: '|', encoding: 'iso-8859-15' },
    { separator: '\t', encoding: 'iso-8859-15', layout: 'montant-sens' },
    { separator: '|', encoding: 'utf-8', layout: 'montant-sens', sens: 'signs', crlf: true, bom: true },
  ];
  for (const o of variants) {
    it(`imports ${o.separator === '\t' ? 'tab' : 'pipe'} / ${o.encoding} / ${o.layout ?? 'debit-credit'} to the cent, and a second import adds nothing`, async () => {
      const { ctx, opened, contractId } = await setup();
      const before = await spentYear1(ctx, contractId);
      const r = await ok(ctx, 'books.importFec', { contractId, file: file(fecBytes(SAMPLE_LINES, o)), rules: SAMPLE_RULES });
      expect(r).toMatchObject({ dryRun: false, encoding: o.encoding, layout: o.layout ?? 'debit-credit', lineCount: 14, imported: 5, duplicatesSkipped: 0, unmatched: [] });
      expect(r.totals.map((t) => [t.mission, t.category, t.cents])).toEqual([
        [null, 'coordination', 600000],
        [null, 'fonctionnement_courant', 60000],
        ['parcours', 'prestations', 125050],
      ]);
      const after = await spentYear1(ctx, contractId);
      expect(after.fonctionnement - before.fonctionnement).toBe(660000);
      expect(after.parcours - before.parcours).toBe(125050);
      const v = await ok(ctx, 'spending.get', { contractId });
      expect(v.entries.find((e) => e.comment.includes('Hélène'))?.comment).toContain('Salaire coordinatrice janvier - Hélène');
      expect(v.entries.find((e) => e.comment.includes('Loyer'))).toMatchObject({ amountCents: 80000, effectiveCents: 60000 });

      const rowCounts = await counts(ctx);
      const again = await ok(ctx, 'books.importFec', { contractId, file: file(fecBytes(SAMPLE_LINES, o)) });
      expect(again).toMatchObject({ imported: 0, duplicatesSkipped: 7, totals: [], unmatched: [] });
      expect(await spentYear1(ctx, contractId)).toEqual(after);
      expect({ ...(await counts(ctx)), fec_import: rowCounts.fec_import }).toEqual(rowCounts);
      await opened.close();
    });
  }

  it('an overlapping period imports only the new lines; the rules are remembered per contract', async () => {
    const { ctx, opened, contractId } = await setup();
    await ok(ctx, 'books.importFec', { contractId, file: file(fecBytes(SAMPLE_LINES.slice(0, 6))), rules: SAMPLE_RULES });
    const books = await ok(ctx, 'books.get', { contractId });
    expect(books.rules).toHaveLength(4);
    const extra = [
      { journal: 'OD', num: '4', date: '2023-04-30', account: '641100', label: 'Salaire avril', debit: 310000 },
      { journal: 'OD', num: '4', date: '2023-04-30', account: '421000', label: 'Salaire avril', credit: 310000 },
    ];
    const r = await ok(ctx, 'books.importFec', { contractId, file: file(fecBytes([...SAMPLE_LINES.slice(2), ...extra])) });
    expect(r.duplicatesSkipped).toBe(2);
    expect(r.imported).toBe(3); // the rent, its refund and April's salary
    expect(r.totals.find((t) => t.category === 'coordination')?.cents).toBe(310000);
    expect((await spentYear1(ctx, contractId)).fonctionnement).toBe(600000 + 310000 + 60000);
    await opened.close();
  });

  it('a refund in a later file lowers the spending; a refund with nothing to lower is listed, not written', async () => {
    const { ctx, opened, contractId } = await setup();
    await ok(ctx, 'books.importFec', { contractId, file: file(fecBytes(SAMPLE_LINES.slice(6, 8))), rules: SAMPLE_RULES });
    expect((await spentYear1(ctx, contractId)).fonctionnement).toBe(80000);
    const refund = await ok(ctx, 'books.importFec', { contractId, file: file(fecBytes(SAMPLE_LINES.slice(8, 10))) });
    expect(refund.totals).toEqual([{ mission: null, category: 'fonctionnement_courant', cents: -20000, lines: 1 }]);
    expect((await spentYear1(ctx, contractId)).fonctionnement).toBe(60000);
    const v = await ok(ctx, 'spending.get', { contractId });
    expect(v.entries[0].corrections[0]).toMatchObject({ deltaCents: -20000, correctedOn: '2023-03-20' });
    expect(v.entries[0].corrections[0].reason).toMatch(/^Avoir \(FEC FEC\.txt, AC n° 11, compte 613200\)/);

    const big = [
      { journal: 'AC', num: '12', date: '2023-04-01', account: '613200', label: 'Avoir trop grand', credit: 100000 },
      { journal: 'AC', num: '12', date: '2023-04-01', account: '401000', label: 'Avoir trop grand', debit: 100000 },
    ];
    const before = await counts(ctx);
    const r = await ok(ctx, 'books.importFec', { contractId, file: file(fecBytes(big)) });
    expect(r.unmatched).toEqual([expect.objectContaining({ line: 2, reason: 'refund_without_entry', amountCents: -100000 })]);
    expect((await counts(ctx)).spending_correction).toBe(before.spending_correction);
    await opened.close();
  });

  it('lists unmatched charge lines and reconciles receipts with recorded payments', async () => {
    const { ctx, opened, contractId } = await setup();
    const f = await ok(ctx, 'funding.get', { contractId });
    const first = f.schedule.filter((t) => t.dueOn === '2022-07-01');
    expect(first.reduce((s, t) => s + t.amountCents, 0)).toBe(14_250_000);
    const paid = await ok(ctx, 'payments.record', { contractId, receivedOn: '2022-12-20', amountCents: 14_250_000, cpamRef: 'VIR-1', trancheIds: first.map((t) => t.id) });
    const lines = [
      ...SAMPLE_LINES,
      { journal: 'AC', num: '30', date: '2023-05-02', account: '625100', label: 'Déplacements', debit: 4510 },
      { journal: 'AC', num: '30', date: '2023-05-02', account: '401000', label: 'Déplacements', credit: 4510 },
    ];
    const r = await ok(ctx, 'books.previewFec', { contractId, file: file(fecBytes(lines)), rules: SAMPLE_RULES });
    expect(r.dryRun).toBe(true);
    expect(r.unmatched).toEqual([expect.objectContaining({ line: 16, account: '625100', amountCents: 4510, reason: 'no_rule' })]);
    expect(r.reconciliation).toEqual([
      expect.objectContaining({ date: '2023-01-03', amountCents: 14_250_000, paymentId: paid.payments[0].id }),
      expect.objectContaining({ date: '2023-02-10', amountCents: 500_000, paymentId: null }),
    ]);
    expect(await counts(ctx)).toMatchObject({ spending: 0, fec_line: 0, fec_import: 0, book_mapping: 0 });
    await ok(ctx, 'books.importFec', { contractId, file: file(fecBytes(lines)), rules: SAMPLE_RULES });
    const books = await ok(ctx, 'books.get', { contractId });
    expect(books.reconciliation.map((x) => x.paymentId)).toEqual([paid.payments[0].id, null]);
    expect(books.imports).toHaveLength(1);
    await opened.close();
  });

  it('refuses malformed files with the line number, and writes nothing', async () => {
    const { ctx, opened, contractId } = await setup();
    await ok(ctx, 'books.importFec', { contractId, file: file(fecBytes(SAMPLE_LINES.slice(0, 2))), rules: SAMPLE_RULES });
    const text = fecText(SAMPLE_LINES);
    const rows = text.split('\n');
    const cp1252 = encodeLatin9(text.replace('Loyer mars (€)', 'Loyer mars (X)'));
    cp1252[cp1252.indexOf('X'.charCodeAt(0))] = 0x80;
    const cases: [string, Uint8Array, RegExp][] = [
      ['column count', new TextEncoder().encode([...rows.slice(0, 5), rows[5].replace(/\t[^\t]*$/, ''), ...rows.slice(6)].join('\n')), /Ligne 6 : 17 colonne\(s\) au lieu de 18/],
      ['bad date', new TextEncoder().encode(text.replace('20230315', '2023-03-15')), /Ligne 6 : EcritureDate « 2023-03-15 »/],
      ['unbalanced', fecBytes(SAMPLE_LINES.map((l, i) => (i === 9 ? { ...l, debit: 20001 } : l))), /Ligne 10 : écriture AC n° 11 déséquilibrée/],
      ['encoding', cp1252, /Ligne 8 : encodage inconnu/],
    ];
    const before = await counts(ctx);
    for (const [what, bytes, message] of cases) {
      for (const method of ['books.importFec', 'books.previewFec'] as const) {
        const res = await callApi(ctx, method, { contractId, file: file(bytes, 'mauvais.txt') });
        expect(res.ok, what).toBe(false);
        if (!res.ok) {
          expect(res.error.code).toBe('VALIDATION');
          expect(res.error.message, what).toMatch(message);
          expect(res.error.message).toMatch(/^Fichier FEC mauvais\.txt refusé\./);
          expect(res.error.fields).toHaveProperty('file');
        }
      }
    }
    expect(await counts(ctx)).toEqual(before);
    await opened.close();
  });

  it('refuses a rule naming a mission the contract does not hold', async () => {
    const { ctx, opened, contractId } = await setup();
    const res = await callApi(ctx, 'books.setRules', { contractId, rules: [{ account: '6', mission: 'qualite', category: 'autre' }] });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/^Règle 1 \(compte 6\) : .*mission non retenue au contrat/);
    await opened.close();
  });
});

describe('CLI fec import', () => {
  function aci(args: string[]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, ACI_TODAY: '2026-11-23' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('prints the documented JSON shape; --dry-run writes nothing; a second import adds nothing', async () => {
    const { opened, dir, contractId } = await setup();
    const db = await handToCli(opened);
    const fec = join(dir, 'FEC.txt');
    const mapping = join(dir, 'mapping.json');
    writeFileSync(fec, fecBytes(SAMPLE_LINES, { separator: '|', encoding: 'iso-8859-15' }));
    writeFileSync(mapping, JSON.stringify({ rules: SAMPLE_RULES }));
    const args = ['fec', 'import', '--db', db, '--contract', String(contractId), '--file', fec, '--mapping', mapping, '--json'];
    const dry = aci([...args, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    const expected = {
      totals: [
        { mission: null, category: 'coordination', cents: 600000 },
        { mission: null, category: 'fonctionnement_courant', cents: 60000 },
        { mission: 'parcours', category: 'prestations', cents: 125050 },
      ],
      imported: 5,
      duplicatesSkipped: 0,
      unmatched: [],
      reconciliation: [
        { date: '2023-01-03', amountCents: 14250000, paymentId: null },
        { date: '2023-02-10', amountCents: 500000, paymentId: null },
      ],
    };
    expect(JSON.parse(dry.stdout)).toEqual(expected);
    const first = aci(args);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual(expected);
    const second = aci(args);
    expect(JSON.parse(second.stdout)).toMatchObject({ totals: [], imported: 0, duplicatesSkipped: 7 });

    writeFileSync(fec, fecText(SAMPLE_LINES).replace('20230131', '20230132'));
    const bad = aci(args);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Ligne 2 : EcritureDate « 20230132 »');
    writeFileSync(mapping, JSON.stringify({ rules: [{ account: '641', mission: 'x', category: 'coordination' }] }));
    const badMapping = aci(args);
    expect(badMapping.code).toBe(2);
    expect(badMapping.stderr).toContain('Mission :');
  }, 180_000);
});
