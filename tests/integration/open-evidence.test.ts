// Electron's "open the evidence file" channel, with shell.openPath injected (no Electron binary here).
import { describe, expect, it, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { handleOpenEvidence } from '../../electron/ipc';
import { evidencePath } from '../../electron/api/evidence';
import { ok, openTemp, T3_CONTRACT } from './helpers';

const appFrame = { senderFrame: { url: 'app://aci/index.html' } } as never;

describe('opening an evidence file in Electron', () => {
  it('opens the stored copy from the data folder, and refuses foreign senders, unknown ids and altered files', async () => {
    const { ctx, opened } = await openTemp('2023-06-01');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    await ok(ctx, 'annex.create', { contractId: c.id, year: 1, copyFromYear: null });
    const annex = await ok(ctx, 'annex.addAction', { contractId: c.id, year: 1, mission: 'parcours', label: 'Parcours diabète' });
    const actionId = annex.missions.find((m) => m.code === 'parcours')!.actions[0].id;
    const withLivrable = await ok(ctx, 'annex.addLivrable', { actionId, label: 'Parcours rédigé' });
    const livrableId = withLivrable.missions.find((m) => m.code === 'parcours')!.actions[0].livrables[0].id;
    const ev = await ok(ctx, 'evidence.add', { contractId: c.id, livrableId, indicatorId: null, fileName: 'parcours.pdf', contentBase64: Buffer.from('%PDF-1.4 parcours').toString('base64') });

    const openPath = vi.fn(async () => '');
    expect(await handleOpenEvidence(ctx, appFrame, ev.id, { openPath })).toEqual({ ok: true, value: { opened: true } });
    const stored = (await evidencePath(ctx, ev.id)).path;
    expect(openPath).toHaveBeenCalledWith(stored);
    expect(stored.startsWith(ctx.dataDir)).toBe(true);

    expect(await handleOpenEvidence(ctx, { senderFrame: { url: 'https://evil.example/' } } as never, ev.id, { openPath })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await handleOpenEvidence(ctx, appFrame, 'x', { openPath })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await handleOpenEvidence(ctx, appFrame, 999, { openPath })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const failing = await handleOpenEvidence(ctx, appFrame, ev.id, { openPath: async () => 'Aucune application associée' });
    expect(failing).toMatchObject({ ok: false, error: { message: 'Pièce non ouverte : Aucune application associée' } });

    writeFileSync(stored, 'altered');
    const altered = await handleOpenEvidence(ctx, appFrame, ev.id, { openPath });
    expect(altered).toMatchObject({ ok: false, error: { message: expect.stringContaining('altéré') } });
    expect(openPath).toHaveBeenCalledTimes(1);
    await opened.close();
  });
});
