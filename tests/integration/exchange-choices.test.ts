// Issue 12: each conflict of an import gets its own answer (exchange.apply `choices`: keep this
// base's version or take the file's, per record), as the difference screen asks them. A conflict
// left unanswered refuses the whole import; nothing is written.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { callApi } from '../../electron/api/dispatch';
import { ok, openTemp } from './helpers';
import { dbContentHash, cptsContract } from './exchangeFixture';

describe('exchange: one answer per conflict', () => {
  it('takes the file’s version of one record and keeps the local one of another', async () => {
    const cpts = await openTemp('2023-07-20');
    const { c } = await cptsContract(cpts.ctx);
    const file1 = await ok(cpts.ctx, 'exchange.export', { contractId: c.id, side: 'cpts' });
    const cpam = await openTemp('2023-07-20');
    const cpamId = (await ok(cpam.ctx, 'exchange.apply', { fileBase64: file1.base64 })).contractId;

    // Both sides change the same two shared records, differently.
    await sql`UPDATE contract SET ars = 'ARS (version CPTS)' WHERE id = ${c.id}`.execute(cpts.ctx.db);
    await sql`UPDATE annex_action SET label = 'Dépistages (version CPTS)'`.execute(cpts.ctx.db);
    await sql`UPDATE contract SET ars = 'ARS (version CPAM)' WHERE id = ${cpamId}`.execute(cpam.ctx.db);
    await sql`UPDATE annex_action SET label = 'Dépistages (version CPAM)'`.execute(cpam.ctx.db);
    const file2 = await ok(cpam.ctx, 'exchange.export', { contractId: cpamId, side: 'cpam' });

    const preview = await ok(cpts.ctx, 'exchange.preview', { fileBase64: file2.base64, contractId: c.id });
    const ids = preview.conflicts.filter((x) => x.blocking).map((x) => x.id);
    const contractConflict = ids.find((x) => x.startsWith('contract:'))!;
    const actionConflict = ids.find((x) => x.startsWith('annex_action:'))!;
    expect(ids.sort()).toEqual([actionConflict, contractConflict].sort());
    expect(preview.conflicts.every((x) => x.canTakeTheirs && x.mine && x.theirs)).toBe(true);

    // One answer missing: refused whole, nothing written.
    const before = await dbContentHash(cpts.opened, ['audit_log']);
    const partial = await callApi(cpts.ctx, 'exchange.apply', { fileBase64: file2.base64, contractId: c.id, digest: preview.digest, choices: { [contractConflict]: 'theirs' } });
    expect(partial.ok).toBe(false);
    if (!partial.ok) expect(partial.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/1 conflit\(s\) à trancher/) });
    expect(await dbContentHash(cpts.opened, ['audit_log'])).toBe(before);

    // Both answered: the file's ARS, this base's action label.
    const applied = await ok(cpts.ctx, 'exchange.apply', {
      fileBase64: file2.base64,
      contractId: c.id,
      digest: preview.digest,
      choices: { [contractConflict]: 'theirs', [actionConflict]: 'mine' },
    });
    expect(applied.conflicts.find((x) => x.id === contractConflict)!.resolution).toBe('theirs');
    expect(applied.conflicts.find((x) => x.id === actionConflict)!.resolution).toBe('mine');
    const row = (await sql<{ ars: string }>`SELECT ars FROM contract WHERE id = ${c.id}`.execute(cpts.ctx.db)).rows[0];
    expect(row.ars).toBe('ARS (version CPAM)');
    const labels = (await sql<{ label: string }>`SELECT label FROM annex_action`.execute(cpts.ctx.db)).rows.map((r) => r.label);
    expect(labels).toEqual(['Dépistages (version CPTS)']);

    await cpts.opened.close();
    await cpam.opened.close();
  }, 120_000);
});
