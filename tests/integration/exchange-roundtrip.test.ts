// Issue 12, "done when": a CPTS exports its contract; an empty CPAM database imports it and
// computes the same money to the cent with the same evidence; the CPAM closes the annual review
// and exports; the CPTS imports it back and sees the closed review and the same variable part; a
// second import of the same file changes nothing. Since format 2 the treasurer's books travel too:
// the spending corrections (with their supporting file), the FEC mapping rules and the register of
// indemnities (professionals and time entries) arrive identical. A file of format 1 is still read.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { callApi } from '../../electron/api/dispatch';
import type { ApiContext } from '../../electron/api/context';
import { ok, openTemp, T3_CONTRACT } from './helpers';
import { dbContentHash, cptsContract, moneyOf, rezip, unzip } from './exchangeFixture';
import { ON_POSTGRES } from './pgTest';

/** Money without the words that name local ids ("dialogue annuel n° 12"). */
function money(f: Parameters<typeof moneyOf>[0]) {
  const m = moneyOf(f);
  return JSON.parse(JSON.stringify(m).replace(/n° \d+/g, 'n° #').replace(/"id":"adj-\d+"/g, '"id":"adj"')) as unknown;
}

/** A view with its local ids (and the words naming them) left out: what two databases must agree on. */
function noIds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(noIds);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = k === 'id' || /Id$/.test(k) ? (x === null ? null : '#') : noIds(x);
    return o;
  }
  return typeof v === 'string' ? v.replace(/n° \d+/g, 'n° #') : v;
}

/** The spending entries, corrections, rules and register of a contract, as the screens show them. */
async function books(ctx: ApiContext, contractId: number) {
  const spending = await ok(ctx, 'spending.get', { contractId });
  const rules = (await ok(ctx, 'books.get', { contractId })).rules;
  const register = await ok(ctx, 'indemnities.get', { contractId });
  const evidence = (
    await sql<{ sha256: string; file_name: string; spending: string | null; correction: string | null }>`
      SELECT e.sha256, e.file_name, s.uuid AS spending, k.uuid AS correction FROM evidence e
      LEFT JOIN spending s ON s.id = e.spending_id LEFT JOIN spending_correction k ON k.id = e.spending_correction_id
      WHERE e.contract_id = ${contractId} ORDER BY e.sha256`.execute(ctx.db)
  ).rows;
  return noIds({ spending: { rows: spending.rows, entries: spending.entries }, rules, register: { professionals: register.professionals, entries: register.entries, perProfessional: register.perProfessional }, evidence });
}

/** The treasurer's books of the CPTS: a corrected spending entry (with its file), mapping rules, the register. */
async function cptsBooks(ctx: ApiContext, contractId: number) {
  const view = await ok(ctx, 'spending.get', { contractId });
  const entry = view.entries[0];
  await ok(ctx, 'spending.correct', {
    contractId,
    spendingId: entry.id,
    correctedOn: '2023-01-15',
    newAmountCents: '1 000',
    reason: 'Avoir du fournisseur',
    attachment: { fileName: 'avoir.pdf', contentBase64: Buffer.from('%PDF-1.4 avoir').toString('base64') },
  });
  await ok(ctx, 'books.setRules', { contractId, rules: [{ account: '6411', journal: null, mission: 'prevention', category: 'coordination' }, { account: '62', journal: 'OD', mission: null, category: 'fonctionnement_courant' }] });
  const pro = await ok(ctx, 'indemnities.addProfessional', { contractId, name: 'Dr Léa Petit', profession: 'Médecin généraliste', rpps: '10101010101' });
  await ok(ctx, 'indemnities.addEntry', { contractId, professionalId: pro.professionalId, workedOn: '2023-03-10', mission: 'prevention', hours: '2,5', kind: 'indemnite', rateCents: null, amountCents: '250' });
  await ok(ctx, 'indemnities.addEntry', { contractId, professionalId: pro.professionalId, workedOn: '2023-04-12', mission: null, hours: '1', kind: 'remuneration', rateCents: '90', amountCents: null });
}

