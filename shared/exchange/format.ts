// The CPTS ↔ CPAM exchange file (issue 12): a zip (`.aci`) holding manifest.json, contract.json
// and the evidence files stored under their SHA-256. This module is the format: zod schemas of
// both JSON entries (strict: an unknown field or an out-of-bounds value is refused), from which
// docs/exchange.schema.json is generated (scripts/gen-exchange-schema.ts).
//
// contract.json holds one contract with every row that belongs to it, table by table, as the
// database stores them: column names kept, the local integer id replaced by the row's `uuid`, and
// each reference `<x>_id` replaced by `<x>_uuid` (the referenced row's uuid). Money is integer
// cents (|x| ≤ 10^10), indicator values integer hundredths (|x| ≤ 10^11), dates ISO YYYY-MM-DD.
import { z } from 'zod';
import { isIsoDate } from '../dates';
import { MISSION_CODES } from '../domain/missions';
import { INDICATOR_KINDS, INDICATOR_PAYMENTS, INDICATOR_UNITS } from '../domain/indicators';
import { TEXT_VERSIONS } from '../domain/rules';
import { CONTRACT_STATUSES } from '../schemas/contract';
import { DECISION_KINDS, REVIEW_KINDS, REVIEW_STATUSES } from '../schemas/indicators';
import { ENVELOPE_LINES, SPENDING_CATEGORIES } from '../schemas/money';

export const EXCHANGE_FORMAT = 'aci-exchange';
/**
 * Raised when the layout changes; a file of a newer format is refused, a file of an older one is
 * read and brought to today's layout (`upgradeContractFile`).
 * 1: the contract, annexes, values, evidence, reviews, payments, spending.
 * 2: + the spending corrections, the FEC mapping rules, the register of indemnities
 *    (professionals and time entries), and the spending entry or correction an evidence file supports.
 */
export const EXCHANGE_FORMAT_VERSION = 2;
/** Format versions this app reads. */
export const READABLE_FORMAT_VERSIONS: readonly number[] = [1, 2];
export const EXCHANGE_EXTENSION = 'aci';
export const EXCHANGE_MIME = 'application/zip';
export const MANIFEST_ENTRY = 'manifest.json';
export const CONTRACT_ENTRY = 'contract.json';
/** Evidence entries: pieces/<sha256> (no extension: the file name is in contract.json). */
export const EVIDENCE_PREFIX = 'pieces/';
export const MAX_EXCHANGE_CENTS = 10_000_000_000;
export const MAX_EXCHANGE_HUNDREDTHS = 100_000_000_000;
/** Rows per table in one file (a real contract has a few hundred). */
export const MAX_ROWS = 100_000;
/** Largest evidence file (the app takes 20 Mo uploads). */
export const MAX_EVIDENCE_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_CONTRACT_JSON_BYTES = 64 * 1024 * 1024;
export const MAX_ENTRIES = 20_000;

export const SIDES = ['cpts', 'cpam'] as const;
export type Side = (typeof SIDES)[number];
export const SIDE_LABELS: Record<Side, string> = { cpts: 'CPTS', cpam: 'CPAM' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const SHA256 = /^[0-9a-f]{64}$/;

const uuid = z.string().regex(UUID);
const ref = uuid;
const nullableRef = uuid.nullable();
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => isIsoDate(s), 'date impossible');
const nullableDate = date.nullable();
/** A timestamp as the app writes them (ISO 8601). */
const stamp = z.string().min(1).max(40).regex(/^\d{4}-\d{2}-\d{2}[T ]?[0-9:.Z+-]*$/);
const text = (max: number) => z.string().max(max);
const short = text(500);
const long = text(20_000);
const int = (min: number, max: number) => z.number().int().min(min).max(max);
const cents = int(-MAX_EXCHANGE_CENTS, MAX_EXCHANGE_CENTS);
const positiveCents = int(0, MAX_EXCHANGE_CENTS);
const hundredths = int(-MAX_EXCHANGE_HUNDREDTHS, MAX_EXCHANGE_HUNDREDTHS);
const year = int(1, 5);
const flag = int(0, 1);
const position = int(-2_147_483_648, 2_147_483_647);
const mission = z.enum(MISSION_CODES);
/** '' = fonctionnement / no mission. */
const missionOrNone = z.union([z.literal(''), mission]);

