// The gc module: gc.collect() runs the arena's collector (heap.ts) and returns
// how many objects it freed (CPython counts the unreachable objects its cycle
// collector found: both are "garbage found", neither is stable across
// versions). This VM has one tracing collector and no reference counts, so
// gc.disable() cannot stop collection without letting memory grow without
// bound: enable/disable only set the flag isenabled() reports, and the
// thresholds are kept for get_threshold() as python3's defaults.
import { Kind } from '../heap/objects.ts';
import { typeError, valueError } from '../heap/py-error.ts';
import { def, type Keywords } from './builtin-registry.ts';
import { setValue } from './library-host.ts';
import { registerModule } from './modules.ts';
import type { Runtime } from './runtime.ts';

let enabled = true;
let thresholds: [number, number, number] = [700, 10, 10];

function noKeywords(name: string, kw: Keywords): void {
  if (kw && kw.size > 0) throw typeError(`gc.${name}() takes no keyword arguments`);
}

function noArguments(name: string, n: number, kw: Keywords): void {
  noKeywords(name, kw);
  if (n !== 0) throw typeError(`gc.${name}() takes no arguments (${n} given)`);
}

function intArgument(rt: Runtime, w: number): number {
  const k = rt.objs.kind(w);
  if (k !== Kind.Int && k !== Kind.Bool) throw typeError(`'${rt.typeName(w)}' object cannot be interpreted as an integer`);
  return Number(rt.objs.bigOf(w));
}

def('collect', (rt, a, n, dst, kw) => {
  if (kw && [...kw.keys()].some((k) => k !== 'generation')) throw typeError(`collect() got an unexpected keyword argument '${[...kw.keys()].find((k) => k !== 'generation')}'`);
  const given = n > 0 ? a : kw?.get('generation');
  if (n > 1) throw typeError(`collect() takes at most 1 argument (${n} given)`);
  const generation = given === undefined ? 2 : intArgument(rt, given);
  if (generation < 0 || generation > 2) throw valueError('invalid generation');
  rt.heap.collect();
  rt.objs.setInt(dst, rt.heap.objectsFreedByLastGc);
}, 'gc');

def('enable', (rt, _a, n, dst, kw) => { noArguments('enable', n, kw); enabled = true; rt.objs.setNone(dst); }, 'gc');
def('disable', (rt, _a, n, dst, kw) => { noArguments('disable', n, kw); enabled = false; rt.objs.setNone(dst); }, 'gc');
def('isenabled', (rt, _a, n, dst, kw) => { noArguments('isenabled', n, kw); rt.objs.setBool(dst, enabled); }, 'gc');
def('get_threshold', (rt, _a, n, dst, kw) => { noArguments('get_threshold', n, kw); setValue(rt, dst, thresholds.map(BigInt)); }, 'gc');
def('set_threshold', (rt, a, n, dst, kw) => {
  noKeywords('set_threshold', kw);
  if (n < 1 || n > 3) throw typeError(`set_threshold() takes at least 1 argument (${n} given)`);
  const next: [number, number, number] = [...thresholds];
  for (let i = 0; i < n; i++) next[i] = intArgument(rt, a + i);
  thresholds = next;
  rt.objs.setNone(dst);
}, 'gc');
def('get_count', (rt, _a, n, dst, kw) => { noArguments('get_count', n, kw); setValue(rt, dst, [0n, 0n, 0n]); }, 'gc');
for (const name of ['freeze', 'unfreeze']) def(name, (rt, _a, n, dst, kw) => { noArguments(name, n, kw); rt.objs.setNone(dst); }, 'gc');
def('get_freeze_count', (rt, _a, n, dst, kw) => { noArguments('get_freeze_count', n, kw); rt.objs.setInt(dst, 0); }, 'gc');

registerModule('gc');
