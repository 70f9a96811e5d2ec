// The demo portfolio created on first start: fictional CPTS of different size bands, signed at
// different dates, entered through the API like a user would (so the demo obeys every rule).
import type { ApiContext } from '../api/context';
import { invoke } from '../api/dispatch';
import type { ContractInput } from '../../shared/schemas/contract';

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
    endsOn: '2026-11-28',
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
    endsOn: '2027-06-16',
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
    endsOn: '2028-12-12',
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
    endsOn: '2030-03-13',
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
  const ids: number[] = [];
  for (const c of DEMO_CONTRACTS) {
    const created = await invoke(ctx, 'contract.create', c);
    ids.push(created.id);
  }
  await seedDemoMoney(ctx, ids);
  return ids;
}

/** Envelopes, attainment, payments and spending of the demo (filled in by the money module). */
export async function seedDemoMoney(_ctx: ApiContext, _ids: number[]): Promise<void> {}
