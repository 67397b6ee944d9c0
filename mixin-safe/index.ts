/**
 * The Mixin Safe protocol as pure functions: amounts, hashes, the kernel's transaction encoding,
 * input selection, request ids and signing. Bytes in, bytes out; no HTTP, no n8n.
 */
export * from './amount';
export * from './encoding';
export * from './hashes';
export * from './inputs';
export * from './request-id';
export * from './signing';
