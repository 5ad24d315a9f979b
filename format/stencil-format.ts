// The shape of the generated stencil tables (build/<target>/stencils.ts), shared
// by the generator that writes them and the runtime that consumes them.

/** What a hole's symbol stands for; the runtime supplies the address or value. */
export const enum HoleValue {
  /** This stencil's own code (section-relative references into .text). */
  CODE = 0,
  /** This stencil's own read-only data. */
  DATA = 1,
  /** The next uop's code (`_JIT_CONTINUE`). */
  CONTINUE = 2,
  /** The uop this one jumps to (`_JIT_JUMP_TARGET`). */
  JUMP_TARGET = 3,
  /** This uop's side-exit stub (`_JIT_EXIT`). */
  EXIT = 4,
  /** The start of the trace (`_JIT_TOP`). */
  TOP = 5,
  /** The uop's 64-bit operand (`_JIT_OPERAND0`), used as a value. */
  OPERAND0 = 6,
  /** A second operand (`_JIT_OPERAND1`). */
  OPERAND1 = 7,
  /** The uop's oparg (`_JIT_OPARG`). */
  OPARG = 8,
  /** An external symbol: the support library, libc/libm or a host callback. */
  SYMBOL = 9,
  /** This stencil's cold part (out-of-line code placed after the trace body). */
  COLD = 10,
  /** A field of the oparg (`_JIT_OPARG_<FIELD>`); the hole's symbol column indexes the table's opargFields. */
  OPARG_FIELD = 11,
}

/**
 * A field of the oparg that a stencil takes as a hole of its own
 * (`_JIT_OPARG_<name>`), so that e.g. `frame->locals[oparg >> 16]` is one
 * displacement and a constant index an immediate, with no decoding at run time.
 * Its value is ((oparg >> shift) & (2^bits - 1)) * 2^scale. Which fields exist
 * is the VM's business: its config declares them and each table carries them.
 */
export interface OpargField {
  name: string;
  shift: number;
  bits: number;
  scale: number;
}

/** The value of an oparg field for an oparg in 0..2^31-1 (at most 2^31 - 8 for the fields a table may declare). */
export function opargFieldValue(oparg: number, f: OpargField): number {
  return ((oparg >>> f.shift) & ((1 << f.bits) - 1)) * (1 << f.scale);
}

export const HOLE_VALUE_NAMES = [
  'code', 'data', 'continue', 'jump_target', 'exit', 'top', 'operand0', 'operand1', 'oparg', 'symbol', 'cold', 'oparg_field',
] as const;

/** Holes are stored flat, HOLE_FIELDS numbers per hole, to keep patching allocation-free. */
export const HOLE_FIELDS = 5;
export const HOLE_OFFSET = 0; // byte offset of the place, in code or data
export const HOLE_KIND = 1; // how the runtime patches it: a PatchKind (format/patch-kinds.ts), chosen by the generator
export const HOLE_VALUE = 2; // a HoleValue
export const HOLE_SYMBOL = 3; // index into the table's symbol names (its opargFields for OPARG_FIELD), or -1
export const HOLE_ADDEND = 4; // addend, with the symbol's section offset folded in

/** One stencil: a uop, or a group of support code. */
export interface Stencil {
  name: string;
  /** Machine code, hex. */
  code: string;
  /** Read-only data that travels with the code, hex (aligned to dataAlign). */
  data: string;
  dataAlign: number;
  codeHoles: readonly number[];
  dataHoles: readonly number[];
  /**
   * Out-of-line code (x86_64: the blocks clang laid out after the hot path's
   * jump to the next stencil), hex, and its holes; absent when there is none.
   * The trace compiler places it after the whole trace body, so the hot path
   * falls through into the next stencil.
   */
  coldCode?: string;
  coldHoles?: readonly number[];
  /** Symbols defined by this stencil (support code entry points): name → code offset. */
  exports?: Readonly<Record<string, number>>;
}

export interface StackEffect {
  inputs: readonly string[];
  outputs: readonly string[];
}

/**
 * What the trace compiler, the uop interpreter's program and the VM's optimizer
 * need to know about a uop. The generator derives the code facts from the
 * stencils' holes on every target (a hole of the exit, of the oparg, ...),
 * together with what the config's fact patterns find in the uop's body.
 */
