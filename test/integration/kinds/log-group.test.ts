import { describe, expect, it } from 'vitest';
import { ensureLogGroup, logGroupKind } from '../../../src/aws/resources/log-group.js';
import { useMoto } from '../../support/aws.js';
import {
  classifyListed,
  clusterVpc,
  contextOf,
  listedById,
  orphanOf,
  ownershipIn,
  removeThroughKind,
  stillListed,
} from '../../support/kind-check.js';

describe('the log group kind against moto', () => {
  const moto = useMoto();

  it('ensures /kube-tui/<C>, claims it by its name, flags it once the cluster is gone, deletes it', async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const { value: name } = await ensureLogGroup(ctx, 'alpha');
    expect(name).toBe('/kube-tui/alpha');
    const listed = await listedById(logGroupKind, ctx, name);
    expect(ownershipIn(classifyListed([vpc, listed]), 'alpha', 'log-group', listed.id)).toBe('owned');
    expect(orphanOf(classifyListed([listed]), 'log-group', listed.id)).toMatchObject({
      cluster: 'alpha',
      reason: "kube-tui's log group name; cluster alpha has no VPC or instance in us-west-2",
    });

    await removeThroughKind(logGroupKind, ctx, listed);
    expect(await stillListed(logGroupKind, ctx, listed.id)).toBe(false);
  });
});
