import type { CorrelationKey, Finding, Flow, FlowHead, FlowStatus, Level, LogAnalysis, LogEntry } from '../model/log';
import type { IndexedLog } from './analyze';
import type { LogIndex } from './logIndex';
import { LEVELS } from './scan';

/**
 * The features' view of an indexed log: entries and flows are built from the index when a request touches
 * them, flows kept once built (a flow is a few numbers and its member list), entries left to the index's cache.
 */
export class IndexedAnalysis implements LogAnalysis {
  readonly index: LogIndex;
  readonly findings: readonly Finding[];
  readonly notices: readonly string[];
  readonly capped: boolean;
  private flowNumbers: number[] | undefined;
  private heads: FlowHead[] | undefined;
  private readonly builtFlows = new Map<number, Flow>();
  private byEntry: Map<number, Finding[]> | undefined;

  constructor(
    indexed: IndexedLog,
    readonly uri: string,
    readonly version: number,
  ) {
    this.index = indexed.index;
    this.findings = indexed.findings;
    this.notices = indexed.notices;
    this.capped = indexed.capped;
  }

  get lineCount(): number {
    return this.index.lineCount;
  }
  get family() {
    return this.index.family;
  }
  get formatId() {
    return this.index.formatId;
  }
  get sections() {
    return this.index.sections;
  }
  get folds() {
    return this.index.folds;
  }
  get newestFirst(): boolean {
    return this.index.newestFirst;
  }
  get entryCount(): number {
    return this.index.entryCount;
  }

  entry(i: number): LogEntry {
    return this.index.entry(i);
  }

  levelOf(i: number): Level {
    return LEVELS[this.index.level[i]!]!;
  }

  timeOf(i: number): number | undefined {
    const time = this.index.time[i]!;
    return Number.isNaN(time) ? undefined : time;
  }

  startLineOf(i: number): number {
    return this.index.startLine[i]!;
  }

  endLineOf(i: number): number {
    return this.index.endLine[i]!;
  }

  endCharOf(i: number): number {
    return this.index.endChar[i]!;
  }

  formatIdOf(i: number): string {
    return this.index.formats[this.index.format[i]!]!.id;
  }

  keysOf(i: number): readonly CorrelationKey[] {
    const { keys, keyOf } = this.index;
    const result: CorrelationKey[] = [];
    for (let o = this.index.keyStart[i]!; o < this.index.keyEnd(i); o++) {
      const k = keyOf[o]!;
      result.push({ kind: keys.kinds[k]!, value: keys.values[k]!, scope: keys.scopes[k]! });
    }
    result.push(...this.index.exchangeKeysOf(i));
    return result;
  }

  entryAtLine(line: number): number {
    return this.index.entryAtLine(line);
  }

  /** Flow numbers in the order of a Map keyed by id: a later flow of the same id takes the earlier's place. */
  private numbers(): number[] {
    if (!this.flowNumbers) {
      const byId = new Map<string, number>();
      for (let f = 0; f < this.index.flows.count; f++) byId.set(this.index.flowId(f), f);
      this.flowNumbers = [...byId.values()];
    }
    return this.flowNumbers;
  }

  get flowCount(): number {
    return this.numbers().length;
  }

  private built(f: number): Flow {
    let flow = this.builtFlows.get(f);
    if (!flow) {
      flow = this.index.flow(f);
      this.builtFlows.set(f, flow);
    }
    return flow;
  }

  flow(id: string): Flow | undefined {
    const f = this.index.flowNumber(id);
    return f === undefined ? undefined : this.built(f);
  }

  flowHeads(): readonly FlowHead[] {
    if (!this.heads) {
      const { index } = this;
      const table = index.flows;
      this.heads = this.numbers().map((f) => {
        const members = table.membersOf(f);
        return {
          id: index.flowId(f),
          kind: index.flowKind(f),
          firstEntry: members[index.newestFirst ? members.length - 1 : 0]!,
          errorCount: table.errors.data[f]!,
          status: index.flowStatus(f),
        };
      });
    }
    return this.heads;
  }

  flowStatus(id: string): FlowStatus | undefined {
    const f = this.index.flowNumber(id);
    return f === undefined ? undefined : this.index.flowStatus(f);
  }

  *flows(): Iterable<Flow> {
    for (const f of this.numbers()) yield this.built(f);
  }

  findingsOfEntry(i: number): readonly Finding[] {
    if (!this.byEntry) {
      this.byEntry = new Map();
      const add = (entry: number, finding: Finding) => {
        const list = this.byEntry!.get(entry);
        if (!list) this.byEntry!.set(entry, [finding]);
        else if (list[list.length - 1] !== finding) list.push(finding);
      };
      for (const finding of this.findings) {
        add(finding.entryIndex, finding);
        for (const repeat of finding.repeats?.entryIndices ?? []) add(repeat, finding);
      }
    }
    return this.byEntry.get(i) ?? [];
  }
}
