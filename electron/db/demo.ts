// The demo portfolio created on first start: fictional CPTS of different size bands, signed at
// different dates, entered through the API like a user would (so the demo obeys every rule).
// Its contracts are flagged `demo` ("démonstration" in the UI); demo.remove takes them all away.
import { sql } from 'kysely';
import type { ApiContext } from '../api/context';
import { invoke } from '../api/dispatch';
import type { ContractInput } from '../../shared/schemas/contract';
import type { MissionCode } from '../../shared/domain/missions';
import { addDays, compareIso, minIso } from '../../shared/dates';
import { seedDemoAnnexes } from './demoAnnex';
import { markDemoContracts } from './demoRemoval';
import { isPostgres } from './postgres/retry';

export const DEMO_CONTRACTS: ContractInput[] = [
  {
    name: 'CPTS Rives du Léman',
    legalName: 'Association CPTS Rives du Léman',
    siret: '90123456700018',
    departement: '74',
    communes: 'Évian-les-Bains, Thonon-les-Bains, Publier, Amphion, Saint-Gingolph',
    population: '72 400',
    populationAsOf: '2021-01-01',
    cpam: 'CPAM de la Haute-Savoie',
    ars: 'ARS Auvergne-Rhône-Alpes',
    signedOn: '2021-11-29',
    startsOn: '2021-11-29',
    status: 'actif',
    missions: [
      { code: 'acces_soins', startedOn: '2022-01-10', deployedOn: '2023-03-01' },
      { code: 'parcours', startedOn: '2022-06-01', deployedOn: '2023-10-15' },
      { code: 'prevention', startedOn: '2022-09-01', deployedOn: null },
      { code: 'crise_sanitaire', startedOn: '2022-11-29', deployedOn: '2023-09-01' },
      { code: 'qualite', startedOn: '2023-02-01', deployedOn: null },
    ],
  },
  {
    name: 'CPTS Sud Bourbonnais',
    legalName: 'Association des professionnels de santé du Sud Bourbonnais',
    siret: '',
    departement: '03',
    communes: 'Saint-Pourçain-sur-Sioule, Gannat, Varennes-sur-Allier, Chantelle',
    population: '34 800',
    populationAsOf: '2020-01-01',
    cpam: "CPAM de l'Allier",
    ars: 'ARS Auvergne-Rhône-Alpes',
    signedOn: '2022-06-17',
    startsOn: '2022-06-17',
    status: 'actif',
    missions: [
      { code: 'acces_soins', startedOn: '2022-06-17', deployedOn: '2023-11-30' },
      { code: 'parcours', startedOn: '2023-03-01', deployedOn: '2024-05-15' },
      { code: 'prevention', startedOn: '2023-05-01', deployedOn: '2024-06-01' },
      { code: 'crise_sanitaire', startedOn: '2022-12-01', deployedOn: '2023-12-01' },
    ],
  },
  {
    name: 'CPTS Ondaine et Haut-Forez',
    legalName: 'Association CPTS Ondaine et Haut-Forez',
    siret: '91234567800024',
    departement: '42',
    communes: 'Firminy, Le Chambon-Feugerolles, La Ricamarie, Roche-la-Molière, Unieux',
    population: '84 466',
    populationAsOf: '2023-01-01',
    cpam: 'CPAM de la Loire',
    ars: 'ARS Auvergne-Rhône-Alpes',
    signedOn: '2023-12-13',
    startsOn: '2023-12-13',
    status: 'actif',
    missions: [
      { code: 'acces_soins', startedOn: '2023-12-13', deployedOn: '2025-05-01' },
      { code: 'parcours', startedOn: '2024-04-02', deployedOn: null },
      { code: 'prevention', startedOn: '2024-09-16', deployedOn: null },
      { code: 'crise_sanitaire', startedOn: '2024-03-01', deployedOn: '2025-04-30' },
      { code: 'qualite', startedOn: '2024-10-01', deployedOn: null },
      { code: 'accompagnement', startedOn: '2025-01-15', deployedOn: null },
    ],
  },
  {
    name: 'CPTS Grand Dijon Centre',
    legalName: 'Association CPTS Grand Dijon Centre',
    siret: '',
    departement: '21',
    communes: 'Dijon, Chenôve, Talant, Fontaine-lès-Dijon, Quetigny',
    population: '182 300',
    populationAsOf: '2024-01-01',
    cpam: "CPAM de la Côte-d'Or",
    ars: 'ARS Bourgogne-Franche-Comté',
    signedOn: '2025-03-14',
    startsOn: '2025-03-14',
    status: 'actif',
    missions: [
      { code: 'acces_soins', startedOn: '2025-05-05', deployedOn: null },
      { code: 'parcours', startedOn: null, deployedOn: null },
      { code: 'prevention', startedOn: '2025-12-01', deployedOn: null },
      { code: 'crise_sanitaire', startedOn: '2025-09-01', deployedOn: null },
    ],
  },
];

