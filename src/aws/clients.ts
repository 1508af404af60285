// One factory for every AWS client the engine uses: the pool's shared settings (client-pool.ts),
// one client per service and region.
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { ClientPool } from './client-pool.js';

export class AwsClients extends ClientPool {
  private singleAttempt?: AwsClients;

  /**
   * Clients that never retry on their own, for creates AWS would happily duplicate (a VPC, an
   * Elastic IP): after a lost answer the engine looks for the resource before it tries again.
   */
  withoutRetries(): AwsClients {
    this.singleAttempt ??= new AwsClients(
      { ...this.options, maxAttempts: 1 },
      { credentials: this.credentials },
    );
    return this.singleAttempt;
  }

  ec2(region = this.region): EC2Client {
    return this.client(EC2Client, 'ec2', region);
  }
  autoScaling(region = this.region): AutoScalingClient {
    return this.client(AutoScalingClient, 'autoscaling', region);
  }
  s3(region = this.region): S3Client {
    return this.client(S3Client, 's3', region);
  }
  iam(): IAMClient {
    return this.client(IAMClient, 'iam', this.region);
  }
  elb(region = this.region): ElasticLoadBalancingClient {
    return this.client(ElasticLoadBalancingClient, 'elasticloadbalancing', region);
  }
  elbv2(region = this.region): ElasticLoadBalancingV2Client {
    return this.client(ElasticLoadBalancingV2Client, 'elbv2', region);
  }
  logs(region = this.region): CloudWatchLogsClient {
    return this.client(CloudWatchLogsClient, 'logs', region);
  }

  override destroy(): void {
    super.destroy();
    this.singleAttempt?.destroy();
  }
}
