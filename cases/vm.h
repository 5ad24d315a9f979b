// The VM's shared view of memory: value words, heap objects, frames and the
// state register block. Stencils, the C support library and the uop
// interpreter include this; TypeScript gets the same numbers from
// build/layout.ts, generated from cases/layout.c, so the two never disagree.
#ifndef STENCIL_JIT_VM_H
#define STENCIL_JIT_VM_H

#include <stddef.h>
#include <stdint.h>

// ---------------------------------------------------------------------------
// Values: 64-bit NaN-boxed words.
// A word whose top 16 bits are below 0xFFF9 is an IEEE double (every NaN the
// hardware makes, including x86's negative default NaN 0xFFF8..., stays a
// float). Tagged words carry a 48-bit payload under their tag.
typedef uint64_t Value;

#define TAG_SHIFT 48
#define TAG_INT 0xFFF9ull   // payload: 48-bit two's-complement integer
#define TAG_BOOL 0xFFFAull  // payload: 0 or 1
#define TAG_NONE 0xFFFBull  // payload: 0
#define TAG_OBJ 0xFFFCull   // payload: address of an ObjHeader in the arena
#define TAG_UNBOUND 0xFFFDull // an unassigned local or global slot; never on the value stack
#define PAYLOAD_MASK 0x0000FFFFFFFFFFFFull
#define FIRST_TAG TAG_INT

#define SMALL_INT_MIN (-(1ll << 47))
#define SMALL_INT_MAX ((1ll << 47) - 1)

#define VALUE_TAG(v) ((v) >> TAG_SHIFT)
#define IS_FLOAT(v) (VALUE_TAG(v) < FIRST_TAG)
#define IS_INT(v) (VALUE_TAG(v) == TAG_INT)
#define IS_BOOL(v) (VALUE_TAG(v) == TAG_BOOL)
#define IS_NONE(v) ((v) == NONE_VALUE)
#define IS_OBJ(v) (VALUE_TAG(v) == TAG_OBJ)

#define NONE_VALUE (TAG_NONE << TAG_SHIFT)
#define FALSE_VALUE (TAG_BOOL << TAG_SHIFT)
#define TRUE_VALUE ((TAG_BOOL << TAG_SHIFT) | 1)
#define UNBOUND_VALUE (TAG_UNBOUND << TAG_SHIFT)

static inline int64_t UNBOX_INT(Value v) { return ((int64_t)(v << 16)) >> 16; }
static inline Value BOX_INT(int64_t i) { return ((uint64_t)i & PAYLOAD_MASK) | (TAG_INT << TAG_SHIFT); }
static inline int FITS_SMALL_INT(int64_t i) { return i >= SMALL_INT_MIN && i <= SMALL_INT_MAX; }
// A small int shifted left by 16 (its tag shifted out) is its value times 2^16,
// so a 64-bit add, subtract or multiply (by an unshifted factor) on it overflows
// exactly when the result does not fit 48 bits: the operation's own overflow
// flag is the small-int check, and boxing is a shift and an or.
static inline int64_t SHIFTED_INT(Value v) { return (int64_t)(v << 16); }
static inline Value BOX_SHIFTED_INT(int64_t s) { return ((uint64_t)s >> 16) | (TAG_INT << TAG_SHIFT); }
static inline double UNBOX_FLOAT(Value v) { union { Value v; double d; } u = { v }; return u.d; }
static inline Value BOX_FLOAT(double d) { union { double d; Value v; } u = { d }; return u.v; }
static inline Value BOX_BOOL(int b) { return b ? TRUE_VALUE : FALSE_VALUE; }
static inline void *UNBOX_OBJ(Value v) { return (void *)(uintptr_t)(v & PAYLOAD_MASK); }
static inline Value BOX_OBJ(const void *p) { return ((uint64_t)(uintptr_t)p) | (TAG_OBJ << TAG_SHIFT); }

