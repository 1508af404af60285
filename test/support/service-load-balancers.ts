// What the AWS cloud controller manager makes for a cluster's `type: LoadBalancer` Services, built
// through the SDK alone: a classic ELB with its own security group, and an NLB with a target group
// and listener, all tagged `kubernetes.io/cluster/<C>=owned`.
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand as CreateClassicLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from '../../src/aws/clients.js';

/** A Service of type LoadBalancer, as the AWS cloud controller manager makes it: a classic ELB and an NLB. */
export async function makeServiceLoadBalancers(
  clients: AwsClients,
  cluster: string,
  vpcId: string,
  subnetId: string,
  /** The cluster's node group: the cloud controller lets the ELB's group reach it (a cross-group rule). */
  nodeGroupId?: string,
) {
  const ec2 = clients.ec2();
  const clusterTag = { Key: `kubernetes.io/cluster/${cluster}`, Value: 'owned' };
  const group = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: `k8s-elb-a1b2c3`,
      Description: 'Security group for Kubernetes ELB a1b2c3 (default/web)',
      VpcId: vpcId,
      TagSpecifications: [{ ResourceType: 'security-group', Tags: [clusterTag] }],
    }),
  );
  if (nodeGroupId) {
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: nodeGroupId,
        IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: group.GroupId }] }],
      }),
    );
  }
  await clients.elb().send(
    new CreateClassicLoadBalancerCommand({
      LoadBalancerName: 'a1b2c3',
      Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 80, InstanceProtocol: 'TCP', InstancePort: 30080 }],
      Subnets: [subnetId],
      SecurityGroups: [group.GroupId!],
      Tags: [clusterTag, { Key: 'kubernetes.io/service-name', Value: 'default/web' }],
    }),
  );
  const nlb = await clients.elbv2().send(
    new CreateLoadBalancerCommand({
      Name: 'k8s-default-api-d4e5f6',
      Type: 'network',
      Subnets: [subnetId],
      Tags: [clusterTag],
    }),
  );
  const target = await clients.elbv2().send(
    new CreateTargetGroupCommand({
      Name: 'k8s-default-api-tg',
      Protocol: 'TCP',
      Port: 30443,
      VpcId: vpcId,
      TargetType: 'instance',
      Tags: [clusterTag],
    }),
  );
  const nlbArn = nlb.LoadBalancers![0]!.LoadBalancerArn!;
  const targetGroupArn = target.TargetGroups![0]!.TargetGroupArn!;
  await clients.elbv2().send(
    new CreateListenerCommand({
      LoadBalancerArn: nlbArn,
      Protocol: 'TCP',
      Port: 443,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
    }),
  );
  return { classicName: 'a1b2c3', groupId: group.GroupId!, nlbArn, targetGroupArn };
}
