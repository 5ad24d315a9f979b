// Seeded generator of random well-typed Python programs for differential
// fuzzing: int (small, boundary and big), float and list arithmetic inside
// ifs and loops. Programs never raise: divisors are guarded with `(d or 1)`,
// assignments are reduced modulo a bound so values stay finite and printable.
// Options (for the JIT fuzzer) lengthen loops and call each program several
// times; the defaults generate exactly the programs they always did.

export interface GeneratorOptions {
  /** Multiplies loop trip counts (range stops, while bounds). Default 1. */
  loopScale?: number;
  /** How many times a batch calls each program. Default 1. */
  calls?: number;
  /** Give each program a recursive helper function that its statements call. Default false. */
  recursion?: boolean;
  /** Give each program two str variables built with + and += and constant-str subscripts. Default false. */
  strings?: boolean;
  /**
   * The full language: each program gets a class hierarchy (attributes, methods,
   * special methods, a property, super()), a dict, a set, a closure counter and
   * a generator, and statements that use them, with exceptions raised and caught
   * (IndexError, KeyError, a user exception, finally). Default false.
   */
  objects?: boolean;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INT_VARS = ['a0', 'a1', 'a2', 'a3'];
const FLOAT_VARS = ['f0', 'f1', 'f2'];
const INT_LITERALS = ['0', '1', '-1', '2', '3', '7', '-13', '100', '12345', '140737488355327', '-140737488355328',
  '140737488355328', '2 ** 47', '2 ** 64', '-(2 ** 70)', '10 ** 20', '99999999999', '65536', '-65537',
  // Across the VM's int representations: 2^31, 2^48 (small ints), 2^53 (floats), 2^63, 2^64 and 2^127 (inline big ints).
  '2147483647', '-2147483649', '2 ** 48 - 1', '-(2 ** 48)', '2 ** 53 + 1', '2 ** 63 - 1', '-(2 ** 63)', '2 ** 63',
  '2 ** 64 - 1', '-(2 ** 64) - 1', '2 ** 126', '2 ** 127 - 1', '-(2 ** 127)', '2 ** 127', '3037000499'];
const FLOAT_LITERALS = ['0.0', '0.5', '-1.25', '3.0', '0.1', '1e10', '-2.5e-3', '1.0 / 3.0', '123.456', '1e-5', '2.0'];
/** Pieces appended to the str variables: constants (empty, non-latin-1 too) and constant subscripts. */
const STR_LITERALS = ['""', '"a"', '"xy"', '" .:-"', '"é€"'];
const STR_VARS = ['S0', 'S1'];
const MODULI = ['1000003', '(2 ** 61 - 1)', '(10 ** 30 + 7)', '(2 ** 47 + 5)', '-97', '65536', '(2 ** 100)', '(2 ** 63 - 25)', '(-(2 ** 127) + 1)'];

export class ProgramGenerator {
  private readonly rnd: () => number;
  private loopVars: string[] = [];
  private loopCounter = 0;
  private readonly scale: number;
  private readonly recursion: boolean;
  private readonly strings: boolean;
  private readonly objects: boolean;
  /** The current program's class names (objects mode). */
  private cls = '';
  /** The current program's recursive helper and whether it recurses twice per call (then calls stay shallow). */
  private helper: { name: string; twice: boolean } | null = null;

  constructor(seed: number, options: GeneratorOptions = {}) {
    this.rnd = mulberry32(seed);
    this.scale = options.loopScale ?? 1;
    this.recursion = options.recursion ?? false;
    this.strings = options.strings ?? false;
    this.objects = options.objects ?? false;
  }

  /** A loop bound drawn as before, scaled (no extra random draws: default output is unchanged). */
  private bound(lo: number, hi: number): number { return this.int(lo, hi) * this.scale; }