const row = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ uuid, ...shape });

/** Each table of contract.json: its row schema. Order = parents before children. */
export const TABLE_SCHEMAS = {
  cpts: row({
    name: short,
    legal_name: short,
    siret: z.string().regex(/^(\d{14})?$/),
    departement: z.string().regex(/^[0-9AB]{2,3}$/),
    communes: z.array(short).max(5_000),
    created_at: stamp,
  }),
  population: row({ cpts_uuid: ref, population: int(0, 100_000_000), as_of: date, recorded_at: stamp }),
  contract: row({
    cpts_uuid: ref,
    cpam: short,
    ars: short,
    signed_on: date,
    starts_on: date,
    ends_on: date,
    text_version: z.enum(TEXT_VERSIONS),
    status: z.enum(CONTRACT_STATUSES),
    created_at: stamp,
  }),
  contract_mission: row({ contract_uuid: ref, code: mission, started_on: nullableDate, deployed_on: nullableDate }),
  envelope: row({ contract_uuid: ref, year: int(0, 5), line: z.enum(ENVELOPE_LINES), mission: missionOrNone, cents: positiveCents, reason: long, recorded_at: stamp }),
  attainment: row({ contract_uuid: ref, year, mission, rate_bp: int(0, 10_000), comment: long, recorded_at: stamp }),
  payment: row({
    contract_uuid: ref,
    received_on: date,
    amount_cents: cents,
    cpam_ref: short,
    comment: long,
    corrects_payment_uuid: nullableRef,
    recorded_at: stamp,
  }),
  payment_allocation: row({ payment_uuid: ref, tranche_id: text(200), amount_cents: cents }),
  budget: row({ contract_uuid: ref, year, mission: missionOrNone, cents: positiveCents, recorded_at: stamp }),
  spending: row({
    contract_uuid: ref,
    spent_on: date,
    mission: missionOrNone,
    category: z.enum(SPENDING_CATEGORIES),
    amount_cents: int(1, MAX_EXCHANGE_CENTS),
    document_ref: short,
    comment: long,
    recorded_at: stamp,
  }),
  spending_correction: row({
    spending_uuid: ref,
    contract_uuid: ref,
    corrected_on: date,
    amount_cents: cents.refine((n) => n !== 0, 'correction nulle'),
    reason: z.string().min(1).max(20_000),
    recorded_at: stamp,
  }),
  /** The FEC mapping rules of the contract (append-only: the latest row is in force). The CPTS's bookkeeping: its rows are the reference. */
  book_mapping: row({
    contract_uuid: ref,
    rules: z
      .array(
        z.strictObject({
          account: z.string().regex(/^[0-9A-Za-z]{1,20}$/),
          journal: z.string().max(20).nullable().optional(),
          mission: mission.nullable(),
          category: z.enum(SPENDING_CATEGORIES),
        }),
      )
      .max(500),
    recorded_at: stamp,
  }),
  professional: row({ contract_uuid: ref, name: z.string().min(1).max(500), profession: short, rpps: short, created_at: stamp }),
  indemnity_entry: row({
    contract_uuid: ref,
    professional_uuid: ref,
    worked_on: date,
    mission: missionOrNone,
    hours_centi: int(0, 10_000_000),
    kind: z.enum(['indemnite', 'remuneration']),
    rate_cents: positiveCents.nullable(),
    amount_cents: int(1, MAX_EXCHANGE_CENTS),
    over_ceiling: flag,
    dup_key: z.string().min(1).max(500),
    spending_uuid: nullableRef,
    recorded_at: stamp,
  }),
  annex_year: row({ contract_uuid: ref, year, copied_from_year: year.nullable(), created_at: stamp }),
  annex_action: row({ annex_year_uuid: ref, mission, label: long, carried_over: flag, origin_action_uuid: nullableRef, position }),
  livrable: row({ action_uuid: ref, label: long, done_on: nullableDate, position }),
  indicator: row({
    action_uuid: ref,
    label: long,
    kind: z.enum(INDICATOR_KINDS),
    unit: z.enum(INDICATOR_UNITS),
    baseline: hundredths.nullable(),
    baseline_on: nullableDate,
    source: z.enum(['cpam', 'cpts']),
    direction: z.enum(['higher', 'lower']),
    payment: z.enum(INDICATOR_PAYMENTS),
    amount_cents: positiveCents,
    target: hundredths.nullable(),
    origin_indicator_uuid: nullableRef,
    position,
  }),
  indicator_palier: row({ indicator_uuid: ref, label: short, threshold: hundredths, amount_cents: positiveCents }),
  indicator_value: row({ indicator_uuid: ref, value: hundredths, measured_on: date, comment: long, recorded_at: stamp }),
  evidence: row({
    contract_uuid: ref,
    livrable_uuid: nullableRef,
    indicator_uuid: nullableRef,
    file_name: z.string().min(1).max(200).regex(/^[^/\\\0]+$/),
    sha256: z.string().regex(SHA256),
    size: int(1, MAX_EVIDENCE_FILE_BYTES),
    added_at: stamp,
    spending_uuid: nullableRef,
    spending_correction_uuid: nullableRef,
  }),
  review: row({
    contract_uuid: ref,
    year,
    kind: z.enum(REVIEW_KINDS),
    status: z.enum(['draft', 'closed']),
    held_on: date,
    place: short,
    agenda: long,
    summary: long,
    closed_at: stamp.nullable(),
    created_at: stamp,
  }),
  target_revision: row({
    indicator_uuid: ref,
    old_target: hundredths.nullable(),
    new_target: hundredths,
    decided_on: date,
    review_uuid: nullableRef,
    decision: long,
    recorded_at: stamp,
  }),
  review_participant: row({ review_uuid: ref, name: short, organisation: z.enum(['CPTS', 'CPAM', 'ARS']), role: short }),
  review_indicator: row({
    review_uuid: ref,
    indicator_uuid: ref,
    presented: hundredths.nullable(),
    validated: hundredths.nullable(),
    status: z.enum(REVIEW_STATUSES).nullable(),
    comment: long,
  }),
  review_decision: row({
    review_uuid: ref,
    kind: z.enum(DECISION_KINDS),
    text: long,
    indicator_uuid: nullableRef,
    new_target: hundredths.nullable(),
    mission: mission.nullable(),
    on_date: nullableDate,
    amount_cents: cents.nullable(),
  }),
  review_addendum: row({ review_uuid: ref, added_on: date, text: long, recorded_at: stamp, mission: mission.nullable(), amount_cents: cents.nullable() }),
  closed_mission_figure: row({
    review_uuid: ref,
    contract_uuid: ref,
    year,
    mission,
    retained_cents: positiveCents,
    computed_cents: positiveCents.nullable(),
    max_cents: positiveCents.nullable(),
    decided: flag,
    prorata_num: int(0, 100_000),
    prorata_den: int(1, 100_000),
    fixed_on: date,
    origin: z.enum(['closing', 'migration']),
    recorded_at: stamp,
  }),
  closed_indicator_figure: row({ review_uuid: ref, indicator_uuid: ref, validated: hundredths.nullable(), earned_cents: positiveCents.nullable(), max_cents: positiveCents }),
} as const;

