// Ctrl+C during a command that writes to the server (`mlmodel publish`). Killing the process at
// once would leave the user not knowing what was written: a request already sent may be applied
// whether or not its answer is read. So the first Ctrl+C only stops new requests: those in flight
// are answered (each bounded by the client's timeout) and the command reports exactly what was
// written and what was not. A second Ctrl+C stops at once, cancelling what is in flight (said to
// be uncertain); a third leaves without a word.

export const EXIT_INTERRUPTED = 130; // 128 + SIGINT, as shells report a process ended by Ctrl+C

export class Interruption {
  private readonly stopping = new AbortController();
  private readonly cancelling = new AbortController();
  private count = 0;

  private readonly onSignal = (): void => {
    this.count++;
    if (this.count === 1) {
      this.say('interrupted: finishing the requests already sent (Ctrl+C again to stop at once)');
      this.stopping.abort();
    } else if (this.count === 2) {
      this.say('interrupted again: stopping at once; requests in flight were cancelled and may or may not have been written; publish again to make sure');
      this.cancelling.abort();
    } else process.exit(EXIT_INTERRUPTED);
  };

  /** Listens for SIGINT until `dispose`; `say` prints a line on standard error. */
  constructor(private readonly say: (line: string) => void) {
    process.on('SIGINT', this.onSignal);
  }

  /** Aborted at the first Ctrl+C: start nothing new (reads in flight may be cancelled: they write nothing). */
  get stop(): AbortSignal {
    return this.stopping.signal;
  }

  /** Aborted at the second Ctrl+C: cancel the writes in flight too. */
  get cancel(): AbortSignal {
    return this.cancelling.signal;
  }

  get interrupted(): boolean {
    return this.count > 0;
  }

  dispose(): void {
    process.off('SIGINT', this.onSignal);
  }
}
