// The difference between the local data of a contract and an exchange file (issue 12), and the
// writes that would bring the file in: pure, no database. Both sides are in the file's own shape
// (shared/exchange/format.ts): the local data is exported first, then compared row by row.
//
// Rules that keep both ledgers honest:
// - rows are matched by uuid, or by their natural key where the database has one (a contract's
//   missions by code, an annex by year, a review by year and kind, a review line by indicator…);
// - history is append-only (payments and their allocations, envelopes, rates, values, evidence,
//   target revisions, addenda, spending): a row unknown here is added, a row known here is never
//   rewritten — a known row that differs is a conflict shown with both versions;
// - payments: the CPAM's are the reference. A CPAM payment unknown here is added (one already
//   typed here with the same date, amount and reference is the same payment); a CPTS payment
//   unknown to the CPAM is not added to the CPAM's ledger unless the user takes it; a local
//   payment that the CPAM's file does not have is listed, never deleted;
// - a closed review is never overwritten: a closed review of the file is taken where the local one
//   is a draft or absent; two closed versions that differ are a conflict; a draft never replaces a
//   closed review;
// - measured values and evidence from the CPTS are the reference while the year is open: a CPAM
//   value that contradicts the CPTS's for the same indicator and date is not added over it;
// - the annex and the contract are shared: a field empty here and filled in the file is taken;
//   a field that differs is a conflict (the user takes mine or theirs); the CPTS's identity and
//   the livrables' completion dates are the CPTS's to say;
// - the treasurer's books (format 2): spending corrections and the time entries of the register of
//   indemnities are history (append-only, a time entry matched by its duplicate key); a
//   professional is matched by name, its profession and RPPS are the CPTS's to say; the FEC
//   mapping rules are the CPTS's own bookkeeping choices: a CPTS's file brings its new rules, a
//   CPAM's file never adds rules to a CPTS's contract (listed, not taken);
// - a year whose annual review is closed here is frozen: nothing of its annex, envelopes or rates
//   is changed, a difference there is a conflict that cannot take the file's version.
import { EXCHANGE_TABLES, TABLE_LABELS, TABLE_REFS, type AnyRow, type ExchangeTable, type ExchangeTables, type Side } from './format';

export type Resolution = 'mine' | 'theirs';

export interface ExchangeConflict {
  /** Stable between the preview and the apply of one file: `<table>:<uuid>`. */
  id: string;
  table: ExchangeTable;
  tableLabel: string;
  /** What the record is, in French ("Versement du 12/03/2024, 1 500,00 €"). */
  label: string;
  reason: string;
  mine: AnyRow | null;
  theirs: AnyRow | null;
  /** Whether "theirs" can be applied (never for a closed review or a frozen year). */
  canTakeTheirs: boolean;
  /** Blocking conflicts stop an import until the user resolves them; others are listed only. */
  blocking: boolean;
  /** Rows of the file that depend on this one and follow its resolution. */
  dependents: number;
  /** What was applied ('theirs' only when chosen and possible). */
  resolution: Resolution;
}

export type PlanAction =
  | { op: 'insert'; table: ExchangeTable; row: AnyRow }
  | { op: 'update'; table: ExchangeTable; uuid: string; set: Record<string, unknown> }
  /** Empties a local draft review (participants, lines, decisions) before the file's version is written into it. */
  | { op: 'clearReview'; uuid: string }
  /** Closes a review once its lines are written (the database refuses lines in a closed review). */
  | { op: 'closeReview'; uuid: string; closedAt: string | null };

export interface ExchangeDiff {
  new: number;
  changed: number;
  unchanged: number;
  conflicts: ExchangeConflict[];
  notices: string[];
  actions: PlanAction[];
  /** File uuid -> local uuid for every row matched to a local one. */
  matched: Record<string, string>;
}

export interface DiffOptions {
  /** Which side wrote the file; the local data is taken to be the other side's. */
  side: Side;
  /** The user's choice per conflict id; `fallback` for the others. */
  choices?: Record<string, Resolution>;
  fallback?: Resolution;
}

type Tables = { [T in ExchangeTable]: AnyRow[] };

const asTables = (t: ExchangeTables): Tables => t as unknown as Tables;

/** Fields that are the local machine's bookkeeping, not data the parties agree on. */
const IGNORED = new Set(['uuid', 'created_at', 'position', 'closed_at']);

