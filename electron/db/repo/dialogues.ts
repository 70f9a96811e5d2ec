// Repository of the dialogues de gestion read across the portfolio (issue 11): the contracts whose
// next review is looked for, and all their reviews, each with one query (no query per contract).
// No transaction of its own (the API call's unit of work).
import type { IsoDate } from '../../../shared/dates';
import type { Db } from '../connection';
import { groupBy } from './groupBy';

export interface ActiveContractRow {
  id: number;
  name: string;
  signedOn: IsoDate;
  textVersion: string;
}

/** Contracts in force ("en cours", not archived) with their CPTS's name. */
export async function activeContracts(db: Db): Promise<ActiveContractRow[]> {
  return db
    .selectFrom('contract')
    .innerJoin('cpts', 'cpts.id', 'contract.cpts_id')
    .select(['contract.id as id', 'cpts.name as name', 'contract.signed_on as signedOn', 'contract.text_version as textVersion'])
    .where('contract.status', '=', 'actif')
    .where('contract.archived_at', 'is', null)
    .orderBy('contract.id')
    .execute();
}

export interface ReviewSlotRow {
  id: number;
  contractId: number;
  year: number;
  kind: string;
  status: string;
  heldOn: IsoDate;
}

/** The reviews of every contract in force, by contract. */
export async function reviewsOfActiveContracts(db: Db): Promise<Map<number, ReviewSlotRow[]>> {
  const rows = await db
    .selectFrom('review')
    .innerJoin('contract', 'contract.id', 'review.contract_id')
    .select(['review.id as id', 'review.contract_id as contractId', 'review.year as year', 'review.kind as kind', 'review.status as status', 'review.held_on as heldOn'])
    .where('contract.status', '=', 'actif')
    .where('contract.archived_at', 'is', null)
    .execute();
  return groupBy(rows, (r) => r.contractId);
}
