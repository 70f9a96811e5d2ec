import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers';

function aci(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ACI_TODAY: '2026-11-23', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI', () => {
  const dir = tempDir();
  const db = join(dir, 'demo.sqlite');

  it('creates a demo database and refuses to overwrite it without --force', () => {
    const first = aci(['demo', '--db', db]);
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(db)).toBe(true);
    const again = aci(['demo', '--db', db]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('existe déjà : ajoutez --force');
    expect(aci(['demo', '--db', db, '--force']).code).toBe(0);
  });

  it('lists contracts as JSON', () => {
    const r = aci(['contracts', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: number; cpts: string; population: number; sizeBand: number; signedOn: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((x) => x.sizeBand)).size).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      expect(row).toEqual(expect.objectContaining({ id: expect.any(Number), cpts: expect.any(String), population: expect.any(Number), signedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }));
    }
  });

  it('gives funding and payments of a contract, the tranches of a year adding up to its total', () => {
    const f = aci(['funding', '--db', db, '--contract', '3', '--json']);
    expect(f.code, f.stderr).toBe(0);
    const result = JSON.parse(f.stdout) as { years: { year: number; totalCents: number }[]; tranches: { year: number; amountCents: number; dueOn: string; kind: string }[] };
    expect(result.years).toHaveLength(5);
    for (const y of result.years) {
      expect(result.tranches.filter((t) => t.year === y.year).reduce((s, t) => s + t.amountCents, 0)).toBe(y.totalCents);
    }
    const p = aci(['payments', '--db', db, '--contract', '3', '--json']);
    expect(p.code, p.stderr).toBe(0);
    const payments = JSON.parse(p.stdout) as { payments: { correctsId: number | null }[] };
    expect(payments.payments.some((x) => x.correctsId !== null)).toBe(true);
  });

  it('lists the dialogues de gestion of a contract, with the closed annual review and the draft', () => {
    const r = aci(['reviews', '--db', db, '--contract', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout) as { slots: unknown[]; reviews: { kind: string; status: string; participants: unknown[]; indicators: unknown[] }[] };
    expect(v.slots).toHaveLength(10);
    expect(v.reviews.some((x) => x.kind === 'annual' && x.status === 'closed' && x.participants.length > 0 && x.indicators.length > 0)).toBe(true);
    expect(v.reviews.some((x) => x.kind === 'intermediate' && x.status === 'draft')).toBe(true);
  });

  it('computes a contract described in a file, without a database (worked example (b))', () => {
    const file = join(dir, 'b.json');
    writeFileSync(
      file,
      JSON.stringify({
        signedOn: '2022-07-01',
        population: 120000,
        missions: [
          { code: 'acces_soins', startedOn: '2022-07-01' },
          { code: 'parcours', startedOn: '2022-10-01' },
          { code: 'prevention', startedOn: '2023-01-01' },
        ],
        attainment: [
          { year: 1, mission: 'acces_soins', rate: 1 },
          { year: 1, mission: 'parcours', rate: 1 },
          { year: 1, mission: 'prevention', rate: 1 },
        ],
      }),
    );
    const r = aci(['funding', '--input', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { years: { year: number; totalCents: number }[]; tranches: { dueOn: string; year: number; amountCents: number }[] };
    expect(out.years[0].totalCents).toBe(28_467_122);
    const onSignature = out.tranches.filter((t) => t.dueOn === '2022-07-01').reduce((s, t) => s + t.amountCents, 0);
    expect(onSignature).toBe(14_250_000);
  });

  it('simulates dated populations, per-year envelopes and a recognised crisis from a file', () => {
    const file = join(dir, 'crisis.json');
    writeFileSync(
      file,
      JSON.stringify({
        signedOn: '2022-07-01',
        populations: [{ count: 30000, asOf: '2022-01-01' }, { count: 100000, asOf: '2024-03-01' }],
        envelopes: { crise_sanitaire: { fixed: 4000000, fixedLaterYears: 2000000, variable: 6000000 } },
        envelopesByYear: { '4': { fonctionnement: 9000000 } },
        missions: [
          { code: 'acces_soins', startedOn: '2022-07-01' },
          { code: 'crise_sanitaire', startedOn: '2022-07-01' },
        ],
        attainment: [2, 3].map((year) => ({ year, mission: 'crise_sanitaire', rate: 1 })),
        crisisRecognisedYears: [2],
      }),
    );
    const r = aci(['funding', '--input', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      years: { sizeBand: number; fonctionnementCents: number | null; missions: { code: string; fixedCents: number | null; variableCents: number | null }[] }[];
    };
    expect(out.years.map((y) => y.sizeBand)).toEqual([1, 1, 3, 3, 3]);
    expect(out.years.map((y) => y.fonctionnementCents)).toEqual([5000000, 5000000, 7500000, 9000000, 7500000]);
    const crisis = out.years.map((y) => y.missions.find((m) => m.code === 'crise_sanitaire'));
    expect(crisis.map((m) => m?.fixedCents)).toEqual([4000000, 2000000, 2000000, 2000000, 2000000]);
    expect(crisis.map((m) => m?.variableCents)).toEqual([0, 6000000, 0, 0, 0]);
  });

  it.each([
    ['both population and populations', { population: 1000, populations: [{ count: 1000, asOf: '2022-01-01' }] }, 'populations : donnez soit'],
    ['neither population nor populations', { population: undefined }, 'population : obligatoire'],
    ['a population above 10 000 000', { population: 10000001 }, 'population : population trop élevée'],
    ['a dated population out of range', { population: undefined, populations: [{ count: 1000, asOf: '2050-01-01' }] }, 'populations[].asOf : date hors des limites'],
    ['an envelope above 100 000 000 €', { envelopes: { fonctionnement: 10000000001 } }, 'envelopes.fonctionnement : montant trop élevé'],
    ['a per-year envelope for year 6', { envelopesByYear: { '6': { fonctionnement: 1 } } }, 'envelopesByYear : année(s) contractuelle(s) inconnue(s) : 6'],
    ['a negative crisis later-year amount', { envelopes: { crise_sanitaire: { fixedLaterYears: -1 } } }, 'envelopes.crise_sanitaire.fixedLaterYears : le montant ne peut pas être négatif'],
    ['a crisis year out of 1..5', { crisisRecognisedYears: [7] }, "crisisRecognisedYears[] : l'année contractuelle va de 1 à 5"],
    ['an unknown field', { populationz: 3 }, 'champ(s) inconnu(s) : populationz'],
  ])('refuses %s with exit code 2 and a French message naming the field', (_what, patch, expected) => {
    const file = join(dir, 'bad-field.json');
    const base = { signedOn: '2022-07-01', population: 30000, missions: [{ code: 'crise_sanitaire', startedOn: '2022-07-01' }] };
    writeFileSync(file, JSON.stringify({ ...base, ...patch }));
    const r = aci(['funding', '--input', file, '--json']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(expected);
    expect(r.stdout).toBe('');
  });

  it('names the bad field in French and exits with code 2', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ signedOn: '2022-07-01', population: -5, missions: [{ code: 'parcours', startedOn: '2022-01-01' }], attainment: [{ year: 1, mission: 'parcours', rate: 1.2 }] }));
    const r = aci(['funding', '--input', file, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('population');
    expect(r.stderr).toMatch(/rate|taux/i);
    expect(r.stdout).toBe('');
    const missing = aci(['contracts', '--db', join(dir, 'nope.sqlite'), '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Base introuvable');
  });
});
