// The provisioning task table: every task kube-up's eleven steps (and the validation) are made of,
// each with the step it belongs to, the tasks whose outputs it needs, the resources it plans (what
// `up --dry-run` and the Review screen show) and its run. provision.ts runs the table as a graph;
// plannedSteps reads the same entries, so what is shown is what runs. Every run looks its resource
// up first and creates only what is missing, so a rerun after a crash finishes the job.
import type { Address, Instance, InternetGateway, RouteTable, Volume } from '@aws-sdk/client-ec2';
import type { SshPublicKey } from '../local/ssh-key.js';
import type { InstanceBootStatus } from '../model/boot-status.js';
import type { TaskTiming } from '../model/engine.js';
import { PROVISION_STEPS, type ProvisionListener, STEP_TITLES, type StepId } from '../model/events.js';
import type { ClusterPlan, PlannedResource, PlannedStep } from '../model/plan.js';
import { marketLine, marketNodes, nodeMarket } from '../model/spot.js';
import type { AwsContext } from './context.js';
import type { TableTask } from './graph.js';
import { masterPolicy, nodePolicy } from './iam-policies.js';
import { type ClusterNames, clusterNames } from './naming.js';
import { ensureZoneGroup, ensureZoneSubnet, plannedZone } from './node-zones.js';
import { ensureAutoScalingGroup, groupMarket, waitForNodes } from './resources/auto-scaling-group.js';
import { type Ensured, tagShared } from './resources/common.js';
import { associateElasticIp, ensureMasterElasticIp } from './resources/elastic-ip.js';
import { ensureRoleWithProfile, type RoleWithProfile } from './resources/iam-role.js';
import { ensureMaster, waitUntilRunning } from './resources/instance.js';
import {
  attachClusterGateway,
  ensureClusterGateway,
  ensureInternetGateway,
} from './resources/internet-gateway.js';
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
import { enableVpcDns, ensureVpc } from './resources/vpc.js';
import type { StepReport } from './step-tracker.js';

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

export const EMULATOR_VALIDATION_NOTE =
  'Emulator endpoint: validation stops at "instances running". Boot phases, /readyz, Ready nodes and CoreDNS are checked only on real AWS.';

/** The master's Elastic IP as the tasks after it use it. */
export interface MasterAddress {
  address: Address;
  allocationId: string;
  publicIp: string;
}

/** What each task's run resolves to, by task id: the only way tasks pass facts to each other. */
export interface TaskOutputs {
  'elastic-ip': MasterAddress;
  bucket: undefined;
  bundle: Bootstrap;
  upload: undefined;
  'master-role': RoleWithProfile;
  'node-role': RoleWithProfile;
  'log-group': undefined;
  /** The key pair's name. */
  'key-pair': string;
  /** The VPC: made (`madeNow` on this run), or the user's (VPC_ID). */
  vpc: { id: string; madeNow: boolean };
  /** The VPC's DNS support and hostnames are on (ours; a user's VPC is left as it is). */
  'vpc-dns': undefined;
  /** The subnet's id: made, or the user's (SUBNET_ID). */
  subnet: string;
  /** The gateway: the cluster's own, found or made (not yet attached), or the one of a user's VPC. */
  'internet-gateway': Ensured<InternetGateway> & { attached: boolean };
  /** The id of the gateway the VPC routes through, attached. */
  'gateway-attach': string;
  /** Undefined when the user's subnet keeps its own route table. */
  'route-table': RouteTable | undefined;
  routes: undefined;
  'security-groups': { masterGroupId: string; nodeGroupId: string };
  volume: Volume & { VolumeId: string };
  /** The master's instance id, once RunInstances returned. */
  'master-launch': string;
  /** The master's instance id, once it runs. */
  'master-running': string;
  /** The master holds the Elastic IP. */
  'master-address': undefined;
  'volume-attach': undefined;
  'launch-template': { id: string; version: string };
  'node-group': undefined;
  /** The extra zones' subnet ids, by zone (none without --node-zones). */
  'zone-subnets': Record<string, string>;
  /** The extra zones' group names. */
  'zone-groups': string[];
  /** The node instances' ids, in service. */
  'nodes-running': string[];
  /** The kubeconfig file and the cluster's context in it; undefined when the run writes none. */
  kubeconfig: { path: string; context: string } | undefined;
  validate: undefined;
}

