// Cluster logging (kube-up's KUBE_ENABLE_CLUSTER_LOGGING): a single small Elasticsearch and a Kibana
// in kube-system, under kube-up's names. Elasticsearch keeps its data in an emptyDir as kube-up's
// did, so logs survive a container restart but not the pod's rescheduling. Security is off: both are
// ClusterIP services, reached through the API server proxy (Kibana's base path is set for it).
import { IMAGES } from '../versions.js';

export const ELASTICSEARCH_SERVICE = 'elasticsearch-logging';
export const KIBANA_SERVICE = 'kibana-logging';

export function clusterLoggingManifest(): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${ELASTICSEARCH_SERVICE}
  namespace: kube-system
  labels:
    k8s-app: ${ELASTICSEARCH_SERVICE}
spec:
  selector:
    k8s-app: ${ELASTICSEARCH_SERVICE}
  ports:
  - name: db
    port: 9200
    protocol: TCP
    targetPort: db
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${ELASTICSEARCH_SERVICE}
  namespace: kube-system
  labels:
    k8s-app: ${ELASTICSEARCH_SERVICE}
spec:
  serviceName: ${ELASTICSEARCH_SERVICE}
  replicas: 1
  selector:
    matchLabels:
      k8s-app: ${ELASTICSEARCH_SERVICE}
  template:
    metadata:
      labels:
        k8s-app: ${ELASTICSEARCH_SERVICE}
    spec:
      securityContext:
        fsGroup: 1000
      containers:
      - name: elasticsearch
        image: ${IMAGES.elasticsearch}
        env:
        - name: discovery.type
          value: single-node
        - name: xpack.security.enabled
          value: "false"
        - name: node.store.allow_mmap
          value: "false"
        - name: ES_JAVA_OPTS
          value: -Xms512m -Xmx512m
        ports:
        - name: db
          containerPort: 9200
          protocol: TCP
        readinessProbe:
          httpGet:
            path: /_cluster/health?local=true
            port: db
          initialDelaySeconds: 20
          periodSeconds: 10
        resources:
          requests:
            cpu: 100m
            memory: 1Gi
          limits:
            memory: 1536Mi
        volumeMounts:
        - name: data
          mountPath: /usr/share/elasticsearch/data
      volumes:
      - name: data
        emptyDir: {}
---
apiVersion: v1
kind: Service
metadata:
  name: ${KIBANA_SERVICE}
  namespace: kube-system
  labels:
    k8s-app: ${KIBANA_SERVICE}
spec:
  selector:
    k8s-app: ${KIBANA_SERVICE}
  ports:
  - name: ui
    port: 5601
    protocol: TCP
    targetPort: ui
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${KIBANA_SERVICE}
  namespace: kube-system
  labels:
    k8s-app: ${KIBANA_SERVICE}
spec:
  replicas: 1
  selector:
    matchLabels:
      k8s-app: ${KIBANA_SERVICE}
  template:
    metadata:
      labels:
        k8s-app: ${KIBANA_SERVICE}
    spec:
      containers:
      - name: kibana
        image: ${IMAGES.kibana}
        env:
        - name: ELASTICSEARCH_HOSTS
          value: http://${ELASTICSEARCH_SERVICE}:9200
        - name: SERVER_NAME
          value: ${KIBANA_SERVICE}
        - name: SERVER_BASEPATH
          value: /api/v1/namespaces/kube-system/services/${KIBANA_SERVICE}/proxy
        - name: SERVER_REWRITEBASEPATH
          value: "false"
        - name: NODE_OPTIONS
          value: --max-old-space-size=512
        ports:
        - name: ui
          containerPort: 5601
          protocol: TCP
        resources:
          requests:
            cpu: 100m
            memory: 512Mi
          limits:
            memory: 1Gi
`;
}
