// The AWS EBS CSI driver (PersistentVolumes as EBS volumes) and a default gp3 StorageClass. From
// aws-ebs-csi-driver v1.61.1 (the image's tag) deploy/kubernetes/base: its RBAC rule for rule, its
// sidecars' images and arguments; trimmed: no snapshot sidecar (no snapshot CRDs here), one
// controller replica (one master). test/unit/ebs-csi-upstream.test.ts holds the comparison.
// The controller runs on the master with host networking, so it uses the master's instance role
// through IMDS (hop limit 1); the node plugin falls back to the Node object for its metadata.
// Volumes it makes carry kubernetes.io/cluster/<C>=owned, which teardown looks for.
import { IMAGES } from '../versions.js';

const SOCKET_DIR = '/var/lib/csi/sockets/pluginproxy/';

function sidecar(name: string, image: string, args: string[]): string {
  return `      - name: ${name}
        image: ${image}
        args:
${args.map((arg) => `        - ${arg}`).join('\n')}
        env:
        - name: ADDRESS
          value: ${SOCKET_DIR}csi.sock
        volumeMounts:
        - name: socket-dir
          mountPath: ${SOCKET_DIR}
        resources:
          requests:
            cpu: 10m
            memory: 40Mi
          limits:
            memory: 256Mi
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true`;
}

