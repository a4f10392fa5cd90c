import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIPX, createIPXNodeServer, ipxHttpStorage } from 'ipx';

/**
 * ipx's own Node server, its own process (`ipx.js`), reading originals over HTTP from 127.0.0.1 (the
 * bench's origins): `/w_400,f_webp,q_80[,a]/http://127.0.0.1:<port>/<file>`.
 */
const ipx = createIPX({ storage: ipxHttpStorage({ domains: ['127.0.0.1'] }) });
const server = createServer(createIPXNodeServer(ipx));
server.listen(0, '127.0.0.1', () => {
  console.error(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
