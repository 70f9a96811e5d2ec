// Repository of the contracts and their CPTS: the record every handler reads (loadContract) and
// the writes of the contract form (create, update, archive). The rules (deadlines, size band,
// lifecycle) are in shared/domain and shared/schemas; the handlers in electron/api/contracts.ts.
// No transaction of its own (the API call's unit of work).
import type { IsoDate } from '../../../shared/dates';
import { contractEndsOn } from '../../../shared/domain/contractYears';
import { contractMissions, type ContractMission } from '../../../shared/domain/missions';
import type { TextVersionId } from '../../../shared/domain/rules';
import type { ContractData, ContractStatus } from '../../../shared/schemas/contract';
import { notFound } from '../../api/context';
import type { Db } from '../connection';

export interface ContractRecord {
  id: number;
  cptsId: number;
  name: string;
  legalName: string;
  siret: string;
  departement: string;
  communes: string[];
  populations: { population: number; asOf: IsoDate; recordedAt: string }[];
  cpam: string;
  ars: string;
  signedOn: IsoDate;
  startsOn: IsoDate;
  endsOn: IsoDate;
  textVersion: TextVersionId;
  status: ContractStatus;
  archivedAt: string | null;
  demo: boolean;
  /** Known codes only, in the order of MISSION_CODES. */
  missions: ContractMission[];
}

/** A contract with its CPTS, population history and missions, or null when there is none with this id. */
export async function findContract(db: Db, id: number): Promise<ContractRecord | null> {
  const row = await db
    .selectFrom('contract')
    .innerJoin('cpts', 'cpts.id', 'contract.cpts_id')
    .select([
      'contract.id as id',
      'contract.cpts_id as cptsId',
      'cpts.name as name',
      'cpts.legal_name as legalName',
      'cpts.siret as siret',
      'cpts.departement as departement',
      'cpts.communes as communes',
      'contract.cpam as cpam',
      'contract.ars as ars',
      'contract.signed_on as signedOn',
      'contract.starts_on as startsOn',
      'contract.ends_on as endsOn',
      'contract.text_version as textVersion',
      'contract.status as status',
      'contract.archived_at as archivedAt',
      'contract.demo as demo',
    ])
    .where('contract.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const populations = await db
    .selectFrom('population')
    .select(['population', 'as_of as asOf', 'recorded_at as recordedAt'])
    .where('cpts_id', '=', row.cptsId)
    .orderBy('as_of')
    .orderBy('id')
    .execute();
  const missions = await db
    .selectFrom('contract_mission')
    .select(['code', 'started_on as startedOn', 'deployed_on as deployedOn'])
    .where('contract_id', '=', id)
    .execute();
  return {
    ...row,
    // Derived from the signature, never typed (the stored column follows it on every write).
    endsOn: contractEndsOn(row.signedOn),
    demo: row.demo === 1,
    communes: JSON.parse(row.communes) as string[],
    textVersion: row.textVersion as TextVersionId,
    status: row.status as ContractStatus,
    populations,
    missions: contractMissions(missions),
  };
}

/** The contract, or the French "Contrat n° … introuvable." (NOT_FOUND). */
export async function loadContract(db: Db, id: number): Promise<ContractRecord> {
  const c = await findContract(db, id);
  if (!c) throw notFound(`Contrat n° ${id}`);
  return c;
}

/** The columns of the contract row that follow the form (the text version and end from the signature). */
export interface ContractRowValues {
  cpam: string;
  ars: string;
  signedOn: IsoDate;
  startsOn: IsoDate;
  endsOn: IsoDate;
  textVersion: TextVersionId;
  status: ContractStatus;
}

type CptsValues = Pick<ContractData, 'name' | 'legalName' | 'siret' | 'departement' | 'communes'>;

function cptsColumns(data: CptsValues) {
  return { name: data.name, legal_name: data.legalName, siret: data.siret, departement: data.departement, communes: JSON.stringify(data.communes) };
}

function contractColumns(v: ContractRowValues) {
  return { cpam: v.cpam, ars: v.ars, signed_on: v.signedOn, starts_on: v.startsOn, ends_on: v.endsOn, text_version: v.textVersion, status: v.status };
}

/** A new CPTS with its first population figure and its contract; the contract's id. */
export async function insertContract(
  db: Db,
  cpts: CptsValues,
  population: { population: number; asOf: IsoDate },
  contract: ContractRowValues,
  now: string,
): Promise<number> {
  const row = await db
    .insertInto('cpts')
    .values({ ...cptsColumns(cpts), created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertPopulation(db, row.id, population, now);
  const c = await db
    .insertInto('contract')
    .values({ cpts_id: row.id, ...contractColumns(contract), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return c.id;
}

/** A dated population figure of a CPTS (the history is kept: a revision is a new row). */
export async function insertPopulation(db: Db, cptsId: number, p: { population: number; asOf: IsoDate }, now: string): Promise<void> {
  await db.insertInto('population').values({ cpts_id: cptsId, population: p.population, as_of: p.asOf, recorded_at: now }).execute();
}

export async function updateCpts(db: Db, cptsId: number, cpts: CptsValues): Promise<void> {
  await db.updateTable('cpts').set(cptsColumns(cpts)).where('id', '=', cptsId).execute();
}

export async function updateContractRow(db: Db, id: number, contract: ContractRowValues, now: string): Promise<void> {
  await db
    .updateTable('contract')
    .set({ ...contractColumns(contract), updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** The contract's missions become exactly these: the others are removed, these inserted or updated. */
export async function writeMissions(db: Db, contractId: number, missions: readonly ContractMission[]): Promise<void> {
  const keep = new Set<string>(missions.map((m) => m.code));
  const existing = await db.selectFrom('contract_mission').select('code').where('contract_id', '=', contractId).execute();
  for (const e of existing) {
    if (!keep.has(e.code)) await db.deleteFrom('contract_mission').where('contract_id', '=', contractId).where('code', '=', e.code).execute();
  }
  for (const m of missions) {
    await db
      .insertInto('contract_mission')
      .values({ contract_id: contractId, code: m.code, started_on: m.startedOn, deployed_on: m.deployedOn })
      .onConflict((oc) => oc.columns(['contract_id', 'code']).doUpdateSet({ started_on: m.startedOn, deployed_on: m.deployedOn }))
      .execute();
  }
}

/** Archives (a date) or restores (null) a contract. */
export async function setArchivedAt(db: Db, id: number, archivedAt: string | null, now: string): Promise<void> {
  await db.updateTable('contract').set({ archived_at: archivedAt, updated_at: now }).where('id', '=', id).execute();
}