export type ExchangeTable = keyof typeof TABLE_SCHEMAS;
export const EXCHANGE_TABLES = Object.keys(TABLE_SCHEMAS) as ExchangeTable[];
export type ExchangeRow<T extends ExchangeTable> = z.infer<(typeof TABLE_SCHEMAS)[T]>;
/** A row of any table, as a plain record (the diff compares them field by field). */
export type AnyRow = { uuid: string } & Record<string, unknown>;

/**
 * The references of each table: JSON key -> referenced table. Every `<x>_uuid` key of a row names
 * a row of the same file (checked when the file is read).
 */
export const TABLE_REFS: { readonly [T in ExchangeTable]: Readonly<Record<string, ExchangeTable>> } = {
  cpts: {},
  population: { cpts_uuid: 'cpts' },
  contract: { cpts_uuid: 'cpts' },
  contract_mission: { contract_uuid: 'contract' },
  envelope: { contract_uuid: 'contract' },
  attainment: { contract_uuid: 'contract' },
  payment: { contract_uuid: 'contract', corrects_payment_uuid: 'payment' },
  payment_allocation: { payment_uuid: 'payment' },
  budget: { contract_uuid: 'contract' },
  spending: { contract_uuid: 'contract' },
  spending_correction: { spending_uuid: 'spending', contract_uuid: 'contract' },
  book_mapping: { contract_uuid: 'contract' },
  professional: { contract_uuid: 'contract' },
  indemnity_entry: { contract_uuid: 'contract', professional_uuid: 'professional', spending_uuid: 'spending' },
  annex_year: { contract_uuid: 'contract' },
  annex_action: { annex_year_uuid: 'annex_year', origin_action_uuid: 'annex_action' },
  livrable: { action_uuid: 'annex_action' },
  indicator: { action_uuid: 'annex_action', origin_indicator_uuid: 'indicator' },
  indicator_palier: { indicator_uuid: 'indicator' },
  indicator_value: { indicator_uuid: 'indicator' },
  evidence: {
    contract_uuid: 'contract',
    livrable_uuid: 'livrable',
    indicator_uuid: 'indicator',
    spending_uuid: 'spending',
    spending_correction_uuid: 'spending_correction',
  },
  review: { contract_uuid: 'contract' },
  target_revision: { indicator_uuid: 'indicator', review_uuid: 'review' },
  review_participant: { review_uuid: 'review' },
  review_indicator: { review_uuid: 'review', indicator_uuid: 'indicator' },
  review_decision: { review_uuid: 'review', indicator_uuid: 'indicator' },
  review_addendum: { review_uuid: 'review' },
  closed_mission_figure: { review_uuid: 'review', contract_uuid: 'contract' },
  closed_indicator_figure: { review_uuid: 'review', indicator_uuid: 'indicator' },
};

