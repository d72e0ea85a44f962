import { fillTemplate } from '../formats/parser';
import type { CompiledFormat } from '../formats/registry';
import type { CorrelationKey, FamilyId, Flow, FlowStatus, FoldingSpan, LogEntry, Section } from '../model/log';
import type { EntryFacts } from './facts';
import { STATUS } from './flowTable';
import { annotateEntry } from './annotate';
import type { FlowTable } from './flowTable';
import type { KeyTable } from './scan';
import type { DeclaredColumns } from './scan';
import type { LineSource } from './lines';

/** Entries annotated recently, so a request that touches an entry twice builds it once. */
const ANNOTATION_CACHE = 4096;
/**
 * Entries annotated without keys, kept for the next analysis of a log that grows (its earlier entries stay as
 * they were): what the findings of one analysis read, again in the next one.
 */
const SHARED_FIELDS_CACHE = 16384;

/**
 * The columnar index of one log: per line its start, per entry its line range, characters, format, pattern,
 * level and time in typed arrays, its keys as a slice of one key array, flows as a table. Entries as objects
 * exist only when asked for (`entry(i)`).
 */
export class LogIndex {
  family?: FamilyId;
  formatId?: string;
  newestFirst = false;
  flows!: FlowTable;
  facts!: EntryFacts;
  private labels: string[] = [];
  private flowNumberOf: Map<string, number> | undefined;
  private readonly cache = new Map<number, LogEntry>();
  private readonly fieldsCache: Map<number, LogEntry>;
  private readonly fieldsCacheSize: number;
  private exchangeKeys: Map<number, CorrelationKey[]> | undefined;

  constructor(
    readonly lines: LineSource,
    readonly formats: CompiledFormat[],
    readonly entryCount: number,
    readonly startLine: Int32Array,
    readonly endLine: Int32Array,
    readonly startChar: Int32Array,
    readonly endChar: Int32Array,
    readonly format: Uint8Array,
    readonly pattern: Uint8Array,
    readonly level: Uint8Array,
    readonly time: Float64Array,
    readonly keyStart: Int32Array,
    readonly keyOf: Int32Array,
    readonly keys: KeyTable,
    readonly sections: Section[],
    readonly folds: FoldingSpan[],
    readonly notices: string[],
    private readonly declaredLayouts: DeclaredColumns[],
    /** Entries annotated without keys by the previous analysis of the same scan, taken over and added to. */
    sharedFields?: Map<number, LogEntry>,
  ) {
    this.fieldsCache = sharedFields ?? new Map();
    this.fieldsCacheSize = sharedFields ? SHARED_FIELDS_CACHE : ANNOTATION_CACHE;
  }

  get lineCount(): number {
    return this.lines.count;
  }

  keyEnd(i: number): number {
    return i + 1 < this.entryCount ? this.keyStart[i + 1]! : this.keyOf.length;
  }

  /** The entry as the features know it, built on demand. */
  entry(i: number): LogEntry {
    let entry = this.cache.get(i);
    if (entry) return entry;
    entry = annotateEntry(this, i);
    if (this.cache.size >= ANNOTATION_CACHE) this.cache.clear();
    this.cache.set(i, entry);
    return entry;
  }

  /**
   * The entry without its correlation keys (`keys` is empty): fields, message, spans, level and time, for work
   * that reads only those (findings). The full entry when it is already built.
   */
  entryFields(i: number): LogEntry {
    let entry = this.cache.get(i) ?? this.fieldsCache.get(i);
    if (entry) return entry;
    entry = annotateEntry(this, i, false);
    if (this.fieldsCache.size >= this.fieldsCacheSize) this.fieldsCache.clear();
    this.fieldsCache.set(i, entry);
    return entry;
  }

  /** The `#Fields:` layout in force for a format at a line. */
  declaredAt(format: CompiledFormat, line: number): DeclaredColumns | undefined {
    let found: DeclaredColumns | undefined;
    for (const layout of this.declaredLayouts) {
      if (layout.line > line) break;
      if (layout.format === format) found = layout;
    }
    return found;
  }

  /** Keys of the exchange flows an entry belongs to (request/response pairs), in the order they were added. */
  exchangeKeysOf(i: number): CorrelationKey[] {
    if (!this.exchangeKeys) {
      this.exchangeKeys = new Map();
      const flows = this.flows;
      for (let k = 0; k < flows.extraEntry.length; k++) {
        const e = flows.extraEntry.data[k]!;
        const exchange = flows.exchanges.get(flows.extraFlow.data[k]!)!;
        const list = this.exchangeKeys.get(e) ?? [];
        list.push({ kind: exchange.kind, value: exchange.value, scope: 'file' });
        this.exchangeKeys.set(e, list);
      }
    }
    return this.exchangeKeys.get(i) ?? [];
  }

