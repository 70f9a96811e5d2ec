// Spending entries as a ledger (issue 10): a correction is a new dated row (0 € cancels), the
// entry and its corrections are never rewritten (the database refuses, whatever program writes),
// and an entry or a correction may carry a supporting file, stored like every evidence file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { OpenedDb } from '../../electron/db/connection';
import type { ApiContext } from '../../electron/api/context';
import { callApi } from '../../electron/api/dispatch';
import { bodyLimit } from '../../electron/web/server';
import { MAX_EVIDENCE_BYTES } from '../../shared/schemas/indicators';
import { formatEuros } from '../../shared/money';
import { countRows, ok, openTemp, sqlAll, sqlRun, T3_CONTRACT } from './helpers';
import { ON_POSTGRES } from './pgTest';

let opened: OpenedDb;
let ctx: ApiContext;
let dir: string;
let contractId: number;
let otherContractId: number;

const INVOICE = Buffer.from('%PDF-1.4\nFacture 2023-014 : coordination\n%%EOF\n');
const CREDIT_NOTE = Buffer.from('Avoir 2023-002 sur la facture 2023-014\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const count = (table: string): Promise<number> => countRows(opened, table);

beforeAll(async () => {
  ({ opened, ctx, dir } = await openTemp('2024-01-15'));
  contractId = (await ok(ctx, 'contract.create', T3_CONTRACT)).id;
  otherContractId = (await ok(ctx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Autre' })).id;
});

afterAll(async () => {
  await opened.close();
});

describe('spending.record with a supporting file', () => {
  it('stores the file under its SHA-256 and lists it with the entry', async () => {
    const v = await ok(ctx, 'spending.record', {
      contractId,
      spentOn: '2023-03-01',
      mission: null,
      category: 'coordination',
      amountCents: '3 000,00',
      documentRef: 'Facture 2023-014',
      attachment: { fileName: 'facture 2023-014.pdf', contentBase64: INVOICE.toString('base64') },
    });
    const entry = v.entries.find((e) => e.documentRef === 'Facture 2023-014')!;
    expect(entry).toMatchObject({ amountCents: 300_000, effectiveCents: 300_000, cancelled: false, corrections: [], year: 1 });
    expect(entry.attachments).toHaveLength(1);
    expect(entry.attachments[0]).toMatchObject({ fileName: 'facture 2023-014.pdf', size: INVOICE.length, sha256: sha(INVOICE) });
    const [stored] = await sqlAll<{ p: string; s: number }>(opened, 'SELECT stored_path AS p, spending_id AS s FROM evidence WHERE id = ?', [entry.attachments[0].id]);
    expect(stored.s).toBe(entry.id);
    expect(stored.p).toBe(`pieces/${sha(INVOICE).slice(0, 2)}/${sha(INVOICE)}.pdf`);
    // On SQLite the file sits in the data folder; in team mode (PostgreSQL) it lives in the database.
    if (!ON_POSTGRES) expect(readFileSync(join(dir, ...stored.p.split('/')))).toEqual(INVOICE);
    const opened1 = await ok(ctx, 'evidence.get', { id: entry.attachments[0].id });
    expect(Buffer.from(opened1.base64, 'base64')).toEqual(INVOICE);
  });

  it('writes nothing when the file is refused (one unit of work)', async () => {
    const before = [await count('spending'), await count('evidence')];
    const res = await callApi(ctx, 'spending.record', {
      contractId,
      spentOn: '2023-03-02',
      mission: null,
      category: 'coordination',
      amountCents: 10_000,
      documentRef: 'F-illisible',
      attachment: { fileName: 'x.pdf', contentBase64: '!!pas du base64!!' },
    });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.fields?.attachment).toBe('Fichier illisible.');
    expect([await count('spending'), await count('evidence')]).toEqual(before);
  });

  it('accepts requests as large as a 20 Mo file in browser mode', () => {
    for (const m of ['spending.record', 'spending.correct']) expect(bodyLimit(m).bytes).toBeGreaterThan((MAX_EVIDENCE_BYTES * 4) / 3);
  });
});

describe('spending.correct', () => {
  let entryId: number;
  beforeAll(async () => {
    const v = await ok(ctx, 'spending.record', { contractId, spentOn: '2023-04-01', mission: 'parcours', category: 'prestations', amountCents: 250_000, documentRef: 'F-2023-020' });
    entryId = v.entries.find((e) => e.documentRef === 'F-2023-020')!.id;
  });

  it('adds a dated correction, keeps the entry, and counts the amount in force', async () => {
    const before = await ok(ctx, 'spending.get', { contractId });
    const spentBefore = before.rows.find((r) => r.year === 1 && r.mission === 'parcours')!.spentCents;
    const v = await ok(ctx, 'spending.correct', {
      contractId,
      spendingId: entryId,
      correctedOn: '2023-05-02',
      newAmountCents: '2 000,00',
      reason: 'Avoir du prestataire',
      attachment: { fileName: 'avoir.txt', contentBase64: CREDIT_NOTE.toString('base64') },
    });
    const entry = v.entries.find((e) => e.id === entryId)!;
    expect(entry).toMatchObject({ amountCents: 250_000, effectiveCents: 200_000, cancelled: false });
    expect(entry.corrections).toHaveLength(1);
    expect(entry.corrections[0]).toMatchObject({ correctedOn: '2023-05-02', beforeCents: 250_000, deltaCents: -50_000, afterCents: 200_000, reason: 'Avoir du prestataire' });
    expect(entry.corrections[0].attachments.map((a) => [a.fileName, a.sha256])).toEqual([['avoir.txt', sha(CREDIT_NOTE)]]);
    expect(v.rows.find((r) => r.year === 1 && r.mission === 'parcours')!.spentCents).toBe(spentBefore - 50_000);
    // The original row is untouched.
    expect((await sqlAll<{ a: number }>(opened, 'SELECT amount_cents AS a FROM spending WHERE id = ?', [entryId])).map((r) => Number(r.a))).toEqual([250_000]);
  });

  it('cancels an entry with 0 €', async () => {
    const v = await ok(ctx, 'spending.correct', { contractId, spendingId: entryId, correctedOn: '2023-06-01', newAmountCents: 0, reason: 'Facture annulée' });
    const entry = v.entries.find((e) => e.id === entryId)!;
    expect(entry).toMatchObject({ effectiveCents: 0, cancelled: true });
    expect(entry.corrections.map((k) => [k.beforeCents, k.afterCents])).toEqual([
      [250_000, 200_000],
      [200_000, 0],
    ]);
  });

  it('refuses, in French and naming the field, what the ledger does not allow', async () => {
    const base = { contractId, spendingId: entryId, correctedOn: '2023-07-01', newAmountCents: 100, reason: 'Essai' };
    const cases: [unknown, string, string][] = [
      [{ ...base, newAmountCents: 0 }, 'newAmountCents', `Montant corrigé : identique au montant en vigueur (${formatEuros(0)}).`],
      [{ ...base, correctedOn: '2023-03-31' }, 'correctedOn', 'Date de la correction : antérieure à la dépense (01/04/2023).'],
      [{ ...base, correctedOn: '2024-01-16' }, 'correctedOn', 'Date de la correction : ne peut être dans le futur.'],
      [{ ...base, newAmountCents: -100 }, 'newAmountCents', 'Montant corrigé : ne peut pas être négatif.'],
      [{ ...base, newAmountCents: '999 999 999 999,00' }, 'newAmountCents', 'Montant corrigé : montant invraisemblable (100 000 000 € au plus).'],
      [{ ...base, reason: '  ' }, 'reason', 'Motif de la correction : champ obligatoire.'],
      [{ ...base, attachment: { fileName: 'vide.pdf', contentBase64: '' } }, 'attachment.contentBase64', 'Fichier joint : fichier vide.'],
    ];
    const before = await count('spending_correction');
    for (const [input, field, message] of cases) {
      const res = await callApi(ctx, 'spending.correct', input);
      expect(res.ok, JSON.stringify(input)).toBe(false);
      if (!res.ok) expect(res.error.fields?.[field], JSON.stringify(res.error)).toBe(message);
    }
    // An entry of another contract, or none.
    for (const spendingId of [entryId, 999_999]) {
      const res = await callApi(ctx, 'spending.correct', { ...base, contractId: otherContractId, spendingId });
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error).toMatchObject({ code: 'NOT_FOUND', message: `Dépense n° ${spendingId} introuvable.` });
    }
    expect(await count('spending_correction')).toBe(before);
  });
});

describe('the database refuses to rewrite spending history', () => {
  const forbidden: [string, string, RegExp][] = [
    ['UPDATE spending', 'UPDATE spending SET amount_cents = 1', /Une dépense ne se modifie pas : enregistrez une correction/],
    ['DELETE spending', 'DELETE FROM spending', /Une dépense ne se supprime pas/],
    ['UPDATE spending_correction', 'UPDATE spending_correction SET amount_cents = 1', /Une correction de dépense ne se modifie pas/],
    ['DELETE spending_correction', 'DELETE FROM spending_correction', /Une correction de dépense ne se supprime pas/],
    [
      'INSERT a correction below 0 €',
      `INSERT INTO spending_correction (spending_id, contract_id, corrected_on, amount_cents, reason, recorded_at)
       SELECT id, contract_id, '2023-08-01', -(amount_cents + 1), 'x', 'x' FROM spending ORDER BY id LIMIT 1`,
      /le montant corrigé ne peut pas être négatif/,
    ],
    [
      'INSERT a correction under another contract',
      `INSERT INTO spending_correction (spending_id, contract_id, corrected_on, amount_cents, reason, recorded_at)
       SELECT id, contract_id + 1, '2023-08-01', -1, 'x', 'x' FROM spending ORDER BY id LIMIT 1`,
      /n’appartient pas à ce contrat/,
    ],
  ];
  it.each(forbidden)('refuses %s and changes nothing', async (_label, statement, message) => {
    const snapshot = async () => JSON.stringify(await Promise.all(['spending', 'spending_correction'].map((t) => sqlAll(opened, `SELECT * FROM ${t} ORDER BY id`))));
    const before = await snapshot();
    expect(await count('spending_correction')).toBeGreaterThan(0);
    await expect(sqlRun(opened, statement)).rejects.toThrow(message);
    expect(await snapshot()).toBe(before);
  });

  it('lets a contract without payments be deleted with its spending, corrections and their files’ rows', async () => {
    const c = (await ok(ctx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Éphémère' })).id;
    const v = await ok(ctx, 'spending.record', {
      contractId: c,
      spentOn: '2023-01-10',
      mission: null,
      category: 'autre',
      amountCents: 5_000,
      documentRef: 'F-1',
      attachment: { fileName: 'f.txt', contentBase64: Buffer.from('f').toString('base64') },
    });
    await ok(ctx, 'spending.correct', { contractId: c, spendingId: v.entries[0].id, correctedOn: '2023-01-11', newAmountCents: 0, reason: 'Doublon' });
    expect(await sqlRun(opened, 'DELETE FROM contract WHERE id = ?', [c])).toBe(1);
    for (const t of ['spending', 'spending_correction', 'evidence']) {
      expect(await countRows(opened, t, 'contract_id = ?', [c]), t).toBe(0);
    }
    if (!ON_POSTGRES) expect(opened.sqlite.pragma('foreign_key_check')).toEqual([]);
  });
});
