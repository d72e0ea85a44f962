/**
 * The editor shows at most 1,000 diagnostics per file from one diagnostic collection (the rest become a single
 * "not showing N further errors and warnings" line). So that Problems lists as many findings as
 * `logsleuth.maxFindings` allows, a file's diagnostics are spread over as many collections as they need.
 */
import * as vscode from 'vscode';

/** The editor's limit per file and collection (extHostDiagnostics). */
export const EDITOR_DIAGNOSTICS_PER_COLLECTION = 1000;

/** Sizes of the shards that hold `count` items with at most `perShard` in each: [1000, 1000, 312]. */
function shardSizes(count: number, perShard: number): number[] {
  const sizes: number[] = [];
  for (let left = count; left > 0; left -= perShard) sizes.push(Math.min(perShard, left));
  return sizes;
}

const SEVERITY_RANK = (d: vscode.Diagnostic) => d.severity;

/** Most severe first, as the editor itself orders them when it caps a list. */
export function bySeverity(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  return [...diagnostics].sort((a, b) => SEVERITY_RANK(a) - SEVERITY_RANK(b) || a.range.start.line - b.range.start.line);
}

export class DiagnosticShards implements vscode.Disposable {
  private readonly collections: vscode.DiagnosticCollection[] = [];

  constructor(private readonly name: string) {}

  set(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[]): void {
    const sizes = shardSizes(diagnostics.length, EDITOR_DIAGNOSTICS_PER_COLLECTION);
    let offset = 0;
    for (let i = 0; i < Math.max(sizes.length, this.collections.length); i++) {
      const size = sizes[i] ?? 0;
      if (size === 0) {
        this.collections[i]?.delete(uri);
        continue;
      }
      this.collection(i).set(uri, diagnostics.slice(offset, offset + size));
      offset += size;
    }
  }

  delete(uri: vscode.Uri): void {
    for (const collection of this.collections) collection.delete(uri);
  }

  /** How many diagnostics each collection holds for the file (tests check the editor's limit is kept). */
  sizes(uri: vscode.Uri): number[] {
    return this.collections.map((c) => c.get(uri)?.length ?? 0);
  }

  private collection(i: number): vscode.DiagnosticCollection {
    while (this.collections.length <= i) this.collections.push(vscode.languages.createDiagnosticCollection(`${this.name}-${this.collections.length + 1}`));
    return this.collections[i]!;
  }

  dispose(): void {
    for (const collection of this.collections) collection.dispose();
    this.collections.length = 0;
  }
}
