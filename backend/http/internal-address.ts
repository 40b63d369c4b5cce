// Addresses inside the service's own network (loopback, private, link-local —
// cloud metadata endpoints live there, CGNAT, the unspecified address, IPv4
// mapped into IPv6). An admin's URL (IdP metadata, a webhook endpoint) must not
// reach them in production: that would let anyone who can type a URL probe or
// call the service's neighbours (SSRF).
import { BlockList } from 'node:net';

const internal = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  internal.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['::ffff:0:0', 96],
] as const)
  internal.addSubnet(net, prefix, 'ipv6');

/** True for an address inside the service's network (`family` 4 or 6). */
export const isInternalAddress = (address: string, family: number): boolean =>
  internal.check(address, family === 6 ? 'ipv6' : 'ipv4');
