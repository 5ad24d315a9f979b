// What tools outside the process (perf, gdb) need to know about a piece of
// JIT code: where it is, what to call it, its bytes and which source line each
// code range came from. The JIT runtime knows no VM, so the VM describes its
// traces this way and hands them to the observers it was given (--perf, --gdb).

/** One named range inside the code (an exit stub, the cold part of a uop). */
export interface CodeRange {
  name: string;
  /** Offset from the code's start. */
  offset: number;
  size: number;
}

/** The source line that code from `offset` on (up to the next entry) was compiled from. */
export interface LineEntry {
  offset: number;
  line: number;
}

export interface JitCode {
  /** Unique while the code is live (the trace id). */
  id: number;
  /** Symbol name: what perf and gdb show (e.g. `py:advance:57/trace 3`). */
  name: string;
  address: number;
  /** The patched machine code (a copy or a view; read at once, never kept). */
  code: Uint8Array;
  /** Source file the lines refer to. */
  file: string;
  /** Ascending offsets; may be empty. */
  lines: LineEntry[];
  /** Sub-ranges with names of their own (exit stubs), inside [0, code.length). */
  ranges: CodeRange[];
}

export interface JitCodeObserver {
  codeLoaded(code: JitCode): void;
  codeFreed(id: number, address: number): void;
  /** Flushes and closes whatever the observer keeps open; called once at the end of the run. */
  close(): void;
}
