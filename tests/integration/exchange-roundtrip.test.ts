// Issue 12, "done when": a CPTS exports its contract; an empty CPAM database imports it and
// computes the same money to the cent with the same evidence; the CPAM closes the annual review
// and exports; the CPTS imports it back and sees the closed review and the same variable part; a
// second import of the same file changes nothing.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { callApi } from '../../electron/api/dispatch';
import { ok, openTemp, T3_CONTRACT } from './helpers';
import { contentHash, cptsContract, moneyOf } from './exchangeFixture';

/** Money without the words that name local ids ("dialogue annuel n° 12"). */
function money(f: Parameters<typeof moneyOf>[0]) {
  const m = moneyOf(f);
  return JSON.parse(JSON.stringify(m).replace(/n° \d+/g, 'n° #').replace(/"id":"adj-\d+"/g, '"id":"adj"')) as unknown;
}

describe('exchange file round trip', () => {
  it('CPTS → CPAM → CPTS: same money, same evidence, the closed review back, idempotent', async () => {
    const cpts = await openTemp('2023-07-20');
    const { c } = await cptsContract(cpts.ctx);
    const file1 = await ok(cpts.ctx, 'exchange.export', { contractId: c.id, side: 'cpts' });
    expect(file1.fileName).toMatch(/^echange-cpts-test-trois-annee-2-2023-07-20-cpts\.aci$/);

    // An empty CPAM database.
    const cpam = await openTemp('2023-07-20');
    const preview = await ok(cpam.ctx, 'exchange.preview', { fileBase64: file1.base64 });
    expect(preview.match).toBe('new');
    expect(preview.conflicts).toEqual([]);
    expect(preview.changed).toBe(0);
    expect(preview.new).toBeGreaterThan(20);
    const before = contentHash(cpam.opened.sqlite);
    expect(contentHash(cpam.opened.sqlite)).toBe(before); // the preview wrote nothing
    const applied = await ok(cpam.ctx, 'exchange.apply', { fileBase64: file1.base64, digest: preview.digest });
    expect(applied.new).toBe(preview.new);
    expect(applied.backupPath && existsSync(applied.backupPath)).toBe(true);
    const cpamId = applied.contractId;

    const fCpts = await ok(cpts.ctx, 'funding.get', { contractId: c.id });
    const fCpam = await ok(cpam.ctx, 'funding.get', { contractId: cpamId });
    expect(money(fCpam)).toEqual(money(fCpts));
    const evidence = async (ctx: typeof cpts.ctx, id: number) =>
      (await sql<{ sha256: string; file_name: string }>`SELECT sha256, file_name FROM evidence WHERE contract_id = ${id} ORDER BY sha256`.execute(ctx.db)).rows;
    expect(await evidence(cpam.ctx, cpamId)).toEqual(await evidence(cpts.ctx, c.id));
    const ev = (await sql<{ id: number }>`SELECT id FROM evidence WHERE contract_id = ${cpamId} LIMIT 1`.execute(cpam.ctx.db)).rows[0];
    await ok(cpam.ctx, 'evidence.get', { id: ev.id }); // the file is there, intact
    const cpamContract = await ok(cpam.ctx, 'contract.get', { id: cpamId });
    expect(cpamContract.siret).toBe('12345678900017');
    expect(cpamContract.missions.map((m) => m.code)).toEqual(['acces_soins', 'parcours', 'prevention']);

    // The CPAM closes the annual review and sends the contract back.
    const reviews = await ok(cpam.ctx, 'reviews.list', { contractId: cpamId });
    const annual = reviews.slots.find((s) => s.year === 1 && s.kind === 'annual')!;
    await ok(cpam.ctx, 'reviews.close', { reviewId: annual.reviewId! });
    const file2 = await ok(cpam.ctx, 'exchange.export', { contractId: cpamId, side: 'cpam' });

    const back = await ok(cpts.ctx, 'exchange.preview', { fileBase64: file2.base64, contractId: c.id });
    expect(back.match).toBe('uuid');
    expect(back.conflicts.filter((x) => x.blocking)).toEqual([]);
    expect(back.changed).toBeGreaterThan(0);
    await ok(cpts.ctx, 'exchange.apply', { fileBase64: file2.base64, contractId: c.id, digest: back.digest });
    const r = await ok(cpts.ctx, 'reviews.list', { contractId: c.id });
    const closed = r.slots.find((s) => s.year === 1 && s.kind === 'annual')!;
    expect(closed.status).toBe('closed');
    const detail = await ok(cpts.ctx, 'reviews.get', { reviewId: closed.reviewId! });
    expect(detail.closedFigures!.missions.find((m) => m.mission === 'prevention')!.retainedCents).toBe(818_219);
    const after = await ok(cpts.ctx, 'funding.get', { contractId: c.id });
    const cpamAfter = await ok(cpam.ctx, 'funding.get', { contractId: cpamId });
    expect(money(after)).toEqual(money(cpamAfter));

    // A second import of the same file changes nothing.
    const hash = contentHash(cpts.opened.sqlite);
    const again = await ok(cpts.ctx, 'exchange.preview', { fileBase64: file2.base64 });
    expect([again.new, again.changed]).toEqual([0, 0]);
    expect(again.conflicts.filter((x) => x.blocking)).toEqual([]);
    await ok(cpts.ctx, 'exchange.apply', { fileBase64: file2.base64 });
    expect(contentHash(cpts.opened.sqlite)).toBe(hash);
    // And the CPAM re-importing its own file, too.
    const own = await ok(cpam.ctx, 'exchange.preview', { fileBase64: file2.base64 });
    expect([own.new, own.changed, own.conflicts.length]).toEqual([0, 0, 0]);

    // A file of another contract is refused when a contract is chosen; nothing written.
    const other = await ok(cpts.ctx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Autre' });
    const cptsHash = contentHash(cpts.opened.sqlite);
    const refused = await callApi(cpts.ctx, 'exchange.apply', { fileBase64: file2.base64, contractId: other.id, resolve: 'theirs' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/autre contrat/);
    expect(contentHash(cpts.opened.sqlite)).toBe(cptsHash);
    await cpts.opened.close();
    await cpam.opened.close();
  }, 60_000);
});
