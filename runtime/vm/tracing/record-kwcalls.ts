// Keyword calls of known Python callees in traces: `f(a, key=v)`,
// `obj.m(x, flag=True)` (a bound method) and `Point(x=1, y=2)` (an
// instantiation) whose keywords name the parameters right after the
// positional arguments, in order. Such a call binds exactly like the
// positional call with all its arguments (later parameters from the
// defaults), so the recorder inlines it as that call (trace-recorder.ts):
// same guards, same frame, resuming after the CALL_KW. Keywords out of order,
// skipping a parameter, or naming *args/**kwargs/keyword-only parameters stay
// tier-1's (the call stitches).
import { LAYOUT as L } from '../../../build/layout.ts';
import type { Heap } from '../heap/heap.ts';
import type { KwCallSite, Program } from '../frontend/program.ts';
import type { CallModel } from './record-calls.ts';

/** The positional argument count the keyword call at `site` (stack top sp) binds like, or null. */
export function keywordCallAsPositional(heap: Heap, program: Program, model: CallModel | undefined, sp: number, site: KwCallSite): number | null {
  const total = site.nargs + site.names.length;
  const w = sp - total - 1;
  if (heap.u32[2 * w + 1] >>> 16 !== L.TAG_OBJ) return null;
  const o = heap.objectAt(w);
  let codeIndex: number;
  let offset = 0;
  switch (heap.u32[2 * o]) {
    case L.OBJ_FUNCTION:
      codeIndex = heap.readI64(o + L.FUNCTION_CODE_INDEX / 8);
      break;
    case L.OBJ_METHOD: {
      const fw = o + L.METHOD_FUNC / 8;
      if (heap.u32[2 * fw + 1] >>> 16 !== L.TAG_OBJ || heap.u32[2 * heap.objectAt(fw)] !== L.OBJ_FUNCTION) return null;
      codeIndex = heap.readI64(heap.objectAt(fw) + L.FUNCTION_CODE_INDEX / 8);
      offset = 1;
      break;
    }
    case L.OBJ_CLASS: {
      const what = model?.instantiation(o);
      if (what === undefined || typeof what === 'string') return null;
      codeIndex = what.init.codeIndex;
      offset = 1;
      break;
    }
    default:
      return null;
  }
  const code = program.codes[codeIndex];
  if (code.nparams !== code.argcount) return null;
  const first = offset + site.nargs;
  if (first + site.names.length > code.argcount || first < code.posonlyargcount) return null;
  for (let i = 0; i < site.names.length; i++) if (code.localNames[first + i] !== site.names[i]) return null;
  return total;
}
