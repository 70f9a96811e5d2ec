// Team mode (issue 13): evidence files live in the shared database by SHA-256, not in a data
// folder: every agent (here: two apps with two data folders) opens the same file, read back with
// its hash checked; a damaged content is refused and repaired by a new upload of the same file.
// The exchange file carries them from and into the server; demo removal removes the contents only
// the demo used, and the backup holds the contents left. Skipped without ACI_TEST_POSTGRES_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { callApi } from '../../electron/api/dispatch';
import type { ApiContext } from '../../electron/api/context';
import { evidenceLocalFile, OPENED_EVIDENCE_DIR } from '../../electron/api/evidence';
import { makeContext } from '../../electron/runtime';
import { seedDemo } from '../../electron/db/demo';
import { openPostgres, type OpenedPostgres } from '../../electron/db/postgres/connection';
import { openDatabase } from '../../electron/db/connection';
import { migrateToServer } from '../../electron/cliMigrate';
import { ok, T3_CONTRACT, tempDir } from './helpers';
import { createTestDatabase, openTestPostgres, PG_SKIP_REASON, PG_URL } from './pgTest';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function livrable(ctx: ApiContext): Promise<{ contractId: number; livrableId: number }> {
  const c = await ok(ctx, 'contract.create', T3_CONTRACT);
  await ok(ctx, 'annex.create', { contractId: c.id, year: 1, copyFromYear: null });
  const annex = await ok(ctx, 'annex.addAction', { contractId: c.id, year: 1, mission: 'parcours', label: 'Parcours diabète' });
  const actionId = annex.missions.find((m) => m.code === 'parcours')!.actions[0].id;
  const withLivrable = await ok(ctx, 'annex.addLivrable', { actionId, label: 'Parcours rédigé' });
  return { contractId: c.id, livrableId: withLivrable.missions.find((m) => m.code === 'parcours')!.actions[0].livrables[0].id };
}

