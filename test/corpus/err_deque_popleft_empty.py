from collections import deque
def drain(q):
    while True:
        q.popleft()
drain(deque([1, 2]))
