// Contracts and their CPTS: create, edit, read, and the portfolio list.
import type { ContractDetail, Deadline, MissionRow, PortfolioRow, SizeBandNumber } from '../../shared/api';
import { compareIso, type IsoDate } from '../../shared/dates';
import { MISSION_CODES, MISSION_LABELS, isMissionCode, type MissionCode } from '../../shared/domain/missions';
import { missionDeadlines, isSocle } from '../../shared/domain/deadlines';
import { sizeBandFor } from '../../shared/domain/sizeBand';
import { TEXT_VERSION_LABELS, versionInForceOn, type TextVersionId } from '../../shared/domain/rules';
import type { ContractData, ContractStatus } from '../../shared/schemas/contract';
import { searchKey } from '../../shared/text';
import { inTransaction, type Db } from '../db/connection';
import { notFound, type ApiContext } from './context';
import { moneySummary } from './payments';

function nowStamp(): string {
  return new Date().toISOString();
}

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
  missions: { code: MissionCode; startedOn: IsoDate | null; deployedOn: IsoDate | null }[];
}

export async function loadContract(db: Db, id: number): Promise<ContractRecord> {
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
    ])
    .where('contract.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(`Contrat n° ${id}`);
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
    communes: JSON.parse(row.communes) as string[],
    textVersion: row.textVersion as TextVersionId,
    status: row.status as ContractStatus,
    populations,
    missions: missions
      .filter((m) => isMissionCode(m.code))
      .map((m) => ({ ...m, code: m.code as MissionCode }))
      .sort((a, b) => MISSION_CODES.indexOf(a.code) - MISSION_CODES.indexOf(b.code)),
  };
}

export function currentPopulation(c: ContractRecord): { population: number; asOf: IsoDate } {
  const last = c.populations[c.populations.length - 1];
  return { population: last.population, asOf: last.asOf };
}

function missionRows(c: ContractRecord, today: IsoDate): MissionRow[] {
  return c.missions.map((m) => {
    const d = missionDeadlines(m.code, c.signedOn);
    const startLate = !m.startedOn ? d.startBy !== null && compareIso(d.startBy, today) < 0 : d.startBy !== null && compareIso(m.startedOn, d.startBy) > 0;
    const deployLate = !m.deployedOn
      ? d.deployBy !== null && compareIso(d.deployBy, today) < 0
      : d.deployBy !== null && compareIso(m.deployedOn, d.deployBy) > 0;
    return {
      code: m.code,
      label: MISSION_LABELS[m.code],
      socle: isSocle(m.code, c.textVersion),
      startedOn: m.startedOn,
      deployedOn: m.deployedOn,
      startBy: d.startBy,
      deployBy: d.deployBy,
      startLate,
      deployLate,
      deadlineNote: d.explanation,
    };
  });
}

/** The next unmet deadline (mission start, then deployment), late ones first. */
export function nextDeadline(rows: MissionRow[], today: IsoDate): { next: Deadline | null; lateCount: number } {
  const open: Deadline[] = [];
  for (const m of rows) {
    if (!m.startedOn && m.startBy) {
      open.push({ mission: m.code, missionLabel: m.label, kind: 'start', dueOn: m.startBy, late: compareIso(m.startBy, today) < 0 });
    } else if (!m.deployedOn && m.deployBy) {
      open.push({ mission: m.code, missionLabel: m.label, kind: 'deploy', dueOn: m.deployBy, late: compareIso(m.deployBy, today) < 0 });
    }
  }
  open.sort((a, b) => compareIso(a.dueOn, b.dueOn));
  return { next: open[0] ?? null, lateCount: open.filter((d) => d.late).length };
}

export function toDetail(c: ContractRecord, today: IsoDate): ContractDetail {
  const pop = currentPopulation(c);
  return {
    id: c.id,
    cptsId: c.cptsId,
    name: c.name,
    legalName: c.legalName,
    siret: c.siret,
    departement: c.departement,
    communes: c.communes,
    population: pop.population,
    populationAsOf: pop.asOf,
    populations: c.populations.map((p) => ({ ...p, sizeBand: sizeBandFor(p.population) as SizeBandNumber })),
    sizeBand: sizeBandFor(pop.population) as SizeBandNumber,
    cpam: c.cpam,
    ars: c.ars,
    signedOn: c.signedOn,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    textVersion: c.textVersion,
    textVersionLabel: TEXT_VERSION_LABELS[c.textVersion],
    status: c.status,
    missions: missionRows(c, today),
  };
}

