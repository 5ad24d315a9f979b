// format(s, spec) of a huge str: precision cuts it to its first code points,
// width pads it by fill and alignment, as CPython's str.__format__ does. The
// caller checks the spec first (by formatting a short str with it), so only
// the sizes are worked out here.
import { StrBuilder, type HugeStr, type StrText } from './huge-str.ts';

/** [[fill]align][sign][z][#][0][width][grouping][.precision][type], fill any one code point. */
const SPEC = /^(?:([\s\S]|[\ud800-\udbff][\udc00-\udfff])?([<>^=]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/;

/** fill repeated count times into b. */
function addFill(b: StrBuilder, fill: string, count: number): void {
  const per = Math.min(count, 1 << 16);
  const run = fill.repeat(per);
  let left = count;
  for (; left >= per && left > 0; left -= per) b.add(run, per);
  if (left > 0) b.add(fill.repeat(left), left);
}

/** t formatted by spec (already known valid for a str). */
export function formatHugeStr(t: HugeStr, spec: string): StrText {
  const m = SPEC.exec(spec);
  if (m === null) throw new Error(`unchecked format spec ${spec}`);
  const [, fillGiven, alignGiven, , , , zero, widthText, , precisionText] = m;
  const length = precisionText === undefined ? t.length : Math.min(t.length, Number(precisionText));
  const width = widthText === undefined ? 0 : Number(widthText);
  const b = new StrBuilder();
  const pad = Math.max(0, width - length);
  const fill = fillGiven ?? (zero !== undefined && alignGiven === undefined ? '0' : ' ');
  const align = alignGiven ?? '<';
  const left = align === '>' ? pad : align === '^' ? Math.floor(pad / 2) : 0;
  addFill(b, fill, left);
  b.addHuge(t, 0, length);
  addFill(b, fill, pad - left);
  return b.result();
}