// ---------------------------------------------------------------------------
// Heap objects live in the native arena. Every object starts with a header.
enum ObjType {
  OBJ_FREE = 0,     // a free block (the collector's)
  OBJ_BIGINT = 1,   // an int outside the small range: inline int128, or a handle into the TS BigInt table
  OBJ_STR = 2,      // a str: handle into the TS string table (or a rope), length in code points
  OBJ_LIST = 3,     // a list: length, capacity, items in a separate block
  OBJ_TUPLE = 4,    // a tuple: length, items inline
  OBJ_FUNCTION = 5, // a Python function: index of its code object
  OBJ_BUILTIN = 6,  // a builtin function or module attribute: builtin id
  OBJ_MODULE = 7,   // an imported module (math): module id
  OBJ_ITEMS = 8,    // the item block of a list
  OBJ_RANGE = 9,    // a range iterator state: next, stop, step
  OBJ_LIST_ITER = 10, // a list iterator: list, index
  OBJ_CLASS = 11,   // a class, user-defined or built-in (int, list, Exception, ...)
  OBJ_INSTANCE = 12, // an instance of a user class: class, shape, slots
  OBJ_DICT = 13,    // a dict: insertion-ordered entries and an index table
  OBJ_SET = 14,     // a set or frozenset: CPython's open-addressing table
  OBJ_CELL = 15,    // a closure cell
  OBJ_METHOD = 16,  // a bound method: function and self
  OBJ_BUILTIN_METHOD = 17, // a method of a built-in type, bound to its receiver (or unbound)
  OBJ_GENERATOR = 18, // a generator: its suspended frame's locals and value stack
  OBJ_ITER = 19,    // the other iterators (dict, set, tuple, str, zip, map, filter, enumerate, ...)
  OBJ_SLICE = 20,   // a slice object: start, stop, step
  OBJ_DESCRIPTOR = 21, // staticmethod, classmethod or property
  OBJ_SUPER = 22,   // super(type, obj)
  OBJ_DICT_VIEW = 23, // dict.keys() / values() / items()
  OBJ_STR_UNITS = 24, // raw bytes never seen as a value: a str's code units, or the table of them (StrUnitsObject)
};

// Heap blocks are at least a header and a free-list link; a block of `bytes`
// takes HEAP_BLOCK_BYTES(bytes) (runtime/vm/heap/heap.ts allocates the same way).
#define HEAP_MIN_BLOCK_WORDS 2
#define HEAP_BLOCK_BYTES(bytes) ((((bytes) + 7) / 8 < HEAP_MIN_BLOCK_WORDS ? HEAP_MIN_BLOCK_WORDS : ((bytes) + 7) / 8) * 8)

typedef struct ObjHeader {
  uint32_t type;  // enum ObjType
  uint32_t words; // block size in words, header included (up to 32 GiB: no block stops at 4)
} ObjHeader;

// A big int: a handle into the TS BigInt table, or BIGINT_INLINE for an int
// that fits 128 bits (outside the 48-bit small range), whose two's-complement
// value is value_hi:value_lo. Traces box their int128 results this way in the
// lent buffer (cases/wide_ints.c), and tier-1 makes every big int that fits
// 128 bits inline too, so a trace can keep computing on what tier-1 produced.
typedef struct BigIntObject {
  ObjHeader header;
  int64_t handle;
  uint64_t value_lo;
  int64_t value_hi;
} BigIntObject;

#define BIGINT_INLINE (-1)

// A big int past 128 bits: handle BIGINT_LIMBS, the signed limb count in
// `size` (its sign is the int's), then the magnitude's little-endian 64-bit
// limbs (cases/bigint.c computes on them; runtime/vm/heap/bigint-limbs.ts
// reads and writes them). The block may be longer than the limbs need.
typedef struct BigIntLimbs {
  ObjHeader header;
  int64_t handle;
  int64_t size;
  uint64_t limbs[];
} BigIntLimbs;

