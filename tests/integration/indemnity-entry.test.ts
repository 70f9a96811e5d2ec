// One professional and one time entry typed on screen (issue 14): the register's rules (mission of
// the contract, date within it, RPPS of 11 digits), the PASS (warning from 80 %, past it only with
// an explicit confirmation, then flagged), nothing written on refusal; editing a professional.
import { describe, expect, it } from 'vitest';
import { callApi } from '../../electron/api/dispatch';
import type { ApiContext } from '../../electron/api/context';
import { ok, openTemp, T3_CONTRACT } from './helpers';

async function rowCount(ctx: ApiContext, table: 'spending' | 'indemnity_entry' | 'professional'): Promise<number> {
  const r = await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function refusal(ctx: ApiContext, method: 'indemnities.addEntry' | 'indemnities.addProfessional' | 'indemnities.updateProfessional', input: unknown) {
  const r = await callApi(ctx, method, input);
  expect(r.ok).toBe(false);
  return r.ok ? { message: '', fields: {} as Record<string, string> } : { message: r.error.message, fields: r.error.fields ?? {} };
}

describe('register of indemnities, typed on screen', () => {
  it('adds a professional (RPPS of 11 digits, name unique), edits profession and RPPS', async () => {
    const { ctx, opened } = await openTemp('2026-11-23');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const added = await ok(ctx, 'indemnities.addProfessional', { contractId: c.id, name: 'Dr Anne Martin', profession: 'médecin généraliste', rpps: '100 0123 4567' });
    expect(added.view.professionals).toEqual([{ id: added.professionalId, name: 'Dr Anne Martin', profession: 'médecin généraliste', rpps: '10001234567' }]);

    expect((await refusal(ctx, 'indemnities.addProfessional', { contractId: c.id, name: 'Paul', profession: 'infirmier', rpps: '1234' })).fields.rpps).toBe('RPPS : 11 chiffres attendus (ou laissez vide).');
    expect((await refusal(ctx, 'indemnities.addProfessional', { contractId: c.id, name: ' ', profession: 'infirmier' })).fields.name).toBe('Nom du professionnel : champ obligatoire.');
    expect((await refusal(ctx, 'indemnities.addProfessional', { contractId: c.id, name: 'dr anne MARTIN', profession: 'x' })).fields.name).toMatch(/Dr Anne Martin est déjà inscrit\(e\)/);
    expect(await rowCount(ctx, 'professional')).toBe(1);

    const edited = await ok(ctx, 'indemnities.updateProfessional', { contractId: c.id, professionalId: added.professionalId, profession: 'médecin', rpps: '' });
    expect(edited.view.professionals[0]).toMatchObject({ profession: 'médecin', rpps: '' });
    expect((await refusal(ctx, 'indemnities.updateProfessional', { contractId: c.id, professionalId: added.professionalId, profession: 'médecin', rpps: '1000123456X' })).fields.rpps).toBeDefined();
    const other = await ok(ctx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Autre' });
    expect((await refusal(ctx, 'indemnities.updateProfessional', { contractId: other.id, professionalId: added.professionalId, profession: 'x', rpps: '' })).fields.professionalId).toMatch(/inconnu au registre/);
    await opened.close();
  });

  it('adds an entry (hours × rate to the cent) with its spending entry; warns from 80 %; past the PASS only confirmed, then flagged', async () => {
    const { ctx, opened } = await openTemp('2026-11-23');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const { professionalId } = await ok(ctx, 'indemnities.addProfessional', { contractId: c.id, name: 'Dr Anne Martin', profession: 'médecin', rpps: '' });

    // 2,25 h × 45,33 € = 101,9925 € -> 101,99 €.
    const first = await ok(ctx, 'indemnities.addEntry', { contractId: c.id, professionalId, workedOn: '2025-03-04', mission: 'prevention', hours: '2,25', kind: 'indemnite', rateCents: '45,33', amountCents: '' });
    expect(first).toMatchObject({ amountCents: 10_199, level: 'ok', warning: null });
    const spending = await ok(ctx, 'spending.get', { contractId: c.id });
    expect(spending.entries.map((e) => [e.mission, e.category, e.amountCents])).toEqual([['prevention', 'indemnites_ps', 10_199]]);
    expect(spending.entries[0].comment).toMatch(/^Indemnité Dr Anne Martin \(médecin\), 2,25 h le 04\/03\/2025/);

    // 37 700 € more: 37 801,99 € = 80,3 % of the 2025 PASS -> warning.
    const warn = await ok(ctx, 'indemnities.addEntry', { contractId: c.id, professionalId, workedOn: '2025-04-10', mission: 'parcours', hours: 10, kind: 'remuneration', rateCents: null, amountCents: 3_770_000 });
    expect(warn.level).toBe('warning');
    expect(warn.warning).toMatch(/^Dr Anne Martin, 2025 : 37\s801,99\s€, soit 80 % du plafond annuel de la sécurité sociale \(47\s100,00\s€\)/);

    // 10 000 € more: past the PASS -> refused without confirmation, nothing written.
    const over = { contractId: c.id, professionalId, workedOn: '2025-10-01', mission: null, hours: '5', kind: 'remuneration', amountCents: '10 000,00' };
    const before = { s: await rowCount(ctx, 'spending'), e: await rowCount(ctx, 'indemnity_entry') };
    const refused = await refusal(ctx, 'indemnities.addEntry', over);
    expect(refused.fields.confirmOverCeiling).toMatch(/^Dr Anne Martin, 2025 : avec cette saisie, 47\s801,99\s€ pour un plafond annuel de la sécurité sociale de 47\s100,00\s€\. Rien n’a été enregistré/);
    expect({ s: await rowCount(ctx, 'spending'), e: await rowCount(ctx, 'indemnity_entry') }).toEqual(before);
    const confirmed = await ok(ctx, 'indemnities.addEntry', { ...over, confirmOverCeiling: true });
    expect(confirmed.level).toBe('over');
    const v = await ok(ctx, 'indemnities.get', { contractId: c.id, year: 2025 });
    expect(v.perProfessional[0]).toMatchObject({ totalCents: 4_780_199, level: 'over', flaggedEntries: 1 });
    expect(v.entries.filter((e) => e.overCeiling).map((e) => e.id)).toEqual([confirmed.entryId]);

    // The same session typed twice is two entries (keys ranked), and a CSV of the same row is a duplicate of the first.
    await ok(ctx, 'indemnities.addEntry', { contractId: c.id, professionalId, workedOn: '2024-03-04', mission: 'prevention', hours: '1', kind: 'indemnite', amountCents: '50' });
    await ok(ctx, 'indemnities.addEntry', { contractId: c.id, professionalId, workedOn: '2024-03-04', mission: 'prevention', hours: '1', kind: 'indemnite', amountCents: '50' });
    const csv = await ok(ctx, 'indemnities.import', { contractId: c.id, fileName: 'r.csv', csv: 'professionnel;profession;date;mission;heures;nature;montant\nDr Anne Martin;médecin;2024-03-04;prevention;1;indemnite;50' });
    expect(csv).toMatchObject({ imported: 0, duplicatesSkipped: 1 });
    await opened.close();
  });

  it('refuses with a French message on the field: no amount nor rate, bad hours, date outside the contract, mission not held, unknown professional', async () => {
    const { ctx, opened } = await openTemp('2026-11-23');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const { professionalId } = await ok(ctx, 'indemnities.addProfessional', { contractId: c.id, name: 'Paul Durand', profession: 'infirmier' });
    const base = { contractId: c.id, professionalId, workedOn: '2025-03-04', mission: null, hours: '1,5', kind: 'indemnite', rateCents: '60', amountCents: '' };
    expect((await refusal(ctx, 'indemnities.addEntry', { ...base, rateCents: '' })).fields.amountCents).toBe('Montant : indiquez le montant ou le taux horaire.');
    expect((await refusal(ctx, 'indemnities.addEntry', { ...base, hours: '1,555' })).fields.hours).toBe('Heures : nombre d’heures attendu (ex. 2,5 ; deux décimales au plus).');
    expect((await refusal(ctx, 'indemnities.addEntry', { ...base, hours: '0' })).fields.hours).toBe('Heures : doit être positif.');
    expect((await refusal(ctx, 'indemnities.addEntry', { ...base, kind: 'prime' })).fields.kind).toBe('Nature : indemnité ou rémunération.');
    expect((await refusal(ctx, 'indemnities.addEntry', { ...base, workedOn: '2022-01-03' })).fields.workedOn).toMatch(/^Date : en dehors du contrat/);
    expect((await refusal(ctx, 'indemnities.addEntry', { ...base, workedOn: '2027-01-03' })).fields.workedOn).toBe('Date : ne peut être dans le futur.');
    expect((await refusal(ctx, 'indemnities.addEntry', { ...base, mission: 'qualite' })).fields.mission).toMatch(/mission non retenue au contrat/);
    expect((await refusal(ctx, 'indemnities.addEntry', { ...base, professionalId: 999 })).fields.professionalId).toMatch(/inconnu au registre/);
    expect(await rowCount(ctx, 'indemnity_entry')).toBe(0);
    expect(await rowCount(ctx, 'spending')).toBe(0);
    await opened.close();
  });
});
