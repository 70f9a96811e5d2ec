// Writes a year's annex read from a workbook (issue 12): its actions (in the workbook's order),
// their livrables, indicators and paliers. No transaction of its own: the API call's unit of work
// (electron/api/dispatch.ts), so a failure leaves nothing behind.
import type { ImportedAction } from '../../../shared/domain/annexWorkbook';
import type { Db } from '../connection';

/** Actions and indicators already in a year's annex (the import never mixes with a typed annex). */
export async function annexContentCounts(db: Db, annexYearId: number): Promise<{ actions: number; indicators: number }> {
  const actions = await db.selectFrom('annex_action').select((eb) => eb.fn.countAll<number>().as('n')).where('annex_year_id', '=', annexYearId).executeTakeFirstOrThrow();
  const indicators = await db
    .selectFrom('indicator')
    .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('annex_action.annex_year_id', '=', annexYearId)
    .executeTakeFirstOrThrow();
  return { actions: Number(actions.n), indicators: Number(indicators.n) };
}

/** Inserts the actions and everything under them into the annex. */
export async function insertImportedAnnex(db: Db, annexYearId: number, actions: readonly ImportedAction[]): Promise<void> {
  for (const [ai, a] of actions.entries()) {
    const action = await db
      .insertInto('annex_action')
      .values({ annex_year_id: annexYearId, mission: a.mission, label: a.label, carried_over: 0, origin_action_id: null, position: ai + 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (a.livrables.length > 0) {
      await db
        .insertInto('livrable')
        .values(a.livrables.map((label) => ({ action_id: action.id, label, done_on: null, position: 0 })))
        .execute();
    }
    for (const ind of a.indicators) {
      const row = await db
        .insertInto('indicator')
        .values({
          action_id: action.id,
          label: ind.label,
          kind: ind.kind,
          unit: ind.unit,
          baseline: ind.baseline,
          baseline_on: ind.baselineOn,
          source: ind.source,
          direction: ind.direction,
          payment: ind.payment,
          amount_cents: ind.amountCents,
          target: ind.target,
          origin_indicator_id: null,
          position: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (ind.paliers.length > 0) {
        await db
          .insertInto('indicator_palier')
          .values(ind.paliers.map((p) => ({ indicator_id: row.id, label: p.label, threshold: p.threshold, amount_cents: p.amountCents })))
          .execute();
      }
    }
  }
}
