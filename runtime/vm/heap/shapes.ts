// Shapes (hidden classes) of instances: a shape is the ordered list of an
// instance's attribute names, so an attribute's slot is a fixed index for
// every instance of that shape. Each class has its own root shape (a shape
// therefore implies its class) and instances move along transitions as they
// get attributes: two instances that got the same attributes in the same
// order share a shape. A class with __slots__ has one fixed shape.
// The table lives in TypeScript (it holds only names, never Python values);
// instances store the shape id (cases/vm.h, InstanceObject.shape).
//
// An instance whose __dict__ was asked for (obj.__dict__, vars(obj)) moves to
// its class's dict shape: the root's names (exception fields, __slots__ next
// to a __dict__) and then '__dict__', whose slot holds a real dict with every
// other attribute (CPython's materialized dict). A dict shape is fixed and
// never cached by tier-1's inline caches or specialised by traces, so every
// access to such an instance takes the slow path, which reads the dict.

export class Shapes {
  private readonly names: string[][] = [];
  private readonly index: Map<string, number>[] = [];
  private readonly transitions: (Map<string, number> | null)[] = [];
  private readonly roots: number[] = [];
  private readonly fixedShape: boolean[] = [];
  private readonly dictShape: boolean[] = [];
  /** Root shape -> its dict shape (made on first use). */
  private readonly dictShapes = new Map<number, number>();

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
    this.dictShape.push(false);
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

  /** Whether instances of `shape` keep their attributes in the dict in its last slot ('__dict__'). */
  isDict(shape: number): boolean {
    return this.dictShape[shape];
  }

  /** The dict shape of `shape`'s class: the root's names, then '__dict__'. */
  dictShapeOf(shape: number): number {
    const root = this.roots[shape];
    let d = this.dictShapes.get(root);
    if (d === undefined) {
      d = this.add([...this.names[root], '__dict__'], true);
      this.roots[d] = root;
      this.dictShape[d] = true;
      this.dictShapes.set(root, d);
    }
    return d;
  }

  /** The number of names of `shape`'s root shape (its fixed slots). */
  rootCount(shape: number): number {
    return this.names[this.roots[shape]].length;
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
