export * from './errors.ts';
export * from './invoice.ts';
export * from './queue.ts';
export * from './calls.ts';
export * from './api.ts';
