// The _json module behind stdlib/json.ts: python3's str escaping for JSON
// (encode_basestring_ascii: \uXXXX for every non-ASCII character, surrogate
// pairs for astral ones; encode_basestring: only quotes, backslashes and
// control characters).
import { Kind } from '../heap/objects.ts';
import { PyError, typeError } from '../heap/py-error.ts';
import { def } from './builtin-registry.ts';
import { registerModule } from './modules.ts';
import type { Runtime } from './runtime.ts';

const NAMED: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x08: '\\b', 0x0c: '\\f' };

function hex4(c: number): string {
  return '\\u' + c.toString(16).padStart(4, '0');
}

function escapeJson(s: string, ascii: boolean): string {
  const re = ascii ? /[\\"\u0000-\u001f\u007f-\uffff]/ : /[\\"\u0000-\u001f]/;
  if (!re.test(s)) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const named = NAMED[c];
    if (named !== undefined) out += named;
    else if (c < 0x20 || (ascii && c > 0x7e)) out += hex4(c); // UTF-16 units: an astral char is its surrogate pair
    else out += s[i];
  }
  return out + '"';
}

function strArg(rt: Runtime, w: number, name: string): string {
  if (rt.objs.kind(w) !== Kind.Str) throw typeError(`first argument must be a string, not ${rt.typeName(w)}`);
  const o = rt.heap.objectAt(w);
  if (rt.objs.hugeOf(o) !== null) throw new PyError('NotImplementedError', `json.${name}: strs longer than 536,870,888 UTF-16 units are not supported`);
  return rt.objs.strOf(o);
}

for (const [name, ascii] of [['encode_basestring_ascii', true], ['encode_basestring', false]] as const) {
  def(name, (rt, a, n, dst) => {
    if (n !== 1) throw typeError(`${name}() takes exactly one argument (${n} given)`);
    rt.objs.setObject(dst, rt.objs.newStr(escapeJson(strArg(rt, a, name), ascii)));
  }, '_json');
}

registerModule('_json');
