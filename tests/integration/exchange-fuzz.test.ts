// Issue 12, "done when": at least 500 mutated exchange files (truncated zip, flipped bytes,
// altered hashes, wrong types, unknown fields, foreign contract, dangling references, huge
// values, unknown versions) give 0 crashes (never an INTERNAL error) and 0 partial writes (the
// content hash of every table is unchanged after each refused import). The same 545 files run
// against a team-mode database too (ACI_TEST_ENGINE=postgres: every file, ~25 s on the server).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callApi } from '../../electron/api/dispatch';
import { EXCHANGE_FORMAT_VERSION } from '../../shared/exchange/format';
import { countRows, ok, openTemp } from './helpers';
import { cptsContract, dbContentHash, rezip, unzip, type Entries } from './exchangeFixture';


const clone = (e: Entries): Entries => ({ manifest: structuredClone(e.manifest), contract: structuredClone(e.contract), others: new Map(e.others) });

/** A seeded generator: the same 500+ files on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Row = Record<string, unknown>;

describe('exchange file fuzz', () => {
  it('refuses every mutated file whole: no crash, no partial write', async () => {
    const cpts = await openTemp('2023-07-20');
    const { c } = await cptsContract(cpts.ctx);
    const file = await ok(cpts.ctx, 'exchange.export', { contractId: c.id, side: 'cpts' });
    const bytes = Buffer.from(file.base64, 'base64');
    // The target: a CPAM database that already holds the contract, so a valid file changes nothing.
    const cpam = await openTemp('2023-07-20');
    const first = await ok(cpam.ctx, 'exchange.apply', { fileBase64: file.base64 });
    const contractId = first.contractId;
    const base = await unzip(bytes);
    const tables = base.contract.tables as Record<string, Row[]>;
    const rowsWith = Object.entries(tables).filter(([, rows]) => rows.length > 0);
    const rand = rng(12);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const randomRow = (e: Entries): { table: string; row: Row } => {
      const [table] = pick(rowsWith);
      const rows = (e.contract.tables as Record<string, Row[]>)[table];
      return { table, row: pick(rows) };
    };
    const mutants: { kind: string; bytes: Buffer; byteLevel?: boolean }[] = [];

    for (let i = 0; i < 100; i++) mutants.push({ kind: 'truncated', bytes: bytes.subarray(0, Math.floor(rand() * (bytes.length - 1))) });
    for (let i = 0; i < 100; i++) {
      const b = Buffer.from(bytes);
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) b[Math.floor(rand() * b.length)] ^= 1 + Math.floor(rand() * 255);
      mutants.push({ kind: 'flipped bytes', bytes: b, byteLevel: true });
    }
    for (let i = 0; i < 50; i++) {
      const e = clone(base);
      const entries = e.manifest.entries as { sha256: string; size: number }[];
      const x = pick(entries);
      if (rand() < 0.7) x.sha256 = createHash('sha256').update(String(rand())).digest('hex');
      else x.size += 1;
      mutants.push({ kind: 'altered hash', bytes: await rezip(e, true) });
    }
    for (let i = 0; i < 20; i++) {
      const e = clone(base);
      const contractJson = JSON.stringify(e.contract);
      e.contract = JSON.parse(contractJson.replace('"amount_cents":', '"amount_cents":1')) as Record<string, unknown>;
      mutants.push({ kind: 'content changed, hash kept', bytes: await rezip(e, true) });
    }
    for (let i = 0; i < 100; i++) {
      const e = clone(base);
      const { row } = randomRow(e);
      const key = pick(Object.keys(row));
      const v = row[key];
      row[key] = typeof v === 'string' ? 12345 : typeof v === 'number' ? 'douze' : { x: 1 };
      mutants.push({ kind: `wrong type ${key}`, bytes: await rezip(e) });
    }
    for (let i = 0; i < 50; i++) {
      const e = clone(base);
      const where = rand();
      if (where < 0.6) randomRow(e).row[`champ_${i}`] = 'inconnu';
      else if (where < 0.8) e.contract[`extra_${i}`] = true;
      else e.manifest[`extra_${i}`] = 1;
      mutants.push({ kind: 'unknown field', bytes: await rezip(e) });
    }
    for (let i = 0; i < 60; i++) {
      const e = clone(base);
      const { row } = randomRow(e);
      const keys = Object.keys(row).filter((k) => typeof row[k] === 'number' || typeof row[k] === 'string');
      const key = pick(keys);
      if (typeof row[key] === 'number') row[key] = pick([1e12, -1e12, 1e300, 0.5]);
      else row[key] = key.endsWith('uuid') ? 'pas-un-uuid' : key.endsWith('_on') ? '2023-02-30' : 'x'.repeat(25_000);
      mutants.push({ kind: `huge value ${key}`, bytes: await rezip(e) });
    }
    for (let i = 0; i < 30; i++) {
      // A foreign contract: every uuid of the contract and its CPTS's SIRET changed.
      const e = clone(base);
      const old = e.contract.contract_uuid as string;
      const fresh = `${old.slice(0, 24)}${String(100000000000 + i).slice(0, 12)}`;
      const text = JSON.stringify(e.contract).split(old).join(fresh).replaceAll('12345678900017', `9876543210${String(1000 + i)}`);
      e.contract = JSON.parse(text) as Record<string, unknown>;
      e.manifest.contractUuid = fresh;
      (e.manifest.cpts as Row).siret = `9876543210${String(1000 + i)}`;
      mutants.push({ kind: 'foreign contract', bytes: await rezip(e) });
    }
    for (let i = 0; i < 30; i++) {
      const e = clone(base);
      const candidates = Object.entries(e.contract.tables as Record<string, Row[]>).flatMap(([t, rows]) =>
        rows.flatMap((r) => Object.keys(r).filter((k) => k.endsWith('_uuid') && r[k] !== null).map((k) => ({ t, r, k }))),
      );
      const x = pick(candidates);
      x.r[x.k] = `00000000-0000-4000-8000-${String(100000000000 + i)}`;
      mutants.push({ kind: `dangling ${x.t}.${x.k}`, bytes: await rezip(e) });
    }
    for (const [k, v] of [['formatVersion', EXCHANGE_FORMAT_VERSION + 1], ['formatVersion', 1], ['formatVersion', 0], ['format', 'autre'], ['side', 'ars'], ['contractUuid', 'x']] as const) {
      const e = clone(base);
      e.manifest[k] = v;
      mutants.push({ kind: `manifest ${k}`, bytes: await rezip(e) });
    }
    expect(mutants.length).toBeGreaterThanOrEqual(500);

    // The data, and the journal of calls apart: an accepted byte-level mutant (the same content) adds
    // its call to the journal and nothing else; a refused import leaves no entry at all.
    const dataHash = () => dbContentHash(cpam.opened, ['audit_log']);
    const journal = () => countRows(cpam.opened, 'audit_log');
    const hash = await dataHash();
    const crashes: string[] = [];
    let refusedCount = 0;
    for (const m of mutants) {
      for (const method of ['exchange.preview', 'exchange.apply'] as const) {
        const input = method === 'exchange.apply' ? { fileBase64: m.bytes.toString('base64'), contractId, resolve: 'theirs' } : { fileBase64: m.bytes.toString('base64'), contractId };
        const entries = await journal();
        const res = await callApi(cpam.ctx, method, input);
        if (!res.ok && (await journal()) !== entries) crashes.push(`${m.kind}: refused, yet journalled`);
        if (!res.ok && res.error.code === 'INTERNAL') crashes.push(`${m.kind}: ${res.error.message}`);
        if (res.ok && !m.byteLevel) crashes.push(`${m.kind}: accepted`);
        if (!res.ok && method === 'exchange.apply') {
          refusedCount++;
          expect(res.error.message).toMatch(/[Ff]ichier|contrat|format|version/);
        }
      }
      if ((await dataHash()) !== hash) crashes.push(`${m.kind}: database changed`);
    }
    expect(crashes).toEqual([]);
    expect(refusedCount).toBeGreaterThanOrEqual(480);
    await cpts.opened.close();
    await cpam.opened.close();
  }, 120_000);
});