const LEDGER: ReadonlySet<ExchangeTable> = new Set<ExchangeTable>([
  'population',
  'envelope',
  'attainment',
  'payment',
  'payment_allocation',
  'budget',
  'spending',
  'spending_correction',
  'book_mapping',
  'indemnity_entry',
  'indicator_value',
  'evidence',
  'target_revision',
  'review_addendum',
]);

/** Rows written with their review: compared and written as one unit. */
const REVIEW_OWNED: ReadonlySet<ExchangeTable> = new Set<ExchangeTable>(['review_participant', 'review_indicator', 'review_decision', 'closed_mission_figure', 'closed_indicator_figure']);

/** Fields whose value the CPTS gives (its identity, the completion of its livrables). */
const CPTS_FIELDS: Partial<Record<ExchangeTable, ReadonlySet<string>>> = {
  cpts: new Set(['name', 'legal_name', 'siret', 'departement', 'communes']),
  livrable: new Set(['done_on']),
  professional: new Set(['profession', 'rpps']),
};

function euros(cents: unknown): string {
  if (typeof cents !== 'number') return '';
  const s = (Math.abs(cents) / 100).toFixed(2).replace('.', ',');
  return `${cents < 0 ? '−' : ''}${s.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')} €`;
}

function frDate(d: unknown): string {
  return typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '';
}

/** A French description of a row, for the difference screen. */
export function describeRow(table: ExchangeTable, r: AnyRow): string {
  const s = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : '');
  switch (table) {
    case 'payment':
      return `Versement du ${frDate(r.received_on)} de ${euros(r.amount_cents)}${s('cpam_ref') ? ` (réf. ${s('cpam_ref')})` : ''}`;
    case 'review':
      return `Dialogue ${r.kind === 'annual' ? 'annuel' : 'intermédiaire'} de l’année ${String(r.year)} (${frDate(r.held_on)}, ${r.status === 'closed' ? 'clos' : 'brouillon'})`;
    case 'indicator':
    case 'annex_action':
    case 'livrable':
      return `${TABLE_LABELS[table]} « ${s('label').slice(0, 80)} »`;
    case 'indicator_value':
      return `Valeur mesurée le ${frDate(r.measured_on)}`;
    case 'evidence':
      return `Pièce « ${s('file_name')} »`;
    case 'annex_year':
      return `Annexe de l’année ${String(r.year)}`;
    case 'envelope':
      return `Enveloppe ${s('line')}${s('mission') ? ` (${s('mission')})` : ''} année ${String(r.year)} : ${euros(r.cents)}`;
    case 'contract':
      return `Contrat signé le ${frDate(r.signed_on)}`;
    case 'cpts':
      return `CPTS ${s('name')}`;
    case 'contract_mission':
      return `Mission ${s('code')}`;
    case 'spending':
      return `Dépense du ${frDate(r.spent_on)} de ${euros(r.amount_cents)}`;
    case 'spending_correction':
      return `Correction de dépense du ${frDate(r.corrected_on)} de ${euros(r.amount_cents)}${s('reason') ? ` (${s('reason').slice(0, 60)})` : ''}`;
    case 'professional':
      return `Professionnel ${s('name')}${s('profession') ? ` (${s('profession')})` : ''}`;
    case 'indemnity_entry':
      return `${r.kind === 'remuneration' ? 'Rémunération' : 'Indemnité'} du ${frDate(r.worked_on)} de ${euros(r.amount_cents)}`;
    case 'book_mapping':
      return `Règles d’affectation du FEC enregistrées le ${frDate(String(r.recorded_at).slice(0, 10))}`;
    default:
      return TABLE_LABELS[table];
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function differingFields(mine: AnyRow, theirs: AnyRow): string[] {
  return Object.keys(theirs).filter((k) => !IGNORED.has(k) && !same(mine[k], theirs[k]));
}

function index(rows: AnyRow[]): Map<string, AnyRow> {
  return new Map(rows.map((r) => [r.uuid, r]));
}

/** The natural key of a row (with references already translated to local uuids), where the database has one. */
function naturalKey(table: ExchangeTable, r: AnyRow): string | null {
  switch (table) {
    case 'contract_mission':
      return `${String(r.contract_uuid)}|${String(r.code)}`;
    case 'annex_year':
      return `${String(r.contract_uuid)}|${String(r.year)}`;
    case 'review':
      return `${String(r.contract_uuid)}|${String(r.year)}|${String(r.kind)}`;
    case 'review_indicator':
    case 'closed_indicator_figure':
      return `${String(r.review_uuid)}|${String(r.indicator_uuid)}`;
    case 'closed_mission_figure':
      return `${String(r.review_uuid)}|${String(r.mission)}`;
    case 'professional':
      return `${String(r.contract_uuid)}|${String(r.name)}`;
    case 'indemnity_entry':
      return `${String(r.contract_uuid)}|${String(r.dup_key)}`;
    default:
      return null;
  }
}

/**
 * History rows typed on both sides (before the first exchange) are the same fact when they say the
 * same thing: a payment by its date, amount and reference; other rows by every field but their
 * uuid and the moment they were typed.
 */
function equivalenceKey(table: ExchangeTable, r: AnyRow): string {
  if (table === 'payment') return `${String(r.received_on)}|${String(r.amount_cents)}|${String(r.cpam_ref)}|${String(r.corrects_payment_uuid)}`;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!IGNORED.has(k) && k !== 'recorded_at' && k !== 'added_at') o[k] = v;
  return JSON.stringify(o);
}