export type TaskId = keyof TaskOutputs;

/** What a task's run gets beside its inputs. */
export interface TaskRun {
  ctx: AwsContext;
  plan: ClusterPlan;
  hooks: ProvisionHooks;
  names: ClusterNames;
  /** A token per run: an SDK retry of a create whose answer was lost gets the same resource back. */
  clientToken: (kind: string) => string;
  /** Events of the task's own step. */
  report: StepReport;
}

/** What `planned` and `when` read: the plan before anything runs. */
export type PlanInput = Pick<ClusterPlan, 'config' | 'keyPairName' | 'internetGatewayId' | 'extraZones'>;

export interface ProvisionTask<Id extends TaskId, Needs extends TaskId>
  extends TableTask<TaskOutputs, Id, Needs, TaskRun> {
  /** The checklist step it belongs to: a step starts with its first task, ends with its last. */
  readonly step: StepId;
  /** The resources it makes, named as they will be in AWS (none when absent). */
  readonly planned?: (plan: PlanInput) => PlannedResource[];
  /**
   * Whether it runs for this configuration (absent: always). Only a task whose output is nothing
   * can be left out, since its dependants then start without it.
   */
  readonly when?: TaskOutputs[Id] extends undefined ? (plan: PlanInput) => boolean : never;
}

export type AnyProvisionTask = {
  [Id in TaskId]: ProvisionTask<Id, TaskId>;
}[TaskId];

// Asserts that the table entry is one typed task: its run's inputs are exactly what it needs.
const task = <Id extends TaskId, const Needs extends TaskId = never>(
  definition: ProvisionTask<Id, Needs>,
): ProvisionTask<Id, Needs> => definition;

/** An answer AWS must carry; naming what was missing beats a crash three tasks later. */
function present<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`AWS returned no ${what}`);
  return value;
}

const ROLES = {
  master: { policy: masterPolicy, purpose: 'control plane' },
  node: { policy: nodePolicy, purpose: 'nodes' },
} as const;

const roleName = ({ config }: PlanInput, role: keyof typeof ROLES) =>
  clusterNames(config.name, config.region)[role === 'master' ? 'masterRole' : 'nodeRole'];

/** A role and its instance profile of one name. */
const plannedRole = (plan: PlanInput, role: keyof typeof ROLES): PlannedResource[] => [
  { type: 'iam-role', name: roleName(plan, role) },
  { type: 'iam-instance-profile', name: roleName(plan, role) },
];

async function ensureRole(run: TaskRun, role: keyof typeof ROLES): Promise<RoleWithProfile> {
  const { config, accountId } = run.plan;
  const name = roleName(run.plan, role);
  const result = await ensureRoleWithProfile(run.ctx, {
    cluster: config.name,
    name,
    policyDocument: ROLES[role].policy(config, accountId),
    description: `kube-tui: ${ROLES[role].purpose} of cluster ${config.name} in ${config.region}`,
  });
  run.report.resource({ type: 'iam-role', id: name, name }, result.created);
  run.report.resource({ type: 'iam-instance-profile', id: name, name }, result.created);
  return result.value;
}

/** A user's VPC or subnet: tagged shared for the cluster and reported as used, not made. */
async function adoptShared(run: TaskRun, type: 'vpc' | 'subnet', id: string, what: string): Promise<string> {
  await tagShared(run.ctx, run.plan.config.name, id);
  run.report.resource({ type, id, name: 'existing, shared' }, false, 'using');
  run.report.skipReason(`using your ${what} ${id} (tagged shared, never deleted)`);
  return id;
}

