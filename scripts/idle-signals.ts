// SIGINT and SIGTERM while `stencil-jit run` waits on the event loop (loading
// capstone for --jit-dump, say). The program itself runs synchronously, so
// outside these waits no JavaScript handler could run: there the default
// action ends the process by the signal, as python3 ends for SIGTERM (a hot
// loop ignoring SIGINT would be worse; python3's KeyboardInterrupt in hot
// loops needs a native interrupt flag polled by tier-1 and traces).
// During a wait, the handler does what python3 does at that point: stdout
// flushed, `KeyboardInterrupt` for SIGINT, then death by the same signal, so
// the exit status is the one python3 gets.
import type { OutputStream } from './vm-stdio.ts';

export async function whileIdle<T>(work: Promise<T>, stdout: OutputStream, stderr: OutputStream): Promise<T> {
  const onSignal = (signal: NodeJS.Signals) => {
    stop();
    stdout.flushKeepingOnFailure();
    if (signal === 'SIGINT') stderr.writeQuietly('KeyboardInterrupt\n');
    // No listener left: the default action ends the process by this signal.
    process.kill(process.pid, signal);
  };
  const stop = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work;
  } finally {
    stop();
  }
}
