// What the export tests share: a temporary database at the tests' date with the exports written
// into its folder by name, the CLI run at that date, and the helpers that read the exports back.
import { afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenedDb } from '../../electron/db/connection';
import type { ApiContext } from '../../electron/api/context';
import type { ExportFile } from '../../shared/reports';
import { ok, openTemp } from './helpers';
import type { ProbedSheet, ProbedWorkbook } from './tools/readers';

export const TODAY = '2026-11-23';
export const INJECTION = '=HYPERLINK("http://x","y")';

export const cents = (x: string | number | boolean | undefined): number => Math.round(Number(x) * 100);
/** pdftotext writes the narrow and the plain no-break spaces as ordinary spaces. */
export const asPdfText = (s: string): string => s.replace(/[\u202f\u00a0]/g, ' ');
export const sheet = (wb: ProbedWorkbook, name: string): ProbedSheet => wb.sheets.find((s) => s.name === name)!;

/**
 * The database of a file of export tests, closed after them. `open()` it in the file's beforeAll;
 * `exportTo(name, input)` writes an export into its folder and keeps the path in `files[name]`.
 */
export function exportSession() {
  let db: { opened: OpenedDb; ctx: ApiContext; dir: string } | undefined;
  const files: Record<string, string> = {};
  afterAll(async () => {
    await db?.opened.close();
  });
  return {
    files,
    async open(): Promise<{ ctx: ApiContext; dir: string }> {
      db = await openTemp(TODAY);
      return db;
    },
    /** What `--db` takes for this database: the SQLite file or the PostgreSQL URL. */
    dbArg(): string {
      if (!db) throw new Error('exportSession: open() the database first.');
      return db.opened.path;
    },
    async exportTo(name: string, input: Record<string, unknown>): Promise<ExportFile> {
      if (!db) throw new Error('exportSession: open() the database first.');
      const file = await ok(db.ctx, 'reports.export', input);
      const path = join(db.dir, file.fileName);
      writeFileSync(path, Buffer.from(file.base64, 'base64'));
      files[name] = path;
      return file;
    },
  };
}

/** Runs the CLI at the tests' date: its exit code and what it wrote. */
export function aci(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ACI_TODAY: TODAY },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
