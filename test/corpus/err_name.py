# Error case: name
print(zz_undefined_qq)
