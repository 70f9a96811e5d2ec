import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { EXCHANGE_SCHEMA_PATH, exchangeSchemaText } from '../../../scripts/gen-exchange-schema';

describe('documented JSON Schema of the exchange file', () => {
  it('is the one generated from the validation schemas (run `npx tsx scripts/gen-exchange-schema.ts`)', () => {
    expect(readFileSync(EXCHANGE_SCHEMA_PATH, 'utf8')).toBe(exchangeSchemaText());
  });
});