export async function seedDemo(ctx: ApiContext): Promise<number[]> {
  // PostgreSQL (team mode): no file-level pragmas; each API call commits on the server.
  if (isPostgres(ctx.db)) return seedAll(ctx);
  // Hundreds of small writes into a fresh file: fsync each one only once the demo is complete.
  await sql`PRAGMA synchronous = OFF`.execute(ctx.db);
  try {
    return await seedAll(ctx);
  } finally {
    await sql`PRAGMA synchronous = FULL`.execute(ctx.db);
    await sql`PRAGMA wal_checkpoint(FULL)`.execute(ctx.db);
  }
}

async function seedAll(ctx: ApiContext): Promise<number[]> {
  const ids: number[] = [];
  for (const c of DEMO_CONTRACTS) {
    const created = await invoke(ctx, 'contract.create', c);
    ids.push(created.id);
  }
  await markDemoContracts(ctx.db, ids);
  await seedDemoMoney(ctx, ids);
  return ids;
}

type EnvelopeSeed = { line: 'fonctionnement' | 'fixed' | 'variable' | 'fixedLater'; mission: MissionCode | null; euros: number };

/**
 * Fictional annex amounts for the demo contracts whose size band has no figure in the national
 * tables (the reference only verifies taille 3 mission amounts). Index = position in DEMO_CONTRACTS.
 */
const DEMO_ANNEXES: Record<number, EnvelopeSeed[]> = {
  0: [
    { line: 'fixed', mission: 'acces_soins', euros: 52_500 },
    { line: 'variable', mission: 'acces_soins', euros: 32_500 },
    { line: 'fixed', mission: 'parcours', euros: 22_500 },
    { line: 'variable', mission: 'parcours', euros: 22_500 },
    { line: 'fixed', mission: 'prevention', euros: 12_500 },
    { line: 'variable', mission: 'prevention', euros: 12_500 },
    { line: 'fixed', mission: 'crise_sanitaire', euros: 35_000 },
    { line: 'fixedLater', mission: 'crise_sanitaire', euros: 17_500 },
    { line: 'variable', mission: 'crise_sanitaire', euros: 52_500 },
    { line: 'fixed', mission: 'qualite', euros: 10_000 },
    { line: 'variable', mission: 'qualite', euros: 10_000 },
  ],
  1: [
    { line: 'fixed', mission: 'acces_soins', euros: 35_000 },
    { line: 'variable', mission: 'acces_soins', euros: 15_000 },
    { line: 'fixed', mission: 'parcours', euros: 15_000 },
    { line: 'variable', mission: 'parcours', euros: 15_000 },
    { line: 'fixed', mission: 'prevention', euros: 10_000 },
    { line: 'variable', mission: 'prevention', euros: 10_000 },
  ],
  3: [
    { line: 'fixed', mission: 'acces_soins', euros: 100_000 },
    { line: 'variable', mission: 'acces_soins', euros: 40_000 },
    { line: 'fixed', mission: 'parcours', euros: 55_000 },
    { line: 'variable', mission: 'parcours', euros: 55_000 },
    { line: 'fixed', mission: 'prevention', euros: 22_500 },
    { line: 'variable', mission: 'prevention', euros: 22_500 },
  ],
};

/** Validated attainment (percent) of the completed years, per mission. */
const DEMO_RATES: Partial<Record<MissionCode, number[]>> = {
  acces_soins: [100, 90, 100, 95],
  parcours: [80, 75, 100, 85],
  prevention: [60, 70, 80, 90],
  qualite: [100, 50, 100, 100],
  accompagnement: [100, 100, 100, 100],
};

const DEMO_REASON = 'Annexe financière du contrat (données fictives de démonstration)';

