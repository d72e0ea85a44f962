// Virtual modules produced by esbuild.mjs from the data folders.
declare module 'logsleuth:formats' {
  const files: Array<{ file: string; data: unknown }>;
  export default files;
}
declare module 'logsleuth:signatures' {
  const files: Array<{ file: string; data: unknown }>;
  export default files;
}
