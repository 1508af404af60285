// The eleven kube-up steps as a dependency graph (DESIGN.md section 2). Every task looks its
// resource up first and creates only what is missing, so a rerun after a crash finishes the job
// without duplicates. Independent work overlaps: the Elastic IP, S3, IAM, key pair, VPC and volume
// start together; the node group starts once the master's RunInstances has returned.
import { randomBytes } from 'node:crypto';
import type { Address, Instance, RouteTable, Volume } from '@aws-sdk/client-ec2';
import type { SshPublicKey } from '../local/ssh-key.js';
import type { InstanceBootStatus } from '../model/boot-status.js';
import type { ProvisionResult, TaskTiming } from '../model/engine.js';
import { ProvisionError } from '../model/engine.js';
import type { ProvisionListener, StepId } from '../model/events.js';
import type { ClusterPlan } from '../model/plan.js';
import { sshUserFor } from './ami.js';
import type { AwsContext } from './context.js';
import { classifyError } from './errors.js';
import { GraphError, type GraphTask, runGraph } from './graph.js';
import { masterPolicy, nodePolicy } from './iam-policies.js';
import { clusterNames } from './naming.js';
import { ensureAutoScalingGroup, waitForNodes } from './resources/auto-scaling-group.js';
import { tagShared } from './resources/common.js';
import { associateElasticIp, ensureMasterElasticIp } from './resources/elastic-ip.js';
import { ensureRoleWithProfile, type RoleWithProfile } from './resources/iam-role.js';
import { ensureMaster, waitUntilRunning } from './resources/instance.js';
import { ensureInternetGateway } from './resources/internet-gateway.js';
import { ensureKeyPair } from './resources/key-pair.js';
import { ensureLaunchTemplate } from './resources/launch-template.js';
import { ensureLogGroup } from './resources/log-group.js';
import { ensureRouteTable, routeSubnetThroughGateway } from './resources/route-table.js';
import {
  bucketExists,
  ensureStagingBucket,
  type StagedObject,
  uploadObjects,
} from './resources/s3-bucket.js';
import {
  ensureIngress,
  ensureSecurityGroup,
  masterIngress,
  nodeIngress,
} from './resources/security-group.js';
import { ensureSubnet } from './resources/subnet.js';
import { attachMasterVolume, ensureMasterVolume } from './resources/volume.js';
import { ensureVpc } from './resources/vpc.js';
import { StepTracker } from './step-tracker.js';

/** What the Kubernetes layer hands the engine once the Elastic IP and the master volume exist. */
export interface Bootstrap {
  /** The bundle: uploaded under `<C>/master/` and `<C>/nodes/` of the staging bucket on every run. */
  objects: StagedObject[];
  /** Uploaded only when absent: the first bootstrap token, which the running master then owns. */
  objectsIfAbsent: StagedObject[];
  /** Raw (not base64) user data; small, and never holding a secret. */
  userData: { master: string; node: string };
}

export interface BootstrapInput {
  plan: ClusterPlan;
  masterElasticIp: string;
  masterVolumeId: string;
}

export interface ProvisionHooks {
  onEvent: ProvisionListener;
  /** Loads the SSH key, generating it if absent (kube-up's ssh-keygen). */
  loadSshKey: () => Promise<SshPublicKey>;
  /** Builds the bundle and user data (PKI, bootstrap scripts, manifests). */
  bootstrap: (input: BootstrapInput) => Promise<Bootstrap>;
  /** Merges the cluster's context into the kubeconfig; returns the file and the context's name. */
  writeKubeconfig?: (input: {
    plan: ClusterPlan;
    masterElasticIp: string;
  }) => Promise<{ path: string; context: string }>;
  /** Sees when each task of the graph ran (the benchmark's critical path). */
  onTaskTiming?: (timing: TaskTiming) => void;
  /**
   * Validate cluster on real AWS (src/aws/cluster-validation.ts): boot statuses, /readyz, Ready
   * nodes, CoreDNS. Never against the emulator, whose instances run nothing.
   */
  validateCluster?: (input: {
    plan: ClusterPlan;
    master: Instance;
    nodes: Instance[];
    masterElasticIp: string;
    onStatus: (status: InstanceBootStatus) => void;
    onProgress: (message: string) => void;
  }) => Promise<void>;
}

