# Error case: index str
s = "abc"
print(s[10])
