export * from './gateway.js';
export * from './peer.js';
export * from './site.js';
export * from './server.js';
export * from './user.js';
export * from './policy.js';
export * from './ddns.js';
export * from './cross.js';
