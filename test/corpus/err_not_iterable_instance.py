# Iterating over an object without __iter__.
class Box:
    def __init__(self, items):
        self.items = items
b = Box([1, 2])
print(len(b.items))
for x in b:
    print(x)
