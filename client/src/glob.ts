/** VS Code style globs (`**` spans folders, `*` does not, `?` one character), case-insensitive. */
export function globMatches(glob: string, text: string): boolean {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\/?/g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '.')
    .replace(/\u0000/g, '.*');
  return new RegExp(`^${source}$`, 'i').test(text);
}
