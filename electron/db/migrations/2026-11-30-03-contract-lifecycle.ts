// Frozen in time: never edit a migration that has shipped; add a new one.
// Contracts as they live (issue 9): a contract may be archived (out of the portfolio and its
// totals, kept in the file, restorable) and the demonstration contracts carry a flag, so one
// action can remove them all (electron/db/demoRemoval.ts). The end date is derived from the
// signature (5 years): stored end dates typed by hand are brought in line.
import { sql, type Kysely } from 'kysely';

/**
 * The demonstration contracts seeded before this migration (electron/db/demo.ts at the time):
 * CPTS name and signature date. Fictional CPTS; a real contract cannot match both.
 */
const SEEDED_DEMO: ReadonlyArray<readonly [name: string, signedOn: string]> = [
  ['CPTS Rives du Léman', '2021-11-29'],
  ['CPTS Sud Bourbonnais', '2022-06-17'],
  ['CPTS Ondaine et Haut-Forez', '2023-12-13'],
  ['CPTS Grand Dijon Centre', '2025-03-14'],
];

/** Frozen copy of the derivation at the time: the day before the 5th anniversary of the signature (29 Feb → 28 Feb). */
function endsOn(signedOn: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(signedOn);
  if (!m) return null;
  const y = Number(m[1]) + 5;
  const month = Number(m[2]);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const day = month === 2 && Number(m[3]) === 29 && !leap ? 28 : Number(m[3]);
  const anniversary = Date.UTC(y, month - 1, day);
  return new Date(anniversary - 86_400_000).toISOString().slice(0, 10);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE contract ADD COLUMN archived_at TEXT`.execute(db);
  await sql`ALTER TABLE contract ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1))`.execute(db);
  for (const [name, signedOn] of SEEDED_DEMO) {
    await sql`UPDATE contract SET demo = 1
      WHERE signed_on = ${signedOn} AND cpts_id IN (SELECT id FROM cpts WHERE name = ${name})`.execute(db);
  }
  const rows = await sql<{ id: number; signed_on: string; starts_on: string; ends_on: string }>`
    SELECT id, signed_on, starts_on, ends_on FROM contract`.execute(db);
  for (const r of rows.rows) {
    const derived = endsOn(r.signed_on);
    // The CHECK (ends_on > starts_on) of the table stays true: an odd row keeps its stored date.
    if (derived !== null && derived !== r.ends_on && derived > r.starts_on) {
      await sql`UPDATE contract SET ends_on = ${derived} WHERE id = ${r.id}`.execute(db);
    }
  }
}