export async function getContract(ctx: ApiContext, input: { id: number }): Promise<ContractDetail> {
  return toDetail(await loadContract(ctx.db, input.id), ctx.today());
}

async function writeMissions(trx: Db, contractId: number, missions: ContractData['missions']): Promise<void> {
  const keep = missions.map((m) => m.code);
  const existing = await trx.selectFrom('contract_mission').select('code').where('contract_id', '=', contractId).execute();
  for (const e of existing) {
    if (!keep.includes(e.code as MissionCode)) {
      await trx.deleteFrom('contract_mission').where('contract_id', '=', contractId).where('code', '=', e.code).execute();
    }
  }
  for (const m of missions) {
    await trx
      .insertInto('contract_mission')
      .values({ contract_id: contractId, code: m.code, started_on: m.startedOn, deployed_on: m.deployedOn })
      .onConflict((oc) => oc.columns(['contract_id', 'code']).doUpdateSet({ started_on: m.startedOn, deployed_on: m.deployedOn }))
      .execute();
  }
}

export async function createContract(ctx: ApiContext, data: ContractData): Promise<ContractDetail> {
  const id = await inTransaction(ctx.db, async (trx) => {
    const now = nowStamp();
    const cpts = await trx
      .insertInto('cpts')
      .values({
        name: data.name,
        legal_name: data.legalName,
        siret: data.siret,
        departement: data.departement,
        communes: JSON.stringify(data.communes),
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('population')
      .values({ cpts_id: cpts.id, population: data.population, as_of: data.populationAsOf, recorded_at: now })
      .execute();
    const contract = await trx
      .insertInto('contract')
      .values({
        cpts_id: cpts.id,
        cpam: data.cpam,
        ars: data.ars,
        signed_on: data.signedOn,
        starts_on: data.startsOn,
        ends_on: data.endsOn,
        text_version: versionInForceOn(data.signedOn),
        status: data.status,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeMissions(trx, contract.id, data.missions);
    return contract.id;
  });
  return getContract(ctx, { id });
}

export async function updateContract(ctx: ApiContext, input: { id: number; data: ContractData }): Promise<ContractDetail> {
  const { id, data } = input;
  const before = await loadContract(ctx.db, id);
  await inTransaction(ctx.db, async (trx) => {
    const now = nowStamp();
    await trx
      .updateTable('cpts')
      .set({
        name: data.name,
        legal_name: data.legalName,
        siret: data.siret,
        departement: data.departement,
        communes: JSON.stringify(data.communes),
      })
      .where('id', '=', before.cptsId)
      .execute();
    // A revised population is a new dated figure: the history stays visible.
    const pop = currentPopulation(before);
    if (pop.population !== data.population || pop.asOf !== data.populationAsOf) {
      await trx
        .insertInto('population')
        .values({ cpts_id: before.cptsId, population: data.population, as_of: data.populationAsOf, recorded_at: now })
        .execute();
    }
    await trx
      .updateTable('contract')
      .set({
        cpam: data.cpam,
        ars: data.ars,
        signed_on: data.signedOn,
        starts_on: data.startsOn,
        ends_on: data.endsOn,
        text_version: versionInForceOn(data.signedOn),
        status: data.status,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    await writeMissions(trx, id, data.missions);
  });
  return getContract(ctx, { id });
}

export async function listPortfolio(ctx: ApiContext, input: { search?: string }): Promise<PortfolioRow[]> {
  const ids = await ctx.db.selectFrom('contract').select('id').orderBy('signed_on', 'desc').execute();
  const key = searchKey(input.search ?? '');
  const today = ctx.today();
  const rows: PortfolioRow[] = [];
  for (const { id } of ids) {
    const c = await loadContract(ctx.db, id);
    if (key && !searchKey([c.name, c.legalName, c.departement, c.cpam, ...c.communes].join(' ')).includes(key)) continue;
    const detail = toDetail(c, today);
    const { next, lateCount } = nextDeadline(detail.missions, today);
    const money = await moneySummary(ctx, c);
    rows.push({
      id: c.id,
      cpts: c.name,
      departement: c.departement,
      population: detail.population,
      populationAsOf: detail.populationAsOf,
      sizeBand: detail.sizeBand,
      signedOn: c.signedOn,
      endsOn: c.endsOn,
      textVersion: c.textVersion,
      textVersionLabel: detail.textVersionLabel,
      status: c.status,
      nextDeadline: next,
      lateCount,
      dueNext60Cents: money.dueNext60Cents,
      overdueCents: money.overdueCents,
    });
  }
  return rows;
}
