// When each task of a graph (provisioning's or teardown's) ran: what the benchmark turns into the
// critical path.

export interface TaskTiming<Id extends string = string> {
  id: Id;
  deps: Id[];
  startedAt: number;
  endedAt: number;
  ok: boolean;
}