#define BIGINT_LIMBS (-2)

typedef __int128 wide_int;
typedef unsigned __int128 wide_uint;
#define WIDE_INT_MAX ((wide_int)(((wide_uint)1 << 127) - 1))
#define WIDE_INT_MIN (-WIDE_INT_MAX - 1)

// The value of a small int or an inline big int in *out; 0 for anything else.
static inline int WIDE_INT_OF(Value v, wide_int *out) {
  if (IS_INT(v)) { *out = UNBOX_INT(v); return 1; }
  if (!IS_OBJ(v)) return 0;
  const BigIntObject *b = (const BigIntObject *)UNBOX_OBJ(v);
  if (b->header.type != OBJ_BIGINT || b->handle != BIGINT_INLINE) return 0;
  *out = (wide_int)(((wide_uint)(uint64_t)b->value_hi << 64) | b->value_lo);
  return 1;
}

// A flat str takes SIZEOF_FLAT_STR bytes. A rope (a concatenation built by
// JIT code, which cannot reach the TS string table) has the handle STR_ROPE
// and the two halves after it; runtime/vm/heap/objects.ts strOf flattens it on
// first read (a real handle, halves cleared), so only ropes hold halves.
typedef struct StrObject {
  ObjHeader header;
  int64_t length;
  int64_t handle;
  // The str's hash (two 32-bit halves, both 0 until computed). Valid for flat
  // strs only: a rope's word is whatever was in memory, and flattening clears it.
  int64_t hash;
  // A short ASCII str's contents in the object itself, so that native code can
  // compare, hash and transform it: STR_CHARS_INLINE | c0 | c1 << 7 | ... for
  // at most STR_INLINE_MAX code points all below 128; 0 for every other str
  // (and for ropes until they are flattened).
  uint64_t chars;
  struct StrObject *left;
  struct StrObject *right;
} StrObject;

#define STR_ROPE (-1)
// A str made by JIT code whose contents are only its inline chars: tier-1 makes
// its text (and a real handle) from them on first read, as it flattens ropes.
#define STR_INLINE_ONLY (-2)
// A str longer than one V8 string can be (runtime/vm/heap/huge-str.ts): its
// chunks live in TS, `left` holds their handle and `chars` is 0. Native code
// treats it as any str without inline chars; only tier-1 reads it.
#define STR_HUGE (-3)
#define STR_CHARS_INLINE (1ull << 63)
#define STR_INLINE_MAX 9
#define SIZEOF_FLAT_STR offsetof(StrObject, left)
// JIT code builds no rope longer than this (code points): longer concatenations
// are left to tier-1, so a rope always flattens into a string V8 can hold.
#define STR_ROPE_MAX_LENGTH (1ll << 28)

typedef struct ItemsObject {
  ObjHeader header;
  Value items[];
} ItemsObject;

typedef struct ListObject {
  ObjHeader header;
  int64_t length;
  int64_t capacity;
  ItemsObject *items;  // never NULL; capacity words follow its header
} ListObject;

typedef struct TupleObject {
  ObjHeader header;
  int64_t length;
  Value items[];
} TupleObject;

typedef struct FunctionObject {
  ObjHeader header;
  int64_t code_index;
  Value defaults;   // tuple of the last positional parameters' defaults, or None
  Value kwdefaults; // dict of keyword-only defaults, or None
  Value closure;    // tuple of cells for the code's free variables, or None
  Value attrs;      // dict of attributes set on the function (f.x = 1), or None
} FunctionObject;

typedef struct BuiltinObject {
  ObjHeader header;
  int64_t builtin_id;
} BuiltinObject;

// A module: its id (the VM's table of built-in modules) and attributes.
typedef struct ModuleObject {
  ObjHeader header;
  int64_t module_id;
  Value dict;
} ModuleObject;

