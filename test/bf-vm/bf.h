// The Brainfuck VM's state: a byte tape, an output and an input buffer, and
// where a run stopped. The JIT keeps the cell pointer in a register; nothing
// else is shared with the bundled Python VM. The TypeScript side reads these
// offsets from the generated layout.ts (layout.c).
#ifndef BF_H
#define BF_H

#include <stddef.h>
#include <stdint.h>

typedef struct BfState {
  uint8_t *tape;        // the first cell
  uint8_t *tape_end;    // one past the last cell
  uint8_t *out;         // output buffer
  int64_t out_len;      // bytes written
  int64_t out_cap;      // its size: a full buffer leaves the run
  const uint8_t *in;    // input
  int64_t in_len;
  int64_t in_pos;       // next byte to read; at the end `,` reads 0
  int64_t exit_index;   // the exit a run left by (the trace compiler's numbering)
  int64_t exit_trace;   // the trace id the exit reports
  uint8_t *ptr;         // the cell pointer when the run stopped
} BfState;

// A cell the program may touch: inside the tape.
static inline int bf_in_tape(const BfState *st, const uint8_t *cell) { return cell >= st->tape && cell < st->tape_end; }

#endif
