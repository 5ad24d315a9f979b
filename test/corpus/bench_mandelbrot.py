# Benchmark: Mandelbrot set as ASCII art (float inner loop) plus a checksum.
N = 30
def mandel(w, h, max_iter):
    rows = []
    total = 0
    for y in range(h):
        row = ""
        ci = 2.0 * y / h - 1.0
        for x in range(w):
            cr = 3.0 * x / w - 2.0
            zr = 0.0
            zi = 0.0
            i = 0
            while i < max_iter and zr * zr + zi * zi <= 4.0:
                t = zr * zr - zi * zi + cr
                zi = 2.0 * zr * zi + ci
                zr = t
                i += 1
            total += i
            row += "#" if i == max_iter else " .:-=+*%@"[i % 9]
        rows.append(row)
    return rows, total
rows, total = mandel(2 * N, N, 200)
for r in rows[::8]:
    print(r[::4])
print(total)
