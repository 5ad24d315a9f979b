# A list used as a dict key.
counts = {}
for word in ["a", "b", "a"]:
    counts[word] = counts.get(word, 0) + 1
print(counts)
counts[["list", "key"]] = 1