/** Envelopes, attainment, payments (one late, one corrected), budgets and spending. */
export async function seedDemoMoney(ctx: ApiContext, ids: number[]): Promise<void> {
  const today = ctx.today();
  for (const [index, contractId] of ids.entries()) {
    for (const e of DEMO_ANNEXES[index] ?? []) {
      await invoke(ctx, 'envelopes.set', { contractId, year: null, line: e.line, mission: e.mission, cents: e.euros * 100, reason: DEMO_REASON });
    }
    const funding = await invoke(ctx, 'funding.get', { contractId });
    for (const y of funding.result.years) {
      if (compareIso(y.to, today) >= 0) continue; // only years already over have a validated attainment
      for (const m of y.missions) {
        const rate = DEMO_RATES[m.code]?.[y.year - 1];
        if (rate !== undefined && m.startedOn && m.variableMaxCents) {
          await invoke(ctx, 'attainment.set', { contractId, year: y.year, mission: m.code, ratePercent: rate, comment: 'Validé en dialogue de gestion annuel' });
        }
      }
    }
  }
  // Indicators validated in the closed annual reviews fix those years' variable parts: seed them
  // before the payments, so the CPAM pays what the dialogue validated.
  await seedDemoAnnexes(ctx, ids);
  for (const [index, contractId] of ids.entries()) {
    const funding = await invoke(ctx, 'funding.get', { contractId });

    // Payments: the CPAM pays each tranche about twelve days after it falls due. The latest
    // tranche of the last contract stays unpaid (late), and one payment of the third contract
    // is first recorded with a wrong amount, then corrected.
    const due = funding.schedule.filter((t) => compareIso(addDays(t.dueOn, 30), today) <= 0);
    const byDate = new Map<string, typeof due>();
    for (const t of due) byDate.set(t.dueOn, [...(byDate.get(t.dueOn) ?? []), t]);
    const dates = [...byDate.keys()].sort(compareIso);
    const skipLate = index === ids.length - 1 ? dates[dates.length - 1] : null;
    let n = 0;
    for (const dueOn of dates) {
      if (dueOn === skipLate) continue;
      const tranches = byDate.get(dueOn)!;
      const amount = tranches.reduce((s, t) => s + t.amountCents, 0);
      if (amount <= 0) continue;
      n += 1;
      const receivedOn = minIso(addDays(dueOn, 12), today);
      const wrong = index === 2 && n === 2;
      const view = await invoke(ctx, 'payments.record', {
        contractId,
        receivedOn,
        amountCents: wrong ? amount - 100_000 : amount,
        cpamRef: `VIR-${receivedOn.replace(/-/g, '')}-${String(contractId).padStart(3, '0')}`,
        trancheIds: tranches.map((t) => t.id),
        comment: '',
      });
      if (wrong) {
        const paymentId = view.payments[view.payments.length - 1].id;
        await invoke(ctx, 'payments.correct', {
          contractId,
          paymentId,
          correctedOn: minIso(addDays(receivedOn, 20), today),
          newAmountCents: amount,
          reason: 'Complément versé par la CPAM après rapprochement bancaire',
        });
      }
    }

    // Budgets and spending of the years begun: fonctionnement mostly used, missions unevenly.
    for (const y of funding.result.years) {
      if (compareIso(y.from, today) > 0) continue;
      const yearEnd = minIso(y.to, today);
      const lines: { mission: MissionCode | null; granted: number | null }[] = [
        { mission: null, granted: y.fonctionnementCents },
        ...y.missions.map((m) => ({ mission: m.code, granted: m.fixedCents })),
      ];
      for (const [k, l] of lines.entries()) {
        if (!l.granted) continue;
        await invoke(ctx, 'budget.set', { contractId, year: y.year, mission: l.mission, cents: l.granted });
        const share = l.mission === null ? 92 : k % 3 === 0 ? 35 : 80;
        const spent = Math.floor((l.granted * share) / 100 / 100) * 100;
        if (spent <= 0) continue;
        const category = l.mission === null ? 'coordination' : k % 2 === 0 ? 'indemnites_ps' : 'prestations';
        const spentOn = minIso(addDays(y.from, 120 + k * 7), yearEnd);
        await invoke(ctx, 'spending.record', {
          contractId,
          spentOn,
          mission: l.mission,
          category,
          amountCents: spent,
          documentRef: `PJ-${y.year}-${String(k + 1).padStart(2, '0')}`,
          comment: l.mission === null ? 'Salaires et charges de la coordinatrice' : 'Indemnisation et prestations de la mission',
        });
      }
    }
  }
}
