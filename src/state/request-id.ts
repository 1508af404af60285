// Ids for the requests the flows make (a plan, a scan, a provisioning run, a discovery): unique
// within the process, so an answer is matched to the request that asked for it, and a screen
// entered again always makes a request no flow has seen.
let lastRequestId = 0;

export function newRequestId(): number {
  lastRequestId += 1;
  return lastRequestId;
}
