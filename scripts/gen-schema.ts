// Writes docs/funding-input.schema.json from the validation schema of `funding --input`
// (the test suite checks the committed file is up to date).
import { writeFileSync } from 'node:fs';
import { fundingFileJsonSchema } from '../shared/domain/fundingInput';

export const SCHEMA_PATH = 'docs/funding-input.schema.json';
export function schemaText(): string {
  return `${JSON.stringify(fundingFileJsonSchema(), null, 2)}\n`;
}
if (process.argv[1]?.endsWith('gen-schema.ts')) {
  writeFileSync(SCHEMA_PATH, schemaText());
  console.log(`Schéma écrit : ${SCHEMA_PATH}`);
}
