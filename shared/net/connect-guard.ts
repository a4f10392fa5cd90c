import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { ImageError } from '../errors/image-error';
import { classifyAddress } from './address-policy';
import { refusedDestination } from './origin-errors';

/**
 * Decides, at connect time, which addresses web origins may reach. Node skips `lookup` for IP-literal
 * hosts, so both halves are needed: `checkLiteralHost` before a request, `lookup` on the socket.
 */
export interface ConnectGuard {
  /** Throws ECONNREFUSED when `hostname` (a WHATWG `URL.hostname`) is an IP literal that is not allowed. */
  checkLiteralHost(hostname: string): void;
  /** A `lookup` for `http.request` that resolves, then refuses unless every address is allowed. */
  lookup: LookupFunction;
}

/** `[::1]` -> `::1`, `Example.COM.` -> `example.com`: the form allow-list entries are compared in. */
export function bareHostname(hostname: string): string {
  const unbracketed = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return unbracketed.toLowerCase().replace(/\.$/, '');
}

/** One spelling per address (`::ffff:127.0.0.1` and `127.0.0.1` compare equal); other text lowercased. */
function canonicalHost(host: string): string {
  const bare = bareHostname(host);
  return ipaddr.isValid(bare) ? ipaddr.process(bare).toString() : bare;
}

/** The error for a refused address: the client sees a generic message, the log sees which range. */
const blockedAddress = (hostname: string, reason: string): ImageError =>
  refusedDestination(`blocked private address: ${hostname} -> ${reason}`);

/**
 * Builds the guard. `allowPrivateHosts` (hostnames or IPs, e.g. `127.0.0.1`, `localhost`) lets tests
 * and the local stack reach private addresses on purpose; a listed hostname may reach whatever it
 * resolves to, a listed IP may be reached under any name. Production passes none.
 */
export function createConnectGuard(allowPrivateHosts: readonly string[] = []): ConnectGuard {
  const allowed = new Set(allowPrivateHosts.map(canonicalHost));

  const verdictFor = (hostname: string, address: string): string | undefined => {
    if (allowed.has(canonicalHost(hostname)) || allowed.has(canonicalHost(address))) return undefined;
    const verdict = classifyAddress(address);
    return verdict.allowed ? undefined : verdict.reason;
  };

  return {
    checkLiteralHost(hostname) {
      const bare = bareHostname(hostname);
      if (isIP(bare) === 0) return;
      const reason = verdictFor(bare, bare);
      if (reason !== undefined) throw blockedAddress(hostname, reason);
    },

    lookup(hostname, options, callback) {
      dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
        if (error) return callback(error, '');
        // Every address must pass: Node may try any of them (happy eyeballs), and a rebinding DNS
        // server would happily mix one public answer with a private one.
        for (const { address } of addresses) {
          const reason = verdictFor(hostname, address);
          if (reason !== undefined) return callback(blockedAddress(hostname, reason), '');
        }
        const first = addresses[0];
        if (options.all) return callback(null, addresses);
        if (first === undefined) return callback(blockedAddress(hostname, 'no address'), '');
        return callback(null, first.address, first.family);
      });
    },
  };
}
