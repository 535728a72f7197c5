import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * In-process news that a note's sync attempt ended (synced, or parked, or failed), for POST /notes to wait on;
 * with several instances the attempt may end on another one, which the waiter learns by checking the row.
 */
@Injectable()
export class NoteSyncEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  settled(noteId: string): void {
    this.emitter.emit(noteId);
  }

  /**
   * Resolves when the note's next attempt ends here, when `settledElsewhere` (checked every `checkEveryMs`)
   * says another instance's worker ended it, or after `timeoutMs`.
   */
  waitFor(noteId: string, timeoutMs: number, settledElsewhere?: () => Promise<boolean>, checkEveryMs = 250): Promise<void> {
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearTimeout(check);
        this.emitter.off(noteId, finish);
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      let check: NodeJS.Timeout | undefined;
      const schedule = () => {
        if (!settledElsewhere || done) return;
        check = setTimeout(() => {
          settledElsewhere().then(
            (settled) => (settled ? finish() : schedule()),
            () => schedule(),
          );
        }, checkEveryMs);
      };
      this.emitter.on(noteId, finish);
      schedule();
    });
  }
}
