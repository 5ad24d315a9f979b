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

#endif
