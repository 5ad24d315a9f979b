# Unbounded recursion through a method: RecursionError.
class Walker:
    def walk(self, n):
        return self.walk(n + 1) + 1
print(Walker().walk(0))
