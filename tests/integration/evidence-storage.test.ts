// Evidence files (issue 10): written atomically (a kill mid-write never leaves a truncated file
// under the final name), a damaged stored copy repaired by a new upload of the same file, and the
// browser mode taking uploads up to the 20 Mo the screen allows, with a French 413 above.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evidencePath, storeEvidenceFile, TEMP_SUFFIX, writeFileAtomic } from '../../electron/api/evidence';
import { startWebServer, TOKEN_HEADER } from '../../electron/web/server';
import type { ApiContext } from '../../electron/api/context';
import { MAX_EVIDENCE_BYTES } from '../../shared/schemas/indicators';
import { ok, openTemp, T3_CONTRACT, tempDir } from './helpers';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function livrable(ctx: ApiContext): Promise<{ contractId: number; livrableId: number }> {
  const c = await ok(ctx, 'contract.create', T3_CONTRACT);
  await ok(ctx, 'annex.create', { contractId: c.id, year: 1, copyFromYear: null });
  const annex = await ok(ctx, 'annex.addAction', { contractId: c.id, year: 1, mission: 'parcours', label: 'Parcours diabète' });
  const actionId = annex.missions.find((m) => m.code === 'parcours')!.actions[0].id;
  const withLivrable = await ok(ctx, 'annex.addLivrable', { actionId, label: 'Parcours rédigé' });
  return { contractId: c.id, livrableId: withLivrable.missions.find((m) => m.code === 'parcours')!.actions[0].livrables[0].id };
}

describe('atomic write of an evidence file', () => {
  it('writes the whole file and leaves no temporary file', () => {
    const dir = tempDir();
    const path = join(dir, 'ab', 'ab12.pdf');
    const content = randomBytes(300_000);
    writeFileAtomic(path, content);
    expect(sha(readFileSync(path))).toBe(sha(content));
    expect(readdirSync(join(dir, 'ab'))).toEqual(['ab12.pdf']);
    const other = randomBytes(10);
    writeFileAtomic(path, other);
    expect(readFileSync(path)).toEqual(other);
    expect(readdirSync(join(dir, 'ab'))).toEqual(['ab12.pdf']);
  });

  it('a process killed while writing leaves either no file or the whole file under the final name', async () => {
    const dir = tempDir();
    const size = 48 * 1024 * 1024;
    const script = join(dir, 'writer.ts');
    writeFileSync(
      script,
      `import { writeFileAtomic } from ${JSON.stringify(join(process.cwd(), 'electron/api/evidence.ts'))};
       const content = Buffer.alloc(${size}, 7);
       process.stdout.write('start\\n');
       for (let i = 0; ; i++) writeFileAtomic(${JSON.stringify(dir)} + '/piece-' + i + '.pdf', content);`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const finals = readdirSync(dir).filter((f) => f.endsWith('.pdf'));
    for (const f of finals) expect(statSync(join(dir, f)).size, f).toBe(size);
    // The interrupted write, if any, is only a hidden temporary file.
    const partial = readdirSync(dir).filter((f) => !f.endsWith('.pdf') && f !== 'writer.ts');
    for (const f of partial) expect(f.endsWith(TEMP_SUFFIX)).toBe(true);
  }, 60_000);
});

describe('a stored copy checked against its hash', () => {
  it('keeps an intact copy, and repairs a truncated or altered one from a new upload of the same file', async () => {
    const { ctx, opened } = await openTemp('2023-06-01');
    const { contractId, livrableId } = await livrable(ctx);
    const content = Buffer.from('%PDF-1.4 compte rendu du comité de pilotage '.repeat(200));
    const input = { contractId, livrableId, indicatorId: null, fileName: 'cr.pdf', contentBase64: content.toString('base64') };
    const first = await ok(ctx, 'evidence.add', input);
    const stored = (await evidencePath(ctx, first.id)).path;
    const inode = statSync(stored).ino;

    expect(storeEvidenceFile(stored, content, sha(content))).toBe('kept');
    expect(statSync(stored).ino).toBe(inode);

    truncateSync(stored, 100);
    await expect(ok(ctx, 'evidence.get', { id: first.id })).rejects.toThrow(/altéré/);
    const again = await ok(ctx, 'evidence.add', input);
    expect(again.sha256).toBe(sha(content));
    expect(sha(readFileSync(stored))).toBe(sha(content));
    expect((await ok(ctx, 'evidence.get', { id: first.id })).sha256).toBe(sha(content));

    writeFileSync(stored, 'remplacé par autre chose');
    expect(storeEvidenceFile(stored, content, sha(content))).toBe('repaired');
    expect(readFileSync(stored)).toEqual(content);
    expect(readdirSync(join(stored, '..')).filter((f) => f.endsWith(TEMP_SUFFIX))).toEqual([]);
    await opened.close();
  });
});

describe('browser mode: upload size', () => {
  it('takes an evidence file up to 20 Mo, answers a French 413 above it and for oversized requests, never a 500', async () => {
    const { ctx, opened } = await openTemp('2023-06-01');
    const { contractId, livrableId } = await livrable(ctx);
    const staticDir = join(tempDir(), 'renderer');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<html><meta name="aci-token" content="__ACI_TOKEN__"></html>');
    const web = await startWebServer({ ctx, staticDir, port: 0 });
    const post = (method: string, body: string) =>
      fetch(`${web.url}api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: web.token }, body });
    try {
      const big = randomBytes(MAX_EVIDENCE_BYTES - 1024);
      const res = await post('evidence.add', JSON.stringify({ contractId, livrableId, indicatorId: null, fileName: 'scan.pdf', contentBase64: big.toString('base64') }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { ok: boolean; value: { sha256: string; size: number } };
      expect(body).toMatchObject({ ok: true, value: { sha256: sha(big), size: big.length } });
      expect(existsSync(join(ctx.dataDir, 'pieces', sha(big).slice(0, 2), `${sha(big)}.pdf`))).toBe(true);

      const tooBig = randomBytes(MAX_EVIDENCE_BYTES + 200 * 1024);
      const refused = await post('evidence.add', JSON.stringify({ contractId, livrableId, indicatorId: null, fileName: 'enorme.pdf', contentBase64: tooBig.toString('base64') }));
      expect(refused.status).toBe(413);
      expect(await refused.json()).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'Fichier trop volumineux : une pièce fait 20 Mo au plus.' } });

      const other = await post('contract.create', JSON.stringify({ ...T3_CONTRACT, name: 'x'.repeat(3 * 1024 * 1024) }));
      expect(other.status).toBe(413);
      expect(await other.json()).toMatchObject({ ok: false, error: { message: 'Requête trop volumineuse (2 Mo au plus).' } });

      // Malformed addresses and bodies are refused below 500.
      const badUrl = await post('%E0%A4%A', '{}');
      expect(badUrl.status).toBe(400);
      expect(await badUrl.json()).toMatchObject({ ok: false });
      const badJson = await post('contract.get', '{"id":');
      expect(badJson.status).toBe(400);
      const badStatic = await fetch(`${web.url}assets/%E0%A4%A`);
      expect(badStatic.status).toBe(404);

      // The server still serves after the refusals.
      expect(await (await post('evidence.get', JSON.stringify({ id: body.value.size > 0 ? 1 : 0 }))).json()).toMatchObject({ ok: true, value: { sha256: sha(big) } });
    } finally {
      await web.close();
      await opened.close();
    }
  }, 120_000);
});