const TABLE = [
  task({
    id: 'elastic-ip',
    step: 'master-instance',
    needs: [],
    planned: ({ config }) => [
      { type: 'elastic-ip', name: clusterNames(config.name, config.region).masterElasticIp },
    ],
    run: async (_, run) => {
      const result = await ensureMasterElasticIp(run.ctx, run.plan.config.name);
      const allocationId = present(result.value.AllocationId, 'Elastic IP allocation id');
      const publicIp = present(result.value.PublicIp, 'Elastic IP address');
      run.report.resource(
        { type: 'elastic-ip', id: allocationId, name: `${run.names.masterElasticIp} ${publicIp}` },
        result.created,
      );
      return { address: result.value, allocationId, publicIp };
    },
  }),
  task({
    id: 'bucket',
    step: 'upload',
    needs: [],
    planned: ({ config }) => [{ type: 's3-bucket', name: config.bucket }],
    run: async (_, { ctx, plan, report }) => {
      const { config } = plan;
      if (plan.ownsBucket) {
        const result = await ensureStagingBucket(ctx, {
          cluster: config.name,
          region: config.region,
          accountId: plan.accountId,
          bucket: config.bucket,
          bucketRegion: config.bucketRegion,
        });
        report.resource({ type: 's3-bucket', id: config.bucket, name: config.bucket }, result.created);
        return;
      }
      if (!(await bucketExists(ctx, config.bucket, config.bucketRegion))) {
        throw Object.assign(
          new Error(`bucket ${config.bucket} (AWS_S3_BUCKET) does not exist in ${config.bucketRegion}`),
          { name: 'UsageError' },
        );
      }
      report.detail(`using your bucket ${config.bucket}; only ${config.name}/ in it is written`);
    },
  }),
  task({
    id: 'bundle',
    step: 'upload',
    needs: ['elastic-ip', 'volume'],
    run: async ({ 'elastic-ip': elasticIp, volume }, { plan, hooks, report }) => {
      const bootstrap = await hooks.bootstrap({
        plan,
        masterElasticIp: elasticIp.publicIp,
        masterVolumeId: volume.VolumeId,
      });
      report.detail(`bundle ready: ${bootstrap.objects.length} files for ${elasticIp.publicIp}`);
      return bootstrap;
    },
  }),
  task({
    id: 'upload',
    step: 'upload',
    needs: ['bucket', 'bundle'],
    run: async ({ bundle }, { ctx, plan, report }) => {
      const { bucket, bucketRegion, name } = plan.config;
      // Different keys: the bundle and the first token go up at once.
      await Promise.all([
        uploadObjects(ctx, bucket, bucketRegion, bundle.objects),
        uploadObjects(ctx, bucket, bucketRegion, bundle.objectsIfAbsent, { onlyIfAbsent: true }),
      ]);
      report.changed();
      report.detail(`uploaded ${bundle.objects.length} files to s3://${bucket}/${name}/`);
    },
  }),
  task({
    id: 'master-role',
    step: 'iam',
    needs: [],
    planned: (plan) => plannedRole(plan, 'master'),
    run: (_, run) => ensureRole(run, 'master'),
  }),
  task({
    id: 'node-role',
    step: 'iam',
    needs: [],
    planned: (plan) => plannedRole(plan, 'node'),
    run: (_, run) => ensureRole(run, 'node'),
  }),
  task({
    id: 'log-group',
    step: 'iam',
    needs: [],
    when: ({ config }) => config.nodeLogging && config.loggingDestination === 'cloudwatch',
    planned: ({ config }) => [{ type: 'log-group', name: clusterNames(config.name, config.region).logGroup }],
    run: async (_, { ctx, plan, report }) => {
      const result = await ensureLogGroup(ctx, plan.config.name);
      report.resource({ type: 'log-group', id: result.value, name: result.value }, result.created);
    },
  }),
  task({
    id: 'key-pair',
    step: 'key-pair',
    needs: [],
    planned: (plan) => [
      { type: 'key-pair', name: plan.keyPairName ?? 'kubernetes-<fingerprint of the new key>' },
    ],
    run: async (_, { ctx, plan, hooks, report }) => {
      const key = await hooks.loadSshKey();
      const result = await ensureKeyPair(ctx, plan.config.name, key);
      const keyName = present(result.value.KeyName, 'key pair name');
      report.resource({ type: 'key-pair', id: keyName, name: keyName }, result.created);
      return keyName;
    },
  }),
  task({
    id: 'vpc',
    step: 'vpc',
    needs: [],
    planned: ({ config }) => [
      { type: 'vpc', name: config.vpcId ?? clusterNames(config.name, config.region).vpc },
    ],
    run: async (_, run) => {
      const { config } = run.plan;
      if (config.vpcId) return { id: await adoptShared(run, 'vpc', config.vpcId, 'VPC'), madeNow: false };
      const result = await ensureVpc(run.ctx, config.name);
      const vpcId = present(result.value.VpcId, 'VPC id');
      run.report.resource({ type: 'vpc', id: vpcId, name: run.names.vpc }, result.created);
      return { id: vpcId, madeNow: result.created };
    },
  }),
  // Apart from the VPC, so that the subnet, gateway, table and groups need not wait for it: only
  // the instances need DNS hostnames.
  task({
    id: 'vpc-dns',
    step: 'vpc',
    needs: ['vpc'],
    when: ({ config }) => !config.vpcId,
    run: async ({ vpc }, { ctx }) => {
      await enableVpcDns(ctx, vpc.id, { supportAlreadyOn: vpc.madeNow });
    },
  }),
  task({
    id: 'subnet',
    step: 'subnet',
    needs: ['vpc'],
    planned: ({ config }) => [
      { type: 'subnet', name: config.subnetId ?? clusterNames(config.name, config.region).subnet },
    ],
    run: async ({ vpc }, run) => {
      const { config, subnetCidr } = run.plan;
      if (config.subnetId) return adoptShared(run, 'subnet', config.subnetId, 'subnet');
      const result = await ensureSubnet(run.ctx, {
        cluster: config.name,
        vpcId: vpc.id,
        vpcMadeNow: vpc.madeNow,
        zone: config.zone,
        cidr: present(subnetCidr, 'subnet CIDR in the plan'),
      });
      const subnetId = present(result.value.SubnetId, 'subnet id');
      run.report.resource({ type: 'subnet', id: subnetId, name: run.names.subnet }, result.created);
      return subnetId;
    },
  }),
  // The cluster's own gateway does not need its VPC to exist: it is made while the VPC is, and
  // attached once both are there. A user's VPC brings its gateway (found by the plan).
  task({
    id: 'internet-gateway',
    step: 'internet-gateway',
    needs: [],
    planned: ({ config, internetGatewayId }) => [
      {
        type: 'internet-gateway',
        name: internetGatewayId ?? clusterNames(config.name, config.region).internetGateway,
      },
    ],
    run: async (_, { ctx, plan, names, report }) => {
      const { config } = plan;
      if (config.vpcId) {
        const result = await ensureInternetGateway(ctx, {
          cluster: config.name,
          vpcId: config.vpcId,
          sharedVpc: true,
        });
        const gatewayId = present(result.value.InternetGatewayId, 'internet gateway id');
        const name = result.owned ? names.internetGateway : 'existing, shared';
        report.resource({ type: 'internet-gateway', id: gatewayId, name }, result.created);
        if (!result.owned) report.skipReason(`using the VPC's gateway ${gatewayId} (shared)`);
        return { ...result, attached: true };
      }
      const result = await ensureClusterGateway(ctx, { cluster: config.name });
      const gatewayId = present(result.value.InternetGatewayId, 'internet gateway id');
      report.resource(
        { type: 'internet-gateway', id: gatewayId, name: names.internetGateway },
        result.created,
      );
      return { ...result, attached: false };
    },
  }),
  task({
    id: 'gateway-attach',
    step: 'internet-gateway',
    needs: ['vpc', 'internet-gateway'],
    run: async ({ vpc, 'internet-gateway': gateway }, { ctx, plan }) => {
      if (gateway.attached) return present(gateway.value.InternetGatewayId, 'internet gateway id');
      return attachClusterGateway(ctx, {
        cluster: plan.config.name,
        vpcId: vpc.id,
        vpcMayHaveOne: !vpc.madeNow,
        gateway,
      });
    },
  }),
  // The table needs only the VPC, so it is made while the subnet and the gateway are; its route
  // and association follow once they exist.
  task({
    id: 'route-table',
    step: 'route-table',
    needs: ['vpc'],
    planned: ({ config }) =>
      config.subnetId
        ? []
        : [{ type: 'route-table', name: clusterNames(config.name, config.region).routeTable }],
    run: async ({ vpc }, { ctx, plan, names, clientToken, report }) => {
      if (plan.config.subnetId) {
        report.skipReason(`using the route table of your subnet ${plan.config.subnetId}`);
        return undefined;
      }
      const result = await ensureRouteTable(ctx, {
        cluster: plan.config.name,
        vpcId: vpc.id,
        vpcMadeNow: vpc.madeNow,
        clientToken: clientToken('route-table'),
      });
      const routeTableId = present(result.value.RouteTableId, 'route table id');
      report.resource({ type: 'route-table', id: routeTableId, name: names.routeTable }, result.created);
      return result.value;
    },
  }),
  task({
    id: 'routes',
    step: 'route-table',
    needs: ['route-table', 'subnet', 'gateway-attach'],
    when: ({ config }) => !config.subnetId,
    run: async ({ 'route-table': routeTable, subnet, 'gateway-attach': gateway }, { ctx }) => {
      if (!routeTable) return;
      await routeSubnetThroughGateway(ctx, routeTable, { subnetId: subnet, internetGatewayId: gateway });
    },
  }),
  // Each extra zone's subnet, in the cluster's route table (no extra zone with a subnet of the user's).
  task({
    id: 'zone-subnets',
    step: 'subnet',
    needs: ['vpc', 'route-table'],
    planned: ({ extraZones }) => extraZones.map((target) => plannedZone(target).subnet),
    run: async ({ vpc, 'route-table': routeTable }, { ctx, plan, report }) => {
      const subnets: Record<string, string> = {};
      if (plan.extraZones.length === 0) return subnets;
      const table = present(routeTable, "cluster's route table for the zones' subnets");
      await Promise.all(
        plan.extraZones.map(async (target) => {
          subnets[target.zone] = await ensureZoneSubnet(ctx, {
            cluster: plan.config.name,
            vpcId: vpc.id,
            routeTable: table,
            target,
            report: (resource, created) => report.resource(resource, created),
          });
        }),
      );
      return subnets;
    },
  }),
  task({
    id: 'security-groups',
    step: 'security-groups',
    needs: ['vpc'],
    planned: ({ config }) => {
      const names = clusterNames(config.name, config.region);
      return [
        { type: 'security-group', name: names.masterSecurityGroup },
        { type: 'security-group', name: names.nodeSecurityGroup },
      ];
    },
    run: async ({ vpc }, { ctx, plan, names, report }) => {
      const { config } = plan;
      const cluster = config.name;
      const [masterGroup, nodeGroup] = await Promise.all([
        ensureSecurityGroup(ctx, {
          cluster,
          vpcId: vpc.id,
          vpcMadeNow: vpc.madeNow,
          groupName: names.masterSecurityGroup,
          description: `Kubernetes security group applied to master nodes of ${cluster}`,
        }),
        ensureSecurityGroup(ctx, {
          cluster,
          vpcId: vpc.id,
          vpcMadeNow: vpc.madeNow,
          groupName: names.nodeSecurityGroup,
          description: `Kubernetes security group applied to minion nodes of ${cluster}`,
        }),
      ]);
      const masterGroupId = present(masterGroup.value.GroupId, 'security group id');
      const nodeGroupId = present(nodeGroup.value.GroupId, 'security group id');
      report.resource(
        { type: 'security-group', id: masterGroupId, name: names.masterSecurityGroup },
        masterGroup.created,
      );
      report.resource(
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
        report.changed();
        report.detail(
          `added ${added} ingress rules (SSH from ${config.sshCidr}, API from ${config.apiCidr})`,
        );
      }
      return { masterGroupId, nodeGroupId };
    },
  }),
  task({
    id: 'volume',
    step: 'master-volume',
    needs: [],
    planned: ({ config }) => [
      { type: 'volume', name: clusterNames(config.name, config.region).masterVolume },
    ],
    run: async (_, { ctx, plan, names, clientToken, report }) => {
      const { config } = plan;
      const result = await ensureMasterVolume(ctx, {
        cluster: config.name,
        zone: config.zone,
        type: config.masterDiskType,
        sizeGiB: config.masterDiskSize,
        clientToken: clientToken('volume'),
      });
      const volumeId = present(result.value.VolumeId, 'volume id');
      report.resource({ type: 'volume', id: volumeId, name: names.masterVolume }, result.created);
      report.detail(`${result.created ? 'created' : 'found'}, waiting for the master`);
      return { ...result.value, VolumeId: volumeId };
    },
  }),
  task({
    id: 'master-launch',
    step: 'master-instance',
    needs: [
      'vpc',
      'vpc-dns',
      'subnet',
      'route-table',
      'routes',
      'security-groups',
      'master-role',
      'key-pair',
      'bundle',
      'upload',
      'volume',
    ],
    planned: ({ config }) => [
      { type: 'instance', name: clusterNames(config.name, config.region).masterInstance },
    ],
    run: async (inputs, { ctx, plan, names, clientToken, report }) => {
      const { config } = plan;
      const result = await ensureMaster(ctx, {
        cluster: config.name,
        imageId: config.image,
        rootDeviceName: plan.imageInfo.rootDeviceName,
        rootDisk: { type: config.masterRootDiskType, sizeGiB: config.masterRootDiskSize },
        instanceType: config.masterSize,
        keyName: inputs['key-pair'],
        subnetId: inputs.subnet,
        privateIp: plan.masterPrivateIp,
        securityGroupId: inputs['security-groups'].masterGroupId,
        instanceProfileName: inputs['master-role'].profileName,
        userData: inputs.bundle.userData.master,
        clientToken: clientToken('master'),
        vpcMadeNow: inputs.vpc.madeNow,
      });
      const instanceId = present(result.value.InstanceId, 'instance id');
      report.resource({ type: 'instance', id: instanceId, name: names.masterInstance }, result.created);
      return instanceId;
    },
  }),
  task({
    id: 'master-running',
    step: 'master-instance',
    needs: ['master-launch'],
    run: async ({ 'master-launch': masterId }, { ctx, report }) => {
      report.detail(`waiting for ${masterId} to run`);
      await waitUntilRunning(ctx, [masterId]);
      return masterId;
    },
  }),
  // The address and the disk each need only a running master: they go at once.
  task({
    id: 'master-address',
    step: 'master-instance',
    needs: ['master-running', 'elastic-ip'],
    run: async ({ 'master-running': masterId, 'elastic-ip': elasticIp }, { ctx, report }) => {
      if (await associateElasticIp(ctx, elasticIp.address, masterId)) {
        report.changed();
        report.detail(`associated ${elasticIp.publicIp} with ${masterId}`);
      }
    },
  }),
  // kube-up writes the kubeconfig once the master holds its address, before it waits for the
  // nodes: off the critical path, which goes on through the nodes.
  task({
    id: 'kubeconfig',
    step: 'master-instance',
    needs: ['master-address', 'elastic-ip'],
    run: async ({ 'elastic-ip': elasticIp }, { plan, hooks, report }) => {
      if (!hooks.writeKubeconfig) return undefined;
      const kubeconfig = await hooks.writeKubeconfig({ plan, masterElasticIp: elasticIp.publicIp });
      report.detail(`kubeconfig context ${kubeconfig.context} written to ${kubeconfig.path}`);
      return kubeconfig;
    },
  }),
  task({
    id: 'volume-attach',
    step: 'master-volume',
    needs: ['volume', 'master-running'],
    run: async ({ volume, 'master-running': masterId }, { ctx, report }) => {
      if (await attachMasterVolume(ctx, volume, masterId)) {
        report.changed();
        report.detail(`attached ${volume.VolumeId} to ${masterId}`);
      }
    },
  }),
  task({
    id: 'launch-template',
    step: 'node-group',
    needs: ['security-groups', 'node-role', 'key-pair', 'bundle', 'upload'],
    planned: ({ config }) => [
      { type: 'launch-template', name: clusterNames(config.name, config.region).launchTemplate },
    ],
    run: async (inputs, { ctx, plan, names, clientToken, report }) => {
      const { config } = plan;
      const result = await ensureLaunchTemplate(ctx, {
        cluster: config.name,
        imageId: config.image,
        rootDeviceName: plan.imageInfo.rootDeviceName,
        rootDisk: { type: config.nodeRootDiskType, sizeGiB: config.nodeRootDiskSize },
        instanceType: config.nodeSize,
        keyName: inputs['key-pair'],
        securityGroupId: inputs['security-groups'].nodeGroupId,
        instanceProfileName: inputs['node-role'].profileName,
        userData: inputs.bundle.userData.node,
        clientToken: clientToken('template'),
      });
      const id = present(result.value.LaunchTemplateId, 'launch template id');
      report.resource({ type: 'launch-template', id, name: names.launchTemplate }, result.created);
      return { id, version: String(result.value.LatestVersionNumber ?? 1) };
    },
  }),
  // After the master's RunInstances returned, so no node can take the master's fixed address.
  task({
    id: 'node-group',
    step: 'node-group',
    needs: ['launch-template', 'master-launch', 'vpc-dns', 'subnet', 'route-table', 'routes'],
    planned: ({ config }) => [
      { type: 'auto-scaling-group', name: clusterNames(config.name, config.region).autoScalingGroup },
    ],
    run: async ({ 'launch-template': template, subnet }, { ctx, plan, names, report }) => {
      const { config } = plan;
      const market = nodeMarket(config);
      const result = await ensureAutoScalingGroup(ctx, {
        cluster: config.name,
        launchTemplateId: template.id,
        launchTemplateVersion: template.version,
        subnetId: subnet,
        nodes: config.nodes,
        market,
      });
      report.resource(
        {
          type: 'auto-scaling-group',
          id: names.autoScalingGroup,
          name: `${names.autoScalingGroup} (${config.nodes} ${market.kind === 'spot' ? 'spot ' : ''}nodes)`,
        },
        result.created,
      );
      // A rerun keeps the group it finds as it is: say so when it launches in another market.
      const found = groupMarket(result.value);
      if (!result.created && marketLine(found) !== marketLine(market)) {
        report.detail(`kept the existing group's ${marketNodes(found)} (asked: ${marketLine(market)})`);
      }
    },
  }),
  // Every extra zone's group: its template copies the first's, so the zones' nodes boot alike.
  task({
    id: 'zone-groups',
    step: 'node-group',
    needs: ['launch-template', 'vpc-dns', 'zone-subnets', 'routes'],
    planned: ({ extraZones }) => extraZones.flatMap((target) => plannedZone(target).group),
    run: async ({ 'launch-template': template, 'zone-subnets': subnets }, { ctx, plan, report }) =>
      Promise.all(
        plan.extraZones.map((target) =>
          ensureZoneGroup(ctx, {
            cluster: plan.config.name,
            firstTemplateId: template.id,
            subnetId: present(subnets[target.zone], `subnet of ${target.zone}`),
            nodes: plan.config.nodes,
            market: nodeMarket(plan.config),
            target,
            report: (resource, created) => report.resource(resource, created),
          }),
        ),
      ),
  }),
  task({
    id: 'nodes-running',
    step: 'node-group',
    needs: ['node-group', 'zone-groups'],
    run: async ({ 'zone-groups': zoneGroups }, { ctx, plan, names, report }) => {
      const groups = [names.autoScalingGroup, ...zoneGroups];
      report.detail(
        groups.length > 1
          ? `waiting for ${plan.config.nodes} nodes in each of ${groups.length} zones to be in service`
          : `waiting for ${plan.config.nodes} nodes to be in service`,
      );
      const nodeIds = (
        await Promise.all(
          groups.map((group) =>
            waitForNodes(ctx, group, (failure) =>
              report.detail(
                `AWS could not launch nodes${groups.length > 1 ? ` of ${group}` : ''} yet: ${failure}`,
              ),
            ),
          ),
        )
      ).flat();
      for (const id of nodeIds)
        report.detail(`node ${id} in service`, { type: 'instance', id, name: names.nodeInstance });
      return nodeIds;
    },
  }),
  task({
    id: 'validate',
    step: 'validate',
    needs: [
      'master-running',
      'master-address',
      'volume-attach',
      'nodes-running',
      'upload',
      'elastic-ip',
      'kubeconfig',
    ],
    run: async (inputs, { ctx, plan, hooks, report }) => {
      const masterElasticIp = inputs['elastic-ip'].publicIp;
      const [runningMaster, ...nodes] = await waitUntilRunning(ctx, [
        inputs['master-running'],
        ...inputs['nodes-running'],
      ]);
      report.detail(`master and ${nodes.length} nodes running`);
      if (plan.emulator || !hooks.validateCluster) {
        // The emulator's instances run nothing: there is no API server and no boot to watch.
        hooks.onEvent({ type: 'log', level: 'info', message: EMULATOR_VALIDATION_NOTE });
      } else {
        await hooks.validateCluster({
          plan,
          master: present(runningMaster, 'running master'),
          nodes,
          masterElasticIp,
          onStatus: (status) => hooks.onEvent({ type: 'instance-boot', status }),
          onProgress: (message) => report.detail(message),
        });
      }
    },
  }),
];

// Does not compile while a task id of TaskOutputs has no entry in the table.
type Unlisted = Exclude<TaskId, (typeof TABLE)[number]['id']>;

/** Every task, in the order each step lists its resources. */
export const PROVISION_TASKS: readonly AnyProvisionTask[] & ([Unlisted] extends [never] ? unknown : never) =
  TABLE;

/** The tasks that run for this plan. */
export function tasksFor(plan: PlanInput): AnyProvisionTask[] {
  return PROVISION_TASKS.filter((entry) => entry.when?.(plan) ?? true);
}

/** The eleven steps with the resources each makes, named as they will be in AWS: the tasks' plans. */
export function plannedSteps(plan: PlanInput): PlannedStep[] {
  const tasks = tasksFor(plan);
  return PROVISION_STEPS.filter((id) => id !== 'validate').map((id, index) => ({
    step: index + 1,
    id,
    title: STEP_TITLES[id],
    resources: tasks.filter((entry) => entry.step === id).flatMap((entry) => entry.planned?.(plan) ?? []),
  }));
}
