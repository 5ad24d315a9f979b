class MyErr(Exception):
    def __str__(self): return "custom message"
def deep(n):
    if n == 0: raise MyErr()
    deep(n - 1)
deep(3)
