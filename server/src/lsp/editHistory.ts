import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** Versions remembered per document: more than any analysis lags behind the editor. */
const REMEMBERED_VERSIONS = 64;

/**
 * Where the editor's changes to each open document began, version by version, so that the analysis can tell
 * an append (every change after the text it analysed) without comparing the whole text it analysed, which
 * for a long log costs more than analysing the appended lines.
 */
export class EditHistory {
  private readonly changes = new WeakMap<TextDocument, Array<{ version: number; from: number }>>();
  private readonly byUri = new Map<string, TextDocument>();

  /** For `TextDocuments`: documents made as usual, their changes noted as they are applied. */
  readonly configuration = {
    create: (uri: string, languageId: string, version: number, content: string): TextDocument => {
      const document = TextDocument.create(uri, languageId, version, content);
      this.byUri.set(uri, document);
      this.changes.set(document, [{ version, from: Number.MAX_SAFE_INTEGER }]);
      return document;
    },
    update: (document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument => {
      // Each change is applied to the text the previous one left: the text before the first offset of any stays.
      let from = Number.MAX_SAFE_INTEGER;
      let updated = document;
      for (const change of changes) {
        from = Math.min(from, 'range' in change ? updated.offsetAt(change.range.start) : 0);
        updated = TextDocument.update(updated, [change], version);
      }
      const list = this.changes.get(updated) ?? [];
      list.push({ version, from });
      if (list.length > REMEMBERED_VERSIONS) list.splice(0, list.length - REMEMBERED_VERSIONS);
      this.changes.set(updated, list);
      this.byUri.set(updated.uri, updated);
      return updated;
    },
  };

  /**
   * How many characters at the start of the open document `uri` are the same as in its version `since`;
   * undefined when that is not known (a version not seen, a document not open).
   */
  unchangedPrefix(uri: string, since: number): number | undefined {
    const document = this.byUri.get(uri);
    const list = document && this.changes.get(document);
    const at = list?.findIndex((c) => c.version === since) ?? -1;
    if (!list || at < 0) return undefined;
    let from = document!.getText().length;
    for (let k = at + 1; k < list.length; k++) from = Math.min(from, list[k]!.from);
    return from;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}
