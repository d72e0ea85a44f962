/** What the service needs of a document; `TextDocument` from vscode-languageserver-textdocument fits. */
export interface LogDocument {
  readonly uri: string;
  readonly version: number;
  readonly languageId?: string;
  getText(): string;
  readonly lineCount: number;
  offsetAt(position: { line: number; character: number }): number;
}

/** A document over a text whose line starts are known (the head of a long document, say). */
export function documentOfLines(uri: string, version: number, text: string, starts: Int32Array): LogDocument {
  return {
    uri,
    version,
    lineCount: starts.length,
    getText: () => text,
    offsetAt: ({ line, character }) => (line >= starts.length ? text.length : Math.min(starts[Math.max(0, line)]! + character, line + 1 < starts.length ? starts[line + 1]! : text.length)),
  };
}

export interface CancellationLike {
  readonly isCancellationRequested: boolean;
}

/** Length of a line without its line break. */
export function lineLength(document: LogDocument, line: number): number {
  if (line >= document.lineCount - 1) return document.getText().length - document.offsetAt({ line, character: 0 });
  const start = document.offsetAt({ line, character: 0 });
  const next = document.offsetAt({ line: line + 1, character: 0 });
  const text = document.getText();
  let end = next;
  while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return end - start;
}

export function lineText(document: LogDocument, line: number): string {
  const start = document.offsetAt({ line, character: 0 });
  return document.getText().slice(start, start + lineLength(document, line));
}

/**
 * The lines from `from` to `to` whose text contains `value`, in order: the value is looked for in the whole
 * text, so that lines without it are never read one by one (a connection's name spans most of a long log).
 */
export function* linesContaining(document: LogDocument, value: string, from: number, to: number): Generator<number> {
  if (!value || value.includes('\n') || from > to) return;
  const text = document.getText();
  const start = (line: number) => document.offsetAt({ line, character: 0 });
  const end = to + 1 >= document.lineCount ? text.length : start(to + 1);
  let line = from;
  let at = text.indexOf(value, start(from));
  while (at >= 0 && at < end) {
    // The hit's line: the last line that starts at or before it.
    let lo = line;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (start(mid) <= at) lo = mid;
      else hi = mid - 1;
    }
    line = lo;
    yield line;
    if (line >= to) return;
    line++;
    at = text.indexOf(value, start(line));
  }
}
