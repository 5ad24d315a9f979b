// Decorator wrappers in traces: `def w(*a, **k): ...; return fn(*a, **k)`.
// The call of w binds natively (BIND_STAR_ARGS, record-kwcalls.ts
// starBinding: a new args tuple and kwargs dict, keyword-only parameters);
// inside w, the compiler's `BUILD_LIST 0; LOAD_LOCAL a; LIST_EXTEND;
// LIST_TO_TUPLE` and `BUILD_MAP 0; LOAD_LOCAL k; DICT_MERGE` (copies made
// only for the CALL_FUNCTION_EX right after them, which reads their items
// and never keeps them) load a and k themselves; CALL_FUNCTION_EX spreads the
// tuple's items and the dict's values (EXPAND_STAR_KW, which checks the
// length and the keys the trace was recorded with) and the callee is inlined
// as the keyword call it then is (trace-recorder.ts starKwCall). Every exit
// before the callee's frame is pushed leaves the stack as tier-1 had it.
import { LAYOUT as L } from '../../../build/layout.ts';
import { Op } from '../frontend/bytecode.ts';
import type { Program } from '../frontend/program.ts';
import type { Heap } from '../heap/heap.ts';
import { isDict } from './record-containers.ts';
import { typeOfWord, VType } from './trace-ir.ts';

/** What the fusions read: the bytecode being recorded. */
export interface StarKwSite {
  heap: Heap;
  program: Program;
  codeIndex: number;
}

const FRAME_LOCALS_W = L.FRAME_LOCALS / 8;

const opAt = (site: StarKwSite, pc: number): number => {
  const code = site.program.codes[site.codeIndex].code;
  return 2 * pc < code.length ? code[2 * pc] : -1;
};
const argAt = (site: StarKwSite, pc: number): number => site.program.codes[site.codeIndex].code[2 * pc + 1];

/** Whether a `BUILD_MAP 0; LOAD_LOCAL k; DICT_MERGE; CALL_FUNCTION_EX 1` starts at pc. */
function kwargsRun(site: StarKwSite, pc: number): boolean {
  return opAt(site, pc) === Op.BUILD_MAP && argAt(site, pc) === 0 && opAt(site, pc + 1) === Op.LOAD_LOCAL && opAt(site, pc + 2) === Op.DICT_MERGE &&
    opAt(site, pc + 3) === Op.CALL_FUNCTION_EX && (argAt(site, pc + 3) & 1) !== 0;
}

/**
 * BUILD_LIST 0 at pc starting `LOAD_LOCAL a; LIST_EXTEND; LIST_TO_TUPLE` of a
 * tuple local a right before the call's kwargs or the call: a's local number;
 * else -1.
 */
export function starArgsLocal(site: StarKwSite, pc: number, fp: number): number {
  if (opAt(site, pc + 1) !== Op.LOAD_LOCAL || opAt(site, pc + 2) !== Op.LIST_EXTEND || opAt(site, pc + 3) !== Op.LIST_TO_TUPLE) return -1;
  if (!(opAt(site, pc + 4) === Op.CALL_FUNCTION_EX || kwargsRun(site, pc + 4))) return -1;
  const local = argAt(site, pc + 1);
  return typeOfWord(site.heap, fp + FRAME_LOCALS_W + local) === VType.TUPLE ? local : -1;
}

/** BUILD_MAP 0 at pc starting `LOAD_LOCAL k; DICT_MERGE; CALL_FUNCTION_EX 1` of a dict local k: k's local number; else -1. */
export function starKwargsLocal(site: StarKwSite, pc: number, fp: number): number {
  if (!kwargsRun(site, pc)) return -1;
  const local = argAt(site, pc + 1);
  return isDict(site.heap, fp + FRAME_LOCALS_W + local) ? local : -1;
}

/** Bytes of the lent buffer BIND_STAR_ARGS may take for a call spreading `items` values (a tuple of them and a first-size dict). */
export const starRoom = (items: number): number => 8 * items + 512;