export function ebsCsiManifest(cluster: string, region: string): string {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ebs-csi-controller-sa
  namespace: kube-system
  labels:
    app.kubernetes.io/name: aws-ebs-csi-driver
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ebs-csi-node-sa
  namespace: kube-system
  labels:
    app.kubernetes.io/name: aws-ebs-csi-driver
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ebs-external-provisioner-role
  labels:
    app.kubernetes.io/name: aws-ebs-csi-driver
rules:
- apiGroups: [""]
  resources: [persistentvolumes]
  verbs: [get, list, watch, create, patch, delete]
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  verbs: [get, list, watch, update]
- apiGroups: [storage.k8s.io]
  resources: [storageclasses]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [events]
  verbs: [list, watch, create, update, patch]
- apiGroups: [snapshot.storage.k8s.io]
  resources: [volumesnapshots]
  verbs: [get, list, watch, update]
- apiGroups: [snapshot.storage.k8s.io]
  resources: [volumesnapshotcontents]
  verbs: [get, list]
- apiGroups: [storage.k8s.io]
  resources: [csinodes]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [nodes]
  verbs: [get, list, watch]
- apiGroups: [storage.k8s.io]
  resources: [volumeattachments]
  verbs: [get, list, watch]
- apiGroups: [storage.k8s.io]
  resources: [volumeattributesclasses]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ebs-external-attacher-role
  labels:
    app.kubernetes.io/name: aws-ebs-csi-driver
rules:
- apiGroups: [""]
  resources: [persistentvolumes]
  verbs: [get, list, watch, patch]
- apiGroups: [storage.k8s.io]
  resources: [csinodes]
  verbs: [get, list, watch]
- apiGroups: [storage.k8s.io]
  resources: [volumeattachments]
  verbs: [get, list, watch, patch]
- apiGroups: [storage.k8s.io]
  resources: [volumeattachments/status]
  verbs: [patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ebs-external-resizer-role
  labels:
    app.kubernetes.io/name: aws-ebs-csi-driver
rules:
- apiGroups: [""]
  resources: [persistentvolumes]
  verbs: [get, list, watch, patch]
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [persistentvolumeclaims/status]
  verbs: [patch]
- apiGroups: [""]
  resources: [events]
  verbs: [list, watch, create, update, patch]
- apiGroups: [storage.k8s.io]
  resources: [volumeattributesclasses]
  verbs: [get, list, watch]
---
# The node plugin reads its zone and instance from the Node object when IMDS is out of its reach
# (hop limit 1, pod network), and patches the Node; both need these verbs.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ebs-csi-node-role
  labels:
    app.kubernetes.io/name: aws-ebs-csi-driver
rules:
- apiGroups: [storage.k8s.io]
  resources: [volumeattachments]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [nodes]
  verbs: [get]
- apiGroups: [""]
  resources: [nodes]
  verbs: [patch, list, watch]
- apiGroups: [storage.k8s.io]
  resources: [csinodes]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ebs-csi-leases-role
  namespace: kube-system
  labels:
    app.kubernetes.io/name: aws-ebs-csi-driver
rules:
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [get, watch, list, delete, update, create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ebs-csi-provisioner-binding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ebs-external-provisioner-role
subjects:
- kind: ServiceAccount
  name: ebs-csi-controller-sa
  namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ebs-csi-attacher-binding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ebs-external-attacher-role
subjects:
- kind: ServiceAccount
  name: ebs-csi-controller-sa
  namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ebs-csi-resizer-binding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ebs-external-resizer-role
subjects:
- kind: ServiceAccount
  name: ebs-csi-controller-sa
  namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ebs-csi-node-getter-binding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ebs-csi-node-role
subjects:
- kind: ServiceAccount
  name: ebs-csi-node-sa
  namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ebs-csi-leases-rolebinding
  namespace: kube-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ebs-csi-leases-role
subjects:
- kind: ServiceAccount
  name: ebs-csi-controller-sa
  namespace: kube-system
---
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: ebs.csi.aws.com
  labels:
    app.kubernetes.io/name: aws-ebs-csi-driver
spec:
  attachRequired: true
  podInfoOnMount: false
  nodeAllocatableUpdatePeriodSeconds: 10
  fsGroupPolicy: File
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: ebs-gp3
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: ebs.csi.aws.com
volumeBindingMode: WaitForFirstConsumer
allowVolumeExpansion: true
reclaimPolicy: Delete
parameters:
  type: gp3
  encrypted: "true"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ebs-csi-controller
  namespace: kube-system
  labels:
    app.kubernetes.io/name: aws-ebs-csi-driver
spec:
  replicas: 1
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app: ebs-csi-controller
      app.kubernetes.io/name: aws-ebs-csi-driver
  template:
    metadata:
      labels:
        app: ebs-csi-controller
        app.kubernetes.io/name: aws-ebs-csi-driver
    spec:
      nodeSelector:
        kubernetes.io/os: linux
        node-role.kubernetes.io/control-plane: ""
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        effect: NoSchedule
      - key: CriticalAddonsOnly
        operator: Exists
      hostNetwork: true
      dnsPolicy: ClusterFirstWithHostNet
      serviceAccountName: ebs-csi-controller-sa
      priorityClassName: system-cluster-critical
      securityContext:
        fsGroup: 1000
        runAsGroup: 1000
        runAsNonRoot: true
        runAsUser: 1000
      containers:
      - name: ebs-plugin
        image: ${IMAGES.ebsCsiDriver}
        args:
        - controller
        - --endpoint=$(CSI_ENDPOINT)
        - --batching=true
        - --k8s-tag-cluster-id=${cluster}
        - --logging-format=text
        - --v=2
        env:
        - name: CSI_ENDPOINT
          value: unix://${SOCKET_DIR}csi.sock
        - name: CSI_NODE_NAME
          valueFrom:
            fieldRef:
              fieldPath: spec.nodeName
        - name: AWS_REGION
          value: ${region}
        volumeMounts:
        - name: socket-dir
          mountPath: ${SOCKET_DIR}
        ports:
        - name: healthz
          containerPort: 9808
          protocol: TCP
        livenessProbe:
          httpGet:
            path: /healthz
            port: healthz
          initialDelaySeconds: 10
          timeoutSeconds: 3
          periodSeconds: 10
          failureThreshold: 5
        resources:
          requests:
            cpu: 10m
            memory: 40Mi
          limits:
            memory: 256Mi
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
${sidecar('csi-provisioner', IMAGES.csiProvisioner, [
  '--timeout=60s',
  '--csi-address=$(ADDRESS)',
  '--v=2',
  '--feature-gates=Topology=true',
  '--extra-create-metadata',
  '--leader-election=true',
  '--default-fstype=ext4',
  '--kube-api-qps=20',
  '--kube-api-burst=100',
  '--worker-threads=100',
  '--retry-interval-max=30m',
])}
${sidecar('csi-attacher', IMAGES.csiAttacher, [
  '--timeout=6m',
  '--csi-address=$(ADDRESS)',
  '--v=2',
  '--leader-election=true',
  '--kube-api-qps=20',
  '--kube-api-burst=100',
  '--worker-threads=100',
  '--retry-interval-max=5m',
  '--feature-gates=MutableCSINodeAllocatableCount=true',
])}
${sidecar('csi-resizer', IMAGES.csiResizer, [
  '--timeout=60s',
  '--extra-modify-metadata',
  '--csi-address=$(ADDRESS)',
  '--v=2',
  '--handle-volume-inuse-error=false',
  '--leader-election=true',
  '--kube-api-qps=20',
  '--kube-api-burst=100',
  '--workers=100',
  '--retry-interval-max=30m',
])}
      - name: liveness-probe
        image: ${IMAGES.csiLivenessProbe}
        args:
        - --csi-address=/csi/csi.sock
        - --probe-timeout=60s
        volumeMounts:
        - name: socket-dir
          mountPath: /csi
        resources:
          requests:
            cpu: 10m
            memory: 32Mi
          limits:
            memory: 32Mi
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
      volumes:
      - name: socket-dir
        emptyDir: {}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ebs-csi-node
  namespace: kube-system
  labels:
    app.kubernetes.io/name: aws-ebs-csi-driver
spec:
  selector:
    matchLabels:
      app: ebs-csi-node
      app.kubernetes.io/name: aws-ebs-csi-driver
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 10%
  template:
    metadata:
      labels:
        app: ebs-csi-node
        app.kubernetes.io/name: aws-ebs-csi-driver
    spec:
      nodeSelector:
        kubernetes.io/os: linux
      serviceAccountName: ebs-csi-node-sa
      priorityClassName: system-node-critical
      tolerations:
      - operator: Exists
      securityContext:
        fsGroup: 0
        runAsGroup: 0
        runAsNonRoot: false
        runAsUser: 0
      containers:
      - name: ebs-plugin
        image: ${IMAGES.ebsCsiDriver}
        args:
        - node
        - --endpoint=$(CSI_ENDPOINT)
        - --csi-mount-point-prefix=/var/lib/kubelet/plugins/kubernetes.io/csi/ebs.csi.aws.com/
        - --logging-format=text
        - --v=2
        env:
        - name: CSI_ENDPOINT
          value: unix:/csi/csi.sock
        - name: CSI_NODE_NAME
          valueFrom:
            fieldRef:
              fieldPath: spec.nodeName
        - name: AWS_REGION
          value: ${region}
        volumeMounts:
        - name: kubelet-dir
          mountPath: /var/lib/kubelet
          mountPropagation: Bidirectional
        - name: plugin-dir
          mountPath: /csi
        - name: device-dir
          mountPath: /dev
        ports:
        - name: healthz
          containerPort: 9808
          protocol: TCP
        livenessProbe:
          httpGet:
            path: /healthz
            port: healthz
          initialDelaySeconds: 10
          timeoutSeconds: 3
          periodSeconds: 10
          failureThreshold: 5
        resources:
          requests:
            cpu: 10m
            memory: 40Mi
          limits:
            memory: 256Mi
        securityContext:
          privileged: true
          readOnlyRootFilesystem: true
        lifecycle:
          preStop:
            exec:
              command: [/bin/aws-ebs-csi-driver, pre-stop-hook]
      - name: node-driver-registrar
        image: ${IMAGES.csiNodeDriverRegistrar}
        args:
        - --csi-address=$(ADDRESS)
        - --kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)
        - --http-endpoint=0.0.0.0:9809
        - --v=2
        env:
        - name: ADDRESS
          value: /csi/csi.sock
        - name: DRIVER_REG_SOCK_PATH
          value: /var/lib/kubelet/plugins/ebs.csi.aws.com/csi.sock
        ports:
        - name: healthz-ndr
          containerPort: 9809
        livenessProbe:
          httpGet:
            path: /healthz
            port: healthz-ndr
          initialDelaySeconds: 30
          periodSeconds: 90
          timeoutSeconds: 15
        volumeMounts:
        - name: plugin-dir
          mountPath: /csi
        - name: registration-dir
          mountPath: /registration
        - name: probe-dir
          mountPath: /var/lib/kubelet/plugins/ebs.csi.aws.com/
        resources:
          requests:
            cpu: 10m
            memory: 40Mi
          limits:
            memory: 256Mi
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
      - name: liveness-probe
        image: ${IMAGES.csiLivenessProbe}
        args:
        - --csi-address=/csi/csi.sock
        volumeMounts:
        - name: plugin-dir
          mountPath: /csi
        resources:
          requests:
            cpu: 10m
            memory: 40Mi
          limits:
            memory: 256Mi
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
      volumes:
      - name: kubelet-dir
        hostPath:
          path: /var/lib/kubelet
          type: Directory
      - name: plugin-dir
        hostPath:
          path: /var/lib/kubelet/plugins/ebs.csi.aws.com/
          type: DirectoryOrCreate
      - name: registration-dir
        hostPath:
          path: /var/lib/kubelet/plugins_registry/
          type: Directory
      - name: device-dir
        hostPath:
          path: /dev
          type: Directory
      - name: probe-dir
        emptyDir: {}
`;
}