/** French names of the tables, for the difference screen and the messages. */
export const TABLE_LABELS: Record<ExchangeTable, string> = {
  cpts: 'CPTS',
  population: 'Population',
  contract: 'Contrat',
  contract_mission: 'Mission du contrat',
  envelope: 'Enveloppe',
  attainment: "Taux d'atteinte",
  payment: 'Versement',
  payment_allocation: "Répartition d'un versement",
  budget: 'Budget',
  spending: 'Dépense',
  spending_correction: 'Correction de dépense',
  book_mapping: 'Règles d’affectation du FEC',
  professional: 'Professionnel (registre des indemnités)',
  indemnity_entry: 'Temps indemnisé',
  annex_year: 'Annexe annuelle',
  annex_action: 'Action',
  livrable: 'Livrable',
  indicator: 'Indicateur',
  indicator_palier: 'Palier',
  indicator_value: 'Valeur mesurée',
  evidence: 'Pièce justificative',
  review: 'Dialogue de gestion',
  target_revision: 'Révision de cible',
  review_participant: 'Participant',
  review_indicator: 'Ligne de dialogue',
  review_decision: 'Décision',
  review_addendum: 'Addendum',
  closed_mission_figure: 'Montant arrêté (mission)',
  closed_indicator_figure: 'Montant arrêté (indicateur)',
};

const tablesShape = Object.fromEntries(EXCHANGE_TABLES.map((t) => [t, z.array(TABLE_SCHEMAS[t]).max(MAX_ROWS)])) as {
  [T in ExchangeTable]: z.ZodArray<(typeof TABLE_SCHEMAS)[T]>;
};

export const contractFileSchema = z
  .strictObject({
    contract_uuid: uuid,
    tables: z.strictObject(tablesShape),
  })
  .meta({
    title: 'ACI CPTS — contract.json du fichier d’échange CPTS ↔ CPAM',
    description:
      'Un contrat ACI et toutes ses lignes, table par table : le champ « uuid » identifie la ligne, chaque « <x>_uuid » désigne une ligne du même fichier. ' +
      'Montants en centimes entiers (|x| ≤ 10^10), valeurs d’indicateur en centièmes entiers (|x| ≤ 10^11), dates AAAA-MM-JJ. Champ inconnu refusé.',
  });
