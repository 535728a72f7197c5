import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** In-process news that a note's sync attempt ended (synced, or parked, or failed), for POST /notes to wait on. */
@Injectable()
export class NoteSyncEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  settled(noteId: string): void {
    this.emitter.emit(noteId);
  }

  /** Resolves when the note's next attempt ends here, or after `timeoutMs` (another instance may have done it). */
  waitFor(noteId: string, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.emitter.off(noteId, finish);
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      this.emitter.on(noteId, finish);
    });
  }
}
