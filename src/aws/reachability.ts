// The end of kube-up: the API server answers over HTTPS, its certificate checked against the
// cluster's CA, and (with the admin client certificate) says which nodes are Ready. Only on real
// AWS; every wait is bounded and abortable.
import { request } from 'node:https';

/** GET https://<host>:<port>/readyz trusting only the cluster CA; resolves when it answers 200. */
export function apiServerReady(host: string, port: number, caPem: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host, port, path: '/readyz', method: 'GET', ca: caPem, timeout: timeoutMs },
      (response) => {
        response.resume();
        if (response.statusCode === 200) resolve();
        else reject(new Error(`/readyz answered HTTP ${response.statusCode}`));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`/readyz did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Where the API server is and how to talk to it: the cluster CA, and the admin client certificate. */
export interface KubeApiEndpoint {
  host: string;
  port: number;
  caPem: string;
  certPem: string;
  keyPem: string;
}

/** GET a JSON document from the API server as the admin; rejects on anything but HTTP 200. */
export function kubeApiGet<T>(endpoint: KubeApiEndpoint, path: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: endpoint.host,
        port: endpoint.port,
        path,
        method: 'GET',
        ca: endpoint.caPem,
        cert: endpoint.certPem,
        key: endpoint.keyPem,
        headers: { accept: 'application/json' },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200) {
            reject(new Error(`${path} answered HTTP ${response.statusCode}`));
            return;
          }
          try {
            resolve(JSON.parse(body) as T);
          } catch {
            reject(new Error(`${path} answered something that is not JSON`));
          }
        });
        response.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${path} did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
