// The exit side of allocation removal (optimizer/virtuals.ts): at an exit where
// virtual instances are live, their placeholders sit in the trace's frames and
// their fields in the virtual-field words of the scratch area. Before tier-1
// (or a side trace entered from here) sees the frames, each is allocated,
// filled, and written over its placeholders: the words from the trace's base
// frame up to the stack top, and the slots of the other instances made here (a
// virtual holding a virtual). This runs for every such exit that comes back
// to TypeScript; one linked natively to a side trace is materialized by the
// side trace's first uops instead (MATERIALIZE_AT_ENTRY). In TypeScript, not
// C, because tier-1's allocator may need to collect or grow the heap (the
// scratch area is a root; no collection runs until the instances are in the
// frames).
import { LAYOUT as L } from '../../../build/layout.ts';
import { VIRTUAL_FIELDS_FIRST, type Heap } from '../heap/heap.ts';
import { PLACEHOLDER_HI, type ExitVirtuals } from './optimizer/virtuals.ts';

const INSTANCE_INLINE_W = L.INSTANCE_INLINE_SLOTS / 8;

/** Materializes the virtuals `info` lists; frameAddr/spAddr: the exit's frame and stack top. Returns how many. */
export function materializeVirtualsAtExit(heap: Heap, info: ExitVirtuals, frameAddr: number, spAddr: number): number {
  let baseW = heap.wordOf(frameAddr);
  for (let i = 0; i < info.depth; i++) baseW = heap.wordOf(heap.readI64(baseW + L.FRAME_PREVIOUS / 8));
  const spW = heap.wordOf(spAddr);
  const fieldsW = heap.scratchW + VIRTUAL_FIELDS_FIRST;
  const made = new Map<number, number>();
  heap.withoutCollection(() => {
    for (const v of info.virtuals) {
      const capacity = Math.max(1, v.words);
      const o = heap.allocate(L.OBJ_INSTANCE, L.INSTANCE_INLINE_SLOTS + capacity * 8);
      heap.writeI64(o + L.INSTANCE_CLASS / 8, v.classAddress);
      heap.writeI64(o + L.INSTANCE_SHAPE / 8, v.shape);
      heap.writeI64(o + L.INSTANCE_CAPACITY / 8, capacity);
      heap.writeI64(o + L.INSTANCE_SLOTS / 8, heap.addressOf(o + INSTANCE_INLINE_W));
      setWord(heap, o + L.INSTANCE_BASE / 8, NONE_HI, 0);
      for (let i = 0; i < capacity; i++) {
        if (i < v.words) copyFrom(heap, fieldsW + v.fieldsBase + i, o + INSTANCE_INLINE_W + i);
        else setWord(heap, o + INSTANCE_INLINE_W + i, UNBOUND_HI, 0);
      }
      made.set(v.id, o);
    }
    // Placeholders in the frames, then in the new instances' own slots.
    for (let w = baseW; w < spW; w++) replace(heap, made, w);
    for (const [, o] of made) for (let i = 0; i < heap.readI64(o + L.INSTANCE_CAPACITY / 8); i++) replace(heap, made, o + INSTANCE_INLINE_W + i);
  });
  return made.size;
}

const UNBOUND_HI = (L.TAG_UNBOUND << 16) >>> 0;
const NONE_HI = (L.TAG_NONE << 16) >>> 0;

function setWord(heap: Heap, to: number, hi: number, lo: number): void {
  heap.u32[2 * to] = lo;
  heap.u32[2 * to + 1] = hi;
}

function copyFrom(heap: Heap, from: number, to: number): void {
  heap.u32[2 * to] = heap.u32[2 * from];
  heap.u32[2 * to + 1] = heap.u32[2 * from + 1];
}

/** If word w is the placeholder of an instance made here, the instance's word instead. */
function replace(heap: Heap, made: ReadonlyMap<number, number>, w: number): void {
  if (heap.u32[2 * w + 1] !== PLACEHOLDER_HI) return;
  const o = made.get(heap.u32[2 * w]);
  if (o !== undefined) heap.setObject(w, o);
}