export interface UopInfo {
  name: string;
  /** Dense number used by the uop interpreter's trace format. */
  opcode: number;
  stack: StackEffect;
  usesOparg: boolean;
  usesOperand0: boolean;
  usesOperand1: boolean;
  /** May take a side exit (its stencil jumps to `_JIT_EXIT`). */
  canExit: boolean;
  /** Jumps to `_JIT_JUMP_TARGET`: the trace instruction must name a target. */
  usesJumpTarget: boolean;
  /** Leaves the trace or loops to its top: never continues to the next uop or to a jump target (trace end, back-edge). */
  terminates: boolean;
  /** Calls the trace top as a function (a function trace's recursion); the uop interpreter needs the top's program. */
  callsTop: boolean;
  /** Source position of the definition, for error messages. */
  source: string;
  doc: string;
  /** The declared type of each stack input and output (`name: type` in the DSL), null where none is. */
  types: { inputs: readonly (string | null)[]; outputs: readonly (string | null)[] };
  /** Stack items the uop proves the type of (it exits otherwise): depth from the top after it (1 = top). */
  guards: readonly { depth: number; type: string }[];
  /** Its body moves the stack pointer itself: the stack effect above may not be all it does (an oparg-sized pop). */
  movesStackPointer: boolean;
  /** Its place in the variant table: the base uop, a source code per base input, the sink of the base's result. */
  variant: UopVariant | null;
  /** Uop sequences this uop replaces (the DSL's `fuses(...)`). */
  fuses: readonly (readonly string[])[];
}

/** A uop as a form of another (the DSL's forms and variant clauses; codes from the project config's variants). */
export interface UopVariant {
  of: string;
  sources: readonly string[];
  sink: string;
}

/** A native function of the support code the runtime calls: its symbol and the word arguments after the first. */
export interface EntryFunction {
  symbol: string;
  /** Names of the uintptr_t arguments after the entry (or program) address; the runtime passes them as given. */
  args: readonly string[];
}

/**
 * How the runtime enters code (the VM's C ABI, from its config): the shim
 * `int64_t enter(entry, args...)` that calls a trace with the stencils'
 * calling convention and returns the exit taken; optionally the uop
 * interpreter `int64_t interpret(program, args..., trace_id)`; and the
 * support function that makes patched code visible to instruction fetch
 * (`void flush(char *start, char *end)`, needed on aarch64).
 */
export interface EntryAbi {
  enter: EntryFunction;
  interpret: EntryFunction | null;
  flushIcache: string | null;
}

/** Where a generated table came from, for the one line a runtime prints when the table is stale or edited. */
export interface TableOrigin {
  /** The generated file, relative to the project root (e.g. build/uops.ts). */
  file: string;
  /** The command that regenerates it. */
  regenerate: string;
}

/** The target-independent half of a generated project: its uops and the roles the runtime needs. */
export interface UopMetadata {
  origin: TableOrigin;
  /** Digest of the generator's inputs (as each table's). */
  digest: string;
  /** Digest of this metadata's own contents (checked when a runtime loads it). */
  contentDigest: string;
  /** Every uop, in opcode order. */
  uops: readonly UopInfo[];
  /** The uop exit stubs are made of: oparg = the exit number, operand0 = the trace id. */
  exitUop: string;
  /** The uop a loop trace ends with (the uop interpreter's back-edge), or null. */
  loopUop: string | null;
}

export interface StencilTable {
  origin: TableOrigin;
  target: string;
  /** Digest of the generator's inputs this table was made from. */
  digest: string;
  /** The digest of the uop metadata generated with it (UopMetadata.digest): a runtime refuses a pair from different generations. */
  metadataDigest: string;
  /** Digest of the table's own contents (computed at generation, checked when a runtime loads it). */
  contentDigest: string;
  /** Symbol names referenced by HOLE_SYMBOL. */
  symbols: readonly string[];
  /** The oparg fields OPARG_FIELD holes refer to (HOLE_SYMBOL indexes them). */
  opargFields: readonly OpargField[];
  uops: Readonly<Record<string, Stencil>>;
  /** Support code (helpers, entry shim, uop interpreter), linked once at load. */
  support: Stencil;
}
