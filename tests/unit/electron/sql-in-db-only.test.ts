// SQL lives only in electron/db/ (issue 10): the handlers of electron/api/*.ts read and write through
// the repositories of electron/db/repo/, never by building or running a Kysely query themselves.
// This reads every electron/api/*.ts and fails on query building: the Kysely entry points
// (`.selectFrom(`, `.insertInto(`, `.updateTable(`, `.deleteFrom(`, …), `sql` templates and helpers,
// and running a query (`.execute(`, `.executeTakeFirst(`, …). Comments are not code and are skipped.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const API_DIR = join(__dirname, '../../../electron/api');

/**
 * Files of electron/api/ still allowed to hold SQL, each with why. The list only shrinks: an entry
 * whose file no longer builds a query fails below, so it must then leave the list.
 */
// No exception left: every electron/api/ file reaches the database through electron/db/repo/.
const ALLOWED: Readonly<Record<string, string>> = {};

/** What counts as building or running a query, each with a name for the failure message. */
const QUERY_PATTERNS: readonly { name: string; re: RegExp }[] = [
  { name: '.selectFrom(', re: /\.\s*selectFrom\s*\(/ },
  { name: '.selectNoFrom(', re: /\.\s*selectNoFrom\s*\(/ },
  { name: '.insertInto(', re: /\.\s*insertInto\s*\(/ },
  { name: '.replaceInto(', re: /\.\s*replaceInto\s*\(/ },
  { name: '.updateTable(', re: /\.\s*updateTable\s*\(/ },
  { name: '.deleteFrom(', re: /\.\s*deleteFrom\s*\(/ },
  { name: '.mergeInto(', re: /\.\s*mergeInto\s*\(/ },
  { name: 'sql`…`', re: /\bsql\s*(?:<[^`;]*>)?\s*`/ },
  { name: 'sql.raw/ref/join/…(', re: /\bsql\s*\.\s*(?:raw|ref|join|lit|id|table|val|value)\s*\(/ },
  { name: '.execute(', re: /\.\s*execute(?:TakeFirst|TakeFirstOrThrow)?\s*\(/ },
];

/** The source without its comments (block comments, and line comments at a line's start or after code). */
function code(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/([;,{}()\]])\s*\/\/.*$/gm, '$1');
}

/** The query-building patterns a source uses, with the first line of each. */
function queriesIn(source: string): string[] {
  const lines = code(source).split('\n');
  const found: string[] = [];
  for (const { name, re } of QUERY_PATTERNS) {
    const i = lines.findIndex((l) => re.test(l));
    if (i >= 0) found.push(`${name} « ${lines[i].trim().slice(0, 100)} »`);
  }
  return found;
}

const apiFiles = readdirSync(API_DIR)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .sort();

describe('SQL lives only in electron/db/', () => {
  it('the detector sees query building, and not its mention in a comment', () => {
    expect(queriesIn("const r = await db.selectFrom('evidence').select('id').executeTakeFirst();")).toHaveLength(2);
    expect(queriesIn("await trx\n  .insertInto('indicator')\n  .values(v)\n  .execute();")).toHaveLength(2);
    expect(queriesIn("await ctx.db.updateTable('livrable').set({ done_on: d }).where('id', '=', 1).execute();")).toHaveLength(2);
    expect(queriesIn("await db.deleteFrom('envelope').where('contract_id', '=', 1).execute();")).toHaveLength(2);
    expect(queriesIn('const r = await sql<{ n: number }>`SELECT count(*) AS n FROM evidence`.execute(db);')).toHaveLength(2);
    expect(queriesIn('const q = sql`DELETE FROM evidence`;')).toHaveLength(1);
    expect(queriesIn('const cols = sql.join(columns);')).toHaveLength(1);
    expect(queriesIn("// reads with db.selectFrom('evidence') in the repository\n/* sql`SELECT 1` */\nconst x = 1; // then .execute()")).toEqual([]);
    expect(queriesIn("import { annexYearId } from '../db/repo/annex';\nconst id = await annexYearId(ctx.db, 1, 2);")).toEqual([]);
  });

  it('finds the API modules', () => {
    // A wrong folder would make the next test pass on nothing.
    expect(apiFiles).toContain('annex.ts');
    expect(apiFiles).toContain('evidence.ts');
    expect(apiFiles.length).toBeGreaterThan(10);
  });

  it('no electron/api/*.ts builds or runs a query, except the files of the allowlist', () => {
    const offenders = apiFiles
      .filter((f) => !(f in ALLOWED))
      .map((f) => ({ file: f, queries: queriesIn(readFileSync(join(API_DIR, f), 'utf8')) }))
      .filter((o) => o.queries.length > 0)
      .map((o) => `electron/api/${o.file}: ${o.queries.join(' ; ')} — move these statements to a repository of electron/db/repo/`);
    expect(offenders).toEqual([]);
  });

  it('every allowlisted file exists and still holds SQL (otherwise it leaves the list)', () => {
    const stale = Object.keys(ALLOWED)
      .filter((f) => !apiFiles.includes(f) || queriesIn(readFileSync(join(API_DIR, f), 'utf8')).length === 0)
      .map((f) => `electron/api/${f}: no query left (or no such file) — remove it from ALLOWED`);
    expect(stale).toEqual([]);
  });
});
