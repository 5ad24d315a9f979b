// Python programs of random str operations on strs around a lowered huge-str
// threshold (test/huge-strs.test.ts runs them against python3): each op is in
// a try block that prints the exception's type, results print their length,
// ends and whether their hash survives a copy.

/** The program for one seed (deterministic). */
export function generateStrProgram(seed: number): string {
  let state = seed * 2654435761 >>> 0;
  const rnd = (n: number) => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state % n;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)];
  const ALPHABET = ['a', 'b', ' ', ',', 'x', '\\n', 'é', '😀', 'Ω', 'ß', '\\t', 'ab', 'ba', 'Σ', 'A', "'", '\\r', '\\r\\n', 'ǅ', '1', '_'];
  const lit = (n: number) => JSON.stringify(Array.from({ length: n }, () => pick(ALPHABET)).join('')).replace(/\\\\/g, '\\');
  // Lists print item by item (their length and ends: short lines).
  const lines = ['import sys', 'def show(r):', '    if isinstance(r, str):', '        print(len(r), r[:8], r[-8:], hash(r) == hash(r[:] + ""))',
    '    elif isinstance(r, (list, tuple)):', '        print(type(r).__name__, len(r))', '        for x in r:', '            show(x)', '    else:', '        print(r)'];
  lines.push(`v = [${lit(5)}, ${lit(30)}, ${lit(70)}, ${lit(40)} * 3, ${lit(3)}]`);
  const S = () => `v[${rnd(5)}]`;
  const small = () => pick(['"a"', '"ab"', '" "', '","', '"😀"', '"é"', '"x"', '"ba"', '"\\n"']);
  const int = () => String(rnd(150) - 40);
  const OPS: (() => string)[] = [
    () => `${S()} + ${S()}`, () => `${S()} * ${rnd(4)}`, () => `${S()}[${int()}]`, () => `${S()}[${int()}:${int()}]`,
    () => `${S()}[${int()}:${int()}:${pick(['1', '2', '-1', '-3', '7'])}]`, () => `${S()} == ${S()}`, () => `${S()} < ${S()}`,
    () => `${S()} >= ${S()}`, () => `${small()} in ${S()}`, () => `${S()} in ${S()}`, () => `${S()}.find(${small()})`,
    () => `${S()}.count(${small()})`, () => `${S()}.split(${small()})`, () => `${S()}.split()`, () => `${small()}.join([${S()}, ${S()}])`,
    () => `${S()}.replace(${small()}, ${small()})`, () => `${S()}.upper()`, () => `${S()}.lower()`, () => `${S()}.strip()`,
    () => `${S()}.lstrip(${small()})`, () => `${S()}.rstrip()`, () => `${S()}.startswith(${small()})`, () => `${S()}.endswith(${S()})`,
    () => `f"{${S()}}-{${S()}}"`, () => `repr(${S()})`, () => `f"{${S()}!r}"`, () => `{${S()}: 1}.get(${S()})`, () => `sum(1 for c in ${S()} if c in "aé😀")`,
    () => `${S()}.${pick(['rfind', 'rindex', 'find', 'count'])}(${pick([small(), S()])}, ${int()}, ${int()})`, () => `${S()}.rfind(${small()})`,
    () => `${S()}.${pick(['partition', 'rpartition'])}(${pick([small(), S(), '""'])})`, () => `${S()}.splitlines(${pick(['', 'True', 'keepends=False'])})`,
    () => `${S()}.${pick(['ljust', 'rjust', 'center'])}(${rnd(200)}${pick(['', ', "*"', ', "😀"', ', "ab"'])})`, () => `${S()}.zfill(${rnd(200)})`,
    () => `(${pick(['"+"', '"-"', '""'])} + ${S()}).zfill(${rnd(200)})`,
    () => `${S()}.${pick(['isalpha', 'isalnum', 'isascii', 'isdecimal', 'isdigit', 'isnumeric', 'isspace', 'isprintable', 'isidentifier', 'islower', 'isupper', 'istitle'])}()`,
    () => `(${S()} * 3).${pick(['title', 'capitalize', 'swapcase', 'casefold', 'lower'])}()`, () => `${S()}.title().istitle()`,
    () => `list(${S()})`, () => `tuple(${S()})`, () => `sorted(set(${S()}))`, () => `print(${S()}, file=sys.stderr)`,
    () => `${S()}.${pick(['split', 'rsplit'])}(${pick(['None', small(), S()])}, ${rnd(6) - 1})`, () => `${S()}.rsplit(${pick(['', small()])})`,
    () => `${S()}.replace(${pick(['""', small()])}, ${pick([small(), '""', S()])}${pick(['', ', 0', ', 1', ', 5', ', -1', `, ${rnd(200)}`])})`,
    () => `${S()}.expandtabs(${pick(['', '0', '1', '4', '-1'])})`, () => `${S()}.${pick(['strip', 'lstrip', 'rstrip'])}(${S()})`,
    () => `${pick(['int', 'float'])}(${pick(['" " * 70 + "12" + " " * 9', '"1_0" * 30', '"9" * 90', S()])})`,
    () => `${pick(['repr', 'str'])}(${pick([`[${S()}, 1]`, `(${S()},)`, `{${S()}: ${S()}}`, `{${S()}}`, `ValueError(${S()})`])})`, () => `f"{[${S()}]}"`,
    () => `${pick(['"<%s>"', '"%s%s"', '"%d:%s"'])} % ${pick([S(), `(${S()}, ${S()})`, `(1, ${S()})`])}`, () => `"{}-{}".format(${S()}, ${S()})`,
    () => `"{0}{1}{0}".format(${S()}, ${small()})`, () => `"%r" % ${pick([S(), `(${S()},)`])}`, () => `"{!r}{x}".format(${S()}, x=${S()})`,
    () => `"{:${pick(['>', '<', '^', '*^', '😀>'])}${rnd(200)}${pick(['', '.5', '.80'])}}".format(${S()})`, () => `f"{${S()}:${pick(['>150', '.3', '_<120.90'])}}"`, () => `print([${S()}])`,
  ];
  for (let i = 0; i < 60; i++) {
    const e = pick(OPS)();
    lines.push('try:');
    lines.push(`    r = ${e}`);
    lines.push('    show(r)');
    if (rnd(3) === 0) lines.push(`    v[${rnd(5)}] = r if isinstance(r, str) and len(r) < 400 else v[${rnd(5)}]`);
    lines.push('except Exception as e:');
    lines.push('    print(type(e).__name__)');
  }
  lines.push('for s in v:', '    print(s)', '    sys.stdout.write(s)', 'print()');
  return lines.join('\n') + '\n';
}
