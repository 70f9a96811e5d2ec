import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { FEC_SCHEMA_PATH, fecSchemaText } from '../../scripts/gen-fec-schema';

describe('documented JSON Schema of the FEC mapping file', () => {
  it('is the one generated from the validation schema (run `npx tsx scripts/gen-fec-schema.ts`)', () => {
    expect(readFileSync(FEC_SCHEMA_PATH, 'utf8')).toBe(fecSchemaText());
  });
});
