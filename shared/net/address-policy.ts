import ipaddr from 'ipaddr.js';

/** Whether an origin may connect to an address, and if not, which range it fell in (for logs). */
export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: AddressVerdict = { allowed: true };
const blocked = (reason: string): AddressVerdict => ({ allowed: false, reason });

/** IPv6 global unicast (2000::/3); everything outside it is special-purpose or unassigned. */
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');
/** RFC 6052 well-known NAT64 prefix: the last 32 bits are the IPv4 destination. */
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

const ipv4From = (high: number, low: number): ipaddr.IPv4 =>
  new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

/**
 * The IPv4 addresses an IPv6 address carries, which are where its packets really go: mapped and
 * translated (`::ffff:a.b.c.d`, `::ffff:0:a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`), 6to4
 * (`2002:aabb:ccdd::`) and Teredo (`2001:0:server:…:~client`). `undefined` when none is embedded.
 */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4[] | undefined {
  const parts = address.parts;
  const at = (index: number): number => parts[index] ?? 0;
  switch (address.range()) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return [ipv4From(at(6), at(7))];
    case 'rfc6052':
      // Only the well-known /96 embeds a plain address; the local-use 64:ff9b:1::/48 is site-specific.
      return address.match(NAT64_WELL_KNOWN) ? [ipv4From(at(6), at(7))] : [];
    case '6to4':
      return [ipv4From(at(1), at(2))];
    case 'teredo':
      // The Teredo server sits in bits 32-63; the client address is stored inverted in the last 32 bits.
      return [ipv4From(at(2), at(3)), ipv4From(~at(6) & 0xffff, ~at(7) & 0xffff)];
    default:
      return undefined;
  }
}

function classifyIpv4(address: ipaddr.IPv4): AddressVerdict {
  // ipaddr.js names every special range (private, loopback, CGNAT, link-local, 0/8, 192.0.0/24,
  // 198.18/15, multicast, broadcast, reserved, documentation ...); only plain unicast is public.
  const range = address.range();
  return range === 'unicast' ? ALLOWED : blocked(`${range} IPv4 ${address.toString()}`);
}

function classifyIpv6(address: ipaddr.IPv6): AddressVerdict {
  const embedded = embeddedIpv4(address);
  if (embedded !== undefined) {
    if (embedded.length === 0) return blocked(`${address.range()} IPv6 ${address.toString()}`);
    for (const inner of embedded) {
      const verdict = classifyIpv4(inner);
      if (!verdict.allowed) return blocked(`${verdict.reason} embedded in ${address.toString()}`);
    }
    return ALLOWED;
  }
  const range = address.range();
  if (range !== 'unicast') return blocked(`${range} IPv6 ${address.toString()}`);
  // Catches IPv4-compatible `::a.b.c.d`, unassigned space and anything ipaddr.js does not name.
  if (!address.match(GLOBAL_UNICAST)) return blocked(`non-global IPv6 ${address.toString()}`);
  return ALLOWED;
}

/**
 * Decides whether a web origin may connect to `address` (an IP in any textual form Node produces).
 * Only public unicast addresses pass; IPv4 embedded in IPv6 is unwrapped and judged as IPv4, so
 * `::ffff:169.254.169.254` is as blocked as `169.254.169.254`. Unparseable input is blocked.
 */
export function classifyAddress(address: string): AddressVerdict {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return blocked(`unparseable address ${JSON.stringify(address)}`);
  }
  return parsed.kind() === 'ipv4' ? classifyIpv4(parsed as ipaddr.IPv4) : classifyIpv6(parsed as ipaddr.IPv6);
}