  private pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.rnd() * xs.length)]; }
  private int(lo: number, hi: number): number { return lo + Math.floor(this.rnd() * (hi - lo + 1)); }
  private chance(p: number): boolean { return this.rnd() < p; }

  intExpr(depth: number): string {
    if (depth <= 0 || this.chance(0.3)) {
      const r = this.rnd();
      if (r < 0.5) return this.pick([...INT_VARS, ...this.loopVars]);
      if (r < 0.8) return this.pick(INT_LITERALS);
      return String(this.int(-50, 50));
    }
    const a = this.intExpr(depth - 1);
    const b = this.intExpr(depth - 1);
    switch (this.int(0, 16)) {
      case 0: case 1: return `(${a} + ${b})`;
      case 2: case 3: return `(${a} - ${b})`;
      case 4: case 5: return `(${a} * ${b})`;
      case 6: return `(${a} // (${b} or 1))`;
      case 7: return `(${a} % (${b} or 1))`;
      case 8: return `(-${a})`;
      case 9: return `abs(${a})`;
      case 10: return `${this.pick(['min', 'max'])}(${a}, ${b})`;
      case 11: return `(${a}) ** ${this.int(0, 3)}`;
      case 12: return `(${a} ${this.pick(['&', '|', '^'])} ${b})`;
      case 13: return `(${a} ${this.pick(['<<', '>>'])} ${this.int(0, 70)})`;
      case 14: return `L[(${a}) % len(L)]`;
      case 15: {
        const f = this.pick(FLOAT_VARS);
        return `(int(${f}) if abs(${f}) < 1e15 else 0)`;
      }
      default: return `(${a} if ${this.cond(depth - 1)} else ${b})`;
    }
  }

  floatExpr(depth: number): string {
    if (depth <= 0 || this.chance(0.3)) {
      return this.chance(0.6) ? this.pick(FLOAT_VARS) : this.pick(FLOAT_LITERALS);
    }
    const a = this.floatExpr(depth - 1);
    const b = this.floatExpr(depth - 1);
    switch (this.int(0, 11)) {
      case 0: case 1: return `(${a} + ${b})`;
      case 2: case 3: return `(${a} - ${b})`;
      case 4: case 5: return `(${a} * ${b})`;
      case 6: return `(${a} / (${b} or 1.0))`;
      case 7: return `(${a} // (${b} or 1.0))`;
      case 8: return `(${a} % (${b} or 1.0))`;
      case 9: return `(${a} + ${this.intExpr(depth - 1)} % 1000)`;
      case 10: return `(${this.intExpr(depth - 1)} / (${this.intExpr(depth - 1)} or 1))`;
      default: return `math.sqrt(abs(${a}))`;
    }
  }

  cond(depth: number): string {
    switch (this.int(0, 6)) {
      case 0: return `${this.intExpr(depth)} < ${this.intExpr(depth)}`;
      case 1: return `${this.intExpr(depth)} % 3 == 0`;
      case 2: return `${this.floatExpr(depth)} >= ${this.intExpr(depth)}`;
      case 3: return `not ${this.intExpr(depth)} == ${this.intExpr(depth)}`;
      case 4: return `${this.intExpr(depth)} <= ${this.intExpr(depth)} < ${this.intExpr(depth)}`;
      case 5: return `(${this.intExpr(depth)} > 0 and ${this.floatExpr(depth)} != 0.5)`;
      default: return `(${this.intExpr(depth)} in L or ${this.intExpr(depth)} != 7)`;
    }
  }

  private intAssign(): string {
    const v = this.pick(INT_VARS);
    const e = this.intExpr(3);
    const r = this.rnd();
    if (r < 0.3) return `${v} += ${e} % ${this.pick(MODULI)}`;
    return `${v} = (${e}) % ${this.pick(MODULI)}`;
  }

  private floatAssign(): string {
    const v = this.pick(FLOAT_VARS);
    if (this.chance(0.3)) return `${v} ${this.pick(['+=', '-=', '*='])} ${this.floatExpr(2)} % 97.0`;
    return `${v} = (${this.floatExpr(3)}) % ${this.pick(['997.0', '-13.5', '1e6', '2.0'])}`;
  }

  private statement(indent: string, depth: number): string[] {
    const r = this.rnd();
    if (depth > 0 && r < 0.12) {
      const body = this.block(indent + '    ', depth - 1);
      const orelse = this.chance(0.5) ? [`${indent}else:`, ...this.block(indent + '    ', depth - 1)] : [];
      return [`${indent}if ${this.cond(2)}:`, ...body, ...orelse];
    }
    if (depth > 0 && r < 0.24) {
      const v = `i${this.loopCounter++}`;
      const args = this.pick([
        `${this.bound(0, 6)}`, `${this.int(-3, 2)}, ${this.bound(3, 7)}`, `${this.bound(5, 9)}, ${this.int(-2, 2)}, -${this.int(1, 3)}`,
        `0, ${this.bound(3, 9)}, ${this.int(2, 3)}`,
      ]);
      this.loopVars.push(v);
      const body = this.block(indent + '    ', depth - 1);
      this.loopVars.pop();
      return [`${indent}for ${v} in range(${args}):`, ...body];
    }
    if (depth > 0 && r < 0.3) {
      const c = `w${this.loopCounter++}`;
      const body = this.block(indent + '    ', depth - 1);
      return [`${indent}${c} = 0`, `${indent}while ${c} < ${this.bound(1, 5)}:`, `${indent}    ${c} += 1`,
        ...(this.chance(0.3) ? [`${indent}    if ${c} == 2:`, `${indent}        continue`] : []),
        ...body,
        ...(this.chance(0.2) ? [`${indent}    if ${this.cond(1)}:`, `${indent}        break`] : [])];
    }
    if (depth > 0 && r < 0.34) {
      const v = `x${this.loopCounter++}`;
      this.loopVars.push(v);
      const body = this.block(indent + '    ', depth - 1);
      this.loopVars.pop();
      // `for x in L[0:]` over a body that appends doubles L; with loops around it
      // that is exponential (seed 31 of the tier-1 fuzzer printed 450 MB), so the
      // loop iterates over the last five items at most.
      const from = this.int(-4, 0);
      return [`${indent}for ${v} in L[${from === 0 ? -5 : from}:]:`, ...body];
    }
    if (this.objects && r >= 0.34 && r < 0.52) return this.objectStatement(indent);
    if (this.helper && r < 0.45) {
      const depth = this.helper.twice ? this.int(0, 12) : this.int(0, 90);
      return [`${indent}${this.pick(INT_VARS)} = (${this.helper.name}(${depth}, ${this.intExpr(1)}, ${this.intExpr(1)})) % ${this.pick(MODULI)}`];
    }
    if (this.strings && r >= 0.45 && r < 0.6) return this.strAssign(indent);
    if (r < 0.6) return [`${indent}${this.intAssign()}`];
    if (r < 0.8) return [`${indent}${this.floatAssign()}`];
    if (r < 0.86) return [`${indent}L.append((${this.intExpr(2)}) % ${this.pick(MODULI)})`];
    if (r < 0.9) return [`${indent}L[(${this.intExpr(2)}) % len(L)] = ${this.intExpr(2)} % ${this.pick(MODULI)}`];
    if (r < 0.94) return [`${indent}${this.pick(INT_VARS)} = ${this.pick(['sum(L)', 'max(L)', 'min(L)', 'len(L)', 'L[-1]'])} % ${this.pick(MODULI)}`];
    return [`${indent}print(${this.pick([...INT_VARS, ...FLOAT_VARS, ...this.loopVars])}, ${this.floatExpr(1)}, ${this.intExpr(1)})`];
  }

  /** A small int expression for keys and indices (loop variables and int variables, reduced). */
  private smallKey(): string {
    return `(${this.pick([...INT_VARS, ...this.loopVars, ...this.loopVars])} % ${this.int(3, 17)})`;
  }

  /** A statement using the program's objects, dict D, set S, closure CNT and generator function. */
  private objectStatement(indent: string): string[] {
    const k = this.smallKey();
    const v = this.pick(INT_VARS);
    const mod = this.pick(MODULI);
    switch (this.int(0, 15)) {
      case 0: return [`${indent}D[${k}] = (${this.intExpr(2)}) % ${mod}`];
      case 1: return [`${indent}${v} = (D.get(${k}, ${this.int(-3, 3)}) + ${this.intExpr(1)}) % ${mod}`];
      case 2: return [`${indent}if ${k} in D:`, `${indent}    del D[${k}]`, `${indent}else:`, `${indent}    D.setdefault(${k}, len(D))`];
      case 3: return [`${indent}S.add(${k})`, `${indent}S.discard(${this.smallKey()})`];
      case 4: return [`${indent}S = (S ${this.pick(['|', '&', '-', '^'])} {${k}, ${this.int(0, 9)}, ${this.smallKey()}}) or {${this.int(0, 5)}}`];
      case 5: return [`${indent}O.bump(${this.intExpr(1)} % 1000)`, `${indent}${v} = (O.total + len(O)) % ${mod}`];
      case 6: return [`${indent}O = O + ${this.cls}(${this.intExpr(1)} % 100, ${this.intExpr(1)} % 100)`];
      case 7: return [`${indent}O.scale = ${this.int(1, 5)}`, `${indent}${v} = (O.scaled + O[${this.int(0, 1)}] + (O == ${this.cls}(1, 2))) % ${mod}`];
      case 8: return [`${indent}try:`, `${indent}    ${v} = L[${this.intExpr(1)} % 9]`, `${indent}except IndexError:`, `${indent}    ${v} = -1`];
      case 9: return [`${indent}try:`, `${indent}    ${v} = D[${k}] + ${this.intExpr(1)}`, `${indent}except KeyError as e:`, `${indent}    ${v} = (e.args[0] * 3) % ${mod}`, `${indent}finally:`, `${indent}    D[${this.smallKey()}] = 1`];
      case 10: return [`${indent}try:`, `${indent}    O.check(${this.intExpr(1)})`, `${indent}except ValueError as e:`, `${indent}    ${v} = len(str(e))`, `${indent}else:`, `${indent}    ${v} = 2`];
      case 11: return [`${indent}${v} = (CNT(${this.int(1, 4)}) + CNT()) % ${mod}`];
      case 12: return [`${indent}${v} = sum(x * ${this.int(1, 3)} for x in L[-6:] if x % 2 == 0) % ${mod}`];
      case 13: return [`${indent}${v} = sum(O.walk(${this.int(0, 6)})) % ${mod}`];
      case 14: return [`${indent}${v} = (sum(D.values()) + sum(k2 * 3 for k2 in D) + len(S) + sum(sorted(S)[:3])) % ${mod}`];
      default: return [`${indent}print(sorted(D.items())[:6], S, O, {${k}: O.total % 7})`];
    }
  }

  /** The class hierarchy a program in objects mode uses (module level, before the program). */
  private classes(name: string): string {
    const base = `${name}_Base`;
    const cls = `${name}_Obj`;
    this.cls = cls;
    const m = this.pick(MODULI);
    return [
      `class ${name}_Error(ValueError):`,
      `    pass`,
      `class ${base}:`,
      `    scale = ${this.int(1, 3)}`,
      `    def __init__(self, a, b):`,
      `        self.a = a`,
      `        self.b = b`,
      `        self.total = a + b`,
      `    def bump(self, k):`,
      `        self.total = (self.total + k * self.scale) % ${m}`,
      `        return self`,
      `    @property`,
      `    def scaled(self):`,
      `        return self.total * self.scale`,
      `    def check(self, x):`,
      `        if x % ${this.int(2, 5)} == 0:`,
      `            raise ${name}_Error("bad " + str(x))`,
      `    def walk(self, n):`,
      `        for i in range(n):`,
      `            yield (self.a * i + self.b) % 97`,
      `class ${cls}(${base}):`,
      `    def __init__(self, a, b):`,
      `        super().__init__(a, b)`,
      `        self.extra = a * b`,
      `    def __add__(self, other):`,
      `        return ${cls}((self.a + other.a) % 1000, (self.b + other.b) % 1000)`,
      `    def __eq__(self, other):`,
      `        return isinstance(other, ${cls}) and self.a == other.a and self.b == other.b`,
      `    def __hash__(self):`,
      `        return hash((self.a, self.b))`,
      `    def __len__(self):`,
      `        return self.a % 10`,
      `    def __getitem__(self, i):`,
      `        return (self.a, self.b)[i]`,
      `    def __repr__(self):`,
      `        return "${cls}(" + str(self.a) + ", " + str(self.b) + ", " + str(self.total) + ")"`,
      `def ${name}_counter():`,
      `    count = 0`,
      `    def inc(step=1):`,
      `        nonlocal count`,
      `        count += step`,
      `        return count`,
      `    return inc`,
    ].join('\n') + '\n';
  }

  /** A str piece: a constant, a str variable, or a constant str indexed (negative indices too). */
  private strPiece(): string {
    switch (this.int(0, 3)) {
      case 0: return this.pick(STR_LITERALS);
      case 1: return this.pick(STR_VARS);
      // Loop variables are small ints (the int variables are often big ones).
      case 2: return `" .:-=+*%@"[${this.pick([...INT_VARS, ...this.loopVars, ...this.loopVars])} % ${this.pick(['9', '-9'])}]`;
      default: return `"abé"[(${this.intExpr(1)}) % 3]`;
    }
  }

  /** Appends, prepends or joins strs (ropes in traces), then cuts a str that grew long (slices, in tier-1). */
  private strAssign(indent: string): string[] {
    const v = this.pick(STR_VARS);
    const a = this.strPiece();
    const line = this.pick([`${v} += ${a}`, `${v} += ${a}`, `${v} = ${a} + ${v}`, `${v} = ${v} + ${a} + ${this.strPiece()}`]);
    return [`${indent}${line}`, `${indent}if len(${v}) > 120:`, `${indent}    ${v} = ${v}[${this.pick(['-40:', ':40', '::3'])}]`];
  }

  private block(indent: string, depth: number): string[] {
    const n = this.int(1, 4);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(...this.statement(indent, depth));
    return out;
  }

  /** An int expression over the recursive helper's parameters n, x, y (n >= 0). */
  private helperExpr(depth: number): string {
    if (depth <= 0 || this.chance(0.3)) return this.pick(['n', 'x', 'y', 'x', 'y', String(this.int(-9, 9)), this.pick(INT_LITERALS)]);
    const a = this.helperExpr(depth - 1);
    const b = this.helperExpr(depth - 1);
    switch (this.int(0, 7)) {
      case 0: case 1: return `(${a} + ${b})`;
      case 2: return `(${a} - ${b})`;
      case 3: case 4: return `(${a} * ${b}) % ${this.pick(MODULI)}`;
      case 5: return `(${a} // (${b} or 1))`;
      case 6: return `abs(${a})`;
      default: return `(${a} if ${a} < ${b} else ${b})`;
    }
  }

  /**
   * A recursive function: a base case, then one or two self-calls (two only
   * behind a depth cap the call sites respect), with branches and big-int growth.
   */
  private recursiveHelper(name: string, twice: boolean): string {
    const lines = [`def ${name}(n, x, y):`, `    if n <= ${this.int(0, 2)}:`, `        return ${this.helperExpr(2)}`];
    if (this.chance(0.5)) lines.push(`    if ${this.helperExpr(1)} < ${this.helperExpr(1)}:`, `        return ${name}(n - 1, ${this.helperExpr(2)}, ${this.helperExpr(1)}) + ${this.helperExpr(2)}`);
    const call = (k: number) => `${name}(n - ${k}, ${this.helperExpr(2)}, ${this.helperExpr(2)})`;
    lines.push(`    return (${twice ? `${call(1)} ${this.pick(['+', '-', '*'])} ${call(2)}` : `${call(this.int(1, 2))} ${this.pick(['+', '-', '*'])} ${this.helperExpr(2)}`}) % ${this.pick(MODULI)}`);
    return lines.join('\n') + '\n';
  }

  /** One program as the body of `def name():` (so its variables are locals), after its recursive helper when asked for. */
  program(name: string): string {
    this.loopVars = [];
    let helper = '';
    this.helper = null;
    if (this.recursion) {
      this.helper = { name: `${name}_rec`, twice: this.chance(0.4) };
      helper = this.recursiveHelper(this.helper.name, this.helper.twice);
    }
    const classes = this.objects ? this.classes(name) : '';
    const lines = [`def ${name}():`];
    for (const v of INT_VARS) lines.push(`    ${v} = ${this.pick(INT_LITERALS)}`);
    if (this.objects) {
      lines.push(`    D = {${this.int(0, 5)}: ${this.int(0, 9)}}`, `    S = {${this.int(0, 5)}, ${this.int(0, 9)}}`);
      lines.push(`    O = ${this.cls}(${this.int(0, 9)}, ${this.int(0, 9)})`, `    CNT = ${name}_counter()`);
    }
    for (const v of FLOAT_VARS) lines.push(`    ${v} = ${this.pick(FLOAT_LITERALS)}`);
    lines.push(`    L = [${Array.from({ length: this.int(1, 5) }, () => this.pick(INT_LITERALS)).join(', ')}]`);
    if (this.strings) lines.push('    S0 = ""', '    S1 = "s"');
    lines.push(...this.block('    ', 3));
    lines.push(...this.block('    ', 2));
    lines.push(`    print(${[...INT_VARS, ...FLOAT_VARS].join(', ')}, L[-6:], len(L))`);
    if (this.strings) lines.push('    print(len(S0), S0, len(S1), S1)');
    if (this.objects) lines.push('    print(sorted(D.items()), S, O, CNT(0))');
    return classes + helper + lines.join('\n') + '\n';
  }
}

