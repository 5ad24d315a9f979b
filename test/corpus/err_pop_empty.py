# Error case: pop empty
a = [1]
a.pop()
a.pop()
