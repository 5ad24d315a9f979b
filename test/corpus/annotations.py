x: int = 5
y: "List[int]"
z: dict
if x:
    w: float = 1.0
class C:
    a: int = 1
    b: str
    def m(self):
        q: int = 3
        return q
print(x, __annotations__, C.__annotations__, C().m(), C.a)
class D:
    pass
print(hasattr(D, "__annotations__") and D.__annotations__ == {} if False else "ok")
try:
    v: Undefined = 3
except NameError as e:
    print("NameError", e)
print(v)
