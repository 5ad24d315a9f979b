# Error case: type mul seq
print("a" * "b")
