// What the engine uses of the Kubernetes side: the bundle and user data, the kubeconfig, the
// cluster's secrets. One module, imported lazily: it holds yaml and node-forge, which no plan needs,
// so a new process loads them while the plan's calls are in flight rather than before the first.
export { buildBundle, userData } from './bundle.js';
export {
  checkKubeconfig,
  contextNames,
  findClusterContexts,
  KubeconfigSyntaxError,
  kubeconfigWriteTarget,
  mergeKubeconfig,
  removeKubeconfigContext,
} from './kubeconfig.js';
export { loadOrCreateSecrets, readSecrets, removeSecrets, safeSecretsDir, secretsDir } from './secrets.js';