// A class. Built-in types are classes too (`builtin` says which; `ctor` is the
// builtin that constructs one). `version` changes whenever an attribute of the
// class or of any base changes, so caches of attribute lookups keyed by it stay
// valid while it is unchanged. Instances of a class start with `root_shape`.
typedef struct ClassObject {
  ObjHeader header;
  Value name;        // str
  Value bases;       // tuple of classes
  Value mro;         // tuple of classes, the class itself first
  Value dict;        // dict of the class's own attributes (str keys)
  Value subclasses;  // list of direct subclasses (a base's change reaches them)
  int64_t version;
  int64_t flags;     // CLASS_* bits
  int64_t builtin;   // the built-in type this class is or derives from (runtime/vm/interpreter/builtin-types.ts)
  int64_t root_shape;
  int64_t slot_hint; // inline slots for new instances (the most any instance needed so far)
  int64_t ctor;      // builtin id that constructs a built-in type, or -1
} ClassObject;

#define CLASS_BUILTIN 1     // a built-in type (no attribute can be set on it)
#define CLASS_SLOTS 2       // declares __slots__: instances have exactly those slots
#define CLASS_EXCEPTION 4   // derives from BaseException
#define CLASS_HAS_DUNDER 8  // defines (or inherits from a user class) a special method the operators look for

// An instance of a user class. Attributes live in slots; which attribute is in
// which slot is the shape's business (a hidden class, kept by the runtime): two
// instances that got the same attributes in the same order share a shape, and
// the shape implies the class. The slots start inline; an instance that
// outgrows them moves them to an ItemsObject.
typedef struct InstanceObject {
  ObjHeader header;
  struct ClassObject *cls;
  int64_t shape;
  int64_t capacity;  // slot words at `slots`; unused ones are UNBOUND
  Value *slots;      // inline_slots, or the items of an ItemsObject
  Value base;        // the built-in value of a subclass of list, dict, set, int, str, ... (None otherwise)
  Value inline_slots[];
} InstanceObject;

// A dict: entries in insertion order ({hash, key, value}, a deleted entry's key
// is UNBOUND) and an open-addressing index table of int32 entry numbers.
typedef struct DictObject {
  ObjHeader header;
  int64_t used;           // live entries (len)
  int64_t nentries;       // entries written, deleted ones included
  int64_t capacity;       // entry slots
  int64_t mask;           // index table size - 1 (a power of two minus one)
  ItemsObject *indices;   // (mask + 1) int32: DICT_EMPTY, DICT_DELETED or an entry number
  ItemsObject *entries;   // capacity * DICT_ENTRY_WORDS words
} DictObject;

#define DICT_ENTRY_WORDS 3
#define DICT_EMPTY (-1)
#define DICT_DELETED (-2)

// A set or frozenset with CPython's table (setobject.c): {hash, key} entries,
// linear probes then perturbation, so sets of ints iterate in python3's order.
typedef struct SetObject {
  ObjHeader header;
  int64_t fill;      // active + dummy entries
  int64_t used;      // active entries
  int64_t mask;      // table size - 1
  ItemsObject *table; // (mask + 1) * 2 words
  int64_t frozen;
  int64_t hash;      // a frozenset's hash once computed, else -1
  int64_t finger;    // where pop() looks next
} SetObject;

#define SET_EMPTY_KEY UNBOUND_VALUE
#define SET_DUMMY_KEY (UNBOUND_VALUE | 1)

typedef struct CellObject {
  ObjHeader header;
  Value value;  // UNBOUND while empty
} CellObject;

typedef struct MethodObject {
  ObjHeader header;
  Value func;
  Value self;
} MethodObject;

// A method of a built-in type: `[].append`, or unbound (`str.lower`, self UNBOUND).
typedef struct BuiltinMethodObject {
  ObjHeader header;
  int64_t name;  // method name id (runtime/vm/interpreter/methods.ts)
  Value self;
  int64_t type;  // the built-in type it belongs to
} BuiltinMethodObject;

