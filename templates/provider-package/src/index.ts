// The hand-written public entry point: re-export the generated types and wrap them in the client.
export * from './generated/index.js';
