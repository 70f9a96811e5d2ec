import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SCHEMA_PATH, schemaText } from '../../scripts/gen-schema';

describe('documented JSON Schema of `funding --input`', () => {
  it('is the one generated from the validation schema (run `npx tsx scripts/gen-schema.ts`)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(schemaText());
  });
});