describe('exchange file round trip', () => {
  it('CPTS → CPAM → CPTS: same money, same evidence, the closed review back, idempotent', async () => {
    const cpts = await openTemp('2023-07-20');
    const { c } = await cptsContract(cpts.ctx);
    await cptsBooks(cpts.ctx, c.id);
    const file1 = await ok(cpts.ctx, 'exchange.export', { contractId: c.id, side: 'cpts' });
    expect(file1.fileName).toMatch(/^echange-cpts-test-trois-annee-2-2023-07-20-cpts\.aci$/);

    // An empty CPAM database.
    const cpam = await openTemp('2023-07-20');
    const preview = await ok(cpam.ctx, 'exchange.preview', { fileBase64: file1.base64 });
    expect(preview.match).toBe('new');
    expect(preview.conflicts).toEqual([]);
    expect(preview.changed).toBe(0);
    expect(preview.new).toBeGreaterThan(20);
    const before = await dbContentHash(cpam.opened);
    expect(await dbContentHash(cpam.opened)).toBe(before); // the preview wrote nothing
    const applied = await ok(cpam.ctx, 'exchange.apply', { fileBase64: file1.base64, digest: preview.digest });
    expect(applied.new).toBe(preview.new);
    // The automatic copy before an import is the SQLite file's; a shared server is saved whole with `backup --data postgres://…` (or pg_dump).
    if (ON_POSTGRES) expect(applied.backupPath).toBeNull();
    else expect(applied.backupPath && existsSync(applied.backupPath)).toBe(true);
    const cpamId = applied.contractId;

    const fCpts = await ok(cpts.ctx, 'funding.get', { contractId: c.id });
    const fCpam = await ok(cpam.ctx, 'funding.get', { contractId: cpamId });
    expect(money(fCpam)).toEqual(money(fCpts));
    const evidence = async (ctx: typeof cpts.ctx, id: number) =>
      (await sql<{ sha256: string; file_name: string }>`SELECT sha256, file_name FROM evidence WHERE contract_id = ${id} ORDER BY sha256`.execute(ctx.db)).rows;
    expect(await evidence(cpam.ctx, cpamId)).toEqual(await evidence(cpts.ctx, c.id));
    const ev = (await sql<{ id: number }>`SELECT id FROM evidence WHERE contract_id = ${cpamId} LIMIT 1`.execute(cpam.ctx.db)).rows[0];
    await ok(cpam.ctx, 'evidence.get', { id: ev.id }); // the file is there, intact
    // The treasurer's books arrive identical: corrections and their file, rules, register.
    const cptsSide = await books(cpts.ctx, c.id);
    expect(await books(cpam.ctx, cpamId)).toEqual(cptsSide);
    expect(JSON.stringify(cptsSide)).toContain('Avoir du fournisseur');
    expect(JSON.stringify(cptsSide)).toContain('Dr Léa Petit');
    expect(JSON.stringify(cptsSide)).toContain('avoir.pdf');
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

    // The closed review changed what was granted; both sides still agree on the books.
    expect(await books(cpts.ctx, c.id)).toEqual(await books(cpam.ctx, cpamId));

    // A second import of the same file changes nothing (but the journal of calls, which records the call).
    const hash = await dbContentHash(cpts.opened, ['audit_log']);
    const again = await ok(cpts.ctx, 'exchange.preview', { fileBase64: file2.base64 });
    expect([again.new, again.changed]).toEqual([0, 0]);
    expect(again.conflicts.filter((x) => x.blocking)).toEqual([]);
    await ok(cpts.ctx, 'exchange.apply', { fileBase64: file2.base64 });
    expect(await dbContentHash(cpts.opened, ['audit_log'])).toBe(hash);
    // And the CPAM re-importing its own file, too.
    const own = await ok(cpam.ctx, 'exchange.preview', { fileBase64: file2.base64 });
    expect([own.new, own.changed, own.conflicts.length]).toEqual([0, 0, 0]);

    // A file of another contract is refused when a contract is chosen; nothing written.
    const other = await ok(cpts.ctx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Autre' });
    const cptsHash = await dbContentHash(cpts.opened);
    const refused = await callApi(cpts.ctx, 'exchange.apply', { fileBase64: file2.base64, contractId: other.id, resolve: 'theirs' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/autre contrat/);
    expect(await dbContentHash(cpts.opened)).toBe(cptsHash);
    await cpts.opened.close();
    await cpam.opened.close();
  }, 60_000);

  it('reads a file of format 1 (before the books travelled): imported without corrections or register', async () => {
    const cpts = await openTemp('2023-07-20');
    const { c } = await cptsContract(cpts.ctx);
    const v2 = await ok(cpts.ctx, 'exchange.export', { contractId: c.id, side: 'cpts' });
    const e = await unzip(Buffer.from(v2.base64, 'base64'));
    expect(e.manifest.formatVersion).toBe(2);
    const tables = e.contract.tables as Record<string, Record<string, unknown>[]>;
    for (const t of ['spending_correction', 'book_mapping', 'professional', 'indemnity_entry']) {
      expect(tables[t]).toEqual([]);
      delete tables[t];
    }
    for (const ev of tables.evidence) {
      delete ev.spending_uuid;
      delete ev.spending_correction_uuid;
    }
    e.manifest.formatVersion = 1;
    const v1 = (await rezip(e)).toString('base64');
    const cpam = await openTemp('2023-07-20');
    const preview = await ok(cpam.ctx, 'exchange.preview', { fileBase64: v1 });
    expect(preview.match).toBe('new');
    const applied = await ok(cpam.ctx, 'exchange.apply', { fileBase64: v1, digest: preview.digest });
    expect(money(await ok(cpam.ctx, 'funding.get', { contractId: applied.contractId }))).toEqual(money(await ok(cpts.ctx, 'funding.get', { contractId: c.id })));
    // A field of format 2 in a file that says format 1 is unknown there: refused whole.
    tables.spending_correction = [];
    const mixed = await callApi(cpam.ctx, 'exchange.preview', { fileBase64: (await rezip(e)).toString('base64') });
    expect(mixed.ok).toBe(false);
    if (!mixed.ok) expect(mixed.error.message).toMatch(/champ inconnu/);
    await cpts.opened.close();
    await cpam.opened.close();
  }, 60_000);
});
