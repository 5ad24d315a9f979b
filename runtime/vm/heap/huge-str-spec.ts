// format(s, spec) of a huge str: precision cuts it to its first code points,
// width pads it by fill and alignment, as CPython's str.__format__ does. The
// caller checks the spec first (by formatting a short str with it), so only
// the sizes are worked out here.
import { StrBuilder, type HugeStr, type StrText } from './huge-str.ts';

/** [[fill]align][sign][z][#][0][width][grouping][.precision][type], fill any one code point. */
export const SPEC = /^(?:([\s\S]|[\ud800-\udbff][\udc00-\udfff])?([<>^=]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/;

/** fill repeated count times into b. */
export function addFill(b: StrBuilder, fill: string, count: number): void {
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

/**
 * format(value, spec) where spec's width is huge and `unpadded` is the value
 * formatted by the spec without fill, alignment, '0' and width: padded as
 * CPython pads (numbers right-aligned, strs left; '=' and the '0' flag put the
 * fill after the sign and 0x prefix). Null for what it does not do (a '0'
 * fill with grouping, which groups the zeros too).
 */
export function padToWidth(unpadded: string, spec: string, numeric: boolean): StrText | null {
  const m = SPEC.exec(spec);
  if (m === null) return null;
  const [, fillGiven, alignGiven, , , , zero, widthText, grouping] = m;
  const width = Number(widthText ?? '0');
  const zeroFill = zero !== undefined && fillGiven === undefined && alignGiven === undefined;
  if (zeroFill && numeric && grouping !== undefined) return null;
  const fill = fillGiven ?? (zeroFill ? '0' : ' ');
  const align = alignGiven ?? (zeroFill && numeric ? '=' : numeric ? '>' : '<');
  const length = [...unpadded].length;
  const pad = Math.max(0, width - length);
  const b = new StrBuilder();
  if (align === '=') {
    const head = /^[-+ ]?(0[xXoObB])?/.exec(unpadded)![0];
    b.add(head, head.length);
    addFill(b, fill, pad);
    b.add(unpadded.slice(head.length));
    return b.result();
  }
  const left = align === '>' ? pad : align === '^' ? Math.floor(pad / 2) : 0;
  addFill(b, fill, left);
  b.add(unpadded, length);
  addFill(b, fill, pad - left);
  return b.result();
}

/** spec without its fill, alignment, '0' flag and width (what padToWidth adds back). */
export function specWithoutWidth(spec: string): string | null {
  const m = SPEC.exec(spec);
  if (m === null) return null;
  const [, , , sign, z, alt, , , grouping, precision, type] = m;
  return `${sign ?? ''}${z ?? ''}${alt ?? ''}${grouping ?? ''}${precision === undefined ? '' : `.${precision}`}${type ?? ''}`;
}
