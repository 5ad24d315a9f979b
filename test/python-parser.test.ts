// The new Python 3.11 front end (runtime/vm/frontend/python-parser.ts) against
// python3's own parser: every corpus and benchmark program, hand-written
// snippets for every construct and error, random programs from a grammar,
// hostile input, and parse speed. Trees are compared field by field with
// their positions (f-strings included: python3 3.11's positions inside them
// are reproduced, so nothing is exempt); errors by class, message, line and
// offset. python3 runs once per group (python-ast-dump.py --batch).
//
// More random programs: PARSER_FUZZ_PROGRAMS=500 [PARSER_FUZZ_SEED=7] npx vitest run test/python-parser.test.ts
import { execa } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModule } from '../runtime/vm/frontend/python-parser.ts';
import { FrontEndResourceError } from '../runtime/vm/frontend/resource-error.ts';
import { SyntaxErrorAt } from '../runtime/vm/frontend/syntax-error.ts';
import { dumpWithOurs, dumpWithPython, firstDifference, normalizePython, type PythonDump } from './helpers/python-ast-compare.ts';
import { DECODING, INVALID, MATCH, MATCH_MORE, MATCH_PATTERNS, VALID } from './helpers/python-parser-snippets.ts';
import { generatePrograms } from './helpers/python-syntax-generator.ts';

const ROOT = join(import.meta.dirname, '..');
const programFiles = [
  ...readdirSync(join(ROOT, 'test/corpus')).filter((f) => f.endsWith('.py')).map((f) => join('test/corpus', f)),
  ...readdirSync(join(ROOT, 'scripts/bench-programs')).filter((f) => f.endsWith('.py')).map((f) => join('scripts/bench-programs', f)),
].sort();
const programText = new Map(programFiles.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));

const FUZZ_COUNT = Number(process.env.PARSER_FUZZ_PROGRAMS ?? 25);
const FUZZ_SEED = Number(process.env.PARSER_FUZZ_SEED ?? 1);

/** Where ours and python3's dump of each source differ: "[i] source: difference". */
function mismatches(sources: string[], theirs: PythonDump[]): string[] {
  const out: string[] = [];
  sources.forEach((s, i) => {
    const d = firstDifference(dumpWithOurs(s), normalizePython(theirs[i]));
    if (d !== null) out.push(`[${i}] ${JSON.stringify(s).slice(0, 160)}: ${d}`);
  });
  return out;
}

function errorCount(dumps: PythonDump[]): number {
  return dumps.filter((d) => 'error' in d).length;
}

describe('the parser against python3: programs', () => {
  let theirs: Map<string, PythonDump>;
  beforeAll(async () => {
    const dumps = await dumpWithPython(programFiles.map((f) => programText.get(f)!));
    theirs = new Map(programFiles.map((f, i) => [f, dumps[i]]));
  });

  it('covers the corpus and the benchmark programs', () => {
    expect(programFiles.length).toBeGreaterThanOrEqual(100);
  });

  for (const file of programFiles) {
    it(file, () => {
      const ours = dumpWithOurs(readFileSync(join(ROOT, file)));
      expect(firstDifference(ours, normalizePython(theirs.get(file)))).toBeNull();
    });
  }
});

