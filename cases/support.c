// The C support library: helpers that stencils call, and the C-ABI entry shim
// through which the runtime enters a trace. Compiled by the generator into the
// support stencil and linked in memory by the runtime (no C compiler at run time).
#include "template.h"

static inline double copy_sign(double magnitude, double sign) {
  Value m = BOX_FLOAT(magnitude) & ~(1ull << 63);
  return UNBOX_FLOAT(m | (BOX_FLOAT(sign) & (1ull << 63)));
}

static inline int is_finite(double d) { return d - d == 0.0; }

double support_float_mod(double a, double b) {
  double m = fmod(a, b);
  if (m != 0.0) {
    if ((b < 0.0) != (m < 0.0)) m += b;
  } else {
    m = copy_sign(0.0, b);
  }
  return m;
}

double support_float_pow(double base, double exponent, int *ok) {
  // 0.0 ** negative raises ZeroDivisionError; negative ** fractional gives a
  // complex number: both are tier-1's business.
  if (base == 0.0 && exponent < 0.0) { *ok = 0; return 0.0; }
  if (base < 0.0 && is_finite(base) && is_finite(exponent) && floor(exponent) != exponent) { *ok = 0; return 0.0; }
  double r = pow(base, exponent);
  // Overflow of finite inputs raises OverflowError.
  if (!is_finite(r) && is_finite(base) && is_finite(exponent)) { *ok = 0; return 0.0; }
  return r;
}

double support_math1(int64_t which, double x) {
  switch (which) {
#define MATH1_CASE(NAME, name) case MATH1_##NAME: return name(x);
    MATH1_FUNCTIONS(MATH1_CASE)
#undef MATH1_CASE
  }
  return __builtin_nan("");
}

Value support_str_affix(VMState *vm, uint64_t prefix, StrObject *middle, uint64_t suffix) {
  return str_affix(vm, prefix, middle, 0, 0, suffix);
}

// Makes freshly written or re-patched code visible to instruction fetch.
// aarch64 has no coherence between the data and instruction caches: after the
// patcher's stores, every D-cache line of [start, end) is cleaned to the point
// of unification (dc cvau), then every I-cache line is invalidated (ic ivau),
// each pass completed by a dsb ish, and an isb discards instructions this core
// already fetched. Line sizes come from CTR_EL0 (DminLine bits 16-19, IminLine
// bits 0-3, log2 of words); CTR_EL0.IDC / .DIC say a pass is not needed. This is
// what libgcc's __clear_cache does, without depending on it (the support code
// links against nothing but libm). x86_64 keeps its caches coherent: no-op.
//
// Who calls it: the aarch64 harness (test/fixtures/aarch64/harness.c) after
// writing a blob, and JitRuntime when the host is aarch64, after compile(),
// linkExit() and unlinkExit() (runtime/jit/jit-runtime.ts), always after the
// mprotect to read+execute and before the code can run.
void support_flush_icache(char *start, char *end) {
#if defined(__aarch64__)
  uint64_t ctr;
  __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
  uintptr_t dline = (uintptr_t)4 << ((ctr >> 16) & 0xf);
  uintptr_t iline = (uintptr_t)4 << (ctr & 0xf);
  uintptr_t from = (uintptr_t)start, to = (uintptr_t)end;
  if (!(ctr & (1ull << 28))) {
    for (uintptr_t a = from & ~(dline - 1); a < to; a += dline) __asm__ volatile("dc cvau, %0" : : "r"(a) : "memory");
  }
  __asm__ volatile("dsb ish" : : : "memory");
  if (!(ctr & (1ull << 29))) {
    for (uintptr_t a = from & ~(iline - 1); a < to; a += iline) __asm__ volatile("ic ivau, %0" : : "r"(a) : "memory");
    __asm__ volatile("dsb ish" : : : "memory");
  }
  __asm__ volatile("isb" : : : "memory");
#else
  (void)start;
  (void)end;
#endif
}

// Enters a trace (or any stencil chain) with the VM state in the pinned
// registers; returns the number of the exit that fired.
int64_t jit_enter(StencilFunction entry, Frame *frame, Value *sp, VMState *vm) {
  // The stencils keep the top of the stack in a register (sp[-1] when empty: harmless).
  entry(frame, sp, vm, sp[-1], 0.0, 0.0, 0.0);
  return vm->exit_index;
}

// SIGINT's handler while a program runs (the runtime installs it with
// sigaction: runtime/vm/signals/sigint-handler.ts). Async-signal-safe: two
// stores. vm_interrupt_cell is a page of the runtime's: word 0 is the running
// VM's VMState.interrupt (or 0 between programs), word 1 a pending flag the
// next VM to start takes over.
extern int64_t *volatile vm_interrupt_cell[2];
void support_on_sigint(int signo) {
  (void)signo;
  vm_interrupt_cell[1] = (int64_t *)1;
  int64_t *word = vm_interrupt_cell[0];
  if (word) *(volatile int64_t *)word = 1;
}

// The next lent run with room for `bytes` and what NEW_VIRTUAL reserved (cases/vm.h
// VMState.alloc_runs): the run left behind records where its free tail starts.
// Runs too small are passed over whole.
int support_next_alloc_run(VMState *vm, uint64_t bytes) {
  uint64_t reserved = (uint64_t)(vm->alloc_run_end - vm->alloc_end);
  for (int64_t i = vm->alloc_run; i < vm->alloc_run_count; i++) {
    char *start = vm->alloc_runs[2 * i], *end = vm->alloc_runs[2 * i + 1];
    if ((uint64_t)(end - start) < bytes + reserved) continue;
    vm->alloc_runs[2 * (vm->alloc_run - 1)] = vm->alloc_ptr;
    vm->alloc_ptr = start;
    vm->alloc_end = end - reserved;
    vm->alloc_run_end = end;
    vm->alloc_run = i + 1;
    return 1;
  }
  return 0;
}
