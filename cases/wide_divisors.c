// Wide-int floor division and modulo by a divisor that rarely changes (`% m`
// and `// m` in a loop, m a local or a constant): the same as the
// cases/wide_ints.c and cases/wide_temporaries.c uops, but an int64 dividend
// and a positive int64 divisor are divided by multiplying with a reciprocal
// the uop instance remembers in a pinned cell of its own (OPERAND1; computed
// again when the divisor changes), not by a hardware division. Chosen for
// every such uop by runtime/vm/tracing/optimizer/wide-divisors.ts. Exits as
// the uops they replace do (operands past int128, a zero divisor, a full buffer).

/// a // b, the reciprocal of b remembered.
uop FLOORDIV_WIDE_INV (left, right -- res) {
  int64_t x, y, z, m64;
  int fits = I64_OF(left, &x) && I64_OF(right, &y);
  if (fits && y > 0) {
    i64_floor_divmod_remembered(x, y, OPERAND1, &z, &m64);
    EXIT_IF(!vm_box_i64(vm, z, &res));
  } else if (fits && !i64_floor_divmod(x, y, &z, &m64)) {
    EXIT_IF(!vm_box_i64(vm, z, &res));
  } else {
    wide_int a, b, q, m;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(wide_floor_divmod(a, b, &q, &m));
    EXIT_IF(!vm_box_wide_int(vm, q, &res));
  }
}

/// a % b, the reciprocal of b remembered.
uop MOD_WIDE_INV (left, right -- res) {
  int64_t x, y, z, q64;
  int fits = I64_OF(left, &x) && I64_OF(right, &y);
  if (fits && y > 0) {
    i64_floor_divmod_remembered(x, y, OPERAND1, &q64, &z);
    EXIT_IF(!vm_box_i64(vm, z, &res));
  } else if (fits && !i64_floor_divmod(x, y, &q64, &z)) {
    EXIT_IF(!vm_box_i64(vm, z, &res));
  } else {
    wide_int a, b, q, m;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(wide_floor_divmod(a, b, &q, &m));
    EXIT_IF(!vm_box_wide_int(vm, m, &res));
  }
}

/// a // b into its own box (OPERAND0), the reciprocal of b remembered.
uop FLOORDIV_WIDE_T_INV (left, right -- res) {
  int64_t x, y, z, m64;
  int fits = I64_OF(left, &x) && I64_OF(right, &y);
  if (fits && y > 0) {
    i64_floor_divmod_remembered(x, y, OPERAND1, &z, &m64);
    res = box_i64_into(z, OPERAND0);
  } else if (fits && !i64_floor_divmod(x, y, &z, &m64)) {
    res = box_i64_into(z, OPERAND0);
  } else {
    wide_int a, b, q, m;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(wide_floor_divmod(a, b, &q, &m));
    res = box_wide_into(q, OPERAND0);
  }
}

/// a % b into its own box (OPERAND0), the reciprocal of b remembered.
uop MOD_WIDE_T_INV (left, right -- res) {
  int64_t x, y, z, q64;
  int fits = I64_OF(left, &x) && I64_OF(right, &y);
  if (fits && y > 0) {
    i64_floor_divmod_remembered(x, y, OPERAND1, &q64, &z);
    res = box_i64_into(z, OPERAND0);
  } else if (fits && !i64_floor_divmod(x, y, &q64, &z)) {
    res = box_i64_into(z, OPERAND0);
  } else {
    wide_int a, b, q, m;
    EXIT_IF(!WIDE_INT_OF(left, &a) || !WIDE_INT_OF(right, &b));
    EXIT_IF(wide_floor_divmod(a, b, &q, &m));
    res = box_wide_into(m, OPERAND0);
  }
}
