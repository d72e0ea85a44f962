// Types of bench/generate.mjs for the tests that build logs with it.
export interface Random {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(list: T[]): T;
  chance(p: number): boolean;
}
export function rng(seed: number): Random;
export const FAMILIES: Record<'pluto' | 'waas' | 'iag' | 'nettrace' | 'activesync', { file: string; lines: (random: Random) => Generator<string>; eol: string; seed: number }>;
export function generate(family: keyof typeof FAMILIES, path: string, options?: { lines?: number; bytes?: number }): Promise<number>;
