import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../contract/index.ts';

/** Core's events, typed by the contract; shells forward them to the renderer. */
export class CoreEvents {
  private readonly emitter = new EventEmitter();
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit(event, payload);
  }
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
