import { Emitter } from '../emitter';

/**
 * A feature of the room (lobby, chat, documents, caucus, host controls, recording):
 * it owns its state, replaces a field's value on every change and says so with `change`
 * (so a React hook's snapshot is stable between changes).
 */
export class RoomFeature<Extra extends Record<string, unknown[]> = Record<never, never>> extends Emitter<Extra & { change: [] }> {
  protected changed(): void {
    (this.emit as (this: this, event: 'change') => void).call(this, 'change');
  }
}
