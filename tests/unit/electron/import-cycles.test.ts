// No import cycle among the API modules (issue 10): electron/api/*.ts depend on the repositories
// (electron/db/repo), the pure rules (shared/domain) and each other only one way. Type-only
// imports count too: a cycle of types is still two modules that cannot be read apart.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const API_DIR = join(__dirname, '../../../electron/api');

/**
 * Cycles accepted on purpose, each as its modules in order ('a.ts>b.ts'), with why. None today:
 * add one only for a dependency that is truly structural, and say why.
 */
const ALLOWED_CYCLES: readonly string[] = [];

/** The sibling modules ('./x') a source imports or re-exports: static, side-effect and dynamic imports. */
function siblingImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set<string>();
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]\.\/([^'"]+)['"]/g, // import { a } from './x'; export * from './x'
    /\bimport\s*['"]\.\/([^'"]+)['"]/g, // import './x'
    /\bimport\s*\(\s*['"]\.\/([^'"]+)['"]\s*\)/g, // await import('./x')
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.add(m[1].replace(/\.(ts|js)$/, '') + '.ts');
  return [...found].sort();
}

/** The import graph of the .ts files of a folder, restricted to that folder. */
function graphOf(dir: string): Map<string, string[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const g = new Map<string, string[]>();
  for (const f of files) g.set(f, siblingImports(readFileSync(join(dir, f), 'utf8')).filter((d) => files.includes(d)));
  return g;
}

/** The cycles a depth-first search meets (at least one whenever there is any), each rotated to start at its smallest name. */
function cyclesOf(g: ReadonlyMap<string, readonly string[]>): string[] {
  const out = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const done = new Set<string>();
  const visit = (n: string) => {
    path.push(n);
    onPath.add(n);
    for (const d of g.get(n) ?? []) {
      if (onPath.has(d)) {
        const cycle = path.slice(path.indexOf(d));
        const start = cycle.indexOf([...cycle].sort()[0]);
        out.add([...cycle.slice(start), ...cycle.slice(0, start)].join('>'));
      } else if (!done.has(d)) visit(d);
    }
    path.pop();
    onPath.delete(n);
    done.add(n);
  };
  for (const n of [...g.keys()].sort()) if (!done.has(n)) visit(n);
  return [...out].sort();
}

describe('import cycles among electron/api modules', () => {
  it('reads every form of import of a sibling module', () => {
    const src = [
      "import { a } from './a';",
      "import type { B } from './b';",
      'import {\n  c,\n  type C,\n} from "./c.ts";',
      "export { d } from './d';",
      "export * from './e';",
      "import './f';",
      "const g = await import('./g');",
      "import { h } from '../db/h';",
      "// import { i } from './i';",
      "/* import { j } from './j'; */",
    ].join('\n');
    expect(siblingImports(src)).toEqual(['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts', 'f.ts', 'g.ts']);
  });

  it('finds a cycle, of any length, once', () => {
    const g = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(cyclesOf(g)).toEqual(['a.ts>b.ts>c.ts', 'e.ts']);
    expect(cyclesOf(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  it('sees the real graph (the parser is not blind)', () => {
    const g = graphOf(API_DIR);
    expect(g.size).toBeGreaterThan(10);
    expect(g.get('dispatch.ts')).toContain('handlers.ts');
    expect(g.get('handlers.ts')).toEqual(expect.arrayContaining(['contracts.ts', 'funding.ts', 'payments.ts', 'annex.ts', 'reviews.ts']));
  });

  it('has none (the API modules depend on repositories and shared/domain, and on each other one way)', () => {
    const cycles = cyclesOf(graphOf(API_DIR)).filter((c) => !ALLOWED_CYCLES.includes(c));
    expect(cycles).toEqual([]);
  });
});
