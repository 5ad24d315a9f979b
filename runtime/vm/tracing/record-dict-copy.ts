// dict(d) of a dict in traces (cases/uops_dict_copy.c DICT_COPY): a copy of
// its tables in the lent buffer, under the guard on the builtin `dict`.
import type { ContainerRecorder } from './record-containers.ts';
import { isDict } from './record-containers.ts';

/** CALL of the builtin dict (its word) with nargs arguments on top; false when not dict(a dict). */
export function recordDictCopy(r: ContainerRecorder, callee: bigint, nargs: number, sp: number): boolean {
  if (nargs !== 1 || !isDict(r.heap, sp - 1)) return false;
  r.guard('GUARD_STACK_IS', 'identity', { oparg: 2, operand0: callee });
  r.guard('DICT_COPY', 'alloc');
  return true;
}
