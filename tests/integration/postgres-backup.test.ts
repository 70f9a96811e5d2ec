// The backup of a shared database (team mode, issue 13): `backup --data postgres://…` and the
// app's « Sauvegarder » write the desktop archive format from what the connected role reads (every
// contract for the owner or an administrator, their own for an agent), evidence files included;
// the archive restores into a data folder row for row, and `restore --data postgres://…` pours it
// into a server, refusing one that already holds its contracts. Skipped without ACI_TEST_POSTGRES_URL.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { runCli } from '../../electron/cli';
import { makeContext } from '../../electron/runtime';
import { seedDemo } from '../../electron/db/demo';
import { openDatabase, type OpenedDb } from '../../electron/db/connection';
import { openPostgres, type OpenedPostgres } from '../../electron/db/postgres/connection';
import { sourceTables } from '../../electron/db/postgres/copyFromSqlite';
import { migrateToServer } from '../../electron/cliMigrate';
import type { ApiContext } from '../../electron/api/context';
import { moneyOf } from './exchangeFixture';
import { ok, T3_CONTRACT, tempDir } from './helpers';
import { asLogin, createTestDatabase, PG_SKIP_REASON, PG_URL, dropRoles } from './pgTest';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const TODAY = '2026-11-23';

/** Runs the CLI with its output captured. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
  try {
    const code = await runCli(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** Each contract's money (funding, schedule with what is paid, totals) by uuid. */
async function moneyByUuid(ctx: ApiContext, uuids: { id: number; uuid: string }[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const c of uuids) out[c.uuid] = moneyOf(await ok(ctx, 'funding.get', { contractId: c.id }));
  return out;
}

