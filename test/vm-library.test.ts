// The library as the VM exposes it: one-line programs (str methods, %,
// str.format, format(), the numeric builtins, math, random, bisect, time)
// run on the VM and on python3, comparing stdout and the last stderr line,
// so argument decoding and error messages of the wiring are checked too.
import { describe, expect, it } from 'vitest';
import { lastLine, mapLimit, runOnVm, runPythonSource } from './vm-python.ts';

const PROGRAMS = [
  "print('a,b,,c'.split(','), 'a b'.split(None, 0), ' x '.rsplit(), 'abc'.split(''))",
  "print('a'.split(1))",
  "print('abc'.strip(5))",
  "print('--x--'.strip('-'), 'x'.lstrip(), 'xy  '.rstrip(None))",
  "print('ab'.join(['1', '2', '3']), ''.join(('a', 'b')), '-'.join('xyz'))",
  "print(','.join([1, 2]))",
  "print('a\\nb\\r\\nc\\x1c'.splitlines(), 'a\\n'.splitlines(True))",
  "print('aaa'.replace('a', 'b', 2), 'ab'.replace('', '-'))",
  "print('abc'.replace(1, 'x'))",
  "print('hello'.find('l'), 'hello'.rfind('l'), 'hello'.find('l', -2), 'hello'.count('l', 0, 3), 'hello'.find('z'))",
  "print('hello'.index('z'))",
  "print('hello'.find('l', 'x'))",
  "print('hello'.startswith(('he', 'x')), 'hello'.endswith('lo', 0, 4), 'a'.startswith(''))",
  "print('hello'.startswith(1))",
  "print('hello'.startswith(('a', 1)))",
  "print('ǅ ßtraße İ'.upper(), 'ΣΑΣ'.lower(), 'ﬁne'.casefold(), 'hello wORLD'.title(), 'hELLO'.capitalize(), 'Ab'.swapcase())",
  "print('ab'.ljust(5, '*'), 'ab'.rjust(5), 'ab'.center(7, '.'), '-5'.zfill(4), '+'.zfill(3))",
  "print('ab'.center(5, 'xy'))",
  "print('ab'.ljust('5'))",
  "print('a=b=c'.partition('='), 'a=b=c'.rpartition('='), 'abc'.partition('z'))",
  "print('abc'.partition(''))",
  "print('a\\tbc\\td'.expandtabs(), 'a\\tb'.expandtabs(2))",
  "print('١٢'.isdigit(), '½'.isnumeric(), 'ab1'.isalnum(), ' \\t'.isspace(), 'Ab Cd'.istitle(), 'AB'.isupper(), 'a_1'.isidentifier(), '\\x00'.isprintable(), 'é'.isascii())",
  "print('prefix_x'.removeprefix('prefix_'), 'x.py'.removesuffix('.py'))",
  "print('ab'.upper(1))",
  "print('%s|%5d|%-5s|%05.1f|%x|%o|%e|%c|%r|%%' % ('s', 42, 'ab', 3.14159, 255, 8, 12345.678, 65, 'q'))",
  "print('%d %d' % (1,))",
  "print('%d' % (1, 2))",
  "print('%d' % 'x')",
  "print('%s' % [1, 2], '%(a)s' % [1] if False else 'ok')",
  "print('%(a)s' % (1,))",
  "print('%z' % 1)",
  "print('{} {:>6.2f} {:,} {!r} {:^5}|{:x}'.format(1, 3.14159, 1234567, 'q', 'ab', 255))",
  "print('{0} {1} {0}'.format('a', 'b'), '{{}}'.format(), '{0[1]}'.format([5, 6]))",
  "print('{} {0}'.format(1))",
  "print('{2}'.format(1))",
  "print('{:d}'.format('x'))",
  "print('{'.format())",
  "print(format(1234.5, ',.1f'), format(42, '08b'), format('x', '>3'), format(True), format(2.5), format(1e100, '.3g'), format(-0.0, 'z.1f'))",
  "print(format(1, '.2d'))",
  "print(format([1], 'x'))",
  "print(ascii('é\\u200b'), oct(-8), hex(255), bin(-3), repr('\\'\"'), repr(\"'\"))",
  "print(int('0b101', 0), int(' -12 '), int('z', 36), int('1_000'), float(' 1e3 '), float('-inf'), float('nan'))",
  "print(int('12a'))",
  "print(int('1', 99))",
  "print(float('x1'))",
  "print(round(2.675, 2), round(0.5), round(1.5), round(-2.5), round(12345, -2), round(1e300, -300), round(7, 2))",
  "print(round(float('nan')))",
  "print(round('x'))",
  "print(pow(2, 10, 1000), pow(3, -1, 7), pow(-2, 3, -5))",
  "print(pow(2, -1, 4))",
  "print(pow(2, 3, 0))",
  "print(chr(0x1F600), ord('€'), chr(65))",
  "print(chr(0x110000))",
  "print(ord('ab'))",
  "print(str(10 ** 4301))",
  "import math\nprint(math.sqrt(2), math.gamma(0.5), math.lgamma(10.5), math.erf(0.5), math.log(8, 2), math.log10(1000), math.log2(2 ** 1100))",
  "import math\nprint(math.floor(-2.5), math.ceil(2.1), math.trunc(-3.7), math.floor(10 ** 30), math.fsum([0.1] * 10), math.hypot(1, 2, 3), math.dist([0, 0], [1, 1]))",
  "import math\nprint(math.comb(10, 3), math.perm(5), math.perm(5, 2), math.factorial(20), math.gcd(12, 18, 8), math.lcm(4, 6), math.isqrt(10 ** 20 + 1))",
  "import math\nprint(math.frexp(8.0), math.modf(-2.5), math.ldexp(0.5, 3), math.copysign(1, -0.0), math.fmod(7, -3), math.remainder(7, 2), math.nextafter(1, 2), math.ulp(1.0))",
  "import math\nprint(math.isclose(1, 1.0000000001), math.isclose(1, 1.1, rel_tol=0.2), math.isfinite(1e308), math.isinf(-math.inf), math.isnan(math.nan), math.pi, math.e, math.tau, math.prod([2, 3], start=4))",
  "import math\nprint(math.sqrt(-1))",
  "import math\nprint(math.exp(1000))",
  "import math\nprint(math.log(0))",
  "import math\nprint(math.sqrt('x'))",
  "import math\nprint(math.factorial(2.0))",
  "import math\nprint(math.cbrt(27), math.exp2(10), math.atan2(1, 1), math.degrees(math.pi), math.radians(180))",
  "import random\nrandom.seed(7)\nprint(random.random(), random.randint(1, 6), random.randrange(10, 100, 7), random.choice('abc'), random.uniform(1, 3), random.getrandbits(70))",
  "import random\nrandom.seed('seed')\nx = list(range(8))\nrandom.shuffle(x)\nprint(x, random.sample(range(50), 4), random.choices(['a', 'b'], [1, 9], k=5), random.gauss(1, 2), random.gauss(1, 2))",
  "import random\nrandom.seed(2 ** 80)\nprint(random.triangular(0, 10, 3), random.expovariate(2), random.gammavariate(2, 3), random.betavariate(2, 3), random.vonmisesvariate(1, 2), random.normalvariate(), random.lognormvariate(0, 1), random.paretovariate(3), random.weibullvariate(1, 2))",
  "import random\nprint(random.choice([]))",
  "import random\nprint(random.randrange(0))",
  "import random\nprint(random.sample([1, 2], 3))",
  "import bisect\na = [1, 2, 4, 4, 8]\nbisect.insort_left(a, 4)\nbisect.insort(a, 3, 0, 3)\nprint(a, bisect.bisect_left(a, 4), bisect.bisect(a, 4), bisect.bisect_right(a, 4, 0, 2))",
  "import bisect\nprint(bisect.bisect([1], 1, -1))",
  "import time\nt = time.perf_counter()\ntime.sleep(0.002)\nprint(time.perf_counter() - t > 0.001, time.time() > 1.7e9, time.monotonic() > 0, isinstance(time.perf_counter_ns(), int), isinstance(time.time_ns(), int))",
  "import time\ntime.sleep(-1)",
];

describe('the library through the VM, against python3', () => {
  it('one-line programs: stdout and the last stderr line', async () => {
    const expected = await mapLimit(PROGRAMS, 4, (p) => runPythonSource(p + '\n'));
    const mismatches: string[] = [];
    PROGRAMS.forEach((p, i) => {
      const vm = runOnVm(p + '\n');
      const py = expected[i];
      if (vm.stdout !== py.stdout || lastLine(vm.stderr) !== lastLine(py.stderr)) {
        mismatches.push(`${p}\n  python3: ${JSON.stringify(py.stdout)} ${lastLine(py.stderr)}\n  vm:      ${JSON.stringify(vm.stdout)} ${lastLine(vm.stderr)}`);
      }
    });
    expect(mismatches.join('\n')).toBe('');
  });
});
