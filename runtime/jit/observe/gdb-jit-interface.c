// GDB's JIT interface (gdb manual, "JIT Compilation Interface"): gdb finds
// these two symbols by name in a loaded object, breaks in
// __jit_debug_register_code and reads the entry the descriptor points at.
// Node exports neither, and stencil-jit's support code is linked in memory
// (no object gdb can see), so this file is built into a tiny shared object at
// generation time (build/gdb-jit-interface.ts) and dlopen'ed only under --gdb.
#include <stdint.h>

struct jit_code_entry {
  struct jit_code_entry *next_entry;
  struct jit_code_entry *prev_entry;
  const char *symfile_addr;
  uint64_t symfile_size;
};

struct jit_descriptor {
  uint32_t version;
  /* 0: nothing, 1: relevant_entry was registered, 2: it is being unregistered. */
  uint32_t action_flag;
  struct jit_code_entry *relevant_entry;
  struct jit_code_entry *first_entry;
};

__attribute__((visibility("default"))) struct jit_descriptor __jit_debug_descriptor = {1, 0, 0, 0};

/* gdb puts a breakpoint here: it must stay a real, called function. */
__attribute__((visibility("default"), noinline, used)) void __jit_debug_register_code(void) {
  __asm__ volatile("" ::: "memory");
}
