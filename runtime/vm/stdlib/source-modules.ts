// The standard modules written in Python (run by the VM like the program's own
// code), by name. The compiler compiles the ones a program imports together
// with it (compiler.ts, compileSourceModules); the runtime runs a module's
// body on its first import (interpreter/modules.ts). Their frames are left out
// of tracebacks, as CPython leaves out its C modules'; their errors say what
// CPython's say.
import { ABC_MODULE } from './abc.ts';
import { ARGPARSE } from './argparse.ts';
import { ARRAY } from './array.ts';
import { COLLECTIONS } from './collections.ts';
import { DATACLASSES } from './dataclasses.ts';
import { ENUM } from './enum.ts';
import { FRACTIONS } from './fractions.ts';
import { FUNCTOOLS } from './functools.ts';
import { FUTURE } from './future.ts';
import { HEAPQ } from './heapq.ts';
import { IO } from './io.ts';
import { ITERTOOLS } from './itertools.ts';
import { JSON_MODULE } from './json.ts';
import { MAPPINGPROXY } from './mappingproxy.ts';
import { MATCH_SUPPORT } from './match-support.ts';
import { MODULE_GLOBALS_VIEW } from './module-globals.ts';
import { OPERATOR } from './operator.ts';
import { OS, POSIXPATH } from './os.ts';
import { RANDOM } from './random.ts';
import { RE } from './re.ts';
import { COPY, STRING, TYPING } from './small-modules.ts';
import { CONTEXTLIB } from './contextlib.ts';
import { TEXTWRAP } from './textwrap.ts';
import { TYPES } from './types-module.ts';
import { STATISTICS } from './statistics.ts';
import { TIME } from './time.ts';

export const SOURCE_MODULES: ReadonlyMap<string, string> = new Map([
  ['abc', ABC_MODULE],
  ['argparse', ARGPARSE],
  ['array', ARRAY],
  ['collections', COLLECTIONS],
  ['contextlib', CONTEXTLIB],
  ['copy', COPY],
  ['dataclasses', DATACLASSES],
  ['enum', ENUM],
  ['fractions', FRACTIONS],
  ['functools', FUNCTOOLS],
  ['__future__', FUTURE],
  ['heapq', HEAPQ],
  ['io', IO],
  ['itertools', ITERTOOLS],
  ['json', JSON_MODULE],
  ['_mappingproxy', MAPPINGPROXY],
  ['_match', MATCH_SUPPORT],
  ['_moduleglobals', MODULE_GLOBALS_VIEW],
  ['operator', OPERATOR],
  ['os', OS],
  ['posixpath', POSIXPATH],
  ['random', RANDOM],
  ['re', RE],
  ['statistics', STATISTICS],
  ['string', STRING],
  ['textwrap', TEXTWRAP],
  ['time', TIME],
  ['types', TYPES],
  ['typing', TYPING],
]);