// A generator. While it runs, its frame is on the frame stack like any other;
// while suspended, the frame's locals and value stack are saved in `frame`.
typedef struct GeneratorObject {
  ObjHeader header;
  int64_t code_index;
  int64_t state;    // GEN_CREATED, GEN_SUSPENDED, GEN_RUNNING, GEN_FINISHED
  int64_t pc;       // where the frame resumes
  int64_t nvalues;  // saved words: locals, then the value stack
  ItemsObject *frame;
} GeneratorObject;

#define GEN_CREATED 0
#define GEN_SUSPENDED 1
#define GEN_RUNNING 2
#define GEN_FINISHED 3

// An iterator of a built-in kind (runtime/vm/interpreter/iterators.ts names the kinds).
typedef struct IterObject {
  ObjHeader header;
  int64_t kind;
  Value source;   // what is iterated (a dict, a tuple of iterators for zip, ...)
  int64_t index;
  Value aux;      // a function (map, filter), a sentinel, a count, ...
  Value aux2;
} IterObject;

typedef struct SliceObject {
  ObjHeader header;
  Value start;
  Value stop;
  Value step;
} SliceObject;

// staticmethod(f) / classmethod(f): f1 is f. property: fget, fset, fdel.
typedef struct DescriptorObject {
  ObjHeader header;
  int64_t kind;
  Value f1;
  Value f2;
  Value f3;
} DescriptorObject;

#define DESCRIPTOR_STATICMETHOD 0
#define DESCRIPTOR_CLASSMETHOD 1
#define DESCRIPTOR_PROPERTY 2

typedef struct SuperObject {
  ObjHeader header;
  Value type;  // the class whose bases are searched
  Value obj;   // the instance (or class) methods bind to
} SuperObject;

typedef struct DictViewObject {
  ObjHeader header;
  int64_t kind;  // 0 keys, 1 values, 2 items
  Value dict;
} DictViewObject;

typedef struct RangeIterObject {
  ObjHeader header;
  int64_t next;
  int64_t stop;
  int64_t step;
} RangeIterObject;

typedef struct ListIterObject {
  ObjHeader header;
  ListObject *list;
  int64_t index;
} ListIterObject;

// ---------------------------------------------------------------------------
// Frames live on one contiguous native frame stack. A call with
// [callable, arg0 .. argN-1] on the caller's value stack places the callee's
// frame at the caller's stack pointer (just past the last argument) and copies
// the arguments into the callee's locals; on return the result replaces the
// callable and the caller's stack pointer becomes that slot + 1. Tier-1 and JIT
// code follow this one rule, so a side exit from inlined code leaves frames
// exactly as the interpreter would have them.
typedef struct Frame {
  struct Frame *previous;  // caller, NULL for the module frame
  Value *stack_base;       // first value stack slot (after the locals)
  int64_t code_index;      // which code object runs in this frame
  int64_t pc;              // bytecode index to resume at (valid when not running)
  int64_t nlocals;
  int64_t depth;           // frames below this one (the module frame is 0)
  Value locals[];          // nlocals words, then the value stack
} Frame;

#define FRAME_HEADER_WORDS (sizeof(Frame) / sizeof(Value))

// Python's recursion limit: a call from a frame at depth RECURSION_LIMIT - 1
// raises RecursionError (tier-1 raises it; traces exit before pushing such a frame).
#define RECURSION_LIMIT 1000

// What a function trace reports when its base frame returned (the result is
// on the caller's stack, VMState.frame/sp describe the caller); exits are >= 0.
#define TRACE_RETURNED (-1)

#define RECYCLE_SLOTS 4
// Free runs lent with the allocation buffer (VMState.alloc_runs), the first of them the buffer itself.
#define ALLOC_RUNS 16

