// Dicts and sets in traces (runtime/vm/tracing/record-dicts.ts records them):
// subscripts, stores, deletes, `in`, dict.get and dict comprehensions with
// small-int, str and tuple keys, hashed and probed natively
// (cases/dict_support.c, in the support library). Each uop checks its container's type itself and
// exits, nothing changed, whenever tier-1 must act: a key native code cannot
// hash or compare, a missing key (tier-1 raises the KeyError with its
// traceback), a full entry table (tier-1 grows it).

/// d[key] (BINARY_SUBSCR) of a dict.
uop DICT_GET (dict, key -- value) {
  EXIT_IF(!is_dict(dict));
  int ok;
  Value *e = support_dict_lookup((DictObject *)UNBOX_OBJ(dict), key, &ok);
  EXIT_IF(e == 0);
  value = e[2];
}

/// d[key] = value (STORE_SUBSCR) of a dict: an existing key's value replaced, a new
/// key appended while the entry table has room.
uop DICT_SET (value, dict, key -- ) {
  EXIT_IF(!is_dict(dict) || !support_dict_store((DictObject *)UNBOX_OBJ(dict), key, value));
}

/// d[key] (BINARY_SUBSCR) of an instance of a dict subclass whose class leaves
/// [] to dict (Counter, defaultdict, OrderedDict; its shape was guarded): the
/// base dict's entry. A missing key exits: tier-1 calls __missing__.
uop BASE_DICT_GET (obj, key -- value) {
  Value dict = ((InstanceObject *)UNBOX_OBJ(obj))->base;
  EXIT_IF(!is_dict(dict));
  int ok;
  Value *e = support_dict_lookup((DictObject *)UNBOX_OBJ(dict), key, &ok);
  EXIT_IF(e == 0);
  value = e[2];
}

/// Exits unless the key on top is surely absent from the base dict of the
/// instance under it (the miss of such a d[key]: its __missing__ is inlined next).
uop GUARD_BASE_DICT_ABSENT ( -- ) {
  Value dict = ((InstanceObject *)UNBOX_OBJ(sp[-2]))->base;
  EXIT_IF(!is_dict(dict));
  int ok;
  Value *e = support_dict_lookup((DictObject *)UNBOX_OBJ(dict), sp[-1], &ok);
  EXIT_IF(!ok || e != 0);
}

/// d[key] = value (STORE_SUBSCR) of such an instance: into its base dict.
uop BASE_DICT_SET (value, obj, key -- ) {
  Value dict = ((InstanceObject *)UNBOX_OBJ(obj))->base;
  EXIT_IF(!is_dict(dict) || !support_dict_store((DictObject *)UNBOX_OBJ(dict), key, value));
}

/// del d[key] (DELETE_SUBSCR) of a dict; a missing key exits (tier-1 raises KeyError).
uop DICT_DELETE (dict, key -- ) {
  EXIT_IF(!is_dict(dict) || !support_dict_delete((DictObject *)UNBOX_OBJ(dict), key));
}

/// key in d (COMPARE_OP in).
uop DICT_CONTAINS (key, dict -- res: bool) {
  EXIT_IF(!is_dict(dict));
  int ok;
  Value *e = support_dict_lookup((DictObject *)UNBOX_OBJ(dict), key, &ok);
  EXIT_IF(!ok);
  res = BOX_BOOL(e != 0);
}

/// key not in d (COMPARE_OP not in).
uop DICT_NOT_CONTAINS (key, dict -- res: bool) {
  EXIT_IF(!is_dict(dict));
  int ok;
  Value *e = support_dict_lookup((DictObject *)UNBOX_OBJ(dict), key, &ok);
  EXIT_IF(!ok);
  res = BOX_BOOL(e == 0);
}

/// d.get(key) (CALL_METHOD get, 1 argument): the value or None.
uop DICT_GET_METHOD1 (dict, key -- value) {
  EXIT_IF(!is_dict(dict));
  int ok;
  Value *e = support_dict_lookup((DictObject *)UNBOX_OBJ(dict), key, &ok);
  EXIT_IF(!ok);
  value = e ? e[2] : NONE_VALUE;
}

/// d.get(key, default) (CALL_METHOD get, 2 arguments).
uop DICT_GET_METHOD2 (dict, key, fallback -- value) {
  EXIT_IF(!is_dict(dict));
  int ok;
  Value *e = support_dict_lookup((DictObject *)UNBOX_OBJ(dict), key, &ok);
  EXIT_IF(!ok);
  value = e ? e[2] : fallback;
}

/// MAP_ADD of a dict comprehension: {key: value} into the dict under them.
uop DICT_MAP_ADD (dict, key, value -- dict) {
  EXIT_IF(!is_dict(dict) || !support_dict_store((DictObject *)UNBOX_OBJ(dict), key, value));
}

/// key in s (COMPARE_OP in) of a set or frozenset.
uop SET_CONTAINS (key, set -- res: bool) {
  EXIT_IF(!is_set(set));
  int r = support_set_contains((SetObject *)UNBOX_OBJ(set), key);
  EXIT_IF(r < 0);
  res = BOX_BOOL(r);
}

/// key not in s.
uop SET_NOT_CONTAINS (key, set -- res: bool) {
  EXIT_IF(!is_set(set));
  int r = support_set_contains((SetObject *)UNBOX_OBJ(set), key);
  EXIT_IF(r < 0);
  res = BOX_BOOL(!r);
}

/// d.setdefault(key, default) (CALL_METHOD setdefault, 2 arguments): the value,
/// or default after storing it (while the entry table has room).
uop DICT_SETDEFAULT (dict, key, fallback -- value) {
  EXIT_IF(!is_dict(dict));
  int ok;
  DictObject *d = (DictObject *)UNBOX_OBJ(dict);
  Value *e = support_dict_lookup(d, key, &ok);
  EXIT_IF(!ok);
  if (e) {
    value = e[2];
  } else {
    EXIT_IF(!support_dict_store(d, key, fallback));
    value = fallback;
  }
}
