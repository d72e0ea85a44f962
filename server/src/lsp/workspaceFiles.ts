import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { decodeBytes } from '../service/decode';

/** Files that look like logs; others in the workspace are never read. */
const LOG_NAME = /\.(log|txt|csv|current)$|errorlog|tfo_log|pluto|messages|syslog/i;
const SKIP_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist']);
const MAX_FILES = 300;
/** Bigger files belong to "Open Large Log..."; the index stays cheap. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

/**
 * The log files of the workspace folders, read lazily from disk the first time a cross-file request needs
 * them and re-read when their modification time changes.
 */
export class WorkspaceFiles {
  private roots: string[] = [];
  private scanned: string[] | undefined;
  private readonly cache = new Map<string, { mtime: number; document: TextDocument }>();

  setFolders(uris: string[]): void {
    this.roots = uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    this.scanned = undefined;
  }

  private scan(): string[] {
    const files: string[] = [];
    const walk = (dir: string, depth: number) => {
      if (depth > 6 || files.length >= MAX_FILES) return;
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      for (const name of names) {
        if (files.length >= MAX_FILES) return;
        const path = join(dir, name);
        let stat;
        try {
          stat = statSync(path);
        } catch {
          continue;
        }
        if (stat.isDirectory()) {
          if (!SKIP_DIRS.has(name) && !name.startsWith('.')) walk(path, depth + 1);
        } else if (stat.isFile() && LOG_NAME.test(name) && stat.size <= MAX_FILE_BYTES) files.push(path);
      }
    };
    for (const root of this.roots) walk(root, 0);
    return files;
  }

  documents(load: boolean): TextDocument[] {
    if (!this.scanned) {
      if (!load) return [...this.cache.values()].map((c) => c.document);
      this.scanned = this.scan();
    }
    const result: TextDocument[] = [];
    for (const path of this.scanned) {
      try {
        const mtime = statSync(path).mtimeMs;
        const cached = this.cache.get(path);
        if (cached && cached.mtime === mtime) {
          result.push(cached.document);
          continue;
        }
        if (!load && !cached) continue;
        const decoded = decodeBytes(readFileSync(path));
        if (decoded.binary) continue;
        const document = TextDocument.create(pathToFileURL(path).href, 'log', Math.floor(mtime), decoded.text);
        this.cache.set(path, { mtime, document });
        result.push(document);
      } catch {
        this.cache.delete(path);
      }
    }
    return result;
  }
}
