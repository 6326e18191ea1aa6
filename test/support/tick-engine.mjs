// A minimal long-running program for supervisor tests: listens on a control socket (like VICI or the
// OpenVPN management socket) and prints a log line every 100 ms naming a "connection".
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
const sock = process.argv[2];
rmSync(sock, { force: true });
createServer((c) => c.end(`pid=${process.pid}\n`)).listen(sock);
let n = 0;
setInterval(() => console.log(`tick ${n++} <conn-${n % 2}|1> engine pid ${process.pid}`), 100);
process.on('SIGTERM', () => process.exit(0));
