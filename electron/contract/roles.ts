/**
 * Who may make a call, declared once per call in the contract and enforced in one place in core
 * (auth/bind.ts) for every window or browser tab:
 * - public: no sign-in (status, sign-in itself, PIN checks, locking the manager area);
 * - cashier: a cashier signed in for the shift in this session (or the manager's rights held);
 * - manager: the manager's PIN passed in this session, not yet locked or idle too long;
 * - it: only the local in-process session (CLI, store IT), never a window.
 */
export type CallRole = 'public' | 'cashier' | 'manager' | 'it';