describe('the parser against python3: snippets', () => {
  const matchPatterns = MATCH_PATTERNS.map((p) => `match x:\n    case ${p}:\n        pass\n`);
  const groups: Record<string, string[]> = { VALID, INVALID, MATCH: [...MATCH, ...matchPatterns, ...MATCH_MORE] };
  const theirs: Record<string, PythonDump[]> = {};
  beforeAll(async () => {
    const all = await dumpWithPython(Object.values(groups).flat());
    let at = 0;
    for (const [name, sources] of Object.entries(groups)) {
      theirs[name] = all.slice(at, at + sources.length);
      at += sources.length;
    }
  });

  it(`gives python3's tree for ${VALID.length} sources covering every construct`, () => {
    expect(errorCount(theirs.VALID)).toBe(0);
    expect(mismatches(VALID, theirs.VALID)).toEqual([]);
  });

  it(`gives python3's error class, message, line and offset for ${INVALID.length} invalid sources`, () => {
    expect(errorCount(theirs.INVALID)).toBe(INVALID.length);
    expect(mismatches(INVALID, theirs.INVALID)).toEqual([]);
  });

  it(`parses ${groups.MATCH.length} match statements (valid and invalid) as python3 does`, () => {
    const errors = errorCount(theirs.MATCH);
    expect(errors).toBeGreaterThan(30);
    expect(groups.MATCH.length - errors).toBeGreaterThan(60);
    expect(mismatches(groups.MATCH, theirs.MATCH)).toEqual([]);
  });

  it('keeps str constants as JavaScript strings: astral characters as pairs (one code point), lone surrogates as they are', () => {
    const m = parseModule('x = "\\U0001F600"\ny = "\\ud800"\nz = "😀"\n');
    const values = m.body.map((s) => ((s as { value: { value: string } }).value.value));
    expect(values).toEqual(['😀', '\ud800', '😀']);
    expect([...values[0]].length).toBe(1);
    expect(values[1].length).toBe(1);
  });
});

describe('the parser against python3: random programs from the grammar', () => {
  const programs = generatePrograms(FUZZ_SEED, FUZZ_COUNT);
  let theirs: PythonDump[];
  beforeAll(async () => {
    theirs = await dumpWithPython(programs);
  }, 600_000);

  it(`gives python3's tree for ${FUZZ_COUNT} programs (seed ${FUZZ_SEED})`, () => {
    // The generator writes valid Python: a python3 error means a generator bug.
    expect(theirs.filter((d) => 'error' in d).map((d) => JSON.stringify(d))).toEqual([]);
    const statements = programs.reduce((n, p) => n + p.split('\n').length, 0);
    expect(statements).toBeGreaterThan(FUZZ_COUNT * 20);
    expect(mismatches(programs, theirs)).toEqual([]);
  }, 600_000);
});

/** Ours: whether it parses, else the error in python-ast-dump.py's shape; and the time. */
function verdict(source: string | Uint8Array): { dump: PythonDump; ms: number } {
  const t = performance.now();
  let dump: PythonDump;
  try {
    parseModule(source);
    dump = { ok: true };
  } catch (e) {
    if (e instanceof SyntaxErrorAt) dump = { error: e.errorClass, msg: e.message, lineno: e.line, offset: e.col };
    else if (e instanceof FrontEndResourceError) dump = { error: e.errorClass, msg: e.message, lineno: null, offset: null };
    else throw e;
  }
  return { dump, ms: performance.now() - t };
}

/** python3's verdict: a RecursionError while it builds Python objects of the tree means its parser accepted it. */
function pythonVerdict(d: PythonDump): PythonDump {
  if (d.error === 'RecursionError' && String(d.msg).includes('during ast construction')) return { ok: true };
  if (d.error === 'RecursionError' && d.msg === 'tree too deep to encode') return { ok: true };
  return d;
}

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';
const chain = (n: number, unit: string) => unit.repeat(n);

