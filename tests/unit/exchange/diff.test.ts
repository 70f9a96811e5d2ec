// The pure rules of the exchange import (shared/exchange/diff.ts), on small hand-made contracts.
import { describe, expect, it } from 'vitest';
import { computeDiff } from '../../../shared/exchange/diff';
import { EXCHANGE_TABLES, type ExchangeTables } from '../../../shared/exchange/format';

const u = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const T = '2024-01-01T00:00:00.000Z';

function base(): ExchangeTables {
  const t = Object.fromEntries(EXCHANGE_TABLES.map((x) => [x, []])) as unknown as ExchangeTables;
  t.cpts.push({ uuid: u(1), name: 'CPTS A', legal_name: 'Asso A', siret: '12345678900017', departement: '74', communes: ['Annecy'], created_at: T });
  t.contract.push({ uuid: u(2), cpts_uuid: u(1), cpam: 'CPAM 74', ars: 'ARS', signed_on: '2022-07-01', starts_on: '2022-07-01', ends_on: '2027-06-30', text_version: 'avenant2', status: 'actif', created_at: T });
  t.contract_mission.push({ uuid: u(3), contract_uuid: u(2), code: 'prevention', started_on: null, deployed_on: null });
  t.review.push({ uuid: u(4), contract_uuid: u(2), year: 1, kind: 'annual', status: 'draft', held_on: '2023-06-10', place: '', agenda: '', summary: '', closed_at: null, created_at: T });
  t.review_participant.push({ uuid: u(5), review_uuid: u(4), name: 'Paul', organisation: 'CPAM', role: '' });
  t.payment.push({ uuid: u(6), contract_uuid: u(2), received_on: '2022-09-15', amount_cents: 100, cpam_ref: 'V1', comment: '', corrects_payment_uuid: null, recorded_at: T });
  return t;
}