type TaskId =
  | 'elastic-ip'
  | 'bucket'
  | 'log-group'
  | 'bundle'
  | 'upload'
  | 'master-role'
  | 'node-role'
  | 'key-pair'
  | 'vpc'
  | 'subnet'
  | 'internet-gateway'
  | 'route-table'
  | 'routes'
  | 'security-groups'
  | 'volume'
  | 'master-launch'
  | 'master-running'
  | 'volume-attach'
  | 'launch-template'
  | 'node-group'
  | 'nodes-running'
  | 'validate';

export const EMULATOR_VALIDATION_NOTE =
  'Emulator endpoint: validation stops at "instances running". Boot phases, /readyz, Ready nodes and CoreDNS are checked only on real AWS.';

/** A token per run: an SDK retry of a create whose answer was lost gets the same resource back. */
function clientToken(kind: string, cluster: string, runId: string): string {
  return `kube-tui-${kind}-${cluster}-${runId}`.slice(0, 64);
}

export async function provision(
  ctx: AwsContext,
  plan: ClusterPlan,
  hooks: ProvisionHooks,
): Promise<ProvisionResult> {
  const started = Date.now();
  const { config } = plan;
  const cluster = config.name;
  const names = clusterNames(cluster, config.region);
  const runId = randomBytes(6).toString('hex');
  const sharedVpc = Boolean(config.vpcId);
  const sharedSubnet = Boolean(config.subnetId);
  const logToCloudWatch = config.nodeLogging && config.loggingDestination === 'cloudwatch';

  // Outputs of tasks, read by the tasks that depend on them.
  let elasticIp: Address | undefined;
  let bootstrap: Bootstrap | undefined;
  let masterRole: RoleWithProfile | undefined;
  let nodeRole: RoleWithProfile | undefined;
  let keyName: string | undefined;
  let vpcId = config.vpcId;
  let subnetId = config.subnetId;
  let internetGatewayId: string | undefined;
  let routeTable: RouteTable | undefined;
  let masterGroupId: string | undefined;
  let nodeGroupId: string | undefined;
  let volume: Volume | undefined;
  let master: Instance | undefined;
  let nodeIds: string[] = [];
  let launchTemplate: { id: string; version: string } | undefined;
  let kubeconfig: string | undefined;
  let kubeconfigContext: string | undefined;

  /** A role and its instance profile of one name, reported in step 2. */
  const ensureRole = async (
    name: string,
    policyDocument: string,
    purpose: string,
  ): Promise<RoleWithProfile> => {
    const result = await ensureRoleWithProfile(ctx, {
      cluster,
      name,
      policyDocument,
      description: `kube-tui: ${purpose}`,
    });
    tracker.resource('iam', { type: 'iam-role', id: name, name }, result.created);
    tracker.resource('iam', { type: 'iam-instance-profile', id: name, name }, result.created);
    return result.value;
  };

  /** A user's VPC or subnet: tagged shared for the cluster and reported as used, not made. */
  const adoptShared = async (
    step: StepId,
    type: 'vpc' | 'subnet',
    id: string,
    what: string,
  ): Promise<void> => {
    await tagShared(ctx, cluster, id);
    tracker.resource(step, { type, id, name: 'existing, shared' }, false, 'using');
    tracker.skipReason(step, `using your ${what} ${id} (tagged shared, never deleted)`);
  };

  const taskSteps: Record<TaskId, StepId> = {
    'elastic-ip': 'master-instance',
    bucket: 'upload',
    'log-group': 'iam',
    bundle: 'upload',
    upload: 'upload',
    'master-role': 'iam',
    'node-role': 'iam',
    'key-pair': 'key-pair',
    vpc: 'vpc',
    subnet: 'subnet',
    'internet-gateway': 'internet-gateway',
    'route-table': 'route-table',
    routes: 'route-table',
    'security-groups': 'security-groups',
    volume: 'master-volume',
    'master-launch': 'master-instance',
    'master-running': 'master-instance',
    'volume-attach': 'master-volume',
    'launch-template': 'node-group',
    'node-group': 'node-group',
    'nodes-running': 'node-group',
    validate: 'validate',
  };

  const work: Record<TaskId, { deps: TaskId[]; run: () => Promise<void> } | undefined> = {
    'elastic-ip': {
      deps: [],
      run: async () => {
        const result = await ensureMasterElasticIp(ctx, cluster);
        elasticIp = result.value;
        tracker.resource(
          'master-instance',
          {
            type: 'elastic-ip',
            id: result.value.AllocationId!,
            name: `${names.masterElasticIp} ${result.value.PublicIp}`,
          },
          result.created,
        );
      },
    },
    bucket: {
      deps: [],
      run: async () => {
        if (plan.ownsBucket) {
          const result = await ensureStagingBucket(ctx, {
            cluster,
            region: config.region,
            accountId: plan.accountId,
            bucket: config.bucket,
            bucketRegion: config.bucketRegion,
          });
          tracker.resource(
            'upload',
            { type: 's3-bucket', id: config.bucket, name: config.bucket },
            result.created,
          );
        } else {
          if (!(await bucketExists(ctx, config.bucket, config.bucketRegion))) {
            throw Object.assign(
              new Error(`bucket ${config.bucket} (AWS_S3_BUCKET) does not exist in ${config.bucketRegion}`),
              {
                name: 'UsageError',
              },
            );
          }
          tracker.detail('upload', `using your bucket ${config.bucket}; only ${cluster}/ in it is written`);
        }
      },
    },
    'log-group': logToCloudWatch
      ? {
          deps: [],
          run: async () => {
            const result = await ensureLogGroup(ctx, cluster);
            tracker.resource(
              'iam',
              { type: 'log-group', id: result.value, name: result.value },
              result.created,
            );
          },
        }
      : undefined,
    bundle: {
      deps: ['elastic-ip', 'volume'],
      run: async () => {
        bootstrap = await hooks.bootstrap({
          plan,
          masterElasticIp: elasticIp!.PublicIp!,
          masterVolumeId: volume!.VolumeId!,
        });
        tracker.detail(
          'upload',
          `bundle ready: ${bootstrap.objects.length} files for ${elasticIp!.PublicIp}`,
        );
      },
    },
    upload: {
      deps: ['bucket', 'bundle'],
      run: async () => {
        // Different keys: the bundle and the first token go up at once.
        await Promise.all([
          uploadObjects(ctx, config.bucket, config.bucketRegion, bootstrap!.objects),
          uploadObjects(ctx, config.bucket, config.bucketRegion, bootstrap!.objectsIfAbsent, {
            onlyIfAbsent: true,
          }),
        ]);
        tracker.changed('upload');
        tracker.detail(
          'upload',
          `uploaded ${bootstrap!.objects.length} files to s3://${config.bucket}/${cluster}/`,
        );
      },
    },
    'master-role': {
      deps: [],
      run: async () => {
        masterRole = await ensureRole(
          names.masterRole,
          masterPolicy(config, plan.accountId),
          `control plane of cluster ${cluster} in ${config.region}`,
        );
      },
    },
    'node-role': {
      deps: [],
      run: async () => {
        nodeRole = await ensureRole(
          names.nodeRole,
          nodePolicy(config, plan.accountId),
          `nodes of cluster ${cluster} in ${config.region}`,
        );
      },
    },
    'key-pair': {
      deps: [],
      run: async () => {
        const key = await hooks.loadSshKey();
        const result = await ensureKeyPair(ctx, cluster, key);
        keyName = result.value.KeyName!;
        tracker.resource('key-pair', { type: 'key-pair', id: keyName, name: keyName }, result.created);
      },
    },
    vpc: {
      deps: [],
      run: async () => {
        if (sharedVpc) return adoptShared('vpc', 'vpc', config.vpcId!, 'VPC');
        const result = await ensureVpc(ctx, cluster);
        vpcId = result.value.VpcId!;
        tracker.resource('vpc', { type: 'vpc', id: vpcId, name: names.vpc }, result.created);
      },
    },
    subnet: {
      deps: ['vpc'],
      run: async () => {
        if (sharedSubnet) return adoptShared('subnet', 'subnet', config.subnetId!, 'subnet');
        const result = await ensureSubnet(ctx, {
          cluster,
          vpcId: vpcId!,
          zone: config.zone,
          cidr: plan.subnetCidr!,
        });
        subnetId = result.value.SubnetId!;
        tracker.resource('subnet', { type: 'subnet', id: subnetId, name: names.subnet }, result.created);
      },
    },
    'internet-gateway': {
      deps: ['vpc'],
      run: async () => {
        const result = await ensureInternetGateway(ctx, { cluster, vpcId: vpcId!, sharedVpc });
        internetGatewayId = result.value.InternetGatewayId!;
        const name = result.owned ? names.internetGateway : 'existing, shared';
        tracker.resource(
          'internet-gateway',
          { type: 'internet-gateway', id: internetGatewayId, name },
          result.created,
        );
        if (!result.owned)
          tracker.skipReason('internet-gateway', `using the VPC's gateway ${internetGatewayId} (shared)`);
      },
    },
    // The table needs only the VPC, so it is made while the subnet and the gateway are; its route
    // and association follow once they exist (before, all four calls waited for both).
    'route-table': sharedSubnet
      ? {
          deps: [],
          run: async () =>
            tracker.skipReason('route-table', `using the route table of your subnet ${config.subnetId}`),
        }
      : {
          deps: ['vpc'],
          run: async () => {
            const result = await ensureRouteTable(ctx, {
              cluster,
              vpcId: vpcId!,
              clientToken: clientToken('route-table', cluster, runId),
            });
            routeTable = result.value;
            tracker.resource(
              'route-table',
              { type: 'route-table', id: result.value.RouteTableId!, name: names.routeTable },
              result.created,
            );
          },
        },
    routes: sharedSubnet
      ? undefined
      : {
          deps: ['route-table', 'subnet', 'internet-gateway'],
          run: async () => {
            await routeSubnetThroughGateway(ctx, routeTable!, {
              subnetId: subnetId!,
              internetGatewayId: internetGatewayId!,
            });
          },
        },
    'security-groups': {
      deps: ['vpc'],
      run: async () => {
        const [masterGroup, nodeGroup] = await Promise.all([
          ensureSecurityGroup(ctx, {
            cluster,
            vpcId: vpcId!,
            groupName: names.masterSecurityGroup,
            description: `Kubernetes security group applied to master nodes of ${cluster}`,
          }),
          ensureSecurityGroup(ctx, {
            cluster,
            vpcId: vpcId!,
            groupName: names.nodeSecurityGroup,
            description: `Kubernetes security group applied to minion nodes of ${cluster}`,
          }),
        ]);
        masterGroupId = masterGroup.value.GroupId!;
        nodeGroupId = nodeGroup.value.GroupId!;
        tracker.resource(
          'security-groups',
          { type: 'security-group', id: masterGroupId, name: names.masterSecurityGroup },
          masterGroup.created,
        );
        tracker.resource(
          'security-groups',
          { type: 'security-group', id: nodeGroupId, name: names.nodeSecurityGroup },
          nodeGroup.created,
        );
        const groups = { master: masterGroupId, node: nodeGroupId };
        const cidrs = { ssh: config.sshCidr, api: config.apiCidr };
        const added = (
          await Promise.all([
            ensureIngress(ctx, masterGroup.value, masterIngress(groups, cidrs)),
            ensureIngress(ctx, nodeGroup.value, nodeIngress(groups, cidrs)),
          ])
        ).reduce((sum, count) => sum + count, 0);
        if (added > 0) {
          tracker.changed('security-groups');
          tracker.detail(
            'security-groups',
            `added ${added} ingress rules (SSH from ${config.sshCidr}, API from ${config.apiCidr})`,
          );
        }
      },
    },
    volume: {
      deps: [],
      run: async () => {
        const result = await ensureMasterVolume(ctx, {
          cluster,
          zone: config.zone,
          type: config.masterDiskType,
          sizeGiB: config.masterDiskSize,
          clientToken: clientToken('volume', cluster, runId),
        });
        volume = result.value;
        tracker.resource(
          'master-volume',
          { type: 'volume', id: volume.VolumeId!, name: names.masterVolume },
          result.created,
        );
        tracker.detail('master-volume', `${result.created ? 'created' : 'found'}, waiting for the master`);
      },
    },
    'master-launch': {
      deps: [
        'subnet',
        'route-table',
        'routes',
        'security-groups',
        'master-role',
        'key-pair',
        'upload',
        'volume',
      ],
      run: async () => {
        const result = await ensureMaster(ctx, {
          cluster,
          imageId: config.image,
          rootDeviceName: plan.imageInfo.rootDeviceName,
          instanceType: config.masterSize,
          keyName: keyName!,
          subnetId: subnetId!,
          privateIp: plan.masterPrivateIp,
          securityGroupId: masterGroupId!,
          instanceProfileName: masterRole!.profileName,
          userData: bootstrap!.userData.master,
          clientToken: clientToken('master', cluster, runId),
        });
        master = result.value;
        tracker.resource(
          'master-instance',
          { type: 'instance', id: master.InstanceId!, name: names.masterInstance },
          result.created,
        );
      },
    },
    'master-running': {
      deps: ['master-launch', 'elastic-ip'],
      run: async () => {
        tracker.detail('master-instance', `waiting for ${master!.InstanceId} to run`);
        [master] = await waitUntilRunning(ctx, [master!.InstanceId!]);
        if (await associateElasticIp(ctx, elasticIp!, master!.InstanceId!)) {
          tracker.changed('master-instance');
          tracker.detail('master-instance', `associated ${elasticIp!.PublicIp} with ${master!.InstanceId}`);
        }
      },
    },
    'volume-attach': {
      deps: ['volume', 'master-running'],
      run: async () => {
        if (await attachMasterVolume(ctx, volume!, master!.InstanceId!)) {
          tracker.changed('master-volume');
          tracker.detail('master-volume', `attached ${volume!.VolumeId} to ${master!.InstanceId}`);
        }
      },
    },
    'launch-template': {
      deps: ['security-groups', 'node-role', 'key-pair', 'upload'],
      run: async () => {
        const result = await ensureLaunchTemplate(ctx, {
          cluster,
          imageId: config.image,
          rootDeviceName: plan.imageInfo.rootDeviceName,
          instanceType: config.nodeSize,
          keyName: keyName!,
          securityGroupId: nodeGroupId!,
          instanceProfileName: nodeRole!.profileName,
          userData: bootstrap!.userData.node,
          clientToken: clientToken('template', cluster, runId),
        });
        launchTemplate = {
          id: result.value.LaunchTemplateId!,
          version: String(result.value.LatestVersionNumber ?? 1),
        };
        tracker.resource(
          'node-group',
          { type: 'launch-template', id: launchTemplate.id, name: names.launchTemplate },
          result.created,
        );
      },
    },
    // After the master's RunInstances returned, so no node can take the master's fixed address.
    'node-group': {
      deps: ['launch-template', 'master-launch', 'subnet', 'route-table', 'routes'],
      run: async () => {
        const result = await ensureAutoScalingGroup(ctx, {
          cluster,
          launchTemplateId: launchTemplate!.id,
          launchTemplateVersion: launchTemplate!.version,
          subnetId: subnetId!,
          nodes: config.nodes,
        });
        tracker.resource(
          'node-group',
          {
            type: 'auto-scaling-group',
            id: names.autoScalingGroup,
            name: `${names.autoScalingGroup} (${config.nodes} nodes)`,
          },
          result.created,
        );
      },
    },
    'nodes-running': {
      deps: ['node-group'],
      run: async () => {
        tracker.detail('node-group', `waiting for ${config.nodes} nodes to be in service`);
        nodeIds = await waitForNodes(ctx, names.autoScalingGroup);
        for (const id of nodeIds)
          tracker.detail('node-group', `node ${id} in service`, {
            type: 'instance',
            id,
            name: names.nodeInstance,
          });
      },
    },
    validate: {
      deps: ['master-running', 'volume-attach', 'nodes-running', 'upload'],
      run: async () => {
        const [runningMaster, ...nodes] = await waitUntilRunning(ctx, [master!.InstanceId!, ...nodeIds]);
        tracker.detail('validate', `master and ${nodes.length} nodes running`);
        if (hooks.writeKubeconfig) {
          const written = await hooks.writeKubeconfig({ plan, masterElasticIp: elasticIp!.PublicIp! });
          kubeconfig = written.path;
          kubeconfigContext = written.context;
          tracker.detail('validate', `kubeconfig context ${written.context} written to ${written.path}`);
        }
        if (plan.emulator || !hooks.validateCluster) {
          // The emulator's instances run nothing: there is no API server and no boot to watch.
          hooks.onEvent({ type: 'log', level: 'info', message: EMULATOR_VALIDATION_NOTE });
        } else {
          await hooks.validateCluster({
            plan,
            master: runningMaster!,
            nodes,
            masterElasticIp: elasticIp!.PublicIp!,
            onStatus: (status) => hooks.onEvent({ type: 'instance-boot', status }),
            onProgress: (message) => tracker.detail('validate', message),
          });
        }
      },
    },
  };

  const tasks: GraphTask<TaskId>[] = [];
  for (const [id, task] of Object.entries(work) as [TaskId, (typeof work)[TaskId]][]) {
    if (!task) continue;
    tasks.push({
      id,
      deps: task.deps.filter((dep) => work[dep] !== undefined),
      run: async () => {
        ctx.signal?.throwIfAborted();
        tracker.start(taskSteps[id]);
        await task.run();
        tracker.finishTask(taskSteps[id]);
      },
    });
  }
  const tracker = new StepTracker(
    tasks.map((task) => taskSteps[task.id]),
    hooks.onEvent,
  );

  try {
    await runGraph(tasks, hooks.onTaskTiming);
  } catch (error) {
    const cause = error instanceof GraphError ? error.cause : error;
    const step = error instanceof GraphError ? taskSteps[error.taskId as TaskId] : 'validate';
    const classified = classifyError(cause);
    hooks.onEvent({ type: 'step-failed', step, error: classified });
    throw new ProvisionError(step, classified, tracker.all());
  }

  return {
    cluster,
    region: config.region,
    resources: tracker.all(),
    ...(kubeconfig ? { kubeconfig } : {}),
    ...(kubeconfigContext ? { kubeconfigContext } : {}),
    ...(elasticIp?.PublicIp ? { masterPublicIp: elasticIp.PublicIp } : {}),
    sshUser: sshUserFor(config.os),
    elapsedMs: Date.now() - started,
  };
}
