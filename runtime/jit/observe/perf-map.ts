// perf's map file for JIT code: /tmp/perf-<pid>.map, one `START SIZE name`
// line (hex, no 0x) per symbol. perf reads it for samples in anonymous
// executable memory. Each trace gets its body and each exit stub as separate,
// non-overlapping symbols, so a sample in an exit stub is not blamed on the
// trace's last uop.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { JitCode, JitCodeObserver } from './code-observer.ts';

/** The pieces of a code object a profiler should name: named ranges and the body around them, in address order, never overlapping. */
export function symbolPieces(code: JitCode): { name: string; offset: number; size: number }[] {
  const pieces: { name: string; offset: number; size: number }[] = [];
  let at = 0;
  for (const r of [...code.ranges].sort((a, b) => a.offset - b.offset)) {
    if (r.offset < at) continue;
    if (r.offset > at) pieces.push({ name: code.name, offset: at, size: r.offset - at });
    pieces.push({ name: `${code.name}:${r.name}`, offset: r.offset, size: r.size });
    at = r.offset + r.size;
  }
  if (at < code.code.length) pieces.push({ name: code.name, offset: at, size: code.code.length - at });
  return pieces.filter((p) => p.size > 0);
}

export class PerfMapWriter implements JitCodeObserver {
  readonly path: string;
  private fd: number;

  constructor(path = `/tmp/perf-${process.pid}.map`) {
    this.path = path;
    this.fd = openSync(path, 'w');
  }

  codeLoaded(code: JitCode): void {
    let text = '';
    for (const p of symbolPieces(code)) text += `${(code.address + p.offset).toString(16)} ${p.size.toString(16)} ${p.name}\n`;
    writeSync(this.fd, text);
  }

  // The map format has no removal record: freed code keeps its line, as in V8's and CPython's maps.
  codeFreed(): void {}

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