// The block the shim hands every stencil (pinned in a register) and the
// uop interpreter. Exits write frame, stack pointer and exit index back here.
typedef struct VMState {
  Frame *frame;
  Value *sp;
  int64_t exit_index;       // which exit of the running trace fired
  int64_t exit_trace;       // id of the trace that owns that exit
  Value *globals;           // global slots, indexed by the compiler's global numbering
  Value *stack_limit;       // frames must not grow past this address
  uint64_t *exit_counts;    // optional counters (per exit), may be NULL
  int64_t helper_error;     // set by helpers that fail (e.g. allocation)
  void *arena_base;
  void *scratch;            // helper scratch space
  // Tier-1's current allocation buffer, lent to the trace while it runs: uops
  // that build objects bump alloc_ptr (exiting when it would pass alloc_end),
  // and tier-1 takes the buffer back, with what was allocated, when the trace exits.
  char *alloc_ptr;
  char *alloc_end;
  // Range and list iterators that traces' loops just finished with, for the
  // next loops to reuse instead of allocating: implicit for-loop iterators are
  // unreachable from Python code once popped. Small stacks, so nested loops
  // each find one; the collector treats them as roots.
  int64_t recycled_ranges;
  int64_t recycled_list_iters;
  void *recycled_range[RECYCLE_SLOTS];
  void *recycled_list_iter[RECYCLE_SLOTS];
  // Non-zero once SIGINT arrived (support_on_sigint sets it): tier-1 polls it
  // at back-edges and calls, traces at their entry and back-edge
  // (CHECK_INTERRUPT), and tier-1 raises KeyboardInterrupt.
  int64_t interrupt;
  // Allocation removal's counts (cases/virtuals.c): virtual instances made,
  // and those the trace itself materialized (--jit-stats: allocations removed).
  int64_t virtuals_made;
  int64_t virtuals_materialized;
  // The base frame of the innermost trace that CALL_TOP or CALL_TRACE is running
  // natively (NULL when tier-1 entered the running trace): a return from that
  // frame goes back to the waiting call (RETURN_IF_CALLED).
  Frame *call_frame;
  // Code units native code can read of flat strs whose text only tier-1 has
  // (runtime/vm/heap/str-units.ts): str_units[h] is the StrUnitsObject of the
  // str with string-table handle h (one byte per code point, all below U+0100),
  // 0 when it has none yet, STR_UNITS_NONE when it cannot have one,
  // STR_UNITS_SEEN when tier-1 read it once (it makes them the second time). Made lazily
  // (the recorder meeting s[i] or `for c in s`, tier-1 indexing or iterating a
  // str while a JIT is attached); the collector keeps a buffer while its str
  // lives and clears the entry with the handle. Ropes, inline-only and huge
  // strs have no handle below str_units_cap: they never have one.
  struct StrUnitsObject **str_units;
  int64_t str_units_cap;
  // More free runs lent with the allocation buffer, so that a trace that fills
  // it goes on in the next (support_next_alloc_run) instead of leaving: pairs
  // [start, end) in alloc_runs, pair 0 the buffer itself, alloc_run the next
  // one to take, alloc_run_count how many. alloc_run_end is the current run's
  // end (NEW_VIRTUAL lowers alloc_end below it). A run left behind gets its
  // tail's start written over its start, so tier-1 takes back what was used
  // of each (runtime/vm/heap/heap.ts takeBackLentRuns).
  char *alloc_run_end;
  int64_t alloc_run;
  int64_t alloc_run_count;
  char *alloc_runs[2 * ALLOC_RUNS];
  // Calls builtin `id` of the host runtime in place (CALL_BUILTIN_*,
  // cases/host_calls.c): its callable and `nargs` arguments are on top of the
  // stack at sp, and the result replaces the callable. Non-zero means the
  // call did nothing and tier-1 must make it (runtime/vm/tracing/host-calls.ts).
  // NULL where the host cannot be called back.
  int64_t (*host_call)(int64_t id, Value *sp, int64_t nargs);
} VMState;

