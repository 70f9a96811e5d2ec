// The journal of the writes (issue 13), on the engine the suite runs on (SQLite; PostgreSQL with
// ACI_TEST_ENGINE=postgres): every committed write appears once, with its method, contract,
// author, time, French summary and what it changed; refused calls and reads leave nothing; file
// contents are not copied; the database refuses to modify or delete an entry; the CLI prints it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { callApi } from '../../electron/api/dispatch';
import { localAuthor } from '../../electron/api/audit';
import { isPostgres } from '../../electron/db/postgres/retry';
import { runCli } from '../../electron/cli';
import type { AuditEntry } from '../../shared/audit';
import { formatEuros } from '../../shared/money';
import { ok, openTemp, T3_CONTRACT } from './helpers';
import { ON_POSTGRES } from './pgTest';

afterEach(() => {
  vi.restoreAllMocks();
});

const parse = (s: string | null): Record<string, unknown> | null => (s === null ? null : (JSON.parse(s) as Record<string, unknown>));

describe('audit log', () => {
  it('records every committed write once, with who, when, what, before → after; nothing for refusals and reads', async () => {
    const { ctx, opened } = await openTemp('2023-02-01');
    try {
      const t0 = new Date(Date.now() - 1000).toISOString();
      const c = await ok(ctx, 'contract.create', T3_CONTRACT);
      const other = await ok(ctx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Autre' });
      const f = await ok(ctx, 'funding.get', { contractId: c.id });
      const tranche = f.schedule.find((t) => t.amountCents > 100_000)!;
      const paid = await ok(ctx, 'payments.record', { contractId: c.id, receivedOn: '2022-07-15', amountCents: 100_000, cpamRef: 'VIR-1', trancheIds: [tranche.id] });
      const paymentId = paid.payments[0].id;
      await ok(ctx, 'payments.correct', { contractId: c.id, paymentId, correctedOn: '2022-07-20', newAmountCents: 90_000, reason: 'Erreur de saisie' });
      await ok(ctx, 'contract.update', { id: c.id, data: { ...T3_CONTRACT, ars: 'ARS Nouvelle' } });
      await ok(ctx, 'annex.create', { contractId: c.id, year: 1, copyFromYear: null });
      const annex = await ok(ctx, 'annex.addAction', { contractId: c.id, year: 1, mission: 'parcours', label: 'Parcours diabète' });
      const actionId = annex.missions.find((m) => m.code === 'parcours')!.actions[0].id;
      const withLivrable = await ok(ctx, 'annex.addLivrable', { actionId, label: 'Parcours rédigé' });
      const livrableId = withLivrable.missions.find((m) => m.code === 'parcours')!.actions[0].livrables[0].id;
      const content = Buffer.from('%PDF-1.4 compte rendu signé').toString('base64');
      await ok(ctx, 'evidence.add', { contractId: c.id, livrableId, indicatorId: null, fileName: 'cr.pdf', contentBase64: content });
      const review = await ok(ctx, 'reviews.create', { contractId: c.id, year: 1, kind: 'intermediate', heldOn: '2023-01-10' });
      await ok(ctx, 'reviews.update', { reviewId: review.id, participants: [{ name: 'Claire Martin', organisation: 'CPTS', role: 'Présidente' }] });
      await ok(ctx, 'reviews.close', { reviewId: review.id });

      // Refused: by validation, by the handler (a closed review), on an unknown contract. Reads.
      expect((await callApi(ctx, 'payments.record', { contractId: c.id, receivedOn: '2022-07-15', amountCents: -5, cpamRef: 'X', trancheIds: [tranche.id] })).ok).toBe(false);
      expect((await callApi(ctx, 'reviews.close', { reviewId: review.id })).ok).toBe(false);
      expect((await callApi(ctx, 'payments.record', { contractId: 999_999, receivedOn: '2022-07-15', amountCents: 5, cpamRef: 'X', trancheIds: [tranche.id] })).ok).toBe(false);
      await ok(ctx, 'payments.list', { contractId: c.id });
      await ok(ctx, 'reviews.get', { reviewId: review.id });

      const view = await ok(ctx, 'audit.list', { contractId: c.id });
      const entries = [...view.entries].reverse();
      expect(view.total).toBe(entries.length);
      expect(entries.map((e) => e.method)).toEqual([
        'contract.create',
        'payments.record',
        'payments.correct',
        'contract.update',
        'annex.create',
        'annex.addAction',
        'annex.addLivrable',
        'evidence.add',
        'reviews.create',
        'reviews.update',
        'reviews.close',
      ]);
      // The other contract's journal is its own.
      expect((await ok(ctx, 'audit.list', { contractId: other.id })).entries.map((e) => e.method)).toEqual(['contract.create']);

      const author = ON_POSTGRES ? (await sql<{ u: string }>`SELECT current_user AS u`.execute(opened.db)).rows[0].u : localAuthor();
      const now = new Date(Date.now() + 1000).toISOString();
      for (const e of entries) {
        expect(e.author).toBe(author);
        expect(e.at >= t0 && e.at <= now, `${e.at} entre ${t0} et ${now}`).toBe(true);
        expect(e.summary.length).toBeGreaterThan(5);
      }
      const byMethod = (m: string): AuditEntry => entries.find((e) => e.method === m)!;
      expect(byMethod('payments.record').summary).toBe(`Versement enregistré : ${formatEuros(100_000)}, réf. VIR-1, reçu le 15/07/2022`);
      expect(parse(byMethod('payments.record').after)).toMatchObject({ contractId: c.id, amountCents: 100_000, cpamRef: 'VIR-1' });
      // A correction keeps what was in force before it.
      const correction = byMethod('payments.correct');
      expect(correction.summary.startsWith(`Versement corrigé : nouveau montant ${formatEuros(90_000)}`)).toBe(true);
      expect(parse(correction.before)).toMatchObject({ inForceCents: 100_000, payment: { id: paymentId, amount_cents: 100_000 } });
      expect(parse(correction.after)).toMatchObject({ newAmountCents: 90_000, reason: 'Erreur de saisie' });
      // An update keeps the row it replaced.
      const update = byMethod('contract.update');
      expect(parse(update.before)).toMatchObject({ id: c.id, ars: T3_CONTRACT.ars });
      expect(parse(update.after)).toMatchObject({ id: c.id, data: { ars: 'ARS Nouvelle' } });
      // Closing keeps the draft it closed; a file's content is not copied into the journal.
      expect(parse(byMethod('reviews.close').before)).toMatchObject({ id: review.id, status: 'draft' });
      const evidence = byMethod('evidence.add');
      expect(evidence.after).not.toContain(content);
      expect(parse(evidence.after)).toMatchObject({ fileName: 'cr.pdf', contentBase64: expect.stringMatching(/^\[fichier : \d+ octets\]$/) });
      // Paging: the latest first.
      const page = await ok(ctx, 'audit.list', { contractId: c.id, limit: 2 });
      expect(page.entries.map((e) => e.id)).toEqual(view.entries.slice(0, 2).map((e) => e.id));
      expect(page.total).toBe(entries.length);
      expect((await callApi(ctx, 'audit.list', { contractId: 999_999 })).ok).toBe(false);
    } finally {
      await opened.close();
    }
  }, 120_000);

  it('is append-only: the database refuses to modify or delete an entry', async () => {
    const { ctx, opened } = await openTemp('2023-02-01');
    try {
      const c = await ok(ctx, 'contract.create', T3_CONTRACT);
      const id = (await ok(ctx, 'audit.list', { contractId: c.id })).entries[0].id;
      await expect(sql`UPDATE audit_log SET summary = 'autre chose' WHERE id = ${id}`.execute(opened.db)).rejects.toThrow(/Journal des modifications : une entrée ne se modifie pas/);
      await expect(sql`UPDATE audit_log SET author = 'quelqu''un' WHERE id = ${id}`.execute(opened.db)).rejects.toThrow(/ne se modifie pas/);
      await expect(sql`DELETE FROM audit_log WHERE id = ${id}`.execute(opened.db)).rejects.toThrow(/Journal des modifications : une entrée ne se supprime pas/);
      await expect(sql`DELETE FROM audit_log`.execute(opened.db)).rejects.toThrow(/ne se supprime pas/);
      const rows = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM audit_log`.execute(opened.db);
      expect(Number(rows.rows[0].n)).toBe(1);
      if (isPostgres(opened.db)) {
        // The server stamps the author and the time, whatever the client sends.
        await sql`INSERT INTO audit_log (at, author, contract_id, method, summary) VALUES ('1999-01-01T00:00:00.000Z', 'faussaire', ${c.id}, 'x', 'y')`.execute(opened.db);
        const last = (await ok(ctx, 'audit.list', { contractId: c.id })).entries[0];
        expect(last.author).not.toBe('faussaire');
        expect(last.at > '2020').toBe(true);
      }
    } finally {
      await opened.close();
    }
  }, 60_000);

  it.skipIf(ON_POSTGRES)('`audit --db … --contract ID --json` prints the journal; an unknown contract is refused in French', async () => {
    const { ctx, opened } = await openTemp('2023-02-01');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    await ok(ctx, 'contract.archive', { id: c.id });
    await opened.close();
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      out.push(String(s));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      err.push(String(s));
      return true;
    });
    expect(await runCli(['audit', '--db', opened.path, '--contract', String(c.id), '--json'])).toBe(0);
    const printed = JSON.parse(out.join('')) as { total: number; entries: { method: string; before: unknown; after: unknown }[] };
    expect(printed.total).toBe(2);
    expect(printed.entries.map((e) => e.method)).toEqual(['contract.archive', 'contract.create']);
    expect(printed.entries[0].before).toMatchObject({ id: c.id, archived_at: null });
    out.length = 0;
    expect(await runCli(['audit', '--db', opened.path, '--contract', String(c.id)])).toBe(0);
    expect(out.join('')).toMatch(/Journal du contrat n° \d+ : 2 entrée\(s\)\.\n.*Contrat archivé/);
    expect(await runCli(['audit', '--db', opened.path, '--contract', '424242'])).toBe(1);
    expect(err.join('')).toMatch(/Contrat introuvable/);
    expect(await runCli(['team', 'add-agent', '--db', opened.path, '--login', 'alice', '--name', 'Alice', '--role', 'agent'])).toBe(2);
    expect(err.join('')).toMatch(/Le mode équipe demande une base partagée PostgreSQL/);
  }, 60_000);
});