/** [name, source, ms allowed]: nesting and size python3 limits or survives. */
const HOSTILE: [string, string, number][] = [
  ['1000 nested parentheses', `x = ${chain(1000, '(')}1${chain(1000, ')')}\n`, 500],
  ['199 nested parentheses', `x = ${chain(199, '(')}1${chain(199, ')')}\n`, 500],
  ['200 nested brackets', `x = ${chain(200, '[')}${chain(200, ']')}\n`, 500],
  ['199 nested dicts', `x = ${chain(199, '{1: ')}1${chain(199, '}')}\n`, 500],
  ['198 nested calls', `x = ${chain(198, 'f(')}1${chain(198, ')')}\n`, 500],
  ['10,000 unary minus', `x = ${chain(10_000, '-')}1\n`, 500],
  ['10,000 not', `x = ${chain(10_000, 'not ')}1\n`, 500],
  ['5,000 right-associative **', `x = ${chain(5000, 'a ** ')}1\n`, 500],
  ['5,000 nested lambdas', `x = ${chain(5000, 'lambda: ')}1\n`, 500],
  ['5,000 conditional expressions', `x = ${chain(5000, 'a if b else ')}c\n`, 500],
  ['5,000-term sum', `x = ${Array.from({ length: 5000 }, (_, i) => `a${i}`).join(' + ')}\n`, 500],
  ['100,000-term sum', `x = ${chain(100_000, 'a + ')}a\n`, 2000],
  ['100,000 chained calls', `x = f${chain(100_000, '()')}\n`, 2000],
  ['100,000 attributes', `x = f${chain(100_000, '.a')}\n`, 2000],
  ['100,000 comparisons', `x = a${chain(100_000, ' < a')}\n`, 2000],
  ['10,000 elif', `if a: pass\n${chain(10_000, 'elif b: pass\n')}`, 1000],
  ['5,000 elif', `if a: pass\n${chain(5000, 'elif b: pass\n')}`, 1000],
  ['99 indentation levels', lines(99, (i) => `${' '.repeat(i)}if x:`) + `${' '.repeat(99)}pass\n`, 500],
  ['100 indentation levels', lines(100, (i) => `${' '.repeat(i)}if x:`) + `${' '.repeat(100)}pass\n`, 500],
  ['a 10 MB string line', `x = "${'a'.repeat(10_000_000)}"\n`, 3000],
  ['a 10 MB comment', `# ${'a'.repeat(10_000_000)}\nx = 1\n`, 3000],
  ['a 2 MB expression line', `x = ${chain(500_000, '1+')}1\n`, 4000],
  ['a 100,000-element list', `x = [${chain(100_000, '1, ')}]\n`, 2000],
  ['100,000 lines in brackets', `x = (\n${chain(100_000, '1,\n')})\n`, 2000],
  ['a 10,000-digit int', `x = ${'7'.repeat(10_000)}\n`, 1000],
  ['1,000 implicitly concatenated f-strings', `x = ${chain(1000, 'f"{a}" "b" ')}\n`, 2000],
  ['a 100,000-line triple-quoted string', `x = """${chain(100_000, 'line\n')}"""\n`, 2000],
  ['an unterminated 100,000-line triple-quoted string', `x = """${chain(100_000, 'line\n')}`, 2000],
  ['an unclosed bracket before 100,000 lines', `x = (\n${lines(100_000, () => 'y = 1')}`, 2000],
  ['10,000 statements on one line', `${chain(10_000, 'x = 1; ')}\n`, 1000],
  ['10,000 decorators', `${chain(10_000, '@d\n')}def f(): pass\n`, 1000],
];

/** Boundaries of CPython's parser stack (MAXSTACK 6000 levels): n parses, n + 1 is a MemoryError. */
const STACK_LIMITS: [string, (n: number) => string, number][] = [
  ['unary minus', (n) => `x = ${chain(n, '-')}1\n`, 5967],
  ['not', (n) => `x = ${chain(n, 'not ')}1\n`, 5967],
  ['**', (n) => `x = ${chain(n, 'a**')}1\n`, 2983],
  ['lambda', (n) => `x = ${chain(n, 'lambda: ')}1\n`, 2983],
  ['conditional', (n) => `x = ${chain(n, 'a if b else ')}c\n`, 5967],
  ['unary in a binary operation', (n) => `x = 1 + ${chain(n, '-')}1\n`, 5967],
  ['unary in parentheses', (n) => `x = (${chain(n, '-')}1)\n`, 5957],
  ['unary in an f-string', (n) => `x = f"{${chain(n, '-')}1}"\n`, 5946],
  ['unary in an if body', (n) => `if a:\n x = ${chain(n, '-')}1\n`, 5961],
  ['unary in two if bodies', (n) => `if a:\n if b:\n  x = ${chain(n, '-')}1\n`, 5955],
  ['unary in a def body', (n) => `def f():\n x = ${chain(n, '-')}1\n`, 5960],
  ['unary in a class body', (n) => `class C:\n x = ${chain(n, '-')}1\n`, 5960],
  ['unary in an else body', (n) => `if a: pass\nelse:\n x = ${chain(n, '-')}1\n`, 5960],
  ['unary in an except body', (n) => `try: pass\nexcept:\n x = ${chain(n, '-')}1\n`, 5959],
  ['unary in a finally body', (n) => `try: pass\nfinally:\n x = ${chain(n, '-')}1\n`, 5960],
  ['unary in a case body', (n) => `match a:\n case 1:\n  x = ${chain(n, '-')}1\n`, 5959],
];

