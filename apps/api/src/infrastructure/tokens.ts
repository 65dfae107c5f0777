/** Injection tokens for things that are interfaces, not classes. */
export const EVENT_STORE = Symbol('EventStore');
export const READ_STORE = Symbol('ReadStore');
export const CONFIG = Symbol('Config');
export const CLOCK = Symbol('Clock');
export const LOGGER = Symbol('Logger');

/** Now, as an ISO-8601 instant. Injected so that tests and the demo can set the time. */
export type Clock = () => string;
