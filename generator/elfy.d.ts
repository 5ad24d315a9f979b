// elfy ships no types; the generator only uses parse().
declare module 'elfy' {
  const elfy: { parse(buf: Buffer): unknown };
  export default elfy;
}