describe('hostile input', () => {
  const stackSources = STACK_LIMITS.flatMap(([, make, n]) => [make(n), make(n + 1)]);
  let theirs: PythonDump[];
  beforeAll(async () => {
    theirs = (await dumpWithPython([...HOSTILE.map(([, s]) => s), ...stackSources], { verdictOnly: true })).map(pythonVerdict);
  }, 600_000);

  HOSTILE.forEach(([name, source, allowedMs], i) => {
    it(`${name}: python3's verdict, in under ${allowedMs} ms`, () => {
      const { dump, ms: first } = verdict(source);
      expect(dump).toEqual(theirs[i]);
      // A bound against quadratic parsing, not a benchmark: a run slowed by
      // other processes (two test files at once on CI's 2 cores) is measured
      // again, and the fastest of three counts.
      let ms = first;
      for (let retry = 0; retry < 2 && ms >= allowedMs; retry++) ms = Math.min(ms, verdict(source).ms);
      expect(ms).toBeLessThan(allowedMs);
    });
  });

  STACK_LIMITS.forEach(([name, , n], i) => {
    it(`${name}: python3's parser stack limit (${n} parse, ${n + 1} do not)`, () => {
      const at = HOSTILE.length + 2 * i;
      // The boundary is python3's own: it parses n and stops at n + 1.
      expect([theirs[at], theirs[at + 1].error]).toEqual([{ ok: true }, 'MemoryError']);
      expect(verdict(stackSources[2 * i]).dump).toEqual(theirs[at]);
      expect(verdict(stackSources[2 * i + 1]).dump).toEqual(theirs[at + 1]);
    });
  });

  it('never overflows the JavaScript stack on any nesting of brackets and operators', () => {
    const shapes = ['(', '[', '{', '-', 'not ', 'lambda: ', 'a if b else ', 'await ', '*', '**', 'f(', 'x[', 'a.b(', '{1: ', 'f"{'];
    for (const open of shapes) {
      for (const n of [150, 250, 2_000, 50_000]) {
        const r = verdict(`x = ${open.repeat(n)}1\n`).dump;
        expect(r.error === undefined || ['SyntaxError', 'MemoryError'].includes(r.error as string)).toBe(true);
      }
    }
  });
});

describe('source files python3 reads as bytes', () => {
  let dir: string;
  let theirs: { last: string; line: number | null }[];
  const files: string[] = [];
  const binaries: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'python-parser-'));
    DECODING.forEach((s, i) => {
      files.push(join(dir, `case${i}.py`));
      writeFileSync(files[i], Buffer.from(s, 'latin1'));
    });
    // Binary files: a megabyte of random bytes, random bytes without NUL, and an executable's first 64 KB.
    let x = 12345;
    const random = (n: number, noNul: boolean) => Uint8Array.from({ length: n }, () => {
      const b = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
      return noNul && b === 0 ? 1 : b;
    });
    for (const [name, bytes] of [['random.bin', random(1 << 20, false)], ['random-no-nul.bin', random(1 << 20, true)],
      ['executable.bin', readFileSync('/bin/sh').subarray(0, 1 << 16)]] as const) {
      binaries.push(join(dir, name));
      writeFileSync(binaries[binaries.length - 1], bytes);
    }
    // python3 stops in its front end on all but the comments holding a bad byte (which run `x = 1`).
    theirs = await Promise.all([...files, ...binaries].map(async (f) => {
      const r = await execa('python3', ['-I', '-S', f], { reject: false });
      const rest = r.stderr.split('\n').filter((l) => l.trim() !== '' && !/^\s*[~^]+\s*$/.test(l));
      const where = /^ {2}File ".*", line (\d+)/.exec(rest.find((l) => l.startsWith('  File')) ?? '');
      return { last: r.exitCode === 0 ? '(parses)' : rest[rest.length - 1], line: where ? Number(where[1]) : null };
    }));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`gives python3's error for ${DECODING.length} files with NUL bytes, bad UTF-8, BOMs and coding declarations`, () => {
    const differ: string[] = [];
    DECODING.forEach((s, i) => {
      const bytes = readFileSync(files[i]);
      let ours: { last: string; line: number | null };
      try {
        parseModule(bytes, { filename: files[i] });
        ours = { last: '(parses)', line: null };
      } catch (e) {
        if (!(e instanceof SyntaxErrorAt)) throw e;
        ours = { last: `${e.errorClass}: ${e.message}`, line: e.line };
      }
      const py = theirs[i];
      if (ours.last !== py.last || (py.line !== null && ours.line !== py.line)) {
        differ.push(`${JSON.stringify(s)}: ours ${JSON.stringify(ours)}, python3 ${JSON.stringify(py)}`);
      }
    });
    expect(differ).toEqual([]);
  });

  it("gives python3's error for binary files, at once", () => {
    binaries.forEach((f, i) => {
      const py = theirs[files.length + i];
      const t = performance.now();
      let ours = '(parses)';
      let line: number | null = null;
      try {
        parseModule(readFileSync(f), { filename: f });
      } catch (e) {
        if (!(e instanceof SyntaxErrorAt)) throw e;
        ours = `${e.errorClass}: ${e.message}`;
        line = e.line;
      }
      expect(performance.now() - t).toBeLessThan(500);
      expect({ last: ours, line: py.line === null ? null : line }).toEqual(py);
    });
  });
});