/** A batch of programs as one module: each runs after a marker line naming it. */
export function generateBatch(seed: number, first: number, count: number, options: GeneratorOptions = {}): string {
  const gen = new ProgramGenerator(seed, options);
  const calls = options.calls ?? 1;
  const parts = ['import math\n'];
  for (let k = first; k < first + count; k++) {
    parts.push(gen.program(`prog_${k}`));
    parts.push(`print("== prog_${k}")\n${`prog_${k}()\n`.repeat(calls)}`);
  }
  return parts.join('');
}

/** The part of a batch's output that belongs to each program (after its "== prog_k" marker). */
export function sections(out: string): Map<string, string> {
  const m = new Map<string, string>();
  let name = '';
  for (const line of out.split('\n')) {
    if (line.startsWith('== prog_')) { name = line.slice(3); m.set(name, ''); continue; }
    m.set(name, (m.get(name) ?? '') + line + '\n');
  }
  return m;
}

/** Names the first program of a batch whose output differs, with its source, for readable failures. */
export function firstDifference(source: string, actual: string, expected: string): string {
  const a = sections(actual);
  for (const [name, text] of sections(expected)) {
    if (a.get(name) !== text) {
      const def = source.split(/^(?=def |print\("== )/m).find((p) => p.startsWith(`def ${name}(`));
      return `${name} differs:\n--- expected\n${text}--- got\n${a.get(name)}--- program\n${def}`;
    }
  }
  return 'outputs differ after the last program marker';
}