describe.skipIf(!PG_URL)(`PostgreSQL: evidence in the shared database${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  let store: OpenedPostgres;
  let agentA: ApiContext;
  let agentB: ApiContext;

  beforeAll(async () => {
    store = await openTestPostgres();
    agentA = { ...makeContext(store, tempDir(), 'cli'), today: () => '2023-06-01' };
    agentB = { ...makeContext(store, tempDir(), 'cli'), today: () => '2023-06-01' };
  }, 60_000);
  afterAll(async () => store?.close());

  it('stores an upload once per hash in the database, writes nothing in the data folder, and every agent reads the same bytes', async () => {
    const { contractId, livrableId } = await livrable(agentA);
    const content = Buffer.from('%PDF-1.4 compte rendu partagé '.repeat(300));
    const input = { contractId, livrableId, indicatorId: null, fileName: 'cr.pdf', contentBase64: content.toString('base64') };
    const first = await ok(agentA, 'evidence.add', input);
    const second = await ok(agentA, 'evidence.add', input);
    expect(second.sha256).toBe(sha(content));
    const blobs = await sql<{ sha256: string; size: number }>`SELECT sha256, size FROM evidence_blob`.execute(store.db);
    expect(blobs.rows).toEqual([{ sha256: sha(content), size: content.length }]);
    expect(existsSync(join(agentA.dataDir, 'pieces'))).toBe(false);

    const readByB = await ok(agentB, 'evidence.get', { id: first.id });
    expect(Buffer.from(readByB.base64, 'base64')).toEqual(content);
    expect(readByB).toMatchObject({ fileName: 'cr.pdf', mimeType: 'application/pdf', sha256: sha(content) });

    // Opening it with the system's application: a checked copy in B's data folder.
    const local = await evidenceLocalFile(agentB, first.id);
    expect(local.path.startsWith(join(agentB.dataDir, OPENED_EVIDENCE_DIR))).toBe(true);
    expect(sha(readFileSync(local.path))).toBe(sha(content));
  });

  it('refuses a content that no longer matches its hash, and a new upload of the same file repairs it', async () => {
    const { contractId, livrableId } = await livrable(agentA);
    const content = Buffer.from('tableau de bord du parcours '.repeat(100));
    const input = { contractId, livrableId, indicatorId: null, fileName: 'tableau.csv', contentBase64: content.toString('base64') };
    const ev = await ok(agentA, 'evidence.add', input);
    const damaged = Buffer.from('contenu remplacé');
    await sql`UPDATE evidence_blob SET content = ${damaged}, size = ${damaged.length} WHERE sha256 = ${ev.sha256}`.execute(store.db);
    const refused = await callApi(agentB, 'evidence.get', { id: ev.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/altéré/);
    await expect(evidenceLocalFile(agentB, ev.id)).rejects.toThrow(/altéré/);

    await ok(agentB, 'evidence.add', input);
    const back = await ok(agentA, 'evidence.get', { id: ev.id });
    expect(Buffer.from(back.base64, 'base64')).toEqual(content);
  });

  it('exchange file: exported from the server with its evidence, imported into another server with it', async () => {
    const { contractId, livrableId } = await livrable(agentA);
    const content = Buffer.from('%PDF-1.4 pièce à échanger '.repeat(50));
    await ok(agentA, 'evidence.add', { contractId, livrableId, indicatorId: null, fileName: 'echange.pdf', contentBase64: content.toString('base64') });
    const file = await ok(agentA, 'exchange.export', { contractId, side: 'cpam' });

    const other = await openTestPostgres();
    try {
      const ctx = { ...makeContext(other, tempDir(), 'cli'), today: () => '2023-06-01' };
      const applied = await ok(ctx, 'exchange.apply', { fileBase64: file.base64 });
      expect(applied.backupPath).toBeNull();
      const ids = await sql<{ id: number; sha256: string }>`SELECT id, sha256 FROM evidence WHERE contract_id = ${applied.contractId}`.execute(other.db);
      expect(ids.rows.map((r) => r.sha256)).toEqual([sha(content)]);
      const read = await ok(ctx, 'evidence.get', { id: ids.rows[0].id });
      expect(Buffer.from(read.base64, 'base64')).toEqual(content);
      expect(existsSync(join(ctx.dataDir, 'pieces'))).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('demo.remove removes the demonstration contracts and the contents only they used; and the backup holds what is left', async () => {
    // The demo portfolio seeded on a desktop file and moved in (seeding through the API on the server is slower).
    const desktopDir = tempDir();
    const desktop = await openDatabase(join(desktopDir, 'aci-cpts.sqlite'));
    const demoIds = await seedDemo({ ...makeContext(desktop, desktopDir, 'cli'), today: () => '2026-11-23' });
    await desktop.close();
    const database = await createTestDatabase();
    await migrateToServer(join(desktopDir, 'aci-cpts.sqlite'), database.url);
    const other = await openPostgres(database.url);
    try {
      const ctx = { ...makeContext(other, tempDir(), 'cli'), today: () => '2026-11-23' };
      const { contractId, livrableId } = await livrable(ctx);
      const kept = Buffer.from('pièce du vrai contrat');
      await ok(ctx, 'evidence.add', { contractId, livrableId, indicatorId: null, fileName: 'vrai.pdf', contentBase64: kept.toString('base64') });
      const before = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM evidence_blob`.execute(other.db);
      expect(before.rows[0].n).toBeGreaterThan(1);

      const removed = await ok(ctx, 'demo.remove', {});
      expect(removed.removedContracts).toBe(demoIds.length);
      const left = await sql<{ id: number }>`SELECT id FROM contract ORDER BY id`.execute(other.db);
      expect(left.rows.map((r) => r.id)).toEqual([contractId]);
      const blobs = await sql<{ sha256: string }>`SELECT sha256 FROM evidence_blob`.execute(other.db);
      expect(blobs.rows.map((r) => r.sha256)).toEqual([sha(kept)]);
      expect((await ok(ctx, 'payments.list', { contractId })).payments).toEqual([]);

      // The backup of the shared database: what is left, the kept content with it, nothing in the data folder.
      const backup = await ok(ctx, 'backup.create', {});
      expect(backup).toMatchObject({ contractCount: 1, evidenceFiles: 1 });
      expect(readdirSync(ctx.dataDir)).toEqual([]);
    } finally {
      await other.close();
      await database.drop();
    }
  }, 240_000);
});
