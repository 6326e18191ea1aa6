/**
 * What the sites subsystem adds to the store and the API: the engine's own limits as part of the
 * cross-resource check (a site charon would refuse is a 400 naming the field, never a stored site that
 * silently does not load), and each site's effective values with where they came from.
 */
import type { FieldIssue, Peer, SiteSpec, World } from '../core/model/index.js';
import { EFFECTIVE_FIELDS, resolveSite } from '../engines/strongswan/config/effective.js';
import { validateForEngine } from '../engines/strongswan/config/validate.js';
import type { PublicResource, ResourceStore } from '../store/resources.js';
import type { ResourceView } from '../api/context.js';

function engineErrors(spec: SiteSpec, peer: Peer, world: World): FieldIssue[] {
  const gateway = world.gateways.find((g) => g.name === spec.gateway);
  if (!gateway) return [];
  return validateForEngine(resolveSite(spec, peer.vendor).site, peer, gateway)
    .filter((i) => i.severity === 'error')
    .map(({ path, message }) => ({ path, message }));
}

/** A site as the engine would take it, preset applied; a missing peer or gateway is the core check's to report. */
export function checkSiteForEngine(candidate: Record<string, unknown>, world: World): FieldIssue[] {
  const spec = candidate as unknown as SiteSpec;
  const peer = world.peers.find((p) => p.name === spec.peer);
  return peer ? engineErrors(spec, peer, world) : [];
}

/** A peer's vendor decides its sites' defaults: a change that would make one of them invalid is refused on `vendor`. */
export function checkPeerForEngine(candidate: Record<string, unknown>, world: World): FieldIssue[] {
  const peer = candidate as unknown as Peer;
  return world.sites
    .filter((s) => s.peer === peer.name)
    .flatMap((s) => engineErrors(s, peer, world).map((i) => ({ path: 'vendor', message: `site connection "${s.name}" would be invalid (${i.path}: ${i.message})` })));
}

const effectiveValue = {
  type: 'object',
  properties: { value: {}, source: { type: 'string', enum: ['user', 'preset', 'default'] } },
  required: ['value', 'source'],
};

/** `effective`: every vendor-decided field's value as charon gets it, and whether the user, the peer's preset or Corridor's default set it. */
export function siteView(resources: ResourceStore): ResourceView {
  return {
    adds: {
      effective: {
        type: 'object',
        description: "Each vendor-decided field as the engine uses it: the user's value, else the peer vendor's preset, else Corridor's default",
        properties: Object.fromEntries(EFFECTIVE_FIELDS.map((f) => [f, effectiveValue])),
      },
    },
    async decorate(items: PublicResource[]) {
      const peers = (await resources.list('peer')) as unknown as Peer[];
      return items.map((item) => {
        const peer = peers.find((p) => p.name === item.peer);
        return peer ? { ...item, effective: resolveSite(item as unknown as SiteSpec, peer.vendor).effective } : item;
      });
    },
  };
}
