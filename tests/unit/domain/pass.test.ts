import { describe, expect, it } from 'vitest';
import { ceilingCheck, PASS_TABLE, passFor } from '../../../shared/domain/pass';
import { ceilingVerdicts, isRegisterError, parseRegister, registerKeys } from '../../../shared/domain/indemnities';

describe('PASS table', () => {
  it('holds the published figures of ACI-reference §9, each with its source', () => {
    expect(PASS_TABLE.map((p) => [p.year, p.cents])).toEqual([
      [2022, 4_113_600],
      [2023, 4_399_200],
      [2024, 4_636_800],
      [2025, 4_710_000],
      [2026, 4_806_000],
    ]);
    for (const p of PASS_TABLE) expect(p.source.text.length).toBeGreaterThan(3);
    expect(passFor(2021)).toBeNull();
    expect(passFor(2027)).toMatchObject({ cents: 4_806_000, provisional: true, year: 2026 });
  });

  it('warns from 80 %, is over past 100 %', () => {
    expect(ceilingCheck('A', 2025, 3_767_999).level).toBe('ok');
    expect(ceilingCheck('A', 2025, 3_768_000)).toMatchObject({ level: 'warning', share: 0.8 });
    expect(ceilingCheck('A', 2025, 4_710_000).level).toBe('warning');
    const over = ceilingCheck('Dr Martin', 2025, 4_710_001);
    expect(over.level).toBe('over');
    expect(over.message).toMatch(/^Dr Martin, 2025 : 47\s100,01\s€ .*plafond annuel de la sécurité sociale \(47\s100,00\s€\)/);
    expect(ceilingCheck('A', 2021, 99_999_999)).toMatchObject({ level: 'ok', ceilingCents: null, share: null });
  });
});

describe('register of indemnities', () => {
  const csv = [
    'professionnel;profession;rpps;date;mission;heures;nature;taux;montant',
    'Dr Anne Martin;médecin généraliste;10001234567;2025-03-04;acces_soins;2,5;indemnite;90;',
    '"Durand, Paul";infirmier;;04/03/2025;fonctionnement;1;rémunération;;60,50',
  ].join('\r\n');

  it('reads rows, computes hours × rate half-up, accepts French dates and labels', () => {
    const rows = parseRegister(csv);
    if (isRegisterError(rows)) throw new Error(rows.message);
    expect(rows).toEqual([
      { line: 2, name: 'Dr Anne Martin', profession: 'médecin généraliste', rpps: '10001234567', workedOn: '2025-03-04', mission: 'acces_soins', hoursCenti: 250, kind: 'indemnite', rateCents: 9000, amountCents: 22500 },
      { line: 3, name: 'Durand, Paul', profession: 'infirmier', rpps: '', workedOn: '2025-03-04', mission: null, hoursCenti: 100, kind: 'remuneration', rateCents: null, amountCents: 6050 },
    ]);
    expect(registerKeys([...rows, rows[0]])[2]).toMatch(/\|2$/);
  });

  it('refuses a faulty row with its line number', () => {
    const bad = (row: string) => parseRegister(`professionnel;profession;date;mission;heures;nature;montant\n${row}`);
    expect(bad('A;b;2025-02-30;parcours;1;indemnite;10')).toMatchObject({ line: 2, message: expect.stringMatching(/^Ligne 2 : date « 2025-02-30 » impossible/) });
    expect(bad('A;b;2025-02-03;nope;1;indemnite;10')).toMatchObject({ message: expect.stringMatching(/mission « nope » inconnue/) });
    expect(bad('A;b;2025-02-03;parcours;1;cadeau;10')).toMatchObject({ message: expect.stringMatching(/nature « cadeau »/) });
    expect(bad('A;b;2025-02-03;parcours;1;indemnite')).toMatchObject({ message: expect.stringMatching(/6 colonne\(s\) au lieu de 7/) });
    expect(parseRegister('nom;date\nA;2025-01-01')).toMatchObject({ line: 1, message: expect.stringMatching(/colonne\(s\) manquante\(s\) : profession, mission, heures, nature/) });
  });

  it('running totals per professional and civil year give each new row its verdict', () => {
    const row = (line: number, workedOn: string, amountCents: number) => ({ line, name: 'Dr Anne Martin', profession: 'm', rpps: '', workedOn, mission: null, hoursCenti: 100, kind: 'indemnite' as const, rateCents: null, amountCents });
    const v = ceilingVerdicts([{ name: 'dr anne martin', workedOn: '2025-01-10', amountCents: 3_700_000 }], [row(2, '2025-06-01', 100_000), row(3, '2025-07-01', 1_000_000), row(4, '2026-01-05', 100_000)]);
    expect(v.map((x) => [x.line, x.level, x.totalCents])).toEqual([
      [2, 'warning', 3_800_000],
      [3, 'over', 4_800_000],
      [4, 'ok', 100_000],
    ]);
  });
});
