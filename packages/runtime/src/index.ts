/**
 * @overcast/runtime: the hand-written runtime every Overcast provider package runs on. Each module
 * is also importable on its own (`@overcast/runtime/http`, `…/signing`, …).
 */
export * from './error-kinds.js';
export * from './error-views.js';
export * from './errors.js';
export * from './http.js';
export * from './log.js';
export * from './options.js';
export * from './paginate.js';
export * from './poll.js';
export * from './retry.js';
export * from './secrets.js';
export * from './signing.js';
export * from './xml.js';
export * from './xmlrpc.js';
