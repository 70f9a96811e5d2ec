// Register of professionals' indemnities (issue 14): import generates spending entries per
// mission; totals per professional and civil year against the PASS; warning from 80 %; an entry
// past the PASS needs a confirmation and stays flagged; re-import adds nothing; CLI.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi } from '../../electron/api/dispatch';
import type { ApiContext } from '../../electron/api/context';
import { handToCli, ok, openTemp, T3_CONTRACT } from './helpers';

const HEADER = 'professionnel;profession;rpps;date;mission;heures;nature;taux;montant';
const REGISTER = [
  HEADER,
  'Dr Anne Martin;médecin généraliste;10001234567;2025-03-04;acces_soins;3;indemnite;90;',
  'Dr Anne Martin;médecin généraliste;10001234567;2025-04-10;parcours;2;remuneration;;37 000,00',
  'Paul Durand;infirmier;;2025-03-04;;1,5;indemnite;60;',
].join('\n');

async function rowCount(ctx: ApiContext, table: 'spending' | 'indemnity_entry' | 'professional'): Promise<number> {
  const r = await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('register of indemnities', () => {
  it('imports entries as spending per mission, totals per professional against the PASS, warns from 80 %', async () => {
    const { ctx, opened } = await openTemp('2026-11-23');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const r = await ok(ctx, 'indemnities.import', { contractId: c.id, fileName: 'registre.csv', csv: REGISTER });
    expect(r).toMatchObject({ imported: 3, duplicatesSkipped: 0, professionalsAdded: 2, overCeiling: [] });
    expect(r.warnings).toEqual([]); // 37 270 € is 79 % of the 2025 PASS
    const v = await ok(ctx, 'indemnities.get', { contractId: c.id, year: 2025 });
    expect(v.perProfessional.map((p) => [p.name, p.totalCents, p.ceilingCents, p.share, p.level])).toEqual([
      ['Dr Anne Martin', 3_727_000, 4_710_000, 0.7913, 'ok'],
      ['Paul Durand', 9_000, 4_710_000, 0.0019, 'ok'],
    ]);
    const spending = await ok(ctx, 'spending.get', { contractId: c.id });
    const ps = spending.entries.filter((e) => e.category === 'indemnites_ps');
    expect(ps.map((e) => [e.mission, e.amountCents])).toEqual([
      ['acces_soins', 27_000],
      [null, 9_000],
      ['parcours', 3_700_000],
    ]);
    expect(ps[0].comment).toMatch(/^Indemnité Dr Anne Martin \(médecin généraliste\), 3 h le 04\/03\/2025/);

    // Same file again: nothing added.
    const again = await ok(ctx, 'indemnities.import', { contractId: c.id, fileName: 'registre.csv', csv: REGISTER });
    expect(again).toMatchObject({ imported: 0, duplicatesSkipped: 3 });
    expect(await rowCount(ctx, 'spending')).toBe(3);

    // 100 € more: still under 80 %; 600 € more: past 80 % -> warning.
    const warn = await ok(ctx, 'indemnities.import', { contractId: c.id, fileName: 'mai.csv', csv: `${HEADER}\nDr Anne Martin;médecin généraliste;;2025-05-02;acces_soins;10;indemnite;10;` });
    expect(warn.warnings).toEqual([]);
    const more = await ok(ctx, 'indemnities.import', { contractId: c.id, fileName: 'juin.csv', csv: `${HEADER}\nDr Anne Martin;médecin généraliste;;2025-06-02;acces_soins;1;indemnite;;600,00` });
    expect(more.warnings).toEqual([expect.stringMatching(/^Ligne 2 : Dr Anne Martin, 2025 : 37\s970,00\s€, soit 80 % du plafond/)]);
    const v2 = await ok(ctx, 'indemnities.get', { contractId: c.id, year: 2025 });
    expect(v2.perProfessional[0]).toMatchObject({ level: 'warning', flaggedEntries: 0 });
    expect(v2.warnings).toHaveLength(1);
    await opened.close();
  });

  it('an entry past the PASS is refused without confirmation (nothing written), accepted with it and stays flagged', async () => {
    const { ctx, opened } = await openTemp('2026-11-23');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    await ok(ctx, 'indemnities.import', { contractId: c.id, fileName: 'registre.csv', csv: REGISTER });
    const over = `${HEADER}\nPaul Durand;infirmier;;2025-09-01;;1;indemnite;;100,00\nDr Anne Martin;médecin généraliste;;2025-10-01;parcours;100;remuneration;;10 000,00`;
    const before = { spending: await rowCount(ctx, 'spending'), entries: await rowCount(ctx, 'indemnity_entry') };
    const refused = await callApi(ctx, 'indemnities.import', { contractId: c.id, fileName: 'octobre.csv', csv: over });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.message).toMatch(/^Registre octobre\.csv : 1 saisie\(s\) dépasse\(nt\) le plafond annuel de la sécurité sociale \(PASS\) : ligne 3 \(Dr Anne Martin, 2025 : 47\s270,00\s€ pour un plafond de 47\s100,00\s€\)/);
      expect(refused.error.fields).toHaveProperty('confirmOverCeiling');
    }
    expect({ spending: await rowCount(ctx, 'spending'), entries: await rowCount(ctx, 'indemnity_entry') }).toEqual(before);
    const preview = await ok(ctx, 'indemnities.preview', { contractId: c.id, fileName: 'octobre.csv', csv: over });
    expect(preview.overCeiling).toEqual([{ line: 3, name: 'Dr Anne Martin', year: 2025, totalCents: 4_727_000, ceilingCents: 4_710_000 }]);
    expect(await rowCount(ctx, 'indemnity_entry')).toBe(before.entries);

    const accepted = await ok(ctx, 'indemnities.import', { contractId: c.id, fileName: 'octobre.csv', csv: over, confirmOverCeiling: true });
    expect(accepted.imported).toBe(2);
    const v = await ok(ctx, 'indemnities.get', { contractId: c.id, year: 2025 });
    const anne = v.perProfessional.find((p) => p.name === 'Dr Anne Martin');
    expect(anne).toMatchObject({ totalCents: 4_727_000, level: 'over', flaggedEntries: 1, share: 1.0036 });
    expect(v.entries.filter((e) => e.overCeiling).map((e) => e.workedOn)).toEqual(['2025-10-01']);
    expect(v.warnings.some((w) => w.includes('au-delà du plafond'))).toBe(true);
    await opened.close();
  });

  it('refuses a row outside the contract or of a mission it does not hold, with its line, nothing written', async () => {
    const { ctx, opened } = await openTemp('2026-11-23');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    for (const [row, message] of [
      ['A;b;;2022-01-03;;1;indemnite;;10', /Ligne 2 : date : en dehors du contrat/],
      ['A;b;;2025-01-03;qualite;1;indemnite;;10', /Ligne 2 : .*mission non retenue au contrat/],
      ['A;b;;2027-01-03;;1;indemnite;;10', /Ligne 2 : date : ne peut être dans le futur/],
    ] as const) {
      const res = await callApi(ctx, 'indemnities.import', { contractId: c.id, fileName: 'r.csv', csv: `${HEADER}\n${row}` });
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.message).toMatch(message);
    }
    expect(await rowCount(ctx, 'professional')).toBe(0);
    await opened.close();
  });

  it('CLI: indemnities import (with --confirm-over-ceiling) and indemnities --year --json', async () => {
    const { opened, dir, ctx } = await openTemp('2026-11-23');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const db = await handToCli(opened);
    const csv = join(dir, 'registre.csv');
    writeFileSync(csv, `${REGISTER}\nPaul Durand;infirmier;;2025-11-03;;1;remuneration;;47 100,00\n`);
    const aci = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, ACI_TODAY: '2026-11-23' } });
    const base = ['indemnities', 'import', '--db', db, '--contract', String(c.id), '--file', csv];
    const refused = aci(base);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('plafond annuel de la sécurité sociale (PASS) : ligne 5 (Paul Durand, 2025');
    const accepted = aci([...base, '--confirm-over-ceiling']);
    expect(accepted.status, accepted.stderr).toBe(0);
    const list = aci(['indemnities', '--db', db, '--contract', String(c.id), '--year', '2025', '--json']);
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([
      { name: 'Dr Anne Martin', year: 2025, totalCents: 3_727_000, ceilingCents: 4_710_000, share: 0.7913, level: 'ok', flaggedEntries: 0 },
      { name: 'Paul Durand', year: 2025, totalCents: 4_719_000, ceilingCents: 4_710_000, share: 1.0019, level: 'over', flaggedEntries: 1 },
    ]);
  }, 120_000);
});