describe('computeDiff', () => {
  it('a new contract: every row new, nothing in conflict', () => {
    const empty = Object.fromEntries(EXCHANGE_TABLES.map((x) => [x, []])) as unknown as ExchangeTables;
    const d = computeDiff(empty, base(), { side: 'cpts' });
    expect([d.new, d.changed, d.unchanged, d.conflicts.length]).toEqual([6, 0, 0, 0]);
  });

  it('the same data: every row unchanged, no action', () => {
    const d = computeDiff(base(), base(), { side: 'cpam' });
    expect([d.new, d.changed, d.unchanged, d.conflicts.length, d.actions.length]).toEqual([0, 0, 6, 0, 0]);
  });

  it('a closed review from the file replaces a local draft; two different closed versions are a conflict that cannot take theirs', () => {
    const theirs = base();
    Object.assign(theirs.review[0], { status: 'closed', closed_at: T, summary: 'Clos' });
    const d = computeDiff(base(), theirs, { side: 'cpam' });
    expect(d.actions.map((a) => a.op)).toEqual(['clearReview', 'update', 'insert', 'closeReview']);
    const mine = base();
    Object.assign(mine.review[0], { status: 'closed', closed_at: T, summary: 'Autre' });
    const c = computeDiff(mine, theirs, { side: 'cpam', fallback: 'theirs' });
    expect(c.conflicts).toHaveLength(1);
    expect(c.conflicts[0]).toMatchObject({ table: 'review', canTakeTheirs: false, resolution: 'mine', blocking: true });
    expect(c.actions).toEqual([]);
  });

  it('payments: a CPAM payment is added; a local one missing from the CPAM file is listed, never deleted; a CPTS one unknown to the CPAM waits for its answer', () => {
    const theirs = base();
    theirs.payment = [{ ...theirs.payment[0], uuid: u(7), received_on: '2022-10-01', cpam_ref: 'V2' }];
    const d = computeDiff(base(), theirs, { side: 'cpam' });
    expect(d.actions).toEqual([{ op: 'insert', table: 'payment', row: expect.objectContaining({ uuid: u(7) }) }]);
    expect(d.conflicts).toEqual([expect.objectContaining({ id: `payment:${u(6)}`, blocking: false, theirs: null })]);
    const fromCpts = computeDiff(base(), theirs, { side: 'cpts' });
    expect(fromCpts.conflicts.find((c) => c.id === `payment:${u(7)}`)).toMatchObject({ blocking: true, canTakeTheirs: true });
    expect(fromCpts.actions.filter((a) => a.op === 'insert')).toEqual([]);
    expect(computeDiff(base(), theirs, { side: 'cpts', fallback: 'theirs' }).actions.filter((a) => a.op === 'insert')).toHaveLength(1);
    // The same payment typed on both sides (same date, amount, reference) is matched, not doubled.
    const twin = base();
    twin.payment[0].uuid = u(8);
    const t = computeDiff(base(), twin, { side: 'cpam' });
    expect([t.new, t.conflicts.length]).toEqual([0, 0]);
  });

  it('shared fields: an empty field is filled, a field changed on both sides is a conflict answered by mine or theirs', () => {
    const theirs = base();
    theirs.contract_mission[0].started_on = '2022-10-01';
    theirs.contract[0].cpam = 'CPAM de Haute-Savoie';
    const d = computeDiff(base(), theirs, { side: 'cpam' });
    expect(d.actions).toEqual([{ op: 'update', table: 'contract_mission', uuid: u(3), set: { started_on: '2022-10-01' } }]);
    expect(d.conflicts).toEqual([expect.objectContaining({ id: `contract:${u(2)}`, canTakeTheirs: true, resolution: 'mine' })]);
    const t = computeDiff(base(), theirs, { side: 'cpam', choices: { [`contract:${u(2)}`]: 'theirs' } });
    expect(t.actions).toContainEqual({ op: 'update', table: 'contract', uuid: u(2), set: { cpam: 'CPAM de Haute-Savoie' } });
  });

  it('books (format 2): corrections are history, time entries match by their duplicate key, the CPTS’s mapping rules are not taken from the CPAM', () => {
    const withBooks = () => {
      const t = base();
      t.spending.push({ uuid: u(10), contract_uuid: u(2), spent_on: '2023-01-05', mission: 'prevention', category: 'coordination', amount_cents: 5000, document_ref: 'F1', comment: '', recorded_at: T });
      t.spending_correction.push({ uuid: u(11), spending_uuid: u(10), contract_uuid: u(2), corrected_on: '2023-02-01', amount_cents: -1000, reason: 'Avoir', recorded_at: T });
      t.professional.push({ uuid: u(12), contract_uuid: u(2), name: 'Dr Petit', profession: 'Médecin', rpps: '', created_at: T });
      t.indemnity_entry.push({
        uuid: u(13),
        contract_uuid: u(2),
        professional_uuid: u(12),
        worked_on: '2023-03-10',
        mission: 'prevention',
        hours_centi: 250,
        kind: 'indemnite',
        rate_cents: null,
        amount_cents: 25000,
        over_ceiling: 0,
        dup_key: 'k1',
        spending_uuid: u(10),
        recorded_at: T,
      });
      t.book_mapping.push({ uuid: u(14), contract_uuid: u(2), rules: [{ account: '6411', journal: null, mission: 'prevention', category: 'coordination' }], recorded_at: T });
      return t;
    };
    // Into the CPAM's copy without them: everything arrives.
    const d = computeDiff(base(), withBooks(), { side: 'cpts' });
    expect(d.actions.filter((a) => a.op === 'insert').map((a) => a.op === 'insert' && a.table)).toEqual(['spending', 'spending_correction', 'book_mapping', 'professional', 'indemnity_entry']);
    // A correction is never rewritten: the same row that differs is a conflict that cannot take the file's version.
    const changed = withBooks();
    changed.spending_correction[0].amount_cents = -2000;
    const c = computeDiff(withBooks(), changed, { side: 'cpam', fallback: 'theirs' });
    expect(c.conflicts).toEqual([expect.objectContaining({ id: `spending_correction:${u(11)}`, canTakeTheirs: false, blocking: true })]);
    expect(c.actions).toEqual([]);
    // The same time entry typed on both sides (another uuid, the same duplicate key) is one entry; the professional matches by name and keeps the CPTS's profession.
    const twin = withBooks();
    twin.professional[0] = { ...twin.professional[0], uuid: u(20), profession: 'Infirmier' };
    twin.indemnity_entry[0] = { ...twin.indemnity_entry[0], uuid: u(21), professional_uuid: u(20) };
    const t = computeDiff(withBooks(), twin, { side: 'cpam' });
    expect([t.new, t.conflicts.length, t.actions]).toEqual([0, 0, []]);
    expect(t.notices.join(' ')).toMatch(/profession gardé/);
    expect(computeDiff(withBooks(), twin, { side: 'cpts' }).actions).toEqual([{ op: 'update', table: 'professional', uuid: u(12), set: { profession: 'Infirmier' } }]);
    // New mapping rules: taken from the CPTS, not from the CPAM (listed).
    const rules = withBooks();
    rules.book_mapping.push({ uuid: u(15), contract_uuid: u(2), rules: [], recorded_at: '2024-02-01T00:00:00.000Z' });
    expect(computeDiff(withBooks(), rules, { side: 'cpts' }).actions).toEqual([{ op: 'insert', table: 'book_mapping', row: expect.objectContaining({ uuid: u(15) }) }]);
    const fromCpam = computeDiff(withBooks(), rules, { side: 'cpam' });
    expect(fromCpam.actions).toEqual([]);
    expect(fromCpam.notices.join(' ')).toMatch(/celles de la CPTS/);
  });
});
