/** Injection token of the shared ioredis client, or `null` when the service runs on in-memory stores. */
export const REDIS = Symbol('REDIS');
