// Every foreign key has an index that starts with its column (issue 11): a child row looked up by
// its parent, or a parent deleted, must not scan the whole child table.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../electron/db/connection';
import { tempDir } from './helpers';

describe('schema indexes', () => {
  it('cover every foreign key column', async () => {
    const opened = await openDatabase(join(tempDir(), 'idx.sqlite'));
    try {
      const s = opened.sqlite;
      const tables = (s.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'kysely%'").all() as { name: string }[]).map((r) => r.name);
      const missing: string[] = [];
      for (const table of tables) {
        const fks = s.prepare(`PRAGMA foreign_key_list(${JSON.stringify(table)})`).all() as { from: string; table: string }[];
        const indexes = s.prepare(`PRAGMA index_list(${JSON.stringify(table)})`).all() as { name: string }[];
        const leading = new Set(
          indexes.map((i) => (s.prepare(`PRAGMA index_info(${JSON.stringify(i.name)})`).all() as { seqno: number; name: string }[]).find((c) => c.seqno === 0)?.name),
        );
        for (const fk of fks) if (!leading.has(fk.from)) missing.push(`${table}(${fk.from}) -> ${fk.table}`);
      }
      expect(missing).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
