// What scripts/fuzz/main.ts and its workers say to each other.

export type FuzzMode = 'jit' | 'tier1' | 'uop-interpreter';

/** `stencil-jit run` flags that reproduce a worker's in-process configuration. */
export const MODE_FLAGS: Record<FuzzMode, string[]> = {
  'jit': ['--threshold', '2', '--side-threshold', '2'],
  'tier1': ['--no-jit'],
  'uop-interpreter': ['--uop-interpreter', '--threshold', '2', '--side-threshold', '2'],
};

export interface FuzzConfig {
  count: number;
  seed: number;
  batch: number;
  mode: FuzzMode;
  /** The python3 executable itself (not a wrapper script such as pyenv's shim). */
  python: string;
  timeoutMs: number;
  /** Runs of the interestingness test per minimisation. */
  maxTests: number;
}

export interface Outcome {
  stdout: string;
  stderrLast: string;
  code: number;
  /** Timed out, killed by a signal, or a JavaScript error out of the VM. */
  note?: string;
}

export interface Divergence {
  batch: number;
  seed: number;
  program: string;
  reason: string;
  expected: Outcome;
  got: Outcome;
  /** The program that diverged as cut out of its batch (or the batch). */
  original: string;
  minimised: string | null;
  tests: number;
  note: string;
}

export interface BatchResult {
  batch: number;
  programs: number;
  divergences: Divergence[];
  ms: number;
}

export type WorkerRequest = { kind: 'run'; batch: number } | { kind: 'investigate'; batch: number; reason: string };

export function lastLine(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines[lines.length - 1] ?? '';
}