describe.skipIf(!PG_URL)(`PostgreSQL: backup and restore of the shared database${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const AGENT = `agent_${randomBytes(4).toString('hex')}`;
  const databases: { url: string; drop(): Promise<void> }[] = [];
  let server: OpenedPostgres;
  let serverCtx: ApiContext;
  let archive: string;
  let evidenceContent: Buffer;

  beforeAll(async () => {
    // The demo portfolio, one evidence file added, moved into a server.
    const desktopDir = tempDir();
    const desktop = await openDatabase(join(desktopDir, 'aci-cpts.sqlite'));
    const ctx = { ...makeContext(desktop, desktopDir, 'cli'), today: () => TODAY };
    await seedDemo(ctx);
    // And a contract of its own with an evidence file on a livrable.
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    await ok(ctx, 'annex.create', { contractId: c.id, year: 1, copyFromYear: null });
    const annex = await ok(ctx, 'annex.addAction', { contractId: c.id, year: 1, mission: 'parcours', label: 'Parcours diabète' });
    const actionId = annex.missions.find((m) => m.code === 'parcours')!.actions[0].id;
    const withLivrable = await ok(ctx, 'annex.addLivrable', { actionId, label: 'Parcours rédigé' });
    const livrableId = withLivrable.missions.find((m) => m.code === 'parcours')!.actions[0].livrables[0].id;
    evidenceContent = Buffer.from('%PDF-1.4 compte rendu à sauvegarder '.repeat(200));
    await ok(ctx, 'evidence.add', { contractId: c.id, livrableId, indicatorId: null, fileName: 'cr.pdf', contentBase64: evidenceContent.toString('base64') });
    await desktop.close();

    const database = await createTestDatabase();
    databases.push(database);
    await migrateToServer(join(desktopDir, 'aci-cpts.sqlite'), database.url);
    server = await openPostgres(database.url);
    serverCtx = { ...makeContext(server, tempDir(), 'cli'), today: () => TODAY };
    archive = join(tempDir(), 'serveur.zip');
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    for (const d of databases) await d.drop();
    await dropRoles([AGENT]);
  });

  it('`backup --data postgres://…` writes an archive that restores into a data folder with every row as the server holds it, evidence included', async () => {
    const made = await cli(['backup', '--data', databases[0].url, '--out', archive, '--json']);
    expect(made.code, made.err).toBe(0);
    const report = JSON.parse(made.out) as { contractCount: number; evidenceFiles: number };
    const contracts = await sql<{ id: number; uuid: string }>`SELECT id, uuid FROM contract ORDER BY id`.execute(server.db);
    expect(report.contractCount).toBe(contracts.rows.length);
    const blobs = await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM evidence_blob`.execute(server.db);
    expect(report.evidenceFiles).toBe(blobs.rows[0].n);

    const dir = tempDir();
    const restored = await cli(['restore', '--data', dir, '--from', archive]);
    expect(restored.code, restored.err).toBe(0);
    const local: OpenedDb = await openDatabase(join(dir, 'aci-cpts.sqlite'));
    try {
      // Row for row, table by table (the stored closing figures among them), ids included.
      const tables = sourceTables(local.sqlite);
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['contract', 'payment', 'payment_allocation', 'review', 'audit_log']));
      for (const t of tables) {
        const cols = t.columns.map((c) => `"${c}"`).join(', ');
        const onServer = await sql.raw<Record<string, unknown>>(`SELECT ${cols} FROM "${t.name}" ORDER BY id`).execute(server.db);
        const inFile = local.sqlite.prepare(`SELECT ${cols} FROM "${t.name}" ORDER BY id`).all();
        expect(inFile, t.name).toEqual(onServer.rows);
      }
      const closed = local.sqlite.prepare("SELECT COUNT(*) AS n FROM review WHERE status = 'closed'").get() as { n: number };
      expect(closed.n).toBeGreaterThan(0);
      // The same money on the screens, computed from the file.
      const localCtx = { ...makeContext(local, dir, 'cli'), today: () => TODAY };
      expect(await moneyByUuid(localCtx, contracts.rows)).toEqual(await moneyByUuid(serverCtx, contracts.rows));
      // The evidence file, written from the database, under its stored path.
      const ev = local.sqlite.prepare('SELECT stored_path FROM evidence WHERE sha256 = ?').get(sha(evidenceContent)) as { stored_path: string };
      expect(readFileSync(join(dir, ...ev.stored_path.split('/')))).toEqual(evidenceContent);
    } finally {
      await local.close();
    }
  }, 300_000);

  it('`restore --data postgres://…` pours the archive into an empty server, the same money to the cent; a second time it is refused and writes nothing', async () => {
    const target = await createTestDatabase();
    databases.push(target);
    const poured = await cli(['restore', '--data', target.url, '--from', archive, '--json']);
    expect(poured.code, poured.err).toBe(0);
    const other = await openPostgres(target.url);
    try {
      const before = await sql<{ id: number; uuid: string }>`SELECT id, uuid FROM contract ORDER BY id`.execute(server.db);
      const after = await sql<{ id: number; uuid: string }>`SELECT id, uuid FROM contract ORDER BY id`.execute(other.db);
      expect(after.rows.map((r) => r.uuid).sort()).toEqual(before.rows.map((r) => r.uuid).sort());
      const otherCtx = { ...makeContext(other, tempDir(), 'cli'), today: () => TODAY };
      expect(await moneyByUuid(otherCtx, after.rows)).toEqual(await moneyByUuid(serverCtx, before.rows));
      const blob = await sql<{ content: Buffer }>`SELECT content FROM evidence_blob WHERE sha256 = ${sha(evidenceContent)}`.execute(other.db);
      expect(blob.rows[0].content).toEqual(evidenceContent);

      const rows = await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM payment`.execute(other.db);
      const again = await cli(['restore', '--data', target.url, '--from', archive]);
      expect(again.code).toBe(2);
      expect(again.err).toMatch(/contient déjà .* rien n’a été copié/);
      expect((await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM payment`.execute(other.db)).rows[0].n).toBe(rows.rows[0].n);
    } finally {
      await other.close();
    }
  }, 300_000);

  it('an agent’s backup holds the contracts assigned to them, nothing else; « Sauvegarder » in the app saves the shared database', async () => {
    const [mine] = (await sql<{ id: number; uuid: string }>`SELECT id, uuid FROM contract ORDER BY id LIMIT 1`.execute(server.db)).rows;
    expect((await cli(['team', 'add-agent', '--db', databases[0].url, '--login', AGENT, '--name', 'Alice Martin', '--role', 'agent'])).code).toBe(0);
    expect((await cli(['team', 'assign', '--db', databases[0].url, '--agent', AGENT, '--contract', String(mine.id)])).code).toBe(0);
    const agentArchive = join(tempDir(), 'agent.zip');
    const made = await cli(['backup', '--data', asLogin(databases[0].url, AGENT), '--out', agentArchive, '--json']);
    expect(made.code, made.err).toBe(0);
    expect(JSON.parse(made.out)).toMatchObject({ contractCount: 1 });
    const dir = tempDir();
    expect((await cli(['restore', '--data', dir, '--from', agentArchive])).code).toBe(0);
    const local = await openDatabase(join(dir, 'aci-cpts.sqlite'));
    try {
      expect(local.sqlite.prepare('SELECT uuid FROM contract').all()).toEqual([{ uuid: mine.uuid }]);
      const foreign = local.sqlite.prepare('SELECT COUNT(*) AS n FROM payment WHERE contract_id <> ?').get(mine.id) as { n: number };
      expect(foreign.n).toBe(0);
    } finally {
      await local.close();
    }

    // The app's button, on the server: an archive of every contract the owner reads.
    const file = await ok(serverCtx, 'backup.create', {});
    const count = await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM contract`.execute(server.db);
    expect(file.contractCount).toBe(count.rows[0].n);
    const summary = await ok(serverCtx, 'backup.inspect', { archiveBase64: file.base64 });
    expect(summary.contractCount).toBe(count.rows[0].n);
    // Pouring an archive into the server stays the administrator's command.
    const refused = await ok(serverCtx, 'backup.restore', { archiveBase64: file.base64 }).then(
      () => null,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    expect(refused).toMatch(/restore --data postgres/);
  }, 300_000);

  it('an evidence content altered on the server stops the backup with its French reason, and no archive is written', async () => {
    const out = join(tempDir(), 'jamais.zip');
    const damaged = Buffer.from('contenu remplacé');
    await sql`UPDATE evidence_blob SET content = ${damaged}, size = ${damaged.length} WHERE sha256 = ${sha(evidenceContent)}`.execute(server.db);
    try {
      const made = await cli(['backup', '--data', databases[0].url, '--out', out]);
      expect(made.code).toBe(2);
      expect(made.err).toMatch(/Pièce altérée dans la base partagée .*pieces\/[0-9a-f]{2}\/[0-9a-f]{64}\.pdf\. Sauvegarde non faite/);
      expect(existsSync(out)).toBe(false);
    } finally {
      await sql`UPDATE evidence_blob SET content = ${evidenceContent}, size = ${evidenceContent.length} WHERE sha256 = ${sha(evidenceContent)}`.execute(server.db);
    }
  }, 120_000);
});
