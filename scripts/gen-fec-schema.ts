// Writes docs/fec-mapping.schema.json from the validation schema of the FEC mapping rules (the
// `--mapping` file of `fec import` and the rules the "Comptabilité" screen edits); the test suite
// checks the committed file is up to date (tests/unit/fec-schema-doc.test.ts).
import { writeFileSync } from 'node:fs';
import { mappingJsonSchema } from '../shared/schemas/books';

export const FEC_SCHEMA_PATH = 'docs/fec-mapping.schema.json';
export function fecSchemaText(): string {
  return `${JSON.stringify(mappingJsonSchema(), null, 2)}\n`;
}
if (process.argv[1]?.endsWith('gen-fec-schema.ts')) {
  writeFileSync(FEC_SCHEMA_PATH, fecSchemaText());
  console.log(`Schéma écrit : ${FEC_SCHEMA_PATH}`);
}
