// Contracts and their CPTS: create, edit, read, archive and restore, and the removal of the
// demonstration contracts (the portfolio list is electron/api/portfolio.ts).
import { existsSync, rmSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { ContractDetail, SizeBandNumber } from '../../shared/api';
import { compareIso, type IsoDate } from '../../shared/dates';
import { contractEndsOn } from '../../shared/domain/contractYears';
import { missionRows } from '../../shared/domain/deadlines';
import { sizeBandFor } from '../../shared/domain/sizeBand';
import { TEXT_VERSION_LABELS, versionInForceOn } from '../../shared/domain/rules';
import { lifecycleOf, latestSignature, signatureTooLate, type ContractData } from '../../shared/schemas/contract';
import { inTransaction } from '../db/connection';
import { insertContract, insertPopulation, loadContract, setArchivedAt, updateContractRow, updateCpts, writeMissions, type ContractRecord, type ContractRowValues } from '../db/repo/contracts';
import { removeDemoContracts } from '../db/demoRemoval';
import { AppError, invalid, type ApiContext } from './context';
import { EVIDENCE_DIR, evidenceStorage } from './evidence';
import { removeOrphanBlobs } from '../db/repo/evidenceBlobs';

function nowStamp(): string {
  return new Date().toISOString();
}

/** The record and its loader are in the repository; re-exported for code written before it. */
export { loadContract, type ContractRecord } from '../db/repo/contracts';

export function currentPopulation(c: ContractRecord): { population: number; asOf: IsoDate } {
  const last = c.populations[c.populations.length - 1];
  return { population: last.population, asOf: last.asOf };
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

/** The signature lies within [25/08/2019, today + 1 year]; the lower bound is in the schema, this one needs "today". */
function checkSignature(ctx: ApiContext, signedOn: IsoDate, field: string): void {
  if (compareIso(signedOn, latestSignature(ctx.today())) > 0) throw invalid(field, signatureTooLate(ctx.today()));
}

/** The contract row's values from the form: the end and the text version follow the signature. */
function rowValues(data: ContractData): ContractRowValues {
  return { cpam: data.cpam, ars: data.ars, signedOn: data.signedOn, startsOn: data.startsOn, endsOn: contractEndsOn(data.signedOn), textVersion: versionInForceOn(data.signedOn), status: data.status };
}

export async function createContract(ctx: ApiContext, data: ContractData): Promise<ContractDetail> {
  checkSignature(ctx, data.signedOn, 'signedOn');
  const id = await inTransaction(ctx.db, async (trx) => {
    const now = nowStamp();
    const contractId = await insertContract(trx, data, { population: data.population, asOf: data.populationAsOf }, rowValues(data), now);
    await writeMissions(trx, contractId, data.missions);
    return contractId;
  });
  return getContract(ctx, { id });
}

export async function updateContract(ctx: ApiContext, input: { id: number; data: ContractData }): Promise<ContractDetail> {
  const { id, data } = input;
  checkSignature(ctx, data.signedOn, 'data.signedOn');
  const before = await loadContract(ctx.db, id);
  await inTransaction(ctx.db, async (trx) => {
    const now = nowStamp();
    await updateCpts(trx, before.cptsId, data);
    // A revised population is a new dated figure: the history stays visible.
    const pop = currentPopulation(before);
    if (pop.population !== data.population || pop.asOf !== data.populationAsOf) {
      await insertPopulation(trx, before.cptsId, { population: data.population, asOf: data.populationAsOf }, now);
    }
    await updateContractRow(trx, id, rowValues(data), now);
    await writeMissions(trx, id, data.missions);
  });
  return getContract(ctx, { id });
}

/** Archives a contract: out of the portfolio list and its totals, every row kept, restorable. */
export async function archiveContract(ctx: ApiContext, input: { id: number }): Promise<ContractDetail> {
  const c = await loadContract(ctx.db, input.id);
  if (c.archivedAt !== null) throw new AppError('CONFLICT', `Contrat n° ${c.id} : déjà archivé.`);
  const now = nowStamp();
  await setArchivedAt(ctx.db, c.id, now, now);
  return getContract(ctx, { id: c.id });
}

/** Brings an archived contract back into the portfolio. */
export async function restoreContract(ctx: ApiContext, input: { id: number }): Promise<ContractDetail> {
  const c = await loadContract(ctx.db, input.id);
  if (c.archivedAt === null) throw new AppError('CONFLICT', `Contrat n° ${c.id} : n’est pas archivé.`);
  await setArchivedAt(ctx.db, c.id, null, nowStamp());
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