export type ContractFile = z.infer<typeof contractFileSchema>;
export type ExchangeTables = ContractFile['tables'];

/** Tables and evidence fields format 2 added: a file of format 1 has none of them. */
const ADDED_IN_2 = ['spending_correction', 'book_mapping', 'professional', 'indemnity_entry'] as const satisfies readonly ExchangeTable[];
const { [ADDED_IN_2[0]]: _a, [ADDED_IN_2[1]]: _b, [ADDED_IN_2[2]]: _c, [ADDED_IN_2[3]]: _d, evidence: _e, ...tablesV1Shape } = tablesShape;
/** contract.json of format 1 (as strict as format 2: a field of format 2 in a file of format 1 is unknown). */
export const contractFileSchemaV1 = z.strictObject({
  contract_uuid: uuid,
  tables: z.strictObject({ ...tablesV1Shape, evidence: z.array(TABLE_SCHEMAS.evidence.omit({ spending_uuid: true, spending_correction_uuid: true })).max(MAX_ROWS) }),
});

/** A contract.json of format `version`, checked, in today's layout (format 1: no corrections, no register, evidence of no spending). */
export function parseContractFile(version: number, raw: unknown): { success: true; data: ContractFile } | { success: false; error: z.ZodError } {
  if (version >= 2) return contractFileSchema.safeParse(raw);
  const v1 = contractFileSchemaV1.safeParse(raw);
  if (!v1.success) return { success: false, error: v1.error };
  const tables = {
    ...v1.data.tables,
    evidence: v1.data.tables.evidence.map((e) => ({ ...e, spending_uuid: null, spending_correction_uuid: null })),
    ...Object.fromEntries(ADDED_IN_2.map((t) => [t, []])),
  } as unknown as ExchangeTables;
  return contractFileSchema.safeParse({ contract_uuid: v1.data.contract_uuid, tables: { ...Object.fromEntries(EXCHANGE_TABLES.map((t) => [t, tables[t]])) } });
}

export const manifestSchema = z.strictObject({
  format: z.literal(EXCHANGE_FORMAT),
  formatVersion: z.number().int().positive(),
  appVersion: z.string().max(50),
  side: z.enum(SIDES),
  createdAt: stamp,
  contractUuid: uuid,
  /** The CPTS and the contract, for a reader that does not open contract.json. */
  cpts: z.strictObject({ name: short, siret: z.string().regex(/^(\d{14})?$/) }),
  signedOn: date,
  entries: z.array(z.strictObject({ path: z.string().min(1).max(200), size: z.number().int().nonnegative(), sha256: z.string().regex(SHA256) })).max(MAX_ENTRIES),
});
export type ExchangeManifest = z.infer<typeof manifestSchema>;

/** docs/exchange.schema.json: both entries, documented. */
export function exchangeJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `ACI CPTS — fichier d’échange CPTS ↔ CPAM (format aci-exchange, version ${EXCHANGE_FORMAT_VERSION})`,
    description:
      'Archive zip (.aci) : manifest.json (format, version, côté, date, contrat, SHA-256 de chaque autre entrée), contract.json, ' +
      'et les pièces justificatives sous pieces/<sha256>. Généré depuis les schémas zod (shared/exchange/format.ts). ' +
      'Version 2 : ajoute les corrections de dépenses (spending_correction), les règles d’affectation du FEC (book_mapping), ' +
      'le registre des indemnités (professional, indemnity_entry) et, pour une pièce, la dépense ou la correction qu’elle justifie ' +
      '(evidence.spending_uuid, evidence.spending_correction_uuid) ; un fichier de version 1 (sans ces tables ni ces champs) reste lu.',
    $defs: {
      manifest: z.toJSONSchema(manifestSchema, { target: 'draft-2020-12' }),
      contract: z.toJSONSchema(contractFileSchema, { target: 'draft-2020-12' }),
    },
  };
}
