// time.gmtime/localtime/mktime/strftime for stdlib/time.ts (module _time):
// broken-down times as 9-tuples (year, month, mday, hour, min, sec, wday,
// yday, isdst), local time in the process's time zone (TZ) as the C library
// gives it to python3, strftime's directives in the C locale.
import { readFileSync } from 'node:fs';
import { Kind } from '../heap/objects.ts';
import { overflowError, typeError, valueError } from '../heap/py-error.ts';
import { def } from './builtin-registry.ts';
import { intArgOf, itemsOf, setValue } from './library-host.ts';
import type { Runtime } from './runtime.ts';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

type Tm = [number, number, number, number, number, number, number, number, number];

/** Seconds argument (None: now) as whole seconds, as python3 truncates toward minus infinity. */
function secondsArg(rt: Runtime, a: number, n: number): number {
  if (n === 0 || rt.objs.isNone(a)) return Math.floor(Date.now() / 1000);
  const k = rt.objs.kind(a);
  if (k === Kind.Float) {
    const d = rt.objs.f64[a];
    if (Number.isNaN(d)) throw valueError('Invalid value NaN (not a number)');
    if (!Number.isFinite(d) || Math.abs(d) > 1e16) throw overflowError('timestamp out of range for platform time_t');
    return Math.floor(d);
  }
  const v = intArgOf(rt, a);
  if (v > 67767976233316800n || v < -67768040609740800n) throw overflowError('timestamp out of range for platform time_t');
  return Number(v);
}

function yday(y: number, m: number, d: number): number {
  return Math.round((Date.UTC(y, m, d) - Date.UTC(y, 0, 1)) / 86400000) + 1;
}

function isDst(date: Date): number {
  const y = date.getFullYear();
  const jan = new Date(y, 0, 1).getTimezoneOffset();
  const jul = new Date(y, 6, 1).getTimezoneOffset();
  return jan !== jul && date.getTimezoneOffset() === Math.min(jan, jul) ? 1 : 0;
}

function gmtime(secs: number): Tm {
  const d = new Date(secs * 1000);
  if (Number.isNaN(d.getTime())) throw overflowError('timestamp out of range for platform time_t');
  const y = d.getUTCFullYear();
  return [y, d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), (d.getUTCDay() + 6) % 7,
    yday(y, d.getUTCMonth(), d.getUTCDate()), 0];
}

function localtime(secs: number): Tm {
  const d = new Date(secs * 1000);
  if (Number.isNaN(d.getTime())) throw overflowError('timestamp out of range for platform time_t');
  const y = d.getFullYear();
  return [y, d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), (d.getDay() + 6) % 7,
    yday(y, d.getMonth(), d.getDate()), isDst(d)];
}

/** A struct_time or 9-tuple argument. */
function tmArg(rt: Runtime, w: number, fname: string): Tm {
  const k = rt.objs.kind(w);
  if (k !== Kind.Tuple && k !== Kind.Instance) throw typeError(`Tuple or struct_time argument required`);
  const items = itemsOf(rt, w);
  if (items.length !== 9) throw typeError(`${fname}(): illegal time tuple argument`);
  return items.map((x) => Number(intArgOf(rt, x))) as Tm;
}

const pad = (v: number, n = 2, c = '0'): string => String(v).padStart(n, c);

/** The week number of the year, weeks starting on `first` (0: Sunday for %U, 1: Monday for %W). */
function weekNumber(t: Tm, first: number): number {
  const wdaySun = (t[6] + 1) % 7; // 0 = Sunday
  const wd = (wdaySun - first + 7) % 7;
  return Math.floor((t[7] - 1 + 7 - wd) / 7);
}

function strftime(format: string, t: Tm, tz: { name: string; offset: number }): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%' || i + 1 >= format.length) { out += c; continue; }
    const d = format[++i];
    const [Y, mo, md, H, Mi, S, wd, yd] = t;
    switch (d) {
      case 'Y': out += String(Y); break;
      case 'y': out += pad(((Y % 100) + 100) % 100); break;
      case 'C': out += pad(Math.floor(Y / 100)); break;
      case 'm': out += pad(mo); break;
      case 'd': out += pad(md); break;
      case 'e': out += pad(md, 2, ' '); break;
      case 'H': out += pad(H); break;
      case 'I': out += pad(H % 12 === 0 ? 12 : H % 12); break;
      case 'M': out += pad(Mi); break;
      case 'S': out += pad(S); break;
      case 'p': out += H < 12 ? 'AM' : 'PM'; break;
      case 'a': out += DAYS[((wd % 7) + 7) % 7].slice(0, 3); break;
      case 'A': out += DAYS[((wd % 7) + 7) % 7]; break;
      case 'b': case 'h': out += MONTHS[(mo + 11) % 12].slice(0, 3); break;
      case 'B': out += MONTHS[(mo + 11) % 12]; break;
      case 'j': out += pad(yd, 3); break;
      case 'w': out += String((wd + 1) % 7); break;
      case 'u': out += String(wd + 1); break;
      case 'U': out += pad(weekNumber(t, 0)); break;
      case 'W': out += pad(weekNumber(t, 1)); break;
      case 'c': out += `${DAYS[wd].slice(0, 3)} ${MONTHS[mo - 1].slice(0, 3)} ${pad(md, 2, ' ')} ${pad(H)}:${pad(Mi)}:${pad(S)} ${Y}`; break;
      case 'x': case 'D': out += `${pad(mo)}/${pad(md)}/${pad(((Y % 100) + 100) % 100)}`; break;
      case 'X': case 'T': out += `${pad(H)}:${pad(Mi)}:${pad(S)}`; break;
      case 'R': out += `${pad(H)}:${pad(Mi)}`; break;
      case 'F': out += `${Y}-${pad(mo)}-${pad(md)}`; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'Z': out += tz.name; break;
      case 'z': {
        const o = tz.offset;
        const a = Math.abs(o);
        out += `${o < 0 ? '-' : '+'}${pad(Math.floor(a / 3600))}${pad(Math.floor((a % 3600) / 60))}`;
        break;
      }
      case '%': out += '%'; break;
      default: out += '%' + d; break;
    }
  }
  return out;
}

