# Error case: type unary
print(-"a")
