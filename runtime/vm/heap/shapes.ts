// Shapes (hidden classes) of instances: a shape is the ordered list of an
// instance's attribute names, so an attribute's slot is a fixed index for
// every instance of that shape. Each class has its own root shape (a shape
// therefore implies its class) and instances move along transitions as they
// get attributes: two instances that got the same attributes in the same
// order share a shape. A class with __slots__ has one fixed shape.
// The table lives in TypeScript (it holds only names, never Python values);
// instances store the shape id (cases/vm.h, InstanceObject.shape).

export class Shapes {
  private readonly names: string[][] = [];
  private readonly index: Map<string, number>[] = [];
  private readonly transitions: (Map<string, number> | null)[] = [];
  private readonly roots: number[] = [];
  private readonly fixedShape: boolean[] = [];

  /** A new root shape for a class: `names` first (exception fields, __slots__); `fixed` shapes never grow. */
  newRoot(names: string[], fixed: boolean): number {
    const id = this.add(names.slice(), fixed);
    this.roots[id] = id;
    return id;
  }

  private add(names: string[], fixed: boolean): number {
    const id = this.names.length;
    this.names.push(names);
    this.index.push(new Map(names.map((n, i) => [n, i])));
    this.transitions.push(fixed ? null : new Map());
    this.fixedShape.push(fixed);
    this.roots.push(id);
    return id;
  }

  /** The slot of `name` in instances of `shape`, or -1. */
  slotOf(shape: number, name: string): number {
    const i = this.index[shape].get(name);
    return i === undefined ? -1 : i;
  }

  count(shape: number): number {
    return this.names[shape].length;
  }

  namesOf(shape: number): readonly string[] {
    return this.names[shape];
  }

  isFixed(shape: number): boolean {
    return this.fixedShape[shape];
  }

  /** The shape after adding `name` (in the last slot); -1 for a fixed shape. */
  withAttribute(shape: number, name: string): number {
    const t = this.transitions[shape];
    if (t === null) return -1;
    let next = t.get(name);
    if (next === undefined) {
      next = this.add([...this.names[shape], name], false);
      this.roots[next] = this.roots[shape];
      t.set(name, next);
    }
    return next;
  }

  /** The shape after deleting `name`: the root's path replayed without it (slots after it move down by one). */
  withoutAttribute(shape: number, name: string): number {
    let s = this.roots[shape];
    const rootNames = this.names[s];
    for (const n of this.names[shape].slice(rootNames.length)) if (n !== name) s = this.withAttribute(s, n);
    return s;
  }
}
