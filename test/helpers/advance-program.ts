// The float loop the observability tests (perf, the HTML report) run: one
// function with a while loop and a branch, called `rounds` times with `n`.
export function advanceProgram(rounds: number, n: number): string {
  return `def advance(n):
    total = 0.0
    i = 0
    while i < n:
        x = i * 0.5
        total = total + x * x
        if i % 3 == 0:
            total = total - 1.0
        i = i + 1
    return total

s = 0.0
for k in range(${rounds}):
    s = s + advance(${n})
print(s)
`;
}