  flowKind(f: number): string {
    const exchange = this.flows.exchanges.get(f);
    return exchange ? exchange.kind : this.keys.kinds[this.flows.key.data[f]!]!;
  }

  flowValue(f: number): string {
    const exchange = this.flows.exchanges.get(f);
    return exchange ? exchange.value : this.keys.values[this.flows.key.data[f]!]!;
  }

  flowId(f: number): string {
    const exchange = this.flows.exchanges.get(f);
    if (exchange) return `${exchange.kind}:${exchange.value}`;
    const base = this.keys.id(this.flows.key.data[f]!);
    const generation = this.flows.generation.data[f]!;
    return generation === 1 ? base : `${base}@${generation}`;
  }

  /** The flow's readable label, from the fields of the entry that opened it. */
  flowLabel(f: number): string {
    let label = this.labels[f];
    if (label !== undefined) return label;
    const opener = this.flows.opener.data[f]!;
    const fields = this.entryFields(opener).fields;
    const exchange = this.flows.exchanges.get(f);
    if (exchange) {
      const own = fillTemplate(exchange.label ?? '{value}', (name) => (name === 'value' ? exchange.value : fields[name]?.value)) ?? exchange.value;
      label = `${own} (${this.flowLabel(exchange.conversation)} #${exchange.count})`;
    } else {
      const kind = this.flowKind(f);
      const value = this.flowValue(f);
      const rule = this.formats[this.format[opener]!]!.keyByKind.get(kind);
      label = fillTemplate(rule?.label ?? '{value}', (name) => (name === 'value' ? value : fields[name]?.value)) ?? value;
      const generation = this.flows.generation.data[f]!;
      if (generation > 1) label = `${label} (${generation})`;
    }
    this.labels[f] = label;
    return label;
  }

  /** Flow number by id (the last flow of an id wins, as in a Map). */
  flowNumber(id: string): number | undefined {
    if (!this.flowNumberOf) {
      this.flowNumberOf = new Map();
      for (let f = 0; f < this.flows.count; f++) this.flowNumberOf.set(this.flowId(f), f);
    }
    return this.flowNumberOf.get(id);
  }

  /** The flows an entry belongs to, its most specific key first (then its exchanges). */
  flowsOfEntry(i: number): number[] {
    const list: number[] = [];
    for (let o = this.keyStart[i]!; o < this.keyEnd(i); o++) list.push(this.flows.occurrenceFlow[o]!);
    for (const key of this.exchangeKeysOf(i)) {
      const f = this.flowNumber(`${key.kind}:${key.value}`);
      if (f !== undefined) list.push(f);
    }
    return list;
  }

  /** The flow an entry's findings belong to, -1 when it has none. */
  primaryFlow(i: number): number {
    if (this.keyStart[i]! < this.keyEnd(i)) return this.flows.occurrenceFlow[this.keyStart[i]!]!;
    const exchange = this.exchangeKeysOf(i)[0];
    return exchange ? (this.flowNumber(`${exchange.kind}:${exchange.value}`) ?? -1) : -1;
  }

  flowStatus(f: number): FlowStatus {
    return STATUS[this.flows.status.data[f]!]!;
  }

  /** The flow as the features know it. */
  flow(f: number): Flow {
    const table = this.flows;
    const exchange = table.exchanges.get(f);
    const flow: Flow = {
      id: this.flowId(f),
      kind: this.flowKind(f),
      label: this.flowLabel(f),
      value: this.flowValue(f),
      scope: exchange ? 'file' : this.keys.scopes[table.key.data[f]!]!,
      entries: Array.from(table.membersOf(f)),
      errorCount: table.errors.data[f]!,
      warningCount: table.warnings.data[f]!,
      outcome: { status: this.flowStatus(f), text: table.outcomeText[f]! },
    };
    if (!Number.isNaN(table.firstTime.data[f]!)) flow.firstTime = table.firstTime.data[f]!;
    if (!Number.isNaN(table.lastTime.data[f]!)) flow.lastTime = table.lastTime.data[f]!;
    if (exchange) flow.parent = this.flowId(exchange.conversation);
    else if (table.parentKey.data[f]! >= 0) flow.parent = this.keys.id(table.parentKey.data[f]!);
    return flow;
  }

  /** Every flow by id, in the order they were opened. */
  flowMap(): Map<string, Flow> {
    const map = new Map<string, Flow>();
    for (let f = 0; f < this.flows.count; f++) map.set(this.flowId(f), this.flow(f));
    return map;
  }

  /** The first entry on a line, -1 when the line belongs to none. */
  entryAtLine(line: number): number {
    let lo = 0;
    let hi = this.entryCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.endLine[mid]! < line) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.entryCount && this.startLine[lo]! <= line ? lo : -1;
  }

  /** Time in time order position p (document order, or reversed for newest-first logs) maps to entry. */
  position(i: number): number {
    return this.newestFirst ? this.entryCount - 1 - i : i;
  }
}
