import { classifyAddress } from './address-policy';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8'],
    ['1.1.1.1'],
    ['93.184.216.34'],
    ['2606:4700:4700::1111'],
    ['2a00:1450:4001:80b::200e'],
    ['::ffff:8.8.8.8'],
    ['64:ff9b::808:808'],
    ['2002:808:808::1'],
  ])('lets public address %s through', (address) => {
    expect(classifyAddress(address)).toEqual({ allowed: true });
  });

  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.254', 'carrierGradeNat'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['192.0.0.8', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['::7f00:1', 'non-global'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback IPv4 127.0.0.1 embedded'],
    ['::ffff:a9fe:a9fe', 'linkLocal IPv4 169.254.169.254 embedded'],
    ['::ffff:0:a00:1', 'private IPv4 10.0.0.1 embedded'],
    ['64:ff9b::7f00:1', 'loopback IPv4 127.0.0.1 embedded'],
    ['64:ff9b:1::1', 'rfc6052'],
    ['2002:a9fe:a9fe::1', 'linkLocal IPv4 169.254.169.254 embedded'],
    // Teredo: server 65.54.227.120, client 192.168.0.1 stored inverted (3f57:fffe).
    ['2001:0:4136:e378:8000:63bf:3f57:fffe', 'private IPv4 192.168.0.1 embedded'],
    ['2001:0:a00:1::1', 'private IPv4 10.0.0.1 embedded'],
    ['not-an-ip', 'unparseable'],
    ['', 'unparseable'],
  ])('blocks %s (%s)', (address, reason) => {
    const verdict = classifyAddress(address);
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed ? '' : verdict.reason).toContain(reason);
  });
});