/** The zone abbreviations of the TZif file the C library reads (TZ, else /etc/localtime), by "offset/isdst"; empty when there is none. */
let abbreviations: Map<string, string> | null = null;
function zoneAbbreviations(): Map<string, string> {
  if (abbreviations !== null) return abbreviations;
  abbreviations = new Map();
  let tz = process.env.TZ;
  if (tz !== undefined && tz.startsWith(':')) tz = tz.slice(1);
  const file = tz === undefined || tz === '' ? '/etc/localtime' : tz.startsWith('/') ? tz : `/usr/share/zoneinfo/${tz}`;
  try {
    const b = readFileSync(file);
    if (b.toString('latin1', 0, 4) !== 'TZif') return abbreviations;
    const count = (i: number) => b.readUInt32BE(20 + 4 * i);
    const [isut, isstd, leap, timecnt, typecnt, charcnt] = [0, 1, 2, 3, 4, 5].map(count);
    let p = 44 + timecnt * 5;
    const types = p;
    p += typecnt * 6;
    const chars = b.toString('latin1', p, p + charcnt);
    void isut; void isstd; void leap;
    const setType = (i: number) => {
      const off = b.readInt32BE(types + 6 * i);
      const dst = b[types + 6 * i + 4];
      const idx = b[types + 6 * i + 5];
      abbreviations!.set(`${off}/${dst}`, chars.slice(idx, chars.indexOf('\0', idx)));
    };
    for (let i = 0; i < typecnt; i++) setType(i);
    // In the order the transitions use them, so the names in use lately win (EDT over the war-time EPT).
    for (let i = 0; i < timecnt; i++) setType(b[44 + timecnt * 4 + i]);
  } catch {
    // No zone file (a POSIX TZ string): the runtime's own names.
  }
  return abbreviations;
}

/** The local zone's name and UTC offset (seconds east) at a broken-down time. */
function zoneAt(t: Tm | null): { name: string; offset: number } {
  const date = t === null ? new Date() : new Date(t[0], t[1] - 1, t[2], t[3], t[4], t[5]);
  const offset = -date.getTimezoneOffset() * 60;
  const known = zoneAbbreviations().get(`${offset}/${isDst(date)}`);
  if (known !== undefined) return { name: known, offset };
  const name = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
  return { name: name === 'GMT' ? 'UTC' : name, offset };
}

def('gmtime', (rt, a, n, dst) => { setValue(rt, dst, gmtime(secondsArg(rt, a, n)).map(BigInt)); }, '_time');
def('localtime', (rt, a, n, dst) => { setValue(rt, dst, localtime(secondsArg(rt, a, n)).map(BigInt)); }, '_time');
def('mktime', (rt, a, _n, dst) => {
  const t = tmArg(rt, a, 'mktime');
  const ms = new Date(t[0], t[1] - 1, t[2], t[3], t[4], t[5]).getTime();
  if (Number.isNaN(ms)) throw overflowError('mktime argument out of range');
  rt.objs.setFloat(dst, ms / 1000);
}, '_time');
def('strftime', (rt, a, n, dst) => {
  if (rt.objs.kind(a) !== Kind.Str) throw typeError(`strftime() argument 1 must be str, not ${rt.typeName(a)}`);
  const t = n >= 2 ? tmArg(rt, a + 1, 'strftime') : localtime(Math.floor(Date.now() / 1000));
  if (t[1] < 1 || t[1] > 12) throw valueError('month out of range');
  if (t[2] < 1 || t[2] > 31) throw valueError('day of month out of range');
  if (t[3] < 0 || t[3] > 23) throw valueError('hour out of range');
  if (t[4] < 0 || t[4] > 59) throw valueError('minute out of range');
  if (t[5] < 0 || t[5] > 61) throw valueError('seconds out of range');
  if (t[7] < 1 || t[7] > 366) throw valueError('day of year out of range');
  setValue(rt, dst, strftime(rt.objs.strOf(rt.heap.objectAt(a)), t, zoneAt(t)));
}, '_time');
def('zone', (rt, _a, _n, dst) => {
  const y = new Date().getFullYear();
  const jan = zoneAt([y, 1, 1, 0, 0, 0, 0, 1, 0]);
  const jul = zoneAt([y, 7, 1, 0, 0, 0, 0, 182, 0]);
  const std = jan.offset <= jul.offset ? jan : jul;
  const dstz = jan.offset <= jul.offset ? jul : jan;
  setValue(rt, dst, [BigInt(-std.offset), BigInt(-dstz.offset), jan.offset !== jul.offset, std.name, dstz.name]);
}, '_time');
