// Node logging (kube-up's KUBE_ENABLE_NODE_LOGGING): a Fluent Bit DaemonSet that tails container
// logs on every node, master included, and ships them either to the in-cluster Elasticsearch or to
// the CloudWatch Logs group /kube-tui/<C> (which the provisioning engine creates). For CloudWatch it
// runs on the host network so that it can reach IMDS (hop limit 1) for the instance role's credentials.
import type { LoggingDestination } from '../../model/config.js';
import { IMAGES } from '../versions.js';
import { ELASTICSEARCH_SERVICE } from './logging.js';

export interface FluentBitOptions {
  cluster: string;
  region: string;
  destination: LoggingDestination;
}

function output(options: FluentBitOptions): string {
  if (options.destination === 'cloudwatch') {
    return `    [OUTPUT]
        Name              cloudwatch_logs
        Match             kube.*
        region            ${options.region}
        log_group_name    /kube-tui/${options.cluster}
        log_stream_prefix \${NODE_NAME}.
        auto_create_group Off
        Retry_Limit       False`;
  }
  return `    [OUTPUT]
        Name               es
        Match              kube.*
        Host               ${ELASTICSEARCH_SERVICE}.kube-system.svc
        Port               9200
        Logstash_Format    On
        Logstash_Prefix    logstash
        Replace_Dots       On
        Suppress_Type_Name On
        Retry_Limit        False`;
}

export function fluentBitManifest(options: FluentBitOptions): string {
  const hostNetwork = options.destination === 'cloudwatch';
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: fluent-bit
  namespace: kube-system
  labels:
    k8s-app: fluent-bit
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: fluent-bit
  labels:
    k8s-app: fluent-bit
rules:
- apiGroups: [""]
  resources: [namespaces, pods]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: fluent-bit
  labels:
    k8s-app: fluent-bit
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: fluent-bit
subjects:
- kind: ServiceAccount
  name: fluent-bit
  namespace: kube-system
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: fluent-bit-config
  namespace: kube-system
  labels:
    k8s-app: fluent-bit
data:
  fluent-bit.conf: |
    [SERVICE]
        Flush         5
        Log_Level     info
        Daemon        off
        Parsers_File  /fluent-bit/etc/parsers.conf
        HTTP_Server   On
        HTTP_Listen   0.0.0.0
        HTTP_Port     2020
        Health_Check  On

    [INPUT]
        Name              tail
        Tag               kube.*
        Path              /var/log/containers/*.log
        multiline.parser  cri, docker
        DB                /var/lib/fluent-bit/containers.db
        Mem_Buf_Limit     16MB
        Skip_Long_Lines   On
        Refresh_Interval  10

    [FILTER]
        Name                kubernetes
        Match               kube.*
        Kube_URL            https://kubernetes.default.svc:443
        Merge_Log           On
        Keep_Log            Off
        K8S-Logging.Parser  On
        K8S-Logging.Exclude On

${output(options)}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluent-bit
  namespace: kube-system
  labels:
    k8s-app: fluent-bit
spec:
  selector:
    matchLabels:
      k8s-app: fluent-bit
  template:
    metadata:
      labels:
        k8s-app: fluent-bit
    spec:
      serviceAccountName: fluent-bit
      priorityClassName: system-node-critical
      hostNetwork: ${hostNetwork}
      dnsPolicy: ${hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst'}
      tolerations:
      - operator: Exists
      containers:
      - name: fluent-bit
        image: ${IMAGES.fluentBit}
        env:
        - name: NODE_NAME
          valueFrom:
            fieldRef:
              fieldPath: spec.nodeName
        resources:
          requests:
            cpu: 50m
            memory: 64Mi
          limits:
            memory: 256Mi
        livenessProbe:
          httpGet:
            path: /api/v1/health
            port: 2020
        volumeMounts:
        - name: config
          mountPath: /fluent-bit/etc/fluent-bit.conf
          subPath: fluent-bit.conf
        - name: varlog
          mountPath: /var/log
          readOnly: true
        - name: state
          mountPath: /var/lib/fluent-bit
      volumes:
      - name: config
        configMap:
          name: fluent-bit-config
      - name: varlog
        hostPath:
          path: /var/log
      - name: state
        hostPath:
          path: /var/lib/fluent-bit
          type: DirectoryOrCreate
`;
}
