// The Brainfuck VM's uops. A run of + - < > becomes ADD_AT at cell offsets and
// one MOVE; every access checks that its cell is on the tape (an exit if not).
// The oparg packs a cell offset (OFF, biased by 2^15) and a byte (VAL).

/// cell[OFF] += VAL (mod 256).
uop ADD_AT ( -- ) {
  uint8_t *cell = CELL_AT;
  EXIT_IF(!bf_in_tape(st, cell));
  *cell = (uint8_t)(*cell + OPARG_FIELD(VAL));
}

/// cell[OFF] = 0 (the `[-]` idiom).
uop CLEAR_AT ( -- ) {
  uint8_t *cell = CELL_AT;
  EXIT_IF(!bf_in_tape(st, cell));
  *cell = 0;
}

/// cell[OFF] += VAL * cell[0], the body of a multiply loop such as `[->++<]`.
uop MUL_ADD_AT ( -- ) {
  uint8_t *cell = CELL_AT;
  EXIT_IF(!bf_in_tape(st, cell) || !bf_in_tape(st, p));
  *cell = (uint8_t)(*cell + OPARG_FIELD(VAL) * *p);
}

/// The pointer moves by OPARG - 2^30 cells (it may leave the tape: the next access exits).
uop MOVE ( -- ) {
  p += OPARG - 0x40000000;
}

/// Write cell[OFF] to the output; a full output buffer exits first.
uop OUT_AT ( -- ) {
  uint8_t *cell = CELL_AT;
  EXIT_IF(!bf_in_tape(st, cell) || st->out_len >= st->out_cap);
  st->out[st->out_len++] = *cell;
}

/// Read the next input byte into cell[OFF] (0 at the end of the input).
uop IN_AT ( -- ) {
  uint8_t *cell = CELL_AT;
  EXIT_IF(!bf_in_tape(st, cell));
  *cell = st->in_pos < st->in_len ? st->in[st->in_pos++] : 0;
}

/// `[`: go on after the matching `]` when the cell is 0.
uop JUMP_IF_ZERO ( -- ) {
  EXIT_IF(!bf_in_tape(st, p));
  JUMP_IF(*p == 0);
}

/// `]`: go back after the matching `[` when the cell is not 0.
uop JUMP_IF_NONZERO ( -- ) {
  EXIT_IF(!bf_in_tape(st, p));
  JUMP_IF(*p != 0);
}

/// Leave the trace: exit number OPARG of trace OPERAND0 (exit stubs are made of it).
uop EXIT ( -- ) {
  st->exit_index = OPARG;
  st->exit_trace = (int64_t)OPERAND0;
  st->ptr = p;
  return;
}
