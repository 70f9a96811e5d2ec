// Contracts and their CPTS: create, edit, read, archive and restore, and the removal of the
// demonstration contracts (the portfolio list is electron/api/portfolio.ts).
import { existsSync, rmSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { ContractDetail, Deadline, MissionRow, SizeBandNumber } from '../../shared/api';
import { compareIso, type IsoDate } from '../../shared/dates';
import { contractEndsOn } from '../../shared/domain/contractYears';
import { MISSION_CODES, MISSION_LABELS, isMissionCode, type MissionCode } from '../../shared/domain/missions';
import { missionDeadlines, isSocle } from '../../shared/domain/deadlines';
import { sizeBandFor } from '../../shared/domain/sizeBand';
import { TEXT_VERSION_LABELS, versionInForceOn, type TextVersionId } from '../../shared/domain/rules';
import { lifecycleOf, latestSignature, signatureTooLate, type ContractData, type ContractStatus } from '../../shared/schemas/contract';
import { inTransaction, type Db } from '../db/connection';
import { removeDemoContracts } from '../db/demoRemoval';
import { AppError, invalid, notFound, type ApiContext } from './context';
import { EVIDENCE_DIR, evidenceStorage } from './evidence';
import { removeOrphanBlobs } from '../db/repo/evidenceBlobs';

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
  archivedAt: string | null;
  demo: boolean;
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
      'contract.archived_at as archivedAt',
      'contract.demo as demo',
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
    // Derived from the signature, never typed (the stored column follows it on every write).
    endsOn: contractEndsOn(row.signedOn),
    demo: row.demo === 1,
    communes: JSON.parse(row.communes) as string[],
    textVersion: row.textVersion as TextVersionId,
    status: row.status as ContractStatus,
    populations,
    missions: toMissions(missions),
  };
}

/** A contract's mission rows as stored: known codes only, in the order of MISSION_CODES. */
export function toMissions(rows: readonly { code: string; startedOn: IsoDate | null; deployedOn: IsoDate | null }[]): ContractRecord['missions'] {
  return rows
    .filter((m) => isMissionCode(m.code))
    .map((m) => ({ code: m.code as MissionCode, startedOn: m.startedOn, deployedOn: m.deployedOn }))
    .sort((a, b) => MISSION_CODES.indexOf(a.code) - MISSION_CODES.indexOf(b.code));
}

export function currentPopulation(c: ContractRecord): { population: number; asOf: IsoDate } {
  const last = c.populations[c.populations.length - 1];
  return { population: last.population, asOf: last.asOf };
}

/** missionDeadlines is pure: the portfolio and the upcoming dialogues ask it for every contract. */
const deadlinesCache = new Map<string, ReturnType<typeof missionDeadlines>>();

function deadlinesOf(code: MissionCode, signedOn: IsoDate): ReturnType<typeof missionDeadlines> {
  const key = `${code}|${signedOn}`;
  let d = deadlinesCache.get(key);
  if (!d) {
    d = missionDeadlines(code, signedOn);
    if (deadlinesCache.size >= 50_000) deadlinesCache.clear();
    deadlinesCache.set(key, d);
  }
  return d;
}

/** The missions with their deadlines (start, deployment) and whether each is late on `today`. */
export function missionRows(c: Pick<ContractRecord, 'signedOn' | 'textVersion' | 'missions'>, today: IsoDate): MissionRow[] {
  return c.missions.map((m) => {
    const d = deadlinesOf(m.code, c.signedOn);
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
    lifecycle: lifecycleOf(c, today),
    archivedAt: c.archivedAt,
    demo: c.demo,
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

/** The signature lies within [25/08/2019, today + 1 year]; the lower bound is in the schema, this one needs "today". */
function checkSignature(ctx: ApiContext, signedOn: IsoDate, field: string): void {
  if (compareIso(signedOn, latestSignature(ctx.today())) > 0) throw invalid(field, signatureTooLate(ctx.today()));
}

export async function createContract(ctx: ApiContext, data: ContractData): Promise<ContractDetail> {
  checkSignature(ctx, data.signedOn, 'signedOn');
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
        ends_on: contractEndsOn(data.signedOn),
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
  checkSignature(ctx, data.signedOn, 'data.signedOn');
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
        ends_on: contractEndsOn(data.signedOn),
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

/** Archives a contract: out of the portfolio list and its totals, every row kept, restorable. */
export async function archiveContract(ctx: ApiContext, input: { id: number }): Promise<ContractDetail> {
  const c = await loadContract(ctx.db, input.id);
  if (c.archivedAt !== null) throw new AppError('CONFLICT', `Contrat n° ${c.id} : déjà archivé.`);
  await ctx.db.updateTable('contract').set({ archived_at: nowStamp(), updated_at: nowStamp() }).where('id', '=', c.id).execute();
  return getContract(ctx, { id: c.id });
}

/** Brings an archived contract back into the portfolio. */
export async function restoreContract(ctx: ApiContext, input: { id: number }): Promise<ContractDetail> {
  const c = await loadContract(ctx.db, input.id);
  if (c.archivedAt === null) throw new AppError('CONFLICT', `Contrat n° ${c.id} : n’est pas archivé.`);
  await ctx.db.updateTable('contract').set({ archived_at: null, updated_at: nowStamp() }).where('id', '=', c.id).execute();
  return getContract(ctx, { id: c.id });
}

/**
 * Removes every demonstration contract with all its rows (electron/db/demoRemoval.ts), then the
 * evidence files only they referred to. Real contracts are never touched.
 */
export async function removeDemo(ctx: ApiContext): Promise<{ removedContracts: number }> {
  const removed = await removeDemoContracts(ctx.db);
  // Team mode: the contents live in the shared database, by hash (electron/api/evidence.ts).
  if (evidenceStorage(ctx).kind === 'database') {
    await removeOrphanBlobs(ctx.db, removed.evidenceHashes);
    return { removedContracts: removed.contractIds.length };
  }
  const root = resolve(ctx.dataDir, EVIDENCE_DIR);
  for (const rel of removed.orphanEvidencePaths) {
    const abs = resolve(ctx.dataDir, rel);
    if (abs.startsWith(root + sep) && existsSync(abs)) rmSync(abs, { force: true });
  }
  return { removedContracts: removed.contractIds.length };
}
