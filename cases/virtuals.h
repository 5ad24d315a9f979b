// Allocation removal's words (cases/virtuals.c, runtime/vm/tracing/optimizer/virtuals.ts):
// the fields of virtual instances live in the VM scratch area from word 64 on
// (runtime/vm/heap/heap.ts VIRTUAL_FIELDS_FIRST, VIRTUAL_FIELD_WORDS; the
// collector marks the whole scratch area), and a placeholder word, never an
// object's, stands where the instance would be.
#ifndef VIRTUALS_H
#define VIRTUALS_H
#include "vm.h"

#define VIRTUAL_FIELDS ((Value *)vm->scratch + 64)
#define VIRTUAL_MARK 0x7600000000ull
#define VIRTUAL_PLACEHOLDER(id) (UNBOUND_VALUE | VIRTUAL_MARK | (uint64_t)(id))
// The block of a materialized virtual instance of `words` slot words (at least one).
#define VIRTUAL_INSTANCE_BYTES(words) HEAP_BLOCK_BYTES(sizeof(InstanceObject) + (uint64_t)((words) > 0 ? (words) : 1) * sizeof(Value))

// A materialized virtual instance `o` (its block already taken) filled in:
// class `cls`, shape `shape`, `words` field words from VIRTUAL_FIELDS + first
// as its slots; then written over its placeholder (id `id`) in the frames from
// `depth` frames below `frame` up to `sp`, and in the first `scan` field words.
static inline void virtual_fill(VMState *vm, Frame *frame, Value *sp, InstanceObject *o, Value cls, int64_t shape, int64_t first, int64_t words, int64_t id, int64_t depth, int64_t scan) {
  int64_t capacity = words > 0 ? words : 1;
  o->cls = (ClassObject *)UNBOX_OBJ(cls);
  o->shape = shape;
  o->capacity = capacity;
  o->slots = o->inline_slots;
  o->base = NONE_VALUE;
  Value *fields = VIRTUAL_FIELDS + first;
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < capacity; i++) o->inline_slots[i] = i < words ? fields[i] : UNBOUND_VALUE;
  Value placeholder = VIRTUAL_PLACEHOLDER(id);
  Value object = BOX_OBJ(o);
  Frame *base = frame;
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < depth; i++) base = base->previous;
#pragma clang loop vectorize(disable) unroll(disable)
  for (Value *p = (Value *)base; p < sp; p++) if (*p == placeholder) *p = object;
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < scan; i++) if (VIRTUAL_FIELDS[i] == placeholder) VIRTUAL_FIELDS[i] = object;
}

#endif
