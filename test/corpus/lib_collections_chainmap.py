# collections.ChainMap: lookups through the maps in order, writes to the first,
# iteration order (last map's keys first), views, children and parents, errors.
from collections import ChainMap

defaults = {"color": "red", "user": "guest", "size": 3}
env = {"user": "admin"}
cli = {}
cm = ChainMap(cli, env, defaults)
print(cm["user"], cm["color"], cm.get("missing"), cm.get("size", 0), len(cm))
print(list(cm), sorted(cm.items()), list(cm.values()))
print(cm)
print(cm.keys(), "user" in cm, "nope" in cm, bool(ChainMap()), bool(cm))
cm["color"] = "blue"
print(cli, defaults["color"], cm["color"])
child = cm.new_child({"size": 10})
print(child["size"], child.parents["size"], len(child.maps), child.new_child(x=1)["x"])
try:
    del cm["user"]
except KeyError as e:
    print("KeyError", e)
try:
    cm["nope"]
except KeyError as e:
    print("KeyError", e)
print(cm.pop("color"), cli, ChainMap.fromkeys("ab", 0))
print(cm == dict(cm.items()), ChainMap({"a": 1}) == {"a": 1}, ChainMap({1: 2}) | {3: 4})
m = cm.copy()
m["z"] = 26
print("z" in cm, m.maps[0], ("user", "admin") in cm.items(), "guest" in cm.values())
