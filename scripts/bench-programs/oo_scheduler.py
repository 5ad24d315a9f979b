# A cooperative task scheduler: worker, handler, device and idle tasks pass
# packets through queues; tasks are objects with state flags, run by a
# scheduler loop that picks the highest-priority runnable task.

N = 110

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)
KIND_DEVICE = 0
KIND_WORK = 1


class Packet:
    __slots__ = ("link", "ident", "kind", "count", "data")

    def __init__(self, link, ident, kind):
        self.link = link
        self.ident = ident
        self.kind = kind
        self.count = 0
        self.data = [0] * 4

    def append_to(self, queue):
        self.link = None
        if queue is None:
            return self
        p = queue
        while p.link is not None:
            p = p.link
        p.link = self
        return queue


class TaskState:
    def __init__(self):
        self.packet_pending = False
        self.task_waiting = False
        self.task_holding = False

    def waiting_with_packet(self):
        self.packet_pending = True
        self.task_waiting = True
        self.task_holding = False
        return self

    def waiting(self):
        self.packet_pending = False
        self.task_waiting = True
        self.task_holding = False
        return self

    def running(self):
        self.packet_pending = False
        self.task_waiting = False
        self.task_holding = False
        return self

    def is_holding_or_waiting(self):
        return self.task_holding or (not self.packet_pending and self.task_waiting)


class Task(TaskState):
    def __init__(self, sched, ident, priority, queue):
        super().__init__()
        self.sched = sched
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.link = sched.tasks
        sched.tasks = self
        sched.table[ident] = self
        if queue is not None:
            self.waiting_with_packet()
        else:
            self.waiting()

    def add_packet(self, packet, current):
        if self.queue is None:
            self.queue = packet
            self.packet_pending = True
            if self.priority > current.priority:
                return self
        else:
            packet.append_to(self.queue)
        return current

    def run_task(self):
        if self.packet_pending and self.task_waiting and not self.task_holding:
            packet = self.queue
            self.queue = packet.link
            if self.queue is None:
                self.running()
            else:
                self.packet_pending = True
                self.task_waiting = False
                self.task_holding = False
        else:
            packet = None
        return self.run(packet)

    def run(self, packet):
        raise NotImplementedError


class IdleTask(Task):
    def __init__(self, sched, ident, priority, count):
        super().__init__(sched, ident, priority, None)
        self.running()
        self.control = 1
        self.count = count

    def run(self, packet):
        self.count -= 1
        if self.count == 0:
            return self.sched.hold()
        if self.control & 1 == 0:
            self.control >>= 1
            return self.sched.release(DEVICE_A)
        self.control = (self.control >> 1) ^ 0xD008
        return self.sched.release(DEVICE_B)


class WorkerTask(Task):
    def __init__(self, sched, ident, priority, queue):
        super().__init__(sched, ident, priority, queue)
        self.destination = HANDLER_A
        self.counter = 0

    def run(self, packet):
        if packet is None:
            return self.sched.wait()
        self.destination = HANDLER_B if self.destination == HANDLER_A else HANDLER_A
        packet.ident = self.destination
        packet.count = 0
        data = packet.data
        for i in range(4):
            self.counter += 1
            if self.counter > 26:
                self.counter = 1
            data[i] = 64 + self.counter
        return self.sched.queue_packet(packet)


class HandlerTask(Task):
    def __init__(self, sched, ident, priority, queue):
        super().__init__(sched, ident, priority, queue)
        self.work = None
        self.devices = None

    def run(self, packet):
        if packet is not None:
            if packet.kind == KIND_WORK:
                self.work = packet.append_to(self.work)
            else:
                self.devices = packet.append_to(self.devices)
        if self.work is not None:
            w = self.work
            count = w.count
            if count >= 4:
                self.work = w.link
                return self.sched.queue_packet(w)
            if self.devices is not None:
                d = self.devices
                self.devices = d.link
                d.count = w.data[count]
                w.count = count + 1
                return self.sched.queue_packet(d)
        return self.sched.wait()


class DeviceTask(Task):
    def __init__(self, sched, ident, priority, queue):
        super().__init__(sched, ident, priority, queue)
        self.pending = None

    def run(self, packet):
        if packet is None:
            if self.pending is None:
                return self.sched.wait()
            p = self.pending
            self.pending = None
            return self.sched.queue_packet(p)
        self.pending = packet
        return self.sched.hold()


class Scheduler:
    def __init__(self):
        self.tasks = None
        self.table = [None] * 6
        self.current = None
        self.queue_count = 0
        self.hold_count = 0

    def hold(self):
        self.hold_count += 1
        self.current.task_holding = True
        return self.current.link

    def release(self, ident):
        t = self.table[ident]
        t.task_holding = False
        if t.priority > self.current.priority:
            return t
        return self.current

    def wait(self):
        self.current.task_waiting = True
        return self.current

    def queue_packet(self, packet):
        t = self.table[packet.ident]
        self.queue_count += 1
        packet.link = None
        packet.ident = self.current.ident
        return t.add_packet(packet, self.current)

    def schedule(self):
        t = self.tasks
        while t is not None:
            if t.is_holding_or_waiting():
                t = t.link
            else:
                self.current = t
                t = t.run_task()


def run_once(count):
    s = Scheduler()
    IdleTask(s, IDLE, 1, count)
    wq = Packet(None, 0, KIND_WORK)
    wq = Packet(wq, 0, KIND_WORK)
    WorkerTask(s, WORKER, 1000, wq)
    q = Packet(None, DEVICE_A, KIND_DEVICE)
    q = Packet(q, DEVICE_A, KIND_DEVICE)
    q = Packet(q, DEVICE_A, KIND_DEVICE)
    HandlerTask(s, HANDLER_A, 2000, q)
    q = Packet(None, DEVICE_B, KIND_DEVICE)
    q = Packet(q, DEVICE_B, KIND_DEVICE)
    q = Packet(q, DEVICE_B, KIND_DEVICE)
    HandlerTask(s, HANDLER_B, 3000, q)
    DeviceTask(s, DEVICE_A, 4000, None)
    DeviceTask(s, DEVICE_B, 5000, None)
    s.schedule()
    return s.queue_count, s.hold_count


def main():
    totals = {}
    for i in range(N):
        qc, hc = run_once(1000 + i * 10)
        totals[i % 3] = totals.get(i % 3, 0) + qc * 7 + hc
    for k in sorted(totals):
        print(k, totals[k])
    print(run_once(5000))


if __name__ == "__main__":
    main()