export function computeDiff(localIn: ExchangeTables, incomingIn: ExchangeTables, opts: DiffOptions): ExchangeDiff {
  const local = asTables(localIn);
  const incoming = asTables(incomingIn);
  const choice = (id: string): Resolution => opts.choices?.[id] ?? opts.fallback ?? 'mine';
  const out: ExchangeDiff = { new: 0, changed: 0, unchanged: 0, conflicts: [], notices: [], actions: [], matched: {} };
  /** File uuid -> local uuid (matched rows); new rows keep the file's uuid. */
  const map = new Map<string, string>();
  const tr = (u: unknown): unknown => (typeof u === 'string' ? (map.get(u) ?? u) : u);
  /** Uuids that exist after the apply: local rows and rows to be inserted. */
  const available = new Set<string>();
  for (const t of EXCHANGE_TABLES) for (const r of local[t]) available.add(r.uuid);
  const localIdx = Object.fromEntries(EXCHANGE_TABLES.map((t) => [t, index(local[t])])) as Record<ExchangeTable, Map<string, AnyRow>>;
  const conflictOf = new Map<string, ExchangeConflict>();
  /** Reviews to close once their lines are written (kept last). */
  const closes: PlanAction[] = [];

  const translate = (table: ExchangeTable, r: AnyRow): AnyRow => {
    const o: AnyRow = { ...r };
    for (const k of Object.keys(TABLE_REFS[table])) o[k] = tr(r[k]);
    return o;
  };
  const addConflict = (c: Omit<ExchangeConflict, 'tableLabel' | 'resolution' | 'dependents' | 'label'> & { label?: string }): ExchangeConflict => {
    const chosen = choice(c.id);
    const full: ExchangeConflict = {
      ...c,
      label: c.label ?? describeRow(c.table, (c.theirs ?? c.mine)!),
      tableLabel: TABLE_LABELS[c.table],
      dependents: 0,
      resolution: chosen === 'theirs' && c.canTakeTheirs ? 'theirs' : 'mine',
    };
    out.conflicts.push(full);
    conflictOf.set(c.id, full);
    return full;
  };

  // Years whose annual review is closed here: frozen.
  const closedYears = new Set(local.review.filter((r) => r.kind === 'annual' && r.status === 'closed').map((r) => Number(r.year)));
  const localYearOfAnnex = new Map(local.annex_year.map((a) => [a.uuid, Number(a.year)]));
  const yearOf = (table: ExchangeTable, r: AnyRow): number | null => {
    switch (table) {
      case 'annex_year':
      case 'envelope':
      case 'attainment':
        return Number(r.year);
      case 'annex_action':
        return localYearOfAnnex.get(String(r.annex_year_uuid)) ?? incomingYear.get(String(r.annex_year_uuid)) ?? null;
      case 'livrable':
      case 'indicator':
        return actionYear.get(String(r.action_uuid)) ?? null;
      case 'indicator_palier':
        return indicatorYear.get(String(r.indicator_uuid)) ?? null;
      default:
        return null;
    }
  };
  const incomingYear = new Map(incoming.annex_year.map((a) => [map.get(a.uuid) ?? a.uuid, Number(a.year)]));
  const actionYear = new Map<string, number>();
  const indicatorYear = new Map<string, number>();

  /** A dependent row whose parent will not exist: counted under the parent's conflict. */
  const blockedBy = (table: ExchangeTable, r: AnyRow): string | null => {
    for (const [k, refTable] of Object.entries(TABLE_REFS[table])) {
      const u = r[k];
      if (typeof u === 'string' && !available.has(u)) return `${refTable}:${u}`;
    }
    return null;
  };
  const blocked = new Map<string, string>(); // file uuid -> conflict id (root)
  const noteBlocked = (table: ExchangeTable, theirs: AnyRow, parentKey: string): void => {
    const [, parentUuid] = parentKey.split(':');
    const root = blocked.get(parentUuid) ?? [...conflictOf.keys()].find((id) => id.endsWith(`:${parentUuid}`)) ?? null;
    blocked.set(theirs.uuid, root ?? parentKey);
    const c = root ? conflictOf.get(root) : undefined;
    if (c) c.dependents++;
    else out.notices.push(`${describeRow(table, theirs)} : non importé(e), la ligne dont il dépend manque.`);
  };

  // Reviews first decide, as units, what happens to their owned rows.
  const reviewFate = new Map<string, 'insert' | 'replace' | 'keep'>(); // file review uuid -> fate

  for (const table of EXCHANGE_TABLES) {
    const locals = local[table];
    const localByNatural = new Map<string, AnyRow>();
    for (const l of locals) {
      const k = naturalKey(table, l);
      if (k !== null) localByNatural.set(k, l);
    }
    const localByEquivalence = new Map<string, AnyRow[]>();
    const matchedLocal = new Set<string>();
    const incomingUuids = new Set(incoming[table].map((r) => r.uuid));
    if (LEDGER.has(table)) {
      for (const l of locals) {
        if (incomingUuids.has(l.uuid)) continue;
        const k = equivalenceKey(table, l);
        localByEquivalence.set(k, [...(localByEquivalence.get(k) ?? []), l]);
      }
    }

    for (const raw of incoming[table]) {
      // Match: by uuid, then by natural key (references translated first).
      let mine = localIdx[table].get(raw.uuid) ?? null;
      const pre = translate(table, raw);
      if (!mine) {
        const k = naturalKey(table, pre);
        if (k !== null) mine = localByNatural.get(k) ?? null;
      }
      if (!mine && table === 'contract' && locals.length === 1) mine = locals[0];
      if (!mine && table === 'cpts') {
        const c = local.contract[0];
        if (c && incoming.contract[0]?.cpts_uuid === raw.uuid) mine = localIdx.cpts.get(String(c.cpts_uuid)) ?? null;
      }
      if (!mine && LEDGER.has(table)) {
        const candidate = (localByEquivalence.get(equivalenceKey(table, pre)) ?? []).find((l) => !matchedLocal.has(l.uuid));
        if (candidate) {
          mine = candidate;
          if (table === 'payment') out.notices.push(`${describeRow('payment', raw)} : déjà enregistré ici (même date, montant et référence) ; rapproché, rien n’est ajouté.`);
        }
      }
      if (mine && mine.uuid !== raw.uuid) map.set(raw.uuid, mine.uuid);
      if (mine) {
        matchedLocal.add(mine.uuid);
        out.matched[raw.uuid] = mine.uuid;
      }
      const theirs = translate(table, raw);
      theirs.uuid = mine?.uuid ?? raw.uuid;
      if (table === 'annex_action') {
        const y = yearOf(table, theirs);
        if (y !== null) actionYear.set(theirs.uuid, y);
      }
      if (table === 'indicator') {
        const y = yearOf(table, theirs);
        if (y !== null) indicatorYear.set(theirs.uuid, y);
      }

      // Rows owned by a review follow its fate.
      if (REVIEW_OWNED.has(table)) {
        const fate = reviewFate.get(String(theirs.review_uuid)) ?? reviewFate.get(String(raw.review_uuid));
        if (fate === 'insert' || fate === 'replace') {
          const parent = blockedBy(table, theirs);
          if (parent) {
            noteBlocked(table, raw, parent);
            continue;
          }
          theirs.uuid = raw.uuid; // the local draft's lines are cleared first: the file's rows come in as they are
          out.actions.push({ op: 'insert', table, row: theirs });
          available.add(theirs.uuid);
          if (fate === 'insert') out.new++;
          else out.changed++;
        } else if (fate === 'keep') {
          out.unchanged++;
        } else {
          const parentConflict = blocked.get(String(raw.review_uuid));
          if (parentConflict) {
            blocked.set(raw.uuid, parentConflict);
            const c = conflictOf.get(parentConflict);
            if (c) c.dependents++;
          }
        }
        continue;
      }

      if (table === 'review') {
        decideReview(raw, theirs, mine);
        continue;
      }

      if (!mine) {
        const parent = blockedBy(table, theirs);
        if (parent) {
          noteBlocked(table, raw, parent);
          continue;
        }
        const year = yearOf(table, theirs);
        if (year !== null && closedYears.has(year) && table !== 'annex_year') {
          const c = addConflict({
            id: `${table}:${raw.uuid}`,
            table,
            reason: `L’année ${year} est arrêtée ici (dialogue annuel clos) : cette ligne du fichier n’y est pas ajoutée.`,
            mine: null,
            theirs: raw,
            canTakeTheirs: false,
            blocking: true,
          });
          blocked.set(raw.uuid, c.id);
          continue;
        }
        if (table === 'payment' && opts.side === 'cpts' && local.contract.length > 0) {
          // A payment the CPTS recorded and the CPAM's ledger does not have: the CPAM decides (a
          // contract new here has no ledger yet: it starts from the file's).
          const c = addConflict({
            id: `${table}:${raw.uuid}`,
            table,
            reason: 'Versement enregistré par la CPTS, absent du registre local (les versements de la CPAM font référence) : à ajouter seulement s’il a bien été fait.',
            mine: null,
            theirs: raw,
            canTakeTheirs: true,
            blocking: true,
          });
          if (c.resolution === 'mine') {
            blocked.set(raw.uuid, c.id);
            continue;
          }
        }
        if (table === 'book_mapping' && opts.side === 'cpam' && local.contract.length > 0) {
          out.notices.push(`${describeRow(table, raw)} reçues de la CPAM : les règles d’affectation sont celles de la CPTS (sa comptabilité) ; non importées.`);
          continue;
        }
        if (table === 'indicator_value' && opts.side === 'cpam') {
          const clash = local.indicator_value.find((v) => v.indicator_uuid === theirs.indicator_uuid && v.measured_on === theirs.measured_on && v.value !== theirs.value);
          const ind = localIdx.indicator.get(String(theirs.indicator_uuid));
          const y = indicatorYear.get(String(theirs.indicator_uuid)) ?? null;
          if (clash && ind?.source === 'cpts' && !(y !== null && closedYears.has(y))) {
            out.notices.push(`Valeur mesurée le ${frDate(raw.measured_on)} reçue de la CPAM : la valeur de la CPTS pour la même date est conservée (elle fait référence tant que l’année est ouverte).`);
            out.unchanged++;
            continue;
          }
        }
        out.actions.push({ op: 'insert', table, row: theirs });
        available.add(theirs.uuid);
        out.new++;
        continue;
      }

      // Known here.
      const fields = differingFields(mine, theirs);
      if (fields.length === 0) {
        out.unchanged++;
        continue;
      }
      if (LEDGER.has(table)) {
        if (mine.uuid !== raw.uuid) {
          // Matched as the same fact typed on both sides (equivalence): nothing to add.
          out.unchanged++;
          continue;
        }
        addConflict({
          id: `${table}:${raw.uuid}`,
          table,
          reason: `Historique : la même ligne diffère ici et dans le fichier (${fields.join(', ')}) ; elle ne se réécrit pas.`,
          mine,
          theirs: raw,
          canTakeTheirs: false,
          blocking: true,
        });
        continue;
      }
      // Shared records: fill what is empty here, follow the CPTS for its own fields, otherwise ask.
      const year = yearOf(table, mine);
      const frozen = year !== null && closedYears.has(year);
      const set: Record<string, unknown> = {};
      const disputed: string[] = [];
      for (const f of fields) {
        if (frozen) disputed.push(f);
        else if (mine[f] === null && theirs[f] !== null) set[f] = theirs[f];
        else if (CPTS_FIELDS[table]?.has(f)) {
          if (opts.side === 'cpts') set[f] = theirs[f];
          else out.notices.push(`${describeRow(table, mine)} : ${f} gardé tel qu’ici (donnée de la CPTS).`);
        } else disputed.push(f);
      }
      if (disputed.length > 0) {
        const c = addConflict({
          id: `${table}:${raw.uuid}`,
          table,
          reason: frozen
            ? `L’année ${year} est arrêtée ici (dialogue annuel clos) : ${disputed.join(', ')} ne se modifie plus.`
            : `Modifié des deux côtés : ${disputed.join(', ')}.`,
          mine,
          theirs: raw,
          canTakeTheirs: !frozen,
          blocking: true,
        });
        if (c.resolution === 'theirs') for (const f of disputed) set[f] = theirs[f];
      }
      if (Object.keys(set).length > 0) {
        out.actions.push({ op: 'update', table, uuid: mine.uuid, set });
        out.changed++;
      } else if (disputed.length === 0) out.unchanged++;
    }

    // Local history the file contradicts: listed, never deleted.
    if (table === 'payment' && opts.side === 'cpam') {
      for (const l of locals) {
        if (matchedLocal.has(l.uuid)) continue;
        addConflict({
          id: `payment:${l.uuid}`,
          table,
          reason: 'Versement enregistré ici, absent du registre de la CPAM : il est conservé (rien ne s’efface) ; à vérifier avec la CPAM.',
          mine: l,
          theirs: null,
          canTakeTheirs: false,
          blocking: false,
        });
      }
    }
  }

  function reviewContent(tables: Tables, reviewUuid: string, translateRefs: boolean): unknown {
    const pick = (t: ExchangeTable) =>
      tables[t]
        .filter((r) => r.review_uuid === reviewUuid)
        .map((r) => {
          const o: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(translateRefs ? translate(t, r) : r)) if (!IGNORED.has(k) && k !== 'review_uuid' && k !== 'recorded_at') o[k] = v;
          return JSON.stringify(o);
        })
        .sort();
    return [pick('review_participant'), pick('review_indicator'), pick('review_decision'), pick('closed_mission_figure'), pick('closed_indicator_figure')];
  }

  function decideReview(raw: AnyRow, theirs: AnyRow, mine: AnyRow | null): void {
    const id = `review:${raw.uuid}`;
    const header = (r: AnyRow) => ({ status: r.status, held_on: r.held_on, place: r.place, agenda: r.agenda, summary: r.summary, year: r.year, kind: r.kind });
    if (!mine) {
      const parent = blockedBy('review', theirs);
      if (parent) {
        noteBlocked('review', raw, parent);
        return;
      }
      reviewFate.set(raw.uuid, 'insert');
      out.actions.push({ op: 'insert', table: 'review', row: { ...theirs, status: 'draft', closed_at: null } });
      if (raw.status === 'closed') closes.push({ op: 'closeReview', uuid: theirs.uuid, closedAt: (raw.closed_at as string | null) ?? null });
      available.add(theirs.uuid);
      out.new++;
      return;
    }
    const equal = same(header(mine), header(theirs)) && same(reviewContent(local, mine.uuid, false), reviewContent(incoming, raw.uuid, true));
    if (equal) {
      reviewFate.set(raw.uuid, 'keep');
      out.unchanged++;
      return;
    }
    const replace = (): void => {
      reviewFate.set(raw.uuid, 'replace');
      out.actions.push({ op: 'clearReview', uuid: mine.uuid });
      out.actions.push({ op: 'update', table: 'review', uuid: mine.uuid, set: { held_on: theirs.held_on, place: theirs.place, agenda: theirs.agenda, summary: theirs.summary } });
      if (raw.status === 'closed') closes.push({ op: 'closeReview', uuid: mine.uuid, closedAt: (raw.closed_at as string | null) ?? null });
      out.changed++;
    };
    if (mine.status === 'closed' && raw.status === 'closed') {
      const c = addConflict({ id, table: 'review', reason: 'Deux versions closes différentes de ce dialogue : un dialogue clos ne se remplace pas (un addendum le corrige).', mine, theirs: raw, canTakeTheirs: false, blocking: true });
      blocked.set(raw.uuid, c.id);
      return;
    }
    if (mine.status === 'closed') {
      out.notices.push(`${describeRow('review', raw)} : clos ici, la version brouillon du fichier est ignorée.`);
      reviewFate.set(raw.uuid, 'keep');
      out.unchanged++;
      return;
    }
    if (raw.status === 'closed') {
      replace();
      return;
    }
    const c = addConflict({ id, table: 'review', reason: 'Brouillon modifié des deux côtés.', mine, theirs: raw, canTakeTheirs: true, blocking: true });
    if (c.resolution === 'theirs') replace();
    else blocked.set(raw.uuid, c.id);
  }

  out.actions.push(...closes);
  return out;
}

/** Whether the file can be applied as it stands (no blocking conflict left to the user). */
export function hasBlockingConflicts(d: ExchangeDiff): boolean {
  return d.conflicts.some((c) => c.blocking);
}
