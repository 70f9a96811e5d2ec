// Electron's "open the evidence file" channel, with shell.openPath and shell.showItemInFolder
// injected (no Electron binary here). In team mode (ACI_TEST_ENGINE=postgres) the file opened is
// the data folder's copy of the database's content (evidenceLocalFile), checked against its hash.
import { describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { handleOpenEvidence, isOpenableDocument, type OpenEvidenceDeps } from '../../electron/ipc';
import { evidenceLocalFile, evidencePath } from '../../electron/api/evidence';
import type { ApiContext } from '../../electron/api/context';
import { ok, openTemp, sqlRun, T3_CONTRACT } from './helpers';
import { ON_POSTGRES } from './pgTest';

/** The file the system opens: the stored file itself on SQLite, the checked local copy in team mode. */
const storedFile = ON_POSTGRES ? evidenceLocalFile : evidencePath;

const appFrame = { senderFrame: { url: 'app://aci/index.html' } } as never;

async function withLivrable(ctx: ApiContext): Promise<{ contractId: number; livrableId: number }> {
  const c = await ok(ctx, 'contract.create', T3_CONTRACT);
  await ok(ctx, 'annex.create', { contractId: c.id, year: 1, copyFromYear: null });
  const annex = await ok(ctx, 'annex.addAction', { contractId: c.id, year: 1, mission: 'parcours', label: 'Parcours diabète' });
  const actionId = annex.missions.find((m) => m.code === 'parcours')!.actions[0].id;
  const withLivrable = await ok(ctx, 'annex.addLivrable', { actionId, label: 'Parcours rédigé' });
  return { contractId: c.id, livrableId: withLivrable.missions.find((m) => m.code === 'parcours')!.actions[0].livrables[0].id };
}

function deps(openPath: OpenEvidenceDeps['openPath'] = async () => '') {
  return { openPath: vi.fn(openPath), showItemInFolder: vi.fn((_path: string) => undefined) };
}

describe('opening an evidence file in Electron', () => {
  it('opens the stored copy from the data folder, and refuses foreign senders, unknown ids and altered files', async () => {
    const { ctx, opened } = await openTemp('2023-06-01');
    const { contractId, livrableId } = await withLivrable(ctx);
    const ev = await ok(ctx, 'evidence.add', { contractId, livrableId, indicatorId: null, fileName: 'parcours.pdf', contentBase64: Buffer.from('%PDF-1.4 parcours').toString('base64') });

    const d = deps();
    expect(await handleOpenEvidence(ctx, appFrame, ev.id, d)).toEqual({ ok: true, value: { opened: true, shownInFolder: false } });
    const stored = (await storedFile(ctx, ev.id)).path;
    expect(d.openPath).toHaveBeenCalledWith(stored);
    expect(d.showItemInFolder).not.toHaveBeenCalled();
    expect(stored.startsWith(ctx.dataDir)).toBe(true);

    expect(await handleOpenEvidence(ctx, { senderFrame: { url: 'https://evil.example/' } } as never, ev.id, d)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await handleOpenEvidence(ctx, appFrame, 'x', d)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await handleOpenEvidence(ctx, appFrame, 999, d)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const failing = await handleOpenEvidence(ctx, appFrame, ev.id, deps(async () => 'Aucune application associée'));
    expect(failing).toMatchObject({ ok: false, error: { message: 'Pièce non ouverte : Aucune application associée' } });

    if (ON_POSTGRES) {
      // The local copy is only a copy: altered, it is written again from the database before opening.
      writeFileSync(stored, 'altered');
      expect(await handleOpenEvidence(ctx, appFrame, ev.id, d)).toEqual({ ok: true, value: { opened: true, shownInFolder: false } });
      expect(readFileSync(stored, 'utf8')).toBe('%PDF-1.4 parcours');
      expect(d.openPath).toHaveBeenCalledTimes(2);
      // What is stored is the database's content: altered there, it is refused.
      await sqlRun(opened, 'UPDATE evidence_blob SET content = ?, size = 7 WHERE sha256 = ?', [Buffer.from('altered'), ev.sha256]);
    } else {
      writeFileSync(stored, 'altered');
    }
    const altered = await handleOpenEvidence(ctx, appFrame, ev.id, d);
    expect(altered).toMatchObject({ ok: false, error: { message: expect.stringContaining('altéré') } });
    expect(d.openPath).toHaveBeenCalledTimes(ON_POSTGRES ? 2 : 1);
    await opened.close();
  });

  it('opens only document types with the system; any other file is shown in its folder', async () => {
    const { ctx, opened } = await openTemp('2023-06-01');
    const { contractId, livrableId } = await withLivrable(ctx);
    const cases: ReadonlyArray<readonly [string, boolean]> = [
      ['compte-rendu.PDF', true],
      ['photo.jpg', true],
      ['tableau.xlsx', true],
      ['note.odt', true],
      ['liste.csv', true],
      ['lisez-moi.txt', true],
      ['installer.exe', false],
      ['script.bat', false],
      ['raccourci.lnk', false],
      ['page.html', false],
      ['dessin.svg', false],
      ['macro.xlsm', false],
      ['archive.zip', false],
      ['sans-extension', false],
    ];
    for (const [fileName, openable] of cases) {
      const ev = await ok(ctx, 'evidence.add', { contractId, livrableId, indicatorId: null, fileName, contentBase64: Buffer.from(`contenu de ${fileName}`).toString('base64') });
      const stored = (await storedFile(ctx, ev.id)).path;
      expect(isOpenableDocument(stored), fileName).toBe(openable);
      const d = deps();
      const res = await handleOpenEvidence(ctx, appFrame, ev.id, d);
      if (openable) {
        expect(res, fileName).toEqual({ ok: true, value: { opened: true, shownInFolder: false } });
        expect(d.openPath).toHaveBeenCalledWith(stored);
        expect(d.showItemInFolder).not.toHaveBeenCalled();
      } else {
        expect(res, fileName).toEqual({ ok: true, value: { opened: false, shownInFolder: true } });
        expect(d.openPath).not.toHaveBeenCalled();
        expect(d.showItemInFolder).toHaveBeenCalledWith(stored);
      }
    }
    await opened.close();
  });
});
