import { afterEach } from 'vitest';

export type Cleanup = () => Promise<void> | void;

/** A list a test pushes its teardown onto; after each test it runs, last pushed first. */
export function cleanupsAfterEach(): Cleanup[] {
  const list: Cleanup[] = [];
  afterEach(async () => {
    for (const c of list.splice(0).reverse()) await c();
  });
  return list;
}
