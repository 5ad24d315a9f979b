// Wires the library's formatting into the VM: format specs of ints, floats
// and strs (format(), f-string fields, str.format) and printf-style
// `str % args`, both over the VM's ValueHost (value-host.ts).
import { formattingLibrary } from '../heap/format.ts';
import { percentFormat } from '../library/percent-format.ts';
import { formatValue } from '../library/value-host.ts';
import { objectValueHost, type ObjectValueHost } from './value-host.ts';
import type { Runtime } from './runtime.ts';

const hosts = new WeakMap<Runtime, ObjectValueHost>();

/** The ValueHost of a runtime (one per run, made on first use). */
export function valueHostOf(rt: Runtime): ObjectValueHost {
  let h = hosts.get(rt);
  if (h === undefined) {
    h = objectValueHost(rt);
    hosts.set(rt, h);
  }
  return h;
}

formattingLibrary.formatSpec = (rt, w, spec) => formatValue(valueHostOf(rt), w, spec);
formattingLibrary.percent = (rt, format, args) => percentFormat(valueHostOf(rt), format, args);
