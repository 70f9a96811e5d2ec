// Writes docs/exchange.schema.json from the zod schemas of the exchange file (issue 12); the test
// suite checks the committed file is up to date (tests/unit/exchange/schema-doc.test.ts).
import { writeFileSync } from 'node:fs';
import { exchangeJsonSchema } from '../shared/exchange/format';

export const EXCHANGE_SCHEMA_PATH = 'docs/exchange.schema.json';
export function exchangeSchemaText(): string {
  return `${JSON.stringify(exchangeJsonSchema(), null, 2)}\n`;
}
if (process.argv[1]?.endsWith('gen-exchange-schema.ts')) {
  writeFileSync(EXCHANGE_SCHEMA_PATH, exchangeSchemaText());
  console.log(`Schéma écrit : ${EXCHANGE_SCHEMA_PATH}`);
}