describe('parse speed', () => {
  const block = [
    'def f{i}(a, b=1, *args, **kw):',
    '    """Docstring {i}."""',
    '    if a > b and not kw:',
    '        return [x * 2 for x in args if x % 3 == {i}]',
    '    elif a:',
    '        total = a + b * (a - {i}) // 7',
    '    else:',
    '        total = {{"k": a, "v": f"{{b!r:>10}}"}}',
    '    for i in range(len(args)):',
    '        total += args[i] ** 2 - args[-i]',
    '    try:',
    '        g(a, b, key=lambda t: t[0], *args)',
    '    except (ValueError, KeyError) as e:',
    '        raise RuntimeError("bad") from e',
    '    return total',
    'x{i} = f{i}({i}, 2.5, "s", b"b", None, True)',
  ].join('\n') + '\n';
  const program = (lines: number) => Array.from({ length: Math.ceil(lines / 16) }, (_, i) => block.replaceAll('{i}', String(i))).join('');

  const best = (f: () => void, runs = 3) => {
    let ms = Infinity;
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      f();
      ms = Math.min(ms, performance.now() - t);
    }
    return ms;
  };

  // The time is printed, not asserted (a loaded machine took 3 s); linear growth is what is checked.
  it('parses a 100,000-line program in linear time', () => {
    const big = program(100_000);
    const small = program(20_000);
    expect(() => parseModule(big)).not.toThrow();
    const msBig = best(() => parseModule(big));
    const msSmall = best(() => parseModule(small));
    console.log(`parse speed: 100,000 lines (${(big.length / 1e6).toFixed(1)} MB) in ${msBig.toFixed(0)} ms; 20,000 lines in ${msSmall.toFixed(0)} ms`);
    // Five times the source, at most about five times the time (not 25).
    expect(msBig / msSmall).toBeLessThan(10);
  });

  it('parses the corpus', () => {
    const sources = programFiles.map((f) => programText.get(f)!);
    const parsesOrRejects = (s: string) => {
      try {
        parseModule(s);
      } catch (e) {
        if (!(e instanceof SyntaxErrorAt)) throw e;
      }
    };
    for (const s of sources) parsesOrRejects(s);
    const msNew = best(() => sources.forEach(parsesOrRejects), 5);
    const kb = (ss: string[]) => (ss.reduce((n, s) => n + s.length, 0) / 1024).toFixed(0);
    // (the old subset parser it was once timed against is gone: the VM compiles from this parser's trees)
    console.log(`parse speed: corpus ${sources.length} files (${kb(sources)} KB) ${msNew.toFixed(1)} ms`);
    expect(msNew).toBeLessThan(1000);
  });
});