// Makes the next lent run with `bytes` free (past what NEW_VIRTUAL took off the
// current one) the one allocation bumps; 0 when no run has them (cases/support.c).
int support_next_alloc_run(VMState *vm, uint64_t bytes);

// Whether `bytes` can be bumped in one piece, moving to the next lent run if
// need be: uops that build several objects check first, so an exit never
// leaves a half-built object behind.
static inline __attribute__((always_inline)) int vm_room(VMState *vm, uint64_t bytes) {
  return __builtin_expect((uint64_t)(vm->alloc_end - vm->alloc_ptr) >= bytes, 1) || support_next_alloc_run(vm, bytes);
}

// A flat str's code units (OBJ_STR_UNITS: header, then one byte per code point).
typedef struct StrUnitsObject {
  ObjHeader header;
  uint8_t units[];
} StrUnitsObject;
#define STR_UNITS_NONE ((struct StrUnitsObject *)1)
#define STR_UNITS_SEEN ((struct StrUnitsObject *)2)

// The code units of str o when native code can read them (see VMState.str_units), else NULL.
static inline const uint8_t *str_units_of(const VMState *vm, const StrObject *o) {
  uint64_t h = (uint64_t)o->handle;
  if (h >= (uint64_t)vm->str_units_cap) return (const uint8_t *)0;
  StrUnitsObject *u = vm->str_units[h];
  return (uintptr_t)u > (uintptr_t)STR_UNITS_SEEN ? u->units : (const uint8_t *)0;
}

// Native allocation: bump `bytes` (a HEAP_BLOCK_BYTES size) of an object of
// `type` out of the buffer tier-1 lent the trace; NULL when it does not fit.
static inline __attribute__((always_inline)) void *vm_alloc(VMState *vm, uint32_t type, uint64_t bytes) {
  if (!vm_room(vm, bytes)) return (void *)0;
  char *p = vm->alloc_ptr;
  vm->alloc_ptr = p + bytes;
  ObjHeader *h = (ObjHeader *)p;
  h->type = type;
  h->words = (uint32_t)(bytes / 8);
  return p;
}

// A list of `length` items (set by the caller) as tier-1 builds one: an item
// block of at least one slot, then the list; NULL (nothing taken) when the
// lent buffer cannot hold both.
static inline __attribute__((always_inline)) ListObject *vm_alloc_list(VMState *vm, int64_t length) {
  int64_t capacity = length > 0 ? length : 1;
  uint64_t items_bytes = HEAP_BLOCK_BYTES(sizeof(ItemsObject) + (uint64_t)capacity * sizeof(Value));
  uint64_t list_bytes = HEAP_BLOCK_BYTES(sizeof(ListObject));
  if (!vm_room(vm, items_bytes + list_bytes)) return (ListObject *)0;
  ItemsObject *items = (ItemsObject *)vm_alloc(vm, OBJ_ITEMS, items_bytes);
  ListObject *list = (ListObject *)vm_alloc(vm, OBJ_LIST, list_bytes);
  list->length = length;
  list->capacity = capacity;
  list->items = items;
  return list;
}

// An int128 as Python's int into *out: small when it fits 48 bits, else an
// inline big int in the lent buffer; 0 (nothing taken) when the buffer is full.
static inline __attribute__((always_inline)) int vm_box_wide_int(VMState *vm, wide_int i, Value *out) {
  if (i >= SMALL_INT_MIN && i <= SMALL_INT_MAX) { *out = BOX_INT((int64_t)i); return 1; }
  BigIntObject *b = (BigIntObject *)vm_alloc(vm, OBJ_BIGINT, HEAP_BLOCK_BYTES(sizeof(BigIntObject)));
  if (b == 0) return 0;
  b->handle = BIGINT_INLINE;
  b->value_lo = (uint64_t)i;
  b->value_hi = (int64_t)((wide_uint)i >> 64);
  *out = BOX_OBJ(b);
  return 1;
}

#endif
