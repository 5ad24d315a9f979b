// The Brainfuck VM's support code: the entry shim through which the runtime
// runs a trace, and the instruction-cache flush an aarch64 host needs after
// patching code.
#include "template.h"

typedef PRESERVE_NONE void (*BfStencil)(BfState *st, uint8_t *p);

// Runs a trace from the state's pointer; returns the exit it left by.
int64_t bf_enter(BfStencil entry, BfState *st) {
  entry(st, st->ptr);
  return st->exit_index;
}

// Cleans the D-cache and invalidates the I-cache over [start, end) (aarch64).
void bf_flush_icache(char *start, char *end) {
#if defined(__aarch64__)
  uint64_t ctr;
  __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
  uintptr_t dline = (uintptr_t)4 << ((ctr >> 16) & 0xf), iline = (uintptr_t)4 << (ctr & 0xf);
  for (uintptr_t a = (uintptr_t)start & ~(dline - 1); a < (uintptr_t)end; a += dline) __asm__ volatile("dc cvau, %0" : : "r"(a) : "memory");
  __asm__ volatile("dsb ish" : : : "memory");
  for (uintptr_t a = (uintptr_t)start & ~(iline - 1); a < (uintptr_t)end; a += iline) __asm__ volatile("ic ivau, %0" : : "r"(a) : "memory");
  __asm__ volatile("dsb ish\n\tisb" : : : "memory");
#else
  (void)start;
  (void)end;
#endif
}
