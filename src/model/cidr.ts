// IPv4 CIDR arithmetic for subnets, the master's fixed address and ingress rules.
import { UsageError } from './exit.js';

export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIpv4(text: string): number | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1).map(Number);
  if (octets.some((octet) => octet > 255)) return undefined;
  return octets.reduce((value, octet) => value * 256 + octet, 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Parses "a.b.c.d/n"; undefined unless it is a valid IPv4 CIDR whose host bits are zero. */
export function parseCidr(text: string): Cidr | undefined {
  const [address, prefixText, ...rest] = text.split('/');
  if (rest.length > 0 || address === undefined || prefixText === undefined || !/^\d{1,2}$/.test(prefixText))
    return undefined;
  const prefix = Number(prefixText);
  const base = parseIpv4(address);
  if (base === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return undefined;
  return { base, prefix };
}

export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.prefix >= outer.prefix &&
    inner.base >= outer.base &&
    inner.base + cidrSize(inner) <= outer.base + cidrSize(outer)
  );
}

/** True when the two blocks share an address (AWS refuses a subnet that overlaps another). */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + cidrSize(b) && b.base < a.base + cidrSize(a);
}

/** The address `offset` after the network address (kube-up put the master at base + 9). */
export function addressInCidr(cidr: Cidr, offset: number): string {
  return formatIpv4(cidr.base + offset);
}

/** A subnet already in a VPC that is not the cluster's own: its block is taken. */
export interface TakenBlock {
  id: string;
  cidr: string;
}

/**
 * Every subnet a run would create lies in a free block of the VPC: AWS would refuse an
 * overlapping one (InvalidSubnet.Conflict) only after other resources were made.
 */
export function checkFreeBlocks(
  vpcId: string,
  wanted: readonly { cidr: string; what: string; fix: string }[],
  taken: readonly TakenBlock[],
): void {
  for (const subnet of wanted) {
    const block = parseCidr(subnet.cidr);
    const holder =
      block &&
      taken.find((other) => {
        const theirs = parseCidr(other.cidr);
        return theirs !== undefined && cidrsOverlap(block, theirs);
      });
    if (holder) {
      throw new UsageError(
        `${subnet.what} ${subnet.cidr} overlaps ${holder.id} (${holder.cidr}) in ${vpcId}; ${subnet.fix}`,
      );
    }
  }
}
